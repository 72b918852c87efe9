"""Feedback round 16, second pass: the kinds of miss writer s showed, each fixed by a general rule,
each beside a near-miss twin that must keep its old answer. Sentences written for this test; none is
the writer's.

- what went wrong with the delivery, the courier, a shop's staff or the website's checkout is `other`
  (docs/feedback.md has no category of its own for it): a parcel days late, left outside in the rain,
  a transfer that never came, a checkout that shows an error;
- a box only wet because the courier left it out is the courier's issue, not the packing's;
- a refund promised within some days and overdue is billing;
- Finnish goods in their dictionary form where the dictionary reads two nouns ("lautasta") or the
  stem's consonants alternate ("takin" → "takki").
"""
import pytest

from test_feedback_round15 import categories, products


@pytest.mark.parametrize("lines,language", [
    (["My order turned up nine days late and nobody told me why."], "en"),
    (["Penghantaran lewat sangat, order saya tertangguh dua minggu."], "ms"),
    (["Zásilka měla zpoždění skoro deset dní a nikdo mi nic nenapsal."], "cs"),
    (["Tilaukseni oli myöhässä yli viikon eikä kukaan ilmoittanut mitään."], "fi"),
    (["Comanda mea a întârziat zece zile și nu m-a anunțat nimeni."], "ro"),
])
def test_a_late_delivery_is_other(lines, language):
    assert categories(lines, language) == ["other"]


@pytest.mark.parametrize("lines,language", [
    # twins: the parcel came when promised, nothing to report
    (["My order turned up on the day you said, thanks."], "en"),
    (["Order saya sampai tepat pada masanya, terima kasih."], "ms"),
    (["Zásilka přišla přesně podle plánu, děkuju."], "cs"),
    (["Tilaukseni tuli ajallaan, kiitos."], "fi"),
    (["Comanda mea a ajuns la timp, mulțumesc."], "ro"),
])
def test_a_delivery_on_time_is_no_complaint(lines, language):
    assert categories(lines, language) == []


@pytest.mark.parametrize("lines,language", [
    (["Every time I try to pay on your website the checkout page shows an error and freezes."], "en"),
    (["Saya tak boleh checkout kat website, asyik keluar ralat."], "ms"),
    (["Na vašem webu mi při objednávce pokaždé spadne pokladna na chybovou stránku."], "cs"),
    (["Verkkokaupan kassa antaa aina virheen kun yritän maksaa."], "fi"),
    (["Pagina de plată de pe site se blochează de fiecare dată când vreau să comand."], "ro"),
])
def test_a_website_that_fails_at_checkout_is_other(lines, language):
    assert categories(lines, language) == ["other"]


@pytest.mark.parametrize("lines,language,category", [
    # twins: a payment failing on a subscription is still billing; goods showing an error code are
    # still a fault of the goods
    (["My subscription payment failed twice and you still charged a late fee."], "en", "billing"),
    (["The washing machine shows error E21 and stops mid-cycle."], "en", "product"),
])
def test_a_failed_payment_or_an_error_code_without_the_website_keeps_its_category(lines, language, category):
    assert categories(lines, language) == [category]


@pytest.mark.parametrize("lines,language", [
    (["The delivery driver left my parcel outside in the rain.", "The box got soaked but the jumper inside is fine."],
     "en"),
    (["Kurýr nechal balík venku na dešti.", "Krabice byla promočená, ale svetr uvnitř je v pořádku."], "cs"),
    (["Kuriiri jätti paketin oven eteen sateeseen.", "Laatikko oli märkä, mutta villapaita on kunnossa."], "fi"),
    (["Curierul a lăsat coletul afară în ploaie.", "Cutia era udă, dar puloverul e în regulă."], "ro"),
])
def test_a_box_wet_from_being_left_out_is_the_couriers_issue(lines, language):
    assert categories(lines, language) == ["other"]


@pytest.mark.parametrize("lines,language", [
    # twins: a wet box with no courier to blame is the packing's
    (["The box was wet through when it arrived."], "en"),
    (["Krabice byla promočená, ale svetr uvnitř je v pořádku."], "cs"),
])
def test_a_wet_box_alone_stays_packaging(lines, language):
    assert categories(lines, language) == ["packaging"]


@pytest.mark.parametrize("lines,language", [
    (["Kävin myymälässä ja myyjä tuhahti ja käänsi selkänsä, kun kysyin hinnasta."], "fi"),
    (["Prodavač v prodejně protočil oči a otočil se ke mně zády."], "cs"),
])
def test_a_shop_assistants_behaviour_is_other(lines, language):
    assert categories(lines, language) == ["other"]


