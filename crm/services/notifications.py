"""In-app notices for a person: written in the transaction of the event they report."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select, update

from ..i18n import Message, reader_locale
from ..database import write_transaction
from ..extensions import db
from ..models import Notification, User
from ..models.base import utcnow
from .zones import zone_name_of


def notify(user_id: int, kind: str, message: str | Message, link: Optional[str] = None) -> Notification:
    """Add a notice; call inside the caller's write transaction.

    A `Message` is written in the language of the person it is for (their setting, else
    CRM_DEFAULT_LOCALE), with its times on their clock, since they read it later, in their own session.
    """
    if isinstance(message, Message):
        reader = db.session.get(User, user_id)
        message = message.render(reader_locale(reader), zone_name_of(reader))
    notice = Notification(user_id=user_id, kind=kind, message=message, link=link)
    db.session.add(notice)
    return notice


def unread_count(user: User) -> int:
    return db.session.scalar(select(func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user: User, limit: int = 50) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


def mark_read(user: User, notice_id: Optional[int] = None) -> None:
    """Mark one notice (or all of them) as read."""
    stmt = update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notification.id == notice_id)
    with write_transaction():
        db.session.execute(stmt.values(read_at=utcnow()))
