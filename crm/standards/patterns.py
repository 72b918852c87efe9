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
from dataclasses import dataclass
from functools import lru_cache
from itertools import product
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


@dataclass(frozen=True, slots=True)
class Pattern:
    """One variant of a phrase: its words and gaps with each optional part left out or in, and
    each group's alternative chosen (Phrase.variants; made only when asked, never kept)."""

    text: str  # as written in the lexicon, folded
    family: str
    language: str
    elements: tuple  # Word | Gap
    opens: bool = False  # "^": the match starts a clause
    closes: bool = False  # "$": the match ends a clause


@dataclass(frozen=True, slots=True, eq=False)
class Phrase:
    """A pattern as written, compiled without multiplying out its optional parts and groups.

    `chunks` holds, in order, a Gap or the options of one chunk of the text: a tuple of word
    sequences (each a tuple of Words), the empty sequence first when the chunk may be left out.
    Its variants are every choice of one option per chunk, in the order of itertools.product
    (the first chunk's choice varies slowest), leading and trailing gaps dropped: the order, and
    the variants, that the lexicon multiplied out before held. Memory goes with the text: the
    dismissive lexicon's 2,502 patterns were 27,648 variants, each a Pattern and a path of nodes
    of a prefix tree, in every worker.
    """

    text: str  # as written in the lexicon, folded
    family: str
    language: str
    chunks: tuple  # Gap | tuple[tuple[Word, ...], ...]
    opens: bool = False  # "^": the match starts a clause
    closes: bool = False  # "$": the match ends a clause

    def variants(self) -> list[Pattern]:
        """The variants in their order (for tests and tools; matching follows the chunks)."""
        out = []
        for choice in product(*((((chunk,),) if chunk.__class__ is Gap else chunk) for chunk in self.chunks)):
            v = [e for option in choice for e in option]
            while v and isinstance(v[0], Gap):
                v = v[1:]
            while v and isinstance(v[-1], Gap):
                v = v[:-1]
            if v:
                out.append(Pattern(self.text, self.family, self.language, tuple(v), self.opens, self.closes))
        return out

    def first_words(self) -> list[Word]:
        """The first words of the variants, each once, in the order of the variants it first starts."""
        found: dict[Word, None] = {}

        def collect(at: int) -> None:
            for i in range(at, len(self.chunks)):
                chunk = self.chunks[i]
                if chunk.__class__ is Gap:
                    continue
                for option in chunk:
                    if option:
                        found.setdefault(option[0], None)
                    else:
                        collect(i + 1)
                return

        collect(0)
        return list(found)


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


@lru_cache(maxsize=None)
def _is_step(alternatives: tuple[str, ...], typos: bool) -> bool:
    """Whether the walk tries a word one by one (a stem, or a long word a misspelling may match)
    rather than looking it up."""
    return any(alt.endswith("*") or (typos and len(alt) >= _FUZZY_MIN) for alt in alternatives)


