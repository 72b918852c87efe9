"""Coaching, customer surveys and the daily roll-ups dashboards read."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UTCDateTime, utcnow


class CoachingNote(db.Model):
    __tablename__ = "coaching_notes"
    __table_args__ = (Index("ix_coaching_notes_agent", "agent_id", "acknowledged_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    finding_id: Mapped[Optional[int]] = mapped_column(ForeignKey("findings.id", ondelete="SET NULL"), index=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    acknowledged_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)


class Survey(db.Model):
    """A satisfaction survey sent after a resolved contact; answered through a signed link."""

    __tablename__ = "surveys"
    __table_args__ = (Index("ix_surveys_team_answered", "team_id", "answered_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[Optional[int]] = mapped_column(ForeignKey("interactions.id"), unique=True)
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cases.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"), index=True)
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    channel: Mapped[Optional[str]] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    answered_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    score: Mapped[Optional[int]] = mapped_column(Integer)
    comment: Mapped[Optional[str]] = mapped_column(Text)


class ComplianceDaily(db.Model):
    """Per day, team, agent, channel and standard: contacts checked and what became of findings.

    Kept current as interactions are logged and findings reviewed, so a dashboard over a year
    reads a few thousand rows instead of millions of interactions.
    """

    __tablename__ = "compliance_daily"
    __table_args__ = (
        UniqueConstraint("day", "team_id", "agent_id", "channel", "standard", "mode",
                         name="uq_compliance_daily_key"),
        Index("ix_compliance_daily_team_day", "team_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: no team (keeps the key unique)
    agent_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    standard: Mapped[str] = mapped_column(String(60))
    mode: Mapped[str] = mapped_column(String(10))
    checked: Mapped[int] = mapped_column(Integer, default=0)
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    upheld: Mapped[int] = mapped_column(Integer, default=0)
    coached: Mapped[int] = mapped_column(Integer, default=0)
    dismissed: Mapped[int] = mapped_column(Integer, default=0)
    waived: Mapped[int] = mapped_column(Integer, default=0)


class ActivityDaily(db.Model):
    """Per day, team, agent and channel: contacts handled, time on them, resolutions."""

    __tablename__ = "activity_daily"
    __table_args__ = (
        UniqueConstraint("day", "team_id", "agent_id", "channel", name="uq_activity_daily_key"),
        Index("ix_activity_daily_team_day", "team_id", "day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    handled_seconds: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
