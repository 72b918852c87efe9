"""Phrase lexicons: folded matching, stems, team extensions, and finding the agent's lines."""
import json
import os

import pytest

from crm.standards.builtin.lexicon import (
    AGENT, CUSTOMER, PATH_VARIABLE, Lexicon, LexiconError, agent_lines, load_lexicon_groups, load_patterns,
    speaker_turns,
)
from crm.standards.patterns import text_turn


def said(lexicon, text):
    return tuple(m.said for m in lexicon.find(text_turn(text)))

LANGUAGES = {"en", "ms", "cs", "fi", "ro"}


def test_matching_ignores_case_and_diacritics():
    lexicon = Lexicon("test", {"cs": ["dekuji"], "ro": ["multumesc"]})
    assert lexicon.find("DĚKUJI vám") == ("dekuji",)
    assert lexicon.find("Mulțumesc") == ("multumesc",)
    assert lexicon.find("Multumesc, fara diacritice") == ("multumesc",)


def test_a_stem_matches_inflected_forms_but_only_from_the_start_of_a_word():
    lexicon = Lexicon("test", {"cs": ["dekuj*"]})
    assert lexicon.find("Děkujeme") == ("dekuj*",)
    assert lexicon.find("děkuju") == ("dekuj*",)
    assert lexicon.find("poděkujte") == ()


def test_a_whole_word_does_not_match_inside_a_longer_word():
    lexicon = Lexicon("test", {"en": ["thanks", "ad"]})
    assert lexicon.find("Happy Thanksgiving, I added it") == ()
    assert lexicon.find("thanks!") == ("thanks",)


def test_a_phrase_matches_across_punctuation_and_extra_spaces():
    lexicon = Lexicon("test", {"en": ["that's not my problem"], "ro": ["calmati va"]})
    assert lexicon.find("Well,  that's   not my\nproblem.") == ("that s not my problem",)
    assert lexicon.find("Calmați-vă!") == ("calmati va",)
    assert lexicon.find("that's not really my problem") == ()


def test_phrases_are_reported_once_in_the_order_they_occur():
    lexicon = Lexicon("test", {"en": ["sorry", "calm down"], "ms": ["terima kasih", "terima kasih banyak"]})
    text = "Calm down. Sorry. Calm down! Terima kasih banyak."
    assert lexicon.find(text) == ("calm down", "sorry", "terima kasih banyak")


def test_the_words_each_entry_matched_are_given_as_found_but_folded():
    lexicon = Lexicon("test", {"fi": ["rauhoittu*", "ei ole minun ongelma*"], "cs": ["uklidnete se"]})
    assert lexicon.occurrences("Se EI ole minun ongelmani. Rauhoittukaa! Uklidněte  se.") == {
        "ei ole minun ongelma*": "ei ole minun ongelmani",
        "rauhoittu*": "rauhoittukaa",
        "uklidnete se": "uklidnete se",
    }


def test_entries_are_folded_when_loaded():
    lexicon = Lexicon("test", {"fi": ["Kiitos PALJON"], "ro": ["Calmați-vă!"]})
    assert lexicon.phrases == {"fi": ("kiitos paljon",), "ro": ("calmati va",)}


@pytest.mark.parametrize("entry", ["*", "a*", "dek*uji", "!!!", 42])
def test_unusable_entries_are_refused(entry):
    with pytest.raises(LexiconError):
        Lexicon("test", {"en": [entry]})


@pytest.mark.parametrize("name", ["thanks", "apology", "negative", "feedback"])
def test_every_built_in_lexicon_covers_the_five_languages(name):
    lexicon = load_patterns(name)
    assert set(lexicon.phrases) == LANGUAGES
    assert all(lexicon.phrases.values())


def test_the_feedback_keywords_cover_every_category_in_the_five_languages():
    groups = load_lexicon_groups("feedback_keywords")
    assert list(groups) == ["product", "packaging", "marketing", "billing"]
    for keywords in groups.values():
        assert set(keywords.phrases) == LANGUAGES


