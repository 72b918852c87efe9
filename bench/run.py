#!/usr/bin/env python
"""Measure the workloads of BENCHMARKS.md on a generated data set and write docs/benchmarks.md.

    .venv/bin/python bench/run.py --scale 0.01          # generates the data first when missing
    .venv/bin/python bench/run.py --scale 0.01 0.1      # one section per scale in the same report
    .venv/bin/python bench/run.py --only checks         # one workload, printed as JSON (no report)
    .venv/bin/python bench/run.py --all --runs 3 --postgres-url postgresql+psycopg://USER@HOST/crm_bench
                                                        # the whole page: every scale, SQLite and PostgreSQL

Every workload is repeated (--runs, default 5) and reported as the median over the runs of each
run's p50 / p95 (and the worst single case where that is the target). Each one is measured beside
its floor, in the same run, interleaved with it, so drift on a shared machine hits both alike:

* screen-pop lookup by phone over real HTTP to `crm serve` on 127.0.0.1 (one persistent connection),
  floor: GET /ping on the same connection and a raw sqlite3 (psycopg) point query on contact_points.value;
* the same with 8 concurrent connections (wrk, or 8 Python client threads without it), floor: /ping at
  8 connections;
* name-fragment search (search_names, 20 results), floor: the raw FTS5 MATCH (customer_name_words
  range scan) query;
* what the built-in checks add to log_interaction: default policy vs an empty policy, alternated;
* logging interactions over HTTP at 8 connections (throughput, p99, "database is locked");
* CSV import of 20,000 rows through import_customers_csv, floor: a raw executemany of the same rows.

Only loopback addresses are used; every loop is bounded; servers are stopped by their own pid.
"""
from __future__ import annotations

import argparse
import csv
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Optional

from common import (PROJECT_DIR, RESULTS_DIR, Raw, bench_environment, data_name, default_database_url,
                    ensure_postgres_database, make_app, manifest_path, migrations_head, postgres_url_for,
                    read_manifest, source_state, sqlite_path)

UTC = timezone.utc
HOST = "127.0.0.1"  # loopback only
DOC = PROJECT_DIR / "docs" / "benchmarks.md"
GUNICORN = Path(sys.executable).with_name("gunicorn")
SERVER = "granian"  # --server: `crm serve` (granian, the production server), or "gunicorn" to compare
WORKER_CLASS = "gthread"  # --worker-class of gunicorn: "sync" to compare (it closes the connection after each answer)
# The load generator of the concurrent workloads (--client): wrk (C, one event loop) when it is installed,
# else 8 Python http.client threads, which on a 2-CPU machine take a large share of the CPU from the server.
WRK = shutil.which("wrk")
CLIENT = "wrk" if WRK else "python"
WRK_SECONDS = 3  # --seconds: how long wrk sends each run's requests


# --- small statistics helpers -------------------------------------------------------------------

def pct(values, q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation; values need not be sorted."""
    s = sorted(values)
    if not s:
        return float("nan")
    k = (len(s) - 1) * q / 100
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def percentiles(latencies: list[float]) -> dict:
    """One run's p50/p95/p99/max and count (seconds)."""
    return {"p50": pct(latencies, 50), "p95": pct(latencies, 95), "p99": pct(latencies, 99),
            "max": max(latencies), "n": len(latencies)}


def summary(runs: list) -> dict:
    """Per-run p50/p95/p99/max, and the median of each over the runs (values in seconds). A run is a
    list of latencies, or its percentiles() already computed (wrk gives only those)."""
    per_run = [r if isinstance(r, dict) else percentiles(r) for r in runs if r]
    med = {k: statistics.median(x[k] for x in per_run) for k in ("p50", "p95", "p99", "max")}
    med["worst"] = max(x["max"] for x in per_run)
    med["n"] = sum(x["n"] for x in per_run)
    med["runs"] = len(per_run)
    med["p50_spread"] = [min(x["p50"] for x in per_run), max(x["p50"] for x in per_run)]
    return med


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- the machine --------------------------------------------------------------------------------------

def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    from importlib.metadata import version
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform(),
        "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "sqlalchemy": version("sqlalchemy"), "flask": version("flask"), "gunicorn": version("gunicorn"),
        "granian": version("granian"),
        "psycopg": version("psycopg"),
        "loadavg_at_start": [round(x, 2) for x in load] if load else None,
    }


# --- the web server ------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_description(workers: int, threads: int) -> str:
    if SERVER == "gunicorn":
        return f"gunicorn wsgi:app, {workers} workers, {WORKER_CLASS} with {threads} threads each"
    return f"crm serve (granian), {workers} workers with {threads} threads each"


