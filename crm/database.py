"""Database plumbing: SQLite pragmas, write transactions, and dialect-specific helpers."""
from __future__ import annotations

import json
import os
import re
import threading
import time
import weakref
from datetime import timezone
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Callable, Iterator, Optional, TypeVar

import orjson

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm.attributes import instance_state
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
        _sqlite_run(connection, "BEGIN IMMEDIATE" if _want_immediate.get() else "BEGIN")


@contextmanager
def write_transaction(after_reads: bool = False) -> Iterator[None]:
    """Run the block in one transaction that holds the write lock from its first statement.

    Commits when the block ends, rolls everything back when it raises. `after_reads`: the caller has
    only read so far; where no lock is taken up front (PostgreSQL, read committed: every statement
    sees what is committed when it starts), the block goes on in the reads' transaction rather than
    commit it and begin another (two round trips fewer).
    """
    session = db.session()  # the request's Session behind the scoped proxy
    name = db.engine.dialect.name
    reads = None  # SQLite: the connection whose read transaction becomes the write transaction
    if session.in_transaction() and not (after_reads and name == "postgresql"):
        # Reads done so far ran in a deferred transaction; end it so the write lock is
        # taken before anything is read that the writes depend on.
        if after_reads and name == "sqlite" and not (session.new or session.dirty or session.deleted):
            # The same end and (below) the same BEGIN IMMEDIATE, on the connection the reads used,
            # rather than the session's commit, the connection's return to the pool and its checkout
            # again. Ended before waiting for the lock: a read snapshot held while waiting would keep
            # the WAL from being checkpointed.
            reads = session.connection()
            _sqlite_run(reads, "COMMIT")
        else:
            session.commit()
    writer = _writer_locks.get(db.engine)
    held = writer is not None and writer.acquire()
    try:
        try:
            if reads is not None:
                # Inside the rollback's reach: a BEGIN that fails ("database is locked" where no
                # writer lock is held) must not leave the session believing a transaction is open.
                _sqlite_run(reads, "BEGIN IMMEDIATE")
            else:
                token = _want_immediate.set(True)
                try:
                    session.connection()
                finally:
                    _want_immediate.reset(token)
            yield
            session.commit()
        except BaseException:
            session.rollback()
            raise
    finally:
        if held:
            writer.release()


def _sqlite_run(connection, sql: str) -> None:
    """`BEGIN`, `BEGIN IMMEDIATE` or `COMMIT` on the SQLite driver connection under a SQLAlchemy
    connection, inside the session's transaction (its commit or rollback ends what BEGIN opens); a COMMIT
    with no transaction open is skipped. The driver's errors are raised as SQLAlchemy's."""
    driver = connection.connection.driver_connection
    if sql == "COMMIT" and not driver.in_transaction:
        return
    try:
        driver.execute(sql)
    except connection.dialect.loaded_dbapi.Error as exc:
        raise DBAPIError.instance(sql, (), exc, connection.dialect.loaded_dbapi.Error,
                                  dialect=connection.dialect) from exc


_T = TypeVar("_T")
RACE_ATTEMPTS = 4


def once_more_after_a_race(write: Callable[..., _T]) -> Callable[..., _T]:
    """For a service function that checks for a duplicate (an e-mail, a name, a phone) inside its write
    transaction and then writes: when a concurrent request committed the same value between the check
    and the write, the unique index refuses this one (PostgreSQL reads what is committed, so both
    checks passed) and the function runs again; its check then sees the winner and answers the 409
    with the field error it gives one request at a time, never a 500. (A next number, such as a
    policy version's, is taken afresh each time: a few attempts.)"""
    @wraps(write)
    def run(*args, **kwargs):
        for _attempt in range(RACE_ATTEMPTS - 1):
            try:
                return write(*args, **kwargs)
            except IntegrityError:
                db.session.rollback()
        return write(*args, **kwargs)
    return run


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
    # Session.add() without its cascade: `values` are columns only, so there is nothing related to
    # cascade to, and walking every relationship of the mapper for nothing cost as much as the rest.
    session._update_impl(instance_state(obj))
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
    nulls = _nulls.get(model)
    if nulls is None:
        nulls = _nulls[model] = {column.key: None for column in model.__table__.columns
                                 if column.server_default is None}
    return attach(model, {**nulls, **row})


_nulls: dict = {}  # model → its columns without a server default, as NULL (what an INSERT leaves out)


