"""Courtesy standards: the agent thanks the customer and keeps to positive language."""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Iterable, Iterator, Optional

from ...i18n import Message, msg, nmsg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from ..language import AGENT, CUSTOMER, EVENT, Analysis, Turn, analyse, as_written, lemma
from ..patterns import Match, is_negator
from .lexicon import load_patterns
from . import tone as tone_module
from .tone import ranked
from .wording import N_, language_word

ARTICLE_001 = "(Czech article on customer-service standards, the 7 standards of service)"

# What each family of dismissive language does, in words an agent acts on.
FAMILY_WORDS = {
    "blame": N_("blames the customer"),
    "not_mine": N_("says it is not the agent's problem"),
    "cannot_help": N_("says nothing can be done"),
    "policy": N_("hides behind the rules"),
    "shrug": N_("shrugs the request off"),
    "wrong": N_("tells the customer they are wrong"),
    "repeat": N_("reproaches the customer for making them repeat"),
    "calm": N_("tells the customer to calm down"),
    "condescension": N_("talks down to the customer about instructions"),
    "sarcasm": N_("is sarcastic or impatient with the customer"),
    "team": N_("is on the team's own list of dismissive phrases"),
}
# Families where a negation ("it's not your fault") turns the phrase into a kind one.
NEGATABLE = frozenset({"blame", "not_mine", "wrong", "condescension", "team"})


def analysis_of(facts: InteractionFacts, ctx: Optional[CheckContext] = None) -> Analysis:
    """The shared language analysis of a contact's transcript (computed once for every check)."""
    declared = facts.language or (ctx.customer_language if ctx else None)
    return analyse(facts.transcript or "", declared)


def language_name(code: Optional[str]) -> Message:
    return language_word(code)


def judged(turns: Iterable[Turn]) -> list[dict]:
    """Evidence: the language each agent turn was judged in."""
    return [{"turn": t.index, "language": t.language, "confidence": round(t.confidence, 2)} for t in turns]


def languages_in_words(turns: Iterable[Turn]) -> Message | list:
    """ "English", or "Czech (3 turns) and English (1 turn)" (a list, joined in the reader's language)."""
    counts: dict[Optional[str], int] = {}
    for t in turns:
        counts[t.language] = counts.get(t.language, 0) + 1
    if len(counts) == 1:
        return language_name(next(iter(counts)))
    return [nmsg("%(language)s (%(num)s turn)", "%(language)s (%(num)s turns)", n, language=language_name(code))
            for code, n in counts.items()]


def quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[:limit - 1] + '…'}”"


# "Thanks to the serial checker, we found it" gives a cause, not thanks: a thanks word followed by
# one of these words (folded) is causal, per language. "Thanks to you" stays thanks.
CAUSAL_AFTER = {
    "en": ("to", frozenset("the a an this that these those our their his her its it which whom".split())),
    "cs": (None, frozenset("tomu temu tem nemu ni nim ktere kteremu systemu kolegovi kolegyni aplikaci te teto tomuto timto "
                           "nove posledni nizsi vyssi lepsi nasi nasemu ty vcerejsi dnesni nedavne ranni".split())),
    "ms": ("kepada", frozenset("sistem aplikasi alat".split())),
    "ro": (None, frozenset("acestui acestei faptului lui ei lor".split())),
    # "kiitos sen päivityksen": kiitos with a genitive is "because of".
    "fi": (None, frozenset("sen taman tuon niiden naiden noiden uuden".split())),
}
_THANKS_WORDS = frozenset("thanks thank diky dik terima multumita kiitos".split())
# Romanian "mulțumită colegului" and Czech "díky kolegovi" give a cause: the noun after them is in
# the genitive/dative, which these endings (folded) mark.
CAUSAL_ENDINGS = {"ro": ("ului", "ilor", "elor", "iei"), "cs": ("ovi", "emu", "tem", "ym", "um"),
                  "fi": ("uksen", "yksen", "man", "ean", "isen", "ien", "iden")}
# "kiitos kaikkien puolesta" thanks on everyone's behalf.
_NOT_CAUSAL = frozenset("vam ti moc mockrat pekne za vsem mu kaikkien".split())


# "Thanks to you (all)" thanks someone; "thanks to" anything else ("thanks to update app baru",
# code-switched) gives its cause.
_THANKED = frozenset("you u ya yourself yourselves all everyone everybody both".split())


def _causal(match: Match, turn: Turn) -> bool:
    rule = CAUSAL_AFTER.get(match.language)
    if rule is None or match.end - match.start > 2 or match.said.split()[0] not in _THANKS_WORDS:
        return False
    preposition, objects = rule
    rest = [t.folded for t in turn.tokens[match.end:match.end + 2]]
    if match.said.split()[0] in ("thanks", "thank") and rest[:1] == ["to"]:
        return len(rest) > 1 and rest[1] not in _THANKED
    if preposition is not None:
        if not rest or rest[0] != preposition:
            return False
        rest = rest[1:]
    if rest and rest[0] not in _NOT_CAUSAL and rest[0].endswith(CAUSAL_ENDINGS.get(match.language, ())):
        return True
    return bool(rest) and rest[0] in objects


THANKS_FAMILIES = ("formal", "informal", "team")
# Words after a reporting phrase ("the note says …", "píše tam …") are someone else's.
_REPORTED_REACH = 6


def _not_thanking(match: Match, turn: Turn, replies: list[Match], reported: list[Match]) -> bool:
    """A thanks word that is not the agent thanking: answering thanks ("you're welcome", "není zač",
    "no need to thank me"), reading out someone else's words, or giving a cause ("thanks to")."""
    if any(r.start <= match.start < r.end or match.start <= r.start < match.end for r in replies):
        return True
    sentence = turn.tokens[match.start].sentence
    if any(r.end <= match.start <= r.end + _REPORTED_REACH and turn.tokens[r.start].sentence == sentence
           for r in reported):
        return True
    return _causal(match, turn) or _past_or_adjective(match, turn)


# A thanks verb in the past or as a participle reports thanks, it does not give them: "you thanked
# him", "jste mu děkovala", "asiakas kiitti", "ați mulțumit"; Romanian "mulțumit/ă" is also
# "satisfied" ("Sunteți mulțumit?") and "thanks to" ("mulțumită noii grile"). Folded prefixes of the
# first word; Czech "děkoval bych" (I would thank) is a thanks.
PAST_THANKS = {"en": ("thanked",), "cs": ("dekoval", "podekoval"),
               "fi": ("kiittany", "kiittaneet", "kiittivat", "kiitit"), "ro": ("multumit",)}
_CONDITIONAL = frozenset("bych bychom bys".split())


