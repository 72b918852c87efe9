"""The learned tone model: how likely an agent's turn is dismissive, when no listed phrase said so.

Phrase lexicons catch what they list; each new writer finds other ways to be curt ("nu sunteți
singurul client", "I can't work miracles"). The model reads a turn as character n-grams of its
folded words (so inflection, missing diacritics and typos still share most of their pieces) and
weighs them with a logistic regression trained offline on the labelled calls of bench/corpus and
bench/heldout (scripts/train-tone-model, scikit-learn; see docs/standards.md "The tone model").
Only the weights ship, in models/tone.json.gz (no scikit-learn at run time, nothing downloaded);
scoring a turn is a dictionary lookup per n-gram.

A call is judged by its most dismissive agent turn. The check asks the model only when a policy
turns it on (`tone_model`, off by default), only when the lexicon found nothing, and flags at the
policy's threshold (`tone_threshold`, 0.85 by default). The model is read on first use.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Iterable, Optional

from ...text import fold
from ..language import Turn

NGRAMS = (2, 5)  # character n-grams of each word, padded with a space on both sides
# A short turn ("Nashle.", "La revedere.", "One moment please.") says too little about its tone:
# curt agents are terse, but the same few words close and hold friendly calls too. The model is
# trained on, and judges, turns of four words or more.
MIN_WORDS = 4
_SPACES = re.compile(r"\s\s+")


def judged(text: str) -> bool:
    """Whether the model judges a turn (and learns from it): one of at least MIN_WORDS words."""
    return len(text.split()) >= MIN_WORDS


def grams(text: str) -> list[str]:
    """The character n-grams the model reads in a text: of each folded word with a space either
    side, every 2- to 5-letter piece (a word shorter than a length counted once, and no longer)."""
    out: list[str] = []
    for word in _SPACES.sub(" ", fold(text)).split():
        out += _word_grams(word)
    return out


@lru_cache(maxsize=100_000)  # words recur from call to call: each is cut up once
def _word_grams(word: str) -> tuple[str, ...]:
    low, high = NGRAMS
    word = f" {word} "
    size = len(word)
    out = []
    for n in range(low, high + 1):
        offset = 0
        out.append(word[:n])
        while offset + n < size:
            offset += 1
            out.append(word[offset:offset + n])
        if offset == 0:
            break
    return tuple(out)


@dataclass(frozen=True)
class ToneModel:
    """A logistic regression over tf-idf weighted n-grams: {n-gram: (idf, weight)} and a bias."""

    weights: dict[str, tuple[float, float]]
    intercept: float
    languages: frozenset[str]
    trained_on: dict

    def probability(self, text: str) -> float:
        """How likely the text is dismissive, 0..1 (tf-idf with sublinear counts, L2-normalised)."""
        weights = self.weights
        total = square = 0.0
        for gram, count in Counter(grams(text)).items():
            known = weights.get(gram)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * known[0]
            square += value * value
            total += value * known[1]
        score = self.intercept + (total / math.sqrt(square) if square else 0.0)
        return 1.0 / (1.0 + math.exp(-score))


@dataclass(frozen=True)
class ToneVerdict:
    turn: Turn
    probability: float


@cache
def model() -> ToneModel:
    """The shipped model, read once per process."""
    with resources.files(__package__).joinpath("models/tone.json.gz").open("rb") as raw:
        data = json.loads(gzip.decompress(raw.read()))
    return ToneModel(weights={gram: (pair[0], pair[1]) for gram, pair in data["grams"].items()},
                     intercept=data["intercept"],
                     languages=frozenset(data["languages"]), trained_on=data["trained_on"])


def ranked(turns: Iterable[Turn]) -> list[ToneVerdict]:
    """The agent turns the model judges (in a language it was trained on, two words or more), the
    most dismissive first."""
    tone = model()
    verdicts = [ToneVerdict(turn, tone.probability(turn.text)) for turn in turns
                if turn.language in tone.languages and judged(turn.text)]
    return sorted(verdicts, key=lambda v: (-v.probability, v.turn.index))


__all__ = ["MIN_WORDS", "ToneModel", "ToneVerdict", "grams", "judged", "model", "ranked"]
