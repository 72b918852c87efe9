"""Phrase lexicons kept as data files, matched on folded text, and the agent's side of a transcript."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Iterable, Mapping, Optional

from ...text import fold

# Directories (os.pathsep-separated) whose <name>.json files extend the built-in lexicons.
PATH_VARIABLE = "CRM_LEXICON_PATH"

# Lexicons of topic words, matched as written or by lemma and stem, never as a misspelling.
EXACT_LEXICONS = frozenset({"feedback"})

AGENT = "agent"
CUSTOMER = "customer"

# Speaker labels at the start of a transcript line, in folded form, in the languages of the articles.
SPEAKER_LABELS = MappingProxyType({
    **dict.fromkeys(
        ("agent", "agentti", "ejen", "operator", "operatorka", "asiakaspalvelija"), AGENT
    ),
    **dict.fromkeys(
        ("customer", "caller", "client", "pelanggan", "zakaznik", "zakaznice", "asiakas"), CUSTOMER
    ),
})

_WORD = re.compile(r"\w+")
_PHRASE_WORD = re.compile(r"\w+\*?")
# A short stem such as "a*" would match almost any text.
_MIN_STEM = 3
# An optional timestamp ("[10:32]" or "10:32:05"), then a short label up to the first colon.
_SPEAKER = re.compile(
    r"^\s*(?:\[[^\]\n]*\]\s*|\d{1,2}:\d{2}(?::\d{2})?\s+)?(?P<label>[^\W\d_][^:\n]{0,39}?)\s*:"
)
# "Agent:", "Agent Jana:" and "Operátor (Jan Novák):" are labels; "The customer service was bad:" is not.
_MAX_LABEL_WORDS = 3


class LexiconError(ValueError):
    """A lexicon file that cannot be used; the message names the file and says why."""


def words(text: str) -> list[str]:
    """The words of text in folded form, with punctuation and spacing dropped."""
    return _WORD.findall(fold(text))


@lru_cache(maxsize=64)
def _tokens(text: str) -> tuple[str, ...]:
    # The apology, thanks and negative-language checks of one contact all read the same agent
    # lines: folding and splitting them once serves all three.
    return tuple(words(text))


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One lexicon entry as a sequence of words; a word ending in "*" is a stem."""

    text: str
    words: tuple[str, ...]

    def matches_at(self, tokens: tuple[str, ...], start: int) -> bool:
        end = start + len(self.words)
        if end > len(tokens):
            return False
        return all(
            token.startswith(word[:-1]) if word.endswith("*") else token == word
            for word, token in zip(self.words, tokens[start:end])
        )


class Lexicon:
    """The phrases of one lexicon in every language, indexed by first word so matching is one pass."""

    # Everyday words recur, so the phrases that may start at a word are remembered per word; the
    # memory is dropped when full, since the words of free text are unbounded.
    _REMEMBERED_WORDS = 20_000

    def __init__(self, name: str, phrases: Mapping[str, Iterable[str]]):
        self.name = name
        self.phrases: Mapping[str, tuple[str, ...]] = MappingProxyType({
            language: tuple(dict.fromkeys(_normalise(entry, name) for entry in entries))
            for language, entries in phrases.items()
        })
        self._exact: dict[str, list[_Phrase]] = {}
        self._stems: dict[str, list[_Phrase]] = {}
        every_entry = dict.fromkeys(text for entries in self.phrases.values() for text in entries)
        for text in every_entry:
            phrase = _Phrase(text, tuple(text.split(" ")))
            first = phrase.words[0]
            if first.endswith("*"):
                self._stems.setdefault(first[:-1], []).append(phrase)
            else:
                self._exact.setdefault(first, []).append(phrase)
        self._stem_lengths = sorted({len(stem) for stem in self._stems})
        self._starting_at: dict[str, tuple[_Phrase, ...]] = {}

    def find(self, text: str) -> tuple[str, ...]:
        """The entries that occur in text, in the order they first occur.

        Where entries match at the same word ("terima kasih" and "terima kasih banyak", or the
        same word stemmed in two languages), only the longest counts, so each is reported once.
        """
        return tuple(self.occurrences(text))

    def occurrences(self, text: str) -> dict[str, str]:
        """Like find, with the folded words each entry matched: {"rauhoittu*": "rauhoittukaa"}."""
        tokens = _tokens(text)
        found: dict[str, str] = {}
        for start, token in enumerate(tokens):
            for phrase in self._starting_with(token):
                if phrase.matches_at(tokens, start):
                    found.setdefault(phrase.text, " ".join(tokens[start:start + len(phrase.words)]))
                    break
        return found

    def _starting_with(self, token: str) -> tuple[_Phrase, ...]:
        """The entries whose first word matches token, longest first."""
        phrases = self._starting_at.get(token)
        if phrases is None:
            candidates = list(self._exact.get(token, ()))
            for length in self._stem_lengths:
                if length > len(token):
                    break
                candidates.extend(self._stems.get(token[:length], ()))
            phrases = tuple(sorted(candidates, key=lambda p: (len(p.words), len(p.text)), reverse=True))
            if len(self._starting_at) >= self._REMEMBERED_WORDS:
                self._starting_at.clear()
            self._starting_at[token] = phrases
        return phrases

    def __repr__(self) -> str:
        return f"<Lexicon {self.name}: {sum(map(len, self.phrases.values()))} phrases>"


