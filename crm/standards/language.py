"""One analysis of a transcript that every language check reads: turns, languages, tokens, lemmas.

A transcript is split into speaker turns (agent / customer) from the labels people really write;
the language of each turn is detected from its text (lingua, restricted to the five languages of
the articles; the contact's declared language only breaks a near tie); each turn becomes
case- and diacritic-folded tokens whose lemmas (simplemma) are looked up once per word and language.
The detector and the lemma dictionaries are built once per process, lazily and thread-safely.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import NamedTuple, Optional

from ..text import fold

log = logging.getLogger(__name__)

LANGUAGES = ("en", "ms", "cs", "fi", "ro")
LANGUAGE_NAMES = {"en": "English", "ms": "Malay", "cs": "Czech", "fi": "Finnish", "ro": "Romanian"}

AGENT = "agent"
CUSTOMER = "customer"
EVENT = "event"  # a bracketed note in the transcript: "[hold 2:00]"

# Role words of speaker labels, folded. A label is the agent's when any of its words is an agent
# word ("Customer Service:", "Khidmat Pelanggan:" are the agent), else the customer's when any is a
# customer word.
AGENT_WORDS = frozenset("""
    agent agentti ejen operator operatorka operatore operatoare operatorul asiakaspalvelija
    asiakasneuvoja asiakaspalvelu neuvoja palvelija myyja tuki tukihenkilo advisor adviser csr rep
    representative consultant consultanta consultantul konzultant konzultantka poradce poradkyne
    pegawai kakitangan wakil petugas khidmat layanan staff support service servis podpora linka
    helpdesk specialist specialista specialistka asistent asistentka asistenta consilier consiliera
    consilierul reprezentant reprezentanta pracovnik pracovnice sluzba care team tim officer ajen
    operatori asistentti operaattori konsultti virkailija tyontekija agentka prodejce prodavac
    prodavacka bankerka banker executive exec perunding penasihat staf konsultan suport dispecer
    dispecera dispecerul dispecerka a op asp cs
    admin pentadbir kerani pembantu jurujual juruteknik penyelia pengurus eksekutif cso juruwang teller
    kaunter sokongan agen penyambut juruperunding jurucakap
    palv aspa technik technicka technician tech gm
    assistant associate receptionist dispatcher clerk adjuster handler coordinator cashier moderator
    likvidator likvidatorka referent referentka recepcni asiantuntija edustaja casier casiera
    functionar functionara
    recepce recepcia reception recepcni receptie receptia receptioner vastaanotto infolinka dispecink
    agentul agentei operatoarea reprezentantul asiakastuki asiakaspalvelun moderaattori moderator
""".split())
# Finnish job titles are compounds: "Vakuutusneuvoja", "Vahinkokäsittelijä", "Asiakkuusneuvoja".
AGENT_SUFFIXES = ("neuvoja", "kasittelija", "palvelija", "virkailija", "myyja", "konsultti")
CUSTOMER_WORDS = frozenset("""
    customer caller client clientul clienta clientei klient klientka zakaznik zakaznice zakaznicka
    volajici asiakas soittaja pelanggan pemanggil apelant apelantul apelanta user uzivatel
    uzivatelka kayttaja utilizator utilizatorul pengguna cust cx c z k kl cl as cestujici matkustaja
    asukas pengadu ahli asigurat asiguratul asigurata abonat abonatul abonata pasager pasagerul
    pasagera pembeli penumpang pesakit pemohon tetamu penyewa pemegang pelajar plg penelepon
    visitor guest buyer shopper consumer member tenant patient subscriber policyholder passenger
    navstevnik navstevnice kupujici najemnik najemnice pacient pacientka pojistenec pojistenka
    odberatel zadatel zadatelka vierailija kavija ostaja jasen potilas vuokralainen tilaaja
    vakuutettu pelawat pengunjung vizitator vizitatorul cumparator cumparatorul cumparatoare
    pacientul chirias membru consumator oaspete
    player gamer hrac pelaaja pemain jucator jucatorul
""".split())
# Titles said to a customer ("Encik Rahman", "Pí Nováková", "Dna Pop"), weaker than a role: an agent
# may be labelled by title and company too ("Cik Aminah (TNB)").
HONORIFICS = frozenset("""
    encik puan pn cik tuan dl dna domnul doamna pan pani pi mr mrs miss dato datuk datin
    pakcik makcik herra rouva