def test_a_team_extends_a_lexicon_with_files_on_the_lexicon_path(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    (first / "thanks.json").write_text(json.dumps({"en": ["cheers"], "de": ["danke*"]}), encoding="utf-8")
    (second / "thanks.json").write_text(json.dumps({"cs": ["Dík"]}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, f"{first}{os.pathsep}{second}")

    thanks = load_patterns("thanks")

    assert said(thanks, "Cheers, mate") == ("cheers",)
    assert said(thanks, "Dankeschön") == ("dankeschon",)
    assert said(thanks, "Dík!") == ("dik",)
    assert said(thanks, "Thank you") == ("thank you",), "the built-in entries are kept"
    assert "team" in thanks.families["de"], "a plain list is the family 'team'"


def test_a_grouped_lexicon_is_extended_group_by_group(tmp_path, monkeypatch):
    (tmp_path / "feedback_keywords.json").write_text(
        json.dumps({"en": {"packaging": ["styrofoam"]}}), encoding="utf-8"
    )
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))

    packaging = load_lexicon_groups("feedback_keywords")["packaging"]

    assert packaging.find("Too much styrofoam") == ("styrofoam",)
    assert packaging.find("The box was crushed") == ("box", "crushed")


def test_an_extension_shaped_differently_from_the_built_in_lexicon_is_refused(tmp_path, monkeypatch):
    (tmp_path / "thanks.json").write_text(json.dumps({"en": "cheers"}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError, match="thanks.json"):
        load_patterns("thanks")


def test_an_extension_that_is_not_json_is_refused(tmp_path, monkeypatch):
    (tmp_path / "negative.json").write_text("{'en': ['whatever']}", encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError, match="not valid JSON"):
        load_patterns("negative")


def test_speaker_labels_are_recognised_in_every_language_and_stripped():
    transcript = "\n".join([
        "Agent: Hello",
        "CUSTOMER: Hi",
        "Ejen: Selamat pagi",
        "Pelanggan: Pagi",
        "Operátor: Dobrý den",
        "zákazník: Dobrý den",
        "Asiakaspalvelija: Hei",
        "Asiakas: Moi",
        "Agentti: Hei taas",
        "Operator: Bună ziua",
        "Client: Bună",
    ])
    speakers = [speaker for speaker, _ in speaker_turns(transcript)]
    assert speakers == [AGENT, CUSTOMER] * 3 + [AGENT, CUSTOMER, AGENT, AGENT, CUSTOMER]
    assert speaker_turns("Operátor:   Dobrý den ")[0] == (AGENT, "Dobrý den")


def test_only_the_agents_lines_are_theirs_when_speakers_are_labelled():
    transcript = (
        "[10:31] Agent (Jana): Good morning,\n"
        "how can I help?\n"
        "[10:32] Customer: Thank you. Note: my order is late.\n"
        "Agent: Let me check."
    )
    assert agent_lines(transcript) == ("Good morning,", "how can I help?", "Let me check.")


def test_the_whole_transcript_is_the_agents_when_nobody_is_labelled():
    transcript = "Good morning, thank you for calling.\n\nNote: the customer asked about delivery."
    assert agent_lines(transcript) == (
        "Good morning, thank you for calling.",
        "Note: the customer asked about delivery.",
    )


def test_a_sentence_with_a_colon_is_not_a_speaker_label():
    assert speaker_turns("The customer service was bad: nobody called back") == [
        (None, "The customer service was bad: nobody called back")
    ]


@pytest.mark.parametrize("setting, languages", [
    ("1", ("en", "ms", "cs", "fi", "ro")),
    ("0", ()),
    ("", ()),
    ("en,cs", ("en", "cs")),
    ("CS; ro xx", ("cs", "ro")),
])
def test_the_languages_preloaded_follow_the_setting(setting, languages):
    from crm.standards.language import preload_languages
    assert preload_languages(setting) == languages
