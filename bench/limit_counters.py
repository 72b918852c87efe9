"""µs per counted API request: the rate-limit counters in this process's memory (QuietMemoryStorage, the
fallback while Redis is away) against the counters shared by a server's workers (SharedMemoryStorage,
the default without CRM_REDIS_URL). Alternates the two, ROUNDS times each, in one run (the load swings).

    .venv/bin/python bench/limit_counters.py
"""
from __future__ import annotations

import time

from limits import parse
from limits.strategies import FixedWindowRateLimiter

from crm.limits import QuietMemoryStorage, SharedMemoryStorage

ROUNDS, HITS, TOKENS = 3, 200_000, 200


def per_hit(storage_class) -> float:
    counter, item = FixedWindowRateLimiter(storage_class()), parse("1200 per minute")
    keys = [f"token:{n:064x}" for n in range(TOKENS)]
    started = time.perf_counter()
    for n in range(HITS):
        counter.hit(item, keys[n % TOKENS], "api")
    return (time.perf_counter() - started) / HITS * 1e6


if __name__ == "__main__":
    for round_ in range(1, ROUNDS + 1):
        for storage_class in (QuietMemoryStorage, SharedMemoryStorage):
            print(f"round {round_}  {storage_class.__name__:20} {per_hit(storage_class):6.2f} µs per counted request")