def load_lexicon(name: str) -> Lexicon:
    """The lexicon whose files hold {language: [phrase, ...]}, e.g. "thanks"."""
    return _load_flat(name, _search_path())


def load_lexicon_groups(name: str) -> Mapping[str, Lexicon]:
    """One lexicon per group of a file holding {language: {group: [phrase, ...]}}, in file order."""
    return _load_grouped(name, _search_path())


def load_patterns(name: str):
    """The phrase patterns of a lexicon whose files hold {language: {family: [pattern, ...]}}.

    A team's file may give a plain list for a language: its patterns form the family "team".
    """
    return _load_patterns(name, _search_path())


_GROUP = re.compile(r"\([^()]*\)\??")


def ambiguous_alternation(pattern: str) -> Optional[tuple[str, str]]:
    """Two alternatives of a pattern that read as phrases but that the grammar reads as words.

    Outside parentheses `|` binds tighter than a space: it separates the alternatives of the one
    word on each side of it, so `e scris|este scris` is "e (scris|este) scris". An author who
    repeats a word on both sides of a bar meant phrases: the rule flags a pattern when, read with
    `|` outside parentheses as a separator of phrases (within one stretch between `..` gaps), two
    neighbouring alternatives each have two words or more and share a word (other than the two words
    the bar itself joins, which may be two spellings of one word: `vam|vám`) — `too much|so much`,
    `e scris în manual|scrie în manual`. Such a pattern must group its phrases:
    `(e scris în manual|scrie în manual)`. Returns the first such pair, or None.
    """
    text = _GROUP.sub(" \x00 ", fold(pattern))  # a group is one opaque element
    for stretch in re.split(r"(?:^|\s)\.\.\d?(?=\s|$)", text):
        phrases = [p.split() for p in stretch.split("|")]
        for left, right in zip(phrases, phrases[1:]):
            if len(left) < 2 or len(right) < 2:
                continue
            left, right = [w.rstrip("?") for w in left], [w.rstrip("?") for w in right]
            # The two words the bar joins may be spellings of one word ("vam|vám"): not a repeat.
            shared = (set(left) & set(right[1:]) | set(left[:-1]) & set(right)) - {"\x00"}
            if shared:
                return " ".join(left), " ".join(right)
    return None


# A gap is ".." or ".." and one digit (docs/standards.md); "..10" would be read as the word "10".
_GAP_WRITTEN = re.compile(r"\.\.\d?")


