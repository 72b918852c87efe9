"""What the checks add to logging an interaction: CPU per logged contact with the checks on and off.

    .venv/bin/python bench/checks_cost.py               # every corpus transcript, once each
    .venv/bin/python bench/checks_cost.py --limit 200   # the first 200 (spread over the languages)

Each corpus transcript (bench/corpus/, five languages) is logged through
services.interactions.log_interaction on a fresh SQLite database under the default policy, twice:
once with the checks off (the policy's evaluation replaced by "no results") and once with them on.
The transcript is new to the checks when they run on it (nothing of it is cached yet), as for a
contact an agent logs. CPU is the process's CPU time (time.process_time), so other work on the
machine disturbs it little. Printed: the median CPU per logged contact on and off, the median CPU of
the checks alone (the evaluation, timed inside the same calls), and the share the checks add.
Nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import itertools
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CORPUS = Path(__file__).resolve().parent / "corpus"
LANGUAGES = ("en", "ms", "cs", "fi", "ro")


def corpus_transcripts() -> list[tuple[str, dict]]:
    """(language, transcript) of every corpus file, the languages interleaved."""
    per_language = []
    for language in LANGUAGES:
        items = []
        for path in sorted(CORPUS.glob(f"{language}*.json")):
            if path.stem == language or path.stem.startswith(f"{language}-"):
                items += [(language, t) for t in json.loads(path.read_text(encoding="utf-8"))["transcripts"]]
        per_language.append(items)
    return [item for group in itertools.zip_longest(*per_language) for item in group if item]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="log only the first N transcripts")
    parser.add_argument("--warm", type=int, default=20,
                        help="contacts logged first and not counted (dictionaries load, caches fill)")
    args = parser.parse_args(argv)

    from crm import create_app
    from crm.extensions import db
    from crm.services import interactions
    from crm.services.access import SYSTEM
    from crm.services.accounts import UserInput, create_user
    from crm.services.customers import CustomerInput, create_customer
    from crm.services.policy import ensure_default_policy
    from crm.services.routing import ensure_fallback_department
    from crm.standards.language import warm_up

    directory = tempfile.TemporaryDirectory(prefix="checks-cost-")
    url = f"sqlite:///{Path(directory.name) / 'cost.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "TESTING": True,
                      "CRM_LOAD_PLUGINS": False, "CRM_DEFAULT_REGION": "MY", "CRM_REDIS_URL": None})
    transcripts = corpus_transcripts()
    warm, measured = transcripts[:args.warm], transcripts[args.warm:]
    if args.limit:
        measured = measured[:args.limit]
    with app.app_context():
        from crm.cli import upgrade_database
        upgrade_database()
        ensure_default_policy()
        ensure_fallback_department()
        agent = create_user(UserInput(email="agent@example.com", name="Agent", role="agent",
                                      team="Support", password="bench-password-1"), SYSTEM, create_team=True)
        customer = create_customer(CustomerInput(name="Bench Customer", phones=["+60 12-345 6789"]), SYSTEM)
        db.session.commit()
        warm_up()

        evaluate = interactions.evaluate
        checks_cpu: list[float] = []

        def timed_evaluate(*a, **kw):
            began = time.process_time()
            try:
                return evaluate(*a, **kw)
            finally:
                checks_cpu.append(time.process_time() - began)

        def no_checks(*a, **kw):
            return []

        started = datetime.now(timezone.utc) - timedelta(days=1)

        def log(language: str, transcript: dict) -> float:
            holds = [{"seconds": int(h["seconds"])} for h in transcript.get("holds") or ()]
            data = interactions.InteractionInput(
                customer_id=customer.id, channel="phone", direction="inbound",
                started_at=started.isoformat(), ended_at=(started + timedelta(minutes=6)).isoformat(),
                holds=holds, summary="Bench contact", transcript=transcript["transcript"],
                language=language, outcome="resolved")
            began = time.process_time()
            interactions.log_interaction(data, agent)
            spent = time.process_time() - began
            db.session.remove()
            return spent

        for language, transcript in warm:
            interactions.evaluate = timed_evaluate
            log(language, transcript)
        checks_cpu.clear()
        on, off = [], []
        for language, transcript in measured:
            interactions.evaluate = no_checks
            off.append(log(language, transcript))
            interactions.evaluate = timed_evaluate
            on.append(log(language, transcript))
        interactions.evaluate = evaluate
    directory.cleanup()

    ms = 1000
    on_median, off_median = statistics.median(on) * ms, statistics.median(off) * ms
    checks_median = statistics.median(checks_cpu) * ms
    checks_mean = statistics.fmean(checks_cpu) * ms
    print(f"{len(measured)} contacts, each transcript new to the checks (after {len(warm)} warm-up contacts)")
    print(f"logging, checks off: median {off_median:.2f} ms CPU")
    print(f"logging, checks on:  median {on_median:.2f} ms CPU")
    print(f"the checks alone:    median {checks_median:.2f} ms CPU, mean {checks_mean:.2f} ms, "
          f"p90 {statistics.quantiles(checks_cpu, n=10)[8] * ms:.2f} ms")
    print(f"added by the checks: {checks_median / off_median:.1%} of logging (median of the checks over "
          f"the median of logging without them)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