@contextmanager
def web_server(url: str, workers: int, threads: int):
    """The production server (`crm serve`, or with --server gunicorn `gunicorn wsgi:app`) on 127.0.0.1,
    connections kept alive, stopped by its pid."""
    port = free_port()
    if SERVER == "gunicorn":
        cmd = [str(GUNICORN), "--bind", f"{HOST}:{port}", "--workers", str(workers),
               "--worker-class", WORKER_CLASS, "--threads", str(threads), "--keep-alive", "75",
               "--backlog", "64", "--log-level", "warning", "--timeout", "60", "wsgi:app"]
    else:
        cmd = [str(GUNICORN.with_name("crm")), "serve", "--host", HOST, "--port", str(port),
               "--workers", str(workers), "--threads", str(threads)]
    log = open(RESULTS_DIR / "server.log", "ab")
    proc = subprocess.Popen(cmd, cwd=PROJECT_DIR, env=bench_environment(url), stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited with {proc.returncode}; see {RESULTS_DIR / 'server.log'}")
            try:
                c = http.client.HTTPConnection(HOST, port, timeout=2)
                c.request("GET", "/ping")
                ok = c.getresponse().status == 200
                c.close()
                # Every worker must be up before timing starts.
                if ok and len(worker_pids(proc.pid)) >= workers:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the server did not answer /ping within 60 s")
            time.sleep(0.2)
        if workers > 1:
            time.sleep(2)  # let every worker finish importing the app
        yield proc, port
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # graceful stop of the master we started
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
        log.close()


def worker_pids(master: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == master:
                out.append(int(entry.name))
    return out


CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time consumed so far by these processes."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / CLK_TCK


def machine_busy_seconds() -> float:
    """CPU time the whole machine spent busy so far (all processes, all CPUs), from /proc/stat."""
    try:
        parts = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except OSError:
        return float("nan")
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    return (sum(parts[:8]) - idle) / CLK_TCK


def memory_mb(pid: int) -> dict:
    """A process's resident memory: RSS (every page it maps, shared ones included), PSS (shared pages
    divided among the processes sharing them: its fair share) and USS (its private pages: what
    stopping it would free). Workers forked from a master that preloaded the app share its pages."""
    fields = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, value = line.split(":", 1)
            fields[key] = int(value.split()[0]) / 1024
    except (OSError, ValueError):
        return {"rss": rss_mb(pid), "pss": float("nan"), "uss": float("nan")}
    return {"rss": round(fields.get("Rss", float("nan")), 1), "pss": round(fields.get("Pss", float("nan")), 1),
            "uss": round(fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0), 1)}


def servers_memory(master: int) -> dict:
    """The largest worker's memory (by PSS), and the master's."""
    workers = [memory_mb(pid) for pid in worker_pids(master)]
    return {"worker": max(workers, key=lambda m: m["pss"]) if workers else {}, "master": memory_mb(master),
            "workers": len(workers)}


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    """One persistent HTTP/1.1 connection (http.client), timing each request to the last byte."""

    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.auth = {"Authorization": f"Bearer {token}"}

    def get(self, path: str, auth: bool = True) -> tuple[float, int, bytes]:
        t0 = time.perf_counter()
        self.conn.request("GET", path, headers=self.auth if auth else {})
        r = self.conn.getresponse()
        body = r.read()
        return time.perf_counter() - t0, r.status, body

    def post_json(self, path: str, payload: dict) -> tuple[float, int, bytes]:
        data = json.dumps(payload).encode()
        t0 = time.perf_counter()
        self.conn.request("POST", path, body=data,
                          headers={**self.auth, "Content-Type": "application/json"})
        r = self.conn.getresponse()
        body = r.read()
        return time.perf_counter() - t0, r.status, body

    def close(self) -> None:
        self.conn.close()


def lookup_path(kind: str, value: str) -> str:
    return "/api/v1/lookup?" + urllib.parse.urlencode({kind: value})


# --- workloads ------------------------------------------------------------------------------------------

def http_lookup_one_connection(url: str, token: str, samples: list[dict], runs: int, per_run: int) -> dict:
    """Screen-pop by phone (and e-mail, account) on one kept-alive connection, beside its floors: with wrk
    (--client wrk, the default when installed) as the 8-connection rows are, else Python's http.client."""
    if CLIENT == "wrk":
        return wrk_lookup_one_connection(url, token, samples, runs, per_run)
    raw = Raw(url, readonly=True)
    point = "SELECT customer_id FROM contact_points WHERE value = ?"
    by_kind = {k: [] for k in ("ping", "phone", "email", "account", "raw_sql")}
    statuses: dict[str, dict[int, int]] = {k: {} for k in ("phone", "email", "account")}
    with web_server(url, workers=1, threads=1) as (proc, port):
        client = Client(port, token)
        for s in samples[:50]:  # warm-up: imports, caches, prepared statements
            client.get("/ping", auth=False)
            client.get(lookup_path("phone", s["phone_raw"]))
            raw.execute(point, (s["phone"],)).fetchall()
        for run in range(runs):
            chunk = samples[run * per_run:(run + 1) * per_run]
            times = {k: [] for k in by_kind}
            for s in chunk:
                dt, status, _ = client.get("/ping", auth=False)
                times["ping"].append(dt)
                dt, status, _ = client.get(lookup_path("phone", s["phone_raw"]))
                times["phone"].append(dt)
                statuses["phone"][status] = statuses["phone"].get(status, 0) + 1
                if s.get("email"):
                    dt, status, _ = client.get(lookup_path("email", s["email"]))
                    times["email"].append(dt)
                    statuses["email"][status] = statuses["email"].get(status, 0) + 1
                dt, status, _ = client.get(lookup_path("account", s["account"]))
                times["account"].append(dt)
                statuses["account"][status] = statuses["account"].get(status, 0) + 1
                t0 = time.perf_counter()
                raw.execute(point, (s["phone"],)).fetchall()
                times["raw_sql"].append(time.perf_counter() - t0)
            for k in by_kind:
                by_kind[k].append(times[k])
            say(f"  lookup 1 conn run {run + 1}/{runs}: phone p50 {pct(times['phone'], 50) * 1e3:.2f} ms, "
                f"ping p50 {pct(times['ping'], 50) * 1e3:.2f} ms")
        rss = max(rss_mb(pid) for pid in worker_pids(proc.pid))
        client.close()
    raw.close()
    out = {k: summary(v) for k, v in by_kind.items()}
    out["statuses"] = {k: {str(code): n for code, n in sorted(v.items())} for k, v in statuses.items()}
    out["worker_rss_mb"] = round(rss, 1)
    out["server"] = server_description(1, 1) + ", keep-alive"
    return out


def wrk_lookup_one_connection(url: str, token: str, samples: list[dict], runs: int, per_run: int) -> dict:
    """The 1-connection lookups sent by wrk (one thread, one kept-alive connection): per run, `/ping`,
    then the phone, e-mail and account lookups of that run's samples, each kind for --seconds (wrk
    cycles through them); the raw query's floor timed in this process, once per sample."""
    raw = Raw(url, readonly=True)
    point = "SELECT customer_id FROM contact_points WHERE value = ?"
    by_kind = {k: [] for k in ("ping", "phone", "email", "account", "raw_sql")}
    statuses: dict[str, dict[int, int]] = {k: {} for k in ("phone", "email", "account")}
    with web_server(url, workers=1, threads=1) as (proc, port):
        warm = [("GET", lookup_path("phone", s["phone_raw"]), None) for s in samples[:50]]
        wrk_concurrent(port, token, [("GET", "/ping", None)], 1, 1)
        wrk_concurrent(port, token, warm, 1, 1)  # warm-up: imports, caches, prepared statements
        for s in samples[:50]:
            raw.execute(point, (s["phone"],)).fetchall()
        for run in range(runs):
            chunk = samples[run * per_run:(run + 1) * per_run] or samples[:per_run]
            requests = {"ping": [("GET", "/ping", None)],
                        "phone": [("GET", lookup_path("phone", s["phone_raw"]), None) for s in chunk],
                        "email": [("GET", lookup_path("email", s["email"]), None) for s in chunk if s.get("email")],
                        "account": [("GET", lookup_path("account", s["account"]), None) for s in chunk]}
            for kind, reqs in requests.items():
                if not reqs:
                    continue
                r = wrk_concurrent(port, token if kind != "ping" else "", reqs, 1, WRK_SECONDS)
                if r["errors"]:
                    raise RuntimeError(f"wrk errors: {r['errors'][:3]}")
                by_kind[kind].append(r["percentiles"])
                if kind != "ping":
                    for code, n in r["codes"].items():
                        statuses[kind][code] = statuses[kind].get(code, 0) + n
            times = []
            for s in chunk:
                t0 = time.perf_counter()
                raw.execute(point, (s["phone"],)).fetchall()
                times.append(time.perf_counter() - t0)
            by_kind["raw_sql"].append(times)
            say(f"  lookup 1 conn run {run + 1}/{runs} (wrk): phone p50 {by_kind['phone'][-1]['p50'] * 1e3:.2f} ms, "
                f"ping p50 {by_kind['ping'][-1]['p50'] * 1e3:.2f} ms")
        rss = max(rss_mb(pid) for pid in worker_pids(proc.pid))
    raw.close()
    out = {k: summary(v) for k, v in by_kind.items()}
    out["statuses"] = {k: {str(code): n for code, n in sorted(v.items())} for k, v in statuses.items()}
    out["worker_rss_mb"] = round(rss, 1)
    out["server"] = server_description(1, 1) + ", keep-alive"
    out["client"], out["seconds"] = "wrk", WRK_SECONDS
    return out


def lookup_diagnosis(app, token: str, samples: list[dict], url: str) -> dict:
    """Where a screen-pop's time goes: SQL statements per request and the costliest ones.

    Diagnosis only, not a measurement against a target: it runs in-process through Flask's test
    client (no HTTP) and times every statement with SQLAlchemy's cursor events.
    """
    from sqlalchemy import event

    from crm.extensions import db

    per_request: list[int] = []
    sql_time: dict[str, float] = {}
    sql_count: dict[str, int] = {}
    state = {"n": 0, "t0": 0.0}

    def before(conn, cursor, statement, params, context, executemany):
        state["t0"] = time.perf_counter()

    def after(conn, cursor, statement, params, context, executemany):
        key = re.sub(r"^SELECT .*? FROM ", "SELECT … FROM ", " ".join(statement.split()))
        key = key if len(key) <= 200 else key[:197] + "…"
        sql_time[key] = sql_time.get(key, 0.0) + time.perf_counter() - state["t0"]
        sql_count[key] = sql_count.get(key, 0) + 1
        state["n"] += 1

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    total = 0.0
    try:
        for s in samples[:100]:
            state["n"] = 0
            t0 = time.perf_counter()
            client.get("/api/v1/lookup", query_string={"phone": s["phone"]}, headers=headers)
            total += time.perf_counter() - t0
            per_request.append(state["n"])
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    top = sorted(sql_time.items(), key=lambda kv: -kv[1])[:3]
    raw = Raw(url, readonly=True)
    query = "SELECT * FROM cases WHERE customer_id = 1 AND status = 'open' ORDER BY opened_at DESC"
    plan = raw.execute(("EXPLAIN QUERY PLAN " if raw.kind == "sqlite" else "EXPLAIN ") + query).fetchall()
    open_cases = raw.execute("SELECT count(*) FROM cases WHERE status = 'open'").fetchone()[0]
    raw.close()
    return {"requests": len(per_request), "statements_per_request": statistics.median(per_request),
            "sql_share": sum(sql_time.values()) / total,
            "top": [{"sql": k, "share": v / total, "calls_per_request": sql_count[k] / len(per_request),
                     "ms_per_request": v / len(per_request) * 1e3} for k, v in top],
            "open_cases_plan": " / ".join(r[-1].strip() for r in plan), "open_cases_total": open_cases}


def database_pids(url: str) -> list[int]:
    """The PostgreSQL server processes serving this database's other connections (none for SQLite)."""
    if sqlite_path(url) is not None:
        return []
    raw = Raw(url)
    pids = [row[0] for row in raw.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND pid <> pg_backend_pid()")]
    raw.close()
    return pids


# One request of a concurrent workload: method, path, and the JSON body of a POST (None for a GET).
Request = tuple[str, str, Optional[dict]]

# wrk's script (LuaJIT): the requests come from a file written by wrk_concurrent(), one a line
# ("METHOD<TAB>PATH<TAB>BODY"), sent in order over all connections, from the first again when all were
# sent, for wrk's --duration (wrk has no count of requests to stop after); the answers' statuses are
# counted and the first bodies of 5xx answers kept; done() prints one JSON line.
WRK_SCRIPT = r"""
local requests, sent, threads = {}, 0, {}
codes, failures = {}, {}

function setup(thread) table.insert(threads, thread) end

function init(args)
  local token = args[2]
  for line in io.lines(args[1]) do
    local method, path, body = line:match("^(%u+)\t([^\t]+)\t(.*)$")
    local headers = {}
    if token ~= "" then headers["Authorization"] = "Bearer " .. token end
    if body == "" then body = nil else headers["Content-Type"] = "application/json" end
    requests[#requests + 1] = wrk.format(method, path, headers, body)
  end
end

function request()
  sent = sent % #requests + 1
  return requests[sent]
end

function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status >= 500 and #failures < 5 then failures[#failures + 1] = body:sub(1, 300) end
end

local function quote(text)
  return '"' .. text:gsub('[%c"\\]', function(c) return string.format("\\u%04x", c:byte()) end) .. '"'
end

function done(summary, latency, requests)
  local codes, failures, e = {}, {}, summary.errors
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("codes")) do codes[#codes + 1] = string.format('"%d": %d', k, v) end
    for _, b in ipairs(t:get("failures")) do failures[#failures + 1] = quote(b) end
  end
  io.write(string.format('WRK-RESULT {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, '
    .. '"max": %d, "codes": {%s}, "server_errors": [%s], "socket_errors": {"connect": %d, "read": %d, '
    .. '"write": %d, "timeout": %d}}\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), latency.max, table.concat(codes, ", "),
    table.concat(failures, ", "), e.connect, e.read, e.write, e.timeout))
end
"""


def concurrent(port: int, token: str, requests: list[Request], n_threads: int, auth: bool = True,
               server_pids: list[int] = (), db_pids: list[int] = (), seconds: Optional[int] = None) -> dict:
    """Send `requests` over n_threads kept-alive connections, in order, with the --client chosen: the
    Python threads send each request once; wrk sends them again and again for `seconds` (--seconds).

    Returns the throughput, one run's latency percentiles, the statuses, and where the CPU went
    meanwhile: the server's processes (on PostgreSQL with the database server's processes serving it,
    also given apart as db_pids), the client, and everything else on the machine (other people's work
    on a shared machine shows up there).
    """
    run = wrk_concurrent if CLIENT == "wrk" else python_concurrent
    server_pids = [*server_pids, *db_pids]
    server0, machine0, db0 = cpu_seconds(server_pids), machine_busy_seconds(), cpu_seconds(list(db_pids))
    r = run(port, token if auth else "", requests, n_threads, seconds or WRK_SECONDS)
    server_cpu = cpu_seconds(server_pids) - server0
    db_cpu = cpu_seconds(list(db_pids)) - db0
    machine_cpu = machine_busy_seconds() - machine0
    n, wall, client_cpu = r["percentiles"]["n"], r["wall"], r.pop("client_cpu")
    return {**r, "rps": n / wall, "client_cpu_share": client_cpu / wall,
            "server_cores": server_cpu / wall, "other_cores": max(0.0, machine_cpu - server_cpu - client_cpu) / wall,
            "server_cpu_ms_per_request": server_cpu / max(1, n) * 1e3,
            "client_cpu_ms_per_request": client_cpu / max(1, n) * 1e3,
            "db_cpu_ms_per_request": db_cpu / max(1, n) * 1e3}


def wrk_concurrent(port: int, token: str, requests: list[Request], n_conns: int, seconds: int) -> dict:
    """The requests sent by wrk (one thread, n_conns connections) for `seconds`; its CPU read from the
    kernel's accounting of the finished process. Wall time is wrk's own run time."""
    req_file, script = RESULTS_DIR / "wrk-requests.txt", RESULTS_DIR / "wrk-requests.lua"
    script.write_text(WRK_SCRIPT)
    with open(req_file, "w") as f:
        for method, path, body in requests:
            f.write(f"{method}\t{path}\t{json.dumps(body) if body is not None else ''}\n")
    cmd = [WRK, "--threads", "1", "--connections", str(n_conns), "--duration", f"{seconds}s",
           "--timeout", "30s", "--script", str(script), f"http://{HOST}:{port}", "--", str(req_file), token]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk's, once reaped (the server is not reaped yet)
    line = next((x for x in done.stdout.splitlines() if x.startswith("WRK-RESULT ")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")
    w = json.loads(line.split(" ", 1)[1])
    errors = [f"{k} errors: {v}" for k, v in w["socket_errors"].items() if v]
    return {"percentiles": {"p50": w["p50"] / 1e6, "p95": w["p95"] / 1e6, "p99": w["p99"] / 1e6,
                            "max": w["max"] / 1e6, "n": w["requests"]},
            "wall": w["duration_us"] / 1e6, "codes": {int(k): v for k, v in w["codes"].items()},
            "errors": errors, "server_errors": [b.encode() for b in w["server_errors"]],
            "client_cpu": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}


def python_concurrent(port: int, token: str, requests: list[Request], n_threads: int, seconds: int = 0) -> dict:
    """The requests sent by n_threads Python threads of this process, one http.client connection each,
    thread i sending the i-th share in order; the client's CPU is this process's meanwhile."""
    per_thread = len(requests) // n_threads
    barrier = threading.Barrier(n_threads + 1)
    lat: list[list[float]] = [[] for _ in range(n_threads)]
    status: list[dict[int, int]] = [{} for _ in range(n_threads)]
    bodies: list[list[bytes]] = [[] for _ in range(n_threads)]
    errors: list[str] = []

    def worker(i: int) -> None:
        client = Client(port, token)
        try:
            barrier.wait(timeout=60)
            for method, path, body in requests[i * per_thread:(i + 1) * per_thread]:
                if method == "GET":
                    dt, code, answer = client.get(path, auth=bool(token))
                else:
                    dt, code, answer = client.post_json(path, body)
                lat[i].append(dt)
                status[i][code] = status[i].get(code, 0) + 1
                if code >= 500:
                    bodies[i].append(answer[:300])
        except Exception as exc:  # noqa: BLE001 - reported, never swallowed
            errors.append(repr(exc))
        finally:
            client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n_threads)]
    for t in threads:
        t.start()
    barrier.wait(timeout=60)
    cpu0, t0 = time.process_time(), time.perf_counter()
    for t in threads:
        t.join(timeout=600)
    wall = time.perf_counter() - t0
    client_cpu = time.process_time() - cpu0
    codes: dict[int, int] = {}
    for s in status:
        for k, v in s.items():
            codes[k] = codes.get(k, 0) + v
    return {"percentiles": percentiles([x for l in lat for x in l]), "wall": wall, "codes": codes,
            "errors": errors, "server_errors": [b for bs in bodies for b in bs][:5], "client_cpu": client_cpu}


def client_description(n: int) -> str:
    if CLIENT == "wrk":
        return f"wrk (one thread, {n} kept-alive connections) on the same machine"
    return f"{n} threads in one Python process on the same machine, one http.client connection each"


def http_lookup_concurrent(url: str, token: str, samples: list[dict], runs: int, per_thread: int,
                           n_threads: int, workers: int, threads: int) -> dict:
    results = {"ping": [], "phone": []}
    lats = {"ping": [], "phone": []}
    codes: dict[str, dict] = {"ping": {}, "phone": {}}
    client_cpu, cpu = [], {"ping": [], "phone": []}
    n = n_threads * per_thread

    def phones(base: int, count: int) -> list[Request]:
        return [("GET", lookup_path("phone", samples[(base + k) % len(samples)]["phone_raw"]), None)
                for k in range(count)]

    with web_server(url, workers=workers, threads=threads) as (proc, port):
        pids = [proc.pid, *worker_pids(proc.pid)]
        concurrent(port, token, [("GET", "/ping", None)] * n_threads * 20, n_threads, auth=False, seconds=1)
        # Warm-up of the lookup path, on phones from the end of the samples.
        concurrent(port, token, phones(len(samples) - n_threads * 20, n_threads * 20), n_threads, seconds=1)
        for run in range(runs):
            db_pids = database_pids(url)
            for kind in ("ping", "phone"):
                if kind == "ping":
                    r = concurrent(port, token, [("GET", "/ping", None)] * n, n_threads, False, pids, db_pids)
                else:
                    r = concurrent(port, token, phones(run * n, n), n_threads, True, pids, db_pids)
                if r["errors"]:
                    raise RuntimeError(f"client errors: {r['errors'][:3]}")
                results[kind].append(r["rps"])
                cpu[kind].append(r)
                lats[kind].append(r["percentiles"])
                for k, v in r["codes"].items():
                    codes[kind][str(k)] = codes[kind].get(str(k), 0) + v
                if kind == "phone":
                    client_cpu.append(r["client_cpu_share"])
            say(f"  lookup {n_threads} conns run {run + 1}/{runs}: {results['phone'][-1]:.0f} req/s "
                f"(ping {results['ping'][-1]:.0f} req/s); server {cpu['phone'][-1]['server_cores']:.2f} cores "
                f"({cpu['phone'][-1]['server_cpu_ms_per_request']:.3f} ms per lookup, "
                f"{cpu['ping'][-1]['server_cpu_ms_per_request']:.3f} ms per ping), client "
                f"{cpu['phone'][-1]['client_cpu_ms_per_request']:.3f} ms per lookup, other processes "
                f"{cpu['phone'][-1]['other_cores']:.2f} cores")
        rss = max(rss_mb(pid) for pid in worker_pids(proc.pid))
    return {
        "phone": {"rps": statistics.median(results["phone"]), "rps_runs": [round(x) for x in results["phone"]],
                  **summary(lats["phone"])},
        "ping": {"rps": statistics.median(results["ping"]), "rps_runs": [round(x) for x in results["ping"]],
                 **summary(lats["ping"])},
        "codes": codes, "client_cpu_share": statistics.median(client_cpu), "worker_rss_mb": round(rss, 1),
        "cpu": {k: {m: statistics.median(x[m] for x in v) for m in CPU_FIGURES} for k, v in cpu.items()},
        "server": server_description(workers, threads) + ", keep-alive",
        "clients": client_description(n_threads), "client": CLIENT,
    }


CPU_FIGURES = ("server_cores", "other_cores", "server_cpu_ms_per_request", "db_cpu_ms_per_request",
               "client_cpu_ms_per_request")


def http_log_concurrent(url: str, token: str, payloads: list[dict], runs: int, per_thread: int,
                        n_threads: int, workers: int, threads: int) -> dict:
    """POST /api/v1/interactions at n_threads connections: throughput, p99, 'database is locked'."""
    rps, lats, codes, locked, samples = [], [], {}, 0, []
    log_path = RESULTS_DIR / "server.log"
    log_offset = log_path.stat().st_size if log_path.exists() else 0
    cpu = []
    n = n_threads * per_thread
    with web_server(url, workers=workers, threads=threads) as (proc, port):
        pids = [proc.pid, *worker_pids(proc.pid)]
        # Warm-up: every server thread opens its database connection (2 interactions per client).
        concurrent(port, token, [("POST", "/api/v1/interactions", payloads[-1 - k]) for k in range(n_threads * 2)],
                   n_threads, seconds=1)
        for run in range(runs):
            req = [("POST", "/api/v1/interactions", payloads[(run * n + k) % len(payloads)]) for k in range(n)]
            r = concurrent(port, token, req, n_threads, True, pids, database_pids(url))
            cpu.append(r)
            if r["errors"]:
                raise RuntimeError(f"client errors: {r['errors'][:3]}")
            rps.append(r["rps"])
            lats.append(r["percentiles"])
            for k, v in r["codes"].items():
                codes[str(k)] = codes.get(str(k), 0) + v
            for b in r["server_errors"]:
                if b"locked" in b:
                    locked += 1
                samples.append(b.decode(errors="replace"))
            say(f"  log {n_threads} conns run {run + 1}/{runs}: {r['rps']:.0f}/s, "
                f"p99 {r['percentiles']['p99'] * 1e3:.1f} ms, codes {r['codes']}; server "
                f"{r['server_cpu_ms_per_request']:.3f} ms, client {r['client_cpu_ms_per_request']:.3f} ms "
                f"CPU per request")
        memory = servers_memory(proc.pid)  # after logging transcripts: the language analysis is in use
    with open(log_path, "rb") as f:  # only what this server wrote
        f.seek(log_offset)
        locked_in_log = f.read().decode(errors="replace").count("database is locked")
    return {"rps": statistics.median(rps), "rps_runs": [round(x) for x in rps], **summary(lats),
            "codes": codes, "locked_responses": locked, "locked_in_server_log": locked_in_log,
            "error_samples": samples[:3], "memory": memory,
            "cpu": {m: statistics.median(x[m] for x in cpu) for m in CPU_FIGURES},
            "server": server_description(workers, threads),
            "clients": client_description(n_threads), "client": CLIENT}


def durability(url: str, token: str, payloads: list[dict], n_threads: int, workers: int, threads: int,
               seconds: float, acks: int = 300, longest: float = 120.0) -> dict:
    """Log over HTTP at n_threads connections, SIGKILL every server process mid-load, then look for each
    interaction the server acknowledged (201 with its id) in the database: none may be missing."""
    acked: list[int] = []
    refused: dict[str, int] = {}
    broken = [0]
    stop = threading.Event()

    def worker(i: int) -> None:
        client = Client(port, token)
        j = 0
        try:
            while not stop.is_set():
                payload = payloads[(i * 7919 + j) % len(payloads)]
                j += 1
                try:
                    _, code, body = client.post_json("/api/v1/interactions", payload)
                except (OSError, http.client.HTTPException):
                    broken[0] += 1  # the server died with this request: it was never acknowledged
                    return
                if code == 201:
                    acked.append(json.loads(body)["interaction"]["id"])
                else:
                    refused[str(code)] = refused.get(str(code), 0) + 1
        finally:
            client.close()

    with web_server(url, workers=workers, threads=threads) as (proc, port):
        clients = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(n_threads)]
        for t in clients:
            t.start()
        started = time.monotonic()
        # Mid-load: after `seconds`, once `acks` interactions are acknowledged (or `longest` at most).
        while time.monotonic() - started < longest and (time.monotonic() - started < seconds or len(acked) < acks):
            time.sleep(0.02)
        seconds = time.monotonic() - started
        # Kill the master first, so it cannot start new workers, then the workers: by their pids.
        victims = worker_pids(proc.pid)
        os.kill(proc.pid, signal.SIGKILL)
        for pid in victims:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        proc.wait(timeout=30)
        stop.set()
        for t in clients:
            t.join(timeout=60)
    c = Raw(url)
    found = set()
    for k in range(0, len(acked), 500):
        chunk = acked[k:k + 500]
        found.update(row[0] for row in c.execute(
            f"SELECT id FROM interactions WHERE id IN ({','.join('?' * len(chunk))})", chunk))
    c.close()
    lost = [i for i in acked if i not in found]
    say(f"  durability: {len(acked)} acknowledged before SIGKILL after {seconds:.1f} s, {len(lost)} lost, "
        f"{broken[0]} requests cut off unanswered")
    return {"acknowledged": len(acked), "lost": len(lost), "lost_ids": lost[:20], "cut_off": broken[0],
            "refused": refused, "seconds": round(seconds, 1), "threads": n_threads,
            "server": server_description(workers, threads)}


def name_search(app, fragments: list[str], runs: int, url: str) -> dict:
    """search_names() in-process beside the raw query of its index: FTS5 on SQLite, the btree of
    customer_name_words (migration 0011) on PostgreSQL."""
    from crm.extensions import db
    from crm.services.lookup import search_names

    raw = Raw(url, readonly=True)
    if raw.kind == "sqlite":
        ranked = ("SELECT rowid FROM customer_name_fts WHERE customer_name_fts MATCH ? "
                  "ORDER BY rank LIMIT 40")
        unranked = "SELECT rowid FROM customer_name_fts WHERE customer_name_fts MATCH ? LIMIT 40"
        count_sql = "SELECT count(*) FROM customer_name_fts WHERE customer_name_fts MATCH ?"

        def params(f: str, ranked: bool = False) -> tuple:
            return ('"' + f.replace('"', '""') + '"',)
    else:  # what search_names issues first on PostgreSQL: the word starts, a range of customer_name_words
        from crm.services.lookup import NAME_CANDIDATES, _prefix_range

        words = ("FROM customer_name_words w JOIN customers c ON c.id = w.customer_id WHERE w.word >= ? "
                 "AND w.word < ? AND c.merged_into_id IS NULL AND c.erased_at IS NULL")
        ranked = f"SELECT c.id, c.search_name {words} LIMIT {NAME_CANDIDATES}"
        unranked = f"SELECT c.id {words} LIMIT 20"  # names containing the fragment
        count_sql = "SELECT count(DISTINCT customer_id) FROM customer_name_words WHERE word >= ? AND word < ?"

        def params(f: str, ranked: bool = False) -> tuple:
            return _prefix_range(" " + f if ranked else f)
    by_kind = {"service": [], "service_cpu": [], "raw_fts_ranked": [], "raw_fts_unranked": []}
    slowest: list[tuple[float, str]] = []
    with app.app_context():
        for f in fragments[:30]:  # warm-up
            search_names(f, 20)
            db.session.remove()
        for run in range(runs):
            times = {k: [] for k in by_kind}
            for f in fragments:
                c0, t0 = time.process_time(), time.perf_counter()
                found = search_names(f, 20)
                dt, dc = time.perf_counter() - t0, time.process_time() - c0
                times["service_cpu"].append(dc)
                db.session.remove()  # one search per request, as in the app
                times["service"].append(dt)
                slowest.append((dt, f))
                t0 = time.perf_counter()
                raw.execute(ranked, params(f, ranked=True)).fetchall()
                times["raw_fts_ranked"].append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                raw.execute(unranked, params(f)).fetchall()
                times["raw_fts_unranked"].append(time.perf_counter() - t0)
                del found
            for k in by_kind:
                by_kind[k].append(times[k])
            say(f"  name search run {run + 1}/{runs}: p50 {pct(times['service'], 50) * 1e3:.2f} ms, "
                f"p95 {pct(times['service'], 95) * 1e3:.2f} ms, max {max(times['service']) * 1e3:.1f} ms")
    slowest.sort(reverse=True)
    worst = []
    seen = set()
    for dt, f in slowest:
        if f not in seen:
            seen.add(f)
            worst.append({"fragment": f, "ms": round(dt * 1e3, 2),
                          "matches": raw.execute(count_sql, params(f)).fetchone()[0]})
        if len(worst) == 5:
            break
    raw.close()
    out = {k: summary(v) for k, v in by_kind.items()}
    out["fragments"] = len(fragments)
    out["slowest"] = worst
    out["floor_sql"] = ranked
    return out


def checks_overhead(app, inputs: list[dict], agent_ids: list[int], runs: int) -> dict:
    """log_interaction with the default policy vs with an empty one (A/B alternated, ABBA order).

    The empty policy is the policy in force with its rules removed, patched in for arm B only, so
    both arms store the same interaction with the same policy_version_id; arm A also stores the
    findings its checks produce, which is part of what the checks cost. evaluate() is also timed
    on its own inside arm A.
    """
    import crm.services.interactions as ix_module
    from crm.extensions import db
    from crm.models import User
    from crm.services.interactions import InteractionInput, log_interaction
    from crm.services.policy import Policy

    real_policy_in_force = ix_module.policy_in_force
    real_evaluate = ix_module.evaluate
    eval_times: list[float] = []
    # The roll-up writes (record_logged), when the code has them: the activity row, and a row per
    # standard flagged (before migration 0005, one row per rule checked).
    rollups = getattr(ix_module, "rollups", None)
    real_record = getattr(rollups, "record_logged", None)
    record_times: list[float] = []

    def timed_record(*a, **kw):
        t0 = time.perf_counter()
        try:
            return real_record(*a, **kw)
        finally:
            record_times.append(time.perf_counter() - t0)

    def timed_evaluate(*a, **kw):
        t0 = time.perf_counter()
        try:
            return real_evaluate(*a, **kw)
        finally:
            eval_times.append(time.perf_counter() - t0)

    def empty_policy(at=None, mark=None):
        p = real_policy_in_force(at, mark)
        return None if p is None else Policy(p.version_id, p.number, ())

    arms = {"with_checks": [], "empty_policy": [], "evaluate_only": [],
            "with_checks_cpu": [], "empty_policy_cpu": [],
            "record_with_checks": [], "record_empty_policy": []}
    findings = {"with_checks": 0, "empty_policy": 0}
    per_run = len(inputs) // runs

    def one(arm: str, data: dict, agent_id: int) -> tuple[float, float]:
        actor = db.session.get(User, agent_id)
        ix_module.policy_in_force = real_policy_in_force if arm == "with_checks" else empty_policy
        ix_module.evaluate = timed_evaluate
        if real_record is not None:
            rollups.record_logged = timed_record
        try:
            c0, t0 = time.process_time(), time.perf_counter()
            logged = log_interaction(InteractionInput(**data), actor)
            dt, dc = time.perf_counter() - t0, time.process_time() - c0
        finally:
            ix_module.policy_in_force = real_policy_in_force
            ix_module.evaluate = real_evaluate
            if real_record is not None:
                rollups.record_logged = real_record
        findings[arm] += len(logged.findings)
        db.session.remove()  # one interaction per request, as in the app
        return dt, dc

    with app.app_context():
        from crm.standards.language import warm_up
        # The language preload, as a server process has it before its first contact (crm serve and
        # gunicorn.conf.py load it before forking): without it the first run's contacts built lexicon
        # trees, which the p50 hardly saw and the mean over the same contacts does (round 15).
        warm_up()
        for k in range(20):  # warm-up: standards cache, policy cache
            one("with_checks" if k % 2 else "empty_policy", inputs[k % len(inputs)], agent_ids[0])
        eval_times.clear()
        findings.update(with_checks=0, empty_policy=0)
        for run in range(runs):
            times = {k: [] for k in arms}
            chunk = inputs[run * per_run:(run + 1) * per_run]
            for i, data in enumerate(chunk):
                agent = agent_ids[i % len(agent_ids)]
                order = ("with_checks", "empty_policy") if i % 2 == 0 else ("empty_policy", "with_checks")
                for arm in order:
                    n_before, r_before = len(eval_times), len(record_times)
                    wall, cpu = one(arm, data, agent)
                    times[arm].append(wall)
                    times[arm + "_cpu"].append(cpu)
                    if len(record_times) > r_before:
                        times["record_" + arm].append(record_times[-1])
                    if arm == "with_checks" and len(eval_times) > n_before:
                        times["evaluate_only"].append(eval_times[-1])
            for k in arms:
                arms[k].append(times[k])
            a, b = pct(times["with_checks"], 50), pct(times["empty_policy"], 50)
            say(f"  checks run {run + 1}/{runs}: with {a * 1e3:.2f} ms, empty {b * 1e3:.2f} ms "
                f"({(a - b) / b * 100:+.1f} %), evaluate {pct(times['evaluate_only'], 50) * 1e6:.0f} µs")
    out = {k: summary(v) for k, v in arms.items() if any(v)}
    per_run_overhead = [(pct(a, 50) - pct(b, 50)) / pct(b, 50) * 100
                        for a, b in zip(arms["with_checks"], arms["empty_policy"])]
    per_run_eval_share = [pct(e, 50) / (pct(a, 50) - pct(e, 50)) * 100
                          for e, a in zip(arms["evaluate_only"], arms["with_checks"])]
    out["overhead_pct_p50"] = statistics.median(per_run_overhead)
    out["overhead_pct_runs"] = [round(x, 1) for x in per_run_overhead]
    out["overhead_pct_p95"] = statistics.median(
        (pct(a, 95) - pct(b, 95)) / pct(b, 95) * 100 for a, b in zip(arms["with_checks"], arms["empty_policy"]))
    out["evaluate_share_pct"] = statistics.median(per_run_eval_share)
    out["overhead_pct_p50_cpu"] = statistics.median(
        (pct(a, 50) - pct(b, 50)) / pct(b, 50) * 100
        for a, b in zip(arms["with_checks_cpu"], arms["empty_policy_cpu"]))
    # Like with like: the CPU the checks add over the same contacts (arm A's total minus arm B's, each
    # contact logged in both), against arm B's total. The medians above compare the middle contact of
    # each arm, a different contact in A (where the flagged ones cost more) than in B, and see nothing
    # of the contacts above it (transcripts, several findings); this is what the checks add to logging
    # the whole mix, per run, then the median of the runs.
    per_run_mean = [(statistics.fmean(a) - statistics.fmean(b)) / statistics.fmean(b) * 100
                    for a, b in zip(arms["with_checks_cpu"], arms["empty_policy_cpu"]) if a and b]
    out["overhead_pct_mean_cpu"] = statistics.median(per_run_mean)
    out["overhead_pct_mean_cpu_runs"] = [round(x, 1) for x in per_run_mean]
    out["added_cpu_ms_mean"] = statistics.median(
        (statistics.fmean(a) - statistics.fmean(b)) * 1e3
        for a, b in zip(arms["with_checks_cpu"], arms["empty_policy_cpu"]) if a and b)
    out["findings_per_interaction"] = findings["with_checks"] / max(1, sum(len(x) for x in arms["with_checks"]))
    out["rules"] = None
    with app.app_context():
        p = real_policy_in_force()
        out["rules"] = len(p.rules) if p else 0
    return out


# --- CSV import -----------------------------------------------------------------------------------------

def write_import_csv(path: Path, rows: int, seed: int) -> list[dict]:
    """A customer CSV as a client would send it; ~1 % of rows are bad on purpose.

    Phones are landlines (and MY 011 mobiles), a range the generator never uses, so the valid rows
    never clash with the generated customers. Returns the valid rows, normalised, for the floor.
    """
    import generate as g
    from crm.services.contacts import normalize_phone
    from crm.text import fold

    rng = random.Random(seed)
    valid = []
    used = set()
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "account_number", "phones", "emails", "company", "language", "preferred_channel",
                    "tier", "notes"])
        for i in range(rows):
            country = rng.choices(list(g.COUNTRY_WEIGHTS), list(g.COUNTRY_WEIGHTS.values()))[0]
            name = g.person_name(rng, country)
            while True:
                if country == "MY":
                    d = rng.randrange(10 ** 8)
                    raw, e164 = f"011-{d // 10000:04d} {d % 10000:04d}", f"+6011{d:08d}"
                elif country == "CZ":
                    d = rng.randrange(10 ** 8)
                    raw, e164 = f"+420 2{d // 10 ** 6:02d} {d // 1000 % 1000:03d} {d % 1000:03d}", f"+4202{d:08d}"
                elif country == "FI":
                    d = rng.randrange(10 ** 7)
                    raw, e164 = f"+358 9 {d // 10000:03d} {d % 10000:04d}", f"+3589{d:07d}"
                elif country == "RO":
                    d = rng.randrange(10 ** 7)
                    raw, e164 = f"+40 21 {d // 10000:03d} {d % 10000:04d}", f"+4021{d:07d}"
                else:
                    d = rng.randrange(10 ** 8)
                    raw, e164 = f"+44 20 {d // 10000:04d} {d % 10000:04d}", f"+4420{d:08d}"
                if e164 not in used:
                    used.add(e164)
                    break
            handle = ".".join(w_ for w_ in fold(name).replace("/", " ").replace("'", "").split()[:2])
            email = f"{handle}.imp{i}@example.{country.lower() if country != 'GB' else 'co.uk'}"
            account = f"IMP-{i + 1:07d}"
            bad = rng.random() < 0.01
            if bad:  # the kinds of mistakes real files have
                kind = rng.choice(("email", "phone", "name"))
                if kind == "email":
                    email = email.replace("@", " at ")
                elif kind == "phone":
                    raw = raw[:6]
                else:
                    name = ""
            w.writerow([name, account, raw, email, rng.choice(g.COMPANIES) if rng.random() < 0.08 else "",
                        g.LANGUAGE[country], rng.choice(["phone", "email", "chat", ""]),
                        rng.choice(["standard", "standard", "silver", "gold"]),
                        rng.choice(g.NOTES) if rng.random() < 0.05 else ""])
            if not bad:
                if i < 200:  # the floor must insert what the importer would
                    assert normalize_phone(raw, "MY") == e164, (raw, e164)
                valid.append({"name": name, "search_name": fold(name), "account": account,
                              "phone": e164, "phone_raw": raw, "email": email.casefold(),
                              "language": g.LANGUAGE[country]})
    return valid


