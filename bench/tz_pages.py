"""What reading every time in the reader's zone costs a page: the demo's busiest pages, timed in
process (Flask's test client, SQLite), for two checkouts of the CRM run in turn in the same session.

    .venv/bin/python bench/tz_pages.py --before /tmp/crm-before --after . --rounds 5 --n 40

`--before`/`--after` are source trees (e.g. `git archive <commit> | tar -x -C /tmp/crm-before`, then
`pybabel compile -d /tmp/crm-before/crm/translations`). Each tree serves in a child process of its
own, both alive at once; the driver asks them in turn for one request of each page (which goes first
alternates), so both see the same machine load request by request. Each round builds both worlds
afresh and asks `--n` times. Prints the median milliseconds per page of each tree over all rounds,
and the after/before ratio.
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


def child() -> None:
    """Run in a child whose sys.path starts with the tree to time: build the demo, then answer each
    line on stdin with {page: ms} of one request of each page, as JSON."""
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
    urls = [page.format(**values) for page in PAGES]
    for url in urls:
        assert client.get(url).status_code == 200, url  # warm up (templates, caches)
    print("ready", flush=True)
    for _line in sys.stdin:  # one request of each page per line the driver sends
        times = {}
        for page, url in zip(PAGES, urls):
            start = time.perf_counter()
            response = client.get(url)
            times[page] = (time.perf_counter() - start) * 1000
            assert response.status_code == 200, url
        print(json.dumps(times), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--n", type=int, default=40, help="requests per page per round")
    args = parser.parse_args()
    trees = {"before": os.path.abspath(args.before), "after": os.path.abspath(args.after)}
    samples: dict[str, dict[str, list[float]]] = {name: {p: [] for p in PAGES} for name in trees}
    for _round in range(args.rounds):
        children = {}
        for name, tree in trees.items():
            code = (f"import sys; sys.path.insert(0, {tree!r}); sys.argv = ['tz_pages', '--child']; "
                    f"exec(open({os.path.abspath(__file__)!r}).read())")
            children[name] = subprocess.Popen([sys.executable, "-c", code], cwd=tree, text=True,
                                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        for child_process in children.values():
            assert child_process.stdout.readline().strip() == "ready"
        for i in range(args.n):
            for name in (list(trees) if i % 2 == 0 else list(reversed(list(trees)))):
                children[name].stdin.write("go\n")
                children[name].stdin.flush()
                for page, ms in json.loads(children[name].stdout.readline()).items():
                    samples[name][page].append(ms)
        for child_process in children.values():
            child_process.stdin.close()
            child_process.wait()
    print(f"{'page':32} {'before ms':>10} {'after ms':>10} {'after/before':>13}")
    for page in PAGES:
        before, after = statistics.median(samples["before"][page]), statistics.median(samples["after"][page])
        print(f"{page:32} {before:10.2f} {after:10.2f} {after / before:13.2f}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    else:
        main()
