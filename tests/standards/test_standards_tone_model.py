"""The tone model behind courtesy.positive_language: asked only when no listed phrase matched, at the
policy's threshold, never on a turn the lexicon judged kind, and explained in words.

The plumbing is tested with a small model of known weights (so a retrained model cannot make these
tests pass or fail by chance); the shipped model is tested for what a lead relies on: it loads from
the package, covers the five languages, scores like its definition, and leaves polite calls alone."""
import math
from collections import Counter
from dataclasses import replace

import pytest

from crm.standards.builtin import tone
from crm.text import fold

CURT = "Agent: Zorblax the form again, zorblax it."  # a made-up curt word no lexicon lists


@pytest.fixture
def known_model(monkeypatch):
    """A model that finds "zorblax" dismissive and nothing else (idf 1, weight 8 for its longer n-grams,
    which no other word shares)."""
    weights = {g: (1.0, 8.0) for g in tone._word_grams("zorblax") if len(g.strip()) >= 4}
    small = tone.ToneModel(weights=weights, intercept=-4.0, languages=frozenset({"en", "cs", "ms", "fi", "ro"}),
                           trained_on={})
    monkeypatch.setattr(tone, "model", lambda: small)
    return small


def test_a_turn_no_phrase_matched_is_flagged_by_its_tone_and_explained_in_words(check, contact, known_model):
    [finding] = check("courtesy.positive_language", contact(transcript=CURT, language="en"), tone_model=True)
    text = finding.message.render("en")
    assert "sounded dismissive" in text and "Zorblax the form again" in text and "No listed phrase matched" in text
    assert "(the policy flags from 85%)" in text
    assert finding.evidence["tone"]["turn"] == 1 and finding.evidence["tone"]["threshold"] == 0.85
    assert finding.evidence["tone"]["probability"] > 0.9 and finding.evidence["phrases"] == []


def test_the_model_is_on_by_default_and_a_policy_can_turn_it_off(standards, check, contact, known_model):
    assert standards["courtesy.positive_language"].validate_params({})[0]["tone_model"] is True
    facts = contact(transcript=CURT, language="en")
    probability = known_model.probability(CURT.split(": ", 1)[1])
    assert not check("courtesy.positive_language", facts, tone_model=False)  # the lexicons alone
    assert check("courtesy.positive_language", facts, tone_model=True)
    assert not check("courtesy.positive_language", facts, tone_model=True, tone_threshold=0.99) or probability >= 0.99
    assert check("courtesy.positive_language", facts, tone_model=True, tone_threshold=0.5)


def test_the_threshold_is_bounded(standards):
    validate = standards["courtesy.positive_language"].validate_params
    for wrong in (0.2, 0.49, -0.1, 1.0):
        assert "tone_threshold" in validate({"tone_threshold": wrong})[1]
    for right in (0, 0.5, 0.99):
        assert validate({"tone_threshold": right}) == ({"tone_model": validate({})[0]["tone_model"],
                                                       "tone_threshold": right}, {})


def test_each_language_is_judged_at_its_own_threshold_unless_the_policy_sets_one(check, contact, monkeypatch,
                                                                                    known_model):
    """The model carries the threshold measured for each language; a policy's tone_threshold replaces it."""
    english = CURT
    czech = "Operátorka: Zorblax ten formulář znovu, zorblax."
    p = known_model.probability(english.split(": ", 1)[1], "en")
    per_language = replace(known_model, thresholds={"en": (1 + p) / 2, "cs": 0.6})  # above p for English
    monkeypatch.setattr(tone, "model", lambda: per_language)
    assert not check("courtesy.positive_language", contact(transcript=english, language="en"), tone_model=True)
    assert check("courtesy.positive_language", contact(transcript=english, language="en"), tone_model=True,
                 tone_threshold=0.5)
    [finding] = check("courtesy.positive_language", contact(transcript=czech, language="cs"), tone_model=True)
    assert finding.evidence["tone"]["threshold"] == 0.6 and finding.evidence["tone"]["language"] == "cs"
    assert "(the policy flags from 60%)" in finding.message.render("en")


def test_the_lexicons_verdict_on_a_kind_turn_stands(check, contact, known_model):
    """"It's not your fault" holds words of blame the lexicon reads as negated: the model is not asked."""
    kind = "Agent: It's not your fault, zorblax zorblax, the courier lost it."
    assert known_model.probability(kind.split(": ", 1)[1]) > 0.9
    assert not check("courtesy.positive_language", contact(transcript=kind, language="en"), tone_model=True)


@pytest.mark.parametrize("line", ["Thank you for calling, zorblax.", "Sorry for the wait, zorblax zorblax.",
                                  "Díky moc, zorblax zorblax."])
def test_a_turn_that_thanks_or_apologises_is_left_to_the_lexicons(check, contact, known_model, line):
    """"Thank you for calling." opens and closes curt calls too: the model must not read it as curt."""
    assert known_model.probability(line) > 0.9
    assert not check("courtesy.positive_language", contact(transcript=f"Agent: {line}", language="en"), tone_model=True)


def test_a_one_word_turn_says_too_little_to_judge(check, contact, known_model):
    assert not check("courtesy.positive_language", contact(transcript="Agent: Zorblax.", language="en"), tone_model=True)


