"""Queue standard: inbound contacts are answered within a set wait."""
from __future__ import annotations

from ...i18n import msg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .wording import N_


def check_max_wait(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    limit = params["max_seconds"]
    waited = facts.queue_wait_seconds
    # Outbound contacts have no queue, and a wait nobody measured cannot be judged.
    if facts.direction != "inbound" or waited is None or waited <= limit:
        return []
    message = msg("The customer waited %(waited)s s in the queue; the standard is to answer within %(limit)s s.",
                  waited=waited, limit=limit)
    return [Departure(message, {"queue_wait_seconds": waited, "max_seconds": limit})]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="queue.max_wait",
            title=N_("Answer promptly"),
            description=N_("Inbound calls and chats are answered within the given number of seconds "
                        "of joining the queue."),
            source="000: set acceptable waiting times and parameters for returning calls (Malay article "
                   "on customer-service performance standards, 'Komunikasi'); 002: have a system that "
                   "takes customers' calls at once (Malay article on customer-service procedures and "
                   "processes, 'Pengalaman pelanggan')",
            kind="interaction",
            check=check_max_wait,
            params=(
                Param("max_seconds", int, 60, N_("Longest acceptable wait in the queue, in seconds."), minimum=0),
            ),
            channels=frozenset({"phone", "chat"}),
        ),
    ]
