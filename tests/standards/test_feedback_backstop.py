"""The learned feedback backstop (crm/standards/builtin/feedback_model.py, docs/standards.md "The feedback
backstop"): a complaint the phrase patterns do not list is still suggested, by the model, and the model
only ever adds.

Measured leaving one writer out at a time, most of what the classifier gets wrong on writers it has
not seen is an item missed because the customer used words feedback.json does not list (a device that
"just shows static", a fridge "like a tractor"). Each call below (written for this test; no writer's
sentence is copied) is one the phrase patterns alone give nothing for, so what is heard is the
model's; each has a twin in the same words where the customer reports nothing wrong, which must stay
without a suggestion.
"""
import pytest

from crm.standards.builtin import feedback_model
from crm.standards.builtin.classifier import suggest

LABELS = {"en": ("Agent", "Customer"), "ms": ("Ejen", "Pelanggan"), "cs": ("Operátorka", "Zákazník"),
          "fi": ("Asiakaspalvelija", "Asiakas"), "ro": ("Agent", "Client")}


def call(lines: list[str], language: str) -> str:
    agent, caller = LABELS[language]
    return "\n".join(f"{agent}: OK.\n{caller}: {line}" for line in lines)


COMPLAINTS = [
    # (language, the customer's lines, the category expected, the twin: the same goods, nothing wrong)
    ("cs", ["Ta lampa, co jsem si od vás koupil, pořád bliká a pak úplně zhasne."], "product",
     ["Ta lampa, co jsem si od vás koupil, svítí krásně, jen se ptám na otevírací dobu."]),
    ("cs", ["Ten vysavač od vás strašně rachotí a po chvilce se sám vypne."], "product",
     ["Ten vysavač od vás je v pořádku, jen se ptám na otevírací dobu."]),
    ("fi", ["Kuulokkeista kuuluu vaan rätinää, musiikkia ei kuule ollenkaan."], "product",
     ["Kuulokkeet toimii hyvin, kysyn vain aukioloaikoja."]),
    ("ro", ["Aspiratorul de la voi scârțâie groaznic și se stinge după două minute."], "product",
     ["Aspiratorul de la voi funcționează bine, vreau doar să știu programul magazinului."]),
]


@pytest.mark.parametrize("language,lines,category,twin", COMPLAINTS)
def test_a_complaint_in_unlisted_words_is_suggested_by_the_model(language, lines, category, twin):
    text = call(lines, language)
    assert suggest(text, language, backstop=False) == []  # the phrase patterns hear nothing
    [item] = suggest(text, language)
    assert item.category == category
    assert item.evidence in lines  # the customer's own sentence, never the agent's
    assert item.confidence < 0.6  # below every phrase-based suggestion
    assert suggest(call(twin, language), language) == []


@pytest.mark.parametrize("language,lines", [
    # the patterns read the sentence as packaging: the model does not add the "missing" it reads as a part
    ("en", ["The return slip was missing from the box."]),
    # a question asks rather than complains, however much it sounds like goods
    ("ms", ["Membazir sangat, boleh tak guna kertas je?"]),
])
def test_the_model_takes_no_sentence_the_patterns_read_and_no_question(language, lines):
    text = call(lines, language)
    assert suggest(text, language) == suggest(text, language, backstop=False)


@pytest.mark.parametrize("language,lines", [
    ("en", ["The kettle leaks from the bottom.", "And the ad said it boils in a minute, it takes four."]),
    ("cs", ["Krabice přišla úplně rozmačkaná.", "A na faktuře mám poštovné dvakrát."]),
    ("ro", ["Cutia a venit zdrobită.", "Și mi-ați taxat livrarea de două ori."]),
])
def test_the_model_only_adds_to_what_the_phrases_found(language, lines):
    text = call(lines, language)
    phrases = [(s.category, s.evidence, s.confidence) for s in suggest(text, language, backstop=False)]
    both = [(s.category, s.evidence, s.confidence) for s in suggest(text, language)]
    assert phrases and both[:len(phrases)] == phrases


def test_the_model_is_read_once_per_process():
    assert feedback_model.model() is feedback_model.model()
    assert set(feedback_model.model().categories) == {"product", "packaging", "marketing", "billing"}
