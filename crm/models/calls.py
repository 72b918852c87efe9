"""Phone calls as the telephony reports them, and what the CRM measures from their events."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow
from .customers import Customer
from .interactions import Interaction
from .people import User

CALL_EVENTS = ("ringing", "answered", "hold", "unhold", "transfer", "hangup")


class Call(db.Model):
    """One call: every distinct event received, and the facts measured from them.

    The measured columns are recomputed from `events` whenever an event arrives, so events may
    come in any order and a repeated one changes nothing.
    """

    __tablename__ = "calls"
    __table_args__ = (
        # The desk's "live call" and "calls to log" of one agent.
        Index("ix_calls_agent_ended", "agent_id", "ended_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    call_id: Mapped[str] = mapped_column(String(120), unique=True)  # the telephony's own id
    direction: Mapped[Optional[str]] = mapped_column(String(10))
    from_number: Mapped[Optional[str]] = mapped_column(String(64))
    to_number: Mapped[Optional[str]] = mapped_column(String(64))
    queue: Mapped[Optional[str]] = mapped_column(String(120))
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    # The caller, when exactly one customer has the calling number; else the candidates' ids.
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"), index=True)
    candidate_ids: Mapped[list] = mapped_column(JSONType, default=list)
    # [{"event", "at" (ISO, UTC), "agent_id"?, "transfer"?}] in the order received; one per (event, at).
    events: Mapped[list] = mapped_column(JSONType, default=list)
    ringing_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    ended_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    queue_wait_seconds: Mapped[Optional[int]] = mapped_column()
    # [{"started_at", "ended_at" | None, "seconds" | None}]; a hold still running has no end.
    holds: Mapped[list] = mapped_column(JSONType, default=list)
    transfers: Mapped[list] = mapped_column(JSONType, default=list)
    # Start times (ISO) of the holds the agent said on the desk they apologised for.
    hold_apologies: Mapped[list] = mapped_column(JSONType, default=list)
    interaction_id: Mapped[Optional[int]] = mapped_column(ForeignKey("interactions.id"), unique=True)
    # What the agent typed where it disagreed with the measurement, kept but not trusted.
    typed: Mapped[Optional[dict]] = mapped_column(JSONType)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    agent: Mapped[Optional[User]] = relationship()
    customer: Mapped[Optional[Customer]] = relationship()
    interaction: Mapped[Optional[Interaction]] = relationship()

    @property
    def caller_number(self) -> Optional[str]:
        """The customer's side of the call: who rang in, or whom the agent rang."""
        return self.to_number if self.direction == "outbound" else self.from_number

    @property
    def open_hold(self) -> Optional[dict]:
        """The hold running now, if any."""
        if self.ended_at is None and self.holds and self.holds[-1].get("ended_at") is None:
            return self.holds[-1]
        return None