def written_problem(pattern: str) -> Optional[str]:
    """Why a pattern does not say what it looks like, or None: a gap written otherwise than `..` or
    `..N` with one digit (`..10` is read as the word "10"), or a bare list (`a|b` outside
    parentheses) one of whose alternatives is not one word as the text is split: `can't|cannot`
    keeps only "can" of "can't", `l-am|am` only "l", `a||b` has an empty one, and in `a?|b` the `?`
    is dropped. Such a list must be a group: `(can t|cannot)`."""
    chunks, depth, current = [], 0, ""
    for ch in fold(pattern) + " ":
        depth += (ch == "(") - (ch == ")")
        if ch.isspace() and depth <= 0:
            if current:
                chunks.append(current)
            current = ""
        else:
            current += ch
    for chunk in chunks:
        if ".." in chunk and not _GAP_WRITTEN.fullmatch(chunk):
            return (f"{chunk!r} is no gap (a gap is '..' or '..' and one digit, up to '..9'), "
                    f"and would be read as a word")
        if chunk.startswith("(") or "|" not in chunk:
            continue
        for alternative in chunk.removesuffix("?").split("|"):
            if len(_PHRASE_WORD.findall(alternative)) != 1 or "?" in alternative:
                spelt = " ".join(_PHRASE_WORD.findall(alternative)) or "…"
                return (f"the bare list {chunk!r} has the alternative {alternative!r}, which is not one "
                        f"word as the text is split, so it does not match as written; write the list "
                        f"as a group of word sequences, e.g. ({spelt}|…)")
    return None


# The reserved key, beside a language's families, holding its slots: {"slots": {"LITTLE": [...]}}.
SLOTS = "slots"
# The file of slots every lexicon reads beneath its own, {language: {"MY_JOB": [...]}}: a slot two
# lexicons use (the agent's own job, in thanks.json's sarcastic thanks and negative.json's sarcasm)
# is kept once, so a fix is made once. A lexicon's own slot of the same name adds its members.
SHARED_SLOTS = "slots"
_SLOT = re.compile(r"\{(\w+)\}")
# What a slot's member may not hold: it is spliced into a group, and groups do not nest.
_NOT_IN_MEMBER = re.compile(r"[|(){}?]|\.\.")


def slot_problem(pattern: str, slots: Optional[Iterable[str]] = None) -> Optional[str]:
    """Why a pattern's `{NAME}` cannot be expanded, or None: a slot must stand alone between spaces
    (`{NAME}` or `{NAME}?`), outside any group (groups do not nest), and, when the language's slot
    names are given, name one of them."""
    text = fold(pattern)
    known = None if slots is None else {fold(s) for s in slots}
    for found in _SLOT.finditer(text):
        before = text[:found.start()]
        if before.count("(") > before.count(")"):
            return f"{{{found[1]}}} is inside a group; groups do not nest, so write it outside one"
        after = text[found.end():].removeprefix("?")
        if (before and not before[-1].isspace()) or (after and not after[0].isspace()):
            return f"{{{found[1]}}} is joined to other words; a slot stands alone, as {{NAME}} or {{NAME}}?"
        if known is not None and found[1] not in known:
            return f"{{{found[1]}}} is no slot of this language (known: {', '.join(sorted(known)) or 'none'})"
    if re.search(r"[{}]", _SLOT.sub("", text)):
        return "a brace that is no {NAME} slot"
    return None


def lint_patterns(data: Mapping[str, Any], source: str,
                  slots: Optional[Mapping[str, Iterable[str]]] = None) -> list[str]:
    """Every pattern of a {language: {family: [pattern, ...]}} lexicon whose alternation is
    ambiguous (see ambiguous_alternation), whose gap or bare list is written wrongly (see
    written_problem) or whose slot cannot be expanded (see slot_problem; an
    unknown name only when `slots`, the names per language, is given), as
    "source: language.family: 'pattern' ..." lines."""
    found = []
    for language, families in data.items():
        if isinstance(families, list):
            families = {"team": families}
        if not isinstance(families, dict):
            continue
        for family, entries in families.items():
            if family == SLOTS:
                continue
            for entry in entries if isinstance(entries, list) else ():
                if not isinstance(entry, str):
                    continue
                problem = slot_problem(entry, None if slots is None else slots.get(language, ()))
                if problem:
                    found.append(f"{source}: {language}.{family}: {entry!r}: {problem}")
                problem = written_problem(entry)
                if problem:
                    found.append(f"{source}: {language}.{family}: {entry!r}: {problem}")
                pair = ambiguous_alternation(entry)
                if pair:
                    found.append(f"{source}: {language}.{family}: {entry!r} reads {pair[0]!r}|{pair[1]!r} "
                                 f"as alternatives of single words and never matches those phrases; "
                                 f"group them: ({pair[0]}|{pair[1]} …)")
    return found


