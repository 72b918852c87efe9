"""Hold standards: how long a customer is kept on hold, and the apology for it."""
from __future__ import annotations

from typing import Iterator

from ...i18n import msg, nmsg
from ..base import CheckContext, Departure, InteractionFacts, Param, Standard, hookimpl
from ..language import EVENT, Analysis
from ..patterns import Match, is_negator
from .courtesy import THAT, analysis_of, judged, languages_in_words, quote
from .lexicon import load_patterns
from .wording import N_, language_word, numbered


ARTICLE_002 = "(Malay article on customer-service procedures and processes, 'Pengalaman pelanggan')"


# "I'm sorry, but your claim was rejected": an apology straight followed by "but" regrets the
# outcome it introduces, not the wait before it. Folded, every language's.
_BUT = frozenset("but tapi tetapi namun ale avsak jenze mutta mut dar insa".split())


# "Saya minta maaf, claim encik memang ditolak", "pahoittelen, valitettavasti …", "Sorry, that
# hospital isn't on our panel": an apology in a sentence that gives bad news (a "but", an
# "unfortunately", a refusal, a negation) regrets the news. Folded words and stems, every language's.
_UNFORTUNATELY = frozenset("unfortunately sadly malangnya sayangnya bohuzel valitettavasti ikavasti pacate".split())
_REFUSED = ("rejected", "declined", "refused", "ditolak", "zamitnut", "zamitl", "hylatty", "hylattiin",
            "respins", "refuzat")


# Spoken Finnish "et" is "että" (that) as often as "you don't": "sori et joutu oottaa".
_NOT_NEWS = {"fi": frozenset({"et"})}


def _bad_news(token, language: str) -> bool:
    if token.folded in _NOT_NEWS.get(language, ()):
        return False
    return (token.folded in _BUT or token.folded in _UNFORTUNATELY or token.folded.startswith(_REFUSED)
            or is_negator(token, language))


def _regrets_outcome(match: Match, turn) -> bool:
    following = turn.tokens[match.end:match.end + 1]
    if following and following[0].folded in _BUT and following[0].sentence == turn.tokens[match.end - 1].sentence:
        return True
    sentence = turn.tokens[match.start].sentence
    return any(t.sentence == sentence and not (match.start <= i < match.end) and _bad_news(t, match.language)
               for i, t in enumerate(turn.tokens))


# "Mrzí mě, že jste kvůli tomu zůstala bez peněz", "I'm sorry that the payment bounced", "pahoittelen,
# että lasku meni väärin", "îmi pare rău că s-a întâmplat asta", "maaf sebab duit tak masuk": an apology
# whose own clause goes on with "that …" says what it is sorry for; when that sentence names no wait,
# it is sympathy for the problem, even right after a hold ("Děkuji za trpělivost. … Mrzí mě, že …").
# The "that" words are courtesy.THAT; English needs them in the apology's clause ("Sorry, that took
# long" is not "sorry that …"), the others put a comma before them.
def _sorry_that(match: Match, turn) -> bool:
    tokens = turn.tokens
    if match.end >= len(tokens):
        return False
    following = tokens[match.end]
    return (following.folded in THAT.get(match.language, ()) and following.sentence == tokens[match.end - 1].sentence
            and (match.language != "en" or following.clause == tokens[match.end - 1].clause))


# "Je mi líto, že jste bez proudu už tak dlouho", "I'm sorry that you've been without power so long": a
# length word ("long", "dlouho", "atât", "kauan", "lama") after "without" in its sentence measures the
# outage, not the hold ("Omlouvám se, že to trvalo tak dlouho" still names the wait). Folded.
_WITHOUT = frozenset("without bez fara ilman tanpa takde tiada xde".split())
_LENGTH = ("long", "dlouh", "mult", "timp", "atat", "kauan", "kauemmin", "lama")
_WITHOUT_REACH = 6


def _outage_length(match: Match, turn) -> bool:
    tokens = turn.tokens
    sentence = tokens[match.start].sentence
    before = tokens[max(0, match.start - _WITHOUT_REACH):match.start]
    return match.said.split()[0].startswith(_LENGTH) and any(
        t.folded in _WITHOUT and t.sentence == sentence for t in before)


