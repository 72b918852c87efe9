"""Slots: named sets of interchangeable words declared once per language and used as {NAME} in any
pattern, so a family hears each member ("not a lot I can do" beside "nothing I can do")."""
import json
from importlib import resources

import pytest

from crm.standards.builtin.courtesy import dismissive_found
from crm.standards.builtin.lexicon import (
    PATH_VARIABLE, SLOTS, LexiconError, lint_patterns, load_patterns, slot_problem,
)
from crm.standards.language import analyse
from crm.standards.patterns import text_turn


def flagged(line: str, language: str = "en") -> bool:
    return bool(dismissive_found(analyse("Agent: " + line, language)))


def builtin_slots(language: str) -> dict:
    data = json.loads(resources.files("crm.standards.builtin").joinpath("lexicons", "negative.json")
                      .read_text(encoding="utf-8"))
    return data[language][SLOTS]


@pytest.mark.parametrize("member", builtin_slots("en")["LITTLE"])
def test_each_quantity_of_help_is_heard(member):
    assert flagged(f"Honestly, there's {member} I can do about that.")
    assert flagged(f"{member} we can really do, I'm afraid.")


@pytest.mark.parametrize("member", builtin_slots("en")["HARD"])
def test_each_difficulty_is_heard(member):
    assert flagged(f"It's really not that {member}.")
    assert flagged(f"See, that wasn't so {member}, was it?")


@pytest.mark.parametrize("member", builtin_slots("en")["ON_YOU"])
def test_each_responsibility_is_heard(member):
    assert flagged(f"That one's {member}.")
    assert flagged(f"This is all {member}.")


@pytest.mark.parametrize("member", builtin_slots("en")["READ"])
def test_each_way_of_not_reading_is_heard(member):
    assert flagged(f"We can't really help if people don't {member} the emails.")


@pytest.mark.parametrize("polite", [
    "There's not a lot of paperwork, I'll do it for you.",
    "Not a lot of customers know this, so let me explain.",
    "There's not much I can't do for you, just ask.",
    "It's not complicated at all, I'll walk you through it.",
    "It's not that hard to set up, let me walk you through it.",
    "It's not hard to find, it's on the left of the page.",
    "It is not difficult for us to arrange a refund.",
    "That one's on us, I'm sorry.",
    "That's not on you, it's on us.",
    "It's not your fault at all.",
    "We can help even if you don't read English, we have an interpreter.",
])
def test_polite_lines_with_the_same_words_stay_clean(polite):
    assert not flagged(polite)


def test_a_slot_is_not_a_family():
    lexicon = load_patterns("negative")
    assert SLOTS not in lexicon.families["en"]
    assert not any("{" in p for patterns in lexicon.phrases.values() for p in patterns)


