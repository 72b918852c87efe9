"""Calls from the phone system, cases, reports, the audit trail and a customer's export."""
from __future__ import annotations

from typing import Union

from ...models import CASE_PRIORITIES, CASE_STATUSES, DIRECTIONS
from ...services.calls import CallEventInput
from ...services import cases as case_input
from ...services.cases import MAX_NOTE
from ...services.reports import GROUPS, TARGETS
from .base import (iso, Any, Body, Count, Field, Id, Literal, Optional, Reply, Time, date, datetime, page_of,
                   text)
from .common import PersonRef, TeamRef
from .customers import Customer
from .interactions import Feedback, Interaction

# --- calls ----------------------------------------------------------------------------------------


CallEvent = CallEventInput  # the service's typed input is the body's schema


class CallEventAccepted(Reply):
    call_id: str
    changed: bool


class MeasuredHold(Reply):
    started_at: datetime
    ended_at: Optional[datetime]
    seconds: Optional[int] = text("null while on hold.")


class MeasuredTransfer(Reply):
    type: Literal["warm", "cold"]
    to: Optional[str]
    at: datetime


class Call(Reply):
    call_id: str
    direction: Optional[Literal[DIRECTIONS]]
    from_: Optional[str] = Field(alias="from")
    to: Optional[str]
    queue: Optional[str]
    customer: Optional[Customer]
    candidates: list[Customer] = text("Every customer with the calling number when more than one has it.")
    agent: Optional[PersonRef]
    started_at: Optional[datetime]
    answered_at: Optional[datetime]
    ended_at: Optional[datetime]
    queue_wait_seconds: Optional[int] = text("From ringing to answered.")
    holds: list[MeasuredHold]
    transfers: list[MeasuredTransfer]
    interaction_id: Optional[int]

    @staticmethod
    def of(call, candidates) -> dict:
        return {
            "call_id": call.call_id,
            "direction": call.direction,
            "from": call.from_number,
            "to": call.to_number,
            "queue": call.queue,
            "customer": Customer.of(call.customer) if call.customer is not None else None,
            "candidates": [Customer.of(c) for c in candidates],
            "agent": PersonRef.of(call.agent),
            "started_at": iso(call.ringing_at or call.answered_at),
            "answered_at": iso(call.answered_at),
            "ended_at": iso(call.ended_at),
            "queue_wait_seconds": call.queue_wait_seconds,
            "holds": [{"started_at": h["started_at"], "ended_at": h["ended_at"], "seconds": h["seconds"]}
                      for h in call.holds or []],
            "transfers": [{"type": t["type"], "to": t.get("to"), "at": t["at"]} for t in call.transfers or []],
            "interaction_id": call.interaction_id,
        }


# --- cases -------------------------------------------------------------------------------------------


class Case(Reply):
    id: int
    customer_id: int
    subject: str
    status: Literal[CASE_STATUSES]
    priority: Literal[CASE_PRIORITIES]
    channel: Optional[str]
    owner: Optional[PersonRef]
    team_id: Optional[int]
    opened_at: Time
    first_reply_at: Optional[datetime]
    last_update_at: Optional[datetime]
    resolved_at: Optional[datetime]
    followed_up_at: Optional[datetime]
    closed_at: Optional[datetime]
    resolution: Optional[str] = text("The resolution note written when it was closed.")

    @staticmethod
    def of(case: Case) -> dict:
        return {
            "id": case.id,
            "customer_id": case.customer_id,
            "subject": case.subject,
            "status": case.status,
            "priority": case.priority,
            "channel": case.channel,
            "owner": PersonRef.of(case.owner),
            "team_id": case.team_id,
            "opened_at": iso(case.opened_at),
            "first_reply_at": iso(case.first_reply_at),
            "last_update_at": iso(case.last_update_at),
            "resolved_at": iso(case.resolved_at),
            "followed_up_at": iso(case.followed_up_at),
            "closed_at": iso(case.closed_at),
            "resolution": case.resolution,
        }


CaseList = page_of(Case, "CaseList", total=True)


CaseInput = case_input.CaseInput  # the service's typed input is the body's schema


