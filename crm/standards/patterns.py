"""Phrase patterns over lemmas: the lexicons of the language checks, kept as data files.

A pattern is words separated by spaces, matched on a turn's tokens in one sentence:

- a word matches a token written that way (case and diacritics folded) or whose lemma it is
  ("tell" matches "told", "nenadělat" matches "nenadělám"); ``stem*`` matches any word starting so;
- ``a|b|c`` is any of the alternatives, ``(too much|lots of)`` any of the word sequences,
  ``word?`` and ``(…)?`` may be left out, ``..`` skips up to three words and ``..5`` up to five;
- a word of six letters or more also matches a misspelling at an edit distance of one
  ("apologise" / "apologies" / "aplogise"); shorter words must be written out ("sory", "srry");
- ``^`` first and ``$`` last pin the match to the start and the end of a clause (the words between
  two punctuation marks): ``^ wrong $`` is "Wrong." or "Wrong, it never did", not "the wrong box".

Lexicon files hold ``{language: {family: [pattern, ...]}}``. In a family marked negatable by its
check, a negation just before the match or inside it ("it's not your fault", "není to vaše
chyba") cancels the match, so denying a dismissive phrase is not a dismissive phrase.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

from rapidfuzz.distance import OSA

from ..text import fold
from .language import LANGUAGES, Token, Turn, is_known, lemma

# Words that negate what follows them, folded, per language. Czech negates by a "ne-" prefix on
# the verb itself ("není", "nemůžu"), which is_negated reads from the word and its lemma.
NEGATORS = {
    "en": frozenset("not no never t cannot nothing nobody neither nor hardly nope".split()),
    "ms": frozenset("tidak tak bukan jangan tiada belum tk x takde tidaklah bukanlah".split()),
    "cs": frozenset("ne nikdy nic nikdo ani neni nejsi nejste nejsem nejsme".split()),
    "fi": frozenset("ei en et emme ette eivat eika enka etka emmeka etteka ala alkaa alkaapa koskaan mitaan "
                    "lainkaan ollenkaan yhtaan".split()),
    "ro": frozenset("nu n nici niciodata nimic nimeni".split()),
}
_BEFORE = 4  # how many words before a match a negation reaches, within its clause

# Words as people type them, standing for the word a pattern writes in full, per language: Malay
# chat spelling ("sy dh ckp", "bkn masalah sy", "mmg mcm tu") and a "2" doubling a word ("marah2",
# "sikit2" for "marah-marah", "sikit-sikit"), so one pattern in full covers both.
SHORT_FORMS = {
    "ms": {"sy": "saya", "sya": "saya", "dh": "dah", "sdh": "sudah", "ckp": "cakap", "bkn": "bukan",
           "x": "tak", "tk": "tak", "mmg": "memang", "mcm": "macam", "yg": "yang", "blh": "boleh",
           "bole": "boleh", "jgn": "jangan", "nk": "nak", "sbb": "sebab", "org": "orang", "xde": "takde",
           "dgn": "dengan", "utk": "untuk", "kt": "kat", "skrg": "sekarang", "byk": "banyak",
           "sgt": "sangat", "tgk": "tengok", "lg": "lagi", "kene": "kena", "tau": "tahu", "blm": "belum",
           "klu": "kalau", "kalo": "kalau", "tlg": "tolong", "pn": "pun", "jer": "je", "dlm": "dalam",
           "bgtau": "bagitau", "bg": "bagi", "cpt": "cepat", "msalah": "masalah", "dorg": "diorang",
           "keje": "kerja", "kije": "kerja", "keja": "kerja", "kna": "kena", "sndri": "sendiri",
           "sndiri": "sendiri", "sendri": "sendiri", "ape": "apa", "sape": "siapa", "nape": "kenapa",
           "knp": "kenapa", "mne": "mana", "tp": "tapi", "habaq": "bagitahu", "habag": "bagitahu"},
}
_DOUBLED = re.compile(r"^([a-z]{2,})2$")


def as_typed(folded: str, language: str) -> Optional[str]:
    """The full word a typed short form or a doubled "word2" stands for, if any."""
    doubled = _DOUBLED.match(folded) if language in SHORT_FORMS else None
    if doubled:
        folded = doubled[1]
    full = SHORT_FORMS.get(language, {}).get(folded)
    return full or (folded if doubled else None)


_FUZZY_MIN = 6  # letters a word needs before a misspelling of it is accepted
_MIN_STEM = 3
_REMEMBERED_WORDS = 50_000
_REMEMBERED_TURNS = 20_000  # words whose candidate patterns are remembered, per language
_REMEMBERED_MATCHES = 200_000  # (pattern word, token) pairs whose verdict is remembered, per language
_GAP = re.compile(r"^\.\.(\d?)$")


@lru_cache(maxsize=_REMEMBERED_WORDS)
def _deletions(word: str) -> tuple[str, ...]:
    """The word with each one of its letters left out (remembered: every lexicon and language asks)."""
    return tuple(word[:i] + word[i + 1:] for i in range(len(word)))


class PatternError(ValueError):
    """A pattern that cannot be used; the message names the lexicon and says why."""


@dataclass(frozen=True, slots=True)
class Word:
    alternatives: tuple[str, ...]

    @property
    def negative(self) -> bool:
        return any(alt.rstrip("*") in _ALL_NEGATORS or alt.startswith("ne") for alt in self.alternatives)


@dataclass(frozen=True, slots=True)
class Gap:
    most: int


_ALL_NEGATORS = frozenset().union(*NEGATORS.values())


@dataclass(frozen=True, slots=True)  # slots: a process keeps tens of thousands (one per variant)
class Pattern:
    text: str  # as written in the lexicon, folded
    family: str
    language: str
    elements: tuple  # Word | Gap
    opens: bool = False  # "^": the match starts a clause
    closes: bool = False  # "$": the match ends a clause
    _hash: Optional[int] = field(default=None, init=False, repr=False, compare=False)

    def __hash__(self) -> int:
        # Worked out once (a pattern's words are hashed one by one): candidates are collected in
        # dicts, and a common word starts hundreds of patterns. Equal patterns hash alike still.
        found = self._hash
        if found is None:
            found = hash((self.text, self.family, self.language, self.elements))
            object.__setattr__(self, "_hash", found)
        return found


@dataclass(frozen=True)
class Match:
    """Where a pattern matched: the turn, the language and family of the pattern, the words said."""

    turn: int
    language: str
    family: str
    pattern: str
    said: str  # the turn's words that matched, folded, gaps included
    start: int
    end: int


_NO_INDEX: dict = {}  # a node's index when it has none (never written to)

# A leaf of a prefix tree that ends one pattern is that pattern (_Node._settle): it reads as a node
# the pattern ends at, with nothing below it. Half the nodes of the four lexicons are such leaves
# (~53,000), and a _Node with the tuple of its one pattern took 112 bytes each.
Pattern.index = _NO_INDEX
Pattern.steps = ()
Pattern.ends = property(lambda pattern: (pattern,), doc="The patterns a leaf ends: itself.")


@lru_cache(maxsize=None)
def _is_step(alternatives: tuple[str, ...], typos: bool) -> bool:
    """Whether the walk tries a word one by one (a stem, or a long word a misspelling may match)
    rather than looking it up."""
    return any(alt.endswith("*") or (typos and len(alt) >= _FUZZY_MIN) for alt in alternatives)


class _Node:
    """A prefix tree of patterns: the patterns that end here and the next elements, each with the
    tree of the patterns that go on with it."""

    __slots__ = ("ends", "children", "index", "steps")

    def __init__(self):
        self.ends: list[Pattern] | tuple = []  # a tuple once settled
        # {a word's alternatives, or a gap: (the element, its child)}; None once settled. Keyed by
        # the alternatives (a tuple of text, hashed in C) rather than the Word, whose generated
        # __hash__ and __eq__ run in Python: building the trees at warm-up asks this ~400,000 times.
        self.children: Optional[dict] = {}
        # The children as the walk reads them, set by of() once the tree is built. A word matched
        # only as written or by its lemma is looked up: {alternative: children}; the others (gaps,
        # stems, words a misspelling may match) are tried one by one, as steps: (most words a gap
        # skips, or -1 for a word; the word's alternatives; the child).
        self.index: dict[str, tuple["_Node", ...]] = _NO_INDEX
        self.steps: tuple[tuple[int, tuple[str, ...], "_Node"], ...] = ()

    @classmethod
    def of(cls, patterns: Iterable[Pattern], typos: bool = False, branches: Optional[dict] = None) -> "_Node":
        """The tree of the patterns; `typos`: whether a long word may match a misspelling of it.

        `branches` ({a first word's alternatives: the tree below it}) holds what the trees of
        one lexicon's first words share: a pattern whose first word has alternatives ("can|could")
        is in the tree of each, and below that word the patterns are the same, in the same order
        (each tree keeps the lexicon's order), so the tree below it is built once and shared.
        """
        root = cls()
        if branches is None:
            root._add(patterns)
        else:
            groups: dict[tuple[str, ...], list[Pattern]] = {}
            for pattern in patterns:
                groups.setdefault(pattern.elements[0].alternatives, []).append(pattern)
            for first, group in groups.items():
                branch = branches.get(first)
                if branch is None:
                    whole = cls()
                    whole._add(group)
                    branch = branches[first] = whole.children[first][1]
                root.children[first] = (group[0].elements[0], branch)
        root._settle(typos)
        return root

    def _add(self, patterns: Iterable[Pattern]) -> None:
        for pattern in patterns:
            node = self
            for element in pattern.elements:
                key = element.alternatives if element.__class__ is Word else element
                entry = node.children.get(key)
                if entry is None:
                    child = self.__class__()
                    node.children[key] = (element, child)
                else:
                    child = entry[1]
                node = child
            node.ends.append(pattern)

    def _settle(self, typos: bool) -> None:
        # What the walk does not read is dropped, and what it reads kept as tuples: a process keeps
        # tens of thousands of nodes, and the garbage collector goes through every list and dict.
        if self.children is None:
            return  # settled already (a branch another tree shares)
        self.ends = tuple(self.ends)
        index: dict[str, list[_Node | Pattern]] = {}
        steps = []
        for element, child in self.children.values():
            child._settle(typos)
            if not child.index and not child.steps and len(child.ends) == 1:
                child = child.ends[0]  # a leaf: the pattern it ends stands for it
            if element.__class__ is Gap:
                steps.append((element.most, (), child))
            elif _is_step(element.alternatives, typos):
                steps.append((-1, element.alternatives, child))
            else:
                for alt in element.alternatives:
                    index.setdefault(alt, []).append(child)
        # A word's alternatives lead to the same children: one tuple of them serves every alternative.
        same: dict[tuple, tuple] = {}
        self.index = {} if index else _NO_INDEX
        for alt, children in index.items():
            children = tuple(children)
            self.index[alt] = same.setdefault(children, children)
        self.steps = tuple(steps)
        self.children = None

def _chunks(text: str) -> list[str]:
    """Whitespace-separated chunks, a parenthesised group "(too much|lots of)?" being one chunk."""
    chunks, depth, current = [], 0, ""
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        if ch.isspace() and depth == 0:
            if current:
                chunks.append(current)
            current = ""
        else:
            current += ch
    if current:
        chunks.append(current)
    return chunks


def _one(value, shared: Optional[dict]):
    """The equal value already made for the lexicon being compiled, if any (`shared` holds them): the
    patterns of a lexicon repeat the same words, and each variant of a pattern holds them again."""
    return value if shared is None else shared.setdefault(value, value)


def _word(alternatives: Iterable[str], shared: Optional[dict]) -> Word:
    alternatives = tuple(_one(alt, shared) for alt in dict.fromkeys(alternatives))
    return _one(Word(_one(alternatives, shared)), shared)


def _word_elements(chunk: str, text: str, lexicon: str, shared: Optional[dict] = None) -> list:
    """The elements of one chunk: a word with its alternatives, or the words of "it's"."""
    alternatives, words_in_chunk = [], []
    for alt in chunk.split("|"):
        if re.search(r"\*\w|(?<!\w)\*", alt):
            raise PatternError(f"{lexicon}: {text!r}: '*' may only end a word, as in 'dekuj*'")
        parts = re.findall(r"\w+\*?", alt)
        if not parts:
            continue
        if any(p.endswith("*") and len(p) - 1 < _MIN_STEM for p in parts):
            raise PatternError(f"{lexicon}: {text!r}: a stem needs at least {_MIN_STEM} letters")
        if len(parts) > 1 and "|" not in chunk:
            words_in_chunk = parts  # "it's" is the two words "it s"
        else:
            alternatives.append(parts[0])
    if words_in_chunk:
        return [_word((w,), shared) for w in words_in_chunk]
    return [_word(alternatives, shared)] if alternatives else []


def compile_pattern(text: object, family: str, language: str, lexicon: str,
                    shared: Optional[dict] = None) -> list[Pattern]:
    """A pattern as written, expanded into its variants without and with each optional part.

    "(too much|lots of) plastic" is a group of alternative word sequences; "(very)?" may be left out.
    With `shared` (a dict kept while a lexicon is compiled), equal words and texts are made once.
    """
    if not isinstance(text, str):
        raise PatternError(f"{lexicon}: {text!r} is not text")
    variants: list[list] = [[]]
    chunks = _chunks(fold(text))
    opens = bool(chunks) and chunks[0] == "^"
    closes = len(chunks) > opens and chunks[-1] == "$"
    chunks = chunks[int(opens):len(chunks) - int(closes)]
    if "^" in chunks or "$" in chunks:
        raise PatternError(f"{lexicon}: {text!r}: '^' may only open a pattern and '$' only close it")
    for chunk in chunks:
        gap = _GAP.match(chunk)
        if gap:
            skip = _one(Gap(int(gap[1] or 3)), shared)
            variants = [v + [skip] for v in variants]
            continue
        optional = chunk.endswith("?")
        chunk = chunk.rstrip("?")
        if chunk.startswith("(") and chunk.endswith(")"):
            options = []
            for sequence in chunk[1:-1].split("|"):
                elements = [e for part in sequence.split() for e in _word_elements(part, text, lexicon, shared)]
                if elements:
                    options.append(elements)
        else:
            elements = _word_elements(chunk, text, lexicon, shared)
            options = [elements] if elements else []
        if not options:
            raise PatternError(f"{lexicon}: {text!r}: {chunk!r} has no letters")
        if len(options) > 1 and all(len(o) == 1 for o in options):
            # "(can|could)" is one word with alternatives, not two variants of the pattern.
            options = [[_word((a for o in options for a in o[0].alternatives), shared)]]
        if optional:
            options = [[]] + options
        variants = [v + option for v in variants for option in options]
        if len(variants) > 512:
            raise PatternError(f"{lexicon}: {text!r} has too many variants; split it")
    out = []
    written = _one(" ".join(fold(text).split()), shared)  # one string for every variant
    for v in variants:
        while v and isinstance(v[0], Gap):
            v = v[1:]
        while v and isinstance(v[-1], Gap):
            v = v[:-1]
        if v:
            out.append(Pattern(written, family, language, tuple(v), opens, closes))
    if not out:
        raise PatternError(f"{lexicon}: {text!r} has no words")
    return out


def _near_stem(word: str, stem: str) -> bool:
    """A misspelt stem: "pahottelen" for "pahoittel*" (one letter dropped, added or changed)."""
    return bool(word) and word[0] == stem[0] and any(OSA.distance(word[:n], stem, score_cutoff=1) <= 1
               for n in (len(stem) - 1, len(stem), len(stem) + 1) if 0 < n <= len(word))


def is_negator(token: Token, language: str) -> bool:
    if token.folded in NEGATORS.get(language, ()):
        return True
    if language == "cs" and token.folded.startswith("ne") and len(token.folded) > 3:
        # "není" -> "být", "nemůžu" -> "moci": a verb negated by its prefix. "nebo" is not.
        return not lemma(token.lower, language).startswith("ne") or token.folded.startswith(("nemu", "nemoh"))
    return False


class LanguagePatterns:
    """The patterns of one language, indexed by what their first word can match."""

    def __init__(self, language: str, patterns: Sequence[Pattern], fuzzy: bool = True):
        self.language = language
        self.patterns = tuple(patterns)
        # Misspellings are forgiven in the phrases of courtesy ("aplogise"); in a lexicon of
        # single topic words they turn "charge" into "change" and "kertaa" into "kartong".
        self.fuzzy = fuzzy
        self._typed_forms = language in SHORT_FORMS  # whether as_typed can give a word here
        self._exact: dict[str, list[Pattern]] = {}
        self._stems: dict[str, list[Pattern]] = {}
        for pattern in self.patterns:
            first = pattern.elements[0]
            for alt in first.alternatives:
                if alt.endswith("*"):
                    self._stems.setdefault(alt[:-1], []).append(pattern)
                else:
                    self._exact.setdefault(alt, []).append(pattern)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})
        self._long_keys = [key for key in self._exact if len(key) >= _FUZZY_MIN]
        # Every long key under each of its one-letter deletions: two words one edit apart
        # (a letter dropped, added, changed or two swapped) share a deletion or one is a deletion
        # of the other, so a word's few deletions find every key near it without scoring them all.
        self._deletions: dict[str, list[str]] = {}
        for key in self._long_keys:
            for variant in {key, *_deletions(key)}:
                self._deletions.setdefault(variant, []).append(key)
        # A key near a word starts with the same letter and is at most one letter longer or shorter.
        self._long_key_shapes = frozenset((key[0], len(key)) for key in self._long_keys)
        self._matches: dict[tuple, bool] = {}
        # The same verdicts as the prefix trees' walk keeps them: {lemmas: {(id of a word's
        # alternatives, token as written): verdict}}.
        self._verdicts: dict[bool, dict[tuple[int, str], bool]] = {True: {}, False: {}}
        self._long_stems = [stem for stem in self._stems if len(stem) > _FUZZY_MIN]
        # The long stems by first letter, in the same order: a misspelt stem keeps its first letter.
        self._long_stems_by_letter: dict[str, list[str]] = {}
        for stem in self._long_stems:
            self._long_stems_by_letter.setdefault(stem[0], []).append(stem)
        self._near = lru_cache(maxsize=20_000)(self._near_uncached)
        # With and without lemmas: {word as written: the first words ("word", or "stem*") of the
        # patterns it may start, in the order their patterns are candidates}.
        self._starting: dict[bool, dict[str, tuple[str, ...]]] = {True: {}, False: {}}
        # {first word or "stem*": the tree of the patterns it starts}. One tree per first word of the
        # lexicon, whatever word of a text leads to it, so they are few, built once and warmed up
        # ahead (warm_up()); the trees once kept per set of candidates were built again at each new
        # word that led to another set (up to ~20 ms each) and took ~65 MB for the dismissive lexicon.
        self._trees: dict[str, _Node] = {}
        self._branches: dict[tuple[str, ...], _Node] = {}  # what the trees share (_Node.of)
        self._positions: dict[str, dict[Pattern, int]] = {}  # first word -> {pattern: its place among them}
        # The last turn's walks: (its tokens, lemmas, {word position: patterns reached from there}).
        self._walked: tuple = ((), False, {})

    def _near_uncached(self, word: str) -> tuple[str, ...]:
        if not self.fuzzy or len(word) < _FUZZY_MIN or not self._long_keys:
            return ()
        shapes = self._long_key_shapes
        if not any((word[0], len(word) + d) in shapes for d in (-1, 0, 1)):
            return ()
        candidates = dict.fromkeys(key for variant in (word, *_deletions(word))
                                   for key in self._deletions.get(variant, ()))
        # A different first letter is another word more often than a typo: "meidän" (our) is not
        # "teidän" (your), "minun" not "sinun". Kept in the lexicon's order, as scored before.
        near = {key for key in candidates if key != word and key[0] == word[0]
                and OSA.distance(word, key, score_cutoff=1) <= 1}
        return tuple(key for key in self._long_keys if key in near) if near else ()

    def word_matches(self, word: Word, token: Token, lemmas: bool = True) -> bool:
        """Whether a pattern's word matches a token (remembered per word and token: the patterns of
        a lexicon share their words, and the same words recur)."""
        key = (word.alternatives, token.lower, lemmas)
        found = self._matches.get(key)
        if found is None:
            if len(self._matches) >= _REMEMBERED_MATCHES:
                self._matches.clear()
            found = self._matches[key] = self._word_matches(word, token, lemmas)
        return found

    def _word_matches(self, word: Word, token: Token, lemmas: bool = True) -> bool:
        return self._alternatives_match(word.alternatives, token, lemmas)

    def _alternatives_match(self, alternatives: tuple[str, ...], token: Token, lemmas: bool) -> bool:
        # Without lemmas (a language the turn is not in), the folded word stands for its lemma, and
        # a misspelling is not forgiven: one letter away in another language is usually another
        # word (Romanian "trimis", sent, is not Malay "trimas", thanks).
        lemma_ = None if lemmas else token.folded
        may_be_typo = self.fuzzy and lemmas
        typed = as_typed(token.folded, self.language)
        for alt in alternatives:
            if alt.endswith("*"):
                stem = alt[:-1]
                if token.folded.startswith(stem) or (may_be_typo and len(stem) > _FUZZY_MIN
                                                     and _near_stem(token.folded, stem)
                                                     and not is_known(token.lower, self.language)):
                    return True
                if not self.fuzzy:
                    # A stem already covers a topic word's endings; read on its lemma, a short
                    # stem takes in other words ("put*", Romanian "stinks", and "pot" -> "putea").
                    continue
                lemma_ = lemma_ or lemma(token.lower, self.language)
                if lemma_.startswith(stem):
                    return True
                continue
            if token.folded == alt or typed == alt:
                return True
            lemma_ = lemma_ or lemma(token.lower, self.language)
            if lemma_ == alt:
                return True
            if may_be_typo and len(alt) >= _FUZZY_MIN and len(token.folded) >= _FUZZY_MIN and \
                    alt[0] == token.folded[0] and OSA.distance(token.folded, alt, score_cutoff=1) <= 1 \
                    and not is_known(token.lower, self.language):
                return True
        return False

    def may_start(self, folded: str) -> bool:
        """Whether a pattern may start at a word as written (without lemmas: the word or a stem)."""
        return folded in self._exact or as_typed(folded, self.language) in self._exact or any(
            folded[:length] in self._stems for length in self._stem_lengths if len(folded) >= length)

    def _starting_at(self, token: Token, lemmas: bool) -> tuple[Pattern, ...]:
        """The patterns whose first word matches the token, in the order of their first words."""
        return tuple(dict.fromkeys(p for first in self._firsts_at(token, lemmas) for p in self._patterns_of(first)))

    def _patterns_of(self, first: str) -> list[Pattern]:
        """The patterns a first word ("word") or stem ("stem*") starts."""
        return self._stems[first[:-1]] if first.endswith("*") else self._exact[first]

    def _firsts_at(self, token: Token, lemmas: bool) -> tuple[str, ...]:
        """The first words and stems of the patterns the token may start (remembered per word: words recur)."""
        remembered = self._starting[lemmas]
        found = remembered.get(token.lower)
        if found is None:
            if len(remembered) >= _REMEMBERED_WORDS:
                remembered.clear()
            found = remembered[token.lower] = self._firsts_uncached(token, lemmas)
        return found

    def _firsts_uncached(self, token: Token, lemmas: bool) -> tuple[str, ...]:
        # In a fixed order (the word, its lemma, its near misses in the lexicon's order), so that of
        # two patterns matching the same words, the same one is reported in every process.
        typed = as_typed(token.folded, self.language)
        exact, stems = self._exact, self._stems
        if not lemmas:  # the word as written and its stems: what the general case below gives then
            folded = token.folded
            found = [folded] if folded in exact else []
            if typed and typed in exact:
                found.append(typed)
            for length in self._stem_lengths:  # shortest first
                if length > len(folded):
                    break
                if folded[:length] in stems:
                    found.append(folded[:length] + "*")
            return tuple(dict.fromkeys(found)) if found else ()
        folded = token.folded
        lemma_ = lemma(token.lower, self.language)
        forms = (folded,) if lemma_ == folded else (folded, lemma_)
        if typed:
            forms = tuple(dict.fromkeys(forms + (typed,)))
        # A misspelling is forgiven only in the turn's own language (or English) and only for a word
        # no dictionary knows (crm.standards.language.is_known), asked only when there is a near miss.
        near: tuple[str, ...] = ()
        near_stems: list[str] = []
        if self.fuzzy:
            near = self._near(folded)
            by_letter = self._long_stems_by_letter.get(folded[:1])
            if by_letter:
                near_stems = [stem for stem in by_letter if _near_stem(folded, stem)]
            if (near or near_stems) and is_known(token.lower, self.language):
                near, near_stems = (), []
        keys = dict.fromkeys(forms + near) if near else forms
        found: list[str] = [key for key in keys if exact.get(key)]
        found.extend(stem + "*" for stem in near_stems)
        if self._stem_lengths:
            stem_forms = forms if self.fuzzy else (folded,)
            for length in self._stem_lengths:
                for form in stem_forms:
                    if len(form) >= length and form[:length] in stems:
                        found.append(form[:length] + "*")
        return tuple(dict.fromkeys(found)) if found else ()

    def _order(self, firsts: tuple[str, ...], pattern: Pattern) -> tuple[int, int]:
        """Where a pattern stands among the candidates of a word whose first words are `firsts`
        (the patterns of each first word in turn, each pattern where it first comes)."""
        for n, first in enumerate(firsts):
            positions = self._positions.get(first)
            if positions is None:
                positions = {}
                for at, candidate in enumerate(self._patterns_of(first)):
                    positions.setdefault(candidate, at)
                self._positions[first] = positions
            at = positions.get(pattern)
            if at is not None:
                return n, at
        raise KeyError(pattern)

    def _tree(self, first: str) -> "_Node":
        """The tree of the patterns a first word or stem starts (built once per lexicon). One tree
        serves with and without lemmas: a word a misspelling may match is a step of the walk,
        which without lemmas matches it as the look-up would (as written or typed, no typos)."""
        tree = self._trees.get(first)
        if tree is None:
            tree = self._trees[first] = _Node.of(self._patterns_of(first), self.fuzzy, self._branches)
        return tree

    def warm_up(self) -> None:
        """Build every tree now rather than at the first word of a contact that leads to each."""
        for first in (*self._exact, *(stem + "*" for stem in self._stems)):
            self._tree(first)
        self._branches.clear()  # every tree is built: nothing more to share

    def _walk(self, node: "_Node", tokens: Sequence[Token], at: int, used: list[int], lemmas: bool,
              reached: dict[Pattern, tuple[int, list[int]]]) -> None:
        """Follow the tree from tokens[at]; each pattern's first way through it goes into `reached`
        as {pattern: (end, word positions)} — the way a pattern followed on its own would take, since
        branches and the words a gap skips are tried in the same order (patterns sharing their first
        words are followed once instead of once each)."""
        for pattern in node.ends:
            if pattern not in reached:
                reached[pattern] = (at, list(used))
        if not node.steps and not node.index:
            return
        # The token a word of the pattern would match: none past the end or in another sentence.
        token = tokens[at] if at < len(tokens) and (not used or tokens[at].sentence == tokens[used[0]].sentence) \
            else None
        if token is not None and node.index:
            # The words matched as written or by lemma (what word_matches says of them): looked up.
            # A pattern has one way through the tree, so the order children are followed in does not
            # change the way each pattern takes.
            children = node.index.get(token.folded, ())
            typed = as_typed(token.folded, self.language) if self._typed_forms else None
            if typed:
                by_typed = node.index.get(typed)
                if by_typed:
                    children = tuple(dict.fromkeys(children + by_typed)) if children else by_typed
            if lemmas:
                lemma_ = lemma(token.lower, self.language)
                if lemma_ != token.folded:
                    by_lemma = node.index.get(lemma_)
                    if by_lemma:
                        children = tuple(dict.fromkeys(children + by_lemma)) if children else by_lemma
            for child in children:
                if child.steps or child.index:
                    used.append(at)
                    self._walk(child, tokens, at + 1, used, lemmas, reached)
                    used.pop()
                else:  # the patterns end here: what _walk would record, without the call
                    for pattern in child.ends:
                        if pattern not in reached:
                            reached[pattern] = (at + 1, [*used, at])
        if not node.steps:
            return
        verdicts = self._verdicts[lemmas]
        for most, alternatives, child in node.steps:
            if most >= 0:  # a gap
                sentence = tokens[at - 1].sentence
                for skip in range(most + 1):
                    position = at + skip
                    if position > len(tokens) or (skip and tokens[position - 1].sentence != sentence):
                        break
                    self._walk(child, tokens, position, used, lemmas, reached)
                continue
            if token is None:
                continue
            # Remembered per word of this lexicon (its alternatives, alive as long as the lexicon)
            # and token, as word_matches does, without hashing the alternatives each time.
            key = (id(alternatives), token.lower)
            matched = verdicts.get(key)
            if matched is None:
                if len(verdicts) >= _REMEMBERED_MATCHES:
                    verdicts.clear()
                matched = verdicts[key] = self._alternatives_match(alternatives, token, lemmas)
            if not matched:
                continue
            used.append(at)
            self._walk(child, tokens, at + 1, used, lemmas, reached)
            used.pop()

    def find(self, turn: Turn, negatable: frozenset[str] = frozenset(),
             wanted: Optional[set[str]] = None, skip_quoted: bool = False) -> list[Match]:
        """The longest match at each word of the turn, negated matches left out.

        Lemmas are looked up in the turn's own language and in English (which agents mix in);
        in the other languages, words are matched as written and by stem.
        """
        tokens = turn.tokens
        lemmas = self.language in (turn.language, "en")
        wanted = frozenset(wanted) if wanted is not None else None
        matches: list[Match] = []
        covered_until = -1
        starting = self._starting[lemmas]  # most words start no pattern: asked here without a call
        # The checks ask for a turn's families in turns ("sympathy", then "apology", "waiting" …):
        # every pattern at a word is followed once, and each ask keeps the families it wants (each
        # pattern's way through the tree does not depend on the others in it).
        walked = self._walked
        if walked[0] is not tokens or walked[1] != lemmas:
            walked = self._walked = (tokens, lemmas, {})
        reached_at = walked[2]
        for start, token in enumerate(tokens):
            if start < covered_until:
                continue  # inside the last match: a match starting here would not count
            firsts = starting.get(token.lower)
            if firsts is None:
                firsts = self._firsts_at(token, lemmas)
            if not firsts:
                continue
            reached = reached_at.get(start)
            if reached is None:
                # Each pattern's first way is the one it takes in any tree holding it, so the trees
                # of the token's first words are followed one after the other; a pattern in two of
                # them (its first word has two alternatives) is followed alike in both.
                reached = {}
                for first in firsts:
                    self._walk(self._tree(first), tokens, start, [], lemmas, reached)
                if len(reached) > 1:  # in the order of the candidates, as one tree of them all gave
                    reached = dict(sorted(reached.items(), key=lambda item: self._order(firsts, item[0])))
                reached_at[start] = reached  # complete: another thread on the same turn reads it whole
            best: Optional[tuple[int, Pattern]] = None
            for pattern, (end, used) in reached.items():
                if wanted is not None and pattern.family not in wanted:
                    continue
                if pattern.family in negatable and self._negated(pattern, tokens, start, end, used):
                    continue
                if skip_quoted and all(tokens[i].quoted for i in used):
                    continue
                if (pattern.opens and start and tokens[start - 1].clause == tokens[start].clause) or \
                        (pattern.closes and end < len(tokens) and tokens[end].clause == tokens[end - 1].clause):
                    continue
                if best is None or end > best[0]:
                    best = (end, pattern)
            if best is None:
                continue
            end, pattern = best
            covered_until = end
            said = " ".join(t.folded for t in tokens[start:end])
            matches.append(Match(turn.index, self.language, pattern.family, pattern.text, said, start, end))
        return matches

    def _negated(self, pattern: Pattern, tokens: Sequence[Token], start: int, end: int,
                 used: list[int]) -> bool:
        words = [e for e in pattern.elements if isinstance(e, Word)]
        for position, word in zip(used, words):
            if not word.negative and is_negator(tokens[position], self.language):
                return True
        for position in range(start, end):
            if position not in used and is_negator(tokens[position], self.language):
                return True
        clause = tokens[start].clause
        for position in range(max(0, start - _BEFORE), start):
            if tokens[position].clause == clause and is_negator(tokens[position], self.language):
                return True
        return False


_LANGUAGE_SETS: dict[frozenset[str], frozenset[str]] = {}
# Each way the checks ask a lexicon (families, negatable ones, quotes skipped, languages), numbered.
_ASKS: dict[tuple, int] = {}
_ASKS_LOCK = threading.Lock()


class PatternLexicon:
    """A lexicon of phrase patterns in every language, by family."""

    def __init__(self, name: str, data: Mapping[str, Mapping[str, Iterable[str]]], fuzzy: bool = True):
        self.name = name
        self._remembered: dict[tuple, tuple[Match, ...]] = {}
        self._plain_starts: dict[str, frozenset[str]] = {}
        self._first_words: Optional[tuple] = None
        self._written: tuple = ((), frozenset())  # the last turn's tokens, and the languages they may start
        self.families: dict[str, dict[str, tuple[str, ...]]] = {}
        self.by_language: dict[str, LanguagePatterns] = {}
        shared: dict = {}  # the lexicon's words and texts, each made once (compile_pattern)
        for language, families in data.items():
            compiled: list[Pattern] = []
            for family, entries in families.items():
                for entry in entries:
                    compiled.extend(compile_pattern(entry, family, language, name, shared))
                self.families.setdefault(language, {})[family] = tuple(
                    _one(" ".join(fold(e).split()), shared) for e in entries)
            self.by_language[language] = LanguagePatterns(language, compiled, fuzzy)

    @property
    def phrases(self) -> dict[str, tuple[str, ...]]:
        """Every pattern as written, per language."""
        return {language: tuple(p for entries in families.values() for p in entries)
                for language, families in self.families.items()}

    def warm_up(self) -> None:
        """Build what matching builds at the first sight of a word that starts a pattern: the trees."""
        for patterns in self.by_language.values():
            patterns.warm_up()

    def languages_for(self, turn: Turn) -> list[str]:
        """The turn's own language first, then the others: agents switch language mid-call, and a
        short turn's language is easily misjudged. Lemmas are looked up only in the turn's own
        language and English; the other languages match words as written and by stem."""
        first = [turn.language] if turn.language in self.by_language else []
        return first + [code for code in self.by_language if code not in first]

    def find(self, turn: Turn, families: Optional[Iterable[str]] = None,
             negatable: Iterable[str] = (), skip_quoted: bool = False,
             languages: Optional[Iterable[str]] = None) -> list[Match]:
        """The matches in a turn, in the order they occur; each stretch of words counted once.

        Matches of a `negatable` family are dropped when negated; with skip_quoted, so are matches
        entirely inside quotation marks (words reported, not said). With `languages`, only those
        languages' patterns are tried (the turn's own language first).
        """
        wanted = frozenset(families) if families is not None else None
        negatable = frozenset(negatable)
        only = frozenset(languages) if languages is not None else None
        # Agents repeat their scripted lines ("Thank you for calling …"): the matches of a turn's
        # text are remembered, without the turn's position.
        # Kept as text and numbers, and a turn without matches as the empty tuple: the garbage
        # collector stops following such entries, and most turns of a new contact match nothing.
        asked = (wanted, negatable, skip_quoted, only)
        number = _ASKS.get(asked)
        if number is None:
            with _ASKS_LOCK:  # two threads never number two ways alike
                number = _ASKS.setdefault(asked, len(_ASKS))
        key = (turn.text, turn.language, number)
        cached = self._remembered.get(key)
        if cached is None:
            cached = tuple(self._find(turn, wanted, negatable, skip_quoted, only))
            if len(self._remembered) >= _REMEMBERED_TURNS:
                self._remembered.clear()
            self._remembered[key] = cached
        index = turn.index  # the remembered matches are the turn's own when it has the same position
        return [m if m.turn == index else Match(index, m.language, m.family, m.pattern, m.said, m.start, m.end)
                for m in cached]

    def _languages_starting(self, token: Token) -> frozenset[str]:
        """The languages in which some pattern may start at the token as written (remembered)."""
        found = self._plain_starts.get(token.lower)
        if found is None:
            if len(self._plain_starts) >= _REMEMBERED_WORDS:
                self._plain_starts.clear()
            found = self._languages_starting_uncached(token.folded)
            # One object per set of languages (there are few): a set per word would be one more
            # object per word for the garbage collector to go through.
            found = self._plain_starts[token.lower] = _LANGUAGE_SETS.setdefault(found, found)
        return found

    def _languages_starting_uncached(self, folded: str) -> frozenset[str]:
        # What LanguagePatterns.may_start says in each language, asked of one index of them all:
        # {first word: languages}, {stem length: {stem: languages}}.
        if self._first_words is None:
            exact: dict[str, set[str]] = {}
            stems: dict[int, dict[str, set[str]]] = {}
            for code, patterns in self.by_language.items():
                for word in patterns._exact:
                    exact.setdefault(word, set()).add(code)
                for stem in patterns._stems:
                    stems.setdefault(len(stem), {}).setdefault(stem, set()).add(code)
            self._first_words = (exact, sorted(stems.items()))
        exact, stems = self._first_words
        found = set(exact.get(folded, ()))
        for code in SHORT_FORMS:  # "sy dh ckp" may start a Malay pattern written in full
            typed = as_typed(folded, code)
            if typed and code in exact.get(typed, ()):
                found.add(code)
        for length, by_stem in stems:
            if length > len(folded):
                break
            found.update(by_stem.get(folded[:length], ()))
        return frozenset(found)

    def _find(self, turn: Turn, wanted, negatable, skip_quoted, only=None) -> list[Match]:
        found: list[Match] = []
        taken: set[int] = set()
        # Most turns start no pattern of most other languages: one look per word says which to try
        # (once per turn: the checks ask a lexicon about a turn several times).
        tokens, as_written = self._written
        if tokens is not turn.tokens:
            tokens = turn.tokens
            as_written = frozenset().union(*map(self._languages_starting, tokens))
            self._written = (tokens, as_written)
        for language in self.languages_for(turn):
            if only is not None and language not in only:
                continue
            if language not in (turn.language, "en") and language not in as_written:
                continue
            for match in self.by_language[language].find(turn, negatable, wanted, skip_quoted):
                span = set(range(match.start, match.end))
                if span & taken:
                    continue
                taken |= span
                found.append(match)
        return sorted(found, key=lambda m: m.start)

    def __repr__(self) -> str:
        return f"<PatternLexicon {self.name}: {sum(len(p) for p in self.phrases.values())} patterns>"


def text_turn(text: str, language: Optional[str] = None) -> Turn:
    """A piece of text as a single turn, for matching outside a transcript (tests, summaries)."""
    from .language import tokens
    return Turn(1, None, None, text, language, 1.0 if language else 0.0, tokens(text))


__all__ = ["LANGUAGES", "Match", "PatternError", "PatternLexicon", "compile_pattern", "text_turn"]
