"""Courtesy standards: the agent thanks the customer and keeps to positive language."""
from __future__ import annotations

from ..base import CheckContext, Departure, InteractionFacts, Standard, hookimpl
from .lexicon import agent_lines, load_lexicon

ARTICLE_001 = "(Czech article on customer-service standards, the 7 standards of service)"


def _agent_text(facts: InteractionFacts) -> str:
    return "\n".join(agent_lines(facts.transcript or ""))


def check_thanks(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    # Without a transcript there is no record of what was said, so nothing to hold against the agent.
    if not (facts.transcript or "").strip():
        return []
    if load_lexicon("thanks").find(_agent_text(facts)):
        return []
    return [Departure("The agent did not thank the customer anywhere in the transcript.")]


def check_positive_language(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    if not (facts.transcript or "").strip():
        return []
    # The words as said ("rauhoittukaa") tell the agent more than the lexicon entry ("rauhoittu*").
    phrases = list(load_lexicon("negative").occurrences(_agent_text(facts)).values())
    if not phrases:
        return []
    quoted = ", ".join(f'"{phrase}"' for phrase in phrases)
    return [Departure(f"The agent used dismissive language: {quoted}.", {"phrases": phrases})]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="courtesy.thanks",
            title="Thank the customer",
            description="The agent thanks the customer in the course of the contact. Checked on the "
                        "agent's lines of the transcript, in English, Malay, Czech, Finnish and Romanian.",
            source=f"001: #1, thank the customer and show them appreciation {ARTICLE_001}",
            kind="interaction",
            check=check_thanks,
            channels=None,
            default_severity="low",
        ),
        Standard(
            code="courtesy.positive_language",
            title="Positive language",
            description="The agent is polite and avoids dismissive or negative phrases such as "
                        "\"that's not my problem\" or \"calm down\". Checked on the agent's lines of "
                        "the transcript, in English, Malay, Czech, Finnish and Romanian.",
            source=f"001: #3, be polite and use positive language {ARTICLE_001}",
            kind="interaction",
            check=check_positive_language,
            channels=None,
        ),
    ]