class _Plan:
    """One statement as one dialect's driver runs it: its SQL, its parameters' order (or names) with
    their bind processors, the values of its literals, an INSERT's Python-side defaults, and its
    result columns' names and converters (read from the first result)."""

    __slots__ = ("sql", "positional", "steps", "names", "fixed", "defaults", "columns", "types", "converters",
                 "dialect", "raw_sql", "raw_order")

    def __init__(self, compiled, dialect):
        processors = compiled._bind_processors
        self.sql, self.positional, self.dialect = compiled.string, compiled.positional, dialect
        self.names = list(compiled.positiontup) if compiled.positional else list(compiled.bind_names.values())
        self.steps = tuple((name, processors.get(name)) for name in self.names)
        # Values the statement carries itself (literal(), bindparam(value=…)); a parameter given wins.
        self.fixed = {name: bind.effective_value for bind, name in compiled.bind_names.items() if not bind.required}
        self.defaults = tuple((column.key, column.default) for column in getattr(compiled, "insert_prefetch", ())
                              if column.default is not None)
        self.columns = [entry[0] for entry in compiled._result_columns]
        self.types = [entry[3] for entry in compiled._result_columns]
        self.converters: Optional[list] = None
        # psycopg turns %(name)s into $n anew at every execution of a statement longer than its cache
        # takes (4,096 characters: the screen-pop's history, ~70 µs a time); its RawCursor takes $n
        # as written, so the statement is converted here, once (read_cursor gives such a cursor).
        self.raw_sql, self.raw_order = _dollar_parameters(self.sql) if dialect.driver == "psycopg" \
            and not self.positional else (None, ())


class Direct:
    """A Core statement compiled once per dialect and run straight on a DBAPI cursor: the session's
    connection, in the session's transaction, or a cursor the caller gives (`read_cursor()`).

    For the few statements of a hot path (logging a contact, the screen-pop): SQLAlchemy's execution —
    an execution context, parameter set-up, a result object — cost ~40 µs a statement, more than
    SQLite spends running it. Kept from SQLAlchemy: the SQL, each parameter's conversion (the types'
    bind processors: UTC times, JSON, days), the values of the statement's literals, Python-side
    column defaults of an INSERT and, in `rows()`, each column's conversion (the types' result
    processors). Not kept: engine events and the ORM. `build` makes the statement (called once per
    dialect; a statement itself is taken too); parameters are given by bind name, and an INSERT names
    the `columns` it is given (the others get their defaults).
    """

    def __init__(self, build, columns: Optional[tuple[str, ...]] = None):
        self._build = build if callable(build) else (lambda: build)
        self._columns = columns
        self._plans: dict = {}

    def _plan(self, dialect) -> _Plan:
        key = (dialect.name, dialect.driver, dialect.paramstyle)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plans[key] = _Plan(self._build().compile(dialect=dialect, column_keys=self._columns),
                                            dialect)
        return plan

    def _raw_args(self, plan: _Plan, params: dict) -> tuple:
        named = self._args(plan, params)
        return tuple(named[name] for name in plan.raw_order)

    def _args(self, plan: _Plan, params: dict):
        for name, default in plan.defaults:
            if name not in params:
                params[name] = default.arg(None) if default.is_callable else default.arg
        if plan.fixed:
            params = {**plan.fixed, **params}
        values = [params[name] if proc is None else proc(params[name]) for name, proc in plan.steps]
        return tuple(values) if plan.positional else dict(zip(plan.names, values))

    def execute(self, params: dict, cursor=None):
        """Run with one set of parameters (completed in place with the INSERT's defaults); the cursor
        (the one given, or a new one of the session's connection). The driver's errors are raised as
        SQLAlchemy's (IntegrityError, OperationalError, …)."""
        return self._run(params, many=False, cursor=cursor)

    def execute_many(self, rows: list[dict]) -> None:
        if rows:
            self._run(rows, many=True).close()

    def _run(self, params, many: bool, cursor=None, dialect=None):
        dialect = dialect or db.engine.dialect
        plan = self._plan(dialect)
        own = cursor is None
        if own:
            cursor = db.session.connection().connection.cursor()
        try:
            if many:
                args = [self._args(plan, row) for row in params]
                cursor.executemany(plan.sql, args)
            elif plan.raw_sql is not None and cursor.__class__ is _RAW_CURSOR[0]:
                args = self._raw_args(plan, params)
                cursor.execute(plan.raw_sql, args)
            else:
                args = self._args(plan, params)
                cursor.execute(plan.sql, args)
        except dialect.loaded_dbapi.Error as exc:
            if own:
                cursor.close()
            raise DBAPIError.instance(plan.sql, args, exc, dialect.loaded_dbapi.Error,
                                      dialect=dialect) from exc
        return cursor

    def rows(self, params: dict, cursor=None) -> list[dict]:
        """Run, and answer every row as a dict by column label, each value converted by its column
        type's result processor as SQLAlchemy would (NULL stays None). On `cursor` when given (e.g.
        `read_cursor()`), else on the session's connection in its transaction."""
        dialect = db.engine.dialect
        plan = self._plan(dialect)
        own = cursor is None
        cursor = self._run(params, many=False, cursor=cursor, dialect=dialect)
        try:
            converters = plan.converters
            if converters is None:
                # Some drivers name a column's type only in the result (PostgreSQL's numeric), so the
                # column types' result processors are asked for once the first result is at hand.
                converters = plan.converters = [
                    (i, convert) for i, (type_, d) in enumerate(zip(plan.types, cursor.description))
                    if (convert := _converter(type_, plan.dialect, d[1])) is not None]
            columns, out = plan.columns, []
            for row in cursor.fetchall():
                if converters:
                    row = list(row)
                    for i, convert in converters:
                        if row[i] is not None:
                            row[i] = convert(row[i])
                out.append(dict(zip(columns, row)))
            return out
        finally:
            if own:
                cursor.close()

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