# "I'm so sorry about this. Let me speak with the hotel, I'll need to put you on hold.", "Îmi pare rău
# să aud asta, nu e plăcut să aștepți un colet atâta. Un moment să verific.": with no hold before the
# turn, an apology said before the turn announces the hold (in an earlier sentence) is for the problem
# the customer told, not for a wait still to come, unless it names the wait: an apology in its sentence
# ("Pahoittelen jo etukäteen, tää voi kestää muutaman minuutin."), sympathy in its own clause or the
# "that" clause after it ("Je mi líto, že jste musel čekat."), not in a remark beside it about waiting
# for the parcel.
def _ahead_of_the_hold(match: Match, turn, waiting: list[Match], waited_before: bool) -> bool:
    if waited_before or not waiting:
        return False
    tokens = turn.tokens
    sentence = tokens[match.start].sentence
    if match.family == "sympathy":
        clauses = {tokens[i].clause for i in range(match.start, match.end)}
        following = next((t for t in tokens[match.end:] if t.clause not in clauses), None)
        if following is not None and following.folded in THAT.get(match.language, ()):
            clauses.add(following.clause)
        if any(tokens[w.start].clause in clauses or tokens[w.end - 1].clause in clauses for w in waiting):
            return False
    elif any(tokens[w.start].sentence == sentence for w in waiting):
        return False
    return any(tokens[w.start].sentence > sentence for w in waiting)


def hold_apologies(analysis: Analysis) -> tuple[list[Match], list[Match]]:
    """(apologies for the wait, sympathy for the problem) in the agent's turns (see _heard)."""
    apologies: list[Match] = []
    sympathy: list[Match] = []
    for apology, match in _heard(analysis):
        (apologies if apology else sympathy).append(match)
    return apologies, sympathy


def _heard(analysis: Analysis) -> Iterator[tuple[bool, Match]]:
    """(True, an apology for the wait) or (False, sympathy for the problem), turn by turn, read only
    as far as the caller asks.

    An apology counts for a hold when its turn, or the agent's turn or transcript note ("[hold]")
    just before it, speaks of the wait ("sorry to keep you waiting", "please hold … sorry about
    that"). Sympathy ("sorry to hear that", "I'm sorry your parcel broke") never counts, unless
    its own sentence is about the wait.
    """
    lexicon = load_patterns("apology")
    waited_before = False
    for turn in analysis.turns:
        if turn.speaker == EVENT:
            waited_before = waited_before or bool(lexicon.find(turn, families={"waiting"}))
            continue
        if turn not in analysis.agent_turns:
            continue
        felt = lexicon.find(turn, families={"sympathy"})
        found = lexicon.find(turn, families={"apology", "waiting", "other_cause"})
        # An apology for something else ("sorry for the delay with your delivery", "for how my
        # colleague spoke to you") is not for the hold, nor are the wait words inside its cause.
        other = [m for m in found if m.family == "other_cause"]
        other_sentences = {turn.tokens[m.start].sentence for m in other}
        other_spans = {i for m in other for i in range(m.start, m.end)}
        found = [m for m in found if m.family != "other_cause"
                 and not (m.family == "apology" and turn.tokens[m.start].sentence in other_sentences)
                 and not (m.family == "waiting" and other_spans & set(range(m.start, m.end)))]
        waiting = [m for m in found if m.family == "waiting" and not _outage_length(m, turn)]
        found = [m for m in found if m.family != "waiting" or m in waiting]
        waiting_sentences = {turn.tokens[m.start].sentence for m in waiting}
        for m in felt:
            # "I'm sorry that you had to wait" apologises for it; "sorry to hear that" sympathises.
            yield (turn.tokens[m.start].sentence in waiting_sentences
                   and not _ahead_of_the_hold(m, turn, waiting, waited_before)), m
        felt_spans = {i for m in felt for i in range(m.start, m.end)}
        if waiting or waited_before:
            for m in found:
                if m.family != "apology" or felt_spans & set(range(m.start, m.end)):
                    continue
                if _ahead_of_the_hold(m, turn, waiting, waited_before):
                    yield False, m  # "I'm so sorry about this. I'll need to put you on hold."
                elif turn.tokens[m.start].sentence in waiting_sentences:
                    yield True, m
                elif _sorry_that(m, turn):
                    yield False, m  # "Moc mě mrzí, že jste zůstala bez peněz": sympathy, said after a hold
                elif not _regrets_outcome(m, turn):
                    yield True, m
        waited_before = bool(waiting)


