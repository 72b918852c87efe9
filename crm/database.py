"""Database plumbing: SQLite pragmas, write transactions, and dialect-specific helpers."""
from __future__ import annotations

import os
import threading
import time
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator, Optional

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
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
        # another writer got there first; BEGIN IMMEDIATE waits for the lock instead. Sent on the
        # driver's connection: SQLAlchemy's execution of it cost more than SQLite's (every transaction).
        sql = "BEGIN IMMEDIATE" if _want_immediate.get() else "BEGIN"
        driver = connection.connection.driver_connection
        try:
            driver.execute(sql)
        except connection.dialect.loaded_dbapi.Error as exc:
            raise DBAPIError.instance(sql, (), exc, connection.dialect.loaded_dbapi.Error,
                                      dialect=connection.dialect) from exc


@contextmanager
def write_transaction(after_reads: bool = False) -> Iterator[None]:
    """Run the block in one transaction that holds the write lock from its first statement.

    Commits when the block ends, rolls everything back when it raises. `after_reads`: the caller has
    only read so far; where no lock is taken up front (PostgreSQL, read committed: every statement
    sees what is committed when it starts), the block goes on in the reads' transaction rather than
    commit it and begin another (two round trips fewer).
    """
    session = db.session()  # the request's Session behind the scoped proxy
    if session.in_transaction() and not (after_reads and db.engine.dialect.name == "postgresql"):
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


def attach_inserted(model, row: dict):
    """The session's instance of a row a Direct INSERT just wrote: `row` holds every value given,
    the defaults Direct added and the new id; the columns left out and without a default are NULL."""
    values = {column.key: None for column in model.__table__.columns if column.server_default is None}
    values.update(row)
    return attach(model, values)


class Direct:
    """A Core statement compiled once per dialect and run straight on the DBAPI cursor of the
    session's connection, in the session's transaction.

    For the few statements of a hot write path (logging a contact): SQLAlchemy's execution — an
    execution context, parameter set-up, a result object — cost ~40 µs a statement, more than SQLite
    spends running it. Kept from SQLAlchemy: the SQL, each parameter's conversion (the types' bind
    processors: UTC times, JSON, days) and Python-side column defaults of an INSERT. Not kept: engine
    events and result processing, so use it for statements answering plain values (ids, counts, text).
    `build` makes the statement (called once per dialect); parameters are given by bind name, and
    an INSERT names the `columns` it is given (the others get their defaults).
    """

    def __init__(self, build, columns: Optional[tuple[str, ...]] = None):
        self._build, self._columns = build, columns
        self._plans: dict = {}

    def _plan(self, dialect):
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        plan = self._plans.get(key)
        if plan is None:
            compiled = self._build().compile(dialect=dialect, column_keys=self._columns)
            processors = compiled._bind_processors
            names = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
            steps = tuple((name, processors.get(name)) for name in names)
            defaults = tuple((column.key, column.default) for column in getattr(compiled, "insert_prefetch", ())
                             if column.default is not None)
            plan = self._plans[key] = (compiled.string, compiled.positional, steps, defaults)
        return plan

    def _args(self, plan, params: dict):
        _, positional, steps, defaults = plan
        for name, default in defaults:
            if name not in params:
                params[name] = default.arg(None) if default.is_callable else default.arg
        values = [params[name] if proc is None else proc(params[name]) for name, proc in steps]
        return tuple(values) if positional else dict(zip((name for name, _ in steps), values))

    def execute(self, params: dict):
        """Run with one set of parameters (completed in place with the INSERT's defaults); the cursor.
        The driver's errors are raised as SQLAlchemy's (IntegrityError, OperationalError, …)."""
        return self._run(params, many=False)

    def execute_many(self, rows: list[dict]) -> None:
        if rows:
            self._run(rows, many=True).close()

    def _run(self, params, many: bool):
        fairy = db.session.connection().connection
        dialect = db.engine.dialect
        plan = self._plan(dialect)
        cursor = fairy.cursor()
        try:
            if many:
                args = [self._args(plan, row) for row in params]
                cursor.executemany(plan[0], args)
            else:
                args = self._args(plan, params)
                cursor.execute(plan[0], args)
        except dialect.loaded_dbapi.Error as exc:
            cursor.close()
            raise DBAPIError.instance(plan[0], args, exc, dialect.loaded_dbapi.Error,
                                      dialect=dialect) from exc
        return cursor

    def first(self, params: dict) -> Optional[tuple]:
        """Run, and answer the first row as the driver gives it (no result processing), or None."""
        cursor = self.execute(params)
        try:
            return cursor.fetchone()
        finally:
            cursor.close()

    def scalar(self, params: dict):
        """Run, and answer the first column of the first row (an id from RETURNING)."""
        cursor = self.execute(params)
        try:
            return cursor.fetchone()[0]
        finally:
            cursor.close()

    def run(self, params: dict) -> None:
        self.execute(params).close()