def _past_or_adjective(match: Match, turn: Turn) -> bool:
    first = turn.tokens[match.start]
    if not first.folded.startswith(PAST_THANKS.get(match.language, ())):
        return False
    return not any(t.folded in _CONDITIONAL and t.sentence == first.sentence
                   for t in turn.tokens[max(0, match.start - 3):match.end + 2])


# Thanks too short to be told from other words anywhere but alone in a sentence: Scottish and
# northern English "Ta." ("ta" is Romanian "your", Czech "that"), and "ty!" typed in a chat ("ty" is
# Czech "you"/"those").
LONE_THANKS = frozenset({"ta", "ty"})


def _lone_thanks(turn: Turn) -> list[Match]:
    tokens = turn.tokens
    return [Match(turn.index, "en", "informal", "ta", t.folded, i, i + 1) for i, t in enumerate(tokens)
            if t.folded in LONE_THANKS and not t.quoted
            and (i == 0 or tokens[i - 1].sentence != t.sentence)
            and (i + 1 == len(tokens) or tokens[i + 1].sentence != t.sentence)]


# Thanks for something done late ("děkuju, že jste se ozval po třech měsících", "thanks for telling
# us only after …", whatever the verb: family "late" of the thanks and negative lexicons) reproach the
# customer: no thanks, and sarcasm. Only when the lateness is in the clause of the "that" or "for":
# "děkuju, že jste se ozval, po týdnu to zkontroluju" thanks, then plans (folded conjunctions).
LATE = "late"
_THAT = frozenset("that for ze etta et kun ku ca pentru sebab kerana atas".split())


def _conjunction(match: Match, turn: Turn) -> Optional[int]:
    said = turn.tokens[match.start:match.end]
    return next((i for i, t in enumerate(said) if t.folded in _THAT), None)


def _one_reproach(match: Match, turn: Turn) -> bool:
    """Whether a match stays in one clause from its conjunction on (see _THAT)."""
    at = _conjunction(match, turn)
    return at is None or turn.tokens[match.start + at].clause == turn.tokens[match.end - 1].clause


def _read_late(match: Match, turn: Turn, sarcastic: str) -> Optional[Match]:
    """A match of the family "late" as what it is: sarcasm (family `sarcastic`) in one clause; in two,
    the thanks before its conjunction ("Děkuju") for the thanks lexicon, nothing for the negative one."""
    if match.family != LATE:
        return match
    if _one_reproach(match, turn):
        return replace(match, family=sarcastic)
    if sarcastic != "sarcastic":
        return None
    end = match.start + (_conjunction(match, turn) or 1)
    said = " ".join(t.folded for t in turn.tokens[match.start:end])
    return Match(match.turn, match.language, "formal", said, said, match.start, end)


def _thanks_by_turn(analysis: Analysis) -> Iterator[list[Match]]:
    """The thanks of each agent turn in turn, read only as far as the caller asks."""
    lexicon = load_patterns("thanks")
    for turn in analysis.agent_turns:
        matches = [_read_late(m, turn, "sarcastic") for m in lexicon.find(turn, skip_quoted=True)]
        if any(m.family == PRAISED for m in matches) and after_insult(analysis, turn):
            matches = [replace(m, family="sarcastic") if m.family == PRAISED else m for m in matches]
        # A sarcastic "thanks" ("thanks for telling me how to do my job") is not thanking either.
        replies = [m for m in matches if m.family in ("reply", "sarcastic")]
        reported = [m for m in matches if m.family == "reported"]
        thanks = [m for m in matches if m.family not in ("reply", "reported", "sarcastic")
                  and not _not_thanking(m, turn, replies, reported)]
        if thanks:
            thanks = [m for m in thanks if not _reproached(m, turn)]
            mocked = mocked_thanks(turn, thanks)
            thanks = [m for m in thanks if not any(k.start == m.start for k in mocked)]
        yield _lone_thanks(turn) + thanks


# "Thanks for the compliment", "mersi pentru complimente", "díky za poklonu" (family "praised" of the
# thanks lexicon) thank the customer for praise; said straight after the customer insulted the agent
# ("Sunteți niște incompetenți!") they are sarcasm: no thanks, and dismissive. The customer's insults
# are the lexicon insult.json (a file of its own: its walk of a customer's turn follows only its
# patterns), read only in the customer's turn before such an agent turn.
PRAISED = "praised"
INSULT = "insult"


def after_insult(analysis: Analysis, turn: Turn) -> bool:
    """Whether the customer's turn just before this agent turn insults the agent or snaps ("nejsem
    blbej", "you're useless"); agent lines and transcript notes between them are passed over."""
    for earlier in reversed(analysis.turns[:turn.index - 1]):
        if earlier.speaker == CUSTOMER:
            # Read in the language of the agent's answer: the customer's own is detected only for
            # feedback suggestions (a detection costs more than the whole lexicon walk); every
            # language's insults are tried either way.
            said = Turn(earlier.index, CUSTOMER, earlier.label, earlier.text, turn.language, 0.0, earlier.tokens)
            return bool(load_patterns("insult").find(said, skip_quoted=True))
        if earlier.speaker not in (AGENT, EVENT):
            return False
    return False


# "No super.", "Great.", "Bravo.", "Hienoa." alone opening the agent's answer to a customer who has
# just snapped or insulted them is sarcasm; the same word after "my postcode is LS6 2QT" is not
# flagged. Folded words of praise per language (every language's are read: agents switch), and the
# fillers that may go with them ("no", "oh", "well", "tak", "wow").
SARCASTIC_PRAISE = frozenset("""
    great brilliant wonderful fantastic perfect lovely super marvellous splendid terrific excellent amazing
    skvele skvely skvela vyborne bezva paradni paradne nadherne perfektni uzasne vyborny fajn
    hienoa mahtavaa loistavaa upeaa taydellista kiva mahtava loistava hieno
    bagus hebat baguslah pandai syabas terbaik
    minunat perfect excelent grozav bravo superb fantastic extraordinar
""".split())
_PRAISE_FILLERS = frozenset("no oh well wow ah so tak to ja jo noh nah wah aha ei vai da ei bine ooh".split())


def sarcastic_praise(analysis: Analysis, turn: Turn) -> list[Match]:
    words = _lone_praise(turn)
    if not words or not after_insult(analysis, turn):
        return []
    language = turn.language if turn.language in WHEN else "en"
    return [Match(turn.index, language, "sarcasm", "praise after an insult", " ".join(words), 0, len(words))]


def _lone_praise(turn: Turn) -> list[str]:
    """The words of the turn's first sentence when it is only praise and fillers ("No super."), else []."""
    tokens = turn.tokens
    if not tokens or tokens[0].folded not in SARCASTIC_PRAISE and tokens[0].folded not in _PRAISE_FILLERS:
        return []  # most turns: a first word that is neither
    words = [t.folded for t in tokens[:5] if t.sentence == tokens[0].sentence]
    if len(words) > 4 or not any(w in SARCASTIC_PRAISE for w in words) \
            or any(w not in SARCASTIC_PRAISE and w not in _PRAISE_FILLERS for w in words):
        return []
    return words


