"""Transfer standards: stay with the caller through a transfer, and transfer them as little as possible."""
from __future__ import annotations

from ...i18n import msg, nmsg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .wording import N_, numbered

ARTICLE_002 = "(Malay article on customer-service procedures and processes, 'Pengalaman pelanggan')"


def check_warm(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    cold = [
        {"index": index, "to": transfer.to}
        for index, transfer in enumerate(facts.transfers, start=1)
        if transfer.type == "cold"
    ]
    if not cold:
        return []
    described = numbered(
        msg("%(number)s (to %(to)s)", number=transfer["index"], to=transfer["to"]) if transfer["to"]
        else transfer["index"]
        for transfer in cold
    )
    message = nmsg("Transfer %(transfers)s was cold; the standard is to stay on the line until the "
                   "customer is connected.",
                   "Transfers %(transfers)s were cold; the standard is to stay on the line until the "
                   "customer is connected.", len(cold), transfers=described)
    return [Departure(message, {"transfers": cold})]


def check_right_first_time(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    limit = params["max_transfers"]
    count = len(facts.transfers)
    if count <= limit:
        return []
    message = nmsg("The customer was transferred %(num)s time; the standard is at most %(limit)s.",
                   "The customer was transferred %(num)s times; the standard is at most %(limit)s.",
                   count, limit=limit)
    return [Departure(message, {
        "transfers": count,
        "max_transfers": limit,
        "to": [transfer.to for transfer in facts.transfers],
    })]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="transfer.warm",
            title=N_("Warm transfers"),
            description=N_("On a transfer the agent stays on the line until the customer is connected to "
                        "the other person, rather than handing them to a queue."),
            source="002: when transferring a customer the agent stays on the call until the customer "
                   f"is connected to someone else {ARTICLE_002}",
            kind="interaction",
            check=check_warm,
            channels=None,  # chats are handed over too; a contact without transfers has nothing to check
        ),
        Standard(
            code="transfer.right_first_time",
            title=N_("Right person first time"),
            description=N_("The agent recognises at once whether they can help or who can, so a customer "
                        "is passed on at most the given number of times in one contact."),
            source="002: the agent should recognise at once whether they can help the customer or the "
                   f"customer must be transferred to a manager or another department {ARTICLE_002}",
            kind="interaction",
            check=check_right_first_time,
            params=(Param("max_transfers", int, 1, N_("Most transfers acceptable in one contact."), minimum=0),),
            channels=None,
            default_severity="low",
        ),
    ]
