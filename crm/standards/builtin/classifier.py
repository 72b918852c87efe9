"""The fallback feedback classifier: what the customer raised, one item per issue, with its evidence.

Only the customer's sentences are read (and the summary, which reports what the customer said): the
agent's own lines restate the complaint or name a department ("I'll transfer you to billing").
Each sentence is matched against phrase patterns per category (feedback.json, over lemmas, in the
five languages); a category heard in the summary and again in the transcript is one item, whose
evidence is the customer's own sentence. A refund offered as the remedy of a packaging or product
problem is not a billing complaint: the billing patterns describe billing going wrong.
"""
from __future__ import annotations

import re
from typing import Optional

from ..base import FeedbackSuggestion, hookimpl
from ..language import AGENT, CUSTOMER, EVENT, Turn, analyse, tokens
from .lexicon import load_patterns

CATEGORIES = ("product", "packaging", "marketing", "billing", "other")
# A sentence ends at ".", "!", "?" or "…" followed by a space; turns are split into lines already.
_SENTENCE_END = re.compile(r"(?<=[.!?…;])\s+|\n+")
_MAX_EVIDENCE = 500
# Words of damage rather than malfunction, in the five languages (folded stems).
_TRANSIT_DAMAGE = re.compile(
    r"\b(broke|broken|dent|crack|scratch|chip|shatter|smash|damag|pecah|retak|calar|kemek|patah|rosak|"
    r"rozbit|rozbil|prask|poskr|poskoz|promack|rikki|rikko|halje|halke|naarmu|kolhi|lommo|vaurio|spart|"
    r"crapat|zgariat|ciobit|deteriorat|fisurat|indoit)")


def sentences(text: str) -> list[str]:
    """The sentences of a summary or transcript, without speaker labels and without the agent's lines.

    The agent's own lines are left out: they restate what the customer said, or promise to pass it on,
    and would only repeat the customer's suggestion.
    """
    return [sentence for _, sentence, _, _ in _customer_sentences(text or "")]


def _customer_sentences(text: str, language: Optional[str] = None) -> list[tuple[Optional[str], str, Optional[str], float]]:
    """(speaker, sentence, language, confidence) for every sentence not said by the agent; speaker
    None is the summary's."""
    out = []
    for turn in analyse(text, language).turns:
        if turn.speaker in (AGENT, EVENT):
            continue
        for part in _SENTENCE_END.split(turn.text):
            part = part.strip()
            if part:
                out.append((turn.speaker, part, turn.language, turn.confidence))
    return out


def classify(summary: str, transcript: str, language: Optional[str] = None) -> list[FeedbackSuggestion]:
    """The feedback the customer raised in a contact, one suggestion per category heard."""
    return crm_classify_feedback("\n".join(t for t in (summary or "", transcript or "") if t.strip()), language)


@hookimpl(trylast=True)
def crm_classify_feedback(text: str, language: Optional[str]) -> list[FeedbackSuggestion]:
    # Every language's patterns are tried whatever `language` says: it is often unset, and
    # customers switch language mid-sentence; it only breaks a tie in detecting the language.
    lexicon = load_patterns("feedback")
    heard: dict[str, list[tuple[Optional[str], str, tuple[str, ...]]]] = {}
    for speaker, sentence, judged, confidence in dict.fromkeys(_customer_sentences(text or "", language)):
        turn = Turn(1, speaker, None, sentence, judged, confidence, tokens(sentence))
        found = lexicon.find(turn, families=CATEGORIES)
        for category in CATEGORIES:
            matched = tuple(dict.fromkeys(m.said for m in found if m.family == category))
            if matched:
                heard.setdefault(category, []).append((speaker, sentence, matched))
    if "packaging" in heard and "product" in heard:
        # Goods damaged in a crushed box ("the mugs inside are broken") are the packaging issue;
        # a product item stays only for what is wrong with the product itself.
        heard["product"] = [i for i in heard["product"] if not all(_TRANSIT_DAMAGE.search(w) for w in i[2])]
        if not heard["product"]:
            del heard["product"]
    suggestions = []
    order = {sentence: n for n, (_, sentence, _, _) in enumerate(_customer_sentences(text or "", language))}
    chosen = {category: next((i for i in items if i[0] == CUSTOMER), items[0]) for category, items in heard.items()}
    for category, items in sorted(heard.items(), key=lambda kv: order.get(chosen[kv[0]][1], 0)):
        # The customer's own words are the evidence; the summary's only when the customer's are absent.
        speaker, sentence, matched = next((i for i in items if i[0] == CUSTOMER), items[0])
        sources = {i[0] for i in items}
        words = sum(len(i[2]) for i in items)
        confidence = min(0.95, 0.45 + 0.15 * words + (0.15 if len(sources) > 1 else 0.0))
        suggestions.append(FeedbackSuggestion(
            category=category, text=sentence[:_MAX_EVIDENCE], matched=matched,
            evidence=sentence[:_MAX_EVIDENCE], confidence=round(confidence, 2)))
    return suggestions