""".split())
# A chat system's own lines ("System: Chat closed by agent", "Sistem: Agentul a pus conversația în
# așteptare"): notes of what happened, like a bracketed "[hold]" (folded first word of the label).
SYSTEM_LABELS = frozenset("system sistem systemu jarjestelma bot chatbot automat automated notification "
                          "notifikasi notificare ilmoitus oznameni".split())
# Words that start a line with a colon without being a speaker ("Note: ...").
NOT_SPEAKERS = frozenset("note notes pozn poznamka huom huomio nota catatan nb ps summary shrnuti "
                         "yhteenveto rezumat ringkasan re subject predmet aihe subiect perkara".split())

# A chat log's time, before a label or after it: "[10:32]", "(00:01:05)", "10:32:05", "[10:02 AM]",
# "[2026-12-05 10:02]", "5.12.2026 10:02".
_STAMP = (r"[\[(]?(?:\d{4}-\d{2}-\d{2}[ T]|\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+)?"
          r"\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?[\])]?")
# An optional list bullet, an optional time ("[10:32] Agent Jana:", "10:32:05 - Agent:"), then a short
# label up to a colon, perhaps in bold or quotes ("**Agent:**", '"Caller":') or followed by its
# time ("Agent Jana (10:02):").
_SPEAKER = re.compile(
    rf"^\s*(?:[-•*>]\s+)?(?P<stamp>{_STAMP}\s*[-–—]?\s*)?[*_\"“„]*"
    rf"(?P<label>[^\W\d_][^:\n]{{0,59}}?)\s*(?:{_STAMP})?\s*[*_\"”]*\s*:(?!\d)"
)
# "Caller - my kettle …", "Agent — hello": a dash ends a label only when the label names a role.
_DASHED = re.compile(rf"^\s*(?:[-•*>]\s+)?(?P<stamp>{_STAMP}\s*)?(?P<label>[^\W\d_][\w .()]{{0,29}}?)\s+[-–—]\s+")
_MAX_LABEL_WORDS = 3
# "Jana Nováková (Halden Bank)", "Jana - Halden Bank", "Sam from Northway", "Aminah @ TNB",
# "Liisa, Halden Bank": a name, then the company the speaker answers for. The name counts as a label
# of up to _MAX_LABEL_WORDS words, the company adds up to _MAX_COMPANY_WORDS more.
_COMPANY = re.compile(r"\s*(?:\(|\s[-–—/]\s|/|@|,\s|\s(?:from|at|dari|de la|z|ze)\s)\s*", re.IGNORECASE)
_MAX_COMPANY_WORDS = 4
_TOKEN = re.compile(r"(\w+)|([.!?…]+)|([,;:()–—]+)|([\"“”„«»])")
_OPENING_QUOTES = "“„«"
# A line that is only a bracketed note ("[hold 2:00]", "(pito 30 s)") is an event, not speech.
_EVENT = re.compile(r"^\s*[\[(][^\])]{1,60}[\])]\s*$")
# The detector's best language is trusted when it leads the next one by this much.
CONFIDENT_MARGIN = 0.2


class Token(NamedTuple):
    """A word as written (lower case, diacritics kept) and folded, with its sentence and clause.
    (A named tuple: a transcript makes hundreds, and one is made twice as fast as a
    frozen dataclass.)"""

    lower: str
    folded: str
    sentence: int
    clause: int
    quoted: bool = False  # inside quotation marks: someone else's words, reported


@dataclass(frozen=True)
class Turn:
    """One speaker turn: who spoke, the label as written, the text, and the language judged."""

    index: int  # 1-based position among the transcript's turns
    speaker: Optional[str]  # AGENT, CUSTOMER, EVENT or None (unlabelled)
    label: Optional[str]
    text: str
    language: Optional[str] = None
    confidence: float = 0.0
    tokens: tuple[Token, ...] = ()

    def to_json(self) -> dict:
        return {"index": self.index, "speaker": self.speaker, "label": self.label,
                "language": self.language, "confidence": round(self.confidence, 2), "text": self.text}


@dataclass(frozen=True)
class Analysis:
    """A transcript as the language checks see it."""

    turns: tuple[Turn, ...]
    language: Optional[str]  # the language most of the agent's words are in
    labelled: bool = field(default=False)

    @property
    def agent_turns(self) -> tuple[Turn, ...]:
        """The agent's turns; every turn when nobody is labelled (the agent's own notes)."""
        if not self.labelled:
            return tuple(t for t in self.turns if t.speaker != EVENT)
        return tuple(t for t in self.turns if t.speaker == AGENT)

    @property
    def customer_turns(self) -> tuple[Turn, ...]:
        return tuple(t for t in self.turns if t.speaker == CUSTOMER)

    def to_json(self) -> dict:
        return {"transcript": self.language, "turns": [t.to_json() for t in self.turns]}


class Deferred:
    """A value worked out when first read: a language detection the checks may never need."""

    __slots__ = ("_work", "_value", "_done")

    def __init__(self, work):
        self._work, self._value, self._done = work, None, False

    def __call__(self):
        if not self._done:
            self._value, self._done = self._work(), True
        return self._value


def _deferred(name: str, part: Optional[int] = None) -> property:
    """A field that may hold a Deferred, read as its value (`part` of it when it gives a pair)."""
    key = f"_{name}"

    def get(self):
        value = self.__dict__[key]
        if isinstance(value, Deferred):
            value = self.__dict__[key] = value() if part is None else value()[part]
        return value

    def put(self, value):
        self.__dict__[key] = value

    return property(get, put)


class _AnalysedTurn(Turn):
    """A turn of analyse(): its language and confidence may be detected only when first read (and
    a customer's turn split into words only when first read).

    A turn of a transcript is that turn: it equals only itself, so asking whether it is among the
    agent's turns compares no fields (and detects no language)."""

    language = _deferred("language", 0)
    confidence = _deferred("confidence", 1)
    tokens = _deferred("tokens")
    __eq__ = object.__eq__
    __hash__ = object.__hash__


class _Analysed(Analysis):
    """What analyse() gives: the transcript's language is detected only when first read; the
    agent's and the customer's turns are picked out once."""

    language = _deferred("language")
    agent_turns = cached_property(Analysis.agent_turns.fget)
    customer_turns = cached_property(Analysis.customer_turns.fget)


# --- the detector and the lemmatizer: built once per process --------------------------------------

_lock = threading.Lock()
preloading = threading.Event()  # set once a process has started warming up
_detector = None
_lemmatizer = None
_dictionary_lookup = None


def detector():
    """The lingua detector for the five languages (low-accuracy mode: ~20 MB instead of ~180 MB)."""
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                from lingua import Language, LanguageDetectorBuilder
                languages = [Language.ENGLISH, Language.MALAY, Language.CZECH, Language.FINNISH,
                             Language.ROMANIAN]
                _detector = LanguageDetectorBuilder.from_languages(*languages) \
                    .with_low_accuracy_mode().build()
    return _detector


def _simplemma():
    """simplemma over the lemma dictionaries of dictionary_factory(); built once per process."""
    global _lemmatizer
    if _lemmatizer is None:
        with _lock:
            if _lemmatizer is None:
                from simplemma import Lemmatizer
                from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy

                global _dictionary_lookup
                factory = dictionary_factory()
                # One factory: the lemmatizer and the known-word lookup share the dictionaries.
                _dictionary_lookup = DictionaryLookupStrategy(dictionary_factory=factory)
                _lemmatizer = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=factory))
    return _lemmatizer


