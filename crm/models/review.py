"""Coaching, customer surveys and the daily roll-ups dashboards read."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, Integer, PrimaryKeyConstraint, String, Text
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
    """Per day, team, agent, channel and standard: contacts flagged and what became of their findings.

    Written only for the (standard, mode) pairs a contact was flagged for, and on reviews; how many
    contacts each rule checked is derived from `activity_daily` and the policy version in force
    (`rollups.compliance_sums`). Kept current as interactions are logged and findings reviewed, so a
    dashboard over a year reads a few thousand rows instead of millions of interactions.

    The key leads with (team_id, day), and on SQLite the table is WITHOUT ROWID, so a team's rows of
    a period lie together however contacts of many teams were interleaved when they were logged.
    """

    __tablename__ = "compliance_daily"
    __table_args__ = (
        PrimaryKeyConstraint("team_id", "day", "agent_id", "channel", "standard", "mode"),
        Index("ix_compliance_daily_agent_day", "agent_id", "day"),  # an agent's own standing
        Index("ix_compliance_daily_day", "day"),  # every team at once
        {"sqlite_with_rowid": False},
    )

    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: no team (keeps the key unique)
    agent_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    standard: Mapped[str] = mapped_column(String(60))
    mode: Mapped[str] = mapped_column(String(10))
    flagged: Mapped[int] = mapped_column(Integer, default=0)
    upheld: Mapped[int] = mapped_column(Integer, default=0)
    coached: Mapped[int] = mapped_column(Integer, default=0)
    dismissed: Mapped[int] = mapped_column(Integer, default=0)
    waived: Mapped[int] = mapped_column(Integer, default=0)


class ActivityDaily(db.Model):
    """Per day, team, agent, channel and policy version: contacts handled, time on them, resolutions.

    The policy version says which rules checked those contacts (versions never change once written),
    so the contacts are also what each applicable rule checked. Keyed and stored like ComplianceDaily.
    """

    __tablename__ = "activity_daily"
    __table_args__ = (
        PrimaryKeyConstraint("team_id", "day", "agent_id", "channel", "policy_version_id"),
        Index("ix_activity_daily_agent_day", "agent_id", "day"),
        Index("ix_activity_daily_day", "day"),
        {"sqlite_with_rowid": False},
    )

    day: Mapped[date] = mapped_column(Date)
    team_id: Mapped[int] = mapped_column(Integer, default=0)
    agent_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[str] = mapped_column(String(20))
    policy_version_id: Mapped[int] = mapped_column(Integer, default=0)  # 0: no policy was in force
    contacts: Mapped[int] = mapped_column(Integer, default=0)
    handled_seconds: Mapped[int] = mapped_column(Integer, default=0)
    resolved: Mapped[int] = mapped_column(Integer, default=0)
