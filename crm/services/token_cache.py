"""Bearer tokens remembered for at most a second, so the API's every request does not ask the database
who its token belongs to.

Each process keeps the user a token resolved to for CRM_TOKEN_CACHE_SECONDS (default 1, never
more): a token revoked or a user deactivated by another worker is refused within that time, and at
once in the process that made the change (any flush touching a user or a token empties the cache).
Only tokens that resolved to an active user are kept; an unknown token is asked about every time.
"""
from __future__ import annotations

import time
from typing import Optional

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from ..database import attach, detached
from ..models import ApiToken, User

MAX_SECONDS = 1.0  # the promise: revocation honoured within a second
MAX_ENTRIES = 10_000

# token digest → [valid until, the user's column values, the detached user made of them (or None yet)]
_entries: dict[str, list] = {}
_COLUMNS = tuple(attr.key for attr in User.__mapper__.column_attrs)


def ttl() -> float:
    return min(max(float(current_app.config.get("CRM_TOKEN_CACHE_SECONDS", MAX_SECONDS)), 0.0), MAX_SECONDS)


def started() -> float:
    """Call before reading the token's user: the entry is valid for ttl() from the read, not after it."""
    return time.monotonic()


def remember(digest: str, user: User, read_at: float) -> None:
    seconds = ttl()
    if seconds <= 0:
        return
    if len(_entries) >= MAX_ENTRIES:
        _entries.clear()
    _entries[digest] = [read_at + seconds, {key: getattr(user, key) for key in _COLUMNS}, None]


def recall(digest: str, bound: bool = True) -> Optional[User]:
    """The token's user if a lookup of the last second found it, bound to this request's session
    without a query (or, not `bound`, in no session: its columns only); None when unknown or stale."""
    hit = _entries.get(digest)
    if hit is None:
        return None
    valid_until, values, unbound = hit
    if time.monotonic() >= valid_until:
        _entries.pop(digest, None)
        return None
    # No SELECT, and no merge (a third of a cached request's authentication): the session's own
    # instance when it holds this user already, else a persistent one made of the remembered values.
    if bound:
        return attach(User, values)
    # Unbound, not even a session: a request that reads only the user's columns opens none, and is
    # given the one detached instance made for this entry (making it cost as much as the rest of the
    # authentication). Should a request ever have put it in a session, the next one gets a new one.
    if unbound is None or unbound._sa_instance_state.session_id is not None:
        unbound = hit[2] = detached(User, values)
    return unbound


def forget_all() -> None:
    _entries.clear()


@event.listens_for(Session, "after_flush")
def _forget_on_change(session, flush_context) -> None:
    # A revoked token, a deactivated user, a changed role: whatever this process changes about
    # users or tokens is seen by its next request, not a second later.
    if _entries and any(isinstance(obj, (User, ApiToken))
                        for obj in (*session.dirty, *session.deleted, *session.new)):
        _entries.clear()