# "Tak to díky moc, že jste to dva měsíce odklikával. Pak se nedivte.", "Děkuju mockrát, že jste ho
# vypnul uprostřed aktualizace. To je přesně to, co se dělat nemá.": a thanks for something the
# customer did, reproached in the same sentence or the next, thanks for nothing: it is sarcasm,
# whatever was done. Thanks for what courtesy thanks for (calling, waiting, patience, your time) stay
# thanks beside a reproach: they are the script, not the point. Folded first letters of the word
# the reason starts with, after its pronouns.
REPROACHES = frozenset({"blame", "condescension", "wrong", "sarcasm"})
_COURTESY_REASONS = ("call", "calling", "contact", "wait", "hold", "patien", "bear", "time", "understand", "choos",
                     "zavol", "volal", "volan", "hovor", "cekan", "cekal", "trpeliv", "strpen", "pochopen", "vydrz",
                     "soit", "odot", "karsiv", "yhteyd", "ymmarry", "jaks",
                     "sunat", "apel", "astept", "rabdar", "intelege", "contact",
                     "menghubungi", "hubungi", "telefon", "menunggu", "tunggu", "sabar", "kesabaran", "memahami", "faham")
_REASON_PRONOUNS = frozenset("you your us me jste ste jsi si mi nam se to ho ji te sa ati ai ne m v encik puan cik "
                             "awak the a".split())


_FI_THIS = frozenset("tasta siita tuosta naista niista noista kaikesta".split())


def _other_reason(match: Match, turn: Turn, closing_for: bool = False) -> Optional[int]:
    """Where the reason of a thanks starts ("thanks for [that …]", "díky, že [jste …]"), or None when
    it gives none or a courtesy's reason (calling, waiting, patience). With closing_for, the "for" may
    close the thanks phrase itself ("díky za", "mulțumesc pentru"): a reproach after "Díky za info."
    is about something else, a rolled eye after "Díky za ten screenshot" is not."""
    tokens = turn.tokens
    sentence = tokens[match.start].sentence
    first = max(match.start + 1, match.end - 1) if closing_for else match.end
    reason = next((i + 1 for i in range(first, min(match.end + 4, len(tokens)))
                   if tokens[i].folded in _FOR and tokens[i].sentence == sentence), None)
    if reason is None and match.language == "fi":
        # Finnish says the reason in the elative, with no word for "for": "kiitos soitosta", "kiitos
        # tosi paljon tästä vinkistä"; a demonstrative before it ("tästä", "siitä") is passed over.
        reason = next((i for i in range(match.end, min(match.end + 4, len(tokens)))
                       if tokens[i].sentence == sentence and tokens[i].folded.endswith("sta")
                       and tokens[i].folded not in _FI_THIS), None)
    if reason is None:
        return None  # no reason given ("Thanks.", "Děkuju mockrát.")
    while reason < len(tokens) and tokens[reason].folded in _REASON_PRONOUNS and tokens[reason].sentence == sentence:
        reason += 1
    if reason >= len(tokens) or tokens[reason].sentence != sentence or tokens[reason].folded.startswith(_COURTESY_REASONS):
        return None  # thanks for a courtesy's reason
    return reason


# "thanks for that really convincing excuse lol", "kiitos tästä valaisevasta tiedosta 🙄": thanks for
# something the customer said or did, with a rolled eye in the turn or a mocking laugh in its
# sentence, is sarcasm (no thanks, and dismissive). A friendly "haha" is not a mocking marker, and
# thanks for calling or waiting stay thanks whatever follows. Emoji as written; laughs folded.
MOCKING_EMOJI = ("\U0001F644", "\U0001F612", "\U0001F60F", "\U0001F926")
MOCKING_LAUGHS = frozenset("lol lool lmao lmfao rofl smh".split())


def mocked_thanks(turn: Turn, thanks: Optional[list[Match]] = None) -> list[Match]:
    """The thanks of the turn (found here unless given) that a mocking marker turns into sarcasm."""
    if thanks == []:
        return []
    rolled = any(e in turn.text for e in MOCKING_EMOJI)
    laughs = {t.sentence for t in turn.tokens if t.folded in MOCKING_LAUGHS}
    if not (rolled or laughs):
        return []  # most turns
    if thanks is None:
        thanks = [m for m in load_patterns("thanks").find(turn, skip_quoted=True) if m.family in THANKS_FAMILIES]
    return [replace(m, family="sarcasm", turn=turn.index) for m in thanks
            if (rolled or turn.tokens[m.start].sentence in laughs) and _other_reason(m, turn, True) is not None]


def _reproached(match: Match, turn: Turn) -> bool:
    tokens = turn.tokens
    sentence = tokens[match.start].sentence
    if _other_reason(match, turn) is None:
        return False
    for m in _dismissive_in(turn):
        if m.family not in REPROACHES or m.start < match.end:
            continue
        at = tokens[m.start].sentence
        # the next sentence reproaches the same deed when it points back at it ("Pak se nedivte", "That's
        # exactly what …"); "Thanks for the photo. You should have checked before paying" blames another
        first = next(i for i in range(m.start + 1) if tokens[i].sentence == at)
        if at == sentence or (at == sentence + 1 and any(t.folded in _BACK for t in tokens[first:m.start + 2])):
            return True
    return False


# The folded "that" words per language, the conjunction a "sorry"/"thanks" goes on with ("sorry that
# …", "mrzí mě, že …", "kiitos että …"); holds.py reads them too.
THAT = {"en": frozenset({"that"}), "cs": frozenset({"ze"}), "fi": frozenset({"etta", "et", "kun", "ku"}),
        "ro": frozenset({"ca"}), "ms": frozenset({"sebab", "kerana", "karena", "sbb", "bahawa"})}
# What introduces a thanks's reason ("that" or "for"), and what points back at it from the next sentence (folded).
_FOR = frozenset().union(*THAT.values()) | frozenset("for za pentru pt atas untuk".split())
_BACK = frozenset("that then which this so pak potom tak to tohle takze proto presne sitten niin se juuri siksi tuo "
                  "tama asta aia atunci deci exact tocmai itu tu itulah tulah sebab sbb".split())




def thanks_found(analysis: Analysis) -> list[Match]:
    return [m for found in _thanks_by_turn(analysis) for m in found]


