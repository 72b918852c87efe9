"""Feedback round 15: the kinds of miss writer q showed, each fixed by a general rule, each beside a
near-miss twin that must keep its old answer. Sentences written for this test; none is a writer's.

- the product: goods the summary tells the fault of with their make beat a bare goods word told
  beside the fault ("I charge my phone with it"); money beside a word ("voucher RM20") is no model; an offer's name ("Beli 1
  Percuma 1", "Buy 2 Get 1") is no make; a Malay goods word, its kind and then a make ("beg tangan
  Elena") is one name;
- the goods said sound ("they seem fine", "Earphone ok", "jako taková je super", "toimii hyvin",
  "funcționează bine") beside a packaging complaint: no product item, and what "won't open" in a
  sentence naming the packing is the packing; a fault that came with use stays;
- a polite reply ("That would be great.", "Ar fi super, mulțumesc.") is never an item's evidence;
- a part missing ("the screws weren't in the box", "lipsesc balamalele", "engsel takde") is a product
  item in every language;
- a size said of the bill or an amount ("lasku on liian iso") is the billing item's, not the goods'.
"""
import pytest

from crm.standards.builtin.classifier import classify

LABELS = {"en": ("Agent", "Customer"), "ms": ("Ejen", "Pelanggan"), "cs": ("Operátorka", "Zákazník"),
          "fi": ("Asiakaspalvelija", "Asiakas"), "ro": ("Agent", "Client")}


def heard(lines: list[str], language: str, summary: str = "") -> list:
    agent, caller = LABELS[language]
    transcript = "\n".join(f"{agent}: Hello.\n{caller}: {line}" for line in lines) + f"\n{agent}: OK."
    return classify(summary, transcript, language)


def categories(lines: list[str], language: str, summary: str = "") -> list[str]:
    return sorted(s.category for s in heard(lines, language, summary))


def products(lines: list[str], language: str, summary: str = "") -> dict:
    return {s.category: s.product for s in heard(lines, language, summary)}


@pytest.mark.parametrize("summary,lines,language,named", [
    # the summary tells the fault of goods named with a make; the customer's sentence names only
    # what they touched: the made goods
    ("PowerMax 20000 power bank overheats when charging.",
     ["When I charge my phone with it, it overheats."], "en", "PowerMax 20000"),
    ("Pengisar NutriMix 300 bocor kat bawah jag.",
     ["Setiap kali guna, bocor sampai basah satu meja."], "ms", "NutriMix 300"),
    ("Tableta Zeta 8 se supraîncălzește la încărcare.",
     ["Când încarc telefonul de la ea, se supraîncălzește."], "ro", "Zeta 8"),
])
def test_the_made_goods_the_summary_tells_beat_a_bare_word_beside_the_fault(summary, lines, language, named):
    said = products(lines, language, summary)
    assert named in (said.get("product") or ""), said


@pytest.mark.parametrize("lines,language,named", [
    # twins: no summary tells it; other goods bought earlier do not take over the fault of new goods
    (["Last year I bought the PowerMax 20000 power bank.", "Now my new kettle leaks all over the counter."],
     "en", "kettle"),
    (["Tahun lepas saya beli pengisar NutriMix 300.", "Sekarang cerek baru saya pula bocor."], "ms", "cerek"),
])
def test_goods_bought_before_do_not_take_a_new_fault(lines, language, named):
    said = products(lines, language)
    assert said.get("product") == named, said


@pytest.mark.parametrize("summary,lines,language,named,not_named", [
    # money beside a voucher is no model / a model number beside the goods is
    ("Kotak sampai kemik dan koyak. Bagi voucher RM20 goodwill.", ["Kotak dia kemik dan koyak kat tepi."], "ms", None, "RM20"),
    ("", ["Router X20 saya asyik putus sambungan."], "ms", "X20", None),
    # an offer's name is no make / a make with a number is
    ("", ["Flyer korang tulis Beli 1 Percuma 1 untuk ubat gigi, tapi kaunter tak bagi."], "ms", None, "Beli 1"),
    ("", ["The leaflet said Buy 2 Get 1 Free on the shampoo, but the till charged me for all three."],
     "en", None, "Buy 2"),
    ("", ["Iklan kata SuperKlin 5 boleh buang semua kotoran, tapi tak jadi langsung."], "ms", "SuperKlin 5", None),
])
def test_money_and_offers_are_no_make(summary, lines, language, named, not_named):
    said = [s.product or "" for s in heard(lines, language, summary)]
    assert said, said
    if named:
        assert any(named in p for p in said), said
    if not_named:
        assert not any(not_named in p for p in said), said


