"""Feedback round 15b: the kinds of miss writer r showed, each fixed by a general rule, each beside a
near-miss twin that must keep its old answer. Sentences written for this test; none is a writer's.

- the closure of a container (a bag's zip, a jar's or a tin's lid, its foil) said with the container
  is the packing: what "won't close", "won't open" or "cracked" there is no fault of the goods; the
  lid of the goods themselves ("the blender's lid") still is;
- a set that is both a channel and goods (a TV, a radio) said as what was bought or came ("am primit
  televizorul") or said sound ("televizorul e ok") is the goods, no advert; the channel an advert was
  seen on stays marketing.
"""
import pytest

from test_feedback_round15 import categories


@pytest.mark.parametrize("lines,language", [
    (["The tea is lovely, but the zip on the pouch won't close."], "en"),
    (["The jar's lid came cracked and the foil was torn."], "en"),
    (["Penutup balang tu retak, foil pun koyak."], "ms"),
    (["Káva je skvělá, ale zip na sáčku je k ničemu, nejde zavřít."], "cs"),
    (["Jedna sklenice přišla s prasklým víčkem."], "cs"),
    (["Purkin kansi ei aukea ilman työkaluja."], "fi"),
    (["Capacul borcanului a venit crăpat."], "ro"),
    (["Fermoarul pungii nu se închide."], "ro"),
])
def test_a_containers_closure_is_the_packing(lines, language):
    assert categories(lines, language) == ["packaging"]


@pytest.mark.parametrize("lines,language", [
    # twins: the lid of the goods themselves names no container; it stays the goods' fault
    (["The blender's lid cracked after a week."], "en"),
    (["Víko konvice prasklo."], "cs"),
    (["Capacul blenderului s-a crăpat."], "ro"),
    (["Penutup periuk nasi tu retak."], "ms"),
    # a bottle is often the goods themselves: leaking at its cap is a fault of the bottle
    (["Botol air yang saya beli tu bocor kat penutup."], "ms"),
    (["The water bottle I bought leaks around the cap."], "en"),
])
def test_the_goods_own_lid_stays_the_goods(lines, language):
    assert categories(lines, language) == ["product"]


@pytest.mark.parametrize("lines,language", [
    (["I received the TV yesterday, it works perfectly.", "The box was completely crushed."], "en"),
    (["Am primit televizorul ieri, merge perfect.", "Cutia a venit complet zdrobită."], "ro"),
    (["Am cumpărat un radio, funcționează bine.", "Dar cutia era ruptă."], "ro"),
    (["Dostal jsem televizi, funguje dobře.", "Krabice byla úplně rozmačkaná."], "cs"),
    (["Cutia a venit zdrobită.", "Nu, televizorul e ok."], "ro"),
    (["The box was crushed.", "No, the TV is fine."], "en"),
])
def test_a_tv_that_came_is_no_advert(lines, language):
    assert "marketing" not in categories(lines, language)


@pytest.mark.parametrize("lines,language", [
    # twins: the set is where the advert was seen or heard
    (["Am văzut reclama la televizor, dar prețul din magazin era altul."], "ro"),
    (["I saw your advert on TV saying half price, but the till charged full price."], "en"),
])
def test_the_channel_an_advert_was_on_stays_marketing(lines, language):
    assert "marketing" in categories(lines, language)


@pytest.mark.parametrize("lines,language", [
    # the goods praised in words the `no_fault` family now knows, beside a packing complaint
    (["Mixér je skvělý, žádný problém.", "Ale to balení, všude samý plast.", "To vážně nejde řešit papírem?"], "cs"),
    (["Itse kahvit on hyviä, ei niissä mitään.", "Mut laatikko oli ihan lytyssä.", "Purkki ei enää sulkeudu."], "fi"),
    (["Am primit mixerul, n-am nicio problemă cu el.", "Dar cutia era ruptă.", "Banda nu ține deloc."], "ro"),
])
def test_goods_praised_beside_a_packing_complaint_leave_only_the_packing(lines, language):
    assert categories(lines, language) == ["packaging"]


@pytest.mark.parametrize("lines,language", [
    # twins: a fault of the goods told as a further issue after the packing stays
    (["Mixér je skvělý, žádný problém.", "Ale krabice přišla rozmačkaná.",
      "A ještě jedna věc, nabíječka se přehřívá."], "cs"),
    (["Am primit mixerul, n-am nicio problemă cu el.", "Cutia era ruptă.",
      "Și încă ceva: încărcătorul nu mai încarcă deloc."], "ro"),
])
def test_a_fault_told_as_another_issue_stays(lines, language):
    assert categories(lines, language) == ["packaging", "product"]


@pytest.mark.parametrize("lines,language,expected", [
    # issues counted out one by one are one item each, of the same category too
    (["Mám s pračkou dva problémy.", "Zaprvé v krabici chyběly šroubky.", "A zadruhé, když pere, teče zespodu voda."],
     "cs", ["product", "product"]),
    (["Am două probleme cu mașina.", "Unu: lipsesc șuruburile.", "Doi: curge apă pe dedesubt când spală."],
     "ro", ["product", "product"]),
])
def test_issues_counted_out_are_one_item_each(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("lines,language,expected", [
    # twins: one issue told in two sentences without counting stays one item
    (["V krabici chyběly šroubky.", "Bez šroubků ji nemůžu smontovat, chyběly všechny."], "cs", ["product"]),
    (["Lipsesc șuruburile.", "Fără șuruburi nu o pot monta, lipsesc toate."], "ro", ["product"]),
])
def test_one_issue_not_counted_out_stays_one(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("lines,language", [
    # the shop's own listing showed one price and the bill charged another: a billing error
    (["Pe site era 2999 de lei când am comandat, iar pe factură mi-ați pus 3299."], "ro"),
    (["Na webu stála 2499 korun, ale na faktuře mám 2899."], "cs"),
])
def test_a_listed_price_billed_higher_is_billing(lines, language):
    assert categories(lines, language) == ["billing"]


@pytest.mark.parametrize("lines,language", [
    # twins: an advert's or a leaflet's price not honoured stays the advert's; the listing's claim
    # about the goods, with no charge, stays marketing
    (["Pe site era 2999 de lei, dar în magazin prețul e 3299."], "ro"),
    (["V letáku byla cena 199 korun, ale u pokladny chtěli 249."], "cs"),
])
def test_an_adverts_price_or_claim_stays_marketing(lines, language):
    assert "marketing" in categories(lines, language)


def test_a_plan_sold_as_a_package_is_no_packing():
    said = categories(["My direct debit for my Fibre 150 package has gone up by six pounds and nobody told me."], "en")
    assert "packaging" not in said, said


def test_a_parcel_called_a_package_is_still_the_packing():
    # twin: the package that came is the parcel
    assert categories(["My package arrived soaking wet and the box was torn open."], "en") == ["packaging"]
