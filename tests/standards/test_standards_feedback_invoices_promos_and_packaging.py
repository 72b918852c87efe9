"""Feedback round 6: the kinds of miss seen on the fifth writer's second half (-f), each rule with
calls it must catch and a trap it must leave alone. The sentences are written for these tests, in
other words than the heldout files, so a rule that only fits one sentence fails here."""
import pytest



# --- an invoice made out to another party ------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Dostali jsme fakturu za kancelářské židle, ale je na ní úplně jiné IČO."),
    ("ro", "Client: Factura pentru internet din aprilie a venit cu adresa altui abonat."),
    ("en", "Customer: The invoice for last month's cleaning came through with a different company name on it."),
    ("fi", "Asiakas: Lasku tuli meille mutta siinä on ihan toisen yrityksen nimi."),
    ("ms", "Pelanggan: Invois bulan lepas tu keluar dengan nama syarikat lain."),
])
def test_an_invoice_made_out_to_someone_else_is_billing(language, text, heard):
    assert heard.categories(text, language) == ["billing"]


@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Fakturu chci vystavit na firmu, IČO vám pošlu mailem."),
    ("ro", "Client: Vă rog să emiteți factura pe numele meu, la adresa de acasă."),
])
def test_asking_whose_name_the_invoice_should_bear_is_not_billing(language, text, heard):
    assert heard.categories(text, language) == []


# --- the invoice's amount against what was paid --------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("ro", "Client: Pe factură apare 420 de lei, deși am plătit 380 cu reducerea de Black Friday."),
    ("en", "Customer: The receipt says £64 but I paid £48 with the sale price."),
    ("cs", "Zákazník: Na faktuře je 2 400 Kč, ale zaplatil jsem 1 900 v akci."),
])
def test_the_invoice_amount_against_the_price_paid_is_billing_not_the_promotion(language, text, heard):
    assert heard.categories(text, language) == ["billing"]


def test_an_invoice_that_matches_what_was_paid_is_not_billing(heard):
    text = "Client: Pe factură apare exact cât am plătit, deci e în regulă, sun doar pentru livrare."
    assert "billing" not in heard.categories(text, "ro")


# --- a promo code that does not work, named with where it came from ------------------------------

@pytest.mark.parametrize("language, text", [
    ("ms", "Pelanggan: Saya masukkan kod SALE15 yang saya nampak kat Facebook, tapi tak jalan langsung."),
    ("en", "Customer: I typed in the code SPRING10 from your Facebook post and it didn't work."),
])
def test_a_promo_code_that_does_not_work_is_marketing_not_a_product_fault(language, text, heard):
    assert heard.categories(text, language) == ["marketing"]


def test_a_product_that_does_not_work_stays_product(heard):
    assert heard.categories("Pelanggan: Blender yang saya beli minggu lepas tak jalan langsung.", "ms") == ["product"]


# --- asking for paper or cardboard instead of plastic -------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("ro", "Clientă: Ar fi bine să trimiteți carton în loc de atâta folie."),
    ("en", "Customer: You could use cardboard instead of all those plastic pillows."),
    ("cs", "Zákaznice: Mohli byste používat papír místo té fólie."),
])
def test_asking_for_other_packing_material_is_packaging(language, text, heard):
    assert heard.categories(text, language) == ["packaging"]


def test_a_feature_wish_is_still_product(heard):
    assert heard.categories("Clientă: Ar fi frumos să aibă și un mod de noapte.", "ro") == ["product"]


def test_a_bag_of_plastic_per_part_is_packaging(heard):
    text = "Customer: Each little part came in its own plastic bag, honestly a whole bin bag of plastic."
    assert heard.categories(text, "en") == ["packaging"]


# --- a subscription "after": only after cancelling is it billing --------------------------------

@pytest.mark.parametrize("language, text", [
    ("ro", "Client: Am făcut abonamentul după ce am văzut oferta pe site, și acum routerul nu pornește."),
    ("en", "Customer: I took the subscription after a friend recommended it, and now the app crashes."),
    ("ms", "Pelanggan: Saya ambil langganan selepas tengok kawan guna, sekarang app asyik hang."),
])
def test_a_subscription_taken_after_something_is_not_billing(language, text, heard):
    assert "billing" not in heard.categories(text, language)


@pytest.mark.parametrize("language, text", [
    ("ro", "Client: Mi-au luat bani pe abonament și după anularea din martie."),
    ("en", "Customer: You took money for the subscription after I cancelled it in March."),
])
def test_a_subscription_charged_after_cancelling_is_billing(language, text, heard):
    assert heard.categories(text, language) == ["billing"]


