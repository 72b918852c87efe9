"""Opaque keyset cursors: pages that stay right while rows arrive, with true totals."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import date
from datetime import datetime, timezone
from typing import Any, Optional, Sequence

from flask import current_app, has_app_context
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.types import TypeDecorator

from ..constraints import as_utc, read_time
from ..extensions import db
from .errors import InvalidInput
from .validation import MAX_ID

MAX_LIMIT = 200


def clamp_limit(raw, default: int = 50) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise InvalidInput({"limit": ["must be a whole number"]}) from None
    if not 1 <= value <= MAX_LIMIT:
        raise InvalidInput({"limit": [f"must be between 1 and {MAX_LIMIT}"]})
    return value


def encode(at: datetime, id_: int) -> str:
    raw = json.dumps([at.isoformat(), id_]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_time(text: Any) -> datetime:
    """The aware time a cursor holds; ValueError for anything encode() never writes (text that is not
    a time, a naive time), OverflowError for one that overflows in UTC."""
    if not isinstance(text, str):
        raise ValueError("not a time")
    at = read_time(text)
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("naive time")
    return as_utc(at)


def decode(cursor: Optional[str]) -> Optional[tuple[datetime, int]]:
    """The (time, id) a cursor from encode() holds; anything else is InvalidInput.

    encode() writes an aware time and a row id, so a naive time (the database layer refuses
    it), a time that overflows when converted to UTC, or an id past the 32-bit columns is not
    one of ours, and would otherwise be a 500 when the query runs.
    """
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, id_ = json.loads(base64.urlsafe_b64decode(padded))
        at = _cursor_time(at)
        if isinstance(id_, bool) or not isinstance(id_, int) or not 0 <= id_ <= MAX_ID:
            raise ValueError("not a row id")
        return at, id_
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise InvalidInput({"cursor": ["is not a cursor this server gave out"]}) from None


def encode_offset(offset: int) -> str:
    """A cursor into a ranked list (a search's matches), which has no keyset: how many came before."""
    return base64.urlsafe_b64encode(json.dumps({"after": offset}).encode()).decode().rstrip("=")


def decode_offset(cursor: Optional[str], most: int) -> int:
    """The offset an encode_offset() cursor holds (0 without one); anything else is InvalidInput."""
    if not cursor:
        return 0
    try:
        offset = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))["after"]
        if isinstance(offset, bool) or not isinstance(offset, int) or not 0 < offset < most:
            raise ValueError("not an offset")
        return offset
    except (ValueError, TypeError, KeyError, RecursionError):
        raise InvalidInput({"cursor": ["is not a cursor this server gave out"]}) from None


# --- one keyset helper for every list people work through ------------------------------------

@dataclass
class Page:
    """One page of a list: its items, the cursor of the next page (or None) and the true total."""

    items: list
    next: Optional[str]
    total: Optional[int] = None


def _tag(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is None:  # stored times are UTC
            value = value.replace(tzinfo=timezone.utc)
        return {"t": value.isoformat()}
    return value


def _untag(value: Any, python_type: Optional[type]) -> Any:
    """A cursor value back as the type its sort key compares with; anything else is not ours."""
    if python_type is datetime:
        if not isinstance(value, dict):
            raise ValueError("not a time")
        return _cursor_time(value.get("t"))
    if python_type is int:
        if isinstance(value, bool) or not isinstance(value, int) or not -MAX_ID <= value <= MAX_ID:
            raise ValueError("not a 32-bit number")
        return value
    if python_type is str:
        if not isinstance(value, str) or len(value) > 300 or "\x00" in value:
            raise ValueError("not a short text")
        return value
    raise ValueError("an unknown sort key")


def _python_type(expression) -> Optional[type]:
    column_type = expression.type
    if isinstance(column_type, TypeDecorator):  # UTCDateTime: compares as the DateTime it wraps
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return None
    return datetime if issubclass(kind, datetime) else kind


def _plain(value: Any) -> Any:
    """A list's filters as JSON: dataclasses, pydantic models, times and sets included."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, BaseModel):
        return value.model_dump(warnings=False)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return repr(value)


def list_digest(scope: Any) -> str:
    """The signed digest of a list's name and filters that its cursors carry, so that a cursor of another
    list, or of the same list under other filters, is refused rather than positioning a wrong page."""
    text = json.dumps(scope, default=_plain, sort_keys=True, ensure_ascii=False).encode()
    key = (current_app.config.get("SECRET_KEY") if has_app_context() else None) or ""
    key = key.encode() if isinstance(key, str) else key
    return base64.urlsafe_b64encode(hmac.new(key, text, hashlib.sha256).digest()[:12]).decode()


def count_rows(stmt: Select) -> int:
    """The exact number of rows `stmt` matches."""
    return db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())) or 0


def keyset_page(stmt: Select, order: Sequence[tuple[ColumnElement, bool]], limit: int,
                cursor: Optional[str], count: bool = True, scope: Any = None) -> Page:
    """A page of `stmt` sorted by `order` ((expression, descending) pairs, the last one unique).

    The cursor holds the sort keys of the page's last row, so the next page starts right after it
    however many rows arrive meanwhile (no OFFSET: page 50 costs what page 1 costs). With `count`
    the page also carries the exact number of rows `stmt` matches, across all pages. The sort
    expressions must never be null. `scope` names the list and its filters (anything `list_digest`
    writes as JSON, e.g. `("findings", filters)`): a cursor is accepted only by the list and filters
    that gave it out.
    """
    expressions = [expression for expression, _ in order]
    digest = list_digest(scope)
    if cursor:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            raw = json.loads(base64.urlsafe_b64decode(padded))
            if not isinstance(raw, list) or len(raw) != len(order) + 1 or not isinstance(raw[-1], str):
                raise ValueError("wrong length")
            values = [_untag(v, _python_type(e)) for v, e in zip(raw, expressions)]
        except (ValueError, TypeError, OverflowError, RecursionError, AttributeError):
            raise InvalidInput({"cursor": ["is not a cursor this server gave out"]}) from None
        if not hmac.compare_digest(raw[-1], digest):
            raise InvalidInput({"cursor": ["is not a cursor of this list (with these filters): "
                                           "start again from the first page"]})
    total = count_rows(stmt) if count else None
    if cursor:
        after = []
        for i, (expression, descending) in enumerate(order):
            beyond = expression < values[i] if descending else expression > values[i]
            after.append(and_(*[order[j][0] == values[j] for j in range(i)], beyond))
        stmt = stmt.where(or_(*after))
    ordering = [e.desc() if descending else e.asc() for e, descending in order]
    rows = db.session.execute(stmt.add_columns(*expressions).order_by(*ordering).limit(limit + 1)).all()
    next_cursor = None
    if len(rows) > limit:
        keys = [_tag(v) for v in rows[limit - 1][1:]] + [digest]
        next_cursor = base64.urlsafe_b64encode(json.dumps(keys).encode()).decode().rstrip("=")
    return Page([row[0] for row in rows[:limit]], next_cursor, total)
