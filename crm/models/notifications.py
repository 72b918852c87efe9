"""In-app notices: what a person should look at (an answer to feedback, a coaching note, an escalation)."""
from __future__ import annotations

from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow


class Notification(db.Model):
    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_user_unread", "user_id", "read_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    # As the person read it when it was written (their language then): what a notice stored before
    # migration 0016, or written as plain text, shows.
    message: Mapped[str] = mapped_column(Text)
    # The message as a catalogue key and its parameters (crm.i18n.Message.to_json), rendered when read,
    # in the reader's language and on their clock at that time; None for plain text and old notices.
    message_l10n: Mapped[Optional[dict]] = mapped_column(JSONType)
    link: Mapped[Optional[str]] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