# Where the lemma dictionaries are kept as MARISA tries (marisa-trie, simplemma's own low-memory
# backend): a lookup takes ~1 µs there against ~16 µs in simplemma's stream dictionaries, and the
# five languages take ~23 MB of files, mapped into memory and shared by every process of a machine,
# against ~58 MB of private memory per process. Default: the user's cache folder.
CACHE_VARIABLE = "CRM_LANGUAGE_CACHE"
# Builds the trie of one language from simplemma's dictionary. It runs in a child process: the
# Finnish dictionary needs ~200 MB while its trie is built, which a web worker should not keep.
_BUILD_TRIE = """
import sys
from marisa_trie import HUGE_CACHE, BytesTrie
from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
words = DefaultDictionaryFactory(cache_max_size=1).get_dictionary(sys.argv[1])
BytesTrie(((key, value.encode()) for key, value in words.items()), cache_size=HUGE_CACHE).save(sys.argv[2])
"""


def cache_directory() -> Path:
    """The folder of the lemma tries: CRM_LANGUAGE_CACHE, else the user's cache folder, per
    simplemma version (a new version's dictionaries are built anew)."""
    configured = os.environ.get(CACHE_VARIABLE, "").strip()
    if configured:
        return Path(configured)
    import simplemma
    from platformdirs import user_cache_dir
    return Path(user_cache_dir("crm")) / f"simplemma-{simplemma.__version__}"


def trie_path(language: str) -> Path:
    """The trie of a language's lemma dictionary, built on first use on this machine."""
    path = cache_directory() / f"{language}.dic"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Processes that build at the same time each write their own file; the last rename wins.
        partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.part")
        try:
            subprocess.run([sys.executable, "-c", _BUILD_TRIE, language, str(partial)],
                           check=True, capture_output=True, timeout=600)
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return path


def dictionary_factory():
    """simplemma's dictionaries as memory-mapped tries; where a trie cannot be built or read (no
    writable cache folder), simplemma's stream dictionaries, which give the same lemmas slower."""
    from marisa_trie import BytesTrie
    from simplemma.strategies.dictionaries.dictionary_factory import CachingDictionaryFactory
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamMap
    from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieWrapDict

    class TrieDictionaries(CachingDictionaryFactory):
        def _get_dictionary_uncached(self, lang: str):
            try:
                return TrieWrapDict(BytesTrie().mmap(str(trie_path(lang))))
            except (OSError, RuntimeError, subprocess.SubprocessError):
                log.warning("the %s lemma dictionary could not be kept as a trie in %s; reading the "
                            "slower stream dictionary", lang, cache_directory(), exc_info=True)
                return StreamMap(lang)

    return TrieDictionaries(cache_max_size=len(LANGUAGES))


