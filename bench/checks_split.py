#!/usr/bin/env python
"""Where the checks row of bench/run.py goes: its two arms, alternated, split by kind of contact and by stage.

    .venv/bin/python bench/checks_split.py                    # the SQLite data set of --scale 0.01
    .venv/bin/python bench/checks_split.py --logs 600 --database-url postgresql+psycopg://USER@HOST/crm_bench_0_01

The same contacts and arms as `bench/run.py --only checks` (draw_inputs with the same seed; arm A the
policy in force, arm B the same version with its rules removed; A and B alternated in ABBA order; the
data set must exist: run bench/run.py or bench/generate.py first). Each contact's process CPU is
measured in both arms, and in arm A the CPU of the stages the checks add: evaluate() (the checks,
the shared language analysis among them; with `--by-standard` also each standard's check), writing the findings (`_insert_findings`) and the roll-ups
(`rollups.record_logged`, in both arms; on PostgreSQL a flagged contact's roll-ups are written by its
findings' INSERT, so there they count under the findings and the roll-ups' difference goes below zero)
and the commit. Printed: the CPU medians of each arm, what each stage adds to the
row's figure (the stage's mean in arm A minus its mean in arm B) and what evaluate() spends per standard, then per
kind of contact (with or without a transcript, with or without findings in arm A) how many there are,
their medians in both arms and the medians of the stages. Nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import default_database_url, make_app  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=0.01)
    p.add_argument("--database-url", help="default: the SQLite data set of --scale under bench/results/")
    p.add_argument("--logs", type=int, default=600, help="contacts, each logged in both arms")
    p.add_argument("--seed", type=int, default=7, help="as bench/run.py")
    p.add_argument("--profile", type=int, default=0, metavar="N",
                   help="also print the N functions evaluate() spends most in, arm A after the warm-up (cProfile)")
    p.add_argument("--by-standard", action="store_true",
                   help="also time each standard's check (two clock reads per check, added to arm A's CPU)")
    p.add_argument("--sort", default="tottime", help="the profile's order (pstats: tottime, cumulative …)")
    args = p.parse_args(argv)
    url = args.database_url or default_database_url(args.scale)
    app = make_app(url)

    import run
    inputs = run.draw_inputs(app, url, args.seed, n_lookups=1, n_fragments=1, n_logs=args.logs, n_http_logs=0)

    from sqlalchemy.orm import Session

    import crm.services.interactions as ix_module
    from crm.extensions import db
    from crm.models import User
    from crm.services import rollups
    from crm.services.interactions import InteractionInput, log_interaction
    from crm.services.policy import Policy

    spent: dict[str, float] = defaultdict(float)

    def timed(owner, name: str, stage: str) -> None:
        real = getattr(owner, name)

        def wrapper(*a, **kw):
            c0 = time.process_time()
            try:
                return real(*a, **kw)
            finally:
                spent[stage] += time.process_time() - c0
        setattr(owner, name, wrapper)

    timed(ix_module, "evaluate", "evaluate")
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        timed_evaluate = ix_module.evaluate

        def profiled(*a, **kw):
            profiler.enable()
            try:
                return timed_evaluate(*a, **kw)
            finally:
                profiler.disable()
        ix_module.evaluate = profiled
    timed(ix_module, "_insert_findings", "findings")
    timed(rollups, "record_logged", "roll-ups")
    timed(Session, "commit", "commits")
    stages = ("evaluate", "findings", "roll-ups", "commits", "gc")

    # The garbage collector's passes, wherever they fall (inside the stages above too): the contacts that
    # allocate more (arm A) trigger more of them, and each full pass walks every object the process holds.
    gc_started = [0.0]

    def gc_pass(phase, info):
        if phase == "start":
            gc_started[0] = time.process_time()
        else:
            spent["gc"] += time.process_time() - gc_started[0]
    gc.callbacks.append(gc_pass)

    real_policy = ix_module.policy_in_force

    def empty_policy(at=None, mark=None):
        policy = real_policy(at, mark)
        return None if policy is None else Policy(policy.version_id, policy.number, ())

    def one(arm: str, data: dict, agent_id: int) -> tuple[float, int, dict]:
        actor = db.session.get(User, agent_id)
        ix_module.policy_in_force = real_policy if arm == "A" else empty_policy
        spent.clear()
        try:
            c0 = time.process_time()
            logged = log_interaction(InteractionInput(**data), actor)
            cpu = time.process_time() - c0
        finally:
            ix_module.policy_in_force = real_policy
        db.session.remove()
        return cpu, len(logged.findings), dict(spent)

    agents = inputs["agents"]
    measured: dict[str, list] = {"A": [], "B": []}
    with app.app_context():
        # Each standard's check timed on its own (a stage of its code), before any rule is chosen with it.
        from crm.services.policy import standards
        for code, standard in standards().items() if args.by_standard else ():
            if standard.kind == "interaction":
                real_check = standard.check

                def check(*a, _real=real_check, _stage="check " + code, **kw):
                    c0 = time.process_time()
                    try:
                        return _real(*a, **kw)
                    finally:
                        spent[_stage] += time.process_time() - c0
                object.__setattr__(standard, "check", check)
        from crm.standards.language import warm_up
        warm_up()  # the language preload, as a server process does before its first contact
        for k in range(20):  # warm-up, as bench/run.py
            one("A" if k % 2 else "B", inputs["logs"][k % len(inputs["logs"])], agents[0])
        if profiler:
            profiler = cProfile.Profile()  # what the warm-up spent is not counted
        for i, data in enumerate(inputs["logs"]):
            for arm in (("A", "B") if i % 2 == 0 else ("B", "A")):
                measured[arm].append((bool(data.get("transcript")),) + one(arm, data, agents[i % len(agents)]))

    def ms(values) -> str:
        return f"{statistics.median(values) * 1e3:.3f}" if values else "-"

    a_cpu, b_cpu = [m[1] for m in measured["A"]], [m[1] for m in measured["B"]]
    print(f"{url.split('@')[-1]}: {len(a_cpu)} contacts per arm; CPU p50 with checks {ms(a_cpu)} ms, empty policy "
          f"{ms(b_cpu)} ms ({(statistics.median(a_cpu) / statistics.median(b_cpu) - 1) * 100:+.1f} %)")
    mean_a, mean_b = statistics.fmean(a_cpu), statistics.fmean(b_cpu)
    print(f"CPU over the same contacts (run.py's checks row since round 15): mean with checks {mean_a * 1e3:.3f} ms, "
          f"empty policy {mean_b * 1e3:.3f} ms: the checks add {(mean_a - mean_b) * 1e3:.3f} ms "
          f"({(mean_a / mean_b - 1) * 100:+.1f} %)")
    # The means of the stages over all contacts, each arm: what each stage adds to the row's figure (A - B),
    # and what is left of the difference outside them (making the findings' rows, the hooks, …).
    added = mean_a - mean_b
    parts = []
    for s in stages:
        sa = statistics.fmean(m[3].get(s, 0.0) for m in measured["A"])
        sb = statistics.fmean(m[3].get(s, 0.0) for m in measured["B"])
        parts.append((s, sa - sb))
    rest = added - sum(d for s, d in parts if s != "gc")
    print("what the checks add, by stage (mean of A - mean of B, ms per contact): "
          + ", ".join(f"{s} {d * 1e3:+.3f}" for s, d in parts if s != "gc") + f", elsewhere {rest * 1e3:+.3f}; "
          f"the collector's passes, inside any of them: {dict(parts)['gc'] * 1e3:+.3f}")
    by_check = defaultdict(float)
    for m in measured["A"]:
        for stage, cpu in m[3].items():
            if stage.startswith("check "):
                by_check[stage[6:]] += cpu
    if by_check:
        print("evaluate() by standard (arm A, mean ms per contact): " + ", ".join(
            f"{code} {cpu / len(a_cpu) * 1e3:.3f}" for code, cpu in sorted(by_check.items(), key=lambda kv: -kv[1])))
    print("kind of contact (arm A)            share   A p50   B p50   A-B  | A's stages p50: " + "  ".join(stages)
          + " | the kind's share of what the checks add (means)")
    kinds = (("no transcript, no findings", False, False), ("no transcript, findings", False, True),
             ("transcript, no findings", True, False), ("transcript, findings", True, True))
    for label, transcript, flagged in kinds:
        rows = [(a, b) for a, b in zip(measured["A"], measured["B"]) if a[0] == transcript and bool(a[2]) == flagged]
        if not rows:
            continue
        a = [r[0][1] for r in rows]
        b = [r[1][1] for r in rows]
        diff = statistics.median(a) - statistics.median(b)
        parts = "  ".join(ms([r[0][3].get(s, 0.0) for r in rows]) for s in stages)
        b_stages = "  ".join(ms([r[1][3].get(s, 0.0) for r in rows]) for s in stages)
        share = (sum(a) - sum(b)) / max(sum(a_cpu) - sum(b_cpu), 1e-12) * 100
        print(f"{label:34s} {len(rows) / len(a_cpu) * 100:4.0f} %  {ms(a)}  {ms(b)}  {diff * 1e3:+.3f} | A {parts} | B {b_stages}"
              f" | {share:.0f} %")
    if profiler:
        print()
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
