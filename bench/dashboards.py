"""Time the compliance dashboard for one team over 30 and 365 days at BENCHMARKS.md's scale.

Only the daily roll-ups are generated (that is all the reports read): 10 million contacts a year
by 500 agents in 20 teams on 4 channels, ~0.4 flagged standards per contact, review outcomes
drawn for the flags, rows interleaved by day across teams as logging writes them.

    .venv/bin/python bench/dashboards.py [--scale 1.0] [--runs 9] [--database-url sqlite:///…]

Writes docs/benchmarks-dashboards.md. SQLite by default (a file under bench/results/).
"""
from __future__ import annotations

import argparse
import bisect
import os
import platform
import random
import sqlite3
import statistics
import sys
import time
from datetime import datetime, timedelta, timezone
from math import comb
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TEAMS, AGENTS_PER_TEAM, CHANNELS = 20, 25, ("phone", "email", "chat", "social")
CONTACTS_PER_YEAR = 10_000_000
FLAGS_PER_CONTACT = 0.4
# How often each standard flags, relative to the others (from the generated 0.01 data set).
WEIGHTS = {"authority.limit": 833, "courtesy.positive_language": 1075, "courtesy.thanks": 5091,
           "documentation.summary": 7157, "hold.apology": 3460, "hold.max_duration": 3684,
           "queue.max_wait": 5528, "resolution.next_step": 4957, "transfer.warm": 1791}
REVIEWS = (("upheld", .18), ("coached", .24), ("dismissed", .09), ("waived", .03))  # the rest stay open


def generate(url: str, scale: float, seed: int = 20261123) -> tuple[int, int]:
    """Create the schema and the roll-up rows; return (contacts, flags)."""
    from crm import create_app
    from crm.cli import upgrade_database
    from crm.services.policy import applicable, ensure_default_policy, policy_in_force

    path = url[len("sqlite:///"):]
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CRM_LOAD_PLUGINS": False})
    with app.app_context():
        upgrade_database()
        ensure_default_policy()
        policy = policy_in_force()
        rules = {ch: [(r.standard, r.mode) for r in applicable(policy.rules, ch, 1)] for ch in CHANNELS}
        version = policy.version_id
    rng, shuffle = random.Random(seed), random.Random(seed + 1)
    mean = CONTACTS_PER_YEAR * scale / (365 * TEAMS * AGENTS_PER_TEAM * len(CHANNELS))
    cdfs: dict = {}

    def binomial(n: int, p: float) -> int:
        cdf = cdfs.get((n, p))
        if cdf is None:
            acc, cdf = 0.0, []
            for k in range(n + 1):
                acc += comb(n, k) * p ** k * (1 - p) ** (n - k)
                cdf.append(acc)
            cdfs[(n, p)] = cdf
        return min(bisect.bisect_left(cdf, rng.random()), n)

    chance = {}
    for ch, pairs in rules.items():
        total = sum(WEIGHTS.get(s, 300) for s, _ in pairs)
        chance[ch] = [(s, m, round(FLAGS_PER_CONTACT * WEIGHTS.get(s, 300) / total, 4)) for s, m in pairs]
    agents = [(team * 100 + a, team) for team in range(1, TEAMS + 1) for a in range(AGENTS_PER_TEAM)]
    today = datetime.now(timezone.utc).date()
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    stamp = "2025-01-01 00:00:00.000000"
    db.executemany("INSERT INTO teams (id, name, created_at) VALUES (?, ?, ?)",
                   [(t, f"Team {t}", stamp) for t in range(1, TEAMS + 1)])
    db.executemany("INSERT INTO users (id, email, name, role, team_id, active, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
                   [(a, f"agent{a}@bench.example", f"Agent {a}", "agent", t, stamp) for a, t in agents]
                   + [(10_000 + t, f"lead{t}@bench.example", f"Lead {t}", "lead", t, stamp)
                      for t in range(1, TEAMS + 1)])
    contacts = flags = 0
    for back in range(364, -1, -1):
        day = (today - timedelta(days=back)).isoformat()
        activity, compliance = [], []
        for agent, team in agents:
            for ch in CHANNELS:
                n = max(0, int(round(rng.gauss(mean, mean ** 0.5))))
                if not n:
                    continue
                contacts += n
                activity.append((day, team, agent, ch, version, n, n * rng.randint(200, 400), int(n * .6)))
                for standard, mode, p in chance[ch]:
                    f = binomial(n, p)
                    if not f:
                        continue
                    flags += f
                    outcome = {name: 0 for name, _ in REVIEWS}
                    for _ in range(f):
                        x, acc = rng.random(), 0.0
                        for name, q in REVIEWS:
                            acc += q
                            if x < acc:
                                outcome[name] += 1
                                break
                    compliance.append((day, team, agent, ch, standard, mode, f, *outcome.values()))
        # As logging writes them: every team's rows of a day interleaved.
        shuffle.shuffle(activity)
        shuffle.shuffle(compliance)
        db.executemany("INSERT INTO activity_daily (day, team_id, agent_id, channel, policy_version_id, contacts, "
                       "handled_seconds, resolved) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", activity)
        db.executemany("INSERT INTO compliance_daily (day, team_id, agent_id, channel, standard, mode, flagged, "
                       "upheld, coached, dismissed, waived) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", compliance)
    db.commit()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return contacts, flags


