"""The learned feedback backstop: which categories a customer's account raises, when no phrase said so.

The phrase patterns of feedback.json catch what they list, and each new writer finds other words for
the same complaint ("levý sluchátko vůbec nehraje", "face un zgomot ca un tractor", "the display has
been blank for a month"). Measured leaving one writer out at a time, most of what the classifier gets
wrong on writers it has not seen is such an item missed, not a wrong category. The model reads the
customer's sentences and the summary of one call as character n-grams of their folded words
(crm.standards.builtin.tone.grams: inflection, missing diacritics and typos share most of their
pieces), prefixed with the call's language, and gives, per category, how likely the call raises it:
one logistic regression per category, trained offline on the feedback cases of bench/corpus and
bench/heldout (scripts/train-feedback-model, scikit-learn; see docs/standards.md "The feedback
backstop"). Only the weights ship, in models/feedback.json.gz; scoring is a trie lookup per
n-gram, nothing is downloaded, and the model is read once per process.

The classifier asks it only to add: a category the phrase patterns did not give, at a probability of
at least THRESHOLD, becomes one more suggestion, with the customer's sentence that weighs most for it
as evidence and a confidence below any phrase-based suggestion. It never removes or recategorises
what the patterns found (leaving writers out showed that costs more than it gains).
"""
from __future__ import annotations

import math
from array import array
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import itemgetter
from typing import Iterable, Mapping, Optional, Sequence

from ...text import fold
from .model_files import FeatureIndex, read_table
from .tone import _word_grams, grams

# The probability from which a category the patterns missed is suggested: the best of 0.6–0.9 when
# each writer is left out in turn (scripts/train-feedback-model prints the table).
THRESHOLD = 0.7
# A suggestion of the model carries this share of its probability as confidence (0.30–0.50): below
# every phrase-based suggestion (0.60 and up), so an agent sees which to check first.
CONFIDENCE_SHARE = 0.5


def features(language: Optional[str], sentences: Iterable[str]) -> set[str]:
    """The model's features of a call: each n-gram of its sentences once, prefixed by the language."""
    prefix = f"{language or 'xx'}:"
    return {prefix + gram for sentence in sentences for gram in grams(sentence)}


@dataclass(frozen=True, eq=False)  # hashed by identity: the word cache is per model
class FeedbackModel:
    """One logistic regression per category over binary n-gram features: each feature's row number
    (`rows`, {feature: row} as a FeatureIndex: a trie, no object per feature), one column of weights
    per category (in `categories` order; an array of doubles, not
    a float object each) and one intercept per category."""

    categories: tuple[str, ...]
    rows: Mapping[str, int]
    columns: tuple[array, ...]
    intercepts: tuple[float, ...]
    trained_on: dict

    def totals(self, rows: set[int]) -> list[float]:
        """The summed weight per category of a set of feature rows (no intercept)."""
        if not rows:
            return [0.0] * len(self.categories)
        pick = itemgetter(*rows)
        return [sum(pick(column)) if len(rows) > 1 else pick(column) for column in self.columns]

    def probabilities(self, language: Optional[str], sentences: Sequence[str]) -> dict[str, float]:
        """How likely the call raises each category, 0..1."""
        totals = self.totals(_rows_of(self, language, sentences))
        return {c: 1.0 / (1.0 + math.exp(-(b + t))) for c, b, t in zip(self.categories, self.intercepts, totals)}

    def strongest(self, language: Optional[str], sentences: Sequence[str], category: str) -> int:
        """The index of the sentence whose n-grams weigh most for a category (its evidence)."""
        i = self.categories.index(category)
        scores = [self.totals(_rows_of(self, language, [sentence]))[i] for sentence in sentences]
        return scores.index(max(scores))


def _rows_of(learned: FeedbackModel, language: Optional[str], sentences: Sequence[str]) -> set[int]:
    """The rows of the features a call has: each n-gram of its folded words once (as `features`)."""
    prefix = f"{language or 'xx'}:"
    rows: set[int] = set()
    for word in set(" ".join(sentences).split()):
        rows.update(_word_rows(learned, prefix, word))
    return rows


@lru_cache(maxsize=100_000)  # words recur from call to call: each is folded and looked up once
def _word_rows(learned: FeedbackModel, prefix: str, word: str) -> tuple[int, ...]:
    row = learned.rows.get
    return tuple(found for piece in fold(word).split() for gram in _word_grams(piece)
                 if (found := row(prefix + gram)) is not None)


@cache
def model() -> FeedbackModel:
    """The shipped model, read once per process (a gunicorn master reads it before it forks)."""
    data, keys, numbers = read_table("models/feedback.json.gz", "weights")
    width = len(data["categories"])
    if len(numbers) != width * len(keys):
        raise ValueError("models/feedback.json.gz: each n-gram needs a weight per category")
    columns = tuple(numbers[i::width] for i in range(width))
    return FeedbackModel(categories=tuple(data["categories"]), rows=FeatureIndex(keys),
                         columns=columns, intercepts=tuple(data["intercepts"]), trained_on=data["trained_on"])


__all__ = ["CONFIDENCE_SHARE", "THRESHOLD", "FeedbackModel", "features", "model"]
