"""Users, their teams and departments, and API tokens."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Optional

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, Integer, Numeric, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import EncryptedString, JSONType, UTCDateTime, utcnow

# integration: a phone system or chat tool; token only, sends call events and looks customers up.
ROLES = ("agent", "lead", "department", "admin", "integration")


class Team(db.Model):
    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    # The IANA time zone the team works in (e.g. "Asia/Kuala_Lumpur"); None: CRM_TIMEZONE.
    timezone: Mapped[Optional[str]] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="team")

    def __repr__(self) -> str:
        return f"<Team {self.name}>"


class Department(db.Model):
    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    emails: Mapped[list] = mapped_column(JSONType, default=list)
    webhook_url: Mapped[Optional[str]] = mapped_column(String(500))
    # Encrypted at rest (Fernet, keyed from the secret key: crm/crypto.py); never shown after it is set.
    webhook_secret: Mapped[Optional[str]] = mapped_column(EncryptedString(500))
    # Feedback no routing rule claims lands here; exactly one department should have it.
    is_fallback: Mapped[bool] = mapped_column(Boolean, default=False)
    # The language of the e-mails this department receives (crm.i18n.LOCALES); None: CRM_DEFAULT_LOCALE.
    locale: Mapped[Optional[str]] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list["User"]] = relationship(back_populates="department")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20), index=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"), index=True)
    department_id: Mapped[Optional[int]] = mapped_column(ForeignKey("departments.id"), index=True)
    password_hash: Mapped[Optional[str]] = mapped_column(String(200))
    # Largest refund or credit this person may grant alone; None means the role's default.
    authority_limit: Mapped[Optional[Decimal]] = mapped_column(Numeric(12, 2))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Every session carries the version it was opened under (see get_id); bumping it on logout, a
    # password change or reset, or deactivation ends all of the user's sessions at once.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The language of the pages this person reads (crm.i18n.LOCALES); None: the browser's, else the default.
    locale: Mapped[Optional[str]] = mapped_column(String(8))
    # The IANA time zone this person reads and types times in; None: their team's (crm.services.zones).
    timezone: Mapped[Optional[str]] = mapped_column(String(64))

    team: Mapped[Optional[Team]] = relationship(back_populates="members")
    department: Mapped[Optional[Department]] = relationship(back_populates="members")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: the user and the session version it is valid for."""
        return f"{self.id}:{self.session_version}"

    def has_role(self, *roles: str) -> bool:
        return self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, the secret is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
