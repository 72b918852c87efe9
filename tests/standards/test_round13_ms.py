"""Round 13, Malay (#8): the kinds of miss writers n and p showed, each heard as a family and each
line (our own wording, not a writer's) beside a polite twin with the same words that must stay clean.

- chat spelling with the vowels dropped or changed: "keje" (kerja), "kna" (kena), "sndri"
  (sendiri), "ape" (apa) stand for the word a pattern writes in full;
- "tak tahu la nak cakap apa lagi": the conversation shrugged off;
- blame by "tu la, patut … dulu" (that's why: you should have …) and "mungkin encik isi salah";
- "tak ada orang lain complain pun": the complaint denied by everyone else's silence;
- "tak boleh habiskan masa lama dengan sorang": the customer rushed;
- "baca dulu lain kali": talking down;
- "bukan masalah besar" is reassurance after "tak apa", or with a way forward in the next sentence;
- "terima kasih la sebab ajar saya …", "… sebab cuba sampai enam kali": sarcastic thanks;
- northern dialect "habaq" (bagitahu) and an impatient doubled "tak paham-paham lagi ka?".
"""
import pytest


def flagged(check, contact, transcript, code="courtesy.positive_language"):
    return bool(check(code, contact(transcript=transcript, language="ms")))


def agent(line: str) -> str:
    return f"Pelanggan: Saya dah call pasal benda ni.\nEjen: {line}"


PAIRS = {
    "typed_not_mine": [
        ("tu bkn keje kami, puan kna tanya kurier sndri",
         "tu keje kami, puan x payah tanya kurier, sy uruskan"),
    ],
    "typed_shrug": [
        ("x tau la nk ckp ape lg, sistem dh tolak",
         "sy nk ckp ape yg sistem tunjuk: bayaran dh masuk"),
    ],
    "blame_that_is_why": [
        ("Tu la, encik patut semak nombor akaun dulu.",
         "Encik tak perlu semak nombor akaun dulu, saya dah semak."),
        ("Mungkin puan tekan salah masa bayar tu.",
         "Mungkin sistem kami salah kira masa puan bayar tu, saya semak."),
    ],
    "nobody_else_complained": [
        ("Takde orang lain komplen pun pasal app ni.",
         "Ada orang lain komplen juga pasal app ni, team kami tengah baiki."),
    ],
    "rushing": [
        ("Saya tak boleh luangkan masa lama dengan seorang, ramai lagi menunggu.",
         "Saya boleh luangkan masa dengan puan, jangan risau."),
    ],
    # northern dialect: "habaq" (bagitahu); "faham-faham" doubled is impatience, a conditional is not
    "dialect_repeat_and_impatience": [
        ("Dah dua kali saya habaq kat mak cik pasal PIN tu.",
         "Saya habaq kat mak cik pasal PIN baru tu bila dah siap."),
        ("Mak cik ni tak paham-paham lagi ka? Tekan butang hijau.",
         "Kalau mak cik ni tak paham lagi, saya terangkan semula langkah demi langkah."),
    ],
    "talking_down": [
        ("Semua ada dalam emel, baca betul betul lain kali.",
         "Lain kali saya sendiri akan semak emel puan dulu sebelum call."),
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


# "Not a big deal" plays a problem down; said to comfort, with a way forward, it reassures.
MINIMISING = [
    ("Bukan masalah besar pun. Tunggu je la minggu depan.", True),
    ("Bukan masalah besar pun. Saya boleh betulkan alamat tu sekarang.", False),
    ("Tak apa encik, bukan masalah besar, benda biasa.", False),
]


@pytest.mark.parametrize("line, dismissive", MINIMISING)
def test_not_a_big_deal_with_a_way_forward_reassures(check, contact, line, dismissive):
    assert flagged(check, contact, agent(line)) is dismissive


# (sarcastic thanks: no thanks, its sincere twin: thanks)
THANKS = [
    ("Terima kasih la sebab ajar saya cara guna sistem kami sendiri.",
     "Terima kasih sebab tunjuk saya gambar resit tu, senang saya semak."),
    ("Terima kasih la ye puan sebab cuba sampai tujuh kali, sekarang kad dah disekat.",
     "Terima kasih puan sebab cuba sekali lagi, kali ni dah berjaya."),
]


@pytest.mark.parametrize("sarcastic, sincere", THANKS)
def test_sarcastic_thanks_is_no_thanks(check, contact, sarcastic, sincere):
    assert flagged(check, contact, agent(sarcastic), "courtesy.thanks"), sarcastic
    assert not flagged(check, contact, agent(sincere), "courtesy.thanks"), sincere
