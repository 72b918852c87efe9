"""Customer feedback heard on contacts, for the departments that own it."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, utcnow
from .people import Department

FEEDBACK_CATEGORIES = ("product", "packaging", "marketing", "billing", "other")
FEEDBACK_STATUSES = ("new", "acknowledged", "in_progress", "done", "declined")


class Feedback(db.Model):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[int] = mapped_column(ForeignKey("interactions.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    captured_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    category: Mapped[str] = mapped_column(String(20))
    product: Mapped[Optional[str]] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    response: Mapped[Optional[str]] = mapped_column(Text)
    responded_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    responded_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    department: Mapped[Optional[Department]] = relationship()