def team_file(tmp_path, monkeypatch, data: dict) -> None:
    (tmp_path / "negative.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))


def test_a_team_adds_a_member_to_a_built_in_slot(tmp_path, monkeypatch):
    said = text_turn("Sadly there's diddly squat I can do.", "en")
    assert not load_patterns("negative").find(said)
    team_file(tmp_path, monkeypatch, {"en": {SLOTS: {"LITTLE": ["diddly squat"]}}})
    assert "cannot_help" in {m.family for m in load_patterns("negative").find(said)}


def test_a_team_declares_its_own_slot_and_uses_it_in_its_list(tmp_path, monkeypatch):
    team_file(tmp_path, monkeypatch, {"en": {SLOTS: {"SHOP": ["the shop", "the retailer", "the store"]},
                                             "team": ["take it back to {SHOP}"]}})
    found = load_patterns("negative").find(text_turn("Just take it back to the retailer.", "en"))
    assert [m.family for m in found] == ["team"]


@pytest.mark.parametrize("pattern, why", [
    ("not {NOWHERE} i can do", "no slot of this language"),
    ("(really|{LITTLE}) i can do", "inside a group"),
    ("really|{LITTLE} i can do", "joined to other words"),
    ("{LITTLE}s i can do", "joined to other words"),
    ("{LITTLE i can do", "brace"),
])
def test_a_slot_that_cannot_expand_is_refused_naming_file_language_family_and_pattern(
        tmp_path, monkeypatch, pattern, why):
    team_file(tmp_path, monkeypatch, {"en": {"cannot_help": [pattern]}})
    with pytest.raises(LexiconError) as refused:
        load_patterns("negative")
    message = str(refused.value)
    assert str(tmp_path / "negative.json") in message and "en.cannot_help" in message
    assert pattern in message and why in message


@pytest.mark.parametrize("member", ["a|b", "(not much)", "much?", "not .. much", "{HARD}", ""])
def test_a_member_that_is_no_plain_phrase_is_refused(tmp_path, monkeypatch, member):
    team_file(tmp_path, monkeypatch, {"en": {SLOTS: {"LITTLE": [member]}}})
    with pytest.raises(LexiconError, match="en.slots.LITTLE"):
        load_patterns("negative")


def test_the_lint_reads_slots_and_an_optional_slot():
    assert slot_problem("{LITTLE}? i can do", ["LITTLE"]) is None
    assert slot_problem("{little} i can do", ["LITTLE"]) is None  # names are folded like patterns
    assert lint_patterns({"en": {SLOTS: {"X": ["a b"]}, "f": ["{X} c"]}}, "f.json", {"en": ["X"]}) == []
    assert lint_patterns({"en": {"f": ["{Y} c"]}}, "f.json", {"en": ["X"]})[0].startswith("f.json: en.f:")


def test_an_optional_slot_may_be_left_out(tmp_path, monkeypatch):
    team_file(tmp_path, monkeypatch, {"en": {SLOTS: {"SADLY": ["sadly", "unfortunately"]},
                                             "team": ["{SADLY}? the gnomes ate it"]}})
    lexicon = load_patterns("negative")
    for said in ("The gnomes ate it.", "Unfortunately the gnomes ate it."):
        assert [m.family for m in lexicon.find(text_turn(said, "en"))] == ["team"]


@pytest.mark.parametrize("member", builtin_slots("ro")["PUTIN"])
def test_each_romanian_quantity_of_help_is_heard(member):
    assert flagged(f"Îmi pare rău, nu prea putem face {member}.", "ro")


@pytest.mark.parametrize("member", builtin_slots("ro")["GREU"])
def test_each_romanian_difficulty_is_heard(member):
    assert flagged(f"Nu e chiar așa de {member}.", "ro")
    assert flagged(f"Vedeți că nu era atât de {member}?", "ro")


@pytest.mark.parametrize("polite", [
    "Chiar e greu de găsit pe site, și alți clienți ne-au spus asta.",
    "Vă pot face o ofertă de reparație la preț redus.",
    "Nu e greu de găsit, e în stânga paginii.",
])
def test_romanian_polite_lines_with_the_same_words_stay_clean(polite):
    assert not flagged(polite, "ro")


def test_a_shared_slot_is_heard_by_both_lexicons_that_use_it_and_a_team_adds_to_it_once(tmp_path, monkeypatch):
    said = text_turn("Thanks for explaining my craft to me.", "en")
    assert not load_patterns("thanks").find(said, families={"sarcastic"})
    assert not load_patterns("negative").find(said, families={"sarcasm"})
    (tmp_path / "slots.json").write_text(json.dumps({"en": {"MY_JOB": ["my craft"]}}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    assert load_patterns("thanks").find(said, families={"sarcastic"})
    assert load_patterns("negative").find(said, families={"sarcasm"})
    # the built-in members stay
    assert load_patterns("thanks").find(text_turn("Thanks for explaining my job to me.", "en"), families={"sarcastic"})


def test_a_team_slots_file_of_the_wrong_shape_is_refused_by_name(tmp_path, monkeypatch):
    (tmp_path / "slots.json").write_text(json.dumps({"en": ["my craft"]}), encoding="utf-8")
    monkeypatch.setenv(PATH_VARIABLE, str(tmp_path))
    with pytest.raises(LexiconError, match="slots.json"):
        load_patterns("thanks")
