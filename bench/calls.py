"""Call events over HTTP: how many a running server accepts per second, one client and several.

    .venv/bin/python bench/calls.py --url http://127.0.0.1:5000 --token crm_… [--calls 200] [--threads 8]

Each call is six events (ringing, answered, hold, unhold, transfer, hangup) of a caller the lookup
finds. Not part of the tests; prints the rate and the latency percentiles.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from crm.simulator import _send, script  # noqa: E402


def play(url: str, token: str, caller: str) -> list[float]:
    """Send one call's six events; the latency of each, in ms."""
    call_id = f"bench-{uuid.uuid4().hex[:12]}"
    start = datetime.now(timezone.utc) - timedelta(minutes=10)
    latencies = []
    for step in script():
        event = {"call_id": call_id, "event": step.event, "from": caller, "direction": "inbound",
                 "at": (start + timedelta(seconds=step.second)).isoformat()}
        if step.transfer:
            event["transfer"] = step.transfer
        began = time.perf_counter()
        _send(url, token, "POST", "/api/v1/calls/events", event)
        latencies.append((time.perf_counter() - began) * 1000)
    return latencies


def measure(url: str, token: str, caller: str, calls: int, threads: int) -> None:
    began = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        results = list(pool.map(lambda _: play(url, token, caller), range(calls)))
    elapsed = time.perf_counter() - began
    latencies = sorted(ms for call in results for ms in call)
    p = statistics.quantiles(latencies, n=100)
    print(f"{threads:>2} client(s): {len(latencies)} events in {elapsed:.1f} s = {len(latencies) / elapsed:.0f} "
          f"events/s; latency p50 {p[49]:.1f} ms, p95 {p[94]:.1f} ms, p99 {p[98]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--token", required=True, help="an integration's or an admin's token")
    parser.add_argument("--from", dest="caller", default="+60 12-345 6789")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    measure(args.url, args.token, args.caller, max(1, args.calls // 4), 1)
    measure(args.url, args.token, args.caller, args.calls, args.threads)


if __name__ == "__main__":
    main()
