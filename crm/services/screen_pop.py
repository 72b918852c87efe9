"""The screen-pop's fast path: two SQL statements compiled once, run on the driver's cursor, rows straight to JSON.

An agent waits on this answer while the caller speaks, so it skips the ORM: one statement finds the
customer with their contact points (by phone, e-mail or account), a second brings everything the
screen shows about them (the newest contacts, open follow-ups and open cases, with the names of the
people and teams involved) as one UNION ALL. Both are SQLAlchemy Core statements, compiled once per
database dialect to the driver's SQL and run by crm.database.Direct on a pooled connection's own
cursor (crm.database.read_cursor: autocommit reads on PostgreSQL), so none of SQLAlchemy's
per-execution work (execution context, result objects) is paid. The columns' values are converted
by the column types' own result processors, as SQLAlchemy would (Direct.rows); rows are
turned into the API's JSON (the same fields as the response schemas' constructors, crm/api/schemas)
and encoded with orjson.

The uncommon cases go back to the ORM path in crm/services/lookup.py: a customer merged into
another (followed to the survivor there).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Optional

import orjson
from sqlalchemy import Integer, String, Text, bindparam, cast, literal, literal_column, null, or_, select, union_all

from ..database import Direct, read_cursor
from ..models import Case, ContactPoint, Customer, Interaction, PolicyVersion, Team, User
from ..models.base import JSONType, UTCDateTime
from .access import require_lookup_access
from .contacts import format_phone, normalize_account, normalize_email
from .errors import InvalidInput, NotFound
from .lookup import account_prefixes, phone_candidates

RECENT = 5
_OPEN_CASE = ("open", "pending")


@dataclass
class Answer:
    """What the screen-pop found: the HTTP status and the JSON body, ready to send."""
    status: int
    body: bytes
    customer_ids: list[int]


def _given(phone: str, email: str, account: str) -> tuple[str, str]:
    given = {k: v for k, v in (("phone", phone), ("email", email), ("account", account)) if v and v.strip()}
    if len(given) != 1:
        raise InvalidInput({"phone": ["give exactly one of phone, email or account"]},
                           "Give exactly one of phone, email or account.")
    (kind, value), = given.items()
    return kind, value


def _values(kind: str, raw: str) -> list[str]:
    """The stored forms to look for, exactly as crm/services/lookup.py reads them."""
    if kind == "phone":
        values = phone_candidates(raw)
    elif kind == "email":
        try:
            values = [normalize_email(raw)]
        except ValueError:
            values = [(raw or "").strip().casefold()]
    else:
        try:
            value = normalize_account(raw)
        except ValueError:
            return []
        values = [value] + ([f"{p}{value}" for p in account_prefixes()] if value.isdecimal() else [])
    # A NUL can be in no stored value, and PostgreSQL refuses it in a query parameter outright.
    return [v for v in values if "\x00" not in v]


# --- the two statements, built once ------------------------------------------------------

_C, _P = Customer.__table__, ContactPoint.__table__
_CUSTOMER_COLUMNS = (_C.c.id, _C.c.account_number, _C.c.name, _C.c.company, _C.c.language,
                     _C.c.preferred_channel, _C.c.tier, _C.c.notes, _C.c.preferences, _C.c.merged_into_id,
                     _C.c.created_at, _C.c.updated_at, _C.c.erased_at,
                     _P.c.kind.label("cp_kind"), _P.c.value.label("cp_value"), _P.c.raw.label("cp_raw"))


def _customers_where(condition):
    return (select(*_CUSTOMER_COLUMNS)
            .select_from(_C.outerjoin(_P, _P.c.customer_id == _C.c.id))
            .where(condition)
            .order_by(_C.c.id, _P.c.id))


# The values go into a fixed number of parameters (the rest NULL, which equals nothing), so one
# compiled statement serves every lookup; more values (a long CRM_PHONE_REGIONS or
# CRM_ACCOUNT_PREFIXES) take the next multiple of SLOTS, compiled once too.
SLOTS = 6


def _slot_names(n: int) -> tuple[str, ...]:
    return tuple(f"v{i}" for i in range(n))


def _slots(column, n: int):
    return column.in_([bindparam(name, type_=column.type) for name in _slot_names(n)])


@lru_cache(maxsize=None)
def _by_values(kind: str, n: int) -> Direct:
    """The customers (with their contact points) whose account number, or one of whose contact points,
    is one of n values."""
    if kind == "account":
        return Direct(_customers_where(_slots(_C.c.account_number, n)))
    return Direct(_customers_where(_C.c.id.in_(select(_P.c.customer_id).where(_slots(_P.c.value, n))
                                               .scalar_subquery())))


def _pad(type_):
    return cast(null(), type_)


def _history_statement():
    i, k = Interaction.__table__, Case.__table__
    agent, approver, owner = User.__table__.alias("agent"), User.__table__.alias("approver"), User.__table__.alias("owner")
    team, pv = Team.__table__.alias("team"), PolicyVersion.__table__
    customer = bindparam("customer_id", type_=Integer)

    def interactions(kind: str):
        return (select(
            literal_column(f"'{kind}'", String).label("kind"), i.c.id, i.c.case_id, i.c.agent_id,
            agent.c.name.label("agent_name"), i.c.team_id, team.c.name.label("team_name"), i.c.channel,
            i.c.direction, i.c.started_at, i.c.ended_at, i.c.queue_wait_seconds, i.c.holds, i.c.transfers,
            i.c.summary, i.c.transcript, i.c.language, i.c.outcome, i.c.follow_up_due, i.c.follow_up_done_at,
            i.c.amount, i.c.approved_by_id, approver.c.name.label("approver_name"), i.c.justifications,
            pv.c.number.label("policy_number"), i.c.created_at,
            _pad(String).label("subject"), _pad(String).label("status"), _pad(String).label("priority"),
            _pad(Text).label("resolution"), _pad(UTCDateTime).label("opened_at"),
            _pad(UTCDateTime).label("first_reply_at"), _pad(UTCDateTime).label("last_update_at"),
            _pad(UTCDateTime).label("resolved_at"), _pad(UTCDateTime).label("followed_up_at"),
            _pad(UTCDateTime).label("closed_at"))
            .select_from(i.outerjoin(agent, agent.c.id == i.c.agent_id)
                         .outerjoin(team, team.c.id == i.c.team_id)
                         .outerjoin(approver, approver.c.id == i.c.approved_by_id)
                         .outerjoin(pv, pv.c.id == i.c.policy_version_id))
            .where(i.c.customer_id == customer))

    recent = (interactions("recent").order_by(i.c.started_at.desc(), i.c.id.desc()).limit(RECENT)
              .subquery("recent"))
    follow_ups = interactions("follow_up").where(i.c.follow_up_due.is_not(None), i.c.follow_up_done_at.is_(None))
    cases = (select(
        literal_column("'case'", String).label("kind"), k.c.id, _pad(Integer).label("case_id"),
        k.c.owner_id.label("agent_id"), owner.c.name.label("agent_name"), k.c.team_id,
        _pad(String).label("team_name"), k.c.channel, _pad(String).label("direction"),
        _pad(UTCDateTime).label("started_at"), _pad(UTCDateTime).label("ended_at"),
        _pad(Integer).label("queue_wait_seconds"), _pad(JSONType).label("holds"),
        _pad(JSONType).label("transfers"), _pad(Text).label("summary"), _pad(Text).label("transcript"),
        _pad(String).label("language"), _pad(String).label("outcome"), _pad(UTCDateTime).label("follow_up_due"),
        _pad(UTCDateTime).label("follow_up_done_at"), _pad(i.c.amount.type).label("amount"),
        _pad(Integer).label("approved_by_id"), _pad(String).label("approver_name"),
        _pad(JSONType).label("justifications"), _pad(Integer).label("policy_number"),
        _pad(UTCDateTime).label("created_at"),
        k.c.subject, k.c.status, k.c.priority, k.c.resolution, k.c.opened_at, k.c.first_reply_at,
        k.c.last_update_at, k.c.resolved_at, k.c.followed_up_at, k.c.closed_at)
        .select_from(k.outerjoin(owner, owner.c.id == k.c.owner_id))
        .where(k.c.customer_id == customer, or_(*(k.c.status == literal(status) for status in _OPEN_CASE))))
    return union_all(select(recent), follow_ups, cases)


_HISTORY = Direct(_history_statement)


# --- rows to JSON ------------------------------------------------------------------------

def _money(amount) -> Optional[str]:
    return None if amount is None else f"{Decimal(amount):.2f}"


@lru_cache(maxsize=65536)
def _display(e164: str) -> str:
    return format_phone(e164)


def _ref(id_, name):
    return None if id_ is None else {"id": id_, "name": name}


def _customers(rows) -> list[dict]:
    out: dict[int, dict] = {}
    for r in rows:
        c = out.get(r["id"])
        if c is None:
            c = out[r["id"]] = {
                "id": r["id"], "account_number": r["account_number"], "name": r["name"], "company": r["company"],
                "language": r["language"], "preferred_channel": r["preferred_channel"], "tier": r["tier"],
                "notes": r["notes"], "preferences": dict(r["preferences"] or {}), "phones": [], "emails": [],
                "merged_into_id": r["merged_into_id"], "created_at": r["created_at"],
                "updated_at": r["updated_at"], "_erased": r["erased_at"] is not None,
            }
        if r["cp_kind"] == "phone":
            c["phones"].append({"value": r["cp_value"], "display": _display(r["cp_value"]), "raw": r["cp_raw"]})
        elif r["cp_kind"] == "email":
            c["emails"].append({"value": r["cp_value"]})
    return list(out.values())


def _interaction(r, customer_id: int) -> dict:
    return {
        "id": r["id"], "customer_id": customer_id, "case_id": r["case_id"],
        "agent": _ref(r["agent_id"], r["agent_name"]), "team": _ref(r["team_id"], r["team_name"]),
        "channel": r["channel"], "direction": r["direction"], "started_at": r["started_at"],
        "ended_at": r["ended_at"], "queue_wait_seconds": r["queue_wait_seconds"],
        "holds": list(r["holds"] or []), "transfers": list(r["transfers"] or []), "summary": r["summary"] or "",
        "transcript": r["transcript"] or "", "language": r["language"], "outcome": r["outcome"],
        "follow_up_due": r["follow_up_due"], "follow_up_done_at": r["follow_up_done_at"],
        "amount": _money(r["amount"]), "approved_by": _ref(r["approved_by_id"], r["approver_name"]),
        "justifications": dict(r["justifications"] or {}), "policy_version": r["policy_number"],
        "created_at": r["created_at"],
    }


def _case(r, customer_id: int) -> dict:
    return {
        "id": r["id"], "customer_id": customer_id, "subject": r["subject"], "status": r["status"],
        "priority": r["priority"], "channel": r["channel"], "owner": _ref(r["agent_id"], r["agent_name"]),
        "team_id": r["team_id"], "opened_at": r["opened_at"], "first_reply_at": r["first_reply_at"],
        "last_update_at": r["last_update_at"], "resolved_at": r["resolved_at"],
        "followed_up_at": r["followed_up_at"], "closed_at": r["closed_at"], "resolution": r["resolution"],
    }


def _dumps(payload) -> bytes:
    # Sorted keys and a closing newline, as Flask's own JSON responses have. Times are left to orjson,
    # which writes an aware datetime as isoformat() does (every one here is in UTC: database._aware),
    # as crm/api/schemas/base.iso would, without a Python call per value.
    return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE)


# --- the entry points --------------------------------------------------------------------

def find(actor: User, phone: str = "", email: str = "", account: str = "") -> Optional[list[dict]]:
    """The live customers matching exactly one of phone, email or account, as the API's JSON (times
    as aware datetimes, which orjson writes as the API does);
    None when one of them was merged into another (the ORM path follows merges)."""
    require_lookup_access(actor)
    kind, raw = _given(phone, email, account)
    values = _values(kind, raw)
    if not values:
        return []
    with read_cursor() as cursor:
        return _found(cursor, kind, values)


def _found(cursor, kind: str, values: list[str]) -> Optional[list[dict]]:
    n = -(-len(values) // SLOTS) * SLOTS
    params = dict(zip(_slot_names(n), values + [None] * (n - len(values))))
    found = _customers(_by_values("account" if kind == "account" else "contact", n).rows(params, cursor))
    if any(c["merged_into_id"] is not None for c in found):
        return None
    return [c for c in found if not c.pop("_erased")]


def answer(actor: User, phone: str = "", email: str = "", account: str = "") -> Optional[Answer]:
    """GET /api/v1/lookup's answer from at most two statements; None sends the caller to the ORM path.

    Raises InvalidInput for anything but exactly one of phone, email or account, and NotFound when
    no live customer matches, as crm/services/lookup.lookup and the route do.
    """
    require_lookup_access(actor)
    kind, raw = _given(phone, email, account)
    values = _values(kind, raw)
    if not values:
        raise NotFound("No customer matches.")
    with read_cursor() as cursor:
        found = _found(cursor, kind, values)
        if found is None:
            return None
        if not found:
            raise NotFound("No customer matches.")
        ids = [c["id"] for c in found]
        if len(found) > 1:
            return Answer(300, _dumps({"candidates": found}), ids)
        customer = found[0]
        history = _HISTORY.rows({"customer_id": customer["id"]}, cursor)
    recent, follow_ups, cases = [], [], []
    for r in history:
        if r["kind"] == "case":
            cases.append(r)
        else:
            (recent if r["kind"] == "recent" else follow_ups).append(r)
    recent.sort(key=lambda r: (r["started_at"], r["id"]), reverse=True)
    follow_ups.sort(key=lambda r: (r["follow_up_due"], r["id"]))
    cases.sort(key=lambda r: (r["opened_at"], r["id"]), reverse=True)
    cid = customer["id"]
    return Answer(200, _dumps({
        "customer": customer,
        "recent_interactions": [_interaction(r, cid) for r in recent],
        "open_cases": [_case(r, cid) for r in cases],
        "open_follow_ups": [_interaction(r, cid) for r in follow_ups],
    }), ids)
