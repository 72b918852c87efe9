"""In-app notices for a person: written in the transaction of the event they report."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import func, select, update

from ..i18n import Message, reader_locale, stored_message
from ..database import write_transaction
from ..extensions import db
from ..models import Notification, User
from ..models.base import utcnow
from .zones import zone_name_of


def notify(user_id: int, kind: str, message: str | Message, link: Optional[str] = None) -> Notification:
    """Add a notice; call inside the caller's write transaction.

    A `Message` keeps its msgid and parameters, so the notice is read in the language the person has
    when they read it (template filter `notice_message`); its text as they would have read it now
    (their setting, else CRM_DEFAULT_LOCALE, their clock) is the copy kept beside it.
    """
    stored = stored_message(message)
    if isinstance(message, Message):
        reader = db.session.get(User, user_id)
        message = message.render(reader_locale(reader), zone_name_of(reader))
    notice = Notification(user_id=user_id, kind=kind, message=message, message_l10n=stored, link=link)
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
