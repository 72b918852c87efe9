"""Importing customers from CSV: valid rows in, every rejected row reported, all or nothing."""
from __future__ import annotations

import csv
import gc
import multiprocessing
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Optional

from flask import current_app
from pydantic import ValidationError
from sqlalchemy import func, select

from ..database import write_transaction
from ..extensions import db
from ..models import ContactPoint, Customer
from ..models.base import utcnow
from ..text import fold
from . import audit
from .customers import ROWS, CustomerInput
from .validation import reasons as field_reasons

BATCH = 2000
COLUMNS = ("name", "account_number", "phones", "emails", "company", "language", "preferred_channel",
           "tier", "notes")
TEXT_COLUMNS = ("account_number", "company", "language", "preferred_channel", "tier", "notes")
_SPLIT = re.compile(r"[;|]")


@dataclass
class ImportReport:
    imported: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)


# Rows can be validated (names, phone numbers, e-mails: most of an import's CPU) in worker processes
# (CRM_IMPORT_WORKERS): worth it on idle cores only; one process is the default.
CHUNK = 1000  # rows handed to a worker process at a time
POOL_FROM = 10_000  # rows: smaller files are validated in this process (a pool costs ~0.1 s to start)


def _workers(total: int) -> int:
    setting = str(current_app.config.get("CRM_IMPORT_WORKERS", "1")).strip().lower()
    if setting in ("", "auto"):
        return min(os.cpu_count() or 1, 4) if total >= POOL_FROM else 1
    return max(int(setting), 1)


def _checked(reader, where: dict[str, int], region: str, workers: int):
    """(line, clean input or None, reasons it was refused) for every row, in the file's order."""
    def chunks():
        chunk = []
        for cells in reader:
            if not cells:  # a blank line
                continue
            chunk.append((reader.line_num, cells))
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks():
            yield from _check_chunk(chunk, where, region)
        return
    # fork: the workers inherit the app (its settings and gettext's context) and touch no connection.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for checked in pool.imap(partial(_check_chunk, where=where, region=region), chunks()):
            yield from checked


def _check_chunk(chunk: list[tuple[int, list[str]]], where: dict[str, int],
                 region: str) -> list[tuple[int, Optional[dict], str]]:
    """Each row read by CustomerInput's fields, the whole chunk in one validation (customers.ROWS): a
    clean row is a dict of normalised values, a refused one its reasons as the API words them."""
    out = []
    values = _row_values(where)
    rows = ROWS.validate_python([values(cells) for _line, cells in chunk], context={"region": region})
    for (line, _row), clean in zip(chunk, rows):
        if isinstance(clean, ValidationError):
            fields = field_reasons(clean, CustomerInput)
            out.append((line, None, "; ".join(f"{k}: {', '.join(v)}" for k, v in fields.items())))
        else:
            out.append((line, clean, ""))
    return out


def _row_values(where: dict[str, int]) -> Callable[[list[str]], dict]:
    """How a row's cells (`where`: column → position) become CustomerInput's fields: phones and
    e-mails split on ";" or "|", a column the file lacks or a row leaves out read as absent."""
    def cell(name: str) -> Callable[[list[str]], Optional[str]]:
        i = where.get(name)
        return (lambda cells: None) if i is None else (lambda cells: cells[i] if i < len(cells) else None)

    name, phones, emails = cell("name"), cell("phones"), cell("emails")
    texts = [(column, cell(column)) for column in TEXT_COLUMNS]
    split = _SPLIT.split

    def values(cells: list[str]) -> dict:
        row = {column: read(cells) for column, read in texts}
        row["name"] = name(cells) or ""
        row["phones"] = split(phones(cells) or "")
        row["emails"] = split(emails(cells) or "")
        row["preferences"] = {}
        return row
    return values


