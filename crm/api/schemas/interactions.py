"""Interactions: logging and checking a contact, what it produced, and feedback."""
from __future__ import annotations

from datetime import datetime

from typing import Annotated

from pydantic import AfterValidator, WithJsonSchema

from ...constraints import CHANNELS, LANGUAGE_CODES, LANGUAGE_MAX, LANGUAGE_TAG_PATTERN
from ...i18n import for_reader
from ...models import DIRECTIONS, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, FINDING_STATUSES, MODES, OUTCOMES, SEVERITIES
from ...services.interactions import FeedbackInput, HoldInput, InteractionInput, TransferInput  # noqa: F401
from ...services.interactions import _supported_language
from ...services.validation import Input, Text
from ...services.policy import policy_number
from .base import Any, Field, Literal, Optional, Reply, Time, iso, money, page_of, text
from .common import PersonRef, TeamRef

MAX_TEXT = 100_000  # a transcript or summary


# The request bodies are the service's own typed inputs: one model validates and documents each.
class Hold(Reply):
    seconds: int = Field(ge=0)
    apologized: bool = False


class Transfer(Reply):
    type: Literal["warm", "cold"]
    to: Optional[str] = None


OptTime = Optional[datetime]


class Interaction(Reply):
    id: int
    customer_id: int
    case_id: Optional[int]
    agent: PersonRef
    team: Optional[TeamRef]
    channel: Literal[CHANNELS]
    direction: Literal[DIRECTIONS]
    started_at: Time
    ended_at: OptTime
    queue_wait_seconds: Optional[int]
    holds: list[Hold]
    transfers: list[Transfer]
    summary: str
    transcript: str
    language: Optional[str]
    outcome: Optional[Literal[OUTCOMES]]
    follow_up_due: OptTime
    follow_up_done_at: OptTime
    amount: Optional[str] = text('Decimal string, e.g. "120.50".')
    approved_by: Optional[PersonRef]
    justifications: dict[str, str]
    policy_version: Optional[int] = text("Number of the policy version checked against.")
    created_at: Time

    @staticmethod
    def of(ix: Interaction) -> dict:
        return {
            "id": ix.id,
            "customer_id": ix.customer_id,
            "case_id": ix.case_id,
            "agent": PersonRef.of(ix.agent),
            "team": TeamRef.of(ix.team),
            "channel": ix.channel,
            "direction": ix.direction,
            "started_at": iso(ix.started_at),
            "ended_at": iso(ix.ended_at),
            "queue_wait_seconds": ix.queue_wait_seconds,
            "holds": list(ix.holds or []),
            "transfers": list(ix.transfers or []),
            "summary": ix.summary or "",
            "transcript": ix.transcript or "",
            "language": ix.language,
            "outcome": ix.outcome,
            "follow_up_due": iso(ix.follow_up_due),
            "follow_up_done_at": iso(ix.follow_up_done_at),
            "amount": money(ix.amount),
            "approved_by": PersonRef.of(ix.approved_by),
            "justifications": dict(ix.justifications or {}),
            "policy_version": policy_number(ix.policy_version_id),
            "created_at": iso(ix.created_at),
        }


InteractionList = page_of(Interaction, "InteractionList")


class Finding(Reply):
    id: int
    standard: str = text("The standard's code")
    mode: Literal[MODES]
    severity: Literal[SEVERITIES]
    message: str
    evidence: dict[str, Any]
    policy_version: int = text("The policy version's number.")
    status: Literal[FINDING_STATUSES]
    justification: Optional[str]
    interaction_id: Optional[int]
    case_id: Optional[int]
    agent_id: Optional[int]
    reviewer_id: Optional[int]
    review_note: Optional[str] = text("The lead's note; for `coached`, the coaching note the agent reads.")
    reviewed_at: OptTime
    escalation_level: int = text("0 with the team lead; 1 escalated to admins.")
    created_at: Time

    @staticmethod
    def of(f: Finding) -> dict:
        return {
            "id": f.id,
            "standard": f.standard,
            "mode": f.mode,
            "severity": f.severity,
            "message": for_reader(f.message, f.message_l10n),
            "evidence": dict(f.evidence or {}),
            "policy_version": policy_number(f.policy_version_id),
            "status": f.status,
            "justification": f.justification,
            "interaction_id": f.interaction_id,
            "case_id": f.case_id,
            "agent_id": f.agent_id,
            "reviewer_id": f.reviewer_id,
            "review_note": f.review_note,
            "reviewed_at": iso(f.reviewed_at),
            "escalation_level": f.escalation_level or 0,
            "created_at": iso(f.created_at),
        }


