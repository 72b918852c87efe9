"""Cases and the interactions (contacts) logged against customers."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow
from .customers import Customer
from .people import Team, User

DIRECTIONS = ("inbound", "outbound")
OUTCOMES = ("resolved", "follow_up", "escalated", "no_action")
# pending: waiting on the customer or a third party; still open work, but no clock runs on us.
CASE_STATUSES = ("open", "pending", "resolved", "closed")
CASE_PRIORITIES = ("low", "normal", "high", "urgent")
WRITTEN_CHANNELS = ("email", "chat", "social", "web", "sms")
_OPEN_FOLLOW_UP = "follow_up_due IS NOT NULL AND follow_up_done_at IS NULL"


class Case(db.Model):
    """An inquiry that may span several contacts."""

    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_opened", "status", "opened_at"),
        # The screen-pop's "open cases of this customer"; also serves lookups by customer alone.
        Index("ix_cases_customer_status", "customer_id", "status", "opened_at"),
        Index("ix_cases_team_opened", "team_id", "opened_at", "channel", "first_reply_at", "resolved_at"),  # reports
        # The case lists: a team's (or an owner's) cases in a status, newest first.
        Index("ix_cases_team_status_opened", "team_id", "status", "opened_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    subject: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="open")
    priority: Mapped[str] = mapped_column(String(20), default="normal")
    channel: Mapped[Optional[str]] = mapped_column(String(20))
    owner_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    first_reply_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_update_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    resolved_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    followed_up_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    closed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # What was done about it, written when the case is closed (or resolved by hand).
    resolution: Mapped[Optional[str]] = mapped_column(Text)

    customer: Mapped[Customer] = relationship()
    owner: Mapped[Optional[User]] = relationship()


class Interaction(db.Model):
    __tablename__ = "interactions"
    __table_args__ = (
        Index("ix_interactions_customer_started", "customer_id", "started_at"),
        Index("ix_interactions_team_started", "team_id", "started_at"),
        Index("ix_interactions_agent_started", "agent_id", "started_at"),
        Index("ix_interactions_follow_up_open", "follow_up_due", "follow_up_done_at"),
        # The screen-pop's open follow-ups of one customer (migration 0014): only rows with one open.
        Index("ix_interactions_customer_follow_up_open", "customer_id", "follow_up_due",
              sqlite_where=text(_OPEN_FOLLOW_UP), postgresql_where=text(_OPEN_FOLLOW_UP)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cases.id"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    channel: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    queue_wait_seconds: Mapped[Optional[int]] = mapped_column(Integer)
    # [{"seconds": 45, "apologized": true}, ...] in the order they happened
    holds: Mapped[list] = mapped_column(JSONType, default=list)
    # [{"type": "warm"|"cold", "to": "billing"}, ...]
    transfers: Mapped[list] = mapped_column(JSONType, default=list)
    summary: Mapped[Optional[str]] = mapped_column(Text)
    transcript: Mapped[Optional[str]] = mapped_column(Text)
    language: Mapped[Optional[str]] = mapped_column(String(8))
    outcome: Mapped[Optional[str]] = mapped_column(String(20))
    follow_up_due: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Set when a later contact with the customer (same case, or no case) keeps the promise.
    follow_up_done_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    amount: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 2))
    approved_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    justifications: Mapped[dict] = mapped_column(JSONType, default=dict)
    policy_version_id: Mapped[Optional[int]] = mapped_column(ForeignKey("policy_versions.id"))
    # "<agent id>:<the client's Idempotency-Key>", so a retried request logs the contact once.
    idempotency_key: Mapped[Optional[str]] = mapped_column(String(120), unique=True)
    # SHA-256 (hex) of the request's contact: the same key with another body is refused, not replayed.
    idempotency_hash: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    customer: Mapped[Customer] = relationship()
    case: Mapped[Optional[Case]] = relationship()
    agent: Mapped[User] = relationship(foreign_keys=[agent_id])
    team: Mapped[Optional[Team]] = relationship()
    approved_by: Mapped[Optional[User]] = relationship(foreign_keys=[approved_by_id])

    @property
    def total_hold_seconds(self) -> int:
        return sum(int(h.get("seconds", 0)) for h in self.holds or [])

    @property
    def duration_seconds(self) -> Optional[int]:
        if self.ended_at is None:
            return None
        return int((self.ended_at - self.started_at).total_seconds())
