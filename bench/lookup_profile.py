#!/usr/bin/env python
"""CPU of a screen-pop against GET /ping in process, without any client: the app's WSGI callable is called
directly with a prepared environ, so only what a server worker runs is counted (granian's own HTTP work
aside). With --profile, cProfile (on process time) of the lookups instead, the costliest functions first.

    .venv/bin/python bench/lookup_profile.py                                     # this checkout, SQLite
    .venv/bin/python bench/lookup_profile.py --code /path/to/src                 # another checkout
    .venv/bin/python bench/lookup_profile.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/scratch
    .venv/bin/python bench/lookup_profile.py --profile

The data are bench/api_cpu.py's (an agent with a token, a customer with 60 contacts), written into a fresh
SQLite file in a temporary directory or into the --database-url given, which must be an empty database.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--requests", type=int, default=1000, help="requests per workload per round")
    parser.add_argument("--profile", action="store_true", help="profile the lookups instead of timing them")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import api_cpu
    from crm import create_app

    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/profile.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "CRM_LOAD_PLUGINS": False,
                      "CRM_DEFAULT_REGION": "MY", "CRM_API_LIMIT": "10000000 per minute", "CRM_REDIS_URL": None,
                      "CRM_LANGUAGE_PRELOAD": False})
    with app.app_context():
        token, _customer_id, phone = api_cpu._data()

    def call(path: str, query: str, auth: bool) -> int:
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "8000", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
                   "REMOTE_ADDR": "127.0.0.1", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
                   "wsgi.multithread": True, "wsgi.multiprocess": True, "wsgi.run_once": False,
                   "wsgi.version": (1, 0), "HTTP_HOST": "127.0.0.1:8000"}
        if auth:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        status = []
        body = app.wsgi_app(environ, lambda s, h, exc=None: status.append(s))
        b"".join(body)
        getattr(body, "close", lambda: None)()
        return int(status[0].split()[0])

    workloads = {"ping": lambda: call("/ping", "", False),
                 "lookup": lambda: call("/api/v1/lookup", f"phone={phone}", True)}
    for name, run in workloads.items():
        assert run() == 200, name
        for _ in range(300):  # warm-up: caches, prepared statements
            run()
    if args.profile:
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for _ in range(args.requests * 3):
            workloads["lookup"]()
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        return
    per_round: dict[str, list[float]] = {name: [] for name in workloads}
    for _ in range(args.rounds):
        for name, run in workloads.items():
            start = time.process_time()
            for _ in range(args.requests):
                run()
            per_round[name].append((time.process_time() - start) / args.requests * 1e3)
    ping, lookup = statistics.median(per_round["ping"]), statistics.median(per_round["lookup"])
    print(f"code: {args.code}  database: {url.split('@')[-1]}  {args.rounds} rounds × {args.requests} requests")
    print(f"/ping {ping:.3f} ms CPU, lookup {lookup:.3f} ms CPU, lookup × /ping {lookup / ping:.2f} (medians)")


if __name__ == "__main__":
    main()