class _Branch:
    """A prefix tree of phrases by their chunks (Phrase.chunks): the phrases whose chunks all lie on
    the way here, and the next chunks, each option with the tree of the phrases that go on with it.
    An option's first word is looked up when it is matched only as written or by its lemma (`index`:
    {alternative: ((tree, word, the option's other words, add, times), …)}), or else tried one by
    one (`steps`: stems, words a misspelling may match); a gap is a way on to its tree (`gaps`). Nodes
    go with the phrases' chunks, not with their variants: an optional part is two ways on, not two
    copies of what follows. An option left out is no way of its own: what its tree holds is held
    here too (its ends, gaps, index and steps), so a node's next words are looked up at once.

    A variant's number (its place among the phrase's variants) is worked out on the way: at each
    chunk, the number so far times the chunk's options plus the option's place; `times` and `add`
    say what each way does to it (over the options left out on the way there, choice 0 each)."""

    __slots__ = ("ends", "gaps", "index", "steps")

    def __init__(self, ends: list, ways: dict, typos: bool, made: dict):
        """`ways`: {chunk: ([(phrase, its depth below), …], the choices of it to follow)}: every
        option of a chunk goes on to the same tree."""
        ends = [(phrase, 1) for phrase in ends]  # (phrase, times): its number is the number so far times that
        index: dict[str, list] = {}
        steps, gaps = [], []
        for chunk, (group, choices) in ways.items():
            child = _Branch.of(group, typos, made)
            if chunk.__class__ is Gap:
                gaps.append((chunk.most, child, 1))
                continue
            for choice in choices:
                option = chunk[choice]
                if option:
                    way = (child, option[0], option[1:], choice, len(chunk))
                    if _is_step(option[0].alternatives, typos):
                        steps.append(way)
                    else:
                        for alt in option[0].alternatives:
                            index.setdefault(alt, []).append(way)
                    continue
                # The option left out (a chunk's first, 0): the child's ways are this node's too.
                times = len(chunk)
                ends.extend((phrase, times * by) for phrase, by in child.ends)
                gaps.extend((most, below, times * by) for most, below, by in child.gaps)
                steps.extend((below, word, rest, add, times * by) for below, word, rest, add, by in child.steps)
                for alt, found in child.index.items():
                    index.setdefault(alt, []).extend(
                        (below, word, rest, add, times * by) for below, word, rest, add, by in found)
        self.ends = tuple(ends)
        self.index = {alt: tuple(found) for alt, found in index.items()} if index else _NO_INDEX
        self.steps, self.gaps = tuple(steps), tuple(gaps)

    @classmethod
    def of(cls, phrases: list[tuple[Phrase, int]], typos: bool, made: dict) -> "_Branch":
        """The tree of the phrases from a chunk on: [(phrase, the chunk's place), …]. `made` holds the
        trees made for the lexicon so far: a phrase whose first word has alternatives ("can|could")
        is in the tree of each, and below it the same phrases go on alike: that tree is made once."""
        key = tuple(phrases)
        tree = made.get(key)
        if tree is None:
            tree = made[key] = cls._of(phrases, typos, made)
        return tree

    @classmethod
    def _of(cls, phrases: list[tuple[Phrase, int]], typos: bool, made: dict) -> "_Branch":
        ends, ways = [], {}
        for phrase, depth in phrases:
            if len(phrase.chunks) == depth:
                ends.append(phrase)
                continue
            chunk = phrase.chunks[depth]
            way = ways.get(chunk)
            if way is None:
                way = ways[chunk] = ([], () if chunk.__class__ is Gap else range(len(chunk)))
            way[0].append((phrase, depth + 1))
        return cls(ends, ways, typos, made)

    @classmethod
    def starting(cls, first: str, phrases: Iterable[Phrase], typos: bool, made: dict) -> "_Branch":
        """The root of the tree of the phrases a first word or stem starts: the ways each phrase may
        begin with a word having that alternative (its leading gaps and optional parts left out,
        then an option of the next chunk), each with the tree of what follows."""
        ways: dict[tuple, tuple[list, list]] = {}
        for phrase in phrases:
            for at, chunk in enumerate(phrase.chunks):
                if chunk.__class__ is Gap:
                    continue  # a leading gap is no part of a variant
                choices = [choice for choice, option in enumerate(chunk) if option and first in option[0].alternatives]
                if choices:
                    # The chunks before were left out: the variant's number so far is 0.
                    way = ways.setdefault(chunk, ([], choices))
                    way[0].append((phrase, at + 1))
                if chunk[0]:
                    break  # this chunk cannot be left out: no variant begins further on
        return cls([], ways, typos, made)


_NO_INDEX: dict = {}  # a node's index when it has none (never written to)


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