def delete_imported(url: str) -> None:
    c = Raw(url)
    with c.transaction():
        c.execute("DELETE FROM contact_points WHERE customer_id IN (SELECT id FROM customers "
                  "WHERE account_number >= 'IMP-' AND account_number < 'IMP.')")
        c.execute("DELETE FROM customers WHERE account_number >= 'IMP-' AND account_number < 'IMP.'")
    c.close()


def csv_import(app, url: str, rows: int, runs: int, seed: int) -> dict:
    from crm.extensions import db
    from crm.services.importer import import_customers_csv

    path = RESULTS_DIR / f"import-{rows}.csv"
    valid = write_import_csv(path, rows, seed)
    delete_imported(url)  # leftovers of an interrupted earlier run
    service_rates, floor_rates, imported, rejected, progress_calls = [], [], 0, 0, 0
    service_cpu, floor_cpu = [], []
    for run in range(runs):
        calls = []
        with app.app_context():
            t0, c0 = time.perf_counter(), time.process_time()
            report = import_customers_csv(str(path), progress=lambda done, total: calls.append(done))
            dt, cpu = time.perf_counter() - t0, time.process_time() - c0
            db.session.remove()
        service_rates.append(rows / dt)
        service_cpu.append(rows / cpu)
        imported, rejected, progress_calls = report.imported, len(report.rejected), len(calls)
        delete_imported(url)

        # Floor: the same valid rows, already normalised, by executemany on a raw connection
        # (the name index is kept as for the importer: FTS5 trigger on SQLite, customer_name_words'
        # statement trigger on PostgreSQL, which fires for each executemany row).
        c = Raw(url)
        if c.kind == "sqlite":
            c.execute("PRAGMA synchronous=NORMAL")
            now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        else:
            now = datetime.now(UTC)
        t0, c0 = time.perf_counter(), time.process_time()
        with c.transaction():
            first = c.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM customers").fetchone()[0]
            c.executemany(
                "INSERT INTO customers (id, account_number, name, search_name, language, preferences, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, '{}', ?, ?)",
                [(first + k, v["account"], v["name"], v["search_name"], v["language"], now, now)
                 for k, v in enumerate(valid)])
            c.executemany(
                "INSERT INTO contact_points (customer_id, kind, value, raw, created_at) VALUES (?, ?, ?, ?, ?)",
                [x for k, v in enumerate(valid) for x in (
                    (first + k, "phone", v["phone"], v["phone_raw"], now),
                    (first + k, "email", v["email"], v["email"], now))])
        floor_dt, floor_cpu_s = time.perf_counter() - t0, time.process_time() - c0
        c.close()
        floor_rates.append(len(valid) / floor_dt)
        floor_cpu.append(len(valid) / floor_cpu_s)
        delete_imported(url)
        say(f"  import run {run + 1}/{runs}: {rows / dt:,.0f} rows/s "
            f"(raw executemany floor {len(valid) / floor_dt:,.0f} rows/s)")
    return {"rows": rows, "imported": imported, "rejected": rejected, "progress_callbacks": progress_calls,
            "rows_per_s": statistics.median(service_rates), "rows_per_s_runs": [round(x) for x in service_rates],
            "floor_rows_per_s": statistics.median(floor_rates),
            "floor_rows_per_s_runs": [round(x) for x in floor_rates],
            "ratio_runs": [round(a / b, 2) for a, b in zip(service_rates, floor_rates)],
            # the same rates per second of this process's CPU time: steadier when other work shares the CPUs
            "cpu_rows_per_s": statistics.median(service_cpu), "floor_cpu_rows_per_s": statistics.median(floor_cpu),
            "cpu_ratio_runs": [round(a / b, 2) for a, b in zip(service_cpu, floor_cpu)]}


