"""Customer satisfaction surveys: one per resolved contact, answered through a signed link."""
from __future__ import annotations

from flask_babel import gettext as _
from datetime import datetime
from typing import Any, Optional

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Integer, bindparam, select

from ..i18n import Translator, default_locale, normalise, translator
from ..database import Direct, write_transaction
from ..extensions import db
from ..models import ContactPoint, Customer, Interaction, Survey
from ..models.base import utcnow
from .errors import Conflict, FieldErrors, NotFound
from .outbox import enqueue_email

MAX_COMMENT = 2000


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="crm.survey")


def token_for(survey: Survey) -> str:
    return _signer().dumps(survey.id)


def public_link(survey: Survey) -> str:
    """The link for the customer: from CRM_BASE_URL when set, else from the request's own address
    (config.base_url), so it works outside a web request too."""
    return _link(survey.id)


def _link(survey_id: int) -> str:
    from ..config import base_url

    return f"{base_url()}/survey/{_signer().dumps(survey_id)}"


_insert_survey = Direct(lambda: Survey.__table__.insert().returning(Survey.__table__.c.id),
                        ("interaction_id", "case_id", "customer_id", "agent_id", "team_id", "channel"))


_first_address = Direct(lambda: select(ContactPoint.value).where(
    ContactPoint.customer_id == bindparam("customer_id", type_=Integer), ContactPoint.kind == "email")
    .order_by(ContactPoint.id).limit(1))
_NOT_READ = object()


def open_for(ix: Interaction, customer_language: Any = _NOT_READ) -> Optional[int]:
    """Create the survey of a resolved contact, and e-mail its link when the customer has an address.

    Call inside the logging transaction: the invitation is written to the outbox with the contact.
    `customer_language`: the customer's language column when the caller has read it already (logging
    reads it with the customer), so it is not read again. Answers the survey's id, or None when the
    contact opens none.
    """
    if ix.outcome != "resolved":
        return None
    # One INSERT … RETURNING of the id rather than the unit of work's flush (logging never reads
    # the survey back); the address is read only when there is a mail server to send the invitation
    # through, with one statement on the cursor, and the invitation is one INSERT too (enqueue_email).
    survey_id = _insert_survey.scalar(dict(
        interaction_id=ix.id, case_id=ix.case_id, customer_id=ix.customer_id, agent_id=ix.agent_id,
        team_id=ix.team_id, channel=ix.channel))
    if not current_app.config.get("CRM_SMTP_URL"):
        return survey_id
    address = _first_address.first({"customer_id": ix.customer_id})
    if address and address[0]:
        locale = (customer_locale(ix.customer_id) if customer_language is _NOT_READ
                  else normalise(customer_language) or default_locale())
        t = translator(locale)
        enqueue_email(address[0], "survey.invite", t.gettext("How did we do?"), _invitation(survey_id, t),
                      f"survey-{survey_id}")
    return survey_id


def customer_locale(customer_id: Optional[int]) -> str:
    """The customer's preferred language when the interface speaks it, else CRM_DEFAULT_LOCALE."""
    language = db.session.scalar(select(Customer.language).where(Customer.id == customer_id)) if customer_id else None
    return normalise(language) or default_locale()


def _invitation(survey_id: int, t: Translator) -> str:
    return "\n".join([
        t.gettext("Thank you for contacting us."),
        "",
        t.gettext("Would you tell us how satisfied you are with the help you got? One click, no login:"),
        _link(survey_id),
        "",
        t.gettext("Your answer goes to the team that helped you."),
    ])


def survey_of(interaction_id: int) -> Optional[Survey]:
    return db.session.scalar(select(Survey).where(Survey.interaction_id == interaction_id))


def link_of(interaction_id: int) -> Optional[str]:
    """The customer's public link to the survey logging this contact opened, or None when it opened none."""
    survey = survey_of(interaction_id)
    return public_link(survey) if survey is not None else None


def contact_time(survey: Survey) -> datetime:
    """When the customer was in touch: the contact's start (a contact may be logged days later), else
    when the survey was opened."""
    ix = db.session.get(Interaction, survey.interaction_id) if survey.interaction_id else None
    return ix.started_at if ix is not None and ix.started_at else survey.created_at


def by_token(token: str) -> Survey:
    try:
        survey_id = _signer().loads(token)
    except BadSignature:
        raise NotFound(_("This survey link is not valid.")) from None
    survey = db.session.get(Survey, survey_id) if isinstance(survey_id, int) else None
    if survey is None:
        raise NotFound(_("This survey link is not valid."))
    customer = db.session.get(Customer, survey.customer_id) if survey.customer_id else None
    if customer is not None and customer.erased_at is not None:
        raise NotFound(_("This survey is closed."))
    return survey


def answer(token: str, score, comment: str = "") -> Survey:
    """Record the customer's answer (1–5 and an optional comment); a survey is answered once."""
    errors = FieldErrors()
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = None
    if score is None or not 1 <= score <= 5:
        errors.add("score", _("choose from 1 (very unhappy) to 5 (very happy)"))
    comment = (comment or "").replace("\x00", "").strip()
    if len(comment) > MAX_COMMENT:
        errors.add("comment", _('must be at most %(MAX_COMMENT)s characters', MAX_COMMENT=MAX_COMMENT))
    errors.raise_if_any()
    with write_transaction():
        survey = by_token(token)
        if survey.answered_at is not None:
            raise Conflict(_("This survey was already answered. Thank you!"), survey.id)
        survey.score, survey.comment, survey.answered_at = score, comment or None, utcnow()
    return survey