def check_max_duration(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    limit = params["max_seconds"]
    long_holds = [
        {"index": index, "seconds": hold.seconds}
        for index, hold in enumerate(facts.holds, start=1)
        if hold.seconds > limit
    ]
    if not long_holds:
        return []
    indexes = numbered(hold["index"] for hold in long_holds)
    seconds = numbered(hold["seconds"] for hold in long_holds)
    message = nmsg("Hold %(holds)s lasted %(seconds)s s; the standard is at most %(limit)s s.",
                   "Holds %(holds)s lasted %(seconds)s s; the standard is at most %(limit)s s.",
                   len(long_holds), holds=indexes, seconds=seconds, limit=limit)
    return [Departure(message, {"max_seconds": limit, "holds": long_holds})]


def check_apology(facts: InteractionFacts, params: dict, ctx: CheckContext) -> list[Departure]:
    unapologised = [
        {"index": index, "seconds": hold.seconds}
        for index, hold in enumerate(facts.holds, start=1)
        if not hold.apologized
    ]
    if not unapologised:
        return []
    # Agents often apologise in words rather than ticking the box; the transcript is the better record.
    transcript = facts.transcript or ""
    transcript_checked = params["accept_transcript_phrase"] and bool(transcript.strip())
    evidence: dict = {"holds": unapologised, "transcript_checked": transcript_checked}
    count = len(unapologised)
    indexes = numbered(hold["index"] for hold in unapologised)
    asks = msg("The standard asks the agent to apologise for every hold, e.g. “sorry to keep you waiting”.")
    if not transcript_checked:
        said = nmsg("Hold %(holds)s had no apology to the customer recorded.",
                    "Holds %(holds)s had no apology to the customer recorded.", count, holds=indexes)
        return [Departure(msg("%(found)s %(asks)s", found=said, asks=asks), evidence)]
    analysis = analysis_of(facts, ctx)
    sympathy = []
    for apology, match in _heard(analysis):
        if apology:
            return []  # the turns after the first apology for the wait are not read
        sympathy.append(match)
    turns = analysis.agent_turns
    if turns:
        found = nmsg("Hold %(holds)s had no apology to the customer: none was recorded, and there is "
                     "none in the agent's lines of the transcript (judged as %(languages)s).",
                     "Holds %(holds)s had no apology to the customer: none was recorded, and there is "
                     "none in the agent's lines of the transcript (judged as %(languages)s).",
                     count, holds=indexes, languages=languages_in_words(turns))
    else:
        found = nmsg("Hold %(holds)s had no apology to the customer: none was recorded, and there is "
                     "none in the agent's lines of the transcript.",
                     "Holds %(holds)s had no apology to the customer: none was recorded, and there is "
                     "none in the agent's lines of the transcript.", count, holds=indexes)
    message = found
    if sympathy:
        by_turn = {t.index: t for t in analysis.turns}
        first = sympathy[0]
        message = msg("%(found)s %(sympathy)s", found=found, sympathy=msg(
            "In turn %(turn)s the agent said %(quote)s: that is sympathy for the problem (%(language)s), "
            "not an apology for the wait.",
            turn=first.turn, quote=quote(by_turn[first.turn].text), language=language_word(first.language)))
    evidence.update({
        "turns": judged(turns), "matched": [],
        "sympathy": [{"turn": m.turn, "language": m.language, "said": m.said} for m in sympathy],
    })
    return [Departure(msg("%(found)s %(asks)s", found=message, asks=asks), evidence)]


@hookimpl
def crm_standards():
    return [
        Standard(
            code="hold.max_duration",
            title=N_("Holds are short"),
            description=N_("No single hold lasts longer than the limit: a customer on hold is a customer "
                        "waiting."),
            source=f"002: a customer must not be kept on hold for more than 60 seconds {ARTICLE_002}",
            kind="interaction",
            check=check_max_duration,
            params=(Param("max_seconds", int, 60, N_("Longest acceptable single hold, in seconds."), minimum=1),),
            channels=None,  # holds happen on chat too; a contact without holds has nothing to check
            live={"hold_seconds": "max_seconds"},
        ),
        Standard(
            code="hold.apology",
            title=N_("Apologise for every hold"),
            description=N_("Every hold is accompanied by an apology to the customer for keeping them waiting."),
            source=f"002: the agent should always apologise for putting the customer on hold {ARTICLE_002}",
            kind="interaction",
            check=check_apology,
            params=(
                Param(
                    "accept_transcript_phrase", bool, True,
                    N_("Accept an apology in the agent's lines of the transcript for a hold not marked "
                    "apologised."),
                ),
            ),
            channels=None,
            default_severity="low",
            live={"hold_apology": True},
        ),
    ]
