"""Malay agents who put the problem back on the customer or push it away: blaming by comparison
("other customers are fine", "nobody ever complained"), disbelief that a thing happened by itself,
"who told you to", "you knew, so why didn't you", "it's not me who did that", "I just work here",
"that's between you and the courier", "if you're not happy, go and complain". Each family is met
in other words, persons, spellings and word orders than the benchmark's, and each has traps that
must stay clean: the same words said kindly, negated, reassured, or said by the customer."""
import pytest


def flagged(check, contact, transcript):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Ejen: {line}\nPelanggan: ok"


DISMISSIVE = [
    # blame by comparison: others manage, so the fault is the customer's
    "Pelanggan lain semua ok je dengan saiz tu.",
    "Orang lain takde masalah pun guna app ni.",
    "Customer lain semua okay je pakai charger tu.",
    "Tak pernah ada orang komplen pasal benda ni.",
    "Selama ni tak pernah pelanggan mengadu macam ni.",
    "Sebelum ni tak pernah ada pelanggan complain pasal model ni.",
    "Cuma encik sorang je yang ada masalah ni.",
    "Puan seorang je yang komplen pasal saiz ni.",
    # disbelief: it did not happen by itself
    "Data tu tak hilang sendiri, encik.",
    "Duit tu takkan habis sendiri puan.",
    "Kredit tu tak habis sendiri, puan.",
    "Wah, hebat la telefon encik, boleh buat panggilan sendiri tanpa encik tahu.",
    "Pandai pulak telefon tu download app sendiri tanpa puan sedar ye.",
    "Canggih la fon puan, boleh beli game sendiri.",
    # who told you to / serves you right / you knew, so why not
    "Siapa suruh encik beli kat seller tu?",
    "Sapa suruh tak baca terma.",
    "Sape suruh tekan link tu?",
    "Padan muka la encik.",
    "Padan muke, lain kali hati-hati.",
    "Dah tahu nak travel, kenapa tak renew awal?",
    "Dah tau bateri lemah, apsal tak charge dulu?",
    "Dah tau tarikh luput, asal tak renew?",
    "Kenapa encik tak check dulu sebelum bayar?",
    "Kenapa puan tak simpan resit?",
    "Napa akak tak semak dulu alamat tu?",
    # not me, not us: someone else did it, I just work here, sort it out between you
    "Encik, bukan saya yang cuci paip tu.",
    "Bukan saya yang hantar barang tu puan.",
    "Bukan sy yg pasang router tu.",
    "Bkn sy yg buat keputusan tu encik.",
    "Saya cuma kerja sini je encik.",
    "Sy hanya makan gaji je encik.",
    "Itu antara puan dengan courier la.",
    "Tu urusan antara encik dengan bank la.",
    # not happy? go and complain / go elsewhere
    "Kalau tak puas hati, buat aduan rasmi.",
    "Kalau encik tak puas hati, pergi la report kat KPDN.",
    "Tak puas hati, boleh complain kat website.",
    "Kalau tak setuju, pergi la mengadu kat tribunal.",
    "Kalau tak suka, cari la provider lain.",
    "Tak suka, tukar je kedai lain.",
]

TRAPS = [
    # others share the fault: sympathy, not blame
    "Pelanggan lain pun ada masalah yang sama, kami sedang baiki.",
    "Customer lain pun mengalami masalah sama, kami mohon maaf.",
    "Orang lain pun pernah komplen benda sama, jadi saya akan report.",
    "Kalau ada pelanggan lain komplen, kami akan semak.",
    "Saya faham ni kali pertama encik komplen, saya bantu.",
    # "you're not the only one" reassures
    "Encik bukan sorang je yang ada masalah ni, kami tengah selesaikan.",
    # things that really do happen by themselves, reassurance, a genuine compliment
    "Kalau skrin tu retak sendiri, itu kecacatan kilang, kami ganti.",
    "Jangan risau, data encik tak hilang, semua dah disimpan.",
    "Duit encik takkan hilang, saya jamin.",
    "Lampu tu akan padam sendiri selepas lima minit.",
    "Router tu boleh restart sendiri bila ada update.",
    "Wah, hebat encik, dah berjaya reset sendiri!",
    # questions that find out, not blame
    "Boleh saya tahu kenapa encik tak dapat semak emel?",
    "Kenapa tak boleh login ya? Saya semak.",
    "Siapa yang suruh encik pulangkan barang tu? Saya nak catat nama staf.",
    "Dah tahu nombor rujukan, saya semak sekarang.",
    # saying who will act, or what is needed
    "Bukan saya yang akan datang esok, juruteknik kami akan datang.",
    "Saya yang uruskan kes ni sampai selesai.",
    "Bukan saja saya boleh bantu, team teknikal pun boleh.",
    "Bukan sahaja kami ganti, kami bagi baucar juga.",
    "Saya cuma nak sahkan alamat encik.",
    "Saya hanya perlukan nombor akaun encik.",
    # a remedy or help offered to an unhappy customer
    "Kalau encik tak puas hati dengan pembaikan, kami akan ganti unit baru.",
    "Kalau tak puas hati dengan warna, boleh tukar di kedai kami tanpa caj.",
    "Kalau tak puas hati, saya boleh bantu failkan aduan rasmi untuk encik.",
]

CUSTOMER_SAYS_IT = [
    "Pelanggan: Orang lain semua ok je, kenapa saya tak?\nEjen: Maaf encik, saya semak.",
    "Pelanggan: Kenapa encik tak check dulu?\nEjen: Maaf, saya semak sekarang.",
    "Pelanggan: Kalau tak puas hati saya buat aduan rasmi!\nEjen: Baik encik, saya bantu.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_blaming_or_pushing_the_problem_away_is_dismissive(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", TRAPS)
def test_sympathy_questions_and_offers_stay_courteous(check, contact, line):
    assert not flagged(check, contact, agent(line))


@pytest.mark.parametrize("transcript", CUSTOMER_SAYS_IT)
def test_the_customer_saying_it_is_not_the_agent(check, contact, transcript):
    assert not flagged(check, contact, transcript)


def test_the_finding_names_the_family(check, contact):
    found = check("courtesy.positive_language",
                  contact(transcript=agent("Siapa suruh encik beli kat seller tu?"), language="ms"))
    assert [m["family"] for m in found[0].evidence["matched"]] == ["blame"]
