"""Text folding shared by name search and the phrase lexicons."""
from __future__ import annotations

import unicodedata

# Letters that NFKD does not split into base + accent.
_EXTRA = str.maketrans({"ß": "ss", "ø": "o", "đ": "d", "ł": "l", "æ": "ae", "œ": "oe", "ı": "i"})


def fold(text: str) -> str:
    """Lower-case, accent-free form of text: "Děkujeme, PANÍ Nováková" -> "dekujeme, pani novakova"."""
    if text.isascii():  # nothing to decompose or strip: what the steps below give, at a fraction
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
