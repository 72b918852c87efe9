"""Courtesy standards: the agent thanks the customer and keeps to positive language."""
from __future__ import annotations

from typing import Iterable, Optional

from ..base import CheckContext, Departure, InteractionFacts, Standard, hookimpl
from ..language import LANGUAGE_NAMES, Analysis, Turn, analyse
from ..patterns import Match
from .lexicon import load_patterns

ARTICLE_001 = "(Czech article on customer-service standards, the 7 standards of service)"

# What each family of dismissive language does, in words an agent acts on.
FAMILY_WORDS = {
    "blame": "blames the customer",
    "not_mine": "says it is not the agent's problem",
    "cannot_help": "says nothing can be done",
    "policy": "hides behind the rules",
    "shrug": "shrugs the request off",
    "wrong": "tells the customer they are wrong",
    "repeat": "reproaches the customer for making them repeat",
    "calm": "tells the customer to calm down",
    "condescension": "talks down to the customer about instructions",
    "sarcasm": "is sarcastic or impatient with the customer",
    "team": "is on the team's own list of dismissive phrases",
}
# Families where a negation ("it's not your fault") turns the phrase into a kind one.
NEGATABLE = frozenset({"blame", "not_mine", "wrong", "condescension", "team"})


def analysis_of(facts: InteractionFacts, ctx: Optional[CheckContext] = None) -> Analysis:
    """The shared language analysis of a contact's transcript (computed once for every check)."""
    declared = facts.language or (ctx.customer_language if ctx else None)
    return analyse(facts.transcript or "", declared)


def language_name(code: Optional[str]) -> str:
    return LANGUAGE_NAMES.get(code or "", "an undetermined language")


def judged(turns: Iterable[Turn]) -> list[dict]:
    """Evidence: the language each agent turn was judged in."""
    return [{"turn": t.index, "language": t.language, "confidence": round(t.confidence, 2)} for t in turns]


def languages_in_words(turns: Iterable[Turn]) -> str:
    """ "English", or "Czech (3 turns) and English (1 turn)"."""
    counts: dict[str, int] = {}
    for t in turns:
        counts[language_name(t.language)] = counts.get(language_name(t.language), 0) + 1
    if len(counts) == 1:
        return next(iter(counts))
    parts = [f"{name} ({n} turn{'s' if n != 1 else ''})" for name, n in counts.items()]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


# "Thanks to the serial checker, we found it" gives a cause, not thanks: a thanks word followed by
# one of these words (folded) is causal, per language. "Thanks to you" stays thanks.
CAUSAL_AFTER = {
    "en": ("to", frozenset("the a an this that these those our their his her its it which whom".split())),
    "cs": (None, frozenset("tomu temu tem nemu ni nim ktere kteremu systemu kolegovi kolegyni aplikaci".split())),
    "ms": ("kepada", frozenset("sistem aplikasi alat".split())),
    "ro": (None, frozenset("acestui acestei faptului lui ei lor".split())),
}
_THANKS_WORDS = frozenset("thanks thank diky dik terima multumita".split())
# Romanian "mulțumită colegului" and Czech "díky kolegovi" give a cause: the noun after them is in
# the genitive/dative, which these endings (folded) mark.
CAUSAL_ENDINGS = {"ro": ("ului", "ilor", "elor", "iei"), "cs": ("ovi", "emu", "tem", "ym", "um")}
_NOT_CAUSAL = frozenset("vam ti moc mockrat pekne za vsem mu".split())


def _causal(match: Match, turn: Turn) -> bool:
    rule = CAUSAL_AFTER.get(match.language)
    if rule is None or match.end - match.start > 2 or match.said.split()[0] not in _THANKS_WORDS:
        return False
    preposition, objects = rule
    rest = [t.folded for t in turn.tokens[match.end:match.end + 2]]
    if preposition is not None:
        if not rest or rest[0] != preposition:
            return False
        rest = rest[1:]
    if rest and rest[0] not in _NOT_CAUSAL and rest[0].endswith(CAUSAL_ENDINGS.get(match.language, ())):
        return True
    return bool(rest) and rest[0] in objects


THANKS_FAMILIES = ("formal", "informal", "team")
# Words after a reporting phrase ("the note says …", "píše tam …") are someone else's.
_REPORTED_REACH = 6