_dictionary_locks = {language: threading.Lock() for language in LANGUAGES}


@lru_cache(maxsize=200_000)
def lemma(word: str, language: str) -> str:
    """The folded dictionary form of a lower-case word in a language: ("nenadělám", "cs") -> "nenadelat"."""
    if language not in LANGUAGES or not word.isalpha():
        return fold(word)
    # The first lookup in a language loads its dictionary; one thread does it, the others wait.
    with _dictionary_locks[language]:
        found = _simplemma().lemmatize(word, lang=language)
    return fold(found.lower())


@lru_cache(maxsize=200_000)
def is_known(word: str, language: str) -> bool:
    """Whether a dictionary knows the lower-case word — the language's own, or any preloaded one — so
    that a known word ("kuitti", a receipt; Romanian "trimis", sent) is not taken for a misspelling
    of a near one ("kiitti", Malay "trimas", thanks), whatever language a short turn was judged to be
    in. Languages a process does not preload (CRM_LANGUAGE_PRELOAD) are not loaded for this."""
    if not word.isalpha():
        return False
    _simplemma()
    for code in dict.fromkeys((language, *preload_languages())):
        if code not in LANGUAGES:
            continue
        with _dictionary_locks[code]:
            if _dictionary_lookup.get_lemma(word, code) is not None:
                return True
    return False


# CRM_LANGUAGE_PRELOAD: "1" (the default) warms every language up, "0" none; a list of codes
# ("en,cs") warms only those, so a team that never hears Finnish does not hold its 49 MB dictionary.
PRELOAD_VARIABLE = "CRM_LANGUAGE_PRELOAD"


def preload_languages(setting: Optional[str] = None) -> tuple[str, ...]:
    """The languages whose lemma dictionaries are loaded ahead of use: all, none, or those listed."""
    if setting is None:
        setting = os.environ.get(PRELOAD_VARIABLE, "1")
    value = setting.strip().lower()
    if value in ("0", "false", "no", "off", ""):
        return ()
    if value in ("1", "true", "yes", "on", "all"):
        return LANGUAGES
    return tuple(code for code in LANGUAGES if code in re.split(r"[\s,;]+", value))


def warm_up(languages: Optional[tuple[str, ...]] = None) -> None:
    """Build the detector and load the dictionaries of the preloaded languages now rather than on
    first use; the others still load on first use."""
    detector().compute_language_confidence_values("hello")
    for language in preload_languages() if languages is None else languages:
        lemma("test", language)
    # The phrase lexicons are compiled once per process, with the index of their first words; doing
    # it here spares the first contacts, and a server's workers share them with the master.
    from .builtin.lexicon import LexiconError, load_patterns
    for name in ("thanks", "negative", "apology", "feedback", "insult"):
        try:
            load_patterns(name).warm_up()
        except LexiconError:
            log.exception("the %s lexicon could not be compiled; the checks will report it when used", name)
    # The tone model (on in the default policy) and the feedback backstop's model are read once here
    # too, so workers share their pages rather than each reading its own at its first contact.
    from .builtin import feedback_model, tone

    tone.model()
    feedback_model.model()


# --- turns ----------------------------------------------------------------------------------------

_fold_word = lru_cache(maxsize=100_000)(fold)
_token = tuple.__new__  # Token(...) without the named tuple's own __new__ in Python: same tuple


@lru_cache(maxsize=20_000)
def tokens(text: str) -> tuple[Token, ...]:
    """The words of text, lower case and folded, numbered by sentence and by clause (worked out once
    per text: an agent's scripted lines recur; the tuple holds only text, numbers and booleans)."""
    out = []
    sentence = clause = 0
    quoted = False
    for word, stop, pause, quote in _TOKEN.findall(text.lower()):
        if stop:
            sentence += 1
            clause += 1
        elif pause:
            clause += 1
        elif quote:
            quoted = quote in _OPENING_QUOTES or (quote != "”" and quote != "»" and not quoted)
            clause += 1
        else:
            out.append(_token(Token, (word, _fold_word(word), sentence, clause, quoted)))
    return tuple(out)


def as_written(text: str, start: int, end: int) -> str:
    """Words start..end of a text (its tokens' numbering) as the speaker wrote them: case,
    diacritics and the apostrophes or hyphens between them kept ("There's nothing I can do",
    "není můj problém"), for quoting back to people; the words in lower case when the text cannot
    be matched again (a letter whose lower case is longer)."""
    words = [t.lower for t in tokens(text)[start:end]]
    if not words:
        return ""
    found = re.search(r"[\W_]*".join(map(re.escape, words)), text, re.IGNORECASE)
    return found.group(0) if found else " ".join(words)


