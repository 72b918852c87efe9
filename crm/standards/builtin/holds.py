"""Hold standards: how long a customer is kept on hold, and the apology for it."""
from __future__ import annotations

from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from .lexicon import agent_lines, load_lexicon
from .wording import numbered, plural

ARTICLE_002 = "(Malay article on customer-service procedures and processes, 'Pengalaman pelanggan')"


def check_max_duration(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    limit = params["max_seconds"]
    long_holds = [
        {"index": index, "seconds": hold.seconds}
        for index, hold in enumerate(facts.holds, start=1)
        if hold.seconds > limit
    ]
    if not long_holds:
        return []
    noun = plural(len(long_holds), "Hold", "Holds")
    indexes = numbered(hold["index"] for hold in long_holds)
    seconds = numbered(hold["seconds"] for hold in long_holds)
    message = f"{noun} {indexes} lasted {seconds} s; the standard is at most {limit} s."
    return [Departure(message, {"max_seconds": limit, "holds": long_holds})]


def check_apology(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    unapologised = [
        {"index": index, "seconds": hold.seconds}
        for index, hold in enumerate(facts.holds, start=1)
        if not hold.apologized
    ]
    if not unapologised:
        return []
    # Agents often apologise in words rather than ticking the box; the transcript is the better record.
    transcript = facts.transcript or ""
    transcript_checked = params["accept_transcript_phrase"] and bool(transcript.strip())
    if transcript_checked and load_lexicon("apology").find("\n".join(agent_lines(transcript))):
        return []
    noun = plural(len(unapologised), "Hold", "Holds")
    indexes = numbered(hold["index"] for hold in unapologised)
    if transcript_checked:
        message = (f"{noun} {indexes} had no apology to the customer: none was recorded, "
                   "and there is none in the agent's lines of the transcript.")
    else:
        message = f"{noun} {indexes} had no apology to the customer recorded."
    return [Departure(message, {"holds": unapologised, "transcript_checked": transcript_checked})]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="hold.max_duration",
            title="Holds are short",
            description="No single hold lasts longer than the limit: a customer on hold is a customer "
                        "waiting.",
            source=f"002: a customer must not be kept on hold for more than 60 seconds {ARTICLE_002}",
            kind="interaction",
            check=check_max_duration,
            params=(Param("max_seconds", int, 60, "Longest acceptable single hold, in seconds.", minimum=1),),
            channels=None,  # holds happen on chat too; a contact without holds has nothing to check
            live={"hold_seconds": "max_seconds"},
        ),
        Standard(
            code="hold.apology",
            title="Apologise for every hold",
            description="Every hold is accompanied by an apology to the customer for keeping them waiting.",
            source=f"002: the agent should always apologise for putting the customer on hold {ARTICLE_002}",
            kind="interaction",
            check=check_apology,
            params=(
                Param(
                    "accept_transcript_phrase", bool, True,
                    "Accept an apology in the agent's lines of the transcript for a hold not marked "
                    "apologised.",
                ),
            ),
            channels=None,
            default_severity="low",
            live={"hold_apology": True},
        ),
    ]
