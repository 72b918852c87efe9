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
