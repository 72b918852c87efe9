"""The language analysis made cheap without changing what it finds.

The detector, the lemma dictionaries and the lexicons are built once per process; the dictionaries
kept as tries give simplemma's own lemmas; the prefix-tree matcher finds what each pattern followed
on its own finds; deferred detections give what detecting everything at once gave.
"""
import json
from pathlib import Path

import pytest

from crm.standards import language
from crm.standards.builtin.courtesy import NEGATABLE
from crm.standards.builtin.lexicon import load_patterns
from crm.standards.patterns import Gap

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "corpus"


def corpus_sample(every: int = 6) -> list[tuple[str, str]]:
    """(language, transcript) of every `every`-th transcript of the project's corpus."""
    out = []
    for path in sorted(CORPUS.glob("*.json")):
        code = path.stem[:2]
        out += [(code, t["transcript"]) for t in json.loads(path.read_text(encoding="utf-8"))["transcripts"]]
    return out[::every]


def test_the_language_machinery_is_built_once_per_process_not_per_request(as_agent, make_customer,
                                                                           monkeypatch):
    customer = make_customer("Jana Nováková", phones=["+420 601 123 456"])
    call = {"customer_id": customer.id, "channel": "phone", "direction": "inbound",
            "started_at": "2026-03-02T17:00:00+08:00", "ended_at": "2026-03-02T17:06:00+08:00",
            "outcome": "resolved", "holds": [{"seconds": 90}]}
    first = as_agent.post("/api/v1/interactions/check", json={**call, "transcript": (
        "Agent: Dobrý den, tady Jana. Uklidněte se, to není můj problém.\n"
        "Customer: Rychlovarná konvice teče.\n[hold 1:30]\nAgent: Díky za strpení, pošleme novou.")})
    assert first.status_code == 200, first.get_data(as_text=True)
    detector, lemmatizer = language.detector(), language._simplemma()
    dictionaries = language._dictionary_lookup._dictionary_factory
    loaded = dictionaries._get_dictionary.cache_info().misses

    def built_again(*args, **kwargs):
        raise AssertionError("built again")

    from crm.standards.builtin import lexicon
    monkeypatch.setattr(lexicon, "_read_merged", built_again)
    monkeypatch.setattr(language, "trie_path", built_again)
    # Other words in the same languages: nothing of them is cached yet.
    second = as_agent.post("/api/v1/interactions/check", json={**call, "transcript": (
        "Agent: Dobrý den, u telefonu Petr. To jste si měl přečíst v návodu.\n"
        "Customer: Baterie se vybije za hodinu.\n[hold 1:30]\nAgent: Omlouvám se za čekání.")})
    logged = as_agent.post("/api/v1/interactions", json={**call, "transcript": (
        "Agent: Good morning, Sam speaking. That's the policy, take it or leave it.\n"
        "Customer: The kettle leaks.\n[hold 1:30]\nAgent: Sorry for the wait, thanks for holding.")})

    assert second.status_code == 200 and logged.status_code == 201, logged.get_data(as_text=True)
    assert {f["standard"] for f in second.get_json()["findings"]} >= {"courtesy.positive_language"}
    assert {f["standard"] for f in logged.get_json()["findings"]} >= {"courtesy.positive_language"}
    assert language.detector() is detector and language._simplemma() is lemmatizer
    assert dictionaries._get_dictionary.cache_info().misses == loaded


@pytest.mark.parametrize("code, words", [
    ("ms", "makan dimakan pelanggan bungkusan terima kasih maaf tunggu rosak xyzzy".split()),
    ("cs", "nenadělám nemůžu děkuji omlouvám počkejte reklamaci pravidla xyzzy".split()),
])
def test_the_dictionaries_kept_as_tries_give_simplemmas_own_lemmas(code, words, tmp_path, monkeypatch):
    from simplemma.strategies import DictionaryLookupStrategy
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

    monkeypatch.setenv(language.CACHE_VARIABLE, str(tmp_path / "tries"))
    tries = DictionaryLookupStrategy(dictionary_factory=language.dictionary_factory())
    stream = DictionaryLookupStrategy(dictionary_factory=StreamDictionaryFactory())

    assert [tries.get_lemma(w, code) for w in words] == [stream.get_lemma(w, code) for w in words]
    assert (tmp_path / "tries" / f"{code}.dic").is_file()
    assert not list((tmp_path / "tries").glob("*.part"))


