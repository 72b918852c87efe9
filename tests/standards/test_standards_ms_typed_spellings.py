"""Malay as agents type it: short forms ("sy dh ckp", "bkn masalah sy", "mmg mcm tu", "jgn") and a
"2" doubling a word ("marah2", "sikit2") match the patterns written in full, so a lexicon entry
covers both spellings. Also the Malay entries whose alternatives had been written without their
group and so matched nothing ("jangan marah", "entahlah", "tak ada kaitan dengan kami", "tiada
pengecualian"). Traps: the same short forms in kind sentences and in the customer's turns."""
import pytest

from crm.standards.patterns import as_typed


def flagged(check, contact, transcript):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Ejen: {line}\nPelanggan: ok"


@pytest.mark.parametrize("typed, full", [
    ("sy", "saya"), ("dh", "dah"), ("x", "tak"), ("mcm", "macam"), ("marah2", "marah"), ("sikit2", "sikit"),
])
def test_a_typed_malay_form_stands_for_the_full_word(typed, full):
    assert as_typed(typed, "ms") == full


def test_typed_forms_are_malay_only():
    assert as_typed("x", "en") is None
    assert as_typed("org", "cs") is None
    assert as_typed("covid19", "ms") is None


DISMISSIVE = [
    "Sy dh ckp tadi kan, encik kena tunggu.",
    "Bkn masalah sy la tu.",
    "Mmg mcm tu la encik.",
    "Jgn marah2 encik.",
    "Sikit2 pun nak komplen.",
    "Calar sikit2 je tu.",
    "Sbb encik x update alamat la jadi mcm ni.",
    "Sbb puan x baca la jadi camni.",
    "Encik x baca terma ke?",
    "Puan x semak emel ke?",
    "Encik ni faham ke x?",
    "Org lain x pernah komplen pun.",
    "Sy x peduli la encik nak buat apa.",
    # entries that had matched nothing
    "Jangan marah encik.",
    "Tak payah marah.",
    "Entahlah encik.",
    "Itulah akibatnya kalau tak baca.",
    "Tak ada kaitan dengan kami.",
    "Tiada pengecualian.",
    "Dengar sini encik.",
]

TRAPS = [
    "Sy dh semak, pesanan encik sampai esok.",
    "Jgn risau encik, sy bantu.",
    "Encik x terima emel ke? Sy hantar semula.",
    "Sebab encik tak terima SMS, jadi saya hantar semula sekarang.",
    "Saya tak kisah tunggu, ambil masa encik.",
    "Masalah ni tiada kaitan dengan kesilapan encik, ini dari pihak kami.",
    "Kalau encik tak faham, saya boleh terangkan lagi.",
    "Marah2 tu biasa, sy faham encik.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_dismissive_lines_typed_short_are_heard(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", TRAPS)
def test_kind_lines_typed_short_stay_courteous(check, contact, line):
    assert not flagged(check, contact, agent(line))


def test_the_customer_typing_it_is_not_the_agent(check, contact):
    transcript = "Pelanggan: Jgn marah2 la, sy tanya je.\nEjen: Maaf encik, sy bantu sekarang."
    assert not flagged(check, contact, transcript)
