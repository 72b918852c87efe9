"""The audit trail: recording events (inside the transaction of the change each records), and
reading them back filtered, paged, in words and as CSV."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import csv
import re
import io
from datetime import datetime, timedelta
from functools import partial
from typing import Annotated, Any, Callable, Iterator, Optional

from flask import has_request_context, request
from pydantic import ConfigDict, PlainValidator
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..database import Direct
from ..extensions import db
from ..models import AuditEvent, User
from . import pagination, zones
from .access import is_person, require_role
from .errors import InvalidInput
from .validation import DAY_PARAMETER, MAX_ID, TEXT_PARAMETER, Day, Input, Parameter, Text, read_text, refuse

MAX_FILTER_TEXT = 254  # an e-mail address, the longest thing a filter names


def record(action: str, entity: str, entity_id: Optional[int], actor: Optional[User] = None,
           actor_label: str = "", **details) -> AuditEvent:
    event = AuditEvent(
        action=action,
        entity=entity,
        entity_id=entity_id,
        actor_id=actor.id if is_person(actor) else None,
        actor_label=actor.email if is_person(actor) else actor_label,
        details=details,
        ip=request.remote_addr if has_request_context() else None,
    )
    db.session.add(event)
    return event


_insert_event = Direct(lambda: AuditEvent.__table__.insert(),
                       ("action", "entity", "entity_id", "actor_id", "actor_label", "details", "ip"))


def write(action: str, entity: str, entity_id: Optional[int], actor: Optional[User] = None,
          actor_label: str = "", **details) -> None:
    """The same event as `record`, written at once with one INSERT on the session's connection (in its
    transaction) rather than left to the unit of work: for a hot path whose only other ORM write it would
    be (a logged contact opening a case), where the flush cost more than everything else it wrote."""
    _insert_event.run(dict(
        action=action, entity=entity, entity_id=entity_id, actor_id=actor.id if is_person(actor) else None,
        actor_label=actor.email if is_person(actor) else actor_label, details=details,
        ip=request.remote_addr if has_request_context() else None))


# --- reading the trail (admin) -------------------------------------------------------------------

def read_record_id(value: Any) -> Optional[int]:
    """A record's id as a query string writes it (blank: any record)."""
    text = read_text(value)
    if text is None:
        return None
    if not text.isdecimal() or len(text) > 10 or not 1 <= int(text) <= MAX_ID:
        raise refuse(_("must be a record's id"))
    return int(text)


class AuditFilters(Input):
    """The audit page's and GET /api/v1/audit-events' filters, typed; blank is no filter."""

    model_config = ConfigDict(extra="ignore")  # a query string carries more (cursor, limit)

    actor: Parameter(Text(MAX_FILTER_TEXT), "Who: a user id, or (part of) the e-mail recorded.", TEXT_PARAMETER) = None
    entity: Parameter(Text(MAX_FILTER_TEXT), "The kind of record: case, customer, user, finding, feedback, delivery, …",
                      TEXT_PARAMETER) = None
    entity_id: Parameter(Annotated[Optional[int], PlainValidator(read_record_id)], "The record's id.",
                         {"minimum": 1, "type": "integer"}) = None
    action: Parameter(Text(MAX_FILTER_TEXT), "An action, or its beginning (`case.` for every change to cases).",
                      TEXT_PARAMETER) = None
    since: Parameter(Day(), "From this day (YYYY-MM-DD, UTC), inclusive.", DAY_PARAMETER) = None
    until: Parameter(Day(), "Up to this day (YYYY-MM-DD, UTC), inclusive.", DAY_PARAMETER) = None


def require_reader(actor: User) -> None:
    """Only an admin reads the audit trail (checked before the filters are read)."""
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))


def _filtered(actor: User, filters: AuditFilters, zone_name: Optional[str] = None):
    """The filtered statement; `since` and `until` are days on the clock of `zone_name` (the page's
    reader's), UTC days when None (the API, as documented)."""
    require_reader(actor)
    stmt = select(AuditEvent)
    who = filters.actor
    if who:
        if who.isdecimal() and len(who) <= 10:
            stmt = stmt.where(AuditEvent.actor_id == int(who))
        else:
            stmt = stmt.where(func.lower(AuditEvent.actor_label).contains(who.lower(), autoescape=True))
    if filters.entity:
        stmt = stmt.where(AuditEvent.entity == filters.entity.lower())
    if filters.entity_id is not None:
        stmt = stmt.where(AuditEvent.entity_id == filters.entity_id)
    if filters.action:
        stmt = stmt.where(AuditEvent.action.startswith(filters.action, autoescape=True))
    since, until = filters.since, filters.until
    if since and until and until < since:
        raise InvalidInput({"until": [_("is before since")]})
    if since:
        stmt = stmt.where(AuditEvent.at >= zones.start_of_day(since, zone_name))
    if until:
        stmt = stmt.where(AuditEvent.at < zones.start_of_day(until + timedelta(days=1), zone_name))
    return stmt.options(joinedload(AuditEvent.actor))


