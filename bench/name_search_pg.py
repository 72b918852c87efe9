"""PostgreSQL name search at scale, before and after migration 0011, alternated: the statements
search_names issued with the pg_trgm GIN index (word starts by `search_name ~ '(^|[ /'.,-])frag'`,
then names containing the fragment by LIKE when those were fewer than a page) and the statements it
issues now (the same two steps as range scans of customer_name_words' btree), each ranked as the app
ranks. Both need their index: on a database upgraded to 0011, make the dropped trigram index again
first (`--trigram` does, ~1 min at 1M, and drops it again at the end).

    .venv/bin/python bench/name_search_pg.py --trigram \
        --url postgresql://postgres@127.0.0.1:5432/crm_bench_pgsearch_1_ix0_01

400 fragments of 3-5 letters cut from randomly drawn names (as bench/run.py draws them); p50, p95
and worst of each, in milliseconds, wall clock on one connection, the two in random order per
fragment. Results are compared too (the same ids in the same order, or a count of differences).
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

from crm.services.lookup import NAME_CANDIDATES, _PG_NAMES, _WORD_START, _name_rank, _prefix_range  # noqa: E402

LIVE = "merged_into_id IS NULL AND erased_at IS NULL"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--schema", default="public")
    p.add_argument("--trigram", action="store_true",
                   help="make the pg_trgm index the old statements need, and drop it again at the end")
    p.add_argument("--fragments", type=int, default=400)
    args = p.parse_args()
    conn = psycopg.connect(args.url, autocommit=True)
    conn.execute(f"SET search_path = {args.schema}, public")
    if args.trigram:
        conn.execute("CREATE INDEX IF NOT EXISTS ix_customers_search_name_trgm_bench ON customers "
                     "USING gin (search_name gin_trgm_ops)")
        conn.execute("ANALYZE customers")
    names = [n for (n,) in conn.execute("SELECT search_name FROM customers TABLESAMPLE SYSTEM (1) LIMIT 5000")]
    if len(names) < 100:  # a small table: 1 % of its pages is too few names
        names = [n for (n,) in conn.execute("SELECT search_name FROM customers LIMIT 5000")]
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
        sql = "SELECT id, search_name FROM customers WHERE search_name {} %s AND " + LIVE + " LIMIT %s"
        rows = conn.execute(sql.format("~"), (_WORD_START + w, NAME_CANDIDATES)).fetchall()
        if len(rows) < 20:
            seen = {r[0] for r in rows}
            rows += [r for r in conn.execute(sql.format("LIKE"), (like(w), NAME_CANDIDATES)) if r[0] not in seen]
        return [r[0] for r in sorted(rows, key=lambda r: _name_rank(r[1], [w]))[:20]]

    new_sql = _PG_NAMES.format("").replace(":lo", "%(lo)s").replace(":hi", "%(hi)s").replace(":cap", "%(cap)s")

    def new(w: str):
        def read(prefix: str, seen: set) -> list:
            lo, hi = _prefix_range(prefix)
            out = []
            rows = conn.execute(new_sql, {"lo": lo, "hi": hi, "cap": NAME_CANDIDATES}).fetchall()
            if len(rows) == NAME_CANDIDATES:
                capped.add(w)
            for r in rows:
                if r[0] not in seen:
                    seen.add(r[0])
                    out.append(r)
            return out
        seen: set = set()
        rows = read(" " + w, seen)
        if len(rows) < 20:
            rows += read(w, seen)
        return [r[0] for r in sorted(rows, key=lambda r: _name_rank(r[1], [w]))[:20]]

    differ, capped = [], set()
    for w in fragments[:10]:  # warm
        old(w), new(w)
    times: dict[str, list[float]] = {"before 0011 (pg_trgm GIN)": [], "after 0011 (customer_name_words btree)": []}
    arms = list(zip(times, (old, new)))
    for w in fragments:
        got = {}
        for key, run in (arms if rnd.random() < 0.5 else arms[::-1]):
            t0 = time.perf_counter()
            got[key] = run(w)
            times[key].append((time.perf_counter() - t0) * 1000)
        if len(set(map(tuple, got.values()))) > 1:
            differ.append(w)
    if args.trigram:
        conn.execute("DROP INDEX IF EXISTS ix_customers_search_name_trgm_bench")
    count = conn.execute("SELECT count(*) FROM customers").fetchone()[0]
    print(f"{count:,} names, {len(fragments)} fragments, alternated in random order:")
    for key, v in times.items():
        v.sort()
        print(f"  {key}: p50 {statistics.median(v):.2f} ms, p95 {v[int(0.95 * len(v)) - 1]:.2f} ms, "
              f"worst {v[-1]:.2f} ms")
    exact = [w for w in differ if w not in capped]
    print(f"  pages that differ: {len(differ)} of {len(fragments)}, of which {len(exact)} where neither read reached "
          f"{NAME_CANDIDATES} rows" + (f" ({', '.join(exact[:10])})" if exact else "")
          + f"; with more matches than that each page is the best of an arbitrary {NAME_CANDIDATES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
