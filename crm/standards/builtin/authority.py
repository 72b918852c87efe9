"""Authority standard: refunds and credits above the agent's limit need a lead's approval."""
from __future__ import annotations

from decimal import Decimal

from ...i18n import msg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .wording import N_

# Roles that may approve an amount above an agent's limit, and who are within authority themselves.
APPROVER_ROLES = ("lead", "admin")


def check_limit(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    if facts.amount is None or facts.agent_role in APPROVER_ROLES:
        return []
    limit = facts.agent_authority_limit
    if limit is None:
        # Through str, so a parameter of 100.1 is the 100.10 an admin typed, not a binary fraction.
        limit = Decimal(str(params["agent_limit"]))
    # Authority is about how much is given away, whichever sign the amount was recorded with.
    amount = abs(facts.amount)
    if amount <= limit or facts.approved_by_role in APPROVER_ROLES:
        return []
    shown_amount, shown_limit = f"{amount:.2f}", f"{limit:.2f}"
    message = msg("An amount of %(amount)s is above the agent's authority of %(limit)s and has no "
                  "approval from a team lead.", amount=shown_amount, limit=shown_limit)
    return [Departure(message, {
        "amount": f"{amount:.2f}",
        "limit": f"{limit:.2f}",
        "approved_by_role": facts.approved_by_role,
    })]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="authority.limit",
            title=N_("Within the agent's authority"),
            description=N_("A refund or credit above the agent's authority needs a team lead's or an "
                        "admin's approval. An agent's own limit, when set on their account, replaces "
                        "the default here."),
            source="002: agents are trained on the kinds of service they are authorised to offer, for "
                   "example what needs management involvement (Malay article on customer-service "
                   "procedures and processes, 'Garis Panduan')",
            kind="interaction",
            check=check_limit,
            params=(
                Param("agent_limit", float, 100.0, N_("Largest amount an agent may grant alone."), minimum=0),
            ),
            channels=None,
            default_severity="high",
        ),
    ]
