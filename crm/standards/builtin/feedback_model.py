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
backstop"). Only the weights ship, in models/feedback.json.gz; scoring is a dictionary lookup per
n-gram, nothing is downloaded, and the model is read once per process.

The classifier asks it only to add: a category the phrase patterns did not give, at a probability of
at least THRESHOLD, becomes one more suggestion, with the customer's sentence that weighs most for it
as evidence and a confidence below any phrase-based suggestion. It never removes or recategorises
what the patterns found (leaving writers out showed that costs more than it gains).
"""
from __future__ import annotations

import gzip
import json
import math
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Iterable, Optional, Sequence

from .tone import grams

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


@dataclass(frozen=True)
class FeedbackModel:
    """One logistic regression per category over binary n-gram features: {feature: weights} (one
    weight per category, in `categories` order) and one intercept per category."""

    categories: tuple[str, ...]
    weights: dict[str, tuple[float, ...]]
    intercepts: tuple[float, ...]
    trained_on: dict

    def scores(self, keys: Iterable[str]) -> list[float]:
        """The raw score per category of a set of features (no intercept)."""
        totals = [0.0] * len(self.categories)
        weights = self.weights
        for key in keys:
            known = weights.get(key)
            if known is not None:
                for i, w in enumerate(known):
                    totals[i] += w
        return totals

    def probabilities(self, language: Optional[str], sentences: Sequence[str]) -> dict[str, float]:
        """How likely the call raises each category, 0..1."""
        totals = self.scores(features(language, sentences))
        return {c: 1.0 / (1.0 + math.exp(-(b + t))) for c, b, t in zip(self.categories, self.intercepts, totals)}

    def strongest(self, language: Optional[str], sentences: Sequence[str], category: str) -> int:
        """The index of the sentence whose n-grams weigh most for a category (its evidence)."""
        i = self.categories.index(category)
        best, where = -math.inf, 0
        for index, sentence in enumerate(sentences):
            score = self.scores(features(language, [sentence]))[i]
            if score > best:
                best, where = score, index
        return where


@cache
def model() -> FeedbackModel:
    """The shipped model, read once per process."""
    with resources.files(__package__).joinpath("models/feedback.json.gz").open("rb") as raw:
        data = json.loads(gzip.decompress(raw.read()))
    return FeedbackModel(categories=tuple(data["categories"]),
                         weights={key: tuple(w) for key, w in data["weights"].items()},
                         intercepts=tuple(data["intercepts"]), trained_on=data["trained_on"])


__all__ = ["CONFIDENCE_SHARE", "THRESHOLD", "FeedbackModel", "features", "model"]