def events_page(actor: User, filters: AuditFilters, limit: int = 50, cursor: Optional[str] = None,
                zone_name: Optional[str] = None):
    """Audit events newest first, filtered, a page at a time with the exact total (admin); the days of
    the filters on `zone_name`'s clock (UTC when None)."""
    return pagination.keyset_page(_filtered(actor, filters, zone_name), [(AuditEvent.at, True), (AuditEvent.id, True)],
                                  limit, cursor, scope=("audit events", filters, zone_name))


def latest(actor: User, limit: int = 10) -> list[AuditEvent]:
    """The newest audit events, for the admin's overview."""
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))
    return list(db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def entities(actor: User) -> list[str]:
    """The kinds of record the trail holds events of, for the filter's choices."""
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))
    return list(db.session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))


def readable(event: AuditEvent, time_text: Optional[Callable[[datetime], str]] = None,
             in_words: bool = False) -> list[str]:
    """What an event changed, in words: "status: open → closed", "note: …", "subject: …".

    A time the event recorded (ISO 8601 with an offset, as stored) is written by `time_text` when given
    (the pages: on the reader's clock, zones.reader_time); the CSV keeps it as stored. `in_words` (the
    pages) gives the field names, yes and no and the codes of our own (statuses, roles) in the reader's
    language; what people typed stays as typed. The CSV keeps the names as recorded.
    """
    from ..labels import AUDIT_CODED, audit_field, label

    def name_of(name: str) -> str:
        return audit_field(name) if in_words else name.replace("_", " ")

    def shown(value: Any, field: str = "") -> str:
        if in_words and field in AUDIT_CODED and isinstance(value, str) and value:
            return label(value)
        if in_words and field == "department" and isinstance(value, str) and value:
            return _department_names().get(value, value)  # the department by its name, not its slug
        return _shown_value(value, time_text, in_words)

    lines = []
    details = dict(event.details or {})
    for name, change in (details.pop("changes", None) or {}).items():
        if isinstance(change, (list, tuple)) and len(change) == 2:
            lines.append(f"{name_of(name)}: {shown(change[0], name)} → {shown(change[1], name)}")
        else:
            lines.append(f"{name_of(name)}: {shown(change, name)}")
    for name in ("previous", "from"):
        if name in details and ("status" in details or "to" in details):
            field = details.get("field", "status")
            lines.append(f"{name_of(field)}: {shown(details.pop(name), field)} → "
                         f"{shown(details.pop('to', details.pop('status', None)), field)}")
    for name, value in details.items():
        lines.append(f"{name_of(name)}: {shown(value, name)}")
    return lines


def _department_names() -> dict[str, str]:
    """Each department's name by its slug, read once per request (a page of events names a few)."""
    from flask import g

    from ..models import Department

    if "audit_department_names" not in g:
        g.audit_department_names = dict(db.session.execute(select(Department.slug, Department.name)).all())
    return g.audit_department_names


STORED_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?([+-]\d\d:\d\d|Z)")


def _shown_value(value: Any, time_text: Optional[Callable[[datetime], str]] = None, in_words: bool = False) -> str:
    def shown(v: Any) -> str:
        return _shown_value(v, time_text, in_words)

    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        if in_words:
            return _("yes") if value else _("no")
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(shown(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {shown(v)}" for k, v in value.items()) or "—"
    if time_text is not None and isinstance(value, str) and STORED_TIME.fullmatch(value):
        return time_text(datetime.fromisoformat(value.replace("Z", "+00:00")))
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


CSV_COLUMNS = ("id", "at", "actor", "action", "record", "record_id", "changes", "ip")
CSV_MAX_ROWS = 100_000


def export_csv(actor: User, filters: AuditFilters, zone_name: Optional[str] = None) -> Iterator[str]:
    """The filtered trail as CSV lines, newest first, in batches (a year of events stays cheap)."""
    stmt = _filtered(actor, filters, zone_name).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(CSV_MAX_ROWS)
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(CSV_COLUMNS)
    yield flush()
    for event in db.session.scalars(stmt.execution_options(yield_per=1000)):
        writer.writerow([event.id, event.at.isoformat(), _safe_cell(event.actor_label or ""),
                         _safe_cell(event.action), event.entity, event.entity_id or "",
                         _safe_cell("; ".join(readable(event))), event.ip or ""])
        yield flush()


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