@pytest.mark.parametrize("line,named", [
    # a Malay goods word, its kind, then a make: one name
    ("Beg tangan Elena yang saya order dah koyak tali dia.", "Elena"),
    ("Kasut sukan Larian 3 saya dah tertanggal tapak.", "Larian 3"),
])
def test_malay_goods_kind_and_make_are_one_name(line, named):
    said = products([line], "ms")
    assert named in (said.get("product") or ""), said


def test_malay_goods_and_a_plain_word_stay_the_goods():
    # twin: "beg tangan saya" (my handbag): no make, so no word after the goods is taken for one
    said = products(["Beg tangan saya dah koyak tali dia."], "ms")
    assert said.get("product") == "beg", said


def call(lines: list[tuple[str, str]], language: str) -> list:
    """A call of (speaker, line) turns, "a" the agent and "c" the customer."""
    agent, caller = LABELS[language]
    return classify("", "\n".join(f"{agent if who == 'a' else caller}: {line}" for who, line in lines), language)


@pytest.mark.parametrize("lines,language,expected", [
    # the goods said sound beside a packaging complaint: no product item
    (["The box was crushed when it came.", "The headphones themselves work fine.",
      "But the plastic pack they come in won't open, even with scissors."], "en", ["packaging"]),
    (["Earphone tu ok, bunyi sedap.", "Tapi plastik keras dia tak boleh buka langsung, kena guna gunting."], "ms",
     ["packaging"]),
    (["Itse kuulokkeet toimii hyvin.", "Mutta muovipakkaus ei aukea edes saksilla."], "fi", ["packaging"]),
    (["Căștile funcționează bine.", "Dar blisterul de plastic nu se deschide nici cu foarfeca."], "ro",
     ["packaging"]),
    (["Krabice od müsli byla potrhaná.", "Müsli samotné bylo v pořádku, jen ten sáček uvnitř se rozlepil."], "cs",
     ["packaging"]),
    # twins: a fault of the goods told beside the packing keeps its product item
    (["The box was crushed.", "The kettle worked fine at first, but after two weeks it stopped heating."], "en",
     ["packaging", "product"]),
    (["Cutia a venit strivită.", "Căștile au mers bine la început, dar după o săptămână nu se mai încarcă."],
     "ro", ["packaging", "product"]),
    (["The headphones don't charge.", "And the plastic pack they come in won't open, even with scissors."], "en",
     ["product"]),
    (["Kotak sampai kemek teruk.", "Earphone tu tak keluar bunyi langsung."], "ms", ["packaging", "product"]),
    # twins: the box named fine in another clause than the fault is not the packing failing
    (["The speaker itself is fine.",
      "The box and everything in it were in order, only the timer function doesn't work."], "en", ["product"]),
    (["Boxa în sine e ok.", "Cutia și tot ce era în ea erau în regulă, doar funcția de alarmă nu merge."], "ro",
     ["product"]),
])
def test_goods_said_sound_leave_the_packing(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("reply,language,expected", [
    # a polite reply to the agent's offer is no item
    ("That would be great.", "en", ["packaging"]),
    ("Ar fi super, mulțumesc.", "ro", ["packaging"]),
    ("Se olis tosi kiva, kiitos.", "fi", ["packaging"]),
    # twins: a wish told after the same words is one
    ("That would be great if the headphones had a longer cable, too.", "en", ["packaging", "product"]),
    ("Ar fi super dacă boxa ar avea și un mod de noapte.", "ro", ["packaging", "product"]),
    ("Se olis kiva jos kaiuttimessa olis yötila.", "fi", ["packaging", "product"]),
])
def test_a_polite_reply_is_no_evidence(reply, language, expected):
    opening = {"en": "My order came today, the Nova X3 headphones, and the box was completely crushed.",
               "ro": "Am primit boxa BoomBox 5 și cutia era complet strivită.",
               "fi": "Sain kaiuttimen BoomBox 5 ja laatikko oli ihan murskana."}[language]
    said = call([("a", "Hello."), ("c", opening), ("a", "OK."), ("c", reply)], language)
    assert sorted(s.category for s in said) == expected, said
    assert expected == ["packaging"] or any(s.evidence == reply for s in said)


@pytest.mark.parametrize("lines,language,expected", [
    # a part missing is a product item
    (["The screws weren't in the box, so I can't put the wardrobe together."], "en", ["product"]),
    (["The wardrobe arrived without hinges."], "en", ["product"]),
    (["Buka kotak, engsel almari takde langsung."], "ms", ["product"]),
    (["Paketissa ei ollut ruuveja ollenkaan."], "fi", ["product"]),
    (["Am primit dulapul și lipsesc balamalele și o pungă de șuruburi."], "ro", ["product"]),
    (["În cutie nu erau șuruburile pentru dulap."], "ro", ["product"]),
    # twins: the box itself missing or damaged is the packing; parts said there are no complaint
    (["The box was torn and the wardrobe arrived without its cardboard corners."], "en", ["packaging"]),
    (["All the screws and hinges were in the box, but the box itself was soaked."], "en", ["packaging"]),
])
def test_a_missing_part_is_a_product_item(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("lines,language,expected", [
    # a size said of the bill or an amount: the billing item's
    (["I was charged twice this month.", "The bill is way too big now."], "en", ["billing"]),
    (["Laskussa on väärä hinta.", "Lasku on siks melkein sata euroa liian iso."], "fi", ["billing"]),
    (["Mi-ați taxat abonamentul de două ori.", "Suma de plată e prea mare."], "ro", ["billing"]),
    # twins: a size said of the goods stays a product item
    (["I was charged twice this month.", "And the boots are too big."], "en", ["billing", "product"]),
    (["Laskussa on väärä hinta.", "Ja kengät on liian isot."], "fi", ["billing", "product"]),
    (["Mi-ați taxat abonamentul de două ori.", "Și geaca e prea mare."], "ro", ["billing", "product"]),
])
def test_a_size_said_of_the_bill_is_the_billing(lines, language, expected):
    assert categories(lines, language) == expected


@pytest.mark.parametrize("line,language,expected", [
    # the inner bag or its seam split: the packing
    ("Vnitřní sáček byl roztržený a müsli bylo vysypané v krabici.", "cs", ["packaging"]),
    ("The inner bag had split and the cereal was loose in the box.", "en", ["packaging"]),
    ("Sisäpussi oli revennyt ja murot oli pitkin laatikkoa.", "fi", ["packaging"]),
    ("Punga din interior era ruptă și cerealele erau împrăștiate în cutie.", "ro", ["packaging"]),
    # twins: a bag of parts missing is the goods' missing part
    ("U skříně chyběl sáček se šroubky.", "cs", ["product"]),
    ("The bag of screws was missing from the wardrobe kit.", "en", ["product"]),
])
def test_an_inner_bag_split_is_the_packing(line, language, expected):
    assert categories([line], language) == expected


@pytest.mark.parametrize("line,language,expected", [
    # "and also" adding to the same complaint in one sentence: one item
    ("Tolik plastu na jednu hračku, a ještě to nejde otevřít.", "cs", ["packaging"]),
    ("The packaging is way too big, and also it's impossible to open.", "en", ["packaging"]),
    # twins: other goods, or another category, after "and also" are a further item
    ("The kettle leaks, and also the toaster doesn't heat up.", "en", ["product", "product"]),
    ("The kettle leaks, and also the box was crushed.", "en", ["packaging", "product"]),
])
def test_and_also_within_one_complaint_is_one_item(line, language, expected):
    assert categories([line], language) == expected


@pytest.mark.parametrize("line,language,expected", [
    # goods named bare in one sentence and with their make after them in another: the full name
    ("Beg tangan Elena yang saya order warna lain dari iklan.", "ms", "beg tangan Elena"),
    # twin: without a make after the goods word, nothing longer is taken
    ("Beg tangan yang saya order warna lain dari iklan.", "ms", "beg"),
])
def test_bare_goods_take_their_full_name_from_the_call(line, language, expected):
    said = call([("a", "Hello."), ("c", line), ("a", "OK."), ("c", "Lagi satu, kotak dia sampai basah dan koyak.")],
                language)
    assert {s.category: s.product for s in said}.get("packaging") == expected, said


@pytest.mark.parametrize("lines,language,expected", [
    # twins of the goods said sound: said of another issue opened after the fault, or of other brands,
    # they leave the fault alone
    (["Blender yang saya beli panas sangat dan ada bau plastik terbakar.",
      "Satu lagi, kotak sampai dah penyek, saya rasa barang dalam okay je."], "ms", ["packaging", "product"]),
    (["Kasut saiz 42 ni kecik gila, jenama lain ok je.", "Lepas tu kotak dia sampai koyak."], "ms",
     ["packaging", "product"]),
    (["The kettle leaks from the base.", "Also the box was crushed, though I think the contents are fine."], "en",
     ["packaging", "product"]),
])
def test_goods_said_sound_elsewhere_leave_the_fault(lines, language, expected):
    assert categories(lines, language) == expected
