"""Who may do what: the role table of DESIGN.md in one place."""
from __future__ import annotations

from ..models import User
from .errors import Forbidden

CUSTOMER_ROLES = ("agent", "lead", "admin")  # look up and edit customers, log interactions
LOOKUP_ROLES = (*CUSTOMER_ROLES, "integration")  # the screen-pop: a phone system looks callers up


def require_role(actor: User, *roles: str, why: str = "") -> None:
    if actor is None or actor.role not in roles:
        raise Forbidden(why or "Your role does not allow this.")


def require_customer_access(actor: User) -> None:
    require_role(actor, *CUSTOMER_ROLES, why="Department members do not have access to customer records.")


def require_lookup_access(actor: User) -> None:
    """The screen-pop lookup: desk roles, and integrations (a phone system) too."""
    require_role(actor, *LOOKUP_ROLES, why="Your role does not allow looking customers up.")
