"""PostgreSQL name search at scale, old SQL against new, alternated: the `similarity()`-ranked query
search_names issued before (#12) and the statements it issues now (word-start matches, then names
containing the fragment only when those are fewer than a page), each ranked as the app ranks.

    # read-only on a generated database (its customers table):
    .venv/bin/python bench/name_search_pg.py --url postgresql://postgres@127.0.0.1:5432/crm_bench_1_ix0_1
    # or make a 1,000,000-name table from a smaller generated database's names, in schema s1m of --url:
    .venv/bin/python bench/name_search_pg.py --url postgresql://postgres@127.0.0.1:5432/crm_bench_log \\
        --make-1m-from postgresql://postgres@127.0.0.1:5432/crm_bench_log_0_01 --schema s1m

400 fragments of 3-5 letters cut from randomly drawn names (as bench/run.py draws them); p50, p95
and worst of each, in milliseconds, wall clock on one connection. Nothing is written except with
--make-1m-from (which drops and fills `--schema` of --url: first names and surnames of the source
recombined at random, a pg_trgm GIN index on them as migration 0001 makes).
"""
from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import psycopg  # noqa: E402

from crm.services.lookup import NAME_CANDIDATES, _WORD_START, _name_rank  # noqa: E402

LIVE = "merged_into_id IS NULL AND erased_at IS NULL"


def make_1m(url: str, source: str, schema: str) -> None:
    with psycopg.connect(source) as src:
        names = [n for (n,) in src.execute("SELECT search_name FROM customers") if " " in n]
    firsts, lasts = [n.rsplit(" ", 1)[0] for n in names], [n.rsplit(" ", 1)[1] for n in names]
    rnd = random.Random(1)
    with psycopg.connect(url, autocommit=True) as dst:
        dst.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        dst.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
        dst.execute(f"CREATE SCHEMA {schema}")
        dst.execute(f"CREATE TABLE {schema}.customers (id int PRIMARY KEY, search_name varchar(200) NOT NULL, "
                    "merged_into_id int, erased_at timestamp)")
        with dst.cursor() as cur, cur.copy(f"COPY {schema}.customers (id, search_name) FROM STDIN") as copy:
            for i in range(1, 1_000_001):
                copy.write_row((i, f"{rnd.choice(firsts)} {rnd.choice(lasts)}"))
        dst.execute(f"CREATE INDEX ON {schema}.customers USING gin (search_name gin_trgm_ops)")
        dst.execute(f"ANALYZE {schema}.customers")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--schema", default="public")
    p.add_argument("--make-1m-from", default=None)
    p.add_argument("--fragments", type=int, default=400)
    args = p.parse_args()
    if args.make_1m_from:
        make_1m(args.url, args.make_1m_from, args.schema)
    conn = psycopg.connect(args.url, autocommit=True)
    conn.execute(f"SET search_path = {args.schema}, public")
    names = [n for (n,) in conn.execute("SELECT search_name FROM customers TABLESAMPLE SYSTEM (1) LIMIT 5000")]
    rnd = random.Random(7)
    fragments: list[str] = []
    while len(fragments) < args.fragments:
        name, k = rnd.choice(names), rnd.randint(3, 5)
        if len(name) >= k:
            i = rnd.randint(0, len(name) - k)
            if re.fullmatch(r"\w+", name[i:i + k]):
                fragments.append(name[i:i + k])

    def like(w: str) -> str:
        return "%" + w.replace("_", "\\_") + "%"

    def old(w: str):
        return conn.execute(f"SELECT id FROM customers WHERE search_name LIKE %s AND {LIVE} "
                            "ORDER BY similarity(search_name, %s) DESC, id LIMIT 20", (like(w), w)).fetchall()

    def new(w: str):
        sql = "SELECT id, search_name FROM customers WHERE search_name {} %s AND " + LIVE + " LIMIT %s"
        rows = conn.execute(sql.format("~"), (_WORD_START + w, NAME_CANDIDATES)).fetchall()
        if len(rows) < 20:
            seen = {r[0] for r in rows}
            rows += [r for r in conn.execute(sql.format("LIKE"), (like(w), NAME_CANDIDATES)) if r[0] not in seen]
        return sorted(rows, key=lambda r: _name_rank(r[1], [w]))[:20]

    for w in fragments[:10]:  # warm
        old(w), new(w)
    times: dict[str, list[float]] = {"old (similarity)": [], "new (word starts first)": []}
    arms = list(zip(times, (old, new)))
    for w in fragments:
        for key, run in (arms if rnd.random() < 0.5 else arms[::-1]):
            t0 = time.perf_counter()
            run(w)
            times[key].append((time.perf_counter() - t0) * 1000)
    count = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    print(f"{count:,} names, {len(fragments)} fragments, alternated in random order:")
    for key, v in times.items():
        v.sort()
        print(f"  {key}: p50 {statistics.median(v):.2f} ms, p95 {v[int(0.95 * len(v)) - 1]:.2f} ms, "
              f"worst {v[-1]:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
