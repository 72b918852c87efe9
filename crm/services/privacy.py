"""A customer's personal data: everything we hold, exported; or erased, keeping anonymous statistics."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _, lazy_gettext as _l
from sqlalchemy import select, update

from ..database import write_transaction
from ..extensions import db
from ..models import Case, ContactPoint, Customer, Feedback, Interaction, Survey, User
from ..models.base import utcnow
from . import audit
from .access import require_role
from .customers import lock_customer
from .errors import NotFound

ERASED_TEXT = "(erased at the customer's request)"
# The resolution of the cases an erasure closes: no one can contact the customer about them any more.
ERASED_CASE_RESOLUTION = "Closed when the customer's personal data was erased at their request."


def _customer(customer_id: int) -> Customer:
    customer = db.session.get(Customer, customer_id)
    if customer is None or customer.erased_at is not None:
        raise NotFound(_('No customer %(customer_id)s.', customer_id=customer_id))
    return customer


@dataclass(frozen=True)
class CustomerRecords:
    """Everything held about one customer, as records; the API's `CustomerExport.of` writes it as JSON."""

    customer: Customer
    interactions: list[Interaction]
    cases: list[Case]
    feedback: list[Feedback]
    surveys: list[Survey]
    exported_at: datetime


def export_customer(actor: User, customer_id: int) -> CustomerRecords:
    """Everything held about the customer (the subject-access copy); the export is audited."""
    require_role(actor, "admin", why=_l("Only an admin exports a customer's personal data."))
    customer = _customer(customer_id)
    records = CustomerRecords(
        customer=customer,
        interactions=list(db.session.scalars(select(Interaction).where(Interaction.customer_id == customer.id)
                                             .order_by(Interaction.started_at))),
        cases=list(db.session.scalars(select(Case).where(Case.customer_id == customer.id).order_by(Case.opened_at))),
        feedback=list(db.session.scalars(select(Feedback).where(Feedback.customer_id == customer.id)
                                         .order_by(Feedback.id))),
        surveys=list(db.session.scalars(select(Survey).where(Survey.customer_id == customer.id))),
        exported_at=utcnow(),
    )
    with write_transaction():
        audit.record("customer.export", "customer", customer.id, actor=actor)
    return records


def erase_customer(actor: User, customer_id: int) -> None:
    """Erase what identifies the customer and what they said; keep the contacts' anonymous facts.

    Channels, times, holds, outcomes and findings stay, so compliance figures do not change.
    """
    require_role(actor, "admin", why=_l("Only an admin erases a customer's personal data."))
    with write_transaction():
        customer = lock_customer(customer_id)  # after any edit or contact of theirs in progress, before the next
        customer.name = f"Erased customer {customer.id}"
        customer.search_name = ""
        customer.account_number = customer.company = customer.notes = None
        customer.preferences = {}
        customer.erased_at = utcnow()
        db.session.execute(ContactPoint.__table__.delete().where(ContactPoint.customer_id == customer.id))
        db.session.execute(update(Interaction).where(Interaction.customer_id == customer.id)
                           .values(summary=ERASED_TEXT, transcript=None, justifications={}))
        db.session.execute(update(Case).where(Case.customer_id == customer.id).values(subject=ERASED_TEXT))
        db.session.execute(update(Feedback).where(Feedback.customer_id == customer.id).values(text=ERASED_TEXT))
        db.session.execute(update(Survey).where(Survey.customer_id == customer.id).values(comment=None))
        # No one can contact them any more: their open cases close, their follow-up promises are dropped
        # (the sweep finds no breach for an erased customer either), and their survey link is closed.
        closed = _close_cases(actor, customer.id)
        dropped = db.session.execute(
            update(Interaction).where(Interaction.customer_id == customer.id, Interaction.follow_up_due.is_not(None),
                                      Interaction.follow_up_done_at.is_(None))
            .values(follow_up_due=None)).rowcount
        # The audit trail keeps that an erasure happened, not what was erased.
        audit.record("customer.erase", "customer", customer.id, actor=actor, cases_closed=closed,
                     follow_ups_dropped=dropped)
    db.session.expire_all()


def _close_cases(actor: User, customer_id: int) -> int:
    """Close the customer's open and pending cases with a resolution saying why, each audited."""
    now = utcnow()
    cases = db.session.scalars(select(Case).where(Case.customer_id == customer_id,
                                                  Case.status.in_(("open", "pending"))).with_for_update()).all()
    for case in cases:
        audit.record("case.updated", "case", case.id, actor, customer_id=customer_id,
                     changes={"status": [case.status, "closed"], "resolution": [case.resolution, ERASED_CASE_RESOLUTION]},
                     note=ERASED_CASE_RESOLUTION)
        case.status, case.resolution, case.closed_at = "closed", ERASED_CASE_RESOLUTION, now
        case.resolved_at = case.resolved_at or now
    return len(cases)