def _lint_files(name: str, search_path: tuple[str, ...], slots: Mapping[str, Iterable[str]]) -> None:
    """Refuse a lexicon file (built-in or a team's) holding an ambiguous alternation or a slot
    that cannot be expanded (`slots`: the slot names of each language, every file's merged)."""
    files = [resources.files(__package__).joinpath("lexicons", f"{name}.json")]
    files += [Path(folder) / f"{name}.json" for folder in search_path]
    for file in files:
        if not file.is_file():
            continue
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except ValueError:
            continue  # _read_merged says what is wrong with it
        if isinstance(data, dict):
            problems = lint_patterns(data, str(file), slots)
            if problems:
                raise LexiconError("pattern refused — " + "; ".join(problems))


def _slot_groups(name: str, language: str, slots: Any) -> dict[str, str]:
    """A language's slots as the group each expands to: {"little": "(nothing|not much|...)"}."""
    if not isinstance(slots, dict):
        raise LexiconError(f"{name}: {language}.{SLOTS} must map slot names to lists of words or phrases")
    groups = {}
    for slot, members in slots.items():
        if not re.fullmatch(r"\w+", slot) or not isinstance(members, list) or not members:
            raise LexiconError(f"{name}: {language}.{SLOTS}.{slot} must be a name of letters holding a "
                               f"non-empty list of words or phrases")
        for member in members:
            if not isinstance(member, str) or _NOT_IN_MEMBER.search(member) or not _WORD.search(member):
                raise LexiconError(f"{name}: {language}.{SLOTS}.{slot}: {member!r} must be plain words "
                                   f"(a stem* allowed; no |, (), ?, .. or another slot)")
        groups[fold(slot)] = "(" + "|".join(" ".join(fold(m).split()) for m in dict.fromkeys(members)) + ")"
    return groups


def _expand(pattern: str, groups: Mapping[str, str]) -> str:
    """The pattern with each {NAME} replaced by its slot's group (lint_patterns has vetted them)."""
    if not isinstance(pattern, str) or "{" not in pattern:
        return pattern
    return _SLOT.sub(lambda found: groups[found[1]], fold(pattern))


@cache
def _load_patterns(name: str, search_path: tuple[str, ...]):
    from ..patterns import PatternError, PatternLexicon
    data = _read_merged(name, search_path, flat_family="team")
    shared = _read_merged(SHARED_SLOTS, search_path)
    slots = {}
    for language, families in data.items():
        if not isinstance(families, dict):
            raise LexiconError(f"{name}: the entries for {language!r} must map families to patterns")
        own = families.pop(SLOTS, {})
        if not isinstance(own, dict):
            raise LexiconError(f"{name}: {language}.{SLOTS} must map slot names to lists of words or phrases")
        if not isinstance(shared.get(language, {}), dict):
            raise LexiconError(f"{SHARED_SLOTS}.json: the slots of {language!r} must map slot names to lists "
                               f"of words or phrases")
        merged = dict(shared.get(language, {}))
        for slot, members in own.items():
            merged[slot] = merged.get(slot, []) + members if isinstance(members, list) else members
        slots[language] = _slot_groups(name, language, merged)
        for family, entries in families.items():
            if not isinstance(entries, list):
                raise LexiconError(f"{name}: {language}.{family} must be a list of patterns")
    _lint_files(name, search_path, slots)
    # Slots are expanded here, once per process: matching sees only the grammar's plain groups.
    data = {language: {family: [_expand(entry, slots[language]) for entry in entries]
                       for family, entries in families.items()}
            for language, families in data.items()}
    try:
        return PatternLexicon(name, data, fuzzy=name not in EXACT_LEXICONS)
    except PatternError as exc:
        raise LexiconError(str(exc)) from None


def speaker_turns(transcript: str) -> list[tuple[Optional[str], str]]:
    """Each non-blank line as (speaker, text without its label); speaker is AGENT, CUSTOMER or None.

    A line without a label continues the turn above it, so a turn may span several lines.
    """
    turns: list[tuple[Optional[str], str]] = []
    speaker: Optional[str] = None
    for line in transcript.splitlines():
        match = _SPEAKER.match(line)
        if match:
            label = words(match["label"])
            if len(label) <= _MAX_LABEL_WORDS and label[0] in SPEAKER_LABELS:
                speaker = SPEAKER_LABELS[label[0]]
                line = line[match.end():]
        line = line.strip()
        if line:
            turns.append((speaker, line))
    return turns


