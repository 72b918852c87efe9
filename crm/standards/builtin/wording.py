"""Wording shared by the messages of the built-in standards, which agents and their leads read.

Messages are `crm.i18n.Message`s: English as text (what the API and exports show) and a msgid with
parameters, so each reader sees a finding in their own language.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Iterable, Optional

from ...i18n import Message, msg


def N_(text: str) -> str:
    """Mark a string for the catalogue; it is translated where it is shown."""
    return text


# The languages a transcript is judged in, as a finding names them.
LANGUAGE_WORDS = {"en": N_("English"), "ms": N_("Malay"), "cs": N_("Czech"), "fi": N_("Finnish"),
                  "ro": N_("Romanian")}


def numbered(items: Iterable[object]) -> list:
    """Hold and transfer numbers as a person would say them: "1", "1 and 3", "1, 2 and 3" (a list
    parameter of a Message is joined the way the reader's language joins lists)."""
    return [item if isinstance(item, Message) else str(item) for item in items]


def plural(count: int, singular: str, plural_form: str) -> str:
    return singular if count == 1 else plural_form


def span(elapsed: timedelta) -> Message:
    """A duration as "5.5 h" under two days and "3.2 days" beyond, one decimal either way."""
    hours = round(elapsed.total_seconds() / 3600, 1)
    if hours < 48:
        return msg("%(hours)s h", hours=float(hours))
    return msg("%(days)s days", days=float(round(elapsed.total_seconds() / 86400, 1)))


def language_word(code: Optional[str]) -> Message:
    word = LANGUAGE_WORDS.get(code or "")
    return msg(word) if word else msg("an undetermined language")
