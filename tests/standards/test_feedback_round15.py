"""Feedback round 15: the kinds of miss writer q showed, each fixed by a general rule, each beside a
near-miss twin that must keep its old answer. Sentences written for this test; none is a writer's.

- the product: goods the summary tells the fault of with their make beat a bare goods word told
  beside the fault ("I charge my phone with it"); money beside a word ("voucher RM20") is no model; an offer's name ("Beli 1
  Percuma 1", "Buy 2 Get 1") is no make; a Malay goods word, its kind and then a make ("beg tangan
  Elena") is one name.
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
