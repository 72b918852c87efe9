"""Wording shared by the messages of the built-in standards, which agents and their leads read."""
from __future__ import annotations

from datetime import timedelta
from typing import Iterable


def numbered(items: Iterable[object]) -> str:
    """ "1", "1 and 3", "1, 2 and 3": hold and transfer numbers as a person would say them."""
    text = [str(item) for item in items]
    return text[0] if len(text) == 1 else f"{', '.join(text[:-1])} and {text[-1]}"


def plural(count: int, singular: str, plural_form: str) -> str:
    return singular if count == 1 else plural_form


def span(elapsed: timedelta) -> str:
    """A duration as "5.5 h" under two days and "3.2 days" beyond, one decimal either way."""
    hours = elapsed.total_seconds() / 3600
    return f"{hours:.1f} h" if hours < 48 else f"{hours / 24:.1f} days"
