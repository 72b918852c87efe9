"""Resolution standard: every contact ends resolved or with a next step that has a due date."""
from __future__ import annotations

from ...i18n import msg
from ...labels import LABELS
from .wording import N_
from ..base import CheckContext, Departure, InteractionFacts, Standard, hookimpl

# Outcomes that leave work open, so somebody must know when it is due.
NEEDS_DUE_DATE = ("follow_up", "escalated")


def check_next_step(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    if facts.outcome is None:
        return [Departure(
            msg("No outcome was recorded; every contact ends resolved or with a next step and a due date."),
            {"outcome": None},
        )]
    if facts.outcome in NEEDS_DUE_DATE and facts.follow_up_due is None:
        return [Departure(
            msg("The contact ended as %(outcome)s but the next step has no due date.",
                outcome=msg(LABELS[facts.outcome])),
            {"outcome": facts.outcome, "follow_up_due": None},
        )]
    return []


@hookimpl
def crm_standards():
    return [
        Standard(
            code="resolution.next_step",
            title=N_("Resolved, or a dated next step"),
            description=N_("Every contact ends resolved, or with a named next step (follow-up or "
                        "escalation) and the date it is due."),
            source="001: #5 of the 7 standards, be accommodating and offer a solution where possible "
                   "(Czech article on customer-service standards); 004: reliability, customers expect "
                   "dependable and consistent service (Romanian article on meeting customer-service "
                   "performance standards, FAQ)",
            kind="interaction",
            check=check_next_step,
            channels=None,
        ),
    ]