# --- a refund chosen as the remedy --------------------------------------------------------------

def test_choosing_the_money_back_answering_the_agent_is_not_billing(heard):
    text = ("Asiakas: Kahvinkeitin ei lämmitä enää ollenkaan.\n"
            "Tuki: Haluatteko uuden laitteen vai rahat takaisin?\n"
            "Asiakas: Rahat takaisin, en halua samaa mallia.")
    assert heard.categories(text, "fi") == ["product"]


def test_money_that_has_not_come_back_is_still_billing(heard):
    assert heard.categories("Asiakas: Palautin tuotteen kuukausi sitten, mutta rahat ei ole vieläkään tulleet.",
                            "fi") == ["billing"]


# --- the box named as where a thing was ---------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Sluchátka se nenabíjí. Kabel, který byl v balení, jsem zkoušel i jiný."),
    ("ro", "Client: Telefonul nu se încarcă deloc, nici cu încărcătorul din ambalaj."),
])
def test_the_box_named_as_where_a_part_was_is_not_packaging(language, text, heard):
    assert heard.categories(text, language) == ["product"]


def test_a_complaint_about_the_packaging_itself_is_still_packaging(heard):
    assert heard.categories("Zákazník: Balení bylo úplně rozmačkané.", "cs") == ["packaging"]


# --- an intact box, and a seal phrase across a comma ---------------------------------------------

def test_a_box_said_fine_and_not_torn_with_its_seal_is_not_packaging(heard):
    text = ("Pelanggan: Meja yang saya beli kurang 2 kaki.\n"
            "Ejen: Kotak sampai macam mana?\n"
            "Pelanggan: Kotak ok, tak koyak, seal pun ada.")
    assert heard.categories(text, "ms") == ["product"]


def test_a_missing_seal_is_still_packaging(heard):
    assert heard.categories("Pelanggan: Krim tu sampai takde seal langsung.", "ms") == ["packaging"]


# --- the product of a billing item and the goods newly named --------------------------------------

def test_a_billing_item_names_the_goods_the_call_is_about(heard):
    text = ("Customer: I ordered the Breeze 200 toaster last week.\n"
            "Agent: How can I help?\n"
            "Customer: My card was charged twice for it.")
    found = heard.suggestions(text, "en")
    assert [(s.category, s.product) for s in found] == [("billing", "Breeze 200 toaster")]


def test_a_billing_item_with_no_goods_named_has_no_product(heard):
    found = heard.suggestions("Customer: I was charged twice this month.", "en")
    assert [(s.category, s.product) for s in found] == [("billing", None)]


@pytest.mark.parametrize("language, text, word", [
    ("cs", "Zákaznice: Zubní kartáček Dentix se po týdnu přestal nabíjet.", "kartáček"),
    ("fi", "Asiakas: Uusi espressokone vuotaa pohjasta.", "espressokone"),
    ("ms", "Pelanggan: Casing Shield untuk phone saya retak lepas seminggu.", "Casing"),
    ("en", "Customer: The pram's front wheel snapped off on the second day.", "pram"),
])
def test_newly_named_goods_are_the_product(language, text, word, heard):
    found = heard.suggestions(text, language)
    assert found and word.lower() in (found[0].product or "").lower()


# --- an intact word that is a word of a wish ------------------------------------------------------

@pytest.mark.parametrize("language, text", [
    ("ms", "Pelanggan: Lebih baik guna kotak kertas je, plastik banyak sangat."),
    ("en", "Customer: It would be perfect if you could use cardboard instead."),
])
def test_a_wish_for_other_packing_is_packaging_even_with_a_word_of_praise(language, text, heard):
    assert heard.categories(text, language) == ["packaging"]


def test_a_box_said_fine_still_clears_the_box(heard):
    assert heard.categories("Pelanggan: Kotak baik, tak kemek pun.", "ms") == []


@pytest.mark.parametrize("language, text", [
    ("en", "Customer: I want a refund, it still hasn't come through after three weeks."),
    ("en", "Customer: I'd like my money back, it never arrived after I returned it."),
    ("cs", "Zákazník: Chci peníze zpátky, pořád nepřišly."),
    ("ro", "Client: Vreau banii înapoi, încă nu au venit."),
    ("fi", "Asiakas: Haluan rahat takaisin, koska palautus ei ole vieläkään tullut."),
])
def test_asking_for_the_money_back_that_has_not_come_is_still_billing(language, text, heard):
    assert heard.categories(text, language) == ["billing"]


