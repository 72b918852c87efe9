#!/usr/bin/env python
"""CPU per API request, in-process (Flask's test client, no HTTP server), each workload beside GET /ping
in the same round, so a loaded machine hits both alike: read the ratios, not the milliseconds.

    .venv/bin/python bench/api_cpu.py                      # this checkout
    .venv/bin/python bench/api_cpu.py --code /path/to/src  # another checkout's crm package, same data

Workloads: the screen-pop (GET /api/v1/lookup by phone), logging a contact (POST /api/v1/interactions,
two holds and a transfer), a list of 50 interactions (GET /api/v1/customers/<id>/interactions) and a
bad interaction body (422 with every reason). The database is a fresh SQLite file in a temporary
directory; nothing else is touched.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

BODY = {"channel": "phone", "direction": "inbound", "started_at": "2026-03-02T09:00:00+08:00",
        "ended_at": "2026-03-02T09:06:00+08:00", "summary": "Asked about the invoice; explained the charges.",
        "transcript": "Agent: Thank you for calling. Customer: Thanks.", "outcome": "resolved",
        "holds": [{"seconds": 30, "apologized": True}, {"seconds": 20, "apologized": True}],
        "transfers": [{"type": "warm", "to": "billing"}]}
BAD = {"channel": "pigeon", "holds": [{"seconds": "ninety"}], "started_at": "yesterday", "amount": -5,
       "queue_wait_seconds": "a while", "colour": 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=Path, default=Path(__file__).resolve().parents[1],
                        help="the checkout whose crm package is measured")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=200, help="requests per workload per round")
    args = parser.parse_args()
    sys.path.insert(0, str(args.code.resolve()))
    from crm import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/cpu.db",
                          "SECRET_KEY": "bench", "CRM_LOAD_PLUGINS": False, "CRM_DEFAULT_REGION": "MY",
                          "CRM_API_LIMIT": "10000000 per minute", "CRM_REDIS_URL": None})
        with app.app_context():
            token, customer_id, phone = _data()
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        workloads = {
            "ping": lambda: client.get("/ping"),
            "lookup": lambda: client.get(f"/api/v1/lookup?phone={phone}", headers=headers),
            "log": lambda: client.post("/api/v1/interactions", json={**BODY, "customer_id": customer_id},
                                       headers=headers),
            "list50": lambda: client.get(f"/api/v1/customers/{customer_id}/interactions?limit=50", headers=headers),
            "bad_body": lambda: client.post("/api/v1/interactions", json={**BAD, "customer_id": customer_id},
                                            headers=headers),
        }
        expected = {"ping": 200, "lookup": 200, "log": 201, "list50": 200, "bad_body": 422}
        for name, call in workloads.items():  # warm up, and make sure each answers as it should
            status = call().status_code
            assert status == expected[name], (name, status)
        per_round: dict[str, list[float]] = {name: [] for name in workloads}
        for _ in range(args.rounds):
            for name, call in workloads.items():
                start = time.process_time()
                for _ in range(args.requests):
                    call()
                per_round[name].append((time.process_time() - start) / args.requests * 1e3)
    import crm

    print(f"code: {Path(crm.__file__).parent}  rounds: {args.rounds} × {args.requests} requests")
    for name, values in per_round.items():
        ratios = [v / p for v, p in zip(values, per_round["ping"])]
        print(f"{name:9s} CPU ms/request median {statistics.median(values):6.2f} "
              f"(min {min(values):.2f})   × /ping median {statistics.median(ratios):5.2f}")


def _data() -> tuple[str, int, str]:
    """An agent with a token, the default policy, and a customer with 60 logged contacts."""
    from crm.cli import upgrade_database
    from crm.services.access import SYSTEM
    from crm.services.accounts import UserInput, create_token, create_user
    from crm.services.customers import CustomerInput, create_customer
    from crm.services.interactions import InteractionInput, log_interaction
    from crm.services.policy import ensure_default_policy

    upgrade_database()
    ensure_default_policy()
    agent = create_user(UserInput(email="agent@bench.example.com", name="Agent", role="agent", team="Alpha",
                                  password="bench-password-1"), SYSTEM, create_team=True)
    _, token = create_token(agent, "bench")
    for i in range(100):
        create_customer(CustomerInput(name=f"Customer {i}", phones=[f"+6012345{i:04d}"]), SYSTEM)
    customer = create_customer(CustomerInput(name="Siti Rahman", phones=["+60129876543"]), SYSTEM)
    for minute in range(60):
        log_interaction(InteractionInput(customer_id=customer.id, channel="phone",
                                         started_at=f"2026-03-01T09:{minute:02d}:00+08:00",
                                         summary="Asked about the invoice."), agent)
    return token, customer.id, "%2B60129876543"


if __name__ == "__main__":
    main()