# --- inputs drawn from the data ------------------------------------------------------------------------

def draw_inputs(app, url: str, seed: int, n_lookups: int, n_fragments: int, n_logs: int,
                n_http_logs: int) -> dict:
    import generate as g
    from crm.extensions import db
    from crm.models import User
    from crm.services.accounts import create_token

    rng = random.Random(seed)
    c = Raw(url, readonly=True)
    max_id = c.execute("SELECT MAX(id) FROM customers").fetchone()[0]
    samples = []
    tries = 0
    while len(samples) < n_lookups and tries < n_lookups * 20:
        tries += 1
        cid = rng.randint(1, max_id)
        rows = c.execute("SELECT kind, value, raw FROM contact_points WHERE customer_id = ? ORDER BY id",
                         (cid,)).fetchall()
        phones = [r for r in rows if r[0] == "phone"]
        if not phones:
            continue
        account = c.execute("SELECT account_number FROM customers WHERE id = ?", (cid,)).fetchone()[0]
        emails = [r[1] for r in rows if r[0] == "email"]
        value, raw = phones[0][1], phones[0][2]
        samples.append({"customer_id": cid, "phone": value,
                        # As the caller's number reaches the agent: half as stored (national or
                        # international, with spaces), half as the telephony system gives it (E.164).
                        "phone_raw": raw if rng.random() < 0.5 else value,
                        "email": emails[0] if emails else None, "account": account})
    names = [r[0] for r in c.execute(
        "SELECT search_name FROM customers WHERE id IN (%s)" % ",".join(
            str(rng.randint(1, max_id)) for _ in range(n_fragments * 2)))]
    fragments = []
    for name in names:
        words = [w for w in name.replace("/", " ").split() if len(w) >= 3]
        if not words:
            continue
        w = rng.choice(words)
        length = min(len(w), rng.choice((3, 4, 5)))
        start = rng.randint(0, len(w) - length)
        fragments.append(w[start:start + length])
        if len(fragments) == n_fragments:
            break
    ids = [rng.randint(1, max_id) for _ in range(n_logs + n_http_logs)]
    cust_lang = dict(c.execute("SELECT id, language FROM customers WHERE id IN (%s)" % ",".join(
        str(i) for i in set(ids))).fetchall())
    c.close()
    now = datetime.now(UTC)

    def contact(cid: int, lang: str) -> dict:
        started = now - timedelta(minutes=rng.randint(5, 600))
        f = g.contact_fields(rng, lang or "en", started, now)
        # A contact is logged when it ends: the CRM refuses times in the future.
        ended = min(f["ended_at"], now) if f["ended_at"] else None
        return dict(customer_id=cid, channel=f["channel"], direction=f["direction"], started_at=started,
                    ended_at=ended, queue_wait_seconds=f["queue_wait_seconds"], holds=f["holds"],
                    transfers=f["transfers"], summary=f["summary"], transcript=f["transcript"],
                    language=lang, outcome=f["outcome"], follow_up_due=f["follow_up_due"],
                    amount=f["amount"] if f["amount"] is not None and f["amount"] <= 200 else None)

    logs = [contact(cid, cust_lang[cid]) for cid in ids[:n_logs]]
    http_logs = []
    for cid in ids[n_logs:n_logs + n_http_logs]:
        d = contact(cid, cust_lang[cid])
        for k in ("started_at", "ended_at", "follow_up_due"):
            d[k] = d[k].isoformat() if d[k] else None
        d["amount"] = str(d["amount"]) if d["amount"] is not None else None
        http_logs.append({k: v for k, v in d.items() if v is not None})
    with app.app_context():
        agents = list(db.session.scalars(db.select(User.id).where(User.role == "agent").order_by(User.id)))
        user = db.session.get(User, agents[0])
        _, token = create_token(user, "bench/run.py")
        db.session.remove()
    return {"samples": samples, "fragments": fragments, "logs": logs, "http_logs": http_logs,
            "agents": agents, "token": token}


