"""Checks every service applies to text before it is stored.

PostgreSQL refuses a NUL character in any text or JSON column, and no database driver can
encode a lone surrogate ("\\ud800", which a JSON body may carry), so either would be a 500 on
write; the services refuse them here, with every other reason, as an InvalidInput.
"""
from __future__ import annotations

from flask_babel import gettext as _
from typing import Any, Optional

from .errors import FieldErrors

MAX_ID = 2**31 - 1  # ids and counts are 32-bit integer columns on every backend


def text_problem(value: str) -> Optional[str]:
    """Why `value` cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return "must not contain a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


def clean_text(value: Any, field: str, errors: FieldErrors, max_length: Optional[int] = None) -> Optional[str]:
    """`value` stripped, None when blank or refused; each reason it cannot be stored goes to `errors`.

    `max_length` bounds the stripped text. None is blank, not an error; anything but text is.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        errors.add(field, _("must be text"))
        return None
    problem = text_problem(value)
    if problem:
        errors.add(field, problem)
        return None
    text = value.strip()
    if max_length is not None and len(text) > max_length:
        errors.add(field, _('must be at most %(max_length)s characters', max_length=max_length))
        return None
    return text or None


def escape_unstorable(text: str) -> str:
    """`text` with a NUL or lone surrogate written as its escape ("\\x00"), for labels and audit
    records that keep what was typed rather than refuse it."""
    if not text_problem(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")
