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


DEFAULT_KEEP_ALIVE = 75  # seconds, as gunicorn.conf.py: longer than the idle timeout of common proxies (60 s)


def http1_settings(keep_alive: int):
    """granian's HTTP/1 settings for an idle keep-alive of `keep_alive` seconds (0: none).

    granian has no idle timeout of its own: its header read timeout runs from the end of one answer
    until the next request's headers have arrived, so it closes a connection left idle that long
    (tests/test_serve.py shows it), and also bounds how slowly a client may send its headers."""
    from granian.http import HTTP1Settings

    if keep_alive <= 0:
        return HTTP1Settings(keep_alive=False)
    return HTTP1Settings(keep_alive=True, header_read_timeout=keep_alive * 1000)


def serve(app: Flask, host: str, port: int, workers: int, threads: int,
          keep_alive: int = DEFAULT_KEEP_ALIVE) -> None:
    """Serve `app` until SIGTERM or Ctrl-C; SIGHUP replaces the workers one by one (forked again from the
    master, so with the code it imported: restart the master to run new code). An idle connection is
    closed after `keep_alive` seconds."""
    from granian import Granian
    from granian.constants import HTTPModes, Interfaces
    from granian.log import LogLevels

    preload()
    server = Granian("crm:create_app()", address=host, port=port, interface=Interfaces.WSGI, http=HTTPModes.http1,
                     workers=workers, blocking_threads=threads, log_level=LogLevels.warning,
                     respawn_failed_workers=True, http1_settings=http1_settings(keep_alive))
    server.serve(target_loader=lambda _target: in_worker(app))