# --- the report -----------------------------------------------------------------------------------------

def ms(x: float) -> str:
    return f"{x * 1e3:.2f} ms" if x < 0.1 else f"{x * 1e3:.0f} ms"


def us(x: float) -> str:
    return f"{x * 1e6:.0f} µs"


def verdict(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


REGENERATE = (".venv/bin/python bench/run.py --all --runs 3 "
              "--postgres-url postgresql+psycopg://USER@HOST/crm_bench")


def render(pairs: list[dict], cpu: Optional[dict] = None, run: Optional[dict] = None) -> str:
    """The whole page; pairs holds one {"scale", "sqlite", "postgresql"} per scale."""
    every = [p[k] for p in pairs for k in ("sqlite", "postgresql") if k in p]
    first = every[0]
    m = {**first["machine"], **{k: v for r in every for k, v in r["machine"].items() if k == "postgresql"}}
    commits = sorted({r["source"]["commit"] for r in every})
    lines = [
        "# Benchmarks",
        "",
        "<!-- Generated by bench/run.py; do not edit by hand. -->",
        "",
        "Regenerate this whole page, data included when missing (every table of the PostgreSQL databases "
        "`crm_bench` and `crm_bench_*` is dropped; they are created when missing), with:",
        "",
        "```sh",
        REGENERATE,
        "```",
        "",
        f"The figures below were measured {min(r['date'] for r in every)} – {max(r['date'] for r in every)} "
        f"on commit {', '.join(commits)} by:",
        "",
        "```sh",
        *sorted({r["command"] for r in every if r.get("command")}),
        "```",
        "",
    ]
    if run:
        lines += [f"That run took {run['minutes']:g} minutes on this machine, of which "
                  f"{run['generating_minutes']:g} generating data that was missing.", ""]
    lines += [
        "How the harness works, and what each figure means: [`bench/README.md`](../bench/README.md). "
        "Workloads and targets: BENCHMARKS.md. Every figure is the **median over "
        f"{first['runs']} runs** of that run's percentile; each floor was measured in the same runs, "
        "interleaved with the workload, on the same database. Absolute times drift on this shared machine; "
        "the ratios to the floors hold better.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        f"| CPU | {m['cpu']} ({m['nproc']} logical CPUs, `nproc` = {m['nproc']}) |",
        f"| memory | {m['memory']} |",
        f"| OS | {m['os']} |",
        f"| Python | {m['python']} |",
        f"| SQLite | {m['sqlite']} (Python's sqlite3 module) |",
        *([f"| PostgreSQL | {m['postgresql']} (psycopg {m.get('psycopg', '?')}) |"]
          if m.get("postgresql") else []),
        f"| SQLAlchemy / Flask / granian / gunicorn | {m['sqlalchemy']} / {m['flask']} / {m.get('granian', '—')} / "
        f"{m['gunicorn']} |",
        f"| load average at start | {m['loadavg_at_start']} |",
        "",
        "Client and server share the machine's CPUs: the concurrent workloads' HTTP client ("
        + ("wrk" if all(r.get("lookup_concurrent", {}).get("client", "python") == "wrk" for r in every)
           else "Python http.client threads, which cost several times wrk's CPU")
        + ") runs on the same cores as the web server (and PostgreSQL's server), so throughput figures are a lower "
        "bound for a dedicated server.",
        "",
    ]
    loads = [v for r in every for v in (r.get("load") or {}).values()]
    others = [r["lookup_concurrent"]["cpu"]["phone"]["other_cores"] for r in every
              if r.get("lookup_concurrent", {}).get("cpu")]
    if loads and max(loads) > (m["nproc"] or 1) * 0.75:
        lines += [
            f"**The machine was busy with other work during these runs**: the 1-minute load average was "
            f"{min(loads):g}–{max(loads):g} on {m['nproc']} CPUs"
            + (f", and processes other than the server and the client used {min(others):.2f}–{max(others):.2f} "
               "CPUs while the concurrent lookups ran" if others else "")
            + ". Wall-clock latencies and throughput are therefore pessimistic; the CPU-time figures "
            "(server CPU per request, checks and search in process CPU time) are the steadier ones.",
            "",
        ]
    lines += render_growth(pairs)
    for pair in pairs:
        lines += render_scale(pair)
    if cpu:
        from cpu import render as render_cpu

        lines += [
            "## In-process CPU per request, SQLite and PostgreSQL",
            "",
            "The same requests through the real app in one process (Flask's test client, no HTTP), on a fresh "
            "database of each kind with 50 customers, interleaved with `/ping` in one loop; the median "
            "process CPU time of each (`bench/cpu.py`, run by `--postgres-url`): the app's own cost, without "
            "the HTTP server, the data's size, or the database server's CPU. "
            f"Measured {cpu['date']}, 1-minute load average {cpu['load']}.",
            "",
            render_cpu(cpu["results"], cpu["command"]),
        ]
    lines += [
        "## Measured elsewhere",
        "",
        "* The compliance dashboard at 10 million contacts a year (≤ 50 ms / ≤ 100 ms for one team over "
        "30 / 365 days): `bench/dashboards.py`, results in [benchmarks-dashboards.md](benchmarks-dashboards.md).",
        "",
        "## Not measured yet",
        "",
        "These targets of BENCHMARKS.md have no workload in `bench/` yet, so nothing is claimed about them:",
        "",
        "* policy preview over 30 days of a team's interactions (≤ 2 s for 100,000 interactions);",
        "* 10,000,000 interactions: scale 1 has the full 1,000,000 customers but interactions at scale 0.1 "
        "(`--full-interactions` generates them all; generation then takes about ten times longer);",
    ]
    if not all("postgresql" in p for p in pairs):
        lines.append("* PostgreSQL: run with `--postgres-url` to measure every row on it beside SQLite;")
    missing = [s for s in (0.01, 0.1, 1.0) if s not in {float(p["scale"]) for p in pairs}]
    if missing:
        lines.append("* the lookup, search and logging rows at scale " + " and ".join(f"{s:g}" for s in missing)
                     + ": `--all` measures every scale and puts them in one table;")
    lines += [
        "* a peer CRM driven with the same data.",
        "",
    ]
    return "\n".join(lines)


def render_growth(pairs: list[dict]) -> list[str]:
    """The lookup, search and logging rows of every scale and database in one table: how cost grows."""
    lines = ["## How cost grows with the data", "",
             "One row per scale and database (each scale's section below gives the details and the floors). "
             "Server CPU is per request, against `/ping`'s on the same server in the same runs.", "",
             "| customers | interactions | database | lookup p50 (`/ping` p50) | server CPU per lookup / `/ping` | "
             "lookups/s at 8 connections | search p95 (worst) | logged/s at 8 connections (p99) | "
             "server CPU per logged interaction / `/ping` | worker RSS after logging |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for pair in sorted(pairs, key=lambda x: x["scale"]):
        for kind in ("sqlite", "postgresql"):
            r = pair.get(kind)
            if not r:
                continue
            counts, L, S = r["manifest"]["counts"], r["lookup"], r["search"]["service"]
            C, W = r.get("lookup_concurrent"), r.get("log_concurrent")
            ping_cpu = C["cpu"]["ping"]["server_cpu_ms_per_request"] if C else None
            lookup_cpu = f"{C['cpu']['phone']['server_cpu_ms_per_request'] / ping_cpu:.2f} ×" if C else "—"
            log_cpu = f"{W['cpu']['server_cpu_ms_per_request'] / ping_cpu:.1f} ×" if W and C else "—"
            rss = (W or {}).get("memory", {}).get("worker", {}).get("rss")
            lines.append(
                f"| {counts['customers']:,} | {counts['interactions']:,} | {NAMES[kind]} | {ms(L['phone']['p50'])} "
                f"({ms(L['ping']['p50'])}) | {lookup_cpu} | {C['phone']['rps']:,.0f} | "
                f"{ms(S['p95'])} ({ms(S['worst'])}) | "
                + (f"{W['rps']:,.0f} ({ms(W['p99'])})" if W else "—")
                + f" | {log_cpu} | " + (f"{rss:.0f} MB" if rss else "—") + " |")
    return lines + [""]


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def target_rows(r: dict) -> list[tuple[str, str, str, str, str]]:
    """The results table of one database at one scale: (workload, target, measured, floor, verdict)."""
    counts = r["manifest"]["counts"]
    L, C, S, K, I = r["lookup"], r.get("lookup_concurrent"), r["search"], r["checks"], r["import"]
    W, D = r.get("log_concurrent"), r.get("durability")
    db_name = NAMES[r.get("database", "sqlite")]
    ph, ping, raw = L["phone"], L["ping"], L["raw_sql"]
    http_over_raw = ph["p50"] - raw["p50"]
    rows = [
        ("screen-pop lookup by phone, HTTP, 1 connection", "p50 ≤ 1 ms, p95 ≤ 3 ms",
         f"p50 {ms(ph['p50'])}, p95 {ms(ph['p95'])}",
         f"`/ping` p50 {ms(ping['p50'])}; raw {db_name} point query p50 {us(raw['p50'])}",
         verdict(ph["p50"] <= 0.001 and ph["p95"] <= 0.003)),
        ("HTTP overhead over the raw indexed query", "≤ 1 ms", f"{ms(http_over_raw)} (lookup p50 − raw query p50)",
         "—", verdict(http_over_raw <= 0.001)),
    ]
    if C:
        cp = C["phone"]
        rows.append(("same, 8 concurrent connections", "≥ 2,000 req/s, p95 ≤ 10 ms",
                     f"{cp['rps']:,.0f} req/s, p95 {ms(cp['p95'])}",
                     f"`/ping` {C['ping']['rps']:,.0f} req/s, p95 {ms(C['ping']['p95'])}",
                     verdict(cp["rps"] >= 2000 and cp["p95"] <= 0.010)))
    sv, fl = S["service"], S["raw_fts_ranked"]
    floor_name = "FTS5 MATCH … ORDER BY rank" if r.get("database", "sqlite") == "sqlite" else \
        "customer_name_words word-start range … LIMIT 500"
    rows.append(("name-fragment search, 20 results", "p95 ≤ 10 ms, worst ≤ 150 ms",
                 f"p50 {ms(sv['p50'])}, p95 {ms(sv['p95'])}, worst {ms(sv['worst'])}",
                 f"raw {floor_name}: p50 {ms(fl['p50'])}, p95 {ms(fl['p95'])}, worst {ms(fl['worst'])}",
                 verdict(sv["p95"] <= 0.010 and sv["worst"] <= 0.150)))
    if "overhead_pct_mean_cpu" in K:  # since round 15: CPU over the same contacts (bench/README.md)
        rows.append(("what every built-in check adds to logging one interaction", "< 10 %",
                     f"{K['overhead_pct_mean_cpu']:+.1f} % of CPU over the same contacts "
                     f"({K['added_cpu_ms_mean']:.3f} ms each); before round 15's method {K['overhead_pct_p50']:+.1f} % "
                     f"at p50 ({K['overhead_pct_p95']:+.1f} % at p95)",
                     f"log_interaction with an empty policy p50 {ms(K['empty_policy']['p50'])}; evaluate() alone p50 "
                     f"{us(K['evaluate_only']['p50'])}", verdict(K["overhead_pct_mean_cpu"] < 10)))
    else:
        rows.append(("what every built-in check adds to logging one interaction", "< 10 %",
                     f"{K['overhead_pct_p50']:+.1f} % at p50 ({K['overhead_pct_p95']:+.1f} % at p95)",
                     f"log_interaction with an empty policy p50 {ms(K['empty_policy']['p50'])}; evaluate() alone p50 "
                     f"{us(K['evaluate_only']['p50'])}", verdict(K["overhead_pct_p50"] < 10)))
    if W:
        locked = W["locked_responses"]
        rows.append(("log an interaction over HTTP, 8 connections", "≥ 1,000/s, 0 \"database is locked\", p99 ≤ 50 ms",
                     f"{W['rps']:,.0f}/s, p99 {ms(W['p99'])}, {locked} locked",
                     "the naive-ORM anchor of BENCHMARKS.md ≈ 520/s (not re-measured)",
                     verdict(W["rps"] >= 1000 and locked == 0 and W["p99"] <= 0.050)))
    if D:
        rows.append(("an acknowledged interaction survives SIGKILL", "0 lost",
                     f"{D['lost']} of {D['acknowledged']:,} acknowledged lost ({D['cut_off']} requests cut off "
                     f"unanswered; killed after {D['seconds']:g} s at {D['threads']} connections)", "—",
                     verdict(D["lost"] == 0)))
    if C:
        ratio = C["cpu"]["phone"]["server_cpu_ms_per_request"] / max(C["cpu"]["ping"]["server_cpu_ms_per_request"], 1e-9)
        rows.append(("screen-pop p50 against `/ping` p50, same runs", "≤ 2 ×",
                     f"{ph['p50'] / ping['p50']:.2f} × (server CPU per lookup {ratio:.2f} × `/ping`'s)",
                     f"`/ping` p50 {ms(ping['p50'])}", verdict(ph["p50"] <= 2 * ping["p50"])))
    if W and C:
        per_log = W["cpu"]["server_cpu_ms_per_request"]
        per_ping = C["cpu"]["ping"]["server_cpu_ms_per_request"]
        rows.append(("server CPU per logged interaction against `/ping`'s", "≤ 5 ×",
                     f"{per_log:.2f} ms = {per_log / max(per_ping, 1e-9):.1f} ×", f"`/ping` {per_ping:.2f} ms",
                     verdict(per_log <= 5 * per_ping)))
    rows.append(("CSV import against a raw executemany of the same rows, same runs", "≥ 0.7 ×",
                 f"{I['rows_per_s'] / I['floor_rows_per_s']:.2f} ×",
                 f"raw executemany {I['floor_rows_per_s']:,.0f} rows/s",
                 verdict(I["rows_per_s"] >= 0.7 * I["floor_rows_per_s"])))
    rows.append(("CSV import", "≥ 50,000 rows/s",
                 f"{I['rows_per_s']:,.0f} rows/s ({I['rows']:,} rows, {I['imported']:,} imported, "
                 f"{I['rejected']} rejected)", f"raw executemany of the same rows {I['floor_rows_per_s']:,.0f} rows/s",
                 verdict(I["rows_per_s"] >= 50000)))
    M = (W or {}).get("memory")
    full = counts["customers"] >= 1_000_000
    if M and M.get("worker"):
        w, m = M["worker"], M["master"]
        rows.append(("memory per web worker", "≤ 150 MB RSS at 1M customers",
                     f"{w['rss']:.0f} MB RSS, {w['uss']:.0f} MB USS (its own), {w['pss']:.0f} MB PSS (its share "
                     f"of the pages shared with the master: master {m['rss']:.0f} MB RSS); after logging "
                     f"transcripts, {M['workers']} workers", "—",
                     (verdict(w["rss"] <= 150) + " on RSS" if full
                      else f"not comparable (only {counts['customers']:,} customers)")))
    return rows


def render_scale(pair: dict) -> list[str]:
    """One scale: the data, the results of every database side by side, then each database's details."""
    kinds = [k for k in ("sqlite", "postgresql") if k in pair]
    first = pair[kinds[0]]
    man = first["manifest"]
    counts = man["counts"]
    ix = man.get("interactions_scale", man["scale"])
    lines = [
        f"## Scale {man['scale']:g}: {counts['customers']:,} customers, {counts['interactions']:,} interactions",
        "",
        f"Data: `bench/generate.py --scale {man['scale']:g}"
        + (f" --interactions-scale {ix:g}" if ix != man["scale"] else "")
        + f"` (seed {man['seed']}, year ending {man['end_date']}): "
        f"{counts['customers']:,} customers with {counts['contact_points']:,} phones and e-mails, "
        f"{counts['interactions']:,} interactions, {counts['cases']:,} cases, {counts['findings']:,} findings "
        f"from the default policy, {counts['feedback']:,} feedback items, {counts['users']} users "
        f"(500 agents in 20 teams), the same rows in "
        + " and ".join(NAMES[k] for k in kinds)
        + f"; SQLite file {man.get('database_bytes', 0) / 1e6:,.0f} MB; generated in {man['seconds']:.0f} s"
        + (f" into {man['databases_written']} databases at once (customers and contact points "
           f"{man['customers_seconds']:.0f} s)" if man.get("databases_written") else "")
        + f". Schema revision {man.get('schema_revision')}"
        + (f" (generated at {man['upgraded_from'][0]}, then upgraded in place by the project's migrations)"
           if man.get("upgraded_from") else "") + "; tables the generator "
        f"leaves empty: {', '.join(man.get('empty_tables') or []) or 'none'}.",
        "",
        f"Code measured: commit {first['source']['commit']}"
        + (f", with {first['source']['changed_files']} file(s) changed or added in the working tree by work in "
           "progress at the time" if first["source"]["changed_files"] else ", working tree clean")
        + ". Measured " + "; ".join(f"{NAMES[k]} {pair[k]['date']}"
                                    + (f" ({pair[k]['seconds'] / 60:.1f} min)" if pair[k].get("seconds") else "")
                                    for k in kinds) + ".",
        "",
        "### Results against the targets",
        "",
    ]
    tables = {k: target_rows(pair[k]) for k in kinds}
    head = "| workload | target | " + " | ".join(f"{NAMES[k]}: measured (median of runs) | {NAMES[k]}: floor, same runs"
                                                for k in kinds) + " | verdict (" + " / ".join(NAMES[k] for k in kinds) + ") |"
    lines += [head, "|" + "---|" * (3 + 2 * len(kinds))]
    by_kind = {k: {row[0]: row for row in rows} for k, rows in tables.items()}
    for workload, target, *_ in tables[kinds[0]]:
        cells = []
        verdicts = []
        for k in kinds:
            row = by_kind[k].get(workload)
            cells += [row[2], row[3]] if row else ["—", "—"]
            verdicts.append(row[4] if row else "—")
        lines.append(f"| {workload} | {target} | " + " | ".join(cells) + " | " + " / ".join(verdicts) + " |")
    lines.append("")
    for k in kinds:
        lines += [f"### Details: {NAMES[k]}", ""] + render_details(pair[k])
    return lines


def render_details(r: dict) -> list[str]:
    """One database's details at one scale: every percentile, the floors and the diagnosis."""
    L = r["lookup"]
    C = r.get("lookup_concurrent")
    S = r["search"]
    K = r["checks"]
    I = r["import"]
    W = r.get("log_concurrent")
    ph = L["phone"]
    kind = r.get("database", "sqlite")
    lines = []
    if r.get("load"):
        lines += ["1-minute load average when each workload started (2 = both CPUs busy): " + "; ".join(
            f"{k} {v}" for k, v in r["load"].items()) + ".", ""]
    lines += [
        (f"**Screen-pop lookup, 1 connection** — {L['server']}; wrk with one thread and one connection kept "
         f"alive, per run `/ping`, then phone, e-mail and account lookups of the run's samples, each for "
         f"{L.get('seconds', WRK_SECONDS)} s (the raw query timed in Python once per sample), "
         if L.get("client") == "wrk" else
         f"**Screen-pop lookup, 1 connection** — {L['server']}; one `http.client` connection kept alive; "
         f"per iteration `/ping`, a phone lookup, an e-mail lookup, an account lookup and the raw query, ")
        + f"{ph['n']:,} phone lookups in all ({ph['runs']} runs). The phone is given as the customer wrote it "
        "(national or international format) half the time and in E.164 the other half.",
        "",
        "| request | p50 | p95 | p99 | worst | p50 range over runs |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in (("phone", "GET /api/v1/lookup?phone="), ("email", "GET /api/v1/lookup?email="),
                       ("account", "GET /api/v1/lookup?account="), ("ping", "GET /ping (floor)"),
                       ("raw_sql", f"raw {'sqlite3' if kind == 'sqlite' else 'psycopg'} "
                                   "`contact_points.value = ?` (floor)")):
        x = L[key]
        f = us if key == "raw_sql" else ms
        lines.append(f"| {label} | {f(x['p50'])} | {f(x['p95'])} | {f(x['p99'])} | {f(x['worst'])} | "
                     f"{f(x['p50_spread'][0])} – {f(x['p50_spread'][1])} |")
    lines += ["", f"HTTP statuses: {json.dumps(L['statuses'])} (300 = several customers share the number "
                  "under different regions' readings; 404 = no match).", ""]
    D = r.get("lookup_diagnosis")
    if D:
        lines += [
            f"Where a screen-pop's time goes (diagnosis, in-process through Flask's test client, not HTTP; "
            f"{D['requests']} phone lookups): a median of {D['statements_per_request']:.0f} SQL statements per "
            f"request, {D['sql_share'] * 100:.0f} % of the request's time inside the database driver. The "
            "costliest statements:",
            "",
            "| statement | calls per request | ms per request | share of request time |",
            "|---|---|---|---|",
        ]
        for t in D["top"]:
            sql = t["sql"].replace("|", "\\|")
            lines.append(f"| `{sql}` | {t['calls_per_request']:.1f} | {t['ms_per_request']:.2f} | "
                         f"{t['share'] * 100:.0f} % |")
        lines += ["", f"Query plan of the open-cases query (`open_cases()`): `{D['open_cases_plan']}` — "
                      f"the database holds {D['open_cases_total']:,} open cases in all.", ""]
    if C:
        lines += [
            f"**Screen-pop lookup, 8 connections** — {C['server']}; {C['clients']}. "
            f"Client process CPU: {C['client_cpu_share'] * 100:.0f} % of one core during the lookup runs"
            + (f" ({C['cpu']['phone']['client_cpu_ms_per_request']:.3f} ms per lookup, "
               f"{C['cpu']['ping']['client_cpu_ms_per_request']:.3f} ms per /ping). "
               if "client_cpu_ms_per_request" in C["cpu"]["phone"] else ". ")
            + f"Server CPU per lookup: {C['cpu']['phone']['server_cpu_ms_per_request']:.2f} ms "
            + (f"(the web server and the PostgreSQL processes serving it; of which PostgreSQL "
               f"{C['cpu']['phone']['db_cpu_ms_per_request']:.2f} ms) " if kind == "postgresql" else "")
            + f"(per /ping {C['cpu']['ping']['server_cpu_ms_per_request']:.2f} ms) — the figure least disturbed by "
            f"other load. During the lookup runs the server used {C['cpu']['phone']['server_cores']:.2f} of the "
            f"{r['machine']['nproc']} CPUs and other processes on the machine "
            f"{C['cpu']['phone']['other_cores']:.2f}. At that CPU cost, {r['machine']['nproc']} CPUs given wholly "
            f"to the server could serve at most ≈ {r['machine']['nproc'] / C['cpu']['phone']['server_cpu_ms_per_request'] * 1e3:,.0f} "
            "lookups/s (an upper bound computed from CPU time, not a measurement).",
            "",
            "| request | req/s (median) | req/s per run | p50 | p95 | p99 |",
            "|---|---|---|---|---|---|",
            f"| phone lookup | {C['phone']['rps']:,.0f} | {C['phone']['rps_runs']} | {ms(C['phone']['p50'])} | "
            f"{ms(C['phone']['p95'])} | {ms(C['phone']['p99'])} |",
            f"| /ping (floor) | {C['ping']['rps']:,.0f} | {C['ping']['rps_runs']} | {ms(C['ping']['p50'])} | "
            f"{ms(C['ping']['p95'])} | {ms(C['ping']['p99'])} |",
            "", f"HTTP statuses: {json.dumps(C['codes'])}.", "",
        ]
    lines += [
        f"**Name-fragment search** — `crm.services.lookup.search_names(fragment, 20)` in-process (no HTTP), "
        f"a fresh session per search; {S['fragments']} fragments of 3–5 characters cut from the names of "
        f"randomly drawn customers (so common names are searched as often as they occur), each run over all.",
        "",
        "| | p50 | p95 | p99 | worst |",
        "|---|---|---|---|---|",
    ]
    for key, label in (("service", "search_names()"),
                       ("service_cpu", "search_names(), CPU time of this process (less disturbed by other load)"),
                       ("raw_fts_ranked", "raw `MATCH ? ORDER BY rank LIMIT 40` (floor)" if kind == "sqlite"
                        else "raw `search_name ~ ? … LIMIT 500`, word-start matches (floor, the first "
                             "statement it issues)"),
                       ("raw_fts_unranked", "raw `MATCH ? LIMIT 40` (no ranking)" if kind == "sqlite"
                        else "raw `LIKE ? … LIMIT 20` (no ranking)")):
        if key not in S:
            continue
        x = S[key]
        lines.append(f"| {label} | {ms(x['p50'])} | {ms(x['p95'])} | {ms(x['p99'])} | {ms(x['worst'])} |")
    lines += ["", "Slowest fragments: " + ", ".join(
        f"`{w['fragment']}` {w['ms']} ms ({w['matches']:,} matching names)" for w in S["slowest"]) + ".", ""]
    lines += [
        f"**Checks on logging** — `log_interaction()` in-process, a fresh session per call, {K['rules']} rules in "
        f"the default policy, contacts drawn like the generator's (35 % of calls and chats with a transcript, "
        f"every transcript unique). Arm A runs the policy in force; arm B the same version with no rules; "
        f"the arms alternate (ABBA) over the same inputs. {K['findings_per_interaction']:.2f} findings per "
        f"interaction in arm A.",
        "",
        "| | p50 | p95 | p99 |",
        "|---|---|---|---|",
        f"| log_interaction, default policy | {ms(K['with_checks']['p50'])} | {ms(K['with_checks']['p95'])} | "
        f"{ms(K['with_checks']['p99'])} |",
        f"| log_interaction, empty policy | {ms(K['empty_policy']['p50'])} | {ms(K['empty_policy']['p95'])} | "
        f"{ms(K['empty_policy']['p99'])} |",
        f"| evaluate() alone, inside arm A | {us(K['evaluate_only']['p50'])} | {us(K['evaluate_only']['p95'])} | "
        f"{us(K['evaluate_only']['p99'])} |",
        *([f"| of which `rollups.record_logged()` (roll-up upserts, and the autoflush of the findings), "
           f"default policy | {ms(K['record_with_checks']['p50'])} | {ms(K['record_with_checks']['p95'])} | "
           f"{ms(K['record_with_checks']['p99'])} |",
           f"| of which `rollups.record_logged()`, empty policy | {ms(K['record_empty_policy']['p50'])} | "
           f"{ms(K['record_empty_policy']['p95'])} | {ms(K['record_empty_policy']['p99'])} |"]
          if "record_with_checks" in K else []),
        f"| log_interaction CPU time, default policy | {ms(K['with_checks_cpu']['p50'])} | "
        f"{ms(K['with_checks_cpu']['p95'])} | {ms(K['with_checks_cpu']['p99'])} |",
        f"| log_interaction CPU time, empty policy | {ms(K['empty_policy_cpu']['p50'])} | "
        f"{ms(K['empty_policy_cpu']['p95'])} | {ms(K['empty_policy_cpu']['p99'])} |",
        "",
        f"Overhead at p50 per run (wall clock): {K['overhead_pct_runs']} %; measured in this process's CPU "
        f"time instead (less disturbed by other load): {K['overhead_pct_p50_cpu']:+.1f} %"
        + (f"; the CPU the checks add over the same contacts (the row's figure since round 15): "
           f"{K['overhead_pct_mean_cpu_runs']} % per run" if "overhead_pct_mean_cpu_runs" in K else "")
        + f". evaluate() alone is "
        f"{K['evaluate_share_pct']:.1f} % of the rest of log_interaction; the rest of the A/B difference is "
        "writing: the findings, and (where the code keeps daily roll-ups) their roll-up rows: one per rule "
        "checked before migration 0005, one per standard flagged since.",
        "",
    ]
    if W:
        lines += [
            f"**Logging over HTTP, 8 connections** — `POST /api/v1/interactions`, {W['server']}, "
            f"{W.get('clients', '8 client threads')}; "
            f"{W['n']:,} interactions in {W['runs']} runs: {W['rps']:,.0f}/s (per run {W['rps_runs']}), "
            f"p50 {ms(W['p50'])}, p95 {ms(W['p95'])}, p99 {ms(W['p99'])}; statuses {json.dumps(W['codes'])}; "
            f"\"database is locked\" in responses: {W['locked_responses']}, in the server log: "
            f"{W['locked_in_server_log']}. Server CPU per interaction logged: "
            f"{W['cpu']['server_cpu_ms_per_request']:.2f} ms "
            + (f"(of which the PostgreSQL processes serving it {W['cpu']['db_cpu_ms_per_request']:.2f} ms) "
               if kind == "postgresql" else "")
            + "(so at most ≈ "
            f"{r['machine']['nproc'] / W['cpu']['server_cpu_ms_per_request'] * 1e3:,.0f}/s on "
            f"{r['machine']['nproc']} dedicated CPUs, computed, not measured); the web server used "
            f"{W['cpu']['server_cores']:.2f} CPUs, other processes {W['cpu']['other_cores']:.2f}.",
            "",
        ]
    lines += [
        f"**CSV import** — `import_customers_csv()` in-process (what `crm import customers` runs, with a "
        f"progress callback: {I['progress_callbacks']} calls), {I['rows']:,} rows (~1 % bad on purpose) into the "
        f"generated database, deleted again after each run; per run {I['rows_per_s_runs']} rows/s. Floor: "
        "the same valid rows, already normalised, inserted with two `executemany` calls on a raw "
        + ("sqlite3 connection (FTS trigger included)" if kind == "sqlite" else
           "psycopg connection (the customer_name_words trigger included, once per row)")
        + f": per run {I['floor_rows_per_s_runs']} rows/s.",
        "",
    ]
    return lines


# --- main -----------------------------------------------------------------------------------------------

def interactions_scale(scale: float, args) -> float:
    """Interactions are generated at most at scale 0.1 (1,000,000) unless --full-interactions."""
    if args.interactions_scale is not None:
        return args.interactions_scale
    return scale if args.full_interactions else min(scale, 0.1)


def data_urls(scale: float, args) -> list[str]:
    """The databases measured at this scale: SQLite, and PostgreSQL beside it with --postgres-url."""
    ix = interactions_scale(scale, args)
    urls = [args.database_url or default_database_url(scale, ix)]
    if args.postgres_url:
        urls.append(postgres_url_for(args.postgres_url, data_name(scale, ix)))
    return urls


def ensure_data(scale: float, ix_scale: float, urls: list[str], regenerate: bool) -> list[dict]:
    """The manifests of this scale's data sets at the current schema, generating what is missing.

    Every database that needs data gets it from one generator pass (the same rows in each)."""
    head = migrations_head()
    from generate import GENERATOR_VERSION

    stale = []
    for url in urls:
        man = read_manifest(url)
        why = ("--regenerate" if regenerate else "no data yet" if man is None
               else "another scale" if (man.get("scale"), man.get("interactions_scale", man.get("scale")))
               != (scale, ix_scale)
               else "an older generator" if man.get("generator_version") != GENERATOR_VERSION
               else None)
        if why:
            say(f"generating scale {scale:g} (interactions {ix_scale:g}) into {url} ({why})")
            stale.append(url)
        elif man.get("schema_revision") != head:
            # A newer migration: apply it to the data in place, as a deployment would.
            say(f"upgrading {url} from schema {man.get('schema_revision')} to {head} with the project's migrations")
            from sqlalchemy import text

            from crm.cli import upgrade_database
            from crm.extensions import db

            app = make_app(url)
            with app.app_context():
                upgrade_database()
                revision = db.session.execute(text("SELECT version_num FROM alembic_version")).scalar()
                db.session.remove()
                if db.engine.dialect.name == "postgresql":
                    # What autovacuum would do after the migration's inserts (off on this server), as
                    # generate.py does: statistics, and the visibility map index-only scans need.
                    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                        conn.exec_driver_sql("ANALYZE")
                        if conn.exec_driver_sql("SELECT to_regclass('customer_name_words')").scalar():
                            conn.exec_driver_sql("VACUUM customer_name_words")
                db.engine.dispose()
            man.setdefault("upgraded_from", []).append(man.get("schema_revision"))
            man["schema_revision"] = revision
            manifest_path(url).write_text(json.dumps(man, indent=2) + "\n")
    if stale:
        cmd = [sys.executable, str(Path(__file__).with_name("generate.py")), "--scale", str(scale),
               "--interactions-scale", str(ix_scale), "--quiet", "--force"]
        for url in stale:
            if sqlite_path(url) is None:
                ensure_postgres_database(url)
            cmd += ["--database-url", url]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return [read_manifest(url) for url in urls]


# The workloads of the report, as --only names them.
PARTS = ("lookup", "lookup-concurrent", "search", "checks", "log-concurrent", "durability", "import")


def run_scale(scale: float, url: str, man: dict, args) -> dict:
    """Every workload (or those of --only) on one database at one scale."""
    app = make_app(url)
    kind = "sqlite" if sqlite_path(url) is not None else "postgresql"
    seed = args.seed
    n_lookup = args.runs * args.lookups
    inputs = draw_inputs(app, url, seed, n_lookups=max(n_lookup, args.runs * args.threads * args.per_thread),
                         n_fragments=args.fragments, n_logs=args.runs * args.logs,
                         n_http_logs=args.runs * args.threads * args.log_per_thread)
    res = {"scale": scale, "database": kind, "manifest": man, "machine": machine(), "runs": args.runs,
           "source": source_state(), "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")}
    if kind == "postgresql":
        raw = Raw(url)
        res["machine"]["postgresql"] = raw.execute("SHOW server_version").fetchone()[0].split()[0]
        raw.close()
    res["load"] = {}
    started = time.perf_counter()

    def stage(name: str) -> None:
        res["load"][name] = round(os.getloadavg()[0], 2)
        say(f"scale {scale:g}, {kind}: {name} (load average {res['load'][name]})")

    def wanted(part: str) -> bool:
        return not args.only or part in args.only

    if wanted("lookup"):
        stage("screen-pop lookup, 1 connection")
        res["lookup"] = http_lookup_one_connection(url, inputs["token"], inputs["samples"], args.runs, args.lookups)
        res["lookup_diagnosis"] = lookup_diagnosis(app, inputs["token"], inputs["samples"], url)
    if wanted("lookup-concurrent"):
        stage(f"screen-pop lookup, {args.threads} connections")
        res["lookup_concurrent"] = http_lookup_concurrent(url, inputs["token"], inputs["samples"], args.runs,
                                                          args.per_thread, args.threads, args.workers,
                                                          args.server_threads)
    if wanted("search"):
        stage("name search")
        res["search"] = name_search(app, inputs["fragments"], args.runs, url)
    if wanted("checks"):
        stage("checks on log_interaction")
        res["checks"] = checks_overhead(app, inputs["logs"], inputs["agents"], args.runs)
    if wanted("log-concurrent"):
        stage(f"logging over HTTP, {args.threads} connections")
        res["log_concurrent"] = http_log_concurrent(url, inputs["token"], inputs["http_logs"], args.runs,
                                                    args.log_per_thread, args.threads, args.workers,
                                                    args.server_threads)
    if wanted("durability"):
        stage("durability: SIGKILL while logging")
        res["durability"] = durability(url, inputs["token"], inputs["http_logs"], args.threads, args.workers,
                                       args.server_threads, args.kill_after, args.kill_after_acks)
    if wanted("import"):
        stage("CSV import")
        res["import"] = csv_import(app, url, args.import_rows, args.runs, seed)
    res["load"]["end"] = round(os.getloadavg()[0], 2)
    res["seconds"] = round(time.perf_counter() - started)
    from crm.extensions import db

    with app.app_context():
        db.engine.dispose()  # no connection left open to a database measured next
    return res


def run_only(args, command: str) -> int:
    """The CSV import alone at each scale, printed (the report needs every workload, so it is not rewritten)."""
    for scale in args.scale:
        ix = interactions_scale(scale, args)
        urls = data_urls(scale, args)
        ensure_data(scale, ix, urls, args.regenerate)
        for url in urls:
            kind = "sqlite" if sqlite_path(url) is not None else "postgresql"
            app = make_app(url)
            load = round(os.getloadavg()[0], 2)
            say(f"scale {scale:g}, {kind}: CSV import alone (load average {load})")
            res = csv_import(app, url, args.import_rows, args.runs, args.seed)
            res.update(scale=scale, database=kind, command=command, source=source_state(), load=load,
                       date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
            (RESULTS_DIR / f"only-import-scale-{scale:g}-{kind}.json").write_text(
                json.dumps(res, indent=2, default=str) + "\n")
            print(f"scale {scale:g}, {kind}, {res['rows']:,} rows ({res['imported']:,} imported, "
                  f"{res['rejected']:,} rejected, {res['progress_callbacks']} progress calls): import "
                  f"{res['rows_per_s']:,.0f} rows/s, raw executemany {res['floor_rows_per_s']:,.0f} rows/s, ratio "
                  f"{res['rows_per_s'] / res['floor_rows_per_s']:.2f} × (medians of {args.runs} runs; per run "
                  f"{res['ratio_runs']}); per second of CPU time: import {res['cpu_rows_per_s']:,.0f} rows, raw "
                  f"{res['floor_cpu_rows_per_s']:,.0f} rows, ratio "
                  f"{res['cpu_rows_per_s'] / res['floor_cpu_rows_per_s']:.2f} × (per run {res['cpu_ratio_runs']})")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scale", type=float, nargs="+", default=[0.01],
                   help="one or more scales; each gets its own section (default 0.01)")
    p.add_argument("--database-url", default=None, help="an existing SQLite database (one scale only)")
    p.add_argument("--full-interactions", action="store_true",
                   help="generate interactions at the customers' scale (by default at most 0.1: scale 1 is "
                        "1,000,000 customers with 1,000,000 interactions)")
    p.add_argument("--interactions-scale", type=float, default=None,
                   help="interactions at this scale (e.g. --scale 1 --interactions-scale 0.01 for a quicker data set "
                        "of 1,000,000 customers when only search or import is measured)")
    p.add_argument("--regenerate", action="store_true", help="generate the data again even if present")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--lookups", type=int, default=300, help="lookups per run on 1 connection")
    p.add_argument("--threads", type=int, default=8, help="concurrent client connections")
    p.add_argument("--per-thread", type=int, default=150, help="lookups per client thread per run")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 2, help="server workers for 8 connections")
    p.add_argument("--server-threads", type=int, default=2,
                   help="threads per server worker (2, as `crm serve` and gunicorn.conf.py)")
    p.add_argument("--server", choices=("granian", "gunicorn"), default="granian",
                   help="the web server: granian through `crm serve` (the production one), or `gunicorn wsgi:app` "
                        "with gunicorn.conf.py's preload to compare")
    p.add_argument("--worker-class", default="gthread", choices=("gthread", "sync"),
                   help="with --server gunicorn, its worker class (sync: no keep-alive)")
    p.add_argument("--client", choices=("wrk", "python"), default="wrk" if WRK else "python",
                   help="load generator of the concurrent workloads: wrk (the default when it is installed; "
                        "Debian: apt-get install wrk) or Python http.client threads (the only one before "
                        "2026-12-06; they take a large share of a small machine's CPU from the server)")
    p.add_argument("--seconds", type=int, default=3,
                   help="with wrk, how long each run of a concurrent workload sends its requests (cycling through "
                        "them: wrk stops after a time, not a count)")
    p.add_argument("--fragments", type=int, default=400, help="name fragments, each searched once per run")
    p.add_argument("--logs", type=int, default=100, help="interactions per arm per run (checks overhead)")
    p.add_argument("--log-per-thread", type=int, default=40, help="POSTs per client thread per run")
    p.add_argument("--import-rows", type=int, default=20_000)
    p.add_argument("--kill-after", type=float, default=2.0,
                   help="at least this many seconds of logging before the durability step SIGKILLs the server")
    p.add_argument("--kill-after-acks", type=int, default=300,
                   help="and at least this many acknowledged interactions (waiting 120 s at most)")
    p.add_argument("--all", action="store_true",
                   help="every scale of the report: --scale 0.01 0.1 1 (generates what is missing)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--output", default=str(DOC), help="the report (default docs/benchmarks.md)")
    p.add_argument("--postgres-url", default=None,
                   help="measure every workload on PostgreSQL beside SQLite: each scale's data goes into a "
                        "database named after this one (<database>_0_01, <database>_0_1, <database>_1_ix0_1; "
                        "created when missing), and bench/cpu.py runs on this one. EVERY TABLE OF THESE "
                        "DATABASES IS DROPPED")
    p.add_argument("--only", nargs="+", choices=PARTS, default=None, metavar="PART",
                   help="measure only these workloads (" + ", ".join(PARTS) + ") and print their results "
                        "as JSON instead of writing the report")
    p.add_argument("--from-results", action="store_true",
                   help="measure nothing: rebuild the report from bench/results/results-scale-*.json")
    args = p.parse_args(argv)
    global SERVER, WORKER_CLASS, CLIENT, WRK_SECONDS
    SERVER, WORKER_CLASS = args.server, args.worker_class
    CLIENT, WRK_SECONDS = args.client, args.seconds
    if CLIENT == "wrk" and not WRK:
        p.error("--client wrk: wrk is not installed (Debian: apt-get install wrk); --client python uses Python threads")
    if CLIENT == "python" and not WRK:
        say("wrk is not installed (Debian: apt-get install wrk): the concurrent workloads are driven by Python "
            "http.client threads, whose CPU on this machine is taken from the server (bench/README.md)")
    if args.all:
        args.scale = [0.01, 0.1, 1.0]
    if args.only and args.from_results:
        p.error("--only measures and prints; it does not go with --from-results")
    if args.database_url and len(args.scale) > 1:
        p.error("--database-url goes with a single --scale")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    started = time.perf_counter()
    command = (".venv/bin/python bench/run.py " + " ".join(argv if argv is not None else sys.argv[1:])).strip()
    if args.only == ["import"]:  # the import alone: its ratio per run, saved to only-import-scale-<s>.json
        return run_only(args, command)
    results = []
    run_path = RESULTS_DIR / "run.json"
    generating = 0.0
    for scale in args.scale:
        kinds = ["sqlite"] + (["postgresql"] if args.postgres_url or args.from_results else [])
        paths = {kind: RESULTS_DIR / f"results-scale-{scale:g}-{kind}.json" for kind in kinds}
        if args.from_results:
            results.append({"scale": scale, **{kind: json.loads(path.read_text())
                                               for kind, path in paths.items() if path.exists()}})
            continue
        urls = data_urls(scale, args)
        t0 = time.perf_counter()
        manifests = ensure_data(scale, interactions_scale(scale, args), urls, args.regenerate)
        generating += time.perf_counter() - t0
        per_scale = {"scale": scale}
        for kind, url, man in zip(kinds, urls, manifests):
            res = run_scale(scale, url, man, args)
            res["command"] = command
            if args.only:  # a part of the report: printed, neither the report nor the results file is touched
                print(json.dumps({k: v for k, v in res.items() if k not in ("manifest", "machine")}, indent=2,
                                 default=str))
                continue
            paths[kind].write_text(json.dumps(res, indent=2, default=str) + "\n")
            per_scale[kind] = res
        results.append(per_scale)
    if args.only:
        say(f"measured {', '.join(args.only)} in {time.perf_counter() - started:.0f} s (report not written)")
        return 0
    cpu_path = RESULTS_DIR / "cpu-side-by-side.json"
    cpu = None
    if args.postgres_url:
        import cpu as cpu_bench

        say("CPU per request, SQLite and PostgreSQL (bench/cpu.py)")
        ensure_postgres_database(args.postgres_url)  # only the per-scale databases were made so far
        urls = [f"sqlite:///{RESULTS_DIR / 'cpu.sqlite'}", args.postgres_url]
        cpu = {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load": round(os.getloadavg()[0], 2),
               "results": [cpu_bench.measure(url, 300) for url in urls],
               "command": "bench/cpu.py -n 300 " + " ".join(f"--database-url {u}" for u in urls)}
        cpu_path.write_text(json.dumps(cpu, indent=2) + "\n")
    elif args.from_results and cpu_path.exists():
        cpu = json.loads(cpu_path.read_text())
    if args.from_results and run_path.exists():
        run = json.loads(run_path.read_text())
    else:
        run = {"command": command, "minutes": round((time.perf_counter() - started) / 60, 1),
               "generating_minutes": round(generating / 60, 1)}
        run_path.write_text(json.dumps(run, indent=2) + "\n")
    Path(args.output).write_text(render(results, cpu, run))
    say(f"wrote {args.output} in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
