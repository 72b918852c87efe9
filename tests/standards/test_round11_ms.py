"""Round 11, Malay: families written with slots so that one pattern hears the paraphrases other
people use (pronouns saya/sy/aku/kami and encik/puan/cik/awak/kau/you/bos, "tak/tidak/x",
"takde/tiada/tak ada", particles, typed short forms), each line beside a polite twin that uses the
same words and must stay clean. No line of bench/phrases/ms.json is copied; the lines are other
wordings of its families.

Also: sarcastic thanks with a clear frame in the same sentence is no thanks, sincere thanks with
the same words still is; an apology after a hold that names another cause (a misspoken name, a bad
line, a broken parcel) is no apology for the hold.
"""
import pytest

from crm.standards.base import Hold


def flagged(check, contact, transcript, code="courtesy.positive_language", **facts):
    return bool(check(code, contact(transcript=transcript, language="ms", **facts)))


def agent(line: str) -> str:
    return f"Pelanggan: Saya nak tanya pasal bil saya.\nEjen: {line}"


# (dismissive line, its polite twin with the same words)
PAIRS = {
    "blame": [
        ("Kalaulah akak semak dulu, takde la jadi macam ni.",
         "Kalau akak nak semak dulu, boleh je, saya tunggu."),
        ("Itu kelalaian pihak cik sendiri, bukan kami.",
         "Itu bukan kelalaian pihak cik, sistem kami yang silap."),
        ("Kalau dari awal abang ikut langkah tu, takkan rosak macam ni.",
         "Kalau abang ikut langkah ni, saya yakin router akan okay semula."),
        ("Bos sepatutnya dah tukar kata laluan bila dapat SMS pelik tu.",
         "Bos tak sepatutnya kena tukar kata laluan sendiri, saya reset untuk bos."),
        ("Sebab encik taip nombor IC salah la, sistem tolak.",
         "Mungkin nombor IC tersilap kat sistem kami, saya betulkan sekarang."),
        ("Salah sendiri la tu, dah tahu tarikh luput.",
         "Bukan salah sendiri pun, tarikh luput tu memang tak jelas."),
    ],
    "not_mine": [
        ("Apa kaitan dengan kami? Pergi la tanya kurier.",
         "Saya boleh tolong hubungi kurier bagi pihak puan."),
        ("Tu seller punya hal, encik settle dengan seller tu sendiri la.",
         "Saya akan hubungi seller tu dan settle bagi pihak encik."),
        ("Dia yang janji refund tu, bukan saya.",
         "Saya sendiri akan pastikan refund yang dijanjikan tu masuk."),
        ("Bukan bawah jagaan kami, encik call la nombor lain.",
         "Perkara ni di bawah jagaan kami, saya uruskan sekarang."),
        ("Sy malas nak campur hal tu.",
         "Saya akan campur tangan untuk percepatkan hal tu."),
    ],
    "cannot_help": [
        # "tak boleh buat" + what cannot be done, then what can: a refusal with an alternative.
        ("Sy x boleh buat apa2 lah, encik tunggu je la.",
         "Saya tak boleh buat pemulangan tunai, tapi saya boleh kreditkan ke akaun encik."),
        ("Kami pun tak mampu nak buat apa-apa, cik.",
         "Kami mampu buat pembayaran balik dalam tiga hari, cik."),
        ("Tiada apa apa lagi yang boleh dilakukan.",
         "Ada satu lagi cara yang boleh dilakukan, saya terangkan."),
        ("Tak banyak sangat yang kami mampu buat.",
         "Banyak yang kami boleh buat, jangan risau."),
        ("Tangan kami terikat, puan.",
         "Kami akan ikat semula pelan puan seperti asal."),
        ("Takde harapan dah, duit tu hilang.",
         "Masih ada harapan, saya failkan tuntutan hari ni."),
    ],
    "policy": [
        ("Peraturan syarikat, aku ikut je.",
         "Ikut peraturan syarikat, saya boleh tawarkan baucar sebagai ganti."),
        ("Sop tak benarkan, titik.",
         "Sop tak benarkan cara tu, tapi saya boleh minta kelulusan khas."),
        ("Jangan tanya kami kenapa, memang macam tu.",
         "Kalau nak tanya kenapa, saya terangkan sebab dia."),
        ("Sistem kata tak layak, jadi memang tak layak la.",
         "Sistem kata belum layak, saya semak semula kelayakan puan."),
    ],
    "shrug": [
        ("Alah, RM3 je pun, takkan nak kecoh.",
         "RM3 tu akan kami pulangkan, jangan risau."),
        ("Sy pun x tau apa yg cik expect dari kami.",
         "Boleh cik bagitau apa yang cik harapkan, supaya saya boleh bantu?"),
        ("Saya tak kisah pun akak nak batal ke tak.",
         "Saya boleh batalkan kalau akak nak, atau kekalkan pelan sekarang."),
        ("Takde la penting sangat pun.",
         "Perkara ni penting, saya catat sekarang."),
        ("Bukan big deal pun.",
         "Jangan risau, bukan big deal pun, saya betulkan sekarang."),
    ],
    "wrong": [
        ("Apa yang abang cakap tu tak masuk akal.",
         "Apa yang abang cakap tu masuk akal, saya faham."),
        ("Puan dah salah faham ni.",
         "Puan tak salah faham, penerangan saya tadi yang kurang jelas."),
        ("Staf kami takkan janji macam tu.",
         "Staf kami akan tunaikan janji tu."),
    ],
    "repeat": [
        ("Macam yg sy bgtau tdi, tak boleh.",
         "Macam yang encik minta, saya hantar resit ke emel."),
        ("Kami dah jawab soalan yang sama dari tadi.",
         "Kami akan jawab soalan encik satu per satu."),
        ("Dahlah tanya benda sama.",
         "Tanya je apa-apa, saya sedia bantu."),
        ("Jangan potong cakap saya.",
         "Maaf saya terpotong cakap encik tadi, sila teruskan."),
        ("Awak dengar tak apa yang saya terangkan?",
         "Awak dengar suara saya dengan jelas tak?"),
    ],
    "calm": [
        ("Tak payah la nak melenting.",
         "Tak payah risau, saya uruskan."),
        ("Rendahkan suara sikit.",
         "Suara encik sikit perlahan, boleh kuatkan?"),
        ("Sejukkan hati dulu la.",
         "Saya harap ni boleh sejukkan hati encik sikit."),
        ("Bertenang dulu boleh tak.",
         "Kalau akak nak bertenang dulu, saya boleh call balik nanti."),
    ],
    "sarcasm": [
        ("Encik ni asyik buang masa orang je.",
         "Maaf buang masa encik menunggu tadi."),
        ("Nak komplen pergi la, aku tak kisah.",
         "Nak komplen, saya boleh bantu failkan sekarang."),
        ("Jangan nak reka cerita la.",
         "Boleh ceritakan apa yang berlaku?"),
        ("Good luck la dengan masalah tu.",
         "Semoga masalah tu selesai, saya follow up esok."),
    ],
    "condescension": [
        ("Budak sekolah pun reti buat benda ni.",
         "Budak sekolah pun kadang-kadang susah nak buat benda ni, tak apa."),
        ("Guna la otak sikit.",
         "Guna app kami sikit, nanti senang."),
        ("Baca la manual tu.",
         "Saya bacakan manual tu untuk puan."),
        ("Abang tak reti guna internet banking ke?",
         "Abang perlukan bantuan guna internet banking?"),
        ("Takkan benda senang tu pun nak kena ajar.",
         "Benda senang tu pun saya boleh ajar, jom."),
    ],
}