@pytest.mark.parametrize("lines,language", [
    (["You promised me a refund within ten days and it's been a month."], "en"),
    (["Korang janji refund dalam 7 hari, dah sebulan tak masuk."], "ms"),
    (["Slíbili mi vrácení peněz do 14 dnů a už uběhl měsíc."], "cs"),
    (["Teiltä luvattiin hyvitys viikossa, ja nyt on mennyt kuukausi."], "fi"),
    (["Mi s-a promis rambursarea în 10 zile și a trecut o lună."], "ro"),
])
def test_a_promised_refund_overdue_is_billing(lines, language):
    assert categories(lines, language) == ["billing"]


@pytest.mark.parametrize("lines,language,named", [
    (["Ostin lautasen ja palautin sen, mutta rahoja ei ole vieläkään tullut."], "fi", "lautanen"),
    (["Palautin talvitakin, mutta rahoja ei ole vieläkään tullut."], "fi", "talvitakki"),
])
def test_finnish_goods_read_in_the_reading_the_goods_words_know(lines, language, named):
    assert products(lines, language)["billing"] == named


@pytest.mark.parametrize("lines,language", [
    (["It would be great if you opened a showroom in Leeds so I could see the sofas first."], "en"),
    (["Best kalau korang buka kedai kat Ipoh, senang nak tengok barang dulu."], "ms"),
    (["Bylo by super, kdybyste měli prodejnu i v Olomouci."], "cs"),
    (["Olisi kiva jos teillä olisi myymälä myös Oulussa."], "fi"),
    (["Ar fi super să aveți un magazin și în Iași, să văd mobila pe viu."], "ro"),
])
def test_a_wish_for_a_shop_is_other(lines, language):
    assert categories(lines, language) == ["other"]


@pytest.mark.parametrize("lines,language", [
    # twins: the same wish about the goods stays a product idea
    (["It would be great if the kettle had a longer cable."], "en"),
    (["Bylo by super, kdyby konvice měla delší kabel."], "cs"),
    (["Olisi kiva jos vedenkeittimessä olisi pidempi johto."], "fi"),
    (["Ar fi super ca fierbătorul să aibă un cablu mai lung."], "ro"),
])
def test_the_same_wish_about_the_goods_stays_product(lines, language):
    assert categories(lines, language) == ["product"]


@pytest.mark.parametrize("lines,language", [
    (["The blister pack on the charger was impossible to open, I needed a knife.",
      "And there was far too much plastic around one small charger."], "en"),
    (["Pakkaus oli niin tiukka, ettei sitä saanut auki ilman saksia.",
      "Ja pakkauksessa oli ihan liikaa muovia."], "fi"),
    (["Ambalajul încărcătorului e aproape imposibil de deschis.",
      "Și e mult prea mult plastic pentru un încărcător mic."], "ro"),
])
def test_a_pack_hard_to_open_and_too_much_plastic_are_two_issues(lines, language):
    assert categories(lines, language) == ["packaging", "packaging"]


@pytest.mark.parametrize("lines,language", [
    # twins: the same fault told twice stays one issue
    (["The blister pack on the charger was impossible to open.", "I had to get a knife to open it."], "en"),
    (["Ambalajul încărcătorului e aproape imposibil de deschis.", "A trebuit să-l tai cu foarfeca."], "ro"),
    (["Pakkaus oli niin tiukka, ettei sitä saanut auki ilman saksia.",
      "Jouduin hakemaan sakset, että sain sen auki."], "fi"),
])
def test_a_pack_hard_to_open_told_twice_is_one_issue(lines, language):
    assert categories(lines, language) == ["packaging"]


@pytest.mark.parametrize("lines,language", [
    # a box that fell apart stays the packing's issue; the courier leaving it out is only its cause
    (["The box was soaked through and split open at the bottom.", "I think the driver left it outside in the rain."],
     "en"),
    (["Krabice byla úplně rozmočená a rozpadla se.", "Asi ji kurýr nechal venku na dešti."], "cs"),
    # a delivery late because of the packing's fault is one packaging issue
    (["The parcel arrived a week late because the address label on the box was torn off."], "en"),
])
def test_delivery_trouble_caused_by_the_packing_is_the_packings_issue(lines, language):
    assert categories(lines, language) == ["packaging"]
