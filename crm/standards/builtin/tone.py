"""The learned tone model: how likely an agent's turn is dismissive, when no listed phrase said so.

Phrase lexicons catch what they list; each new writer finds other ways to be curt ("nu sunteți
singurul client", "I can't work miracles", "Loistavaa. Ihan loistavaa."). The model reads a turn as
its folded words and word pairs, their lemmas and lemma pairs (crm/standards/language.py), the words
a negation governs marked as negated, and the character n-grams of each word (so inflection, missing
diacritics and typos still share most of their pieces); it weighs them with a logistic regression
trained offline on lines and turns labelled one by one — the phrasebooks' dismissive lines and polite
traps, bench/tone's polite lines, and the agent turns of the labelled calls of bench/corpus and
bench/heldout (scripts/train-tone-model, scikit-learn; docs/standards.md "The tone model"). Only the
weights ship, in models/tone.json.gz, with a threshold per language measured on writers the model
was not trained on (no scikit-learn at run time, nothing downloaded); scoring a turn is a
lookup per feature in a trie of the features' names (ToneWeights).

A call is judged by its most dismissive agent turn. The check asks the model only when the lexicon
found nothing, and flags at the policy's threshold (`tone_threshold`) or, when the policy sets none,
at the model's threshold for the turn's language. The model is read once per process, by the language
preload (crm.standards.language.warm_up, in a gunicorn master before it forks) or on first use.
"""
from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Iterable, Iterator, Optional, Sequence

from ...text import fold
from ..language import Turn, lemma, tokens
from .model_files import FeatureIndex, read_table

NGRAMS = (2, 5)  # character n-grams of each word, padded with a space on both sides
# A short turn ("Nashle.", "La revedere.", "One moment please.") says too little about its tone:
# curt agents are terse, but the same few words close and hold friendly calls too. The model is
# trained on, and judges, turns of four words or more.
MIN_WORDS = 4

# Words that negate what follows them in the clause (folded; "don't" is cut into "don" and "t").
NEGATIONS = {
    "en": frozenset("not no never nothing nobody none t cannot neither nor".split()),
    "ms": frozenset("tak tidak bukan jangan tiada takde tak ada belum x xde tk tade".split()),
    "cs": frozenset("ne nic nikdy nikdo zadny zadna zadne nijak ani".split()),
    "fi": frozenset("ei en et emme ette eivat ala alkaa alkoon mitaan koskaan".split()),
    "ro": frozenset("nu n nici niciodata nimic nimeni".split()),
}
NEGATED_WORDS = 3  # how many words after a negation, within its clause, read as negated


def judged(text: str) -> bool:
    """Whether the model judges a turn (and learns from it): one of at least MIN_WORDS words."""
    return len(text.split()) >= MIN_WORDS


def grams(text: str) -> list[str]:
    """The character n-grams the model reads in a text: of each folded word with a space either
    side, every 2- to 5-letter piece (a word shorter than a length counted once, and no longer)."""
    out: list[str] = []
    for word in text.split():
        out += _written_grams(word)
    return out


@lru_cache(maxsize=100_000)
def _written_grams(word: str) -> tuple[str, ...]:
    """The n-grams of a word as written, folded (what folding the whole text gives: folding works
    character by character, and a character it turns into a space, "¨", splits the word there)."""
    folded = fold(word).split()
    if len(folded) == 1:
        return _word_grams(folded[0])
    return tuple(gram for piece in folded for gram in _word_grams(piece))


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


def words(text: str, language: Optional[str]) -> list[str]:
    """The word features of a text (each starts with a tab, which no character n-gram holds):
    folded words "\\tw x" and pairs "\\tw x y" within a sentence, lemmas "\\tl x" and pairs
    "\\tl x y" in the turn's language, and "\\tn x" for the lemma of each of the NEGATED_WORDS
    words after a negation in the same clause."""
    out: list[str] = []
    negations = NEGATIONS.get(language or "", frozenset())
    previous = None
    negated_until = -1
    scope = None
    for i, token in enumerate(tokens(text)):
        lem = lemma(token.lower, language) if language else token.folded
        out.append("\tw " + token.folded)
        out.append("\tl " + lem)
        if previous is not None and previous[0].sentence == token.sentence:
            out.append(f"\tw {previous[0].folded} {token.folded}")
            out.append(f"\tl {previous[1]} {lem}")
        if i <= negated_until and scope == token.clause:
            out.append("\tn " + lem)
        if token.folded in negations:
            negated_until, scope = i + NEGATED_WORDS, token.clause
        elif language == "cs" and token.folded.startswith("ne") and not lem.startswith("ne"):
            out.append("\tn " + lem)  # Czech negates the verb itself: "nemůžu" is "moci" negated
            negated_until, scope = i + NEGATED_WORDS, token.clause
        previous = (token, lem)
    return out


