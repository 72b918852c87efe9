"""What the checks add to logging an interaction: CPU per logged contact with the checks on and off.

    .venv/bin/python bench/checks_cost.py               # every corpus transcript, once each
    .venv/bin/python bench/checks_cost.py --limit 200   # the first 200 (spread over the languages)
    .venv/bin/python bench/checks_cost.py --profile 25  # and the 25 functions the checks spend most in

Each corpus transcript (bench/corpus/, five languages) is logged through
services.interactions.log_interaction on a fresh SQLite database under the default policy, twice:
once with the checks off (the policy's evaluation replaced by "no results") and once with them on.
The transcript is new to the checks when they run on it (nothing of it is cached yet), as for a
contact an agent logs. After the language preload, the objects made so far are frozen out of the
garbage collector's passes (gc.freeze), as gunicorn.conf.py does before it forks the web workers. CPU is the process's CPU time (time.process_time), so other work on the
machine disturbs it little. Printed: the median CPU per logged contact on and off, the median CPU of
the checks alone (the evaluation, timed inside the same calls), the share the checks add, the
stages of the checks (the shared analysis of the transcript, of which language detection, then each
standard's own work), what the garbage collector spent in the measured contacts, and the resident
memory the language preload adds (CRM_LANGUAGE_PRELOAD as set).
Nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import itertools
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from dataclasses import replace
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


def resident_mb() -> float:
    """This process's resident memory now (Linux), else its peak so far."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024
    except (OSError, StopIteration):
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="log only the first N transcripts")
    parser.add_argument("--warm", type=int, default=20,
                        help="contacts logged first and not counted (dictionaries load, caches fill)")
    parser.add_argument("--profile", type=int, default=0, metavar="N",
                        help="also print the N functions the checks spend most CPU in (cProfile)")
    parser.add_argument("--sort", default="tottime",
                        help="the profile's order (pstats: tottime, the default, or cumulative …)")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave the warmed-up objects to the garbage collector's full passes (gunicorn "
                             "freezes them: gunicorn.conf.py); the figures before 2026-12-05 were measured so")
    parser.add_argument("--tone-model", type=float, default=None, metavar="THRESHOLD",
                        help="courtesy.positive_language with the tone model on (tone_model, tone_threshold); "
                             "0 keeps the policy's threshold")
    args = parser.parse_args(argv)

    from crm import create_app
    from crm.extensions import db
    from crm.services import interactions, policy
    from crm.services.access import SYSTEM
    from crm.services.accounts import UserInput, create_user
    from crm.services.customers import CustomerInput, create_customer
    from crm.services.policy import ensure_default_policy
    from crm.services.routing import ensure_fallback_department
    from crm.standards import language

    directory = tempfile.TemporaryDirectory(prefix="checks-cost-")
    url = f"sqlite:///{Path(directory.name) / 'cost.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench-only", "TESTING": True,
                      "CRM_LOAD_PLUGINS": False, "CRM_DEFAULT_REGION": "MY", "CRM_REDIS_URL": None})
    transcripts = corpus_transcripts()
    warm, measured = transcripts[:args.warm], transcripts[args.warm:]
    if args.limit:
        measured = measured[:args.limit]
    stages: dict[str, list[float]] = {}
    profiler = cProfile.Profile() if args.profile else None
    with app.app_context():
        from crm.cli import upgrade_database
        upgrade_database()
        ensure_default_policy()
        ensure_fallback_department()
        agent = create_user(UserInput(email="agent@example.com", name="Agent", role="agent",
                                      team="Support", password="bench-password-1"), SYSTEM, create_team=True)
        customer = create_customer(CustomerInput(name="Bench Customer", phones=["+60 12-345 6789"]), SYSTEM)
        db.session.commit()
        before_preload = resident_mb()
        warm_cpu = time.process_time()
        language.warm_up()
        warm_cpu = time.process_time() - warm_cpu
        after_preload = resident_mb()
        if not args.no_freeze:
            # As gunicorn.conf.py does in the master after the warm-up: what is loaded so far lives as
            # long as the process, and the garbage collector's full passes no longer go through it.
            gc.freeze()

        def timed(name, function):
            def run(*a, **kw):
                began = time.process_time()
                try:
                    return function(*a, **kw)
                finally:
                    stages.setdefault(name, [0.0])[-1] += time.process_time() - began
            return run

        # Each stage's CPU per contact: the analysis first (every check then reads it from the cache),
        # then each standard's own work; language detection is counted apart as well, in whichever
        # stage asked for it (a check reading the language of the whole transcript detects it then).
        known = policy.standards()
        for code, standard in list(known.items()):
            check = standard.check
            if code == "courtesy.positive_language" and args.tone_model is not None:
                tone = {"tone_model": True} | ({"tone_threshold": args.tone_model} if args.tone_model else {})
                check = (lambda check, tone: lambda facts, params, ctx: check(facts, {**params, **tone}, ctx))(check, tone)
            known[code] = replace(standard, check=timed(code, check))
        confidences = language.confidences
        language.confidences = timed("language detection (lingua), whichever stage asked for it", confidences)
        evaluate = interactions.evaluate
        checks_cpu: list[float] = []

        def timed_evaluate(rules, facts, context, *a, **kw):
            for spent in stages.values():
                spent.append(0.0)
            if profiler:
                profiler.enable()
            began = time.process_time()
            try:
                timed("analysis of the transcript (turns, languages, words)", language.analyse)(
                    facts.transcript or "", facts.language or context.customer_language)
                return evaluate(rules, facts, context, *a, **kw)
            finally:
                checks_cpu.append(time.process_time() - began)
                if profiler:
                    profiler.disable()

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

        for language_code, transcript in warm:
            interactions.evaluate = timed_evaluate
            log(language_code, transcript)
        checks_cpu.clear()
        stages.clear()
        if profiler:
            profiler = cProfile.Profile()
        on, off = [], []
        collecting = [0.0, 0.0]  # the garbage collector's CPU in the measured contacts, of which full passes

        def collector(phase, info):
            if phase == "start":
                collector.began = time.process_time()
                return
            spent = time.process_time() - collector.began
            collecting[0] += spent
            collecting[1] += spent if info["generation"] == 2 else 0.0

        gc.callbacks.append(collector)
        for language_code, transcript in measured:
            interactions.evaluate = no_checks
            off.append(log(language_code, transcript))
            interactions.evaluate = timed_evaluate
            on.append(log(language_code, transcript))
        gc.callbacks.remove(collector)
        interactions.evaluate = evaluate
        language.confidences = confidences
        after_contacts = resident_mb()
        tracked = len(gc.get_objects())
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
          f"the median of logging without them, same run)")
    print("\nstages of the checks, mean CPU per contact:")
    for name, spent in sorted(stages.items(), key=lambda item: (not item[0].startswith("analysis"),
                                                                item[0].startswith("language"), item[0])):
        print(f"  {name:<60} {statistics.fmean(spent) * ms:6.3f} ms  ({statistics.fmean(spent) / off_median * ms:.1%} of logging)")
    print(f"\ngarbage collector: {collecting[0] / len(measured) * ms:.3f} ms CPU per contact, checks on or off "
          f"({collecting[1] / len(measured) * ms:.3f} ms in full passes); {tracked:,} objects it follows "
          f"after the contacts{'' if args.no_freeze else ' (what the warm-up loaded is frozen apart)'}")
    preload = os.environ.get(language.PRELOAD_VARIABLE, "1")
    print(f"\nresident memory: {before_preload:.0f} MB before the language preload, {after_preload:.0f} MB after "
          f"(+{after_preload - before_preload:.0f} MB, {language.PRELOAD_VARIABLE}={preload}; "
          f"{warm_cpu:.2f} s CPU to load); {after_contacts:.0f} MB after logging the contacts")
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