# A chat widget shows the agent as "Nadia | Halden Bank": a bar between a name and the company. The
# key of such a label ends in this word, which no text can hold (keys are folded words).
COMPANY_BAR = "|"
# The key of a label naming a company another way ("Jana (Halden Bank)", "Sam from Northway") ends in
# this word: such a label is the other side of a role word's label, and the agent's beside a bare name.
COMPANY_MARK = "@"


# A chat handle often glues digits to a role word: "Pelaaja92", "player_07", "agent2".
_HANDLE_DIGITS = re.compile(r"(?<=[^\W\d_]{3})\d+$")


def _role(label_words: list[str]) -> Optional[str]:
    label_words = [_HANDLE_DIGITS.sub("", w) for w in label_words]
    if len(label_words) > 1:
        # "Ville K.", "Jana N.": beside a name, a letter is the initial of a surname, not "K:"
        # (klient) or "A:" (agent, asiakas).
        label_words = [w for w in label_words if len(w) > 1 or w in (COMPANY_BAR, COMPANY_MARK)]
    if any(w in AGENT_WORDS or w.endswith(AGENT_SUFFIXES) for w in label_words):
        return AGENT
    if any(w in CUSTOMER_WORDS for w in label_words):
        return CUSTOMER
    # "Nadia | Halden Bank" is the agent; "Customer | Jan Novák" stays the customer (above).
    if COMPANY_BAR in label_words:
        return AGENT
    if COMPANY_MARK in label_words:
        return None  # decided beside the other labels (split_turns)
    return CUSTOMER if any(w in HONORIFICS for w in label_words) else None


def _label_key(label: str) -> Optional[str]:
    """The folded key of a colon label, or None when it is too long to be one ("The thing is:") or
    opens a note ("Note:"): a name or role of up to _MAX_LABEL_WORDS words, perhaps with its company."""
    words = re.findall(r"\w+", fold(label))
    if not words or words[0] in NOT_SPEAKERS:
        return None
    if "|" in label:
        head, tail, marker = *label.split("|", 1), COMPANY_BAR
    elif (company := _COMPANY.search(label)) and company.start() > 0:
        head, tail, marker = label[:company.start()], label[company.end():], COMPANY_MARK
    else:
        return " ".join(_handle_parts(words)) if len(words) <= _MAX_LABEL_WORDS else None
    name, firm = re.findall(r"\w+", fold(head)), re.findall(r"\w+", fold(tail))
    if not name or len(name) > _MAX_LABEL_WORDS or len(firm) > _MAX_COMPANY_WORDS:
        return None
    return " ".join(_handle_parts(name) + _handle_parts(firm) + [marker])


def _handle_parts(words: list[str]) -> list[str]:
    """A chat handle's parts: "gg_support_tyler" -> gg, support, tyler; "agent_nabila" -> agent,
    nabila (a handle counts as one word of the label's length, its parts are read for role words)."""
    return [part for word in words for part in word.split("_") if part]


@lru_cache(maxsize=20_000)
def _line(line: str) -> tuple[Optional[str], int, Optional[str], int, bool, bool, bool]:
    """What a line says of its speaker, worked out once per line as written (an agent's scripted lines
    recur from call to call): (the label's folded key or None, where the text after it starts, the
    same for a loose "Name - " label, whether a colon label opens it, whether it is a bracketed note,
    whether a time opens it, as in a chat log)."""
    match = _SPEAKER.match(line)
    colon = match is not None
    key = loose_key = None
    if match:
        key = _label_key(match["label"])
    else:
        match = _DASHED.match(line)
        label_words = re.findall(r"\w+", fold(match["label"])) if match else []
        if label_words and len(label_words) <= _MAX_LABEL_WORDS and _role(label_words):
            key = " ".join(label_words)
        elif label_words and len(label_words) == 1 and len(match["label"].strip()) <= 12:
            loose_key = label_words[0]
    return (key, match.end() if key else 0, loose_key, match.end() if loose_key else 0, colon,
            _EVENT.match(line) is not None, bool(match and match["stamp"]))


def _labels(lines: list[str]) -> list[tuple[Optional[str], int]]:
    """Per line: the label's folded key (or None) and where the text after it starts."""
    read = [_line(line) for line in lines]
    out = [(key, end) for key, end, *_ in read]
    if not any(said[2] for said in read) or any(said[4] for said in read if said[0]):
        return out
    loose = [(said[2], said[3]) for said in read]
    # "J - …" / "Mirka - …": a dash after a name or an initial ends a label only in a call written
    # that way throughout: two speakers, each recurring, their dashes opening most of its lines.
    both = [key_end if key_end[0] else loose_end for key_end, loose_end in zip(out, loose)]
    counts = Counter(key for key, _ in both if key)
    said = sum(1 for line, read_ in zip(lines, read) if line.strip() and not read_[5])
    if len(counts) == 2 and min(counts.values()) >= 2 and 2 * sum(counts.values()) >= said:
        return both
    return out


