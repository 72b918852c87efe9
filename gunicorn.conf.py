"""gunicorn's settings for `gunicorn wsgi:app` (read from the working directory without a flag).

The production server is `crm serve` (granian, crm/serve.py: 20–35 % less CPU per screen-pop, bench/README.md
"The server"); these settings keep gunicorn serving the app the same way (preloaded, one worker per core,
two threads each, connections kept alive) for those who run it.

The language analysis (detector, lemma dictionaries, compiled lexicons and their matching trees, the tone
and feedback models: ~51 MB once the allocator's free pages are handed back, `bench/preload_memory.py`;
a few seconds of CPU) is loaded once in the
master before it forks its workers, so every worker shares those pages instead of loading its own copy
(docs/benchmarks.md, "Memory per web worker"). Each worker then opens its own database connections.
Set CRM_LANGUAGE_PRELOAD=0 to load nothing ahead (each worker then loads on first use).
"""
import os

# Workers and threads (#12; bench/README.md, "gunicorn settings"). gthread, not sync: sync closes the
# connection after every answer, and the screen-pop's clients (desks, phone systems) keep theirs open —
# at 8 kept-alive connections sync served a third to a half of gthread's lookups/s at more CPU each.
# One worker per core: a request is CPU-bound under the GIL. Two threads each, so a request waiting on
# the database (a PostgreSQL round trip, a SQLite writer's lock) does not hold the worker up; idle
# kept-alive connections wait in gthread's poller, not in a thread. More threads measured no faster
# and cost memory (each holds a database connection and a malloc arena: worker RSS after logging
# 176 MB with 4, 174–175 MB with 2, 171–173 MB with 1, `bench/run.py --only log-concurrent
# --server-threads N`). WEB_CONCURRENCY and GUNICORN_THREADS override.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or os.cpu_count() or 2)
threads = int(os.environ.get("GUNICORN_THREADS") or 2)
keepalive = 75  # seconds: longer than a load balancer's idle timeout, so it is the one that closes

# Import the app in the master (copy-on-write sharing with the workers).
preload_app = os.environ.get("CRM_GUNICORN_PRELOAD", "1").strip().lower() not in ("0", "false", "no", "off")


def when_ready(server):
    """In the master, after the app is imported and before the first worker is forked."""
    if preload_app:
        from crm.serve import preload

        preload()


def post_fork(server, worker):
    """In each worker: connections are never shared with the master or a sibling."""
    if preload_app:
        from crm.serve import in_worker

        in_worker(server.app.wsgi())
