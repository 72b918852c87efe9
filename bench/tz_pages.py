"""What reading every time in the reader's zone costs a page: the demo's busiest pages, timed in
process (Flask's test client, SQLite), for two checkouts of the CRM run in turn in the same session.

    .venv/bin/python bench/tz_pages.py --before /tmp/crm-before --after . --rounds 5 --n 40

`--before`/`--after` are source trees (e.g. `git archive <commit> | tar -x -C /tmp/crm-before`, then
`pybabel compile -d /tmp/crm-before/crm/translations`); each round runs one child process per tree,
alternating which goes first, so both see the same machine load. Prints the median milliseconds per
page of each tree over all rounds, and the after/before ratio.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

PAGES = ("/desk", "/customers/{customer}", "/interactions/{interaction}", "/cases", "/me/")


def child(n: int) -> None:
    """Run in a child whose sys.path starts with the tree to time; print {page: [ms, ...]} as JSON."""
    from sqlalchemy import select

    from crm import create_app
    from crm.extensions import db

    path = os.path.join(tempfile.mkdtemp(), "bench.sqlite")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "bench",
                      "WTF_CSRF_ENABLED": False, "CRM_LOGIN_LIMIT": "100000 per minute",
                      "CRM_LOGIN_ADDRESS_LIMIT": "100000 per minute", "CRM_LANGUAGE_PRELOAD": "0"})
    with app.app_context():
        from crm.cli import upgrade_database
        from crm.models import Interaction, User
        from crm.services.demo import load_demo
        from crm.services.policy import ensure_default_policy

        upgrade_database()
        ensure_default_policy()
        load_demo(customers=40)
        agent = db.session.scalar(select(User).where(User.email == "agent.praha@demo.example.com"))
        ix = db.session.scalar(select(Interaction).where(Interaction.agent_id == agent.id)
                               .order_by(Interaction.id.desc()).limit(1))
        values = {"customer": ix.customer_id, "interaction": ix.id}
        email = agent.email
    client = app.test_client()
    client.post("/login", data={"email": email, "password": "demo-password"})
    out = {}
    for page in PAGES:
        url = page.format(**values)
        assert client.get(url).status_code == 200, url  # warm up (templates, caches)
        times = []
        for _ in range(n):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, url
        out[page] = times
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--n", type=int, default=40, help="requests per page per round")
    args = parser.parse_args()
    trees = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    samples: dict[str, dict[str, list[float]]] = {name: {p: [] for p in PAGES} for name in trees}
    for round_no in range(args.rounds):
        order = list(trees) if round_no % 2 == 0 else list(reversed(list(trees)))
        for name in order:
            code = (f"import sys; sys.path.insert(0, {trees[name]!r}); "
                    f"sys.argv = ['tz_pages', '--child', '{args.n}']; "
                    f"exec(open({os.path.abspath(__file__)!r}).read())")
            result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    cwd=trees[name], check=True)
            for page, times in json.loads(result.stdout.strip().splitlines()[-1]).items():
                samples[name][page].extend(times)
    print(f"{'page':32} {'before ms':>10} {'after ms':>10} {'after/before':>13}")
    for page in PAGES:
        before, after = statistics.median(samples["before"][page]), statistics.median(samples["after"][page])
        print(f"{page:32} {before:10.2f} {after:10.2f} {after / before:13.2f}")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(int(sys.argv[2]))
    else:
        main()
