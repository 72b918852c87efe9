"""Malay thanks that are not the agent thanking the customer, and an apology after a hold that
breaks bad news rather than apologising for the wait.

- Thanks relayed from someone else (a husband, other customers, the boss: "suami puan cakap terima
  kasih", "pelanggan lain siap cakap 'terima kasih'") and sarcastic thanks ("terima kasih la sebab
  ajar saya buat kerja saya", "terima kasih la atas pujian tu" after an insult) do not count; the
  agent's own thanks, in the same sentences' words, still do.
- "Buat masa ni" (for now) is not the wait: "saya minta maaf, buat masa ni kawasan encik belum ada
  liputan" regrets the news; "maaf ambil masa" and "maaf sebab masa menunggu" are for the wait.
"""
import pytest

from crm.standards.base import Hold


def thanked(check, contact, line):
    transcript = f"Ejen: {line}\nPelanggan: ok"
    return not check("courtesy.thanks", contact(transcript=transcript, language="ms"))


NOT_THANKING = [
    "Suami puan cakap terima kasih kat team kami sebab tolong dia.",
    "Pelanggan lain semua ok je, siap cakap 'terima kasih, saiz ngam' lagi.",
    "Anak encik tadi pun kata thanks kat juruteknik kami.",
    "Mak cik tu pesan terima kasih kat rider.",
    "Terima kasih la sebab ajar saya buat kerja saya.",
    "Ok, terima kasih la atas pujian tu. Ada lagi?",
    "Thanks atas kutukan tu encik.",
]

THANKING = [
    "Terima kasih atas pujian encik, saya sampaikan kepada team.",
    "Kami nak ucapkan terima kasih sebab encik setia dengan kami.",
    "Terima kasih encik, suami encik pun dah call semalam.",
    "Suami puan dah call semalam. Terima kasih sebab call balik puan.",
    "Saya cakap terima kasih banyak-banyak sebab sabar.",
    "Terima kasih la ye encik sebab sudi tunggu.",
    "Terima kasih sebab tunjuk saya gambar kerosakan tu.",
]


@pytest.mark.parametrize("line", NOT_THANKING)
def test_relayed_or_sarcastic_thanks_is_not_thanking(check, contact, line):
    assert not thanked(check, contact, line)


@pytest.mark.parametrize("line", THANKING)
def test_the_agents_own_thanks_still_counts(check, contact, line):
    assert thanked(check, contact, line)


def apologised(check, contact, after_hold):
    transcript = ("Ejen: Saya semak sekejap ya.\n[hold 60 s]\n"
                  f"Ejen: {after_hold}\nPelanggan: Ok.")
    found = check("hold.apology", contact(holds=(Hold(60, False),), transcript=transcript, language="ms"))
    return not found


@pytest.mark.parametrize("after_hold", [
    "Encik, saya minta maaf, buat masa ni kawasan encik belum ada liputan.",
    "Maaf puan, buat masa sekarang stok tiada lagi.",
    "Minta maaf, masa pemasangan tu tak dapat diubah.",
])
def test_an_apology_breaking_news_with_a_time_word_is_not_for_the_wait(check, contact, after_hold):
    assert not apologised(check, contact, after_hold)


@pytest.mark.parametrize("after_hold", [
    "Maaf ambil masa encik, saya dah jumpa rekod tu.",
    "Minta maaf sebab makan masa, tapi liputan belum ada lagi.",
    "Maaf atas masa menunggu tadi, pesanan encik dah dihantar.",
])
def test_an_apology_for_taking_time_is_for_the_wait(check, contact, after_hold):
    assert apologised(check, contact, after_hold)