class CaseChanges(Body):
    """Only the keys given change. Unknown keys are refused."""

    status: Literal[CASE_STATUSES] = text("`closed` needs `note` (the resolution); `open` or `pending` reopens.",
                                          default=None)
    owner_id: Id = None
    priority: Literal[CASE_PRIORITIES] = None
    note: Optional[str] = text("A note for the record; the resolution when closing.", max_length=MAX_NOTE,
                               default=None)


class FollowUpDone(Body):
    note: Optional[str] = text("What was done.", max_length=MAX_NOTE, default=None)


# --- reports -------------------------------------------------------------------------------------------

Rate = Optional[float]
_RATE = "1 − flagged / checked; null when nothing was checked."


class ComplianceRow(Reply):
    key: Union[str, int] = text("Standard code, agent id, team id (0: no team), channel, ISO week (2026-W05), "
                                'or "total".')
    label: str = text("For people: the standard's title, agent's or team's name, …")
    checked: Count = text("Contacts checked against the rule(s).")
    flagged: Count = text("Contacts with a finding.")
    upheld: Count = text("Findings upheld or coached by a lead.")
    dismissed: Count = text("Findings dismissed as false positives.")
    waived: Count = text("Findings whose justification was accepted.")
    compliance_rate: Rate = Field(ge=0, le=1, description=_RATE)


class PilotCompliance(Reply):
    """Rules in pilot mode, grouped the same way; they count against nobody."""

    items: list[ComplianceRow]
    total: ComplianceRow


class ComplianceReport(Reply):
    group_by: Literal[GROUPS]
    from_: date = Field(alias="from")
    to: date = text("Included.")
    team: Optional[TeamRef]
    items: list[ComplianceRow] = text("Enforced rules.")
    total: ComplianceRow
    pilot: PilotCompliance


class TargetRow(Reply):
    code: str = text("target.csat, target.accuracy, target.first_reply, target.productivity, "
                     "target.resolution_rate or target.consistency")
    title: str
    value: Optional[float] = text("In `unit`; null when there is no data.")
    unit: Literal[tuple(sorted({t.unit for t in TARGETS}))]
    goal: float
    comparison: Literal["at_least", "at_most"]
    met: Optional[bool] = text("null when there is no data.")
    basis: dict[str, Union[float, str, None]] = text("The numbers the value is computed from.")


class TargetsReport(Reply):
    from_: date = Field(alias="from")
    to: date = text("Included.")
    team: Optional[TeamRef]
    items: list[TargetRow]


# --- the audit trail and a customer's export --------------------------------------------------------------


class AuditEvent(Reply):
    id: int
    at: Time
    actor_id: Optional[int]
    actor: Optional[str] = text("The actor's e-mail as recorded (kept for unknown addresses too).")
    action: str
    entity: str
    entity_id: Optional[int]
    details: dict[str, Any]
    changes: list[str] = text('What changed, in words: "status: open → closed".')

    @staticmethod
    def of(event, changes) -> dict:
        return {"id": event.id, "at": iso(event.at), "actor_id": event.actor_id, "actor": event.actor_label or None,
                "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
                "details": dict(event.details or {}), "changes": changes}


AuditEventList = page_of(AuditEvent, "AuditEventList", total=True)


class CustomerExport(Reply):
    model_config = {"extra": "allow"}

    customer: Customer
    interactions: list[Interaction]
    cases: list[Case]
    feedback: list[Feedback]
    surveys: list[dict[str, Any]]
    exported_at: str

    @staticmethod
    def of(records) -> dict:
        """A customer's records (services.privacy.CustomerRecords) as the subject-access copy."""
        return {
            "customer": Customer.of(records.customer),
            "interactions": [Interaction.of(ix) for ix in records.interactions],
            "cases": [Case.of(c) for c in records.cases],
            "feedback": [Feedback.of(fb) for fb in records.feedback],
            "surveys": [{"interaction_id": s.interaction_id, "score": s.score, "comment": s.comment,
                         "answered_at": s.answered_at.isoformat() if s.answered_at else None}
                        for s in records.surveys],
            "exported_at": records.exported_at.isoformat(),
        }


class Lookup(Reply):
    customer: Customer
    recent_interactions: list[Interaction] = Field(max_length=5, description="Newest first.")
    open_cases: list[Case]
    open_follow_ups: list[Interaction] = text("Interactions whose promised follow-up is not yet kept.")
