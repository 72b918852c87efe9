"""Czech and Finnish thanks that are not thanks (sarcasm, relayed thanks, "thanks to" a cause), and
Finnish initials as speaker labels (round 9)."""
import pytest

from crm.standards.language import AGENT, CUSTOMER, split_turns


def thanked(check, contact, transcript, language):
    return not check("courtesy.thanks", contact(transcript=transcript, language=language))


NOT_THANKS = [
    # sarcastic: thanking the customer for shouting or for calling yet again
    ("Asiakaspalvelija: No kiitti vaan kun huudatte korvaan.\nAsiakas: Anteeksi.", "fi"),
    ("Asiakaspalvelija: Kiitos tosi paljon että soititte taas.\nAsiakas: Mitä?", "fi"),
    ("Operátorka: No tak to vám teda pěkně děkuju, teď je to celé smazané.\nZákazník: Aha.", "cs"),
    # relayed: someone else's thanks passed on
    ("Asiakaspalvelija: Kuljettaja pyysi välittämään kiitokset teille.\nAsiakas: Okei.", "fi"),
    ("Asiakaspalvelija: Vastaanottaja oli kiittäny jo kuljettajaa.\nAsiakas: Okei.", "fi"),
    # a cause: "kiitos" with a genitive, "díky" with a dative
    ("Asiakaspalvelija: Kiitos kylmän talven kulutus nousi.\nAsiakas: Okei.", "fi"),
    ("Asiakaspalvelija: Kiitos nopean korjauksen vesi palasi.\nAsiakas: Okei.", "fi"),
    ("Operátorka: Díky nové aplikaci to máte rychleji.\nZákazník: Aha.", "cs"),
    ("Operátorka: Díky nižší ceně ušetříte.\nZákazník: Aha.", "cs"),
    ("Operátorka: Díky tý nový verzi to jede.\nZákazník: Aha.", "cs"),
]

THANKS = [
    ("Asiakaspalvelija: Kiitos että soititte, hoidetaan tämä kuntoon.\nAsiakas: Okei.", "fi"),
    ("Asiakaspalvelija: Kiitos paljon ja hyvää päivänjatkoa.\nAsiakas: Kiitos.", "fi"),
    ("Asiakaspalvelija: Kiitos vaan soitosta.\nAsiakas: Moi.", "fi"),
    ("Operátorka: Děkuju pěkně za trpělivost.\nZákazník: Nashle.", "cs"),
    ("Operátorka: Díky moc, na shledanou.\nZákazník: Nashle.", "cs"),
    ("Operátorka: Díky vám, hezký den.\nZákazník: Nashle.", "cs"),
]


@pytest.mark.parametrize("transcript,language", NOT_THANKS)
def test_words_of_thanks_that_do_not_thank_the_customer(check, contact, transcript, language):
    assert not thanked(check, contact, transcript, language)


@pytest.mark.parametrize("transcript,language", THANKS)
def test_plain_thanks_still_count(check, contact, transcript, language):
    assert thanked(check, contact, transcript, language)


def test_finnish_initials_v_and_a_put_the_clerk_first():
    turns, labelled = split_turns("V: Vakuutus, Sanna, moi.\nA: Moi, pyörä varastettiin.\nV: Ikävä kuulla.\nA: Niin.")
    assert labelled
    assert [speaker for speaker, _, _ in turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]


def test_a_and_z_stay_agent_and_customer():
    turns, _ = split_turns("A: Podpora, prosím.\nZ: Nejde mi internet.\nA: Podívám se.\nZ: Díky.")
    assert [speaker for speaker, _, _ in turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]
