"""Database plumbing: SQLite pragmas, write transactions, and dialect-specific helpers."""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Iterator

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.session import make_transient_to_detached

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


def insert_rows(model, rows: list[dict]) -> list:
    """Insert rows of a model in one Core statement (a multi-row INSERT … RETURNING) and answer them
    as the session's persistent objects, in the order given, with no further SQL.

    For the hot write paths: the unit of work (and the ORM's own bulk INSERT) cost several times the
    statement itself in bookkeeping for a handful of rows whose every value is known.
    """
    if not rows:
        return []
    table = model.__table__
    result = db.session.connection().execute(_insert_returning(table), rows)
    session, mapper = db.session(), model.__mapper__
    keys = [(column.key, mapper.get_property_by_column(column).key) for column in table.columns]
    objects = []
    for row in result.mappings():
        obj = mapper.class_manager.new_instance()
        for column_key, attribute in keys:
            set_committed_value(obj, attribute, row[column_key])
        make_transient_to_detached(obj)
        session.add(obj)
        objects.append(obj)
    return objects


def attach(model, values: dict):
    """The session's instance of a row whose columns the caller already read (Core), without SQL:
    the one already in the session when there is one, else a new persistent instance of `values`
    (columns left out are loaded on first use, as for any expired attribute)."""
    session, mapper = db.session(), model.__mapper__
    key = mapper.identity_key_from_primary_key([values[c.key] for c in mapper.primary_key])
    held = session.identity_map.get(key)
    if held is not None:
        return held
    obj = mapper.class_manager.new_instance()
    for name, value in values.items():
        set_committed_value(obj, name, value)
    make_transient_to_detached(obj)
    session.add(obj)
    return obj


@lru_cache(maxsize=None)
def _insert_returning(table):
    return table.insert().returning(*table.columns, sort_by_parameter_order=True)
