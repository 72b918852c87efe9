"""The built-in keyword classifier of customer feedback, in the five languages of the articles."""
import pytest

from crm.standards.builtin.classifier import crm_classify_feedback

HEARD = [
    # packaging
    ("en", "The box arrived crushed.", "packaging"),
    ("ms", "Kotak itu remuk semasa sampai.", "packaging"),
    ("cs", "Krabice byla rozmačkaná.", "packaging"),
    ("fi", "Laatikko oli rikki.", "packaging"),
    ("fi", "Laatikko oli murskaantunut.", "packaging"),
    ("ro", "Cutia a venit strivită.", "packaging"),
    ("ro", "Cutia a venit deteriorata.", "packaging"),
    # product
    ("en", "It would be great if the app had dark mode.", "product"),
    ("ms", "Alangkah baiknya jika aplikasi ada mod gelap.", "product"),
    ("cs", "Bylo by skvělé, kdyby aplikace měla tmavý režim.", "product"),
    ("fi", "Olisi kiva, jos sovelluksessa olisi tumma tila.", "product"),
    ("ro", "Ar fi grozav dacă aplicația ar avea modul întunecat.", "product"),
    # marketing
    ("en", "I saw your ad on the bus.", "marketing"),
    ("en", "The promotion email was confusing.", "marketing"),
    ("ms", "Iklan anda mengelirukan.", "marketing"),
    ("cs", "Ta reklama byla zavádějící.", "marketing"),
    ("fi", "Mainoksenne oli harhaanjohtava.", "marketing"),
    ("ro", "Reclama voastră era confuză.", "marketing"),
    # billing
    ("en", "I was charged twice.", "billing"),
    ("ms", "Saya dicaj dua kali.", "billing"),
    ("cs", "Naúčtovali mi to dvakrát.", "billing"),
    ("fi", "Minulta veloitettiin kahdesti.", "billing"),
    ("ro", "Am fost taxat de două ori.", "billing"),
]


@pytest.mark.parametrize("language, sentence, category", HEARD)
def test_feedback_is_suggested_for_the_department_that_owns_it(language, sentence, category):
    [suggestion] = crm_classify_feedback(sentence, language)
    assert suggestion.category == category
    assert suggestion.text == sentence
    assert suggestion.matched
    assert suggestion.product is None


def test_the_language_given_does_not_limit_the_keywords():
    [suggestion] = crm_classify_feedback("Krabice byla rozmačkaná.", None)
    assert suggestion.category == "packaging"
    [suggestion] = crm_classify_feedback("Krabice byla rozmačkaná.", "en")
    assert suggestion.category == "packaging"


def test_the_keywords_that_matched_are_given():
    [suggestion] = crm_classify_feedback("THE BOX ARRIVED CRUSHED", "en")
    assert suggestion.matched == ("box arrived crushed",)
    assert suggestion.evidence == "THE BOX ARRIVED CRUSHED"
    assert 0 < suggestion.confidence <= 1


def test_each_sentence_is_its_own_suggestion_without_its_speaker_label():
    transcript = (
        "Agent: How can I help?\n"
        "Customer: The box arrived crushed. Also, I was charged twice!\n"
        "Agent: I'm sorry the box arrived crushed; I will refund the second charge."
    )
    suggestions = crm_classify_feedback(transcript, "en")
    assert [(s.category, s.text) for s in suggestions] == [
        ("packaging", "The box arrived crushed."),
        ("billing", "Also, I was charged twice!"),
    ]


def test_a_sentence_may_concern_several_departments_but_each_only_once():
    sentence = "The box was crushed and the box was dented, and I was billed twice."
    suggestions = crm_classify_feedback(sentence, "en")
    assert [s.category for s in suggestions] == ["packaging", "billing"]
    assert suggestions[0].matched == ("box was crushed", "box was dented")


def test_a_sentence_repeated_is_one_suggestion():
    assert len(crm_classify_feedback("The box was crushed.\nThe box was crushed.", "en")) == 1


@pytest.mark.parametrize("text", ["", "I would like to know my order status.", "Dobrý den, kdy to dorazí?"])
def test_nothing_heard_is_an_empty_answer_not_none(text):
    assert crm_classify_feedback(text, None) == []