@lru_cache(maxsize=20_000)
def _label_of(line: str) -> str:
    match = _SPEAKER.match(line) or _DASHED.match(line)
    return match["label"].strip(" *_")


# What only the agent says, and what only the customer says, at the start of a call (folded, every
# language's): read to tell the sides apart when no label names a role ("Tyler:" and "Mike:").
_AGENT_CUES = re.compile(r"\b(?:" + "|".join([
    r"how (?:can|may|could) (?:i|we) help", r"what can (?:i|we) do for you",
    r"(?:you re|you are) (?:through|speaking|chatting) (?:to|with)", r"you ve reached",
    r"thank(?:s| you) for (?:calling|contacting|reaching out|getting in touch|your patience)",
    r"(?:anything|something) else (?:i|we) can (?:help|do)",
    r"(?:jak|s cim|cim) (?:vam|ti) (?:muzu|mohu|muzeme|mohl|mohla|mohli) (?:pomoct|pomoci|poslouzit)",
    r"co pro vas (?:muzu|mohu|muzeme) udelat", r"dekuj\w* za (?:zavolani|trpelivost|strpeni)",
    r"(?:miten|kuinka) (?:voin|voimme|voisin) (?:auttaa|palvella)",
    r"kiitos (?:soitosta|yhteydenotosta|odottamisesta|karsivallisyydesta)",
    r"(?:boleh|apa yang|macam mana) (?:saya|kami) (?:boleh )?bantu", r"ada apa (?:yang )?(?:boleh )?(?:saya|kami) (?:bantu|tolong)",
    r"terima kasih kerana (?:menghubungi|menelefon|menunggu)", r"selamat datang ke",
    r"cu ce (?:va|te) (?:pot|putem) (?:ajuta|servi)", r"multum\w* (?:ca ati sunat|pentru apel|pentru rabdare)",
    r"(?:va|te) ascult(?:am)?", r"u telefonu", r"jmenuji se", r"ma numesc", r"my name s \w+ how",
    r"(?:this is|it s) \w+ speaking", r"saya \w+ dari", r"olet yhteydessa", r"puhelimessa \w+",
]) + r")\b")
_CUSTOMER_CUES = re.compile(r"\b(?:" + "|".join([
    r"i d like to", r"i would like to", r"i want to", r"i m calling (?:about|because|to)",
    r"i have (?:a|an) (?:problem|issue|question|complaint)",
    r"my (?:order|parcel|account|bill|card|booking|internet|phone|controller|router|package|delivery)",
    r"(?:chtel|chtela) (?:jsem|bych)", r"mam (?:problem|dotaz|reklamaci)", r"volam (?:kvuli|ohledne|ohladom)",
    r"haluaisin", r"minulla on (?:ongelma|kysymys)", r"soitan (?:koska|siita|koskien)",
    r"(?:saya|sy|aku) (?:nak|mahu|ingin|hendak) (?:tanya|buat|tukar|komplen|adu|batal)", r"(?:ambo|kawe) nok",
    r"(?:as vrea|vreau) sa", r"am o (?:problema|intrebare|reclamatie)", r"(?:sun|va sun) (?:pentru|in legatura)",
    r"i (?:ve )?lost my", r"(?:ztratil|ztratila|ztratilo) jsem", r"nefunguje mi|mi nejde|mi nefunguje",
    r"(?:hukkasin|kadotin)", r"ei toimi minulla|mun \w+ ei toimi", r"(?:saya|sy) (?:hilang|terhilang)",
    r"(?:am pierdut|nu imi merge|nu mi merge)",
]) + r")\b")


def _speaks_as_agent(keys: list[str], lines: list[str], labels) -> list[str]:
    """The one label among `keys` whose first turns speak as the agent does, by the cues above (its
    agent cues less its customer cues, strictly ahead of every other's); [] when none stands out."""
    score = dict.fromkeys(keys, 0)
    seen = dict.fromkeys(keys, 0)
    for line, (key, end) in zip(lines, labels):
        if key in score and seen[key] < 3:
            seen[key] += 1
            text = " ".join(re.findall(r"[^\W_]+", fold(line[end:])))
            score[key] += len(_AGENT_CUES.findall(text)) - len(_CUSTOMER_CUES.findall(text))
    ranked = sorted(score.items(), key=lambda item: -item[1])
    return [ranked[0][0]] if ranked[0][1] > ranked[1][1] else []


