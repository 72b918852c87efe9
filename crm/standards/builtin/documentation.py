"""Documentation standard: every contact leaves a summary the next agent can work from."""
from __future__ import annotations

from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .wording import plural


def word_count(text: str) -> int:
    # A word is anything between spaces with a letter or digit in it, so "-" or "..." is not one.
    return sum(1 for word in text.split() if any(char.isalnum() for char in word))


def check_summary(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    minimum = params["min_words"]
    words = word_count(facts.summary or "")
    if words >= minimum:
        return []
    if words == 0:
        message = (f"No summary was recorded; the standard is at least {minimum} words on what "
                   "happened, so the next agent can pick up from it.")
    else:
        message = (f"The summary has {words} {plural(words, 'word', 'words')}; the standard is at least "
                   f"{minimum}, so the next agent can pick up from it.")
    return [Departure(message, {"words": words, "min_words": minimum})]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="documentation.summary",
            title="Summarise every contact",
            description="Every interaction records what happened, so whoever takes the customer's next "
                        "contact can give a personal service.",
            source="002: data is entered every time a customer calls, into a database every agent can "
                   "reach, so a returning customer gets a personal experience (Malay article on "
                   "customer-service procedures and processes, 'Mengumpul Data')",
            kind="interaction",
            check=check_summary,
            params=(Param("min_words", int, 5, "Fewest words a summary may have.", minimum=1),),
            channels=None,
            default_severity="low",
        ),
    ]
