"""The audit trail: recording events (inside the transaction of the change each records), and
reading them back filtered, paged, in words and as CSV."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterator, Optional

from flask import has_request_context, request
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from ..constraints import read_day
from ..extensions import db
from ..models import AuditEvent, User
from . import pagination
from .access import is_person, require_role
from .errors import FieldErrors
from .validation import MAX_ID, clean_text


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


# --- reading the trail (admin) -------------------------------------------------------------------

@dataclass
class AuditFilters:
    """The audit page's and GET /api/v1/audit-events' filters, as given (text)."""

    actor: str = ""    # an e-mail (or a fragment of it), or a user id
    entity: str = ""   # a record type: case, customer, user, finding, delivery, …
    entity_id: str = ""
    action: str = ""   # an action, or its start ("case." for every case action)
    since: str = ""    # YYYY-MM-DD, inclusive
    until: str = ""    # YYYY-MM-DD, inclusive


def _day(value: Any, field: str, errors: FieldErrors) -> Optional[date]:
    if value in (None, ""):
        return None
    try:
        return read_day(str(value))
    except ValueError:
        errors.add(field, _("must be a date, YYYY-MM-DD"))
        return None


def _filtered(actor: User, filters: AuditFilters):
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))
    errors = FieldErrors()
    values = {}
    for name in ("actor", "entity", "entity_id", "action", "since", "until"):
        values[name] = clean_text(getattr(filters, name), name, errors, 254) or ""
    stmt = select(AuditEvent)
    who = values["actor"]
    if who:
        if who.isdecimal() and len(who) <= 10:
            stmt = stmt.where(AuditEvent.actor_id == int(who))
        else:
            stmt = stmt.where(func.lower(AuditEvent.actor_label).contains(who.lower(), autoescape=True))
    if values["entity"]:
        stmt = stmt.where(AuditEvent.entity == values["entity"].lower())
    if values["entity_id"]:
        if not values["entity_id"].isdecimal() or not 1 <= int(values["entity_id"]) <= MAX_ID:
            errors.add("entity_id", _("must be a record's id"))
        else:
            stmt = stmt.where(AuditEvent.entity_id == int(values["entity_id"]))
    if values["action"]:
        stmt = stmt.where(AuditEvent.action.startswith(values["action"], autoescape=True))
    since, until = _day(values["since"], "since", errors), _day(values["until"], "until", errors)
    if since and until and until < since:
        errors.add("until", _("is before since"))
    errors.raise_if_any()
    if since:
        stmt = stmt.where(AuditEvent.at >= datetime.combine(since, time.min, timezone.utc))
    if until:
        stmt = stmt.where(AuditEvent.at < datetime.combine(until + timedelta(days=1), time.min, timezone.utc))
    return stmt.options(joinedload(AuditEvent.actor))


def events_page(actor: User, filters: AuditFilters, limit: int = 50, cursor: Optional[str] = None):
    """Audit events newest first, filtered, a page at a time with the exact total (admin)."""
    return pagination.keyset_page(_filtered(actor, filters), [(AuditEvent.at, True), (AuditEvent.id, True)],
                                  limit, cursor)


def latest(actor: User, limit: int = 10) -> list[AuditEvent]:
    """The newest audit events, for the admin's overview."""
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))
    return list(db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def entities(actor: User) -> list[str]:
    """The kinds of record the trail holds events of, for the filter's choices."""
    require_role(actor, "admin", why=_l("Only an admin reads the audit trail."))
    return list(db.session.scalars(select(AuditEvent.entity).distinct().order_by(AuditEvent.entity)))


def readable(event: AuditEvent) -> list[str]:
    """What an event changed, in words: "status: open → closed", "note: …", "subject: …"."""
    lines = []
    details = dict(event.details or {})
    for name, change in (details.pop("changes", None) or {}).items():
        if isinstance(change, (list, tuple)) and len(change) == 2:
            lines.append(f"{name}: {_shown(change[0])} → {_shown(change[1])}")
        else:
            lines.append(f"{name}: {_shown(change)}")
    for name in ("previous", "from"):
        if name in details and ("status" in details or "to" in details):
            lines.append(f"{details.get('field', 'status')}: {_shown(details.pop(name))} → "
                         f"{_shown(details.pop('to', details.pop('status', None)))}")
    for name, value in details.items():
        lines.append(f"{name.replace('_', ' ')}: {_shown(value)}")
    return lines


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_shown(v) for v in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items()) or "—"
    text = str(value)
    return text if len(text) <= 300 else text[:299] + "…"


CSV_COLUMNS = ("id", "at", "actor", "action", "record", "record_id", "changes", "ip")
CSV_MAX_ROWS = 100_000


def export_csv(actor: User, filters: AuditFilters) -> Iterator[str]:
    """The filtered trail as CSV lines, newest first, in batches (a year of events stays cheap)."""
    stmt = _filtered(actor, filters).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(CSV_MAX_ROWS)
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
