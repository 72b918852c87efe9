"""Feedback round 7: the kinds of miss in the classifier's scope seen on the -f files (the product
of a billing item) and on the sixth writer's dev half (-g), each rule with calls it must catch and a
trap it must leave alone. The sentences are written for these tests, in other words than the
heldout files, so a rule that only fits one sentence fails here."""
import pytest



# --- the bill as the product of a billing item in a call that names no goods ---------------------

@pytest.mark.parametrize("language, text, word", [
    ("cs", "Zákazník: Faktura za úklid kanceláří má špatně IČO, je tam jiná firma.", "faktura"),
    ("ro", "Client: Factura de apă pe aprilie a venit cu numele altui client.", "factura"),
    ("en", "Customer: The invoice for the window cleaning came with another company's name on it.", "invoice"),
])
def test_a_billing_item_with_only_the_bill_named_names_the_bill(language, text, word, heard):
    [(category, product)] = heard.products(text, language)
    assert category == "billing" and word in (product or "").lower()


@pytest.mark.parametrize("language, text, goods", [
    ("cs", "Zákazník: Objednal jsem si mixér. Na faktuře je ale účtovaný dvakrát.", "mixér"),
    ("ro", "Client: Am comandat un fierbător. Pe factură apare de două ori, mi s-au luat banii de două ori.", "fierbător"),
])
def test_goods_named_in_the_call_stay_the_product_of_its_billing_item(language, text, goods, heard):
    said = dict(heard.products(text, language))
    assert goods in (said.get("billing") or "")


# --- the opt-out of the promotions that does not work is marketing -------------------------------

@pytest.mark.parametrize("language, text", [
    ("fi", "Asiakas: Teidän mainosviestien peruutuslinkki ei toimi, olen yrittänyt monta kertaa."),
    ("cs", "Zákazník: Odhlašovací odkaz v těch vašich mailech nefunguje, pořád mi chodí reklamy."),
    ("ro", "Client: Linkul de dezabonare din emailuri nu funcționează deloc."),
])
def test_an_opt_out_link_that_does_not_work_is_marketing(language, text, heard):
    assert heard.categories(text, language) == ["marketing"]


@pytest.mark.parametrize("language, text", [
    ("fi", "Asiakas: Kahvinkeitin ei toimi ollenkaan, se ei lämpene."),
    ("cs", "Zákazník: Ten odkaz na návod nefunguje a mixér nejde zapnout."),
])
def test_goods_that_do_not_work_stay_product_without_an_opt_out(language, text, heard):
    assert heard.categories(text, language) == ["product"]


# --- a platform being watched or used is not an advert --------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("ro", "Client: Tableta mea se încălzește foarte tare.\nAgent: Înțeleg.\nClient: Da, mai ales seara, când mă uit pe TikTok."),
    ("en", "Customer: My tablet overheats badly.\nAgent: I see.\nCustomer: Yes, especially in the evening when I'm watching YouTube."),
    ("cs", "Zákazník: Tablet se strašně přehřívá.\nOperátor: Rozumím.\nZákazník: Hlavně večer, když koukám na YouTube."),
])
def test_a_platform_being_watched_is_not_marketing(language, text, heard):
    assert heard.categories(text, language) == ["product"]


@pytest.mark.parametrize("language, text", [
    ("ro", "Client: Pe Instagram ați avut reducere de 40%, dar în coș prețul era întreg."),
    ("en", "Customer: Your advert on YouTube said forty percent off, but the checkout charged full price."),
])
def test_a_platform_where_the_advert_ran_stays_marketing(language, text, heard):
    assert "marketing" in heard.categories(text, language)


# --- a crushed box in Czech participles ---------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Zákazník: Krabice přišla úplně zmáčknutá, ale hrnky jsou v pořádku.",
    "Zákazník: Přišla zmačklá krabice, naštěstí obsah je celý.",
])
def test_a_crushed_box_is_packaging(text, heard):
    assert heard.categories(text, "cs") == ["packaging"]


def test_pressing_a_button_is_not_a_crushed_box(heard):
    assert "packaging" not in heard.categories("Zákazník: Když zmáčknu tlačítko na krabici mixéru, nic se nestane.",
                                               "cs")


# --- charged one rate instead of another ---------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Od května mi účtujete dražší tarif místo toho, co mám ve smlouvě."),
    ("en", "Customer: You've billed me for the premium package instead of the basic one."),
    ("fi", "Asiakas: Mulle on laskutettu isompi liittymä sen pienemmän sijaan."),
    ("ro", "Client: Mi-ați facturat abonamentul mare în loc de cel de bază."),
])
def test_charged_one_rate_instead_of_another_is_billing(language, text, heard):
    assert heard.categories(text, language) == ["billing"]


@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Místo opravy bych radši nový kus, ten vysavač se nedá zapnout."),
    ("en", "Customer: Instead of a repair I'd rather have a new one, the vacuum won't switch on."),
])
def test_instead_without_a_charge_is_not_billing(language, text, heard):
    assert "billing" not in heard.categories(text, language)


# --- the promotion's condition left out of the advert --------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Slevu jsem nedostal, prý jen pro nové zákazníky, ale v té SMS to nikde nebylo."),
    ("en", "Customer: Apparently the discount is for new customers only, but that wasn't in the email you sent me."),
    ("ro", "Client: Zice că oferta e doar pentru clienți noi, dar nu scria asta în mesajul primit."),
    ("fi", "Asiakas: Etu koskee kuulemma vain uusia asiakkaita, mut tekstiviestissä sitä ei ollu mainittu."),
])
def test_a_condition_left_out_of_the_advert_is_marketing(language, text, heard):
    assert heard.categories(text, language) == ["marketing"]


@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Návod nebyl v krabici a mixér nejde zapnout."),
    ("en", "Customer: The charger wasn't in the box and the speaker won't turn on."),
    ("ro", "Client: Nu era nimic în colet, cutia a venit goală."),
])
def test_something_missing_from_the_box_is_not_marketing(language, text, heard):
    assert "marketing" not in heard.categories(text, language)


def test_an_sms_that_never_came_is_not_a_condition_left_out(heard):
    assert "marketing" not in heard.categories("Pelanggan: SMS pengesahan tak ada pun, tapi duit dah potong dua kali.",
                                               "ms")
