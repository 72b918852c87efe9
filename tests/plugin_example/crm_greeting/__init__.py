"""greeting.name: the agent greets the customer by name at the start of the contact."""
from __future__ import annotations

from typing import Iterator

from crm.standards.base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from crm.standards.builtin.lexicon import agent_lines, words

# Checks see the transcript, not the customer record, so "by name" is heard as a form of address
# followed by a name, in the languages of the built-in lexicons.
FORMS_OF_ADDRESS = frozenset({
    "mr", "mrs", "ms", "miss", "dr",          # English
    "encik", "puan", "cik", "tuan",           # Malay
    "pane", "pani", "slecno",                 # Czech (folded: "paní" -> "pani")
    "herra", "rouva", "neiti",                # Finnish
    "domnule", "doamna", "domnisoara",        # Romanian
})


def check_greeting(facts: InteractionFacts, params: dict, context: CheckContext) -> Iterator[Departure]:
    opening = agent_lines(facts.transcript)[: params["opening_lines"]]
    if not opening:
        return  # no transcript: nothing to hear
    heard = words(" ".join(opening))
    if any(word in FORMS_OF_ADDRESS for word in heard[:-1]):
        return
    yield Departure(
        message=f"The agent did not greet the customer by name in their first "
                f"{params['opening_lines']} line(s).",
        evidence={"opening": opening[0][:200]},
    )


@hookimpl
def crm_standards():
    return [
        Standard(
            code="greeting.name",
            title="Greet the customer by name",
            description="In the first lines of a conversation the agent addresses the customer by name.",
            source="An example plugin: a house standard, not from the articles",
            kind="interaction",
            check=check_greeting,
            params=(Param("opening_lines", int, 2, "How many of the agent's first lines to listen to.",
                          minimum=1),),
            channels=frozenset({"phone", "chat", "in_person"}),
            default_severity="low",
        )
    ]
