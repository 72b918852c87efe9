"""Database plumbing: SQLite pragmas, write transactions, and dialect-specific helpers."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db

# Set while a write transaction is being opened, so the "begin" hook knows to take the lock.
_want_immediate: ContextVar[bool] = ContextVar("crm_sqlite_immediate", default=False)


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Make SQLite safe for concurrent use; leave other databases alone."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):  # pragma: no cover - trivial
        # We emit BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A deferred BEGIN that later writes fails at once with "database is locked" when
        # another writer got there first; BEGIN IMMEDIATE waits for the lock instead.
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _want_immediate.get() else "BEGIN")


@contextmanager
def write_transaction() -> Iterator[None]:
    """Run the block in one transaction that holds the write lock from its first statement.

    Commits when the block ends, rolls everything back when it raises.
    """
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction():
        # Reads done so far ran in a deferred transaction; end it so the write lock is
        # taken before anything is read that the writes depend on.
        session.commit()
    token = _want_immediate.set(True)
    try:
        session.connection()
    finally:
        _want_immediate.reset(token)
    try:
        yield
        session.commit()
    except BaseException:
        session.rollback()
        raise


def dialect() -> str:
    return db.engine.dialect.name
