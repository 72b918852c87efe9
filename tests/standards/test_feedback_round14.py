"""Feedback round 14: the kinds of miss writer o showed, each fixed by a general rule, each beside a
near-miss twin that must keep its old answer. Sentences written for this test; none is a writer's.

- an allergy told beside a label complaint says why the label matters: no product item;
- a size that did not fit, in a call about the money for goods sent back, is why they went back;
- a period the customer cites for a late refund ("your website says 5 days") is no advert's claim;
- an error code the goods show ("shows error E24", "píše chybu F06") is a product fault;
- a pack named as what was bought ("koupila jsem celé balení") is no packaging complaint;
- "odhlášení nefunguje", "nu mă pot dezabona, linkul nu merge": the opt-out, so marketing;
- a bill that went up after an advert promised otherwise is a second, billing, item;
- "it's not about the money" names the money only to set it aside;
- "can you make sure …" asks the agent, it is no wish for the goods;
- a box said damaged after the damage word ("dah kemek kotak dia") is the packaging;
- the product is what the customer says they bought or sent back when no goods word names it,
  a Czech or Finnish noun in its dictionary form; a number of weeks after the goods is no model.
"""
import pytest

from crm.standards.builtin.classifier import classify

LABELS = {"en": ("Agent", "Customer"), "ms": ("Ejen", "Pelanggan"), "cs": ("Operátorka", "Zákazník"),
          "fi": ("Asiakaspalvelija", "Asiakas"), "ro": ("Agent", "Client")}


def heard(lines: list[str], language: str) -> list:
    agent, caller = LABELS[language]
    transcript = "\n".join(f"{agent}: Hello.\n{caller}: {line}" for line in lines) + f"\n{agent}: OK."
    return classify("", transcript, language)


def categories(lines: list[str], language: str) -> list[str]:
    return sorted(s.category for s in heard(lines, language))


@pytest.mark.parametrize("lines,language,expected", [
    # an allergy beside a label complaint / an allergic reaction to the goods
    (["The label on the jar is all in Polish and my son has a nut allergy, so I can't check it."], "en",
     ["packaging"]),
    (["Anak saya alergi, tapi label pada bungkusan tak ada senarai ramuan langsung."], "ms", ["packaging"]),
    (["I used the face cream twice and came up in a rash, I must be allergic to something in it."], "en",
     ["product"]),
    # a size that made a return, the money late / a size complained of without a return
    (["I sent the boots back a month ago because they were too small, and I still haven't had my refund."],
     "en", ["billing"]),
    (["Am trimis înapoi rochia acum trei săptămâni, era prea mică, și banii nu mi-au venit."], "ro",
     ["billing"]),
    (["The boots you sent are far too small.", "Also I was charged twice for them."], "en",
     ["billing", "product"]),
    # a refund period cited / a period in an offer
    (["I returned the lamp two weeks ago and I still haven't got my refund, your website says 5 days."], "en",
     ["billing"]),
    (["Am returnat lampa și nu am primit banii, pe site scrie 14 zile."], "ro", ["billing"]),
    # an error code shown by the goods / an error at a discount code
    (["The dishwasher stops halfway through and shows error E24."], "en", ["product"]),
    (["Myčka se v půlce programu zastaví a píše chybu E24."], "cs", ["product"]),
    # a pack bought / the pack itself torn
    (["Koupila jsem celé balení jogurtů a všechny byly cítit zkaženě."], "cs", ["product"]),
    (["Balení jogurtů přišlo celé roztržené."], "cs", ["packaging"]),
    # the opt-out not working / the goods not working
    (["Chodí mi váš newsletter každý den a odhlášení nefunguje."], "cs", ["marketing"]),
    (["Primesc mailuri cu oferte zilnic si nu ma pot dezabona, linkul nu merge."], "ro", ["marketing"]),
    (["Aplikace nefunguje od včerejška."], "cs", ["product"]),
    # an advert's promise and the bill that went up / the promise alone
    (["Your leaflet promised the price was fixed for two years, and now my bill has gone up by four pounds."],
     "en", ["billing", "marketing"]),
    (["Your leaflet promised the price was fixed for two years, which is not true."], "en", ["marketing"]),
    # the money set aside / the money asked for
    (["It's not about the money, I just think the advert is misleading."], "en", ["marketing"]),
    (["Nu e vorba de bani, dar reclama voastră e înșelătoare."], "ro", ["marketing"]),
    (["I was charged twice for the same order."], "en", ["billing"]),
    # a request to the agent / a wish for the goods
    (["I was charged twice this month.", "Can you make sure someone looks into it?"], "en", ["billing"]),
    (["Could you make the app show my balance in euros?"], "en", ["product"]),
    # the box damaged, the damage word first / the goods damaged
    (["Saya order pinggan, sampai je dah kemek kotak dia."], "ms", ["packaging"]),
    (["Pinggan yang saya order dah retak."], "ms", ["product"]),
])
def test_kinds_writer_o_missed(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("lines,language,category,product", [
    # what was bought or sent back names the goods, in its dictionary form in Czech and Finnish
    (["Ostin teiltä kaurakeksejä ja ne maistuu ihan vanhalta."], "fi", "product", "kaurakeksi"),
    (["Před měsícem jsem vrátil horské kolo a peníze mi pořád nepřišly."], "cs", "billing", "horské kolo"),
    (["Am cumpărat ieri iaurtul de vanilie și are gust amar."], "ro", "product", "iaurtul de vanilie"),
])
def test_the_goods_bought_or_sent_back_name_the_product(lines, language, category, product):
    said = {s.category: s.product for s in heard(lines, language)}
    assert said.get(category) == product, said


def test_without_a_purchase_no_goods_are_made_up():
    said = {s.category: s.product for s in heard(["Peníze za vrácení mi pořád nepřišly."], "cs")}
    assert said == {"billing": None}


@pytest.mark.parametrize("lines,named,not_named", [
    (["I returned a kettle 3 weeks ago and the refund still hasn't arrived."], "kettle", "3"),
    (["My Zoomer 3 kettle leaks all over the counter."], "Zoomer 3", None),
])
def test_weeks_after_the_goods_are_no_model_number(lines, named, not_named):
    product = next(s.product for s in heard(lines, "en"))
    assert named in product and (not_named is None or not_named not in product), product