def import_customers_csv(path: str, progress: Optional[Callable[[int, int], None]] = None) -> ImportReport:
    """Import every valid row of a UTF-8 CSV with a header naming the columns of COLUMNS.

    Phones and e-mails may hold several values separated by ";" or "|". The whole import is one
    transaction, so a crash leaves the database as it was.
    """
    report = ImportReport()
    total = -1  # the header is no row
    with open(path, "rb") as f:  # counted, and checked to be UTF-8 before anything is written
        for number, line in enumerate(f, 1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                report.rejected.append((number, "is not UTF-8 text: save the file as CSV UTF-8 and import it again"))
                return report
            total += 1
    total = max(total, 0)
    region = current_app.config["CRM_DEFAULT_REGION"]
    with (open(path, newline="", encoding="utf-8-sig") as f, _no_cycle_collection(), write_transaction(),
          _name_index_after(total)):
        reader = csv.reader(f)
        header = next(reader, [])
        if "name" not in header:
            report.rejected.append((1, "the header has no 'name' column"))
            return report
        where = {column: i for i, column in enumerate(header)}
        unknown = set(header) - set(COLUMNS)
        if unknown:
            report.rejected.append((1, f"unknown columns ignored: {', '.join(sorted(unknown))}"))
        seen_values: dict[str, int] = {}
        seen_accounts: dict[str, int] = {}
        batch: list[tuple[int, object]] = []
        done = 0
        for line, clean, reasons in _checked(reader, where, region, _workers(total)):
            done += 1
            if clean is None:
                report.rejected.append((line, reasons))
                continue
            contacts = clean["phones"] + clean["emails"]
            clash = next((v for v in contacts if v in seen_values), None)
            if clash:
                report.rejected.append((line, f"{clash} is also on line {seen_values[clash]}"))
                continue
            account = clean["account_number"]
            if account and account in seen_accounts:
                report.rejected.append((line, f"account {account} is also on line {seen_accounts[account]}"))
                continue
            for v in contacts:
                seen_values[str(v)] = line  # the value alone: what was written is not kept for the file
            if account:
                seen_accounts[account] = line
            batch.append((line, clean))
            if len(batch) >= BATCH:
                _flush(batch, report)
                batch = []
                if progress:
                    progress(done, total)
        _flush(batch, report)
        if progress:
            progress(done, total)
        audit.record("customer.import", "customer", None, actor_label="cli", file=str(path),
                     imported=report.imported, rejected=len(report.rejected))
    report.rejected.sort()
    return report


@contextmanager
def _no_cycle_collection():
    """Python's cycle collector off for the import (as it was, after it).

    The import makes millions of short-lived objects (cells, rows, values) and no reference cycles;
    each collection pass walks every row still held (the batch, the values already seen), which took
    ~40 % of an import's CPU time (20,000 rows: 1.41 s with collection, 0.86 s without). Memory is
    freed as before, by reference counting.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# The schema's name-search index: on SQLite an FTS5 table kept by a trigger (migration 0001), on
# PostgreSQL the customer_name_words table kept by statement triggers (migration 0011).
_FTS_TRIGGER = "customers_fts_insert"
_WORDS_TRIGGER = "customers_name_words_insert"
_WORDS_KEY = "customer_name_words_pkey"


@contextmanager
def _name_index_after(rows: int):
    """Index the imported names once after the bulk insert instead of row by row, inside the
    import's transaction: a crash leaves the index as it was.

    On SQLite the trigger is dropped and the new names indexed in one statement (the write lock
    keeps every other writer out until the trigger is back). On PostgreSQL the insert trigger and
    the words' btree are dropped, and the new names' words written and the btree built again in
    one pass, only when the file holds at least as many rows as the table (building the btree
    covers the whole table; DROP TRIGGER also makes lookups wait for the import), so a first load or
    a migration gets the fast path and a small import into a live database keeps the trigger, which
    writes each COPY's words in one statement.
    """
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        trigger = conn.exec_driver_sql(
            "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = %(name)s AND tgrelid = 'customers'::regclass",
            {"name": _WORDS_TRIGGER}).scalar()
        key = conn.exec_driver_sql("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %(name)s",
                                   {"name": _WORDS_KEY}).scalar()
        last, count = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0), count(*) FROM customers").one()
        if trigger is None or key is None or rows < count:
            yield
            return
        conn.exec_driver_sql(f"DROP TRIGGER {_WORDS_TRIGGER} ON customers")
        conn.exec_driver_sql(f"ALTER TABLE customer_name_words DROP CONSTRAINT {_WORDS_KEY}")
        yield
        conn.exec_driver_sql("SET LOCAL jit = off")  # planned for far more words than a name has
        conn.exec_driver_sql("INSERT INTO customer_name_words (word, customer_id) SELECT w, c.id "
                             "FROM customers AS c, crm_name_words(c.search_name) AS w WHERE c.id > %(last)s",
                             {"last": last})
        conn.exec_driver_sql(f"ALTER TABLE customer_name_words ADD CONSTRAINT {_WORDS_KEY} {key}")
        conn.exec_driver_sql(trigger)
        return
    trigger = None
    if conn.dialect.name == "sqlite":
        trigger = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                                       (_FTS_TRIGGER,)).scalar()
    if trigger is None:
        yield
        return
    first = conn.exec_driver_sql("SELECT COALESCE(MAX(id), 0) + 1 FROM customers").scalar()
    conn.exec_driver_sql(f"DROP TRIGGER {_FTS_TRIGGER}")
    yield
    conn.exec_driver_sql("INSERT INTO customer_name_fts(rowid, search_name) "
                         "SELECT id, search_name FROM customers WHERE id >= ?", (first,))
    conn.exec_driver_sql(trigger)


def _flush(batch, report: ImportReport) -> None:
    """Insert one batch, leaving out rows whose identifiers already belong to a customer."""
    if not batch:
        return
    taken = _existing(ContactPoint.value, [str(v) for _, c in batch for v in c["phones"] + c["emails"]])
    taken_accounts = _existing(Customer.account_number, [c["account_number"] for _, c in batch if c["account_number"]])
    rows = []
    for line, c in batch:
        clash = next((v for v in c["phones"] + c["emails"] if v in taken), None)
        if clash:
            report.rejected.append((line, f"{clash} already belongs to another customer"))
        elif c["account_number"] in taken_accounts:
            report.rejected.append((line, f"account {c['account_number']} already belongs to another customer"))
        else:
            rows.append(c)
    if not rows:
        return
    now = utcnow()
    customers = Customer.__table__
    if db.session.get_bind().dialect.name == "sqlite":
        # The import's transaction holds SQLite's one write lock, so no one else takes an id meanwhile:
        # number the rows as SQLite would (max + 1) and hand them to the driver's executemany, as a raw
        # insert would. (RETURNING in parameter order made SQLite run one INSERT per row.)
        first = db.session.scalar(select(func.coalesce(func.max(customers.c.id), 0))) + 1
        ids = range(first, first + len(rows))
        _sqlite_executemany(customers, CUSTOMER_COLUMNS, [
            (cid, c["name"], fold(c["name"]), c["account_number"], c["company"], c["language"],
             c["preferred_channel"], c["tier"], c["notes"]) for cid, c in zip(ids, rows)],
            shared={"preferences": {}, "created_at": now, "updated_at": now})  # a CSV row has no preferences
        contacts = [(cid, "email" if "@" in v else "phone", str(v), v.raw)
                    for cid, c in zip(ids, rows) for v in c["phones"] + c["emails"]]
        if contacts:
            _sqlite_executemany(ContactPoint.__table__, CONTACT_COLUMNS, contacts, shared={"created_at": now})
    else:
        _postgres_copy(rows, now)
    report.imported += len(rows)


CUSTOMER_COLUMNS = ("id", "name", "search_name", "account_number", "company", "language", "preferred_channel",
                    "tier", "notes")
CONTACT_COLUMNS = ("customer_id", "kind", "value", "raw")

_COPY_CUSTOMERS = f"COPY customers ({', '.join(CUSTOMER_COLUMNS)}, preferences, created_at, updated_at) FROM STDIN"
_COPY_CONTACTS = f"COPY contact_points ({', '.join(CONTACT_COLUMNS)}, created_at) FROM STDIN"


def _postgres_copy(rows: list[dict], now) -> None:
    """PostgreSQL: the batch's customers and contact points with two COPYs on the session's
    connection, in the import's transaction (a crash or an error rolls them back with it).

    The ids are taken from the customers' own sequence first (one statement for the batch), so the
    contact points can name their customer without RETURNING; COPY then streams the rows with none
    of executemany's per-row statement work. The rows were validated and their identifiers checked
    against the table (`_existing`) before, as for SQLite.
    """
    conn = db.session.connection()
    dialect = conn.dialect
    stamp = Customer.__table__.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
    stamp = stamp(now) if stamp is not None else now
    with conn.connection.driver_connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('customers', 'id')) FROM generate_series(1, %s)",
                       (len(rows),))
        ids = sorted(cid for (cid,) in cursor.fetchall())
        with cursor.copy(_COPY_CUSTOMERS) as copy:
            for cid, c in zip(ids, rows):
                copy.write_row((cid, c["name"], fold(c["name"]), c["account_number"], c["company"], c["language"],
                                c["preferred_channel"], c["tier"], c["notes"], "{}", stamp, stamp))
        with cursor.copy(_COPY_CONTACTS) as copy:
            for cid, c in zip(ids, rows):
                for v in c["phones"] + c["emails"]:
                    copy.write_row((cid, "email" if "@" in v else "phone", str(v), v.raw, stamp))


def _existing(column, values: list) -> set:
    """Which of `values` the (unique, indexed) `column` already holds."""
    if not values:
        return set()
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        # One text parameter split by the server: the same statement for every batch (psycopg prepares
        # it once), and one string to send: for 4,000 values 0.13 ms of client CPU and ~17 ms in all,
        # against 3 ms and ~37 ms as a list parameter (psycopg dumps a list value by value, the server
        # parses an array literal). Validated phones, e-mails and account numbers hold no line break.
        sql = (f"SELECT {column.name} FROM {column.table.name} "
               f"WHERE {column.name} = ANY(string_to_array(%s, E'\\n'))")
        return {v for (v,) in conn.exec_driver_sql(sql, ("\n".join(values),))}
    if conn.dialect.name != "sqlite":
        return set(db.session.scalars(select(column).where(column.in_(values))))
    # SQLite: plain placeholders, not an expanding IN that SQLAlchemy renders anew for every batch.
    found = set()
    for start in range(0, len(values), 5000):
        part = values[start:start + 5000]
        sql = f"SELECT {column.name} FROM {column.table.name} WHERE {column.name} IN ({', '.join('?' * len(part))})"
        found.update(v for (v,) in conn.exec_driver_sql(sql, tuple(part)))
    return found


def _sqlite_executemany(table, columns: tuple[str, ...], rows: list[tuple], shared: dict) -> None:
    """INSERT `rows` (tuples of the values of `columns`, which SQLite stores as given: text, numbers)
    and the `shared` values every row has, with one DBAPI executemany on the session's connection.

    The shared values go through their column's own bind processing (aware times to stored UTC, JSON
    to text) once, so what is stored is what SQLAlchemy would store; SQLAlchemy's per-row parameter
    handling is what this skips. The statement is the same for every batch: the driver's cache
    compiles it once.
    """
    conn = db.session.connection()
    dialect = conn.dialect
    for name in columns:
        assert table.c[name].type.dialect_impl(dialect).bind_processor(dialect) is None, name
    extra = []
    for name, value in shared.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        extra.append(process(value) if process is not None else value)
    extra = tuple(extra)
    names = (*columns, *shared)
    sql = f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})"
    conn.exec_driver_sql(sql, [row + extra for row in rows])
