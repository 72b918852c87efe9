"""The versioned service policy and the findings it produces."""
from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import JSONType, UTCDateTime, utcnow
from .people import User

MODES = ("enforce", "pilot", "off")
SEVERITIES = ("low", "medium", "high", "critical")
# withdrawn: the facts it judged were measured again (a late call event) and it no longer holds.
FINDING_STATUSES = ("open", "justified", "upheld", "coached", "dismissed", "waived", "withdrawn")


class PolicyVersion(db.Model):
    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    note: Mapped[str] = mapped_column(Text, default="")
    # A note the app wrote (the defaults, a promoted pilot) as a catalogue key and its parameters, so
    # each reader reads it in their language; None for a note a person typed (shown as typed).
    note_l10n: Mapped[Optional[dict]] = mapped_column(JSONType)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    review_by: Mapped[Optional[date]] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))

    rules: Mapped[list["PolicyRule"]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="PolicyRule.id"
    )
    created_by: Mapped[Optional[User]] = relationship()


class PolicyRule(db.Model):
    """One standard switched on in one policy version, with its parameters and scope."""

    __tablename__ = "policy_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id", ondelete="CASCADE"), index=True)
    standard: Mapped[str] = mapped_column(String(60))
    params: Mapped[dict] = mapped_column(JSONType, default=dict)
    mode: Mapped[str] = mapped_column(String(10), default="enforce")
    severity: Mapped[str] = mapped_column(String(10), default="medium")
    # Empty list: every team / every channel.
    teams: Mapped[list] = mapped_column(JSONType, default=list)
    channels: Mapped[list] = mapped_column(JSONType, default=list)

    version: Mapped[PolicyVersion] = relationship(back_populates="rules")


class Finding(db.Model):
    """A departure from a standard, found on an interaction or on open work."""

    __tablename__ = "findings"
    __table_args__ = (
        Index("ix_findings_agent_status", "agent_id", "status"),
        Index("ix_findings_standard_created", "standard", "created_at"),
        Index("ix_findings_team_mode_status", "team_id", "mode", "status", "created_at", "interaction_id"),  # reports
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    interaction_id: Mapped[Optional[int]] = mapped_column(ForeignKey("interactions.id"), index=True)
    # Not indexed (migration 0013): no query looks findings up by case, nor by policy version alone,
    # and every index here is written at every finding logged.
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("cases.id"))
    customer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("customers.id"), index=True)  # merging
    agent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[Optional[int]] = mapped_column(ForeignKey("teams.id"))
    channel: Mapped[Optional[str]] = mapped_column(String(20))
    standard: Mapped[str] = mapped_column(String(60))
    policy_version_id: Mapped[int] = mapped_column(ForeignKey("policy_versions.id"))
    mode: Mapped[str] = mapped_column(String(10))
    severity: Mapped[str] = mapped_column(String(10))
    # In English: what the API, exports and reports show.
    message: Mapped[str] = mapped_column(Text)
    # The same message as a catalogue key and its parameters (crm.i18n.Message.to_json), so each
    # reader sees it in their own language; None for findings stored before translation or by
    # third-party standards that return plain text.
    message_l10n: Mapped[Optional[dict]] = mapped_column(JSONType)
    evidence: Mapped[dict] = mapped_column(JSONType, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="open")
    justification: Mapped[Optional[str]] = mapped_column(Text)
    reviewer_id: Mapped[Optional[int]] = mapped_column(ForeignKey("users.id"))
    review_note: Mapped[Optional[str]] = mapped_column(Text)
    reviewed_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # 0: with the team lead; each step up the escalation chain adds one.
    escalation_level: Mapped[int] = mapped_column(Integer, default=0)
    escalated_at: Mapped[Optional[datetime]] = mapped_column(UTCDateTime)
    # Sweep findings carry a key so running the sweep twice records each breach once.
    dedupe_key: Mapped[Optional[str]] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    policy_version: Mapped[PolicyVersion] = relationship()
    agent: Mapped[Optional[User]] = relationship(foreign_keys=[agent_id])
    reviewer: Mapped[Optional[User]] = relationship(foreign_keys=[reviewer_id])
