"""Malay agents who threaten to hang up, rush the customer, play the problem down, say "that's
just how it is", blame the customer for not knowing what was written or sent, or talk down to
them ("do you know how to use a phone?"). Sentences are written for these tests; each family has
traps that must stay clean: the same words in an offer, a reassurance, a genuine question, or a
neutral sense."""
import pytest


def flagged(check, contact, transcript):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Ejen: {line}\nPelanggan: ok"


DISMISSIVE = [
    # threats to end the call over the customer's anger
    "Kalau encik terus marah, saya letak telefon.",
    "Kalau puan cakap kasar lagi, saya tamatkan panggilan ni.",
    "Kalau awak nak terus menjerit, kami akan tamatkan panggilan.",
    "Sekali lagi encik maki, saya letak.",
    "Saya boleh putuskan talian kalau encik kurang ajar.",
    "Saya tutup call ni kalau encik mencarut lagi.",
    # rushing
    "Boleh cepat tak encik?",
    "Bole cepat sket tak?",
    "Saya takde masa nak dengar semua ni.",
    "Kami takde masa la nak layan semua ni.",
    "Terus terang je la, apa masalahnya?",
    "Straight to the point boleh tak?",
    "To the point je encik.",
    # minimising
    "Tak teruk mana pun.",
    "Tak susah mana pun benda ni.",
    "Biasa la tu encik.",
    "Normal la tu.",
    "Normal la benda tu encik.",
    "Takkan sebab tu pun nak komplen.",
    "Itu pun nak call?",
    "Benda tu pun nak komplen ke?",
    # that's how it is
    "Dah memang sistem macam tu.",
    "Memang prosedur kami macam tu.",
    "Tak boleh ubah, memang dah macam ni.",
    "Semua pun sama je.",
    "Itu standard la encik.",
    "Terpulang la nak percaya ke tak.",
    "Tu je la yang saya boleh buat.",
    "Tu sahaja yang kami mampu buat.",
    "Takde cara lain dah.",
    # blamed for not knowing what was written or sent
    "Semua dah ada kat website.",
    "Semuanya tertulis dalam kontrak.",
    "Kan dah ada notis kat kaunter.",
    "Kan kami dah maklumkan melalui emel.",
    "Kami dah hantar SMS, encik yang tak baca.",
    "Encik yang tak update alamat.",
    "Puan yang tak bayar bil bulan lepas.",
    "Encik sendiri yang pilih pelan tu.",
    "Encik sendiri yang taip nombor tu.",
    "Puan yang setuju masa sign up dulu.",
    # talking down
    "Encik faham tak apa saya cakap?",
    "Faham x apa yang saya terangkan tadi?",
    "Saya cakap slow-slow ye supaya encik faham.",
    "Ini asas je encik.",
    "Ni benda asas je puan.",
    "Encik tahu guna telefon tak?",
    "Pernah guna internet tak sebelum ni?",
    # sarcastic congratulations on a mistake
    "Bagus la tu, sekarang dah lock.",
    "Tahniah, encik dah berjaya lock akaun sendiri.",
    "Tahniah la encik, akaun dah tersekat.",
]

TRAPS = [
    "Kalau encik rasa marah, saya faham, saya akan bantu selesaikan.",
    "Saya akan tamatkan panggilan ni selepas hantar SMS rujukan, ok?",
    "Saya akan letak telefon sekejap untuk semak, boleh?",
    "Maaf, saya kena tamatkan panggilan sebab talian putus-putus, saya call balik.",
    "Boleh cepat dapat kalau encik pilih penghantaran ekspres.",
    "Cepat je proses ni, lima minit siap.",
    "Tak susah pun, saya bimbing langkah demi langkah.",
    "Saya faham, ini bukan perkara kecil untuk encik.",
    "Biasanya sampai dalam 3 hari bekerja.",
    "Memang prosedur kami macam tu, tapi saya akan proses segera untuk encik.",
    "Memang ada caj RM5, tapi saya boleh waive kali ni.",
    "Standard waranti kami setahun.",
    "Semua pakej sama harga, encik pilih je yang sesuai.",
    "Ini sahaja maklumat yang saya perlukan.",
    "Ini pakej asas kami, RM30 sebulan.",
    "Kan bagus kalau semua pesanan sampai awal.",
    "Encik yang bayar, jadi encik yang dapat resit.",
    "Encik boleh semak semua maklumat kat website kami, atau saya hantar link.",
    "Semua maklumat tertulis dalam emel yang kami hantar, saya boleh hantar semula.",
    "Encik faham, kan? Kalau ada soalan lagi, call je.",
    "Encik faham tak cara nak tukar password? Saya boleh bimbing.",
    "Boleh saya dapatkan nombor telefon encik?",
    "Bagus, sekarang saya nampak pesanan encik.",
    "Tahniah, permohonan encik dah lulus.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_threats_rushing_and_playing_down_are_dismissive(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", TRAPS)
def test_offers_information_and_genuine_questions_stay_courteous(check, contact, line):
    assert not flagged(check, contact, agent(line))