def compile_phrase(text: object, family: str, language: str, lexicon: str,
                   shared: Optional[dict] = None) -> Phrase:
    """A pattern as written, its optional parts and groups kept as chunks (Phrase), not multiplied out.

    "(too much|lots of) plastic" is a group of alternative word sequences; "(very)?" may be left out.
    With `shared` (a dict kept while a lexicon is compiled), equal words, chunks and texts are made once.
    """
    if not isinstance(text, str):
        raise PatternError(f"{lexicon}: {text!r} is not text")
    count = 1  # the variants so far
    compiled: list = []
    chunks = _chunks(fold(text))
    opens = bool(chunks) and chunks[0] == "^"
    closes = len(chunks) > opens and chunks[-1] == "$"
    chunks = chunks[int(opens):len(chunks) - int(closes)]
    if "^" in chunks or "$" in chunks:
        raise PatternError(f"{lexicon}: {text!r}: '^' may only open a pattern and '$' only close it")
    for chunk in chunks:
        gap = _GAP.match(chunk)
        if gap:
            compiled.append(_one(Gap(int(gap[1] or 3)), shared))
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
        compiled.append(_one(tuple(_one(tuple(option), shared) for option in options), shared))
        count *= len(options)
        if count > 512:
            raise PatternError(f"{lexicon}: {text!r} has too many variants; split it")
    if all(chunk.__class__ is Gap for chunk in compiled):
        raise PatternError(f"{lexicon}: {text!r} has no words")
    written = _one(" ".join(fold(text).split()), shared)
    return Phrase(written, family, language, tuple(compiled), opens, closes)


