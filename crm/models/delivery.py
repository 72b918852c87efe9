"""The outbox: webhooks and e-mails to deliver, written in the transaction that caused them."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow
from .people import Department

DELIVERY_KINDS = ("webhook", "email")
DELIVERY_STATUSES = ("pending", "delivered", "dead")


class Delivery(db.Model):
    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    event: Mapped[str] = mapped_column(String(60))
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))
    feedback_id: Mapped[Optional[int]] = mapped_column(ForeignKey("feedback.id", ondelete="SET NULL"), index=True)
    target: Mapped[str] = mapped_column(String(500))  # URL or e-mail address
    payload: Mapped[dict] = mapped_column(JSONType, default=dict)
    # Stable across retries: the receiver acts on each key once.
    idempotency_key: Mapped[str] = mapped_column(String(80), unique=True)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # A worker holds a claimed delivery until then; a crashed worker's claim simply lapses.
    locked_until: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    last_error: Mapped[Optional[str]] = mapped_column(Text)
    delivered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Optional[Department]] = relationship()
