"""The admin's overview: how much the CRM holds, what happened last, what needs a decision."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from dataclasses import dataclass

from sqlalchemy import func, select

from ..extensions import db
from ..models import AuditEvent, Customer, Interaction, PolicyVersion, Team, User
from . import audit
from .access import require_role
from .policy import overdue_reviews


@dataclass
class AdminOverview:
    counts: dict[str, int]
    events: list[AuditEvent]
    overdue: list[PolicyVersion]


def admin_overview(actor: User) -> AdminOverview:
    """Counts of customers (merged duplicates left out), contacts, users and teams; the ten newest
    audit events; the policy versions whose review is overdue."""
    require_role(actor, "admin", why=_l("Only an admin sees the overview."))
    counts = {
        "customers": db.session.scalar(
            select(func.count()).select_from(Customer).where(Customer.merged_into_id.is_(None))),
        "interactions": db.session.scalar(select(func.count()).select_from(Interaction)),
        "users": db.session.scalar(select(func.count()).select_from(User)),
        "teams": db.session.scalar(select(func.count()).select_from(Team)),
    }
    return AdminOverview(counts, audit.latest(actor, 10), overdue_reviews(actor))