DISMISSIVE = [(family, line) for family, pairs in PAIRS.items() for line, _ in pairs]
POLITE = [(family, twin) for family, pairs in PAIRS.items() for _, twin in pairs]


@pytest.mark.parametrize("family, line", DISMISSIVE)
def test_a_paraphrase_of_the_family_is_heard(check, contact, family, line):
    assert flagged(check, contact, agent(line)), family


@pytest.mark.parametrize("family, line", POLITE)
def test_its_polite_twin_with_the_same_words_stays_clean(check, contact, family, line):
    assert not flagged(check, contact, agent(line)), family


@pytest.mark.parametrize("line", [
    "Terima kasih sebab tengking saya tadi.",
    "Tq sebab membazir masa saya sejam.",
    "Terima kasih la sangat, tambah kerja saya je.",
    "Terima kasih sebab tukar plan encik tanpa tanya saya.",
    "Terima kasih sebab ingatkan saya buat kerja saya sendiri.",
])
def test_sarcastic_thanks_with_its_frame_is_no_thanks(check, contact, line):
    assert flagged(check, contact, agent(line), "courtesy.thanks")


@pytest.mark.parametrize("line", [
    "Terima kasih sebab sabar dengan saya tadi.",
    "Tq sebab luangkan masa encik sejam.",
    "Terima kasih sangat, puan banyak membantu.",
    "Terima kasih sebab tanya saya dulu sebelum tukar plan.",
    "Terima kasih sebab ingatkan saya.",
    "Tima kasih encik.",
])
def test_sincere_thanks_with_the_same_words_still_counts(check, contact, line):
    assert not flagged(check, contact, agent(line), "courtesy.thanks")


def held(line: str) -> str:
    return f"Pelanggan: Ok saya tunggu.\nEjen: Baik, saya letak on hold.\nEjen: [hold 90 s]\nEjen: {line}"


@pytest.mark.parametrize("line", [
    "Maaf, saya tersilap eja nama puan tadi.",
    "Sorry, talian tak jelas sikit.",
    "Maaf, boleh ulang nombor akaun?",
    "Minta maaf atas barang encik rosak.",
])
def test_after_a_hold_an_apology_for_another_cause_is_no_hold_apology(check, contact, line):
    assert flagged(check, contact, held(line), "hold.apology", holds=(Hold(90, False),))


@pytest.mark.parametrize("line", [
    "Maaf menunggu lama, encik.",
    "Sorry lama tunggu, talian sibuk tadi.",
    "Maaf buat puan tunggu, saya dah semak.",
])
def test_after_a_hold_an_apology_for_the_wait_still_counts(check, contact, line):
    assert not flagged(check, contact, held(line), "hold.apology", holds=(Hold(90, False),))
