"""Customer satisfaction surveys: one per resolved contact, answered through a signed link."""
from __future__ import annotations

from typing import Optional

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..database import write_transaction
from ..extensions import db
from ..models import ContactPoint, Interaction, Survey
from ..models.base import utcnow
from .errors import Conflict, FieldErrors, NotFound
from .outbox import enqueue_email

MAX_COMMENT = 2000


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="crm.survey")


def token_for(survey: Survey) -> str:
    return _signer().dumps(survey.id)


def public_link(survey: Survey) -> str:
    """The link for the customer, built from CRM_BASE_URL so it works outside a web request too."""
    base = current_app.config.get("CRM_BASE_URL", "http://127.0.0.1:5000").rstrip("/")
    return f"{base}/survey/{token_for(survey)}"


def open_for(ix: Interaction) -> Optional[Survey]:
    """Create the survey of a resolved contact, and e-mail its link when the customer has an address.

    Call inside the logging transaction: the invitation is written to the outbox with the contact.
    """
    if ix.outcome != "resolved":
        return None
    survey = Survey(interaction_id=ix.id, case_id=ix.case_id, customer_id=ix.customer_id, agent_id=ix.agent_id,
                    team_id=ix.team_id, channel=ix.channel)
    db.session.add(survey)
    address = db.session.scalar(select(ContactPoint.value).where(
        ContactPoint.customer_id == ix.customer_id, ContactPoint.kind == "email").order_by(ContactPoint.id).limit(1))
    if address and current_app.config.get("CRM_SMTP_URL"):
        db.session.flush()
        enqueue_email(address, "survey.invite", "How did we do?", _invitation(survey), f"survey-{survey.id}")
    return survey


def _invitation(survey: Survey) -> str:
    return "\n".join([
        "Thank you for contacting us.",
        "",
        "Would you tell us how satisfied you are with the help you got? One click, no login:",
        public_link(survey),
        "",
        "Your answer goes to the team that helped you.",
    ])


def survey_of(interaction_id: int) -> Optional[Survey]:
    return db.session.scalar(select(Survey).where(Survey.interaction_id == interaction_id))


def by_token(token: str) -> Survey:
    try:
        survey_id = _signer().loads(token)
    except BadSignature:
        raise NotFound("This survey link is not valid.") from None
    survey = db.session.get(Survey, survey_id) if isinstance(survey_id, int) else None
    if survey is None:
        raise NotFound("This survey link is not valid.")
    return survey


def answer(token: str, score, comment: str = "") -> Survey:
    """Record the customer's answer (1–5 and an optional comment); a survey is answered once."""
    errors = FieldErrors()
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score is None or not 1 <= score <= 5:
        errors.add("score", "choose from 1 (very unhappy) to 5 (very happy)")
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        errors.add("comment", f"must be at most {MAX_COMMENT} characters")
    errors.raise_if_any()
    with write_transaction():
        survey = by_token(token)
        if survey.answered_at is not None:
            raise Conflict("This survey was already answered. Thank you!", survey.id)
        survey.score, survey.comment, survey.answered_at = score, comment or None, utcnow()
    return survey
