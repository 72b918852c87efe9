"""Malay agents who lose patience: telling the customer to calm down ("tenang dulu", "shouting
won't fix anything"), mocking their anger ("ada lagi nak marah?"), sarcastic thanks and praise,
talking down ("kira la betul-betul", "banyak songeh"), and shrugging ("mana saya tahu", "sabar je
la", "nanti sampai la tu"). Sentences are written for these tests in other words and spellings
than the benchmark's; the traps use the same words kindly, for the agent's own conduct, or in a
reassured sentence, and must stay clean."""
import pytest


def flagged(check, contact, transcript):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Ejen: {line}\nPelanggan: ok"


DISMISSIVE = [
    # calm down, shouting won't help, talk nicely
    "Encik, tenang dulu boleh tak?",
    "Tenang sikit puan.",
    "Tenang la puan, saya tengah cakap ni.",
    "Jangan la marah-marah encik.",
    "Jangan lah nak bising encik.",
    "Tak payah la nak menjerit.",
    "Menjerit pun tak selesai masalah encik.",
    "Marah-marah macam ni pun takkan settle apa.",
    "Mengamuk pun tak akan ubah apa-apa.",
    "Cakap elok-elok sikit boleh?",
    # mocking the customer's anger
    "Ada lagi nak marah?",
    "Ada lagi yang puan nak bising?",
    "Apa lagi puan nak marah ni?",
    "Dah habis marah ke encik?",
    "Dah puas membebel?",
    "Dah siap membebel?",
    # sarcastic thanks
    "Terima kasih la sebab ajar saya buat kerja saya.",
    "Thanks encik, sebab tunjuk saya cara buat kerja.",
    "Thank you la sebab bagitau saya cara nak buat kerja saya.",
    "Ok, terima kasih la atas pujian tu.",
    "Terima kasih atas makian encik tadi.",
    # talking down
    "Kira la betul-betul encik.",
    "Dengar la betul-betul apa saya cakap.",
    "Dengar lah elok-elok encik.",
    "Tahu pun encik.",
    "Ingat pun encik password tu.",
    "Encik ni banyak songeh la.",
    "Jangan banyak soal, ikut je.",
    "Jgn byk soal la.",
    # shrugging
    "Mana saya tahu bila courier sampai.",
    "Mana la sy tau encik.",
    "Mana la saya nak tau bila dia sampai.",
    "Sabar je la encik.",
    "Sabar jelah puan, semua orang tunggu.",
    "Nanti sampai la tu.",
    "Esok siap la tu.",
]

TRAPS = [
    "Supaya encik tenang, saya hantar SMS pengesahan.",
    "Supaya puan tenang, saya bagi nombor rujukan.",
    "Saya faham encik marah.",
    "Saya faham puan marah, dan saya akan selesaikan.",
    "Saya faham encik marah dan itu tak selesai lagi, saya escalate sekarang.",
    "Saya akan cakap elok-elok dengan team teknikal.",
    "Ada lagi yang boleh saya bantu?",
    "Ada lagi yang encik nak tanya?",
    "Encik dah habis bayar ke?",
    "Terima kasih atas pujian encik, saya sampaikan kepada team.",
    "Terima kasih sebab bagitau, saya rekod.",
    "Saya akan kira betul-betul caj tu.",
    "Saya dengar betul-betul, teruskan encik.",
    "Saya tak tahu pun pasal promosi tu, saya semak.",
    "Banyak hal perlu disemak dulu.",
    "Jangan banyak bergerak semasa pemasangan.",
    "Saya tak pasti, tapi saya akan semak dengan courier dan maklumkan.",
    "Di mana saya boleh hantar dokumen?",
    "Mana-mana cawangan pun boleh terima.",
    "Sabar ye encik, saya tengah semak.",
    "Tolong sabar sekejap ye, saya semak.",
    # a shrug said with a reassurance in the same sentence reassures
    "Nanti sampai la tu, jangan risau, saya dah follow up.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_impatience_sarcasm_and_shrugs_are_dismissive(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", TRAPS)
def test_the_same_words_said_kindly_stay_courteous(check, contact, line):
    assert not flagged(check, contact, agent(line))


def test_the_customer_telling_themselves_to_calm_down_is_not_the_agent(check, contact):
    transcript = "Pelanggan: Macam mana saya nak tenang?\nEjen: Saya faham, maaf encik."
    assert not flagged(check, contact, transcript)
