"""Czech and Finnish feedback families of round 9, each with calls it must catch (written for these
tests, not the writers' sentences) and traps it must leave alone: the agent's passive notes in a
summary, goods wrapped piece by piece in plastic, a charge after cancelling, a catalogue's claim,
and "not my fault" said by the customer."""
import pytest

from crm.standards.builtin.classifier import classify


def categories(text: str, language: str, summary: str = "") -> list[str]:
    return sorted(s.category for s in classify(summary, text, language))


@pytest.mark.parametrize("language, summary", [
    ("fi", "Asiakas kysyi toimitusajan. Kerrottu että markkinointi lähettää alekoodit ja laskutus uuden laskupohjan."),
    ("fi", "Asiakas kysyi aukioloajat. Tarjottu siirtoa laskutukseen, ei tarvinnut."),
    ("cs", "Zákazník se ptal na stav objednávky. Nabídnuto přihlášení k newsletteru se slevou, nemá zájem."),
])
def test_a_summary_sentence_opened_by_the_agent_s_passive_note_is_no_feedback(language, summary):
    assert categories("", language, summary) == []


@pytest.mark.parametrize("text", [
    "Zákaznice: Každý kelímek byl zvlášť v igelitu a v krabici ještě plno nafukovacích polštářků.",
    "Zákazník: Klidně to balte do papíru, stačil by papír místo těch plastových kuliček.",
    "Zákaznice: Každá tyčinka přišla samostatně zatavená v plastu.",
])
def test_goods_wrapped_piece_by_piece_in_plastic_is_packaging(text):
    assert categories(text, "cs") == ["packaging"]


def test_praise_for_goods_without_a_packing_word_is_nothing():
    assert categories("Zákaznice: Každý kus byl zvlášť krásně vonící, jsem moc spokojená.", "cs") == []


@pytest.mark.parametrize("text", [
    "Asiakas: Irtisanoin sopimuksen jo kuukausi sitten ja silti veloitettiin taas 9,90.",
    "Asiakas: Lopetin jäsenyyden maaliskuussa, mutta multa on edelleen laskutettu joka kuu.",
])
def test_charged_still_after_cancelling_is_billing(text):
    assert categories(text, "fi") == ["billing"]


def test_a_catalogue_claim_is_marketing():
    text = "Asiakas: Joulukuvastossa luki, että lamppu on kolme kertaa kirkkaampi, mutta se ei pidä paikkaansa."
    assert "marketing" in categories(text, "fi")


def test_not_my_fault_said_by_the_customer_is_no_product_fault():
    text = "Asiakas: Sain muistutusmaksun vaikka maksoin ajallaan. No se ei oo mun vika, eikö?"
    assert categories(text, "fi") == ["billing"]
