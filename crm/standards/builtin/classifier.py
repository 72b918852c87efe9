"""The fallback feedback classifier: keywords per category, in the languages of the articles."""
from __future__ import annotations

import re
from typing import Optional

from ..base import FeedbackSuggestion, hookimpl
from .lexicon import AGENT, load_lexicon_groups, speaker_turns

# A sentence ends at ".", "!", "?" or "…" followed by a space; turns are split into lines already.
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def sentences(text: str) -> list[str]:
    """The sentences of a summary or transcript, without speaker labels and without the agent's lines.

    The agent's own lines are left out: they restate what the customer said, or promise to pass it on,
    and would only repeat the customer's suggestion.
    """
    return [
        sentence
        for speaker, line in speaker_turns(text)
        if speaker != AGENT
        for sentence in (part.strip() for part in _SENTENCE_END.split(line))
        if sentence
    ]


@hookimpl(trylast=True)
def crm_classify_feedback(text: str, language: Optional[str]) -> list[FeedbackSuggestion]:
    # Every language's keywords are tried whatever `language` says: it is often unset, and
    # customers switch language mid-sentence.
    categories = load_lexicon_groups("feedback_keywords")
    suggestions = []
    # A sentence said twice is one piece of feedback.
    for sentence in dict.fromkeys(sentences(text or "")):
        for category, keywords in categories.items():
            matched = keywords.find(sentence)
            if matched:
                suggestions.append(FeedbackSuggestion(category=category, text=sentence, matched=matched))
    return suggestions
