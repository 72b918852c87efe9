"""The lint for ambiguous alternations: `a b|c d` outside parentheses is "a (b|c) d", not two phrases."""
import json
from importlib import resources

import pytest

from crm.standards.builtin.lexicon import (
    PATH_VARIABLE, LexiconError, ambiguous_alternation, lint_patterns, load_patterns, written_problem,
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


@pytest.mark.parametrize("pattern, said", [
    ("nothing ..10 do", "There is nothing at all that I could really do."),  # "..10" is no gap
    ("i can't|cannot help", "I can't help it."),  # a bare list keeps only "can" of "can't"
])
def test_a_wrongly_written_gap_or_bare_list_does_not_match_what_it_says(pattern, said):
    # Why the lint refuses them: the grammar reads them otherwise than they look.
    lexicon = PatternLexicon("t", {"en": {"wrong": [pattern]}})
    assert lexicon.find(text_turn(said, "en")) == []
    assert written_problem(pattern)


@pytest.mark.parametrize("pattern", [
    "nothing ..10 do",
    "nothing ..x do",
    "nothing ...  do",
    "i can't|cannot help",
    "jangan marah|kanak-kanak",
    "a||b c",
    "a?|b c",
])
def test_bad_gaps_and_bare_lists_of_more_than_words_are_found(pattern):
    assert written_problem(pattern)


@pytest.mark.parametrize("pattern", [
    "nothing ..9 do",
    "nothing .. do",
    "i (can t|cannot) help",
    "(can't|cannot) help",
    "you should|shoulda|ought have|ve (really|just)? read|check",
    "jangan marah? (kanak-kanak|budak)",
    "a|b? c",
    "dekuj*|diky moc",
    "it's",
])
def test_gaps_groups_and_lists_of_single_words_pass(pattern):
    assert written_problem(pattern) is None


@pytest.mark.parametrize("pattern", ["nothing ..10 i can do", "can't|cannot help"])
def test_a_team_file_with_a_bad_gap_or_bare_list_is_refused_naming_file_family_and_pattern(
        tmp_path, monkeypatch, pattern):
    team = tmp_path / "negative.json"
    team.write_text(json.dumps({"en": {"cannot_help": [pattern]}}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError) as refused:
        load_patterns("negative")
    message = str(refused.value)
    assert str(team) in message and "en.cannot_help" in message and pattern in message


def test_the_romanian_not_me_pattern_matches_what_it_was_written_for():
    # "nu eu l am|am|l-am …" kept only "l" of "l-am"; now written as the text is split.
    said = "Nu eu l-am stricat, domnule."
    assert "blame" in {m.family for m in load_patterns("negative").find(text_turn(said, "ro"))}
