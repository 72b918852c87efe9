"""`crm serve`: the production web server, granian (HTTP parsed and written in Rust) in front of the app.

The app is imported once, in the master, with the language analysis loaded, before the workers are
forked, so every worker shares those pages (as `gunicorn.conf.py` has gunicorn do); each worker then
opens its own database connections. Why granian rather than gunicorn: bench/README.md, "The server".
"""
from __future__ import annotations

import ctypes
import gc
import os

from flask import Flask


def preload() -> None:
    """In the master, once the app is imported and before any worker is forked: load the language
    analysis (unless CRM_LANGUAGE_PRELOAD says not to), then keep the collector from touching (and so
    copying into every worker) the objects made so far, which live for the process's life."""
    from .standards import language

    if language.preload_languages():
        language.preloading.set()  # the workers find it done and start no warm-up thread of their own
        language.warm_up()
    gc.freeze()
    _give_back_freed_memory()


def _give_back_freed_memory() -> None:
    """Hand the C allocator's free pages back to the system before the workers are forked: what the
    preload made and dropped (the parsed model files, the lexicons' compile-time lists) stays mapped
    otherwise, and every worker's RSS counts it (~8 MB; bench/README.md, "Worker memory: compact
    lexicons and models"). glibc only (`malloc_trim`); elsewhere nothing is done."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)


def in_worker(app: Flask) -> Flask:
    """In each forked worker: connections are never shared with the master or a sibling."""
    from .extensions import db

    with app.app_context():
        db.engine.dispose(close=False)
    return app


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)


def serve(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `app` until SIGTERM or Ctrl-C; SIGHUP replaces the workers one by one (forked again from the
    master, so with the code it imported: restart the master to run new code)."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels

    preload()
    server = Granian("crm:create_app()", address=host, port=port, interface=Interfaces.WSGI, http=HTTPModes.http1,
                     workers=workers, blocking_threads=threads, log_level=LogLevels.warning,
                     respawn_failed_workers=True)
    server.serve(target_loader=lambda _target: in_worker(app))
