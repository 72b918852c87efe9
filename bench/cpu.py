"""Server CPU per request on SQLite and PostgreSQL side by side: a screen-pop lookup and logging an
interaction (with and without a transcript), each against `/ping`, measured in one process.

    .venv/bin/python bench/cpu.py --database-url sqlite:///bench/results/cpu.sqlite \
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test_hot2

Each database is emptied and migrated, given 50 customers and one agent with a token; then the
requests go through the real app (Flask's test client: no HTTP, no sockets) interleaved
(`/ping`, log, log with a transcript, lookup, …), and the median process CPU time of each kind is
compared with `/ping`'s. This process's CPU time is the figure least disturbed by other work on a
shared machine; ratios measured in the same loop hold better than absolute times.
The language checks are included (the transcript arm): they belong to crm/standards.

WARNING: every table of each database given is dropped.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH_SECRET_KEY, PROJECT_DIR, RESULTS_DIR  # noqa: E402

TRANSCRIPT = ("Agent: Good morning, thank you for calling.\nCustomer: My blender stopped working after a week.\n"
              "Agent: I'm sorry about that, let me check. Please hold.\nCustomer: ok\n"
              "Agent: Thanks for waiting. I will send a replacement.")


def prepare(url: str):
    """A fresh app on an emptied database: (test client, token, customer ids)."""
    os.environ.setdefault("CRM_SECRET_KEY", BENCH_SECRET_KEY)
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from sqlalchemy import text

    from crm import create_app
    from crm.cli import upgrade_database
    from crm.extensions import db

    path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else None
    if path and os.path.exists(path):
        os.remove(path)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CRM_LANGUAGE_PRELOAD": False, "CRM_REDIS_URL": None,
                      "CRM_API_LIMIT": "100000000 per minute"})
    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        upgrade_database()
        from crm.services.access import SYSTEM
        from crm.services.accounts import UserInput, create_token, create_user
        from crm.services.customers import CustomerInput, create_customer
        from crm.services.policy import ensure_default_policy

        ensure_default_policy()
        agent = create_user(UserInput(email="bench-agent@example.com", name="Bench Agent", role="agent",
                                      team="Alpha", password="bench-password-123"), SYSTEM, create_team=True)
        token = create_token(agent, "bench")[1]
        ids = [create_customer(CustomerInput(name=f"Customer {i}", phones=[f"+6012345{i:04d}"],
                                             emails=[f"c{i}@example.my"]), SYSTEM).id for i in range(50)]
        db.session.remove()
    return app, token, ids


def measure(url: str, n: int) -> dict:
    app, token, ids = prepare(url)
    client = app.test_client()
    auth = {"Authorization": f"Bearer {token}"}

    def body(i: int, transcript: bool) -> dict:
        b = {"customer_id": ids[i % len(ids)], "channel": "phone", "summary": f"Blender stopped working, case {i}",
             "outcome": "resolved" if i % 3 else "follow_up", "queue_wait_seconds": 30,
             "holds": [{"seconds": 40, "apologized": i % 2 == 0}]}
        if b["outcome"] == "follow_up":
            b["follow_up_due"] = "2030-01-01T10:00:00+00:00"
        if transcript:
            b["transcript"] = f"{TRANSCRIPT} Reference {i}."
        return b

    def log(transcript: bool):
        def call(i: int) -> None:
            r = client.post("/api/v1/interactions", json=body(i, transcript), headers=auth)
            assert r.status_code == 201, r.get_data(as_text=True)
        return call

    def lookup(i: int) -> None:
        assert client.get(f"/api/v1/lookup?phone=%2B6012345{i % len(ids):04d}", headers=auth).status_code == 200

    kinds = {"ping": lambda i: client.get("/ping"), "log": log(False), "log_transcript": log(True),
             "lookup": lookup}
    for i in range(20):  # warm: caches, compiled statements, the language analysis
        for call in kinds.values():
            call(i)
    times = {k: [] for k in kinds}
    for i in range(n):
        for kind, call in kinds.items():
            t0 = time.process_time()
            call(i)
            times[kind].append(time.process_time() - t0)
    medians = {k: statistics.median(v) * 1000 for k, v in times.items()}
    with app.app_context():
        from crm.extensions import db
        db.engine.dispose()
    return {"database": url.split(":", 1)[0].split("+")[0], "n": n, "ms": medians,
            "ratio": {k: medians[k] / medians["ping"] for k in medians}}


def render(results: list[dict], command: str) -> str:
    cols = [r["database"] for r in results]
    lines = ["| request (in-process CPU, median) | target | " + " | ".join(cols) + " |",
             "|---|---|" + "---|" * len(cols)]
    rows = [("`/ping` (floor)", "ping", "—"), ("GET /api/v1/lookup?phone=", "lookup", "≤ 2 × `/ping`"),
            ("POST /api/v1/interactions, no transcript", "log", "≤ 5 × `/ping`"),
            ("POST /api/v1/interactions, with a transcript (language checks)", "log_transcript", "≤ 5 × `/ping`")]
    for label, key, target in rows:
        cells = [f"{r['ms'][key]:.2f} ms" + ("" if key == "ping" else f" = {r['ratio'][key]:.1f} ×") for r in results]
        lines.append(f"| {label} | {target} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + f"\n\nMeasured by `{command}` ({results[0]['n']} of each, interleaved).\n"


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--database-url", action="append", required=True, help="repeat for each database")
    p.add_argument("-n", type=int, default=300, help="requests of each kind")
    args = p.parse_args(argv)
    results = [measure(url, args.n) for url in args.database_url]
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / "cpu.json").write_text(json.dumps(results, indent=2) + "\n")
    print(render(results, "bench/cpu.py " + " ".join(argv if argv is not None else sys.argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