def _named_with_company(labels: list[tuple[Optional[str], int]]) -> list[tuple[Optional[str], int]]:
    """ "Florin - Banca Prima:" once, then "Florin:": the bare name is the same speaker, answering
    for the company (its key becomes the one with the company)."""
    keys = {key for key, _ in labels if key}
    full = {}
    for key in keys:
        if key.endswith((COMPANY_MARK, COMPANY_BAR)):
            for short in keys:
                if short != key and not short.endswith((COMPANY_MARK, COMPANY_BAR)) and key.startswith(short + " "):
                    full.setdefault(short, key)
    if not full:
        return labels
    return [(full.get(key, key), end) for key, end in labels]


def split_turns(transcript: str) -> tuple[list[tuple[Optional[str], Optional[str], str]], bool]:
    """([(speaker, label, text)], labelled): labels read as people write them.

    A label with a role word decides its side. A label without one (an agent's first name, "A:")
    counts when it recurs; when one side's label is recognised, an unknown label is the other side,
    and when neither is, whoever speaks first is taken to be the agent, who answers the call.
    """
    lines = transcript.splitlines()
    labels = _labels(lines)
    dashed = [key for (key, _), line in zip(labels, lines) if key and not _line(line)[4]]
    if dashed and len(dashed) < 2 and len(dashed) == sum(1 for key, _ in labels if key):
        # One "Customer - …" line in a note is a sentence, not a transcript's label.
        labels = [(None, 0) for _ in labels]
    labels = _named_with_company(labels)
    # "[19:43] System: Agent put the chat on hold" is a note of what happened, not a speaker.
    notes = {i for i, (key, _) in enumerate(labels) if key and key.split()[0] in SYSTEM_LABELS}
    if notes:
        labels = [(None, 0) if i in notes else key_end for i, key_end in enumerate(labels)]
    counts: dict[str, int] = {}
    for key, _ in labels:
        if key:
            counts[key] = counts.get(key, 0) + 1
    sides = {key: _role(key.split()) for key in counts}
    if "v" in sides and sides.get("a") == AGENT:
        sides["a"] = CUSTOMER  # Finnish initials: "V:" (virkailija, vastaaja) answers "A:" (asiakas)
    known = {side for side in sides.values() if side}
    # An unknown label counts when it recurs; in a transcript labelled by names only, also when it
    # answers a recurring name ("Jana: … / Novák: … / Jana: …"). With role labels, a one-off
    # "Order: …" line stays part of the turn above.
    # In a chat log, every line with a time and a label is a message: a name that writes once counts.
    recurring = {key for key in counts if counts[key] >= 2} | {
        key for (key, _), line in zip(labels, lines) if key and _line(line)[6]}
    keys = [key for key, _ in labels if key]
    neighbours = set() if known else {
        key for before, key, after in zip([None] + keys, keys, keys[1:] + [None])
        if key not in recurring and (before in recurring or after in recurring)}
    unknown = [key for key, side in sides.items() if side is None and (key in recurring or key in neighbours)]
    if unknown:
        if known == {AGENT}:
            sides.update(dict.fromkeys(unknown, CUSTOMER))
        elif known == {CUSTOMER}:
            sides.update(dict.fromkeys(unknown, AGENT))
        elif not known and len(unknown) >= 2:
            # The name with a company ("Jana (Halden Bank)") answers for it; else the one who speaks
            # as the agent does (offers help, names the company, "chtěla bych …" is the customer's);
            # else the first to speak.
            marked = [key for key in unknown if key.endswith(COMPANY_MARK)]
            if 0 < len(marked) < len(unknown):
                agents = marked
            else:
                agents = _speaks_as_agent(unknown, lines, labels) or [
                    next(key for key, _ in labels if key in unknown)]
            sides.update({key: AGENT if key in agents else CUSTOMER for key in unknown})
    out: list[tuple[Optional[str], Optional[str], str]] = []
    speaker = label = None
    labelled = False
    for i, (line, (key, end)) in enumerate(zip(lines, labels)):
        if _line(line)[5] or i in notes:
            out.append((EVENT, None, line.strip()))
            speaker = None
            continue
        if key and sides.get(key):
            speaker, labelled = sides[key], True
            label = _label_of(line)
            text = line[end:].strip(" \t*_")
            if _EVENT.match(text):
                # "Agent: [hold 100 s]" is a note of what happened, labelled, not words the agent said.
                out.append((EVENT, None, text))
                speaker = None
                continue
            out.append((speaker, label, text))
            continue
        text = line.strip()
        if not text:
            continue
        if out and speaker is not None:
            # A line without a label continues the turn above it.
            previous = out[-1]
            out[-1] = (previous[0], previous[1], f"{previous[2]}\n{text}".strip())
        else:
            out.append((None, None, text))
    return [turn for turn in out if turn[2]], labelled


