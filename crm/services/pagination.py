"""Opaque keyset cursors for lists ordered newest first."""
from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Optional

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
        at = datetime.fromisoformat(at)
        if at.tzinfo is None or at.utcoffset() is None:
            raise ValueError("naive time")
        at.astimezone(timezone.utc)  # raises OverflowError near datetime.min and max
        if isinstance(id_, bool) or not isinstance(id_, int) or not 0 <= id_ <= MAX_ID:
            raise ValueError("not a row id")
        return at, id_
    except (ValueError, TypeError, OverflowError, RecursionError):
        raise InvalidInput({"cursor": ["is not a cursor this server gave out"]}) from None
