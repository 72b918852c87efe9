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
    ("en", "It would be great if the app had dark mode.", "product", "app"),
    ("ms", "Alangkah baiknya jika aplikasi ada mod gelap.", "product", "aplikasi"),
    ("cs", "Bylo by skvělé, kdyby aplikace měla tmavý režim.", "product", "aplikace"),
    ("fi", "Olisi kiva, jos sovelluksessa olisi tumma tila.", "product", "sovellus"),  # the goods in their dictionary form
    ("ro", "Ar fi grozav dacă aplicația ar avea modul întunecat.", "product", "aplicația"),
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


@pytest.mark.parametrize("language, sentence, category, product",
                         [case if len(case) == 4 else (*case, None) for case in HEARD])
def test_feedback_is_suggested_for_the_department_that_owns_it(language, sentence, category, product):
    [suggestion] = crm_classify_feedback(sentence, language)
    assert suggestion.category == category
    assert suggestion.text == sentence
    assert suggestion.matched
    # The product is what the customer names ("the app"); a sentence naming none gives none.
    assert suggestion.product == product


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


from crm.standards.builtin.classifier import classify  # noqa: E402


@pytest.mark.parametrize("language, transcript", [
    ("en", "Agent: Hello.\nCustomer: The battery only lasts two hours. The box says thirty."),
    ("cs", "Operátor: Dobrý den.\nZákazník: V krabici chybí víko od nádoby, bez něj to nejde zapnout."),
    ("ro", "Operator: Bună ziua.\nClient: Bateria se descarcă în 20 de minute, pe cutie scrie 120."),
])
def test_a_box_named_alone_is_not_a_packaging_item(language, transcript):
    assert [s.category for s in classify("", transcript, language)] == ["product"]


def test_one_issue_told_in_summary_and_twice_in_the_transcript_is_one_item():
    summary = "Customer: headphones battery only lasts about 2 hrs instead of 30."
    transcript = ("Agent: Hello.\nCustomer: My headphones' battery is only lasting two hours.\n"
                  "Agent: Did you reset them?\nCustomer: Yes. Still dead by lunchtime.")
    [item] = classify(summary, transcript, "en")
    assert item.category == "product"
    assert item.evidence == "My headphones' battery is only lasting two hours."


@pytest.mark.parametrize("language, transcript", [
    ("en", "Agent: Hi.\nCustomer: The kettle leaks from the bottom.\nAgent: Sorry.\n"
           "Customer: Also, the lid hinge snapped off."),
    ("ms", "Ejen: Helo.\nPelanggan: Cerek saya bocor dari bawah.\nEjen: Maaf.\n"
           "Pelanggan: Satu lagi, penutup dia dah patah."),
])
def test_a_second_issue_of_the_same_category_after_also_is_a_second_item(language, transcript):
    assert [s.category for s in classify("", transcript, language)] == ["product", "product"]


def test_the_summary_note_of_the_agents_offer_is_not_feedback():
    summary = "Address changed. Offered the Black Friday newsletter, declined."
    transcript = "Agent: Hello.\nCustomer: I've moved, can you change my address?"
    assert classify(summary, transcript, "en") == []


@pytest.mark.parametrize("language, transcript", [
    ("ro", "Operator: Bună ziua.\nClient: Nu mă pot loga în aplicație, am uitat parola."),
    ("ms", "Ejen: Helo.\nPelanggan: Link reset tak sampai. Ha, ada dalam spam. Ok tapi jangan jadi lagi."),
])
def test_words_of_another_language_do_not_make_items(language, transcript):
    assert classify("", transcript, language) == []


def test_one_sentence_never_gives_three_items():
    sentence = ("Customer: The box was crushed, the charger is missing, I was billed twice "
                "and the advert promised free delivery.")
    assert len(classify("", sentence, "en")) <= 2
