"""The lint for ambiguous alternations: `a b|c d` outside parentheses is "a (b|c) d", not two phrases."""
import json
from importlib import resources

import pytest

from crm.standards.builtin.lexicon import (
    PATH_VARIABLE, LexiconError, ambiguous_alternation, lint_patterns, load_patterns,
)
from crm.standards.patterns import PatternLexicon, text_turn

PATTERN_FILES = ("negative", "thanks", "apology", "feedback")


@pytest.mark.parametrize("pattern", [
    "e scris în manual|scrie în manual",
    "too much|so much .. plastic",
    "nu e|este .. mare lucru|mare scofala",
    "took so? long|a while|a bit",
])
def test_phrases_side_by_side_without_a_group_are_found(pattern):
    assert ambiguous_alternation(pattern)


@pytest.mark.parametrize("pattern", [
    "(e scris în manual|scrie în manual)",
    "you should|shoulda|ought have|ve (really|just)? read|check",  # alternatives of single words
    "fault be|s|is your|yours",
    "rikam|říkám vam|vám ti to uz|už podruhe",  # two spellings of one word joined by the bar
    "pravidla (jsou|byt) pravidla",
    "calm down",
])
def test_alternatives_of_single_words_and_groups_pass(pattern):
    assert ambiguous_alternation(pattern) is None


def test_the_ungrouped_pattern_never_matches_and_the_grouped_one_does():
    said = "Totul e scris în manual."
    wrong = PatternLexicon("t", {"ro": {"condescension": ["e scris în manual|scrie în manual"]}})
    right = PatternLexicon("t", {"ro": {"condescension": ["(e scris în manual|scrie în manual)"]}})
    assert wrong.find(text_turn(said, "ro")) == []
    assert [m.said for m in right.find(text_turn(said, "ro"))] == ["e scris in manual"]


@pytest.mark.parametrize("name", PATTERN_FILES)
def test_no_built_in_lexicon_has_an_ambiguous_alternation(name):
    data = json.loads(resources.files("crm.standards.builtin").joinpath("lexicons", f"{name}.json")
                      .read_text(encoding="utf-8"))
    assert lint_patterns(data, name) == []


def test_a_team_file_with_an_ambiguous_alternation_is_refused_naming_file_family_and_pattern(
        tmp_path, monkeypatch):
    team = tmp_path / "negative.json"
    team.write_text(json.dumps({"ro": {"condescension": ["e scris în manual|scrie în manual"]}}),
                    encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError) as refused:
        load_patterns("negative")
    message = str(refused.value)
    assert str(team) in message and "ro.condescension" in message and "e scris în manual|scrie" in message


def test_a_team_plain_list_is_linted_as_the_team_family(tmp_path, monkeypatch):
    (tmp_path / "thanks.json").write_text(json.dumps({"en": ["thanks a lot|thanks so much"]}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError, match="en.team"):
        load_patterns("thanks")


@pytest.mark.parametrize("name, language, family, said", [
    ("negative", "ro", "condescension", "Totul e scris în manual, doamnă."),
    ("negative", "ro", "shrug", "Nu e capătul lumii."),
    ("negative", "en", "condescension", "Most people figure it out."),
    ("negative", "cs", "condescension", "Vysvětlím vám to polopatě."),
    ("negative", "fi", "policy", "Se on meidän käytäntö."),
    ("feedback", "en", "packaging", "There was so much plastic in the box."),
    ("feedback", "en", "marketing", "The voucher didn't work."),
    ("apology", "en", "waiting", "Sorry it took a while."),
])
def test_phrases_that_never_matched_before_their_group_now_match(name, language, family, said):
    assert family in {m.family for m in load_patterns(name).find(text_turn(said, language))}