def features(text: str, language: Optional[str]) -> list[str]:
    """Everything the model reads in a turn: its character n-grams and its word features."""
    return grams(text) + words(text, language)


class ToneWeights(Mapping):
    """The model's {feature: idf + weight·j} as a read-only mapping, kept without an object per
    feature: the names in a FeatureIndex (a trie), the idfs and the weights in two arrays of doubles
    in the trie's order. ~2.5 MB for the shipped model's ~110,000 features, where a dict of strings
    and complex numbers took ~15 MB of objects that every forked worker counted and, as it touched
    their reference counts, copied (bench/README.md, "Worker memory: models without objects")."""

    __slots__ = ("index", "idfs", "weights")

    def __init__(self, names: Iterable[str], idfs: Sequence[float], weights: Sequence[float]):
        self.index = FeatureIndex(names)
        self.idfs = self.index.in_trie_order(array("d", idfs))
        self.weights = self.index.in_trie_order(array("d", weights))
        if not len(self.idfs) == len(self.weights) == len(self.index):
            raise ValueError("each feature needs its idf and its weight")

    def __getitem__(self, name: str) -> complex:
        number = self.index.number(name)
        if number is None:
            raise KeyError(name)
        return complex(self.idfs[number], self.weights[number])

    def __contains__(self, name: object) -> bool:
        return name in self.index

    def __len__(self) -> int:
        return len(self.index)

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)


@dataclass(frozen=True)
class ToneModel:
    """A logistic regression over tf-idf weighted features: {feature: (idf, weight)} and a bias, and
    the threshold measured for each language ({} when the model has none).

    `weights` reads as {feature: idf + weight·j} (ToneWeights); a dict of such complex numbers or of
    (idf, weight) pairs is made into one."""

    weights: Mapping[str, complex]
    intercept: float
    languages: frozenset[str]
    trained_on: dict
    thresholds: dict = field(default_factory=dict)

    def __post_init__(self):
        if not isinstance(self.weights, ToneWeights):
            pairs = [complex(*pair) if isinstance(pair, tuple) else complex(pair) for pair in self.weights.values()]
            object.__setattr__(self, "weights", ToneWeights(self.weights, [p.real for p in pairs],
                                                             [p.imag for p in pairs]))

    def probability(self, text: str, language: Optional[str] = None) -> float:
        """How likely the text is dismissive, 0..1 (tf-idf with sublinear counts, L2-normalised)."""
        weights = self.weights
        number, idfs, coefficients = weights.index.number, weights.idfs, weights.weights
        total = square = 0.0
        for feature, count in Counter(features(text, language)).items():
            known = number(feature)
            if known is None:
                continue
            value = (1.0 + math.log(count)) * idfs[known]
            square += value * value
            total += value * coefficients[known]
        score = self.intercept + (total / math.sqrt(square) if square else 0.0)
        return 1.0 / (1.0 + math.exp(-score))


@dataclass(frozen=True)
class ToneVerdict:
    turn: Turn
    probability: float


@cache
def model() -> ToneModel:
    """The shipped model, read once per process (a gunicorn master reads it before it forks)."""
    data, names, numbers = read_table("models/tone.json.gz", "features")
    if len(numbers) != 2 * len(names):
        raise ValueError("models/tone.json.gz: each feature needs its idf and its weight")
    return ToneModel(weights=ToneWeights(names, numbers[0::2], numbers[1::2]),
                     intercept=data["intercept"], languages=frozenset(data["languages"]),
                     trained_on=data["trained_on"], thresholds=data.get("thresholds", {}))


# Agents' scripted lines ("Thank you for calling …", "Let me check that for you.") recur from call to
# call: a turn's probability is remembered per text and language, for the model that gave it.
REMEMBERED_TURNS = 20_000
_scores: tuple = (None, None)  # (the model, its remembering probability)


def probability(text: str, language: Optional[str] = None) -> float:
    """model().probability(text, language), worked out once per text and language."""
    global _scores
    tone = model()
    held, score = _scores
    if held is not tone:
        score = lru_cache(maxsize=REMEMBERED_TURNS)(tone.probability)
        _scores = (tone, score)
    return score(text, language)


def ranked(turns: Iterable[Turn]) -> list[ToneVerdict]:
    """The agent turns the model judges (in a language it was trained on, four words or more), the
    most dismissive first."""
    tone = model()
    verdicts = [ToneVerdict(turn, probability(turn.text, turn.language)) for turn in turns
                if turn.language in tone.languages and judged(turn.text)]
    return sorted(verdicts, key=lambda v: (-v.probability, v.turn.index))


__all__ = ["MIN_WORDS", "NEGATIONS", "ToneModel", "ToneVerdict", "ToneWeights", "features", "grams", "judged", "model",
           "probability", "ranked", "words"]