def test_without_a_writable_cache_the_stream_dictionaries_answer(tmp_path, monkeypatch, caplog):
    from simplemma.strategies import DictionaryLookupStrategy
    from simplemma.strategies.dictionaries.stream_dictionary_factory import StreamDictionaryFactory

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv(language.CACHE_VARIABLE, str(not_a_folder))
    lookup = DictionaryLookupStrategy(dictionary_factory=language.dictionary_factory())
    stream = DictionaryLookupStrategy(dictionary_factory=StreamDictionaryFactory())
    words = "pelanggan bungkusan maaf tunggu rosak xyzzy".split()

    assert [lookup.get_lemma(w, "ms") for w in words] == [stream.get_lemma(w, "ms") for w in words]
    assert lookup.get_lemma("pelanggan", "ms") is not None
    assert "could not be kept as a trie" in caplog.text


def _each_pattern_on_its_own(patterns, turn, negatable, skip_quoted, wanted=None):
    """The matcher before the prefix tree: every candidate pattern (of the wanted families) followed
    on its own."""
    tokens = turn.tokens
    lemmas = patterns.language in (turn.language, "en")

    def follow(elements, at, used):
        if not elements:
            return at
        element, rest = elements[0], elements[1:]
        if isinstance(element, Gap):
            for skip in range(element.most + 1):
                position = at + skip
                if position > len(tokens) or (skip and tokens[position - 1].sentence != tokens[at - 1].sentence):
                    break
                end = follow(rest, position, used)
                if end >= 0:
                    return end
            return -1
        if at >= len(tokens) or (used and tokens[at].sentence != tokens[used[0]].sentence):
            return -1
        if not patterns.word_matches(element, tokens[at], lemmas):
            return -1
        used.append(at)
        end = follow(rest, at + 1, used)
        if end < 0:
            used.pop()
        return end

    found, covered_until = [], -1
    for start, token in enumerate(tokens):
        best = None
        for pattern in patterns._starting_at(token, lemmas):
            if wanted is not None and pattern.family not in wanted:
                continue
            used = []
            end = follow(pattern.elements, start, used)
            if end < 0 or (pattern.family in negatable and patterns._negated(pattern, tokens, start, end, used)):
                continue
            if skip_quoted and all(tokens[i].quoted for i in used):
                continue
            # "^" / "$": the match must open / close a clause.
            if (pattern.opens and start and tokens[start - 1].clause == tokens[start].clause) or \
                    (pattern.closes and end < len(tokens) and tokens[end].clause == tokens[end - 1].clause):
                continue
            if best is None or end > best[0]:
                best = (end, pattern)
        if best is None or start < covered_until:
            continue
        covered_until = best[0]
        found.append((start, best[0], best[1].family, best[1].text))
    return found


@pytest.mark.parametrize("lexicon, negatable, skip_quoted", [
    ("negative", NEGATABLE, True), ("thanks", frozenset(), True), ("apology", frozenset(), False)])
def test_the_prefix_tree_finds_what_each_pattern_followed_on_its_own_finds(lexicon, negatable, skip_quoted):
    patterns = load_patterns(lexicon)
    compared = 0
    for code, transcript in corpus_sample():
        for turn in language.analyse(transcript, code).turns:
            for by_language in patterns.by_language.values():
                expected = _each_pattern_on_its_own(by_language, turn, negatable, skip_quoted)
                found = by_language.find(turn, negatable, None, skip_quoted)
                assert [(m.start, m.end, m.family, m.pattern) for m in found] == expected, turn.text
                compared += bool(expected)
    assert compared > 50


