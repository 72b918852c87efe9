"""The API's JSON form of each record: what a client sees, never a password hash or a secret."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Optional

from flask import current_app
from sqlalchemy import select

from ..extensions import db
from ..models import Case, Customer, Feedback, Finding, Interaction, PolicyVersion, Team, User
from ..services.contacts import format_phone


def iso(at: Optional[datetime]) -> Optional[str]:
    """ISO 8601 in UTC with its offset; values fresh from a request may carry the client's zone."""
    if at is None:
        return None
    if at.tzinfo is None:  # stored times are aware; a naive one can only be UTC
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).isoformat()


def iso_date(day: Optional[date]) -> Optional[str]:
    return day.isoformat() if day is not None else None


def money(amount: Optional[Decimal]) -> Optional[str]:
    """Amounts travel as decimal strings ("120.50"): a JSON number would round them."""
    return None if amount is None else f"{Decimal(amount):.2f}"


def person_ref(user: Optional[User]) -> Optional[dict]:
    return None if user is None else {"id": user.id, "name": user.name}


def team_ref(team: Optional[Team]) -> Optional[dict]:
    return None if team is None else {"id": team.id, "name": team.name}


def _policy_number(version_id: Optional[int]) -> Optional[int]:
    if version_id is None:
        return None
    # A version's number never changes, so the app keeps them rather than ask on every row.
    numbers = current_app.extensions.setdefault("crm.policy_numbers", {})
    if version_id not in numbers:
        numbers[version_id] = db.session.scalar(select(PolicyVersion.number).where(PolicyVersion.id == version_id))
    return numbers[version_id]


def customer_json(c: Customer) -> dict:
    return {
        "id": c.id,
        "account_number": c.account_number,
        "name": c.name,
        "company": c.company,
        "language": c.language,
        "preferred_channel": c.preferred_channel,
        "tier": c.tier,
        "notes": c.notes,
        "preferences": dict(c.preferences or {}),
        "phones": [{"value": p.value, "display": format_phone(p.value), "raw": p.raw} for p in c.phones],
        "emails": [{"value": e.value} for e in c.emails],
        "merged_into_id": c.merged_into_id,
        "created_at": iso(c.created_at),
        "updated_at": iso(c.updated_at),
    }


def interaction_json(ix: Interaction) -> dict:
    return {
        "id": ix.id,
        "customer_id": ix.customer_id,
        "case_id": ix.case_id,
        "agent": person_ref(ix.agent),
        "team": team_ref(ix.team),
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
        "approved_by": person_ref(ix.approved_by),
        "justifications": dict(ix.justifications or {}),
        "policy_version": _policy_number(ix.policy_version_id),
        "created_at": iso(ix.created_at),
    }


def finding_json(f: Finding) -> dict:
    return {
        "id": f.id,
        "standard": f.standard,
        "mode": f.mode,
        "severity": f.severity,
        "message": f.message,
        "evidence": dict(f.evidence or {}),
        "policy_version": _policy_number(f.policy_version_id),
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


def feedback_json(fb: Feedback) -> dict:
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


def case_json(case: Case) -> dict:
    return {
        "id": case.id,
        "customer_id": case.customer_id,
        "subject": case.subject,
        "status": case.status,
        "priority": case.priority,
        "channel": case.channel,
        "owner": person_ref(case.owner),
        "team_id": case.team_id,
        "opened_at": iso(case.opened_at),
        "first_reply_at": iso(case.first_reply_at),
        "last_update_at": iso(case.last_update_at),
        "resolved_at": iso(case.resolved_at),
        "followed_up_at": iso(case.followed_up_at),
        "closed_at": iso(case.closed_at),
        "resolution": case.resolution,
    }


def user_json(user: User) -> dict:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "role": user.role,
        "team": user.team.name if user.team is not None else None,
        "department": user.department.slug if user.department is not None else None,
        "active": user.active,
        "created_at": iso(user.created_at),
        "last_login_at": iso(user.last_login_at),
    }


def team_json(team: Team) -> dict:
    return {"id": team.id, "name": team.name, "created_at": iso(team.created_at)}


def policy_version_json(version: PolicyVersion, team_names: Optional[dict[int, str]] = None) -> dict:
    """A policy version with its rules; rule scopes name teams rather than numbering them."""
    from ..services.policy import Rule

    return {
        "number": version.number,
        "effective_from": iso(version.effective_from),
        "review_by": iso_date(version.review_by),
        "note": version.note or "",
        "created_at": iso(version.created_at),
        "rules": [Rule.from_row(r).to_json(team_names) for r in version.rules],
    }


MAX_ID = 2**31 - 1  # ids are 32-bit integers on every backend
ID = f"int(min=1, max={MAX_ID})"  # the URL converter for an id: anything else is a 404, not a 500