@lru_cache(maxsize=64)
def agent_lines(transcript: str) -> tuple[str, ...]:
    """What the agent said: their labelled lines, or every line when nobody is labelled."""
    # Cached because the hold and courtesy checks of one contact each ask for the same transcript.
    turns = speaker_turns(transcript)
    if all(speaker is None for speaker, _ in turns):
        return tuple(line for _, line in turns)
    return tuple(line for speaker, line in turns if speaker == AGENT)


def _normalise(entry: Any, lexicon: str) -> str:
    """An entry as folded words separated by single spaces; "Calmați-vă!" -> "calmati va"."""
    if not isinstance(entry, str):
        raise LexiconError(f"{lexicon}: {entry!r} is not text")
    folded = fold(entry)
    if re.search(r"\*\w|(?<!\w)\*", folded):
        raise LexiconError(f"{lexicon}: {entry!r}: '*' may only end a word, as in 'dekuj*'")
    phrase_words = _PHRASE_WORD.findall(folded)
    if not phrase_words:
        raise LexiconError(f"{lexicon}: {entry!r} has no words")
    for word in phrase_words:
        if word.endswith("*") and len(word) - 1 < _MIN_STEM:
            raise LexiconError(f"{lexicon}: {entry!r}: a stem needs at least {_MIN_STEM} letters")
    return " ".join(phrase_words)


def _search_path() -> tuple[str, ...]:
    # Read on every call (it is cheap) so the cache below is keyed by the path in force.
    return tuple(part for part in os.environ.get(PATH_VARIABLE, "").split(os.pathsep) if part)


@cache
def _load_flat(name: str, search_path: tuple[str, ...]) -> Lexicon:
    data = _read_merged(name, search_path)
    for language, entries in data.items():
        if not isinstance(entries, list):
            raise LexiconError(f"{name}: the entries for {language!r} must be a list of phrases")
    return Lexicon(name, data)


@cache
def _load_grouped(name: str, search_path: tuple[str, ...]) -> Mapping[str, Lexicon]:
    data = _read_merged(name, search_path)
    by_group: dict[str, dict[str, list]] = {}
    for language, groups in data.items():
        if not isinstance(groups, dict):
            raise LexiconError(f"{name}: the entries for {language!r} must map groups to phrases")
        for group, entries in groups.items():
            if not isinstance(entries, list):
                raise LexiconError(f"{name}: {language}.{group} must be a list of phrases")
            by_group.setdefault(group, {})[language] = entries
    return MappingProxyType(
        {group: Lexicon(f"{name}.{group}", phrases) for group, phrases in by_group.items()}
    )


def _read_merged(name: str, search_path: tuple[str, ...], flat_family: Optional[str] = None) -> dict:
    """The built-in file merged with every same-named file on the search path, in path order.

    With flat_family, a team's plain list for a language is read as that family's patterns.
    """
    builtin = resources.files(__package__).joinpath("lexicons", f"{name}.json")
    merged = _read(builtin.read_text(encoding="utf-8"), f"built-in {name}.json")
    for directory in search_path:
        path = Path(directory) / f"{name}.json"
        if path.is_file():
            extra = _read(path.read_text(encoding="utf-8"), str(path))
            if flat_family:
                extra = {language: {flat_family: entries} if isinstance(entries, list) else entries
                         for language, entries in extra.items()}
            merged = _merge(merged, extra, str(path))
    return merged


def _read(content: str, where: str) -> dict:
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise LexiconError(f"{where} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise LexiconError(f"{where} must hold an object keyed by language code")
    return data


def _merge(base: Any, extra: Any, where: str) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        merged = dict(base)
        for key, value in extra.items():
            merged[key] = _merge(base[key], value, f"{where}: {key}") if key in base else value
        return merged
    if isinstance(base, list) and isinstance(extra, list):
        return base + [entry for entry in extra if entry not in base]
    raise LexiconError(f"{where} is shaped differently from the built-in lexicon")