@pytest.mark.parametrize("language, text", [
    ("en", "Customer: There was a big crack in the packaging when it arrived."),
    ("ro", "Client: În ambalaj era o gaură mare."),
    ("cs", "Zákazník: V balení byla díra a krabice byla promočená."),
])
def test_a_fault_in_the_packaging_itself_is_still_packaging(language, text, heard):
    assert heard.categories(text, language) == ["packaging"]


def test_a_part_that_came_in_the_box_and_does_not_work_is_product(heard):
    assert heard.categories("Zákazník: Nabíječka, co byla v balení, nefunguje.", "cs") == ["product"]


def test_a_czech_does_not_work_alone_is_product_and_works_is_nothing(heard):
    assert heard.categories("Zákazník: Ta nová konvice vůbec nefunguje.", "cs") == ["product"]
    assert heard.categories("Zákazník: Konvice funguje, jen jsem se chtěl zeptat na záruku.", "cs") == []


# --- an error code is the goods' fault, not a promotional code ------------------------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Customer: The washing machine shows error code E4 and now it doesn't work at all."),
    ("ms", "Pelanggan: Mesin basuh tu keluar kod ralat E4, lepas tu tak jalan langsung."),
    ("cs", "Zákazník: Pračka hlásí chybový kód E4 a vůbec nefunguje."),
    ("fi", "Asiakas: Pesukone näyttää virhekoodin E4 eikä toimi ollenkaan."),
    ("ro", "Client: Mașina de spălat arată codul de eroare E4 și nu funcționează deloc."),
])
def test_an_error_code_and_it_does_not_work_is_product(language, text, heard):
    assert heard.categories(text, language) == ["product"]


@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Kód JARO10 z vašeho Instagramu mi v košíku vůbec nefungoval."),
    ("fi", "Asiakas: Se koodi KEVAT15 teidän Facebookista ei toiminut kassalla."),
    ("ro", "Client: Codul TOAMNA10 din newsletter nu a mers deloc la plată."),
])
def test_a_code_from_an_advert_or_newsletter_that_fails_is_marketing(language, text, heard):
    assert heard.categories(text, language) == ["marketing"]


def test_a_customer_number_code_is_not_a_promotion(heard):
    assert "marketing" not in heard.categories("Client: Codul de client e bun, dar aplicația nu merge.", "ro")


def test_a_discount_code_that_would_not_work_written_out_is_marketing(heard):
    text = "Customer: The discount code from your email last week just would not work at checkout."
    assert heard.categories(text, "en") == ["marketing"]


# --- traps of this round's phrases: a question, a request, a means of payment ----------------------

@pytest.mark.parametrize("language, text", [
    ("en", "Customer: Could I use paper filters with this coffee machine?"),
    ("ms", "Pelanggan: Boleh saya guna kertas biasa untuk printer ni?"),
    ("fi", "Asiakas: Voisinko käyttää paperia tässä tulostimessa?"),
])
def test_asking_whether_one_may_use_paper_is_not_packaging(language, text, heard):
    assert "packaging" not in heard.categories(text, language)


@pytest.mark.parametrize("language, text", [
    ("cs", "Zákazník: Potřebuju fakturu na jinou firmu než minule, jde to?"),
    ("ro", "Client: Vreau factura pe numele firmei, la altă adresă decât livrarea."),
    ("ro", "Client: Pe factură e totul corect, dar am plătit cu cardul și vreau chitanța."),
    ("en", "Customer: The invoice has everything right, but I paid by card so I need a receipt."),
])
def test_a_request_about_the_invoice_or_the_means_of_payment_is_not_billing(language, text, heard):
    assert heard.categories(text, language) == []


@pytest.mark.parametrize("language, text", [
    ("fi", "Asiakas: Laskulla on 59 euroa, vaikka hinta oli kampanjassa 39."),
    ("ms", "Pelanggan: Resit tulis RM89 tapi saya bayar RM69 masa promosi."),
    ("cs", "Zákazník: Faktura přišla na jméno jiné firmy."),
    ("ro", "Client: Mi-a venit factura pe numele altei persoane."),
])
def test_other_phrasings_of_a_wrong_invoice_are_billing(language, text, heard):
    assert heard.categories(text, language) == ["billing"]