@pytest.mark.parametrize("lexicon, asks", [
    # As the checks ask: the hold check a turn's sympathy, then its apologies and waits; the
    # dismissive-language check every family but the reassurances, then the reassurances.
    ("apology", [{"sympathy"}, {"apology", "waiting", "other_cause"}, {"waiting"}]),
    ("negative", [{"blame", "not_mine", "cannot_help", "policy", "shrug", "calm"}, {"reassure"}, None])])
def test_asking_a_turn_for_some_families_after_others_finds_what_those_patterns_alone_find(lexicon, asks):
    patterns = load_patterns(lexicon)
    compared = 0
    for code, transcript in corpus_sample(every=3):
        for turn in language.analyse(transcript, code).turns:
            for by_language in patterns.by_language.values():
                for wanted in asks:
                    expected = _each_pattern_on_its_own(by_language, turn, NEGATABLE, True, wanted)
                    found = by_language.find(turn, NEGATABLE, wanted, True)
                    assert [(m.start, m.end, m.family, m.pattern) for m in found] == expected, (wanted, turn.text)
                    compared += bool(expected)
    assert compared > 50


def test_a_customers_words_read_late_are_the_words_of_the_turn():
    analysis = language.analyse("Agent: Dobrý den.\nCustomer: Konvice mi teče, „prostě hrůza“.", "cs")
    customer = analysis.customer_turns[0]
    assert customer.tokens == language.tokens("Konvice mi teče, „prostě hrůza“.")
    assert [t.folded for t in customer.tokens] == ["konvice", "mi", "tece", "proste", "hruza"]


def test_detections_left_until_read_give_what_detecting_everything_at_once_gave():
    for code, transcript in corpus_sample(every=2):
        for declared in (code, None):
            raw, labelled = language.split_turns(transcript)
            agent = "\n".join(text for speaker, _, text in raw if speaker == language.AGENT or not labelled)
            customer = "\n".join(text for speaker, _, text in raw if speaker == language.CUSTOMER)
            overall = language.detect(agent, declared)[0] if agent.strip() else None
            customers = language.detect(customer, declared, overall) if customer.strip() else (overall, 0.0)
            expected = [customers if speaker == language.CUSTOMER else (overall, 0.0) if speaker == language.EVENT
                        else language._short_turn_language(text, declared, overall)
                        if len(language.tokens(text)) < language.SHORT_TURN
                        else language.detect(text, declared, overall) for speaker, _, text in raw]

            analysis = language.analyse(transcript, declared)

            assert [(t.language, t.confidence) for t in analysis.turns] == expected
            assert analysis.language == (overall or declared)


def _detected_texts(monkeypatch) -> list[str]:
    """The texts lingua is asked about from now on (its cached answers are left out of the count)."""
    asked: list[str] = []
    detect = language.confidences

    def counted(text):
        asked.append(text)
        return detect(text)

    monkeypatch.setattr(language, "confidences", counted)
    return asked


def test_the_feedback_classifier_has_no_agent_turn_detected_on_its_own(monkeypatch):
    """The classifier reads the customer's sentences: the agent's turns are not detected one by one
    (the language of all the agent's words still breaks the customer's near ties)."""
    from crm.standards.builtin.classifier import classify

    asked = _detected_texts(monkeypatch)
    agent_lines = ["Good afternoon, you are through to the Halden returns desk, Priya speaking.",
                   "I can see the order from the fourteenth, let me pull up the delivery notes for you."]
    call = (f"Agent: {agent_lines[0]}\nCustomer: The kettle I bought arrived with a cracked lid and it leaks "
            f"all over the counter.\nAgent: {agent_lines[1]}")

    [suggestion] = classify("", call, "en")

    assert suggestion.category == "product"
    assert not set(agent_lines) & set(asked)


def test_a_call_with_only_the_agents_lines_gives_no_feedback_and_detects_nothing(monkeypatch):
    from crm.standards.builtin.classifier import classify

    asked = _detected_texts(monkeypatch)
    call = ("Agent: Dobrý den, reklamační oddělení, u telefonu Ondřej.\n[hold 0:40]\n"
            "Agent: Váš balík s rozbitou konvicí jsme předali dopravci, nová přijde zítra.")

    assert classify("", call, "cs") == []
    assert asked == []
