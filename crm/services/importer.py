"""Importing customers from CSV: valid rows in, every rejected row reported, all or nothing."""
from __future__ import annotations

import csv
import multiprocessing
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Callable, Optional

from flask import current_app
from sqlalchemy import func, insert, select

from ..database import write_transaction
from ..extensions import db
from ..models import ContactPoint, Customer
from ..models.base import utcnow
from ..text import fold
from . import audit
from .customers import CustomerInput, validate
from .errors import InvalidInput

BATCH = 2000
COLUMNS = ("name", "account_number", "phones", "emails", "company", "language", "preferred_channel",
           "tier", "notes")
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


def _checked(reader: csv.DictReader, region: str, workers: int):
    """(line, clean input or None, reasons it was refused) for every row, in the file's order."""
    def chunks():
        chunk = []
        for row in reader:
            chunk.append((reader.line_num, row))
            if len(chunk) >= CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for chunk in chunks():
            yield from _check_chunk(chunk, region)
        return
    # fork: the workers inherit the app (its settings and gettext's context) and touch no connection.
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for checked in pool.imap(partial(_check_chunk, region=region), chunks()):
            yield from checked


def _check_chunk(chunk: list[tuple[int, dict]], region: str) -> list[tuple[int, object, str]]:
    out = []
    for line, row in chunk:
        try:
            out.append((line, validate(_row_input(row), region), ""))
        except InvalidInput as exc:
            out.append((line, None, "; ".join(f"{k}: {', '.join(v)}" for k, v in exc.fields.items())))
    return out


def _row_input(row: dict) -> CustomerInput:
    def many(key):
        return [v for v in _SPLIT.split(row.get(key) or "") if v.strip()]

    return CustomerInput(
        name=row.get("name") or "", account_number=row.get("account_number"), phones=many("phones"),
        emails=many("emails"), company=row.get("company"), language=row.get("language"),
        preferred_channel=row.get("preferred_channel"), tier=row.get("tier"), notes=row.get("notes"),
    )


def import_customers_csv(path: str, progress: Optional[Callable[[int, int], None]] = None) -> ImportReport:
    """Import every valid row of a UTF-8 CSV with a header naming the columns of COLUMNS.

    Phones and e-mails may hold several values separated by ";" or "|". The whole import is one
    transaction, so a crash leaves the database as it was.
    """
    with open(path, newline="", encoding="utf-8-sig") as f:
        total = max(sum(1 for _ in f) - 1, 0)
    report = ImportReport()
    region = current_app.config["CRM_DEFAULT_REGION"]
    with open(path, newline="", encoding="utf-8-sig") as f, write_transaction(), _name_index_after(total):
        reader = csv.DictReader(f)
        missing = {"name"} - set(reader.fieldnames or ())
        if missing:
            report.rejected.append((1, "the header has no 'name' column"))
            return report
        unknown = set(reader.fieldnames or ()) - set(COLUMNS)
        if unknown:
            report.rejected.append((1, f"unknown columns ignored: {', '.join(sorted(unknown))}"))
        seen_values: dict[str, int] = {}
        seen_accounts: dict[str, int] = {}
        batch: list[tuple[int, object]] = []
        done = 0
        for line, clean, reasons in _checked(reader, region, _workers(total)):
            done += 1
            if clean is None:
                report.rejected.append((line, reasons))
                continue
            clash = next((v for v, _ in clean.phones + clean.emails if v in seen_values), None)
            if clash:
                report.rejected.append((line, f"{clash} is also on line {seen_values[clash]}"))
                continue
            if clean.account_number and clean.account_number in seen_accounts:
                report.rejected.append(
                    (line, f"account {clean.account_number} is also on line {seen_accounts[clean.account_number]}"))
                continue
            for v, _ in clean.phones + clean.emails:
                seen_values[v] = line
            if clean.account_number:
                seen_accounts[clean.account_number] = line
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


# The schema's name-search index (migration 0001): on SQLite an FTS5 table kept by a trigger, on
# PostgreSQL a pg_trgm GIN index.
_FTS_TRIGGER = "customers_fts_insert"
_TRGM_INDEX = "ix_customers_search_name_trgm"


