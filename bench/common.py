"""Shared by the generator and the runner: where the data lives, and building the app for it."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Optional

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"  # git-ignored

# The benchmarks never touch instance/: a fixed key keeps create_app() from writing one there.
BENCH_SECRET_KEY = "bench-only-secret-key-not-for-production"


def data_name(scale: float, interactions_scale: Optional[float] = None) -> str:
    """crm-scale-1 or, with interactions at another scale, crm-scale-1-ix0.1."""
    if interactions_scale is None or interactions_scale == scale:
        return f"crm-scale-{scale:g}"
    return f"crm-scale-{scale:g}-ix{interactions_scale:g}"


def default_database_url(scale: float, interactions_scale: Optional[float] = None) -> str:
    return f"sqlite:///{RESULTS_DIR / (data_name(scale, interactions_scale) + '.sqlite')}"


def sqlite_path(url: str) -> Optional[Path]:
    """The file behind a sqlite:/// URL, or None for any other database."""
    prefix = "sqlite:///"
    return Path(url[len(prefix):]) if url.startswith(prefix) else None


def manifest_path(url: str) -> Path:
    """Where the generator records what it wrote (beside the SQLite file, or under results/)."""
    path = sqlite_path(url)
    if path is not None:
        return path.with_suffix(".json")
    safe = "".join(ch if ch.isalnum() else "_" for ch in url.split("@")[-1])
    return RESULTS_DIR / f"manifest-{safe}.json"


def read_manifest(url: str) -> Optional[dict]:
    path = manifest_path(url)
    if not path.exists():
        return None
    return json.loads(path.read_text())


def bench_environment(url: str) -> dict:
    """Environment for anything that builds the app from the environment (gunicorn wsgi:app)."""
    env = dict(os.environ)
    env["CRM_DATABASE_URL"] = url
    env.setdefault("CRM_SECRET_KEY", BENCH_SECRET_KEY)
    env.setdefault("CRM_DEFAULT_REGION", "MY")
    # API.md, "Limits": benchmarks raise the rate limits (one token drives the whole load).
    env.setdefault("CRM_API_LIMIT", "100000000 per minute")
    env.setdefault("CRM_LOGIN_LIMIT", "100000 per minute")
    env.setdefault("CRM_LOGIN_ADDRESS_LIMIT", "100000 per minute")
    return env


def make_app(url: str):
    """The real app (create_app) pointed at the benchmark database."""
    os.environ.update({k: v for k, v in bench_environment(url).items()
                       if k in ("CRM_DATABASE_URL", "CRM_SECRET_KEY", "CRM_DEFAULT_REGION", "CRM_API_LIMIT",
                                "CRM_LOGIN_LIMIT", "CRM_LOGIN_ADDRESS_LIMIT")})
    if str(PROJECT_DIR) not in sys.path:
        sys.path.insert(0, str(PROJECT_DIR))
    from crm import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": url})


def migrations_head() -> str:
    """The newest revision in migrations/ (what upgrade_database() brings a database to)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from crm import MIGRATIONS_DIR

    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS_DIR)
    return ScriptDirectory.from_config(cfg).get_current_head()


def source_state() -> dict:
    """Which code was measured: the commit, and how many files differed from it (read-only git)."""
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=PROJECT_DIR, capture_output=True, text=True,
                                  timeout=20).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return ""

    changed = [line for line in git("status", "--porcelain").splitlines() if line.strip()]
    return {"commit": git("rev-parse", "--short", "HEAD") or "unknown", "changed_files": len(changed)}


class Raw:
    """A plain DBAPI connection to the benchmark database (sqlite3 or psycopg), for the floors.

    Statements are written with `?` placeholders; on PostgreSQL they become `%s`.
    """

    def __init__(self, url: str, readonly: bool = False):
        path = sqlite_path(url)
        if path is not None:
            import sqlite3

            self.kind = "sqlite"
            self.conn = (sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False) if readonly
                         else sqlite3.connect(path, check_same_thread=False))
            self.conn.execute("PRAGMA busy_timeout=10000")
        else:
            import psycopg

            self.kind = "postgresql"
            self.conn = psycopg.connect(libpq_url(url), autocommit=True)

    def sql(self, statement: str) -> str:
        return statement if self.kind == "sqlite" else statement.replace("?", "%s")

    def execute(self, statement: str, params=()):
        return self.conn.execute(self.sql(statement), params)

    def executemany(self, statement: str, rows) -> None:
        if self.kind == "sqlite":
            self.conn.executemany(statement, rows)
        else:
            with self.conn.cursor() as cur:
                cur.executemany(self.sql(statement), rows)

    def transaction(self):
        """One transaction, committed when the block ends (rolled back on an exception)."""
        return self.conn if self.kind == "sqlite" else self.conn.transaction()

    def close(self) -> None:
        self.conn.close()


def libpq_url(url: str) -> str:
    """postgresql+psycopg://… as libpq (psycopg.connect) spells it."""
    return "postgresql://" + url.split("://", 1)[1]


def postgres_url_for(base: str, name: str) -> str:
    """The PostgreSQL database for one data set, beside the one --postgres-url names: <db>_<name>."""
    head, db = base.rsplit("/", 1)
    safe = "".join(ch if ch.isalnum() else "_" for ch in name.replace("crm-scale-", ""))
    return f"{head}/{db}_{safe}"


def ensure_postgres_database(url: str) -> None:
    """CREATE DATABASE when it does not exist yet (through the server's `postgres` database)."""
    import psycopg

    head, db = libpq_url(url).rsplit("/", 1)
    with psycopg.connect(f"{head}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (db,)).fetchone():
            conn.execute(f'CREATE DATABASE "{db}"')
