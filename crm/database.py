"""Database plumbing: SQLite pragmas, write transactions, and dialect-specific helpers."""
from __future__ import annotations

import os
import threading
import time
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import Iterator, Optional

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm.session import make_transient_to_detached

from .extensions import db

# Set while a write transaction is being opened, so the "begin" hook knows to take the lock.
_want_immediate: ContextVar[bool] = ContextVar("crm_sqlite_immediate", default=False)


class WriterLock:
    """One write transaction at a time on a SQLite file, among the threads and processes of this
    machine, handed over at once.

    SQLite lets one writer in; the others wait in its busy handler, which sleeps in steps growing to
    100 ms, so under 8 concurrent writers a contact waited up to a quarter of a second for a lock
    that had been free for most of that time. Here the threads of a process queue on a lock, and
    one thread per process waits on an flock(2) of a file beside the database, polled every
    millisecond or two. Past the busy timeout the write goes ahead without it, and SQLite's own
    locking (which this never replaces) decides as before.
    """

    def __init__(self, database: str, timeout: float):
        self.path = database + "-writer.lock"
        self.timeout = timeout
        self._threads = threading.Lock()
        self._depth = threading.local()
        self._fd: Optional[int] = None
        self._pid: Optional[int] = None

    def _file(self) -> int:
        if self._pid != os.getpid():  # a forked worker must not share its parent's open file (nor its lock)
            self._fd, self._pid = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600), os.getpid()
        return self._fd

    def acquire(self) -> bool:
        """True when this thread holds the lock (release it); False when the wait timed out."""
        import fcntl

        depth = getattr(self._depth, "n", 0)
        if depth:
            self._depth.n = depth + 1
            return True
        deadline = time.monotonic() + self.timeout
        if not self._threads.acquire(timeout=self.timeout):
            return False
        try:
            fd, pause = self._file(), 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        self._threads.release()
                        return False
                    time.sleep(pause)
                    pause = min(pause * 2, 0.002)
        except OSError:  # no lock file to be had (a read-only directory): SQLite's locking alone
            self._threads.release()
            return False
        self._depth.n = 1
        return True

    def release(self) -> None:
        import fcntl

        self._depth.n -= 1
        if self._depth.n == 0:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._threads.release()


_writer_locks: "weakref.WeakKeyDictionary[Engine, WriterLock]" = weakref.WeakKeyDictionary()


def _has_flock() -> bool:
    try:
        import fcntl  # noqa: F401  (POSIX only; elsewhere SQLite's own locking alone)
    except ImportError:
        return False
    return True


def configure_engine(engine: Engine, busy_timeout_ms: int) -> None:
    """Make SQLite safe for concurrent use; leave other databases alone."""
    if engine.dialect.name != "sqlite":
        return
    database = engine.url.database
    if database and database != ":memory:" and not database.startswith("file:") and _has_flock():
        _writer_locks[engine] = WriterLock(os.path.abspath(database), busy_timeout_ms / 1000)

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
    writer = _writer_locks.get(db.engine)
    held = writer is not None and writer.acquire()
    try:
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
    finally:
        if held:
            writer.release()


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
        # Straight into the instance's dict, as the ORM's own loading does: loaded, with no history.
        obj.__dict__.update({attribute: row[column_key] for column_key, attribute in keys})
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
    obj = detached(model, values)
    session.add(obj)
    return obj


def detached(model, values: dict):
    """An instance of a row whose columns the caller already read, in no session: its columns are
    readable, nothing else (a relationship or a column left out raises DetachedInstanceError)."""
    obj = model.__mapper__.class_manager.new_instance()
    obj.__dict__.update(values)  # as the ORM's own loading does: loaded, with no history
    make_transient_to_detached(obj)
    return obj


@lru_cache(maxsize=None)
def _insert_returning(table):
    return table.insert().returning(*table.columns, sort_by_parameter_order=True)
