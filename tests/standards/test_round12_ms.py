"""Round 12, Malay (#8): the three ways of speaking writer m's misses showed the lexicon lacked,
each widened as a family (other slot members, other word orders) and each line beside a polite
twin with the same words that must stay clean. No line is copied from bench/heldout/ms-m.json.

- blame by an emphatic cleft naming the customer as the doer, then the consequence:
  "{AWAK} la/sendiri yang …, sebab tu jadi macam ni / kad kena sekat";
- sarcastic thanks whose irony is affection for a repeat caller: "… rindu (nak dengar) suara encik";
- sarcastic thanks for a complaint or a reminder, closed by ironic praise:
  "terima kasih (banyak) la sebab ingatkan/komplen …, memang berguna sangat".
"""
import pytest


def flagged(check, contact, transcript, code="courtesy.positive_language"):
    return bool(check(code, contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Pelanggan: Saya dah call banyak kali pasal benda ni.\nEjen: {line}"


# (dismissive line, its polite twin with the same words)
PAIRS = {
    "blame_cleft_then_consequence": [
        ("Abang la yang tekan butang tu berkali-kali, sebab tu jadi begini.",
         "Bukan abang yang tekan butang tu berkali-kali, sistem kami silap, sebab tu jadi begini."),
        ("Cik sendiri yang tukar setting router, sebab itulah jadi macam ni.",
         "Cik yang tukar setting router tadi, sebab tu saya nak semak sama-sama dulu."),
        ("Encik lah yang masukkan PIN salah tiga kali, sebab tu kad kena sekat.",
         "Encik lah yang paling tahu PIN encik, sebab tu saya tak minta."),
        ("You yg tak renew awal, pasal tu la jadi macam ni.",
         "You yg renew awal, pasal tu la dapat diskaun."),
    ],
    "sarcastic_affection": [
        ("Tq puan sebab call lagi hari ni, kami memang rindukan suara puan.",
         "Tq puan sebab call lagi hari ni, kami memang hargai kesabaran puan."),
        ("Rindu pulak nak dengar suara akak, dah lama tak call kan.",
         "Suara akak tak berapa jelas, boleh call semula kalau terputus."),
    ],
    "sarcastic_praise_after_thanks": [
        ("Terima kasih la bos sebab komplen lagi, memang membantu sangat.",
         "Terima kasih bos sebab komplen, maklum balas bos memang membantu sangat."),
        ("Thanks banyak lah sebab tegur saya, mmg bagus betul.",
         "Thanks banyak lah, tip encik tu mmg bagus betul."),
    ],
}

DISMISSIVE = [(family, line) for family, pairs in PAIRS.items() for line, _ in pairs]
POLITE = [(family, twin) for family, pairs in PAIRS.items() for _, twin in pairs]


@pytest.mark.parametrize("family, line", DISMISSIVE)
def test_a_wording_of_the_family_is_heard(check, contact, family, line):
    assert flagged(check, contact, agent(line)), family


@pytest.mark.parametrize("family, line", POLITE)
def test_its_polite_twin_with_the_same_words_stays_clean(check, contact, family, line):
    assert not flagged(check, contact, agent(line)), family


@pytest.mark.parametrize("line", [
    "Tq puan sebab call lagi hari ni, kami memang rindukan suara puan.",
    "Terima kasih la bos sebab komplen lagi, memang membantu sangat.",
    "Thanks banyak lah sebab tegur saya, mmg bagus betul.",
])
def test_sarcastic_thanks_is_no_thanks(check, contact, line):
    assert flagged(check, contact, agent(line), "courtesy.thanks")


@pytest.mark.parametrize("line", [
    "Tq puan sebab call lagi hari ni, kami memang hargai kesabaran puan.",
    "Terima kasih bos sebab komplen, maklum balas bos memang membantu sangat.",
    "Thanks banyak lah, tip encik tu mmg bagus betul.",
    "Terima kasih banyak la encik sebab ingatkan saya, saya terus catat.",
])
def test_sincere_thanks_with_the_same_words_still_counts(check, contact, line):
    assert not flagged(check, contact, agent(line), "courtesy.thanks")
