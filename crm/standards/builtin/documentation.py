"""Documentation standard: every contact leaves a summary the next agent can work from."""
from __future__ import annotations

from ...i18n import msg, nmsg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .wording import N_


def word_count(text: str) -> int:
    # A word is anything between spaces with a letter or digit in it, so "-" or "..." is not one.
    return sum(1 for word in text.split() if any(char.isalnum() for char in word))


def check_summary(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    minimum = params["min_words"]
    words = word_count(facts.summary or "")
    if words >= minimum:
        return []
    if words == 0:
        message = nmsg("No summary was recorded; the standard is at least %(num)s word on what "
                       "happened, so the next agent can pick up from it.",
                       "No summary was recorded; the standard is at least %(num)s words on what "
                       "happened, so the next agent can pick up from it.", minimum)
    else:
        message = nmsg("The summary has %(num)s word; the standard is at least %(minimum)s, so the "
                       "next agent can pick up from it.",
                       "The summary has %(num)s words; the standard is at least %(minimum)s, so the "
                       "next agent can pick up from it.", words, minimum=minimum)
    return [Departure(message, {"words": words, "min_words": minimum})]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="documentation.summary",
            title=N_("Summarise every contact"),
            description=N_("Every interaction records what happened, so whoever takes the customer's next "
                        "contact can give a personal service."),
            source="002: data is entered every time a customer calls, into a database every agent can "
                   "reach, so a returning customer gets a personal experience (Malay article on "
                   "customer-service procedures and processes, 'Mengumpul Data')",
            kind="interaction",
            check=check_summary,
            params=(Param("min_words", int, 5, N_("Fewest words a summary may have."), minimum=1),),
            channels=None,
            default_severity="low",
        ),
    ]