_HAS_WORD = re.compile(r"[^\W\d_]{2}")


@lru_cache(maxsize=20_000)
def confidences(text: str) -> tuple[tuple[str, float], ...]:
    """lingua's confidence in each of the five languages for a text, best first."""
    return tuple((ISO[v.language.name], v.value) for v in detector().compute_language_confidence_values(text))


def _confident(ranked: tuple[tuple[str, float], ...]) -> bool:
    return len(ranked) == 1 or ranked[0][1] - ranked[1][1] >= CONFIDENT_MARGIN


@lru_cache(maxsize=20_000)
def detect(text: str, declared: Optional[str] = None, fallback: Optional[str] = None) -> tuple[Optional[str], float]:
    """(language, confidence) of a text; a near tie goes to the fallback (the call's language), then
    to the declared language."""
    if not _HAS_WORD.search(text):
        return (fallback or declared), 0.0
    ranked = confidences(text)
    best, confidence = ranked[0]
    if not _confident(ranked):
        close = {code for code, value in ranked if confidence - value < CONFIDENT_MARGIN}
        for tie_breaker in (fallback, declared):
            if tie_breaker in close:
                return tie_breaker, next(value for code, value in ranked if code == tie_breaker)
    return best, confidence


ISO = {"ENGLISH": "en", "MALAY": "ms", "CZECH": "cs", "FINNISH": "fi", "ROMANIAN": "ro"}


@lru_cache(maxsize=256)
def analyse(transcript: str, declared_language: Optional[str] = None) -> Analysis:
    """The turns of a transcript with each turn's language and tokens (cached: every check shares it).

    Each agent turn's language is detected from its own text; the customer's turns share one
    detection of all the customer's words (only the feedback classifier reads them). Every language
    is detected when first read, with the same answer as at once: the checks of a logged contact
    read the agent's turns (each usually judged confidently from its own words, so the language of
    all the agent's words, of the customer's and of a bracketed note is rarely needed), while the
    feedback classifier reads only the customer's turns and the transcript's language.
    """
    raw, labelled = split_turns(transcript or "")
    declared = (declared_language or "").lower()[:2] or None
    declared = declared if declared in LANGUAGES else None
    agent_text = "\n".join(text for speaker, _, text in raw if speaker == AGENT or not labelled)
    customer_text = "\n".join(text for speaker, _, text in raw if speaker == CUSTOMER)
    overall = Deferred(lambda: detect(agent_text, declared)[0] if agent_text.strip() else None)
    customer = Deferred(lambda: detect(customer_text, declared, overall()) if customer_text.strip()
                        else (overall(), 0.0))
    event = Deferred(lambda: (overall(), 0.0))
    # The agent turns' own detections are made together, when the first is read: one after the
    # other, lingua's tables stay in the processor's caches (made one at a time between the lexicons'
    # walks, each took about a fifth longer).
    long_enough = [text for speaker, _, text in raw
                   if speaker not in (CUSTOMER, EVENT) and len(tokens(text)) >= SHORT_TURN]
    own = Deferred(lambda: {text: confidences(text) for text in long_enough})
    turns = []
    for index, (speaker, label, text) in enumerate(raw, start=1):
        if speaker == CUSTOMER:
            judged = customer
        elif speaker == EVENT:
            judged = event
        else:
            judged = Deferred(lambda text=text: _agent_turn_language(text, declared, overall, own))
        # The customer's words are read only by the feedback classifier, not by the checks of logging.
        words = Deferred(lambda text=text: tokens(text)) if speaker == CUSTOMER else tokens(text)
        turns.append(_AnalysedTurn(index, speaker, label, text, judged, judged, words))
    return _Analysed(tuple(turns), Deferred(lambda: overall() or declared), labelled)


def _agent_turn_language(text: str, declared: Optional[str], overall: Deferred,
                         own: Deferred) -> tuple[Optional[str], float]:
    """detect(text, declared, overall), the language of all the agent's words read only when the
    turn's own words (`own`: {text: confidences}) do not decide. A turn of one or two words ("Okey.",
    "Asta e.") is too short for its own words to decide: it is in the language of the agent's other
    words (or the declared one)."""
    if len(tokens(text)) < SHORT_TURN:
        return _short_turn_language(text, declared, overall())
    ranked = own()[text]
    if _confident(ranked):
        return ranked[0]
    return detect(text, declared, overall())


SHORT_TURN = 3  # words


def _short_turn_language(text: str, declared: Optional[str], overall: Optional[str]) -> tuple[Optional[str], float]:
    language = overall or declared
    if language is None or not _HAS_WORD.search(text):
        return detect(text, declared, overall)
    return language, dict(confidences(text)).get(language, 0.0)
