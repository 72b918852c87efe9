"""Malay (and Manglish) families of dismissive language, thanks and apology that a fourth writer's
calls showed missing, each with a trap the agent says kindly. Sentences written for these tests."""
import pytest

DISMISSIVE = [
    # condescension about instructions and e-mails
    "Ejen: Benda ni budak darjah satu pun boleh buat, encik.",
    "Ejen: Lain kali puan scroll la ke bawah, semua ada dalam e-mel tu.",
    "Ejen: Skrol bawah sikit je, nampak la butang tu.",
    "Ejen: Lain kali baca emel kami tu betul betul ya.",
    # sarcastic praise and sarcastic disbelief
    "Ejen: Wah hebat, encik tekan padam semua data.",
    "Ejen: Telefon tu mati sendiri la kan, encik tak buat apa-apa.",
    "Ejen: Mestilah skrin tu retak sendiri, kan.",
    # take it or leave it, colloquial
    "Ejen: Harga dah macam tu. Tak nak sudah.",
    "Ejen: Kena pergi cawangan. Kalau tak nak tunggu la minggu depan.",
    # shrugging off
    "Ejen: Saya ikut je apa sistem tunjuk, encik.",
    "Ejen: Kalau tak puas hati, complain kat orang atas.",
    "Ejen: Pergi komplen la kat HQ.",
    # repeat callers, curt agreement
    "Ejen: Encik call banyak kali pun sama je jawapan dia.",
    "Ejen: Yelah yelah, saya dah catat.",
]


@pytest.mark.parametrize("transcript", DISMISSIVE)
def test_malay_dismissive_families_are_heard(check, contact, transcript):
    assert check("courtesy.positive_language", contact(transcript=transcript, language="ms")) != []


KIND = [
    # the same words, said kindly or by the customer
    "Pelanggan: Lain kali saya scroll ke bawah dulu.\nEjen: Tak apa encik, memang susah nak nampak.",
    "Ejen: Kalau encik tak nak tunggu, saya boleh hantar juruteknik esok.",
    "Ejen: Saya akan buat aduan kepada pengurusan bagi pihak puan.",
    "Ejen: Telefon tu mati sendiri ke masa encik guna?",
    "Ejen: Wah, bagus, dah boleh masuk sekarang. Terima kasih encik.",
    "Ejen: Ya, betul tu. Saya tolong semak sekarang.",
    "Ejen: Kalau ada masalah lagi, call lagi ya.",
]


@pytest.mark.parametrize("transcript", KIND)
def test_malay_kind_lines_stay_courteous(check, contact, transcript):
    assert check("courtesy.positive_language", contact(transcript=transcript, language="ms")) == []


@pytest.mark.parametrize("thanks", ["Kamsia ya, boss.", "Ok noted, tq!", "Cheers bro, settle dah.",
                                    "Okay kamsia lah, jumpa lagi."])
def test_penang_and_manglish_thanks_count(check, contact, thanks):
    said = f"Pelanggan: Dah boleh.\nEjen: {thanks}"
    assert check("courtesy.thanks", contact(transcript=said, language="ms")) == []


def test_without_thanks_the_manglish_call_is_flagged(check, contact):
    said = "Pelanggan: Dah boleh.\nEjen: Ok settle dah, bye."
    assert check("courtesy.thanks", contact(transcript=said, language="ms")) != []


def test_paiseh_before_a_hold_is_an_apology(check, contact):
    from crm.standards.base import Hold
    said = "Ejen: Paiseh ah encik, tunggu sekejap saya semak.\nPelanggan: Ok."
    assert check("hold.apology", contact(holds=(Hold(90, False),), transcript=said, language="ms")) == []
    plain = "Ejen: Tunggu sekejap saya semak.\nPelanggan: Ok."
    assert check("hold.apology", contact(holds=(Hold(90, False),), transcript=plain, language="ms")) != []


# --- feedback: what a Malay (and Manglish) customer raises -----------------------------------------

from crm.standards.builtin.classifier import classify  # noqa: E402


@pytest.mark.parametrize("summary, transcript, expected", [
    # the agent's own actions in the summary are not the customer's issues
    ("Ejen tawarkan refund penuh, pelanggan setuju. Ejen maklumkan tarikh penghantaran baru.", "", []),
    # a refund asked as the remedy for a defect is the product's issue
    ("", "Pelanggan: Boleh refund tak? Periuk ni tak panas langsung.", ["product"]),
    ("", "Pelanggan: Mesin ni dah tak function, I want a refund please.", ["product"]),
    # too much packing, said as a wish
    ("", "Pelanggan: Harap korang boleh kurangkan plastik bila pos barang.", ["packaging"]),
    # compliments only
    ("", "Pelanggan: Saya cuma nak cakap staf you sangat membantu, attitude dia bagus sangat. Kamsia!", []),
    # an item missing from the box when opened is the goods incomplete, as in every language (round 10:
    # four Malay writers of five label it product); the packer blamed makes it packaging (seal family)
    ("", "Pelanggan: Masa saya buka kotak, kabel pengecas takde dalam tu. Fon tu ok je, boleh guna.", ["product"]),
    ("", "Pelanggan: Bila saya buka parcel, remote takde. TV tu ok.", ["product"]),
    ("", "Pelanggan: Bila saya buka parcel, remote takde. Orang packing lupa letak kot.", ["packaging"]),
    # two defects of one device
    ("", "Pelanggan: Fon ni skrin berkelip. Satu lagi, speaker dia bising.", ["product", "product"]),
    # functions that do not work
    ("", "Pelanggan: Fungsi timer ni tak jalan langsung.", ["product"]),
    ("", "Pelanggan: Jam ni tak boleh connect dengan bluetooth.", ["product"]),
])
def test_malay_feedback_families(summary, transcript, expected):
    assert sorted(s.category for s in classify(summary, transcript, "ms")) == sorted(expected)


@pytest.mark.parametrize("summary, transcript, expected", [
    # a rude courier is still "other"; a refund that never came is still billing; an advert on TV is marketing
    ("", "Pelanggan: Saya nak complain pasal rider tu, dia baling parcel atas pagar.", ["other"]),
    ("", "Pelanggan: Refund saya tak masuk lagi, dah tiga minggu tunggu.", ["billing"]),
    ("", "Pelanggan: Iklan kat TV kata percuma penghantaran, tapi saya kena bayar.", ["marketing"]),
])
def test_malay_feedback_traps_keep_their_category(summary, transcript, expected):
    assert sorted(s.category for s in classify(summary, transcript, "ms")) == sorted(expected)
