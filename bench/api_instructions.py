#!/usr/bin/env python
"""Instructions per screen-pop and per /ping, counted by valgrind's callgrind: a figure other load on the
machine does not move (CPU time on a shared 2-core machine does, by more than a 5 % change).

    .venv/bin/python bench/api_instructions.py                      # this checkout
    .venv/bin/python bench/api_instructions.py --code /path/to/src  # another checkout's crm package

Runs the app in process under `valgrind --tool=callgrind --instr-atstart=no` (Flask's test client, a
fresh SQLite file with an agent, a token and a customer with five logged contacts, as bench/api_cpu.py
does), warms both paths up, then switches instrumentation on with `callgrind_control` and counts
`--requests` lookups (GET /api/v1/lookup by phone), then as many GET /ping, each dumped on its own.
Needs valgrind (Debian's package). Takes a few minutes: the setup runs at valgrind's uninstrumented
speed, the counted requests ~50 times slower than normal.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHONE = "%2B60129876543"


def child(code: Path, flags: Path, requests: int) -> None:
    """Inside valgrind: set up, then count the two workloads when told to."""
    sys.path.insert(0, str(code))

    def wait(name: str) -> None:
        while not (flags / name).exists():
            time.sleep(0.05)

    from crm import create_app

    tmp = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/instructions.db",
                      "SECRET_KEY": "bench", "CRM_LOAD_PLUGINS": False, "CRM_DEFAULT_REGION": "MY",
                      "CRM_API_LIMIT": "10000000 per minute", "CRM_REDIS_URL": None})
    with app.app_context():
        from crm.cli import upgrade_database
        from crm.services.access import SYSTEM
        from crm.services.accounts import UserInput, create_token, create_user
        from crm.services.customers import CustomerInput, create_customer
        from crm.services.interactions import InteractionInput, log_interaction

        upgrade_database()
        agent = create_user(UserInput(email="agent@bench.example.com", name="Agent", role="agent", team="Alpha",
                                      password="bench-password-1"), SYSTEM, create_team=True)
        _, token = create_token(agent, "bench")
        customer = create_customer(CustomerInput(name="Siti Rahman", phones=["+60129876543"]), SYSTEM)
        for minute in range(5):  # e-mails without transcripts: the language analysis is not loaded
            log_interaction(InteractionInput(customer_id=customer.id, channel="email",
                                             started_at=f"2026-03-01T09:{minute:02d}:00+08:00",
                                             summary="Asked about the invoice."), agent)
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    for _ in range(30):
        assert client.get(f"/api/v1/lookup?phone={PHONE}", headers=headers).status_code == 200
        assert client.get("/ping").status_code == 200
    (flags / "ready-lookup").touch()
    wait("go-lookup")
    for _ in range(requests):
        client.get(f"/api/v1/lookup?phone={PHONE}", headers=headers)
    (flags / "ready-ping").touch()
    wait("go-ping")
    for _ in range(requests):
        client.get("/ping")
    (flags / "ready-end").touch()
    wait("go-end")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the checkout whose crm package is measured")
    parser.add_argument("--requests", type=int, default=200, help="requests of each kind")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    code = args.code.resolve()
    if args.child:
        child(code, args.child, args.requests)
        return
    with tempfile.TemporaryDirectory() as tmp:
        flags = Path(tmp)
        out = flags / "callgrind.out"
        proc = subprocess.Popen(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                                 sys.executable, __file__, "--code", str(code), "--requests", str(args.requests),
                                 "--child", str(flags)], cwd=code, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)

        def wait(name: str) -> None:
            while not (flags / name).exists():
                if proc.poll() is not None:
                    raise SystemExit(f"the measured process ended early ({proc.returncode})")
                time.sleep(0.2)

        def control(*options: str) -> None:
            subprocess.run(["callgrind_control", *options, str(proc.pid)], check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)

        wait("ready-lookup")
        control("-i", "on")
        (flags / "go-lookup").touch()
        wait("ready-ping")
        control("-d", "lookup")
        (flags / "go-ping").touch()
        wait("ready-end")
        control("-d", "ping")
        (flags / "go-end").touch()
        proc.wait()
        counts = {}
        for dump in flags.glob("callgrind.out.*"):
            text = dump.read_text(errors="replace")
            trigger = next((line.split()[-1] for line in text.splitlines() if line.startswith("desc: Trigger")), "")
            total = next((int(line.split()[1]) for line in text.splitlines() if line.startswith(("summary:", "totals:"))), 0)
            if trigger in ("lookup", "ping"):
                counts[trigger] = total / args.requests
    print(f"code: {code / 'crm'}  {args.requests} requests each")
    print(f"lookup {counts['lookup'] / 1e3:8.0f} k instructions/request")
    print(f"ping   {counts['ping'] / 1e3:8.0f} k instructions/request   lookup × /ping {counts['lookup'] / counts['ping']:.2f}")


if __name__ == "__main__":
    main()