def _not_thanking(match: Match, turn: Turn, replies: list[Match], reported: list[Match]) -> bool:
    """A thanks word that is not the agent thanking: answering thanks ("you're welcome", "není zač",
    "no need to thank me"), reading out someone else's words, or giving a cause ("thanks to")."""
    if any(r.start <= match.start < r.end or match.start <= r.start < match.end for r in replies):
        return True
    sentence = turn.tokens[match.start].sentence
    if any(r.end <= match.start <= r.end + _REPORTED_REACH and turn.tokens[r.start].sentence == sentence
           for r in reported):
        return True
    return _causal(match, turn)


def thanks_found(analysis: Analysis) -> list[Match]:
    lexicon = load_patterns("thanks")
    found = []
    for turn in analysis.agent_turns:
        matches = lexicon.find(turn, skip_quoted=True)
        replies = [m for m in matches if m.family == "reply"]
        reported = [m for m in matches if m.family == "reported"]
        found += [m for m in matches if m.family not in ("reply", "reported")
                  and not _not_thanking(m, turn, replies, reported)]
    return found


def check_thanks(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    # Without a transcript there is no record of what was said, so nothing to hold against the agent.
    if not (facts.transcript or "").strip():
        return []
    analysis = analysis_of(facts, ctx)
    if thanks_found(analysis):
        return []
    turns = analysis.agent_turns
    if not turns:
        message = ("The agent did not thank the customer anywhere in the transcript: no line of it "
                   "is labelled as the agent's. The standard asks the agent to thank the customer at "
                   "least once, for example for calling or for their patience.")
    else:
        message = (f"The agent did not thank the customer anywhere in the transcript: none of the "
                   f"agent's {len(turns)} turn{'s' if len(turns) != 1 else ''}, judged as "
                   f"{languages_in_words(turns)}, thanks them. The standard asks the agent to thank "
                   "the customer at least once, for example for calling or for their patience.")
    return [Departure(message, {"turns": judged(turns), "matched": []})]


def dismissive_found(analysis: Analysis) -> list[Match]:
    lexicon = load_patterns("negative")
    return [m for turn in analysis.agent_turns for m in lexicon.find(turn, negatable=NEGATABLE, skip_quoted=True)]


def check_positive_language(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    if not (facts.transcript or "").strip():
        return []
    analysis = analysis_of(facts, ctx)
    found = dismissive_found(analysis)
    if not found:
        return []
    by_turn = {t.index: t for t in analysis.turns}
    phrases = list(dict.fromkeys(m.said for m in found))
    parts = []
    for index in dict.fromkeys(m.turn for m in found):
        turn = by_turn[index]
        saying = "; ".join(f"“{m.said}” {FAMILY_WORDS.get(m.family, 'is dismissive')}"
                           for m in found if m.turn == index)
        parts.append(f"in turn {index} (judged as {language_name(turn.language)}) the agent said "
                     f"{quote(turn.text)}: {saying}")
    message = ("The agent used dismissive language: " + "; ".join(parts) + ". The standard asks the agent "
               "to stay polite and positive, even with an upset customer: acknowledge the problem and "
               "say what can be done.")
    evidence = {
        "phrases": phrases,
        "matched": [{"turn": m.turn, "language": m.language, "family": m.family, "said": m.said,
                     "pattern": m.pattern, "text": by_turn[m.turn].text} for m in found],
        "turns": judged(analysis.agent_turns),
    }
    return [Departure(message, evidence)]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="courtesy.thanks",
            title="Thank the customer",
            description="The agent thanks the customer in the course of the contact, formally or "
                        "informally. Checked on the agent's turns of the transcript, each in the language "
                        "it is written in: English, Malay, Czech, Finnish or Romanian.",
            source=f"001: #1, thank the customer and show them appreciation {ARTICLE_001}",
            kind="interaction",
            check=check_thanks,
            channels=None,
            default_severity="low",
        ),
        Standard(
            code="courtesy.positive_language",
            title="Positive language",
            description="The agent is polite and avoids dismissive language: blaming the customer, "
                        "\"that's not my problem\", \"nothing I can do\", hiding behind policy, shrugging "
                        "the request off, \"you're wrong\", \"as I already said\", \"calm down\", or talking "
                        "down about manuals and instructions. Checked on the agent's turns of the "
                        "transcript, in English, Malay, Czech, Finnish and Romanian.",
            source=f"001: #3, be polite and use positive language {ARTICLE_001}",
            kind="interaction",
            check=check_positive_language,
            channels=None,
        ),
    ]


__all__ = ["analysis_of", "check_positive_language", "check_thanks"]