def check_thanks(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    # Without a transcript there is no record of what was said, so nothing to hold against the agent.
    if not (facts.transcript or "").strip():
        return []
    analysis = analysis_of(facts, ctx)
    if any(_thanks_by_turn(analysis)):  # the turns after the first that thanks are not read
        return []
    turns = analysis.agent_turns
    if not turns:
        message = msg("The agent did not thank the customer anywhere in the transcript: no line of it "
                      "is labelled as the agent's. The standard asks the agent to thank the customer at "
                      "least once, for example for calling or for their patience.")
    else:
        message = nmsg("The agent did not thank the customer anywhere in the transcript: the agent has "
                       "%(num)s turn, judged as %(languages)s, and it does not thank them. The standard "
                       "asks the agent to thank the customer at least once, for example for calling or "
                       "for their patience.",
                       "The agent did not thank the customer anywhere in the transcript: none of the "
                       "agent's %(num)s turns, judged as %(languages)s, thanks them. The standard asks the "
                       "agent to thank the customer at least once, for example for calling or for their "
                       "patience.", len(turns), languages=languages_in_words(turns))
    return [Departure(message, {"turns": judged(turns), "matched": []})]


# "It'll come when it comes", "valmista tulee kun tulee", "vine când vine", "přijde, až přijde":
# a verb said again after "when" shrugs the question off. Folded "when" words per language.
WHEN = {"en": frozenset({"when"}), "ms": frozenset({"bila", "apabila"}), "cs": frozenset({"az", "kdyz"}),
        "fi": frozenset({"kun", "ku"}), "ro": frozenset({"cand"})}
# "Let me know when you know" asks to be told: a verb after these is not shrugged off.
_ASKED = frozenset({"me", "us"})
# Particles that may close the clause after the repeated word ("siap bila siap lah").
_PARTICLES = frozenset("lah la je jer kot vaan".split())


def tautologies(turn: Turn) -> list[Match]:
    """ "X when X" at the end of a clause, with X the same word or lemma (the turn's language)."""
    language = turn.language if turn.language in WHEN else "en"
    tokens, found = turn.tokens, []
    for k in range(1, len(tokens) - 1):
        if tokens[k].folded not in WHEN[language] or tokens[k].quoted:
            continue
        before = tokens[k - 1]
        if len(before.folded) < 3 or (k > 1 and tokens[k - 2].folded in _ASKED):
            continue
        for end in (k + 1, k + 2, k + 3):  # "come when it comes", "fixed when it's fixed"
            if end >= len(tokens) or tokens[end].sentence != before.sentence:
                break
            after = end + 1
            if after < len(tokens) and tokens[after].folded in _PARTICLES:
                after += 1
            last = after >= len(tokens) or tokens[after].clause != tokens[end].clause
            if last and (tokens[end].folded == before.folded
                         or lemma(tokens[end].lower, language) == lemma(before.lower, language)):
                said = " ".join(t.folded for t in tokens[k - 1:end + 1])
                found.append(Match(turn.index, language, "shrug", "x when x", said, k - 1, end + 1))
                break
    return found


# "Rules are rules", "policy je policy", "zákon je zákon", "sopimus on sopimus", "contractul e
# contract", "kontrak tetap kontrak": a noun said again across "is" closes the matter, whatever the
# noun and in whichever of the five languages (agents switch): folded copulas of all five.
COPULAS = frozenset("is are s be je jsou on ovat e este sunt tetap adalah ialah".split())
_ARTICLES = frozenset("a an the".split())
_NOT_A_NOUN = frozenset("that this what there here it to ono tak".split())
# "Termín je termín, který jste si vybrala": a relative clause after it says which one (folded).
_RELATIVES = frozenset("which that who whose ktery ktera ktere kterou kterym jenz co joka jonka jota jossa "
                       "jolla mika care ce yang".split())


def rules_are_rules(turn: Turn) -> list[Match]:
    """ "X is X" closing a clause, X a word of three letters or more (or its lemma) said again."""
    tokens, found = turn.tokens, []
    language = turn.language if turn.language in WHEN else "en"
    for k in range(1, len(tokens) - 1):
        x = tokens[k - 1]
        if tokens[k].folded not in COPULAS or len(x.folded) < 3 or x.folded in _NOT_A_NOUN or x.quoted:
            continue
        end = k + 2 if tokens[k + 1].folded in _ARTICLES and k + 2 < len(tokens) else k + 1
        y = tokens[end]
        after = tokens[end + 1] if end + 1 < len(tokens) else None
        if not (x.clause == tokens[k].clause == y.clause) or (
                after is not None and (after.clause == y.clause or after.folded in _RELATIVES)
                and after.sentence == y.sentence):
            continue
        if y.folded == x.folded or lemma(y.lower, language) == lemma(x.lower, language):
            said = " ".join(t.folded for t in tokens[k - 1:end + 1])
            found.append(Match(turn.index, language, "policy", "x is x", said, k - 1, end + 1))
    return found


# "Next time don't give your code to anyone", "lain kali jangan bagi TAC", "příště nikomu nedávejte
# kód", "ensi kerralla älkää antako tunnuksia", "data viitoare nu dați codul": advice that forbids what
# the customer just did blames them for it, whatever is forbidden. The folded words that say "next
# time" per language, and what may stand between them and the prohibition ("please", "just", a name).
NEXT_TIME = {
    "en": (("next", "time"), ("in", "future"), ("in", "the", "future"), ("from", "now", "on"), ("going", "forward")),
    "ms": (("lain", "kali"), ("lepas", "ni"), ("lepas", "ini"), ("selepas", "ini"), ("akan", "datang")),
    "cs": (("priste",), ("pristi",), ("napriste",), ("pro", "priste"), ("v", "budoucnu")),
    "fi": (("ensi", "kerralla"), ("ens", "kerralla"), ("seuraavalla", "kerralla"), ("jatkossa",), ("tulevaisuudessa",)),
    "ro": (("data", "viitoare"), ("alta", "data"), ("pe", "viitor"), ("de", "acum", "inainte"), ("pe", "viitoare")),
}
_NEXT_TIME_FIRST = {language: frozenset(p[0] for p in phrases) for language, phrases in NEXT_TIME.items()}
# "Next time" presupposes a this time, something the customer just did; these say only "from now on",
# and the advice after them ("Going forward, never share your PIN with anyone") reproaches nothing the
# customer did unless "there you go" says so (see _reproaching). STANDARDS.md's positive language
# asks to say what can be done rather than what went wrong: general advice is not blame.
_FROM_NOW_ON = frozenset({("in", "future"), ("in", "the", "future"), ("from", "now", "on"), ("going", "forward"),
                          ("akan", "datang"), ("v", "budoucnu"), ("jatkossa",), ("tulevaisuudessa",),
                          ("pe", "viitor"), ("de", "acum", "inainte")})
_BETWEEN = frozenset("please pls just ok okay so then sir madam maam tolong ya ye puan encik cik tuan abang kakak "
                     "prosim uz radsi si se to ho ji pane pani nikomu nikdy nic niczego kuitenkaan siis vain "
                     "te sa pliis va rog doamna domnule mai".split())
# Forbidding worry, doubt or shyness encourages ("next time don't hesitate to call us"); forgetting is
# a reminder as often as a reproach: none of these blame. Per language (Malay "jangan beri" is no
# English "don't be …"), the folded prohibited word and the word after it, "w1 w2 ", start with one of
# these: a stem ("hesitat"), a whole word ("be "), or a pair ("faceti griji": "nu vă faceți griji" is
# "don't worry", "nu faceți transferuri" forbids).
_ENCOURAGED = {
    "en": ("hesitat", "worry", "be ", "feel", "apologi", "forget", "wait", "panic", "stress"),
    "ms": ("segan", "malu", "risau", "takut", "teragak", "ragu", "bimbang", "lupa", "susah", "panik", "tunggu"),
    "cs": ("nevahej", "neboj", "nestyd", "neostych", "nezapom", "nedelejte si ", "nelamej", "nestresuj", "necekej"),
    "fi": ("eparo", "huol", "pelat", "unohta", "murehti", "stressa", "odot", "jannit"),
    "ro": ("ezit", "teme", "sfii", "uita", "faceti griji", "ingrijor", "grabi", "asteptat", "stresa"),
}
# Romanian "nu (mai)" + a second person plural is an order and a statement alike ("de acum înainte nu
# mai achitați comisionul", "nu mai găsiți reclame" state): it forbids only with a verb for what a
# customer must not do with a code, a link or money (folded).
_RO_FORBIDDEN = frozenset("dati apasati trimiteti accesati deschideti spuneti comunicati introduceti instalati "
                          "descarcati faceti divulgati transferati oferiti furnizati raspundeti confirmati semnati "
                          "lasati imprumutati distribuiti postati dezvaluiti scrieti opriti inchideti "
                          "scanati salvati autorizati aprobati".split())
# Finnish "älkää"/"älä" (don't) fold to "alkaa"/"ala", which are "begins" and "area": the word as
# written decides, or, written without its dots, a -ko/-kö verb after it ("alkaa antako").
_FI_DONT = frozenset({"älkää", "älä", "älkääs", "äläs"})


def _encouraged(tokens, verb: int, language: str) -> bool:
    words = tokens[verb].folded + " " + (tokens[verb + 1].folded + " " if verb + 1 < len(tokens) else "")
    return words.startswith(_ENCOURAGED[language])


def _prohibits(tokens, k: int, language: str) -> Optional[int]:
    """The end of a prohibition opening at token k ("don't give", "jangan bagi", "nedávejte",
    "älkää antako", "nu dați"), or None. The forbidden word decides whether it encourages."""
    word = tokens[k].folded
    if language == "en":
        if word == "don" and k + 1 < len(tokens) and tokens[k + 1].folded == "t":
            verb = k + 2
        elif word == "do" and k + 1 < len(tokens) and tokens[k + 1].folded == "not":
            verb = k + 2
        elif word in ("never", "dont"):
            verb = k + 1
        else:
            return None
    elif language == "ms":
        verb = k + 1 if word in ("jangan", "jgn", "usah") else None
    elif language == "cs":
        # a negated imperative: "ne" + a verb ending in -te after a consonant ("nedávejte", "nepište"),
        # not an indicative ("nemusíte", "nebudete"), whose -te follows a vowel
        # (the dictionary knows few negated imperatives, so the shape decides; "nechte" is "leave it")
        if not (word.startswith("ne") and len(word) > 5 and word.endswith("te") and word[-3] not in "aeiouy"
                and not word.startswith(("nech", "nejste"))):
            return None
        return None if _encouraged(tokens, k, language) else k + 1
    elif language == "fi":
        verb = k + 1 if tokens[k].lower in _FI_DONT or (
            word in ("alkaa", "alkaas") and k + 1 < len(tokens) and tokens[k + 1].folded.endswith("ko")) else None
    else:
        if word not in ("nu", "n"):
            return None
        verb = k + 1
        while verb < len(tokens) and tokens[verb].folded in ("va", "ne", "mai", "le", "il", "o", "i", "l"):
            verb += 1
        if verb >= len(tokens) or tokens[verb].folded not in _RO_FORBIDDEN:
            return None
    if verb is None or verb >= len(tokens) or tokens[verb].clause != tokens[k].clause:
        return None
    return None if _encouraged(tokens, verb, language) else verb + 1


# Security advice said kindly is advice: "Lain kali jangan kongsi OTP dengan sesiapa ya", "next time
# please don't click such links, it's a scam" (a softener in the sentence). Said after "tu la", "you
# see", "no vidíte", "vedeți" (there you go) opening its sentence, it reproaches whatever the softener.
# Folded words and pairs; a bare "see", "vidíte", "vezi" is "there you go" only as a clause of its own
# ("See, next time …", "See? …"), not "I see, that's a scam" or "Vidíte tu SMS?".
_SOFTENERS = frozenset("please pls ok okay ya ye yer yaa prosim prosime kiitos okei jooko".split()) | {
    ("va", "rog"), ("te", "rog"), ("va", "rugam"), ("olkaa", "hyva")}
_THERE_YOU_GO = frozenset({("tu", "la"), ("tu", "lah"), ("itulah",), ("tulah",), ("kan", "dah"),
                           ("you", "see"), ("there", "you", "go"), ("told", "you"), ("no", "vidite"),
                           ("naketteko",), ("siina", "naette"), ("ati", "vazut")})
_SEE = frozenset({"see", "vidite", "vidis", "vedeti", "vezi"})


def _softened(tokens, k: int) -> bool:
    sentence = tokens[k].sentence
    words = [t.folded for t in tokens if t.sentence == sentence]
    return any(w in _SOFTENERS for w in words) or any(pair in _SOFTENERS for pair in zip(words, words[1:]))


def _reproaching(tokens, k: int) -> bool:
    """Whether "there you go" ("tu la", "you see", "See, …") opens the prohibition's sentence or the one before."""
    sentence = tokens[k].sentence
    for i in range(k):
        if tokens[i].sentence < sentence - 1 or (i and tokens[i - 1].sentence == tokens[i].sentence):
            continue  # only the first words of those two sentences
        words = tuple(t.folded for t in tokens[i:i + 3])
        if any(words[:n] in _THERE_YOU_GO for n in (1, 2, 3)):
            return True
        if words[0] in _SEE and (i + 1 >= len(tokens) or tokens[i + 1].clause != tokens[i].clause):
            return True
    return False


def next_time_prohibitions(turn: Turn) -> list[Match]:
    """ "Next time" followed in its clause by a prohibition of the customer's doing (family blame)."""
    language = turn.language if turn.language in NEXT_TIME else "en"
    tokens, found = turn.tokens, []
    opening = _NEXT_TIME_FIRST[language]
    for k, token in enumerate(tokens):
        if token.folded not in opening or token.quoted:  # most turns say no "next time" at all
            continue
        for phrase in NEXT_TIME[language]:
            end = k + len(phrase)
            if end > len(tokens) or tuple(t.folded for t in tokens[k:end]) != phrase:
                continue
            at = end
            while at < len(tokens) and at < end + 3 and tokens[at].folded in _BETWEEN \
                    and tokens[at].sentence == token.sentence:
                at += 1
            # the prohibition may also come first: "nikomu to příště nedávejte" is rare; "jangan lain kali" never
            if at < len(tokens) and tokens[at].sentence == token.sentence:
                stop = _prohibits(tokens, at, language)
                if stop is not None and (_reproaching(tokens, k) or (phrase not in _FROM_NOW_ON
                                                                      and not _softened(tokens, k))):
                    said = " ".join(t.folded for t in tokens[k:stop])
                    found.append(Match(turn.index, language, "blame", "next time, don't", said, k, stop))
                    break
    return found


# "Ca să fiți liniștită" (so that you are at ease) gives a purpose, not an order to calm down: the
# folded words just before a "calm" match that make it so, per language.
PURPOSE_BEFORE = {"ro": (("ca", "sa"), ("pentru", "a")), "cs": (("abyste",), ("aby",), ("abys",)),
                  "fi": (("jotta",),), "ms": (("supaya",), ("agar",)), "en": (("so", "that"), ("so", "you"))}
# Families whose phrases play the problem down ("it's not the end of the world", "masalah kecik je"):
# said in the same sentence as a reassurance ("don't worry", "we'll sort it"), or in the sentence just
# before it ("Not a big deal. I can fix it now."), they reassure: a full stop where another writer
# puts a comma does not change what was said.
MINIMISING = frozenset({"shrug"})


def _purpose(match: Match, turn: Turn) -> bool:
    before = [t.folded for t in turn.tokens[max(0, match.start - 2):match.start]
              if t.clause == turn.tokens[match.start].clause]
    return any(tuple(before[-len(words):]) == words for words in PURPOSE_BEFORE.get(match.language, ()))


def _reassured(match: Match, turn: Turn, reassurances: list[Match]) -> bool:
    sentence = turn.tokens[match.start].sentence
    return any((r.start < match.end and match.start < r.end)
               or (match.family in MINIMISING and turn.tokens[r.start].sentence in (sentence, sentence + 1))
               for r in reassurances)


@cache
def _dismissive_families(lexicon) -> frozenset[str]:
    """Every family of the negative lexicon (a team's included) but the reassurances."""
    return frozenset(f for families in lexicon.families.values() for f in families) - {"reassure"}


def dismissive_found(analysis: Analysis) -> list[Match]:
    return [m for turn in analysis.agent_turns
            for m in _dismissive_in(turn) + _answers_to_insults(analysis, turn) + language_demands(turn)
            + mocked_thanks(turn)]


def _answers_to_insults(analysis: Analysis, turn: Turn) -> list[Match]:
    """Sarcasm that needs the customer's turn before it: praise-thanks or a lone "Great." after an insult."""
    praised, opens_with_praise = _praise_in(turn.text, turn.language, turn)
    if not (praised or opens_with_praise) or not after_insult(analysis, turn):
        return []  # most turns: neither, and the customer's turn is not read
    return [replace(m, family="sarcasm", turn=turn.index) for m in praised] + sarcastic_praise(analysis, turn)


def _praise_in(text: str, language: Optional[str], turn: Turn) -> tuple[tuple[Match, ...], bool]:
    """(the turn's thanks for praise, whether its first sentence is only praise), remembered per
    text and language like the lexicon's matches (an agent's lines recur from call to call)."""
    key = (text, language)
    found = _PRAISE_SEEN.get(key)
    if found is None:
        if len(_PRAISE_SEEN) >= 20_000:
            _PRAISE_SEEN.clear()
        # the thanks check's own question of the lexicon (remembered per turn text), not one more walk
        found = _PRAISE_SEEN[key] = (
            tuple(m for m in load_patterns("thanks").find(turn, skip_quoted=True) if m.family == PRAISED),
            bool(_lone_praise(turn)))
    return found


_PRAISE_SEEN: dict = {}


# "Mohl byste mluvit česky? Jsme česká firma, já vám nerozumím.", "cuba cakap bahasa biasa sikit
# boleh? Saya tak faham loghat macam tu.", "Can you speak proper English, I can't understand your
# accent": asking a caller who speaks a neighbour language or a dialect to speak the agent's own
# language, with "I don't understand you" or "we are a Czech company", talks down to them. Asking
# to speak louder, or offering another language ("Mluvíte anglicky?" in a Czech turn), does not; a
# negated ask ("Nemusíte mluvit česky, rozumím vám") neither. Per language, folded: the verbs of
# speaking (prefixes), the words naming the agent's own language or a "normal" one, what says the
# agent does not understand, and "we are an X company/line".
_SPEAK = {"en": ("speak", "talk"), "cs": ("mluv", "hovor", "mluvil"), "fi": ("puhu", "puhuisi"),
          "ms": ("cakap", "bercakap", "ckp"), "ro": ("vorbi", "vorbest", "vorbeste", "vorbit")}
_OWN_TONGUE = {"en": frozenset("english properly normally proper normal standard".split()),
               "cs": frozenset("cesky cestinou spisovne normalne".split()),
               "fi": frozenset("suomea suomeksi kunnolla normaalisti yleiskielta kirjakielta".split()),
               "ms": frozenset("melayu bm baku biasa standard".split()),
               "ro": frozenset("romaneste romana normal corect".split())}
_NOT_UNDERSTOOD = {
    "en": re.compile(r"\b(?:can t|cannot|can not|don t|do not|couldn t) (?:understand|follow) (?:you|your|what you|a word|that)"),
    "cs": re.compile(r"\b(?:nerozumim|nerozumime|nerozumi|nejde vam rozumet|neni vam rozumet)\b"),
    "fi": re.compile(r"\b(?:en|emme|ei) (?:ymmarra|ymmarreta|saa selvaa)\b"),
    "ms": re.compile(r"\b(?:tak|tidak|x|tk|kurang) (?:faham|paham|fhm|reti)\b"),
    "ro": re.compile(r"\bnu (?:va |te )?(?:inteleg|intelegem|pricep)\b"),
}
_OUR_TONGUE = {
    "en": re.compile(r"\b(?:this is|we re|we are) an? (?:english|uk|british) (?:line|company|business)"),
    "cs": re.compile(r"\b(?:jsme|je to) (?:ceska|ceskej|cesky) (?:firma|spolecnost|linka)"),
    "fi": re.compile(r"\b(?:olemme|ollaan|tama on) (?:suomalainen|suomalaisia) (?:yritys|firma|linja)"),
    "ms": re.compile(r"\b(?:ini|kami) (?:syarikat|talian) (?:malaysia|tempatan)"),
    "ro": re.compile(r"\b(?:suntem|aceasta e|asta e) (?:o )?(?:firma|companie|linie) (?:romaneasca|din romania)"),
}
_DIALECT = ("loghat", "dialek", "slang", "accent", "dialect", "narec", "murre", "murtee", "graiul")
# Every language's speaking verbs and dialect words as written (with or without diacritics).
_may_ask = lru_cache(maxsize=20_000)(lambda text: _MAY_ASK.search(text) is not None)
_MAY_ASK = re.compile(r"(?i)\b(?:speak|talk|mluv|hovo|puhu|cakap|bercakap|ckp|vorbi|vorbe|loghat|dialek|slang"
                      r"|accent|dialect|n[aá][rř]e[cč]|murre|murtee|graiul)")


def language_demands(turn: Turn) -> list[Match]:
    if not _may_ask(turn.text):
        return []  # most turns ask nobody to speak anything
    language = turn.language if turn.language in _SPEAK else "en"
    tokens = turn.tokens
    text = " ".join(t.folded for t in tokens)
    understood_not = _NOT_UNDERSTOOD[language].search(text) is not None
    if not understood_not and _OUR_TONGUE[language].search(text) is None:
        return []
    for k, token in enumerate(tokens):
        if token.quoted:
            continue
        if token.folded.startswith(_SPEAK[language]) and not any(
                is_negator(t, language) for t in tokens[max(0, k - 2):k] if t.sentence == token.sentence) \
                and not (language == "cs" and token.folded.startswith("ne")):
            for j in range(k + 1, min(k + 4, len(tokens))):
                if tokens[j].sentence != token.sentence:
                    break
                if tokens[j].folded in _OWN_TONGUE[language]:
                    said = " ".join(t.folded for t in tokens[k:j + 1])
                    return [Match(turn.index, language, "condescension", "speak my language", said, k, j + 1)]
        if understood_not and token.folded.startswith(_DIALECT):
            said = token.folded
            return [Match(turn.index, language, "condescension", "your dialect", said, k, k + 1)]
    return []


def _dismissive_in(turn: Turn) -> list[Match]:
    """The dismissive phrases of one agent turn (the lexicon's, then the kinds read in code)."""
    lexicon = load_patterns("negative")
    matched = [m for m in map(lambda m: _read_late(m, turn, "sarcasm"),
                              lexicon.find(turn, families=_dismissive_families(lexicon), negatable=NEGATABLE,
                                           skip_quoted=True))
               if m and not (m.family == "calm" and _purpose(m, turn))]
    if matched:  # most turns match nothing: the reassurances are looked for only where needed
        reassurances = lexicon.find(turn, families={"reassure"}, skip_quoted=True)
        matched = [m for m in matched if not _reassured(m, turn, reassurances)]
    if matched:
        matched = [m for m in matched if not _informs(m, turn) and not _denied(m, turn)]
    return matched + [m for m in tautologies(turn) + rules_are_rules(turn) + next_time_prohibitions(turn)
                      if not any(m.start < f.end and f.start < m.end for f in matched)]


# "You don't need to call us about something like this, the refund is automatic", "We don't handle
# that kind of thing at the branch, but our card team does", "tak perlu hubungi kami untuk perkara
# seperti ini, sistem akan proses …": no need to call, or not here, followed by why or where, informs.
# Said alone ("Ei tarvii soittaa tällasista meille.") it brushes the customer off. The folded words
# that make a "shrug" match such a no-need or not-here one ("don't call us about such things" is neither).
_NO_NEED = {"en": frozenset("need needn have handle deal we".split()),
            "ms": frozenset("perlu payah yah takyah".split()),
            "cs": frozenset("nemusite nemusis treba potreba netreba".split()),
            "fi": frozenset("tarvii tarvitse tartte tarvi tarttis tarvis kannata".split()),
            "ro": frozenset("nevoie cazul trebuie".split())}


def _informs(match: Match, turn: Turn) -> bool:
    """Whether a no-need or not-here shrug goes on, in a clause of its own in the turn, to say more."""
    if match.family != "shrug" or not _NO_NEED.get(match.language, frozenset()) & set(match.said.split()):
        return False
    clause = turn.tokens[match.end - 1].clause
    return any(t.clause != clause for t in turn.tokens[match.end:])


# "I'm not saying it's your fault", "Neříkám, že je to vaše chyba", "I'm not going to tell you there's
# nothing I can do": what the agent says they are not saying is denied, not said. A negation, then
# within three words a verb of saying (per language, folded; Czech negates the verb itself), then the
# dismissive match after at most three words that only join it on ("that", "you", "že je", "că").
# "I'm not saying anything else, it's your fault" and "… ale je to vaše chyba" are still said.
_SAYING = {"en": frozenset("say saying said tell telling suggest suggesting claim claiming".split()),
           "ms": frozenset("kata cakap mengatakan bilang cakapkan katakan".split()),
           "cs": frozenset("rikam rikame reknu rekl rekla rikal rikala tvrdim tvrdime rict tvrdit rikat".split()),
           "fi": frozenset("sano sanoa sanonut vaita vaittaa vaittanyt tarkoita".split()),
           "ro": frozenset("spun zic spunem zicem sustin spune zice spus zis".split())}
_CS_DENYING = frozenset("nerikam nerikame nereknu nerekl nerekla nerikal nerikala netvrdim netvrdime".split())
_JOINING = frozenset("that you u it s is ze je to tim vam ti etta et se on olisi ca va e este asta "
                     "bahawa yang ini itu encik puan cik awak ia".split())


def _denied(match: Match, turn: Turn) -> bool:
    tokens = turn.tokens
    sentence = tokens[match.start].sentence
    for verb in range(match.start - 1, max(-1, match.start - 5), -1):
        if tokens[verb].sentence != sentence:
            return False
        between = tokens[verb + 1:match.start]
        if any(t.folded not in _JOINING for t in between):
            continue
        folded = tokens[verb].folded
        if match.language == "cs" and folded in _CS_DENYING:
            return True
        if folded in _SAYING.get(match.language, ()) and any(
                is_negator(t, match.language) for t in tokens[max(0, verb - 3):verb]
                if t.sentence == sentence):
            return True
    return False


def _semicolons(parts: list[Message]) -> Message:
    """Parts of a message one after another, "a; b; c" (kept as one Message for the reader's language)."""
    text = "; ".join(f"%(p{i})s" for i in range(len(parts)))
    return Message(text, {f"p{i}": part for i, part in enumerate(parts)})


def check_positive_language(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    if not (facts.transcript or "").strip():
        return []
    analysis = analysis_of(facts, ctx)
    found = dismissive_found(analysis)
    if not found:
        return _by_tone(analysis, params) if params.get("tone_model") else []
    by_turn = {t.index: t for t in analysis.turns}
    written = {id(m): as_written(by_turn[m.turn].text, m.start, m.end) for m in found}
    phrases = list(dict.fromkeys(m.said for m in found))
    parts = []
    for index in dict.fromkeys(m.turn for m in found):
        turn = by_turn[index]
        sayings = [msg("“%(said)s” %(meaning)s", said=written[id(m)],
                       meaning=msg(FAMILY_WORDS.get(m.family, N_("is dismissive"))))
                   for m in found if m.turn == index]
        parts.append(msg("in turn %(turn)s (judged as %(language)s) the agent said %(quote)s: %(sayings)s",
                         turn=index, language=language_name(turn.language), quote=quote(turn.text),
                         sayings=_semicolons(sayings)))
    message = msg("The agent used dismissive language: %(parts)s. The standard asks the agent to stay "
                  "polite and positive, even with an upset customer: acknowledge the problem and say what "
                  "can be done.", parts=_semicolons(parts))
    evidence = {
        "phrases": phrases,
        "matched": [{"turn": m.turn, "language": m.language, "family": m.family, "said": m.said,
                     "as_written": written[id(m)], "pattern": m.pattern, "text": by_turn[m.turn].text} for m in found],
        "turns": judged(analysis.agent_turns),
    }
    return [Departure(message, evidence)]


def _kind_to_the_lexicon(turn: Turn) -> bool:
    """Whether the lexicon read dismissive-looking words in the turn and judged them kind: negated
    ("it's not your fault"), reassuring ("don't worry, we'll sort it"), or quoted."""
    lexicon = load_patterns("negative")
    return bool(lexicon.find(turn, families=_dismissive_families(lexicon) | {"reassure"}))


def _courteous(turn: Turn) -> bool:
    """Whether the turn thanks or apologises in words the lexicons know ("Thank you for calling.",
    "I'm sorry for the wait"), sarcastic thanks aside: a formula the model must not second-guess."""
    thanks = [_read_late(m, turn, "sarcastic") for m in load_patterns("thanks").find(turn, skip_quoted=True)]
    if any(m.family == "sarcastic" for m in thanks):
        return False
    return any(m.family in ("formal", "informal") for m in thanks) or bool(
        load_patterns("apology").find(turn, families={"apology", "sympathy", "waiting"}, skip_quoted=True))


def _by_tone(analysis: Analysis, params: dict) -> list[Departure]:
    """No listed phrase matched: the learned tone model's verdict on the agent's turns. A turn the
    lexicon already judged kind, or one that thanks or apologises, is left to the lexicons (the
    model reads letters, not negation or courtesy formulas)."""
    verdict = next((v for v in ranked(analysis.agent_turns)
                    if v.probability >= _threshold(params, v.turn.language) and not _kind_to_the_lexicon(v.turn)
                    and not _courteous(v.turn)), None)
    if verdict is None:
        return []
    turn = verdict.turn
    threshold = _threshold(params, turn.language)
    message = msg("The agent sounded dismissive: in turn %(turn)s (judged as %(language)s) the agent said "
                  "%(quote)s. No listed phrase matched; the tone model trained on reviewed calls rates this "
                  "turn %(percent)s%% likely to be dismissive (the policy flags from %(threshold)s%%). The "
                  "standard asks the agent to stay polite and positive, even with an upset customer: "
                  "acknowledge the problem and say what can be done.",
                  turn=turn.index, language=language_name(turn.language), quote=quote(turn.text),
                  percent=round(verdict.probability * 100), threshold=round(threshold * 100))
    evidence = {
        "phrases": [],
        "matched": [],
        "tone": {"turn": turn.index, "language": turn.language, "text": turn.text,
                 "probability": round(verdict.probability, 3), "threshold": threshold},
        "turns": judged(analysis.agent_turns),
    }
    return [Departure(message, evidence)]


TONE_THRESHOLD = 0.85  # for a language the model has no measured threshold for
EACH_LANGUAGE = 0.0  # tone_threshold 0: the threshold measured for each language, written in the model


def _threshold(params: dict, language: Optional[str]) -> float:
    """How likely a turn in a language must be dismissive to be flagged: the policy's tone_threshold,
    or (0, the default) the one measured for the language on writers the model was not trained on."""
    chosen = params.get("tone_threshold", EACH_LANGUAGE)
    if chosen:
        return chosen
    return tone_module.model().thresholds.get(language, TONE_THRESHOLD)


@dataclass(frozen=True)
class _ThresholdParam(Param):
    """tone_threshold: 0 (each language's measured threshold) or a number from 0.5 to 0.99."""

    def coerce(self, value):
        value = super().coerce(value)
        if value and value < 0.5:
            raise ValueError("must be 0 (each language's own threshold) or from 0.5 to 0.99")
        return value


@hookimpl
def crm_standards():
    return [
        Standard(
            code="courtesy.thanks",
            title=N_("Thank the customer"),
            description=N_("The agent thanks the customer in the course of the contact, formally or "
                        "informally. Checked on the agent's turns of the transcript, each in the language "
                        "it is written in: English, Malay, Czech, Finnish or Romanian."),
            source=f"001: #1, thank the customer and show them appreciation {ARTICLE_001}",
            kind="interaction",
            check=check_thanks,
            channels=None,
            default_severity="low",
        ),
        Standard(
            code="courtesy.positive_language",
            title=N_("Positive language"),
            description=N_("The agent is polite and avoids dismissive language: blaming the customer, "
                        "\"that's not my problem\", \"nothing I can do\", hiding behind policy, shrugging "
                        "the request off, \"you're wrong\", \"as I already said\", \"calm down\", or talking "
                        "down about manuals and instructions. Checked on the agent's turns of the "
                        "transcript, in English, Malay, Czech, Finnish and Romanian."),
            source=f"001: #3, be polite and use positive language {ARTICLE_001}",
            kind="interaction",
            check=check_positive_language,
            channels=None,
            params=(
                Param("tone_model", bool, True,
                      N_("Also ask the tone model, trained on reviewed calls in the five languages, about "
                         "agent turns no listed phrase matched (on by default; its findings say that the model, "
                         "not a listed phrase, judged the turn). Off: the phrase lexicons alone.")),
                _ThresholdParam("tone_threshold", float, EACH_LANGUAGE,
                                N_("How likely a turn must be dismissive, by the tone model, to be flagged: "
                                   "0 for the threshold measured for each language, or 0.5 to 0.99 for "
                                   "every language (higher flags less)."), minimum=0.0, maximum=0.99),
            ),
        ),
    ]


__all__ = ["analysis_of", "check_positive_language", "check_thanks"]