def measure(url: str, runs: int) -> dict[str, float]:
    """Median milliseconds of each report for team 1's lead, after two warm-up calls."""
    from sqlalchemy import select

    from crm import create_app
    from crm.extensions import db
    from crm.models import User
    from crm.services import reports

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "CRM_LOAD_PLUGINS": False})
    out = {}
    with app.app_context():
        lead_id = db.session.scalar(select(User.id).where(User.role == "lead", User.team_id == 1))
        for days in (30, 365):
            start = str(reports.Period.last(days).start)
            cases = {f"compliance by standard, {days} days": lambda who: reports.compliance(who, "standard", start),
                     f"compliance by week, {days} days": lambda who: reports.compliance(who, "week", start),
                     f"whole dashboard page, {days} days": lambda who: reports.dashboard(who, start)}
            for name, report in cases.items():
                times = []
                for i in range(runs + 2):
                    db.session.remove()
                    lead = db.session.get(User, lead_id)
                    t0 = time.perf_counter()
                    report(lead)
                    if i >= 2:
                        times.append(time.perf_counter() - t0)
                out[name] = statistics.median(times) * 1e3
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 10 million contacts a year")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'bench' / 'results' / 'dashboards.sqlite'}")
    parser.add_argument("--reuse", action="store_true", help="time an already generated database")
    args = parser.parse_args()
    if not args.database_url.startswith("sqlite:///"):
        parser.error("this harness writes SQLite files")
    Path(args.database_url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    started = time.time()
    contacts = flags = None
    if not args.reuse:
        contacts, flags = generate(args.database_url, args.scale)
        print(f"generated {contacts:,} contacts and {flags:,} flags in {time.time() - started:.0f} s")
    figures = measure(args.database_url, args.runs)
    targets = {"compliance by standard, 30 days": 50, "compliance by standard, 365 days": 100}
    lines = [
        "# Dashboard benchmark",
        "",
        "<!-- Generated by bench/dashboards.py; do not edit by hand. -->",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC by "
        f"`.venv/bin/python bench/dashboards.py --scale {args.scale:g} --runs {args.runs}` on "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}.",
        "",
        (f"Data: {contacts:,} contacts and {flags:,} flagged standards in a year, "
         if contacts is not None else "Data: as generated before, ")
        + f"{TEAMS * AGENTS_PER_TEAM} agents in {TEAMS} teams, {len(CHANNELS)} channels (roll-up rows only). "
        "Each figure is the median of the runs for one team's lead, in-process (no HTTP).",
        "",
        "| report, one team | median | target (BENCHMARKS.md) |",
        "|---|---|---|",
    ]
    for name, ms in figures.items():
        goal = targets.get(name)
        verdict = "—" if goal is None else f"≤ {goal} ms: {'met' if ms <= goal else 'not met'}"
        lines.append(f"| {name} | {ms:.1f} ms | {verdict} |")
    text = "\n".join(lines) + "\n"
    (ROOT / "docs" / "benchmarks-dashboards.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
