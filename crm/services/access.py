"""Who may do what: the role table of DESIGN.md in one place."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from ..models import Finding, User
from .errors import Forbidden

CUSTOMER_ROLES = ("agent", "lead", "admin")  # look up and edit customers, log interactions
LOOKUP_ROLES = (*CUSTOMER_ROLES, "integration")  # the screen-pop: a phone system looks callers up
# A phone system's token reaches these API endpoints and nothing else, whatever a route forgets.
INTEGRATION_ENDPOINTS = frozenset({"api.lookup_customer", "api.post_call_event", "api.get_call"})


class SystemActor:
    """The CRM acting on its own behalf (the command line, the demo data, the default policy), not a
    person: it may do anything, logs in nowhere, and the audit trail names it by the label the
    service gives ("cli", "system"). Services take `SYSTEM` where no person acts; `None` is no one,
    and no one may do anything."""

    id = None
    role = "system"
    email = None
    name = "the system"
    team_id = None
    department_id = None
    department = None
    active = True

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = SystemActor()


def is_person(actor) -> bool:
    """A user acting (not the system, not no one)."""
    return actor is not None and actor is not SYSTEM


def require_role(actor: User | SystemActor, *roles: str, why: object = "") -> None:
    """The one permission check of the services: the actor has one of `roles`, or is the system."""
    if actor is SYSTEM:
        return
    if actor is None or actor.role not in roles:
        raise Forbidden(str(why) if why else _("Your role does not allow this."))


def require_customer_access(actor: User) -> None:
    require_role(actor, *CUSTOMER_ROLES, why=_l("Department members do not have access to customer records."))


FINDING_ROLES = ("agent", "lead", "admin")  # findings are personnel data: departments never see them


def visible_findings(actor: User):
    """The condition on Finding for what `actor` may see: an agent their own, a lead their team's,
    an admin all (None: no condition). Every page, list and export that shows findings uses it."""
    require_role(actor, *FINDING_ROLES, why=_l("Department members do not see findings."))
    if actor is SYSTEM:
        return None
    if actor.role == "agent":
        return Finding.agent_id == actor.id
    if actor.role == "lead":
        return Finding.team_id == actor.team_id
    if actor.role == "admin":
        return None
    raise Forbidden(_("Your role does not show findings."))


def sees_findings_of(actor: User, agent_id: int | None, team_id: int | None) -> bool:
    """Whether `actor` may see the findings of a contact logged by `agent_id` in `team_id`: the rule of
    `visible_findings` for one contact, so a page can say "not shown to you" instead of "none"."""
    if actor is SYSTEM:
        return True
    if actor is None or actor.role not in FINDING_ROLES:
        return False
    if actor.role == "agent":
        return agent_id == actor.id
    if actor.role == "lead":
        return team_id is not None and team_id == actor.team_id
    return actor.role == "admin"


def require_api_endpoint(actor: User, endpoint: str) -> None:
    """An integration may call only INTEGRATION_ENDPOINTS; every other role, as each endpoint says."""
    if actor.role == "integration" and endpoint not in INTEGRATION_ENDPOINTS:
        raise Forbidden(_("An integration's token may send call events and look customers up, nothing else."))


def require_lookup_access(actor: User) -> None:
    """The screen-pop lookup: desk roles, and integrations (a phone system) too."""
    require_role(actor, *LOOKUP_ROLES, why=_l("Your role does not allow looking customers up."))