@contextmanager
def _name_index_after(rows: int):
    """Index the imported names once after the bulk insert instead of row by row, inside the
    import's transaction: a crash leaves the index as it was.

    On SQLite the trigger is dropped and the new names indexed in one statement (the write lock
    keeps every other writer out until the trigger is back). On PostgreSQL the GIN index is dropped
    and built again only when the file holds at least as many rows as the table (building it covers
    the whole table; DROP INDEX also makes lookups wait for the import), so a first load or a
    migration gets the fast path and a small import into a live database does not.
    """
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        definition = conn.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE indexname = %(name)s",
                                          {"name": _TRGM_INDEX}).scalar()
        if definition is None or rows < conn.exec_driver_sql("SELECT count(*) FROM customers").scalar():
            yield
            return
        conn.exec_driver_sql(f"DROP INDEX {_TRGM_INDEX}")
        yield
        conn.exec_driver_sql(definition)
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
    values = [v for _, c in batch for v, _ in c.phones + c.emails]
    accounts = [c.account_number for _, c in batch if c.account_number]
    taken = set(db.session.scalars(select(ContactPoint.value).where(ContactPoint.value.in_(values)))) if values else set()
    taken_accounts = set(db.session.scalars(
        select(Customer.account_number).where(Customer.account_number.in_(accounts)))) if accounts else set()
    rows = []
    for line, c in batch:
        clash = next((v for v, _ in c.phones + c.emails if v in taken), None)
        if clash:
            report.rejected.append((line, f"{clash} already belongs to another customer"))
        elif c.account_number in taken_accounts:
            report.rejected.append((line, f"account {c.account_number} already belongs to another customer"))
        else:
            rows.append(c)
    if not rows:
        return
    now = utcnow()
    # Core, not the ORM's bulk path: with RETURNING in parameter order the ORM matched rows to
    # parameters at a cost that grew with the batch (2,000 rows took ~0.7 s).
    customers = Customer.__table__
    values = [dict(name=c.name, search_name=fold(c.name), account_number=c.account_number, company=c.company,
                   language=c.language, preferred_channel=c.preferred_channel, tier=c.tier, notes=c.notes,
                   preferences=c.preferences, created_at=now, updated_at=now) for c in rows]
    if db.session.get_bind().dialect.name == "sqlite":
        # The import's transaction holds SQLite's one write lock, so no one else takes an id meanwhile:
        # number the rows as SQLite would (max + 1) and hand them to the driver's executemany, as a raw
        # insert would. (RETURNING in parameter order made SQLite run one INSERT per row.)
        first = db.session.scalar(select(func.coalesce(func.max(customers.c.id), 0))) + 1
        ids = list(range(first, first + len(values)))
        for cid, row in zip(ids, values):
            row["id"] = cid
        _sqlite_executemany(customers, values)
        contacts = [dict(customer_id=cid, kind="email" if "@" in v else "phone", value=v, raw=raw,
                         created_at=now) for cid, c in zip(ids, rows) for v, raw in c.phones + c.emails]
        if contacts:
            _sqlite_executemany(ContactPoint.__table__, contacts)
    else:
        ids = db.session.scalars(insert(customers).returning(customers.c.id, sort_by_parameter_order=True),
                                 values).all()
        contacts = [dict(customer_id=cid, kind="email" if "@" in v else "phone", value=v, raw=raw,
                         created_at=now) for cid, c in zip(ids, rows) for v, raw in c.phones + c.emails]
        if contacts:
            db.session.execute(insert(ContactPoint.__table__), contacts)
    report.imported += len(rows)


def _sqlite_executemany(table, rows: list[dict]) -> None:
    """INSERT `rows` (dicts with the same keys) with one DBAPI executemany on the session's connection.

    Each column's own bind processing (aware times to stored UTC, JSON to text) is applied, once per
    distinct value for the columns every row shares (the batch's timestamp), so what is stored is
    what SQLAlchemy would store; SQLAlchemy's per-row parameter handling is what this skips.
    """
    conn = db.session.connection()
    dialect = conn.dialect
    names = list(rows[0])
    processors = []
    for name in names:
        column = table.c[name]
        process = column.type.dialect_impl(dialect).bind_processor(dialect)
        processors.append(process)
    constant = {}
    for i, (name, process) in enumerate(zip(names, processors)):
        if process is not None and all(r[name] is rows[0][name] for r in rows):
            constant[i] = process(rows[0][name])
    params = []
    for r in rows:
        out = []
        for i, name in enumerate(names):
            value = r[name]
            if i in constant:
                value = constant[i]
            elif processors[i] is not None:
                value = processors[i](value)
            out.append(value)
        params.append(tuple(out))
    sql = (f"INSERT INTO {table.name} ({', '.join(names)}) "
           f"VALUES ({', '.join('?' for _ in names)})")
    conn.exec_driver_sql(sql, params)
