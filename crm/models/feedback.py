"""Customer feedback heard on contacts, for the departments that own it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow
from .people import Department

FEEDBACK_CATEGORIES = ("product", "packaging", "marketing", "billing", "other")
FEEDBACK_STATUSES = ("new", "acknowledged", "in_progress", "done", "declined")


class Feedback(db.Model):
    __tablename__ = "feedback"
    __table_args__ = (Index("ix_feedback_department_status", "department_id", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    captured_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    category: Mapped[str] = mapped_column(String(20))
    product: Mapped[Optional[str]] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id"))
    routing_rule_id: Mapped[Optional[int]] = mapped_column(ForeignKey("routing_rules.id", ondelete="SET NULL"))
    # "agent" when typed by the agent, "classifier" when the agent confirmed a suggestion.
    source: Mapped[str] = mapped_column(String(20), default="agent")
    # Near-identical items share a key, so one answer can close them all.
    group_key: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    response: Mapped[Optional[str]] = mapped_column(Text)
    responded_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    responded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Optional[Department]] = relationship()


class RoutingRule(db.Model):
    """Sends feedback of a category, product pattern or keywords to a department."""

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id", ondelete="CASCADE"), index=True)
    category: Mapped[Optional[str]] = mapped_column(String(20))  # None: any category
    product_pattern: Mapped[Optional[str]] = mapped_column(String(200))  # glob, e.g. "Kettle*"
    keywords: Mapped[list] = mapped_column(JSONType, default=list)  # any of them, folded
    priority: Mapped[int] = mapped_column(Integer, default=100)  # lower runs first
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Department] = relationship()
