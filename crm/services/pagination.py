"""Opaque keyset cursors for lists ordered newest first."""
from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Optional

from .errors import InvalidInput

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
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        at, id_ = json.loads(base64.urlsafe_b64decode(padded))
        return datetime.fromisoformat(at), int(id_)
    except (ValueError, TypeError):
        raise InvalidInput({"cursor": ["is not a cursor this server gave out"]}) from None