FindingList = page_of(Finding, "FindingList", total=True)


class Feedback(Reply):
    id: int
    interaction_id: int
    customer_id: int
    category: Literal[FEEDBACK_CATEGORIES]
    product: Optional[str]
    text: str
    department: Optional[str] = Field(description="Slug of the department it was routed to.")
    status: Literal[FEEDBACK_STATUSES]
    response: Optional[str]
    responded_at: OptTime
    created_at: Time

    @staticmethod
    def of(fb: Feedback) -> dict:
        return {
            "id": fb.id,
            "interaction_id": fb.interaction_id,
            "customer_id": fb.customer_id,
            "category": fb.category,
            "product": fb.product,
            "text": fb.text,
            "department": fb.department.slug if fb.department is not None else None,
            "status": fb.status,
            "response": fb.response,
            "responded_at": iso(fb.responded_at),
            "created_at": iso(fb.created_at),
        }


class InteractionResult(Reply):
    interaction: Interaction
    findings: list[Finding] = text("Every finding of the policy in force, enforced and pilot alike.")
    feedback: list[Feedback]


class InteractionShown(InteractionResult):
    survey_url: Optional[str] = text("The customer's public survey link (no login) when logging the contact opened "
                                     "a survey (a resolved contact), else null.")


class CheckedFinding(Reply):
    standard: str = text("The standard's code")
    mode: Literal[MODES]
    severity: Literal[SEVERITIES]
    message: str = text("What happened and what the standard asks, in plain words.")
    evidence: dict[str, Any] = text("For courtesy findings: the language each agent turn was judged in and the "
                                    "turns matched (or none).")
    policy_version: Optional[int] = text("The policy version's number.")
    status: Literal["open", "justified"]


class FeedbackSuggestion(Reply):
    category: Literal[FEEDBACK_CATEGORIES]
    product: Optional[str]
    text: str = Field(description="The sentence the item is about.")
    department: Optional[str] = Field(description="Slug of the department it would be routed to.")
    evidence: Optional[str] = Field(description="The customer's sentence that triggered it.")
    confidence: Optional[float] = Field(ge=0, le=1)

    @staticmethod
    def of(s) -> dict:
        return {"category": s.category, "product": s.product, "text": s.text,
                "department": s.department.slug if s.department is not None else None,
                "evidence": s.evidence, "confidence": s.confidence}


class TurnLanguage(Reply):
    index: int
    speaker: Optional[Literal["agent", "customer", "event"]]
    label: Optional[str] = text("The speaker label as written.")
    language: Optional[str] = text("en, ms, cs, fi or ro.")
    confidence: float
    text: str


class TranscriptLanguage(Reply):
    transcript: Optional[str] = text("The language most agent turns are in.")
    turns: list[TurnLanguage]


class CheckResult(Reply):
    findings: list[CheckedFinding] = text("Exactly what logging would produce now, enforced and pilot alike.")
    feedback_suggestions: list[FeedbackSuggestion]
    language: TranscriptLanguage


class SuggestInput(Input):
    summary: Text(MAX_TEXT) = None
    transcript: Text(MAX_TEXT) = None
    # Refused as POST /interactions refuses it: a typo is told, not answered with no suggestions.
    language: Annotated[Text(LANGUAGE_MAX), AfterValidator(_supported_language), WithJsonSchema(
        {"type": ["string", "null"], "maxLength": LANGUAGE_MAX, "pattern": LANGUAGE_TAG_PATTERN,
         "description": "The contact's language, a tie-breaker for detection: a tag whose language is one of "
                        + ", ".join(LANGUAGE_CODES) + "."})] = None


class SuggestResult(Reply):
    items: list[FeedbackSuggestion]

