#!/usr/bin/env python
"""What each secondary index of `findings` costs a logged finding, on SQLite.

    .venv/bin/python bench/findings_indexes.py [--scale 0.01] [--rows 1500] [--rounds 3]

On a copy of the data set of --scale (made by bench/run.py or bench/generate.py; the copy goes to a
temporary directory and is deleted, the data set is left as it is), with the application's pragmas
(WAL, synchronous=NORMAL, foreign keys on), it times in process CPU one logged finding's own
transaction, `BEGIN IMMEDIATE; INSERT one finding; COMMIT`, `--rows` times with the indexes as the
migrations made them, then with each secondary index dropped in turn, then with none of them (the
unique key of sweep findings, `dedupe_key`, is part of the table and stays); the variants are
alternated over `--rounds` rounds and each is reported as the median of its rounds' means.
Nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import default_database_url  # noqa: E402

COLUMNS = ("interaction_id", "case_id", "customer_id", "agent_id", "team_id", "channel", "standard",
           "policy_version_id", "mode", "severity", "message", "message_l10n", "evidence", "status",
           "justification", "escalation_level", "created_at")


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", type=float, default=0.01)
    p.add_argument("--rows", type=int, default=1500, help="findings logged per variant and round")
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args(argv)
    source = Path(default_database_url(args.scale).removeprefix("sqlite:///"))
    if not source.exists():
        p.error(f"no data set {source}: run bench/generate.py --scale {args.scale} first")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "findings.sqlite"
        shutil.copyfile(source, path)
        con = sqlite3.connect(path, isolation_level=None)
        for pragma in ("PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL"):
            con.execute(pragma)
        ddl = dict(con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings'"
                               " AND sql IS NOT NULL ORDER BY name").fetchall())
        ix = con.execute("SELECT id, customer_id, agent_id, team_id, channel FROM interactions ORDER BY id DESC"
                         " LIMIT 1").fetchone()
        version = con.execute("SELECT max(id) FROM policy_versions").fetchone()[0]
        message = "The summary has 3 words; the standard is at least 5, so the next agent can pick up from it."
        row = (ix[0], None, ix[1], ix[2], ix[3], ix[4], "documentation.summary", version, "enforce", "low", message,
               json.dumps({"id": message, "params": {"num": 3, "minimum": 5}}), json.dumps({"words": 3, "min_words": 5}),
               "open", None, 0)
        sql = f"INSERT INTO findings ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"
        variants = {"as the migrations made them": set(ddl)}
        variants.update({f"without {name}": set(ddl) - {name} for name in ddl})
        variants["without any of them"] = set()

        def keep_only(names: set) -> None:
            have = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'index'"
                                              " AND tbl_name = 'findings' AND sql IS NOT NULL")}
            for name in have - names:
                con.execute(f'DROP INDEX "{name}"')
            for name in names - have:
                con.execute(ddl[name])

        means: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, names in variants.items():
                keep_only(names)
                cpu = 0.0
                for i in range(args.rows):
                    c0 = time.process_time()
                    con.execute("BEGIN IMMEDIATE")
                    con.execute(sql, row + (f"2026-01-01 00:00:00.{i:06d}",))
                    con.execute("COMMIT")
                    cpu += time.process_time() - c0
                means[name].append(cpu / args.rows)
        con.close()
    base = statistics.median(means["as the migrations made them"])
    print(f"{source.name}: CPU of one finding's transaction (median of {args.rounds} rounds of {args.rows})")
    for name, values in means.items():
        m = statistics.median(values)
        print(f"  {name:45s} {m * 1e6:6.1f} µs  ({(m - base) * 1e6:+.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