def compile_pattern(text: object, family: str, language: str, lexicon: str,
                    shared: Optional[dict] = None) -> list[Pattern]:
    """A pattern as written, expanded into its variants without and with each optional part."""
    return compile_phrase(text, family, language, lexicon, shared).variants()


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

    def __init__(self, language: str, patterns: Sequence[Phrase], fuzzy: bool = True):
        self.language = language
        self.patterns = tuple(patterns)
        self._place = {phrase: at for at, phrase in enumerate(self.patterns)}
        # Misspellings are forgiven in the phrases of courtesy ("aplogise"); in a lexicon of
        # single topic words they turn "charge" into "change" and "kertaa" into "kartong".
        self.fuzzy = fuzzy
        self._typed_forms = language in SHORT_FORMS  # whether as_typed can give a word here
        # {a first word of some variant, or a stem without its "*": the phrases with such variants}.
        # Filled in the order the variants were once listed in, so the keys come in the same order.
        self._exact: dict[str, list[Phrase]] = {}
        self._stems: dict[str, list[Phrase]] = {}
        for pattern in self.patterns:
            for first in pattern.first_words():
                for alt in first.alternatives:
                    if alt.endswith("*"):
                        listed = self._stems.setdefault(alt[:-1], [])
                    else:
                        listed = self._exact.setdefault(alt, [])
                    if not listed or listed[-1] is not pattern:
                        listed.append(pattern)
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
        # The same verdicts as _follow keeps them: {lemmas: {(id of a word's alternatives, token as
        # written): verdict}}.
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
        self._trees: dict[str, _Branch] = {}
        self._made: dict[tuple, _Branch] = {}  # the trees below the first words (_Branch.of), until warm_up()  # {first word or "stem*": the tree of the phrases it starts}
        # The last turn's walks: (its tokens, lemmas, {word position: variants reached from there}).
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
        """The variants that a word of the token's may start, in the order of their first words
        (made for the asking: tests follow each on its own to check the walk)."""
        return tuple(dict.fromkeys(v for first in self._firsts_at(token, lemmas) for p in self._patterns_of(first)
                                   for v in p.variants() if first in v.elements[0].alternatives))

    def _patterns_of(self, first: str) -> list[Phrase]:
        """The phrases with a variant a first word ("word") or stem ("stem*") starts."""
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

    def _tree(self, first: str) -> _Branch:
        """The tree of the phrases a first word or stem starts (built once, at warm_up() in a server's
        master). One tree serves with and without lemmas: a word a misspelling may match is a step,
        which without lemmas is matched as the look-up would (as written or typed, no typos)."""
        tree = self._trees.get(first)
        if tree is None:
            tree = self._trees[first] = _Branch.starting(first, self._patterns_of(first), self.fuzzy, self._made)
        return tree

    def warm_up(self) -> None:
        """Build every tree now rather than at the first word of a contact that leads to each."""
        for first in (*self._exact, *(stem + "*" for stem in self._stems)):
            self._tree(first)
        self._made.clear()  # every tree is made: nothing more to share

    def _follow(self, trees: Iterable[_Branch], tokens: Sequence[Token], start: int, firsts: dict[str, int],
                lemmas: bool, reached: list) -> None:
        """Each variant of the trees' phrases that matches from tokens[start], whose first word is one
        of `firsts` ({first word or "stem*": its place among the token's}), with its first way: onto
        `reached` as (place of its first word, place of the phrase, the variant's number, the phrase,
        end, word positions, its words). Chunks are followed depth first, each option in its order and
        a gap skipping 0, 1, … words, so a variant's first way is the one it takes followed on its own
        (Phrase.variants; its number is its place among them), and variants sharing a beginning
        share its work."""
        verdicts = self._verdicts[lemmas]
        language, typed_forms, places = self.language, self._typed_forms, self._place
        sentence = tokens[start].sentence
        count = len(tokens)
        used: list[int] = []
        words: list[Word] = []
        first_place = [0]
        seen: set[tuple[Phrase, int]] = set()  # a variant in two trees (its first word has two alternatives)

        def positions(at: int, gaps: tuple):
            """Where the next word may be after the gaps, each way in turn (skips 0, 1, …, first gap first)."""
            if not gaps:
                yield at
                return
            before = tokens[at - 1].sentence
            for skip in range(gaps[0] + 1):
                position = at + skip
                if position > count or (skip and tokens[position - 1].sentence != before):
                    break
                yield from positions(position, gaps[1:])

        def matches(word: Word, token: Token) -> bool:
            # Remembered per word of this lexicon (its alternatives, alive as long as the lexicon)
            # and token, as word_matches does, without hashing the alternatives each time.
            key = (id(word.alternatives), token.lower)
            matched = verdicts.get(key)
            if matched is None:
                if len(verdicts) >= _REMEMBERED_MATCHES:
                    verdicts.clear()
                matched = verdicts[key] = self._alternatives_match(word.alternatives, token, lemmas)
            return matched

        def node(branch: _Branch, at: int, number: int, gaps: tuple) -> None:
            if used:  # a variant without words is none
                for phrase, times in branch.ends:
                    variant = (phrase, number * times)
                    if variant not in seen:  # trailing gaps are no part of a variant
                        seen.add(variant)
                        reached.append((first_place[0], places[phrase], variant[1], phrase, at, list(used),
                                        tuple(words)))
            for most, child, times in branch.gaps:
                node(child, at, number * times, gaps + (most,) if used else gaps)  # leading ones are not
            index, steps = branch.index, branch.steps
            if not index and not steps:
                return
            for position in (positions(at, gaps) if gaps else (at,)):
                if position >= count or tokens[position].sentence != sentence:
                    continue
                token = tokens[position]
                ways = ()
                if index:
                    ways = index.get(token.folded, ())
                    typed = as_typed(token.folded, language) if typed_forms else None
                    if typed:
                        by_typed = index.get(typed)
                        if by_typed:
                            ways = tuple(dict.fromkeys(ways + by_typed)) if ways else by_typed
                    if lemmas:
                        lemma_ = lemma(token.lower, language)
                        if lemma_ != token.folded:
                            by_lemma = index.get(lemma_)
                            if by_lemma:
                                ways = tuple(dict.fromkeys(ways + by_lemma)) if ways else by_lemma
                if steps:
                    lower = token.lower
                    matched = []
                    for way in steps:
                        alternatives = way[1].alternatives
                        verdict = verdicts.get((id(alternatives), lower))
                        if verdict is None:
                            verdict = matches(way[1], token)
                        if verdict:
                            matched.append(way)
                    if matched:
                        ways = ways + tuple(matched) if ways else matched
                for child, word, rest, add, times in ways:
                    if not used:  # the first word (one the tree's first word is of): its place among the token's
                        first_place[0] = min(firsts[alt] for alt in word.alternatives if alt in firsts)
                    used.append(position)
                    words.append(word)
                    if rest:
                        word_at(rest, 0, child, position + 1, number * times + add)
                    else:
                        node(child, position + 1, number * times + add, ())
                    used.pop()
                    words.pop()

        def word_at(option: tuple, k: int, child: _Branch, at: int, number: int) -> None:
            if at >= count or tokens[at].sentence != sentence:
                return
            verdict = verdicts.get((id(option[k].alternatives), tokens[at].lower))
            if not (matches(option[k], tokens[at]) if verdict is None else verdict):
                return
            used.append(at)
            words.append(option[k])
            if k + 1 < len(option):
                word_at(option, k + 1, child, at + 1, number)
            else:
                node(child, at + 1, number, ())
            used.pop()
            words.pop()

        try:
            for tree in trees:
                node(tree, start, 0, ())
        finally:
            # node and word_at call each other through this call's cells: a reference cycle that
            # only the garbage collector would free, making it run (full passes too) ~4 times as much.
            node = word_at = positions = None  # noqa: F841

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
        # variant's way does not depend on the others).
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
                # Every variant a first word of the token starts, each with its first way, in the
                # order of the candidates: by first word, then as the lexicon lists them.
                places = {first: at for at, first in reversed(tuple(enumerate(firsts)))}
                found: list = []
                self._follow([self._tree(first) for first in firsts], tokens, start, places, lemmas, found)
                found.sort(key=lambda way: way[:3])
                reached = tuple(way[3:] for way in found)
                reached_at[start] = reached  # complete: another thread on the same turn reads it whole
            best: Optional[tuple[int, Phrase]] = None
            for pattern, end, used, words in reached:
                if wanted is not None and pattern.family not in wanted:
                    continue
                if pattern.family in negatable and self._negated_words(words, tokens, start, end, used):
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
        return self._negated_words([e for e in pattern.elements if isinstance(e, Word)], tokens, start, end, used)

    def _negated_words(self, words: Sequence[Word], tokens: Sequence[Token], start: int, end: int,
                       used: list[int]) -> bool:
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
            compiled: list[Phrase] = []
            for family, entries in families.items():
                for entry in entries:
                    compiled.append(compile_phrase(entry, family, language, name, shared))
                self.families.setdefault(language, {})[family] = tuple(
                    _one(" ".join(fold(e).split()), shared) for e in entries)
            self.by_language[language] = LanguagePatterns(language, compiled, fuzzy)

    @property
    def phrases(self) -> dict[str, tuple[str, ...]]:
        """Every pattern as written, per language."""
        return {language: tuple(p for entries in families.values() for p in entries)
                for language, families in self.families.items()}

    def warm_up(self) -> None:
        """Build what matching builds at the first sight of a word that starts a pattern: the trees,
        and the index of every language's first words (in a server's master before it forks)."""
        for patterns in self.by_language.values():
            patterns.warm_up()
        self._first_word_index()

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
        # What LanguagePatterns.may_start says in each language, asked of one index of them all.
        exact, stems = self._first_word_index()
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

    def _first_word_index(self) -> tuple:
        """{first word: languages}, [(stem length, {stem: languages}), …] (made once)."""
        if self._first_words is None:
            exact: dict[str, set[str]] = {}
            stems: dict[int, dict[str, set[str]]] = {}
            for code, patterns in self.by_language.items():
                for word in patterns._exact:
                    exact.setdefault(word, set()).add(code)
                for stem in patterns._stems:
                    stems.setdefault(len(stem), {}).setdefault(stem, set()).add(code)
            self._first_words = (exact, sorted(stems.items()))
        return self._first_words

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