_PARAMETER = re.compile(r"%\((\w+)\)s|%%")
_RAW_CURSOR: list = [None]  # psycopg.RawCursor (psycopg 3.2 and later), once a PostgreSQL cursor was asked for


def _dollar_parameters(sql: str) -> tuple[str, tuple[str, ...]]:
    """A pyformat statement as PostgreSQL's own $n placeholders (one number per name), and the names in
    their order; %% is a literal % again."""
    order: dict[str, int] = {}

    def number(match) -> str:
        name = match.group(1)
        if name is None:
            return "%"
        return f"${order.setdefault(name, len(order) + 1)}"

    return _PARAMETER.sub(number, sql), tuple(order)


def _converter(type_, dialect, coltype):
    """The column type's own result processor, or a faster one that answers the same."""
    from sqlalchemy import JSON

    from .models.base import UTCDateTime

    if isinstance(type_, UTCDateTime):
        # UTCDateTime's conversion (the driver's value, made aware in UTC) without the TypeDecorator
        # wrapper around it, which cost as much as the conversion.
        return _aware(type_.impl_instance._cached_result_processor(dialect, coltype))
    processor = type_._cached_result_processor(dialect, coltype)
    if processor is not None and isinstance(type_, JSON):
        return _json_text(processor)
    return processor


def _aware(to_datetime):
    def convert(value):
        return (to_datetime(value) if to_datetime is not None else value).replace(tzinfo=timezone.utc)
    return convert


def _json_text(processor):
    """JSON stored as text (SQLite) read by orjson, in a sixth of the type's own json.loads' time;
    whatever orjson refuses (a bare number, NaN, an integer past 64 bits) goes to the type's own."""
    import orjson

    def convert(value):
        if value.__class__ is str:
            try:
                return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass
        return processor(value)
    return convert


def json_loads(value):
    """A JSON column's value read by orjson (PostgreSQL's driver hands it the text, as bytes); whatever
    orjson refuses (NaN, an integer past 64 bits) is read by the standard library, as before."""
    try:
        return orjson.loads(value)
    except orjson.JSONDecodeError:
        return json.loads(value)


def _raw_cursor():
    if _RAW_CURSOR[0] is None:
        import psycopg

        _RAW_CURSOR[0] = getattr(psycopg, "RawCursor", False)
    return _RAW_CURSOR[0] or None


@contextmanager
def read_cursor() -> Iterator:
    """A cursor of a pooled connection, outside the session, for reads only; the connection is given
    back to the pool at the end as it was taken. For Direct.rows(…, cursor=…) on a read-only hot path.

    SQLite: one read transaction, so every statement sees one snapshot (the pool's rollback ends it).
    PostgreSQL: each statement in its own implicit transaction (autocommit), which under READ
    COMMITTED is the snapshot each would have had in one; the driver then sends no BEGIN and no
    ROLLBACK (two of a screen-pop's four round trips), and a ROLLBACK no longer drops the statements
    it has prepared. Writes belong in the session's transaction (Direct.execute without a cursor).
    """
    engine = db.engine
    connection = engine.raw_connection()
    driver = connection.driver_connection
    autocommit = None
    try:
        if engine.dialect.driver == "psycopg" and _raw_cursor() is not None:
            cursor = _RAW_CURSOR[0](driver)  # Direct runs its statements' $n form on it: no conversion
        else:
            cursor = connection.cursor()
        if engine.dialect.name == "sqlite":
            cursor.execute("BEGIN")  # the driver runs in autocommit here (configure_engine)
        elif getattr(driver, "autocommit", True) is False:
            autocommit, driver.autocommit = False, True
        yield cursor
    finally:
        if autocommit is not None:
            try:
                driver.autocommit = autocommit
            except Exception:
                connection.invalidate()  # never give the pool a connection left in autocommit
        connection.close()