def test_the_customers_words_are_never_judged(check, contact, known_model):
    said = "Customer: Zorblax the form again, zorblax it.\nAgent: Thank you, I'll fix the form for you now."
    assert not check("courtesy.positive_language", contact(transcript=said, language="en"), tone_model=True)


def test_the_shipped_model_loads_from_the_package_for_the_five_languages():
    shipped = tone.model()
    assert shipped.languages == {"en", "ms", "cs", "fi", "ro"}
    assert len(shipped.weights) > 10_000
    assert all(shipped.trained_on[code]["dismissive"] > 50 for code in shipped.languages)
    assert set(shipped.thresholds) <= shipped.languages and all(0.5 <= t <= 0.99 for t in shipped.thresholds.values())


def test_the_shipped_model_scores_as_its_definition_says():
    """tf-idf with sublinear counts, L2-normalised, through a logistic function."""
    shipped = tone.model()
    text = "Vă rog să mai așteptați o zi, revin eu cu un telefon."
    # Each feature's (idf, weight) is kept as the complex number idf + weight·j.
    values = {g: (1 + math.log(c)) * shipped.weights[g].real for g, c in Counter(tone.features(text, "ro")).items()
              if g in shipped.weights}
    norm = math.sqrt(sum(v * v for v in values.values()))
    score = shipped.intercept + sum(v * shipped.weights[g].imag for g, v in values.items()) / norm
    assert shipped.probability(text, "ro") == pytest.approx(1 / (1 + math.exp(-score)))
    assert any(name.startswith("\tl ") for name in values) and any(name.startswith("\tw ") for name in values)


def test_words_lemmas_and_pairs_are_read_in_the_turns_language():
    said = tone.words("Nemůžete to vrátit.", "cs")
    assert "\tw nemuzete" in said and "\tw nemuzete to" in said  # the folded word and word pair
    assert "\tl moci" in said and "\tl moci ten" in said  # "nemůžete" and "nemůžu" share their lemma
    assert "\tl moci" in tone.words("Nemůžu.", "cs")
    assert "\tw to vratit" in said and "\tw vratit" in said
    assert "\tw ok thanks" not in tone.words("Ok. Thanks for calling.", "en")  # pairs stay within a sentence


def test_a_negation_marks_the_words_it_governs_in_its_clause():
    assert "\tn know" in tone.words("I don't know what you want.", "en")
    assert "\tn know" not in tone.words("I know what you want.", "en")
    assert "\tn want" not in tone.words("I can't, but tell me what you want.", "en")  # another clause
    assert "\tn moci" in tone.words("To nemůžu udělat.", "cs")  # Czech negates the verb itself
    assert "\tn moci" not in tone.words("To můžu udělat.", "cs")
    assert "\tn putea" in tone.words("Nu puteți face asta.", "ro")
    assert any(f.startswith("\tn ") for f in tone.words("En voi auttaa.", "fi"))
    assert any(f.startswith("\tn ") for f in tone.words("Saya tak boleh tolong.", "ms"))


def test_grams_fold_case_and_diacritics_and_cut_each_word_with_its_edges():
    assert tone.grams("Děkuji") == tone.grams("dekuji")
    assert tone.grams("ok") == [" o", "ok", "k ", " ok", "ok ", " ok "]


@pytest.mark.parametrize("text", ["Ne\u00a0vím, ZKUSTE to znovu", "ﬁxed it\u2002already", "Cafe\u0301 \u0301 OK",
                                  "well¨then", "ΟΔΟΣ  Straße Łódź"])
def test_grams_of_a_text_are_the_grams_of_its_folded_words(text):
    """Each word is folded on its own (remembered per word): the same n-grams as folding the whole text,
    also where folding turns a character into a space ("¨") or a space-like one into a plain space."""
    folded = fold(text).split()
    assert tone.grams(text) == [gram for word in folded for gram in tone._word_grams(word)]


def test_a_turn_scored_again_gets_the_probability_of_the_model_in_use(monkeypatch, known_model):
    """Probabilities are remembered per turn text, for the model that gave them: a retrained or a
    policy's other model is not answered with the old model's figure."""
    assert tone.probability(CURT, "en") == known_model.probability(CURT, "en") > 0.9
    milder = replace(known_model, intercept=-60.0)
    monkeypatch.setattr(tone, "model", lambda: milder)
    assert tone.probability(CURT, "en") == milder.probability(CURT, "en") < 0.5


@pytest.mark.parametrize("transcript,language", [
    ("Agent: Thank you for calling.", "en"),
    ("Thank you for calling.", "en"),
    ("Agent: Thank you for calling, how can I help?\nCustomer: My parcel is late.\n"
     "Agent: I'm sorry about that, let me check it for you right away.", "en"),
    ("Operátorka: Dobrý den, děkuji za zavolání. Omlouvám se za zpoždění, hned vám pošlu nový kód.", "cs"),
    ("Asiakasneuvoja: Kiitos soitosta! Korjaan laskun heti, ja saatte hyvityksen ensi kuussa.", "fi"),
    ("Pegawai: Terima kasih kerana menunggu, encik. Saya dah hantar semula kod itu ke telefon encik.", "ms"),
    ("Operator: Vă mulțumesc pentru răbdare, am rezolvat factura și primiți confirmarea pe e-mail.", "ro"),
])
def test_the_shipped_model_leaves_a_polite_call_alone(check, contact, transcript, language):
    assert not check("courtesy.positive_language", contact(transcript=transcript, language=language), tone_model=True)
