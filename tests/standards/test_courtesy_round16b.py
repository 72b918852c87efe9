"""Writer s's kinds of miss (#8, round 16, second pass), each beside a near-identical twin, in the five
languages. Every line was written for this test (no corpus sentence): what is pinned is the kind.

- "as I already wrote" (a chat's writing verb, not only a speaking one) talks down like "as I said";
- "read it more carefully" (the comparative) and "you wouldn't understand it anyway" talk down;
- "please calm down" said in a subordinate clause ("vă rog să vă liniștiți") is still "calm down";
- gamers' "skill issue" mocks the customer in any language;
- Finnish "X olisi pitänyt olla …" of a thing (the delivery should have been free) blames nobody;
- thanks for something the customer said, with a rolled eye in the turn or a mocking "lol" in its
  sentence, is sarcasm: no thanks, and dismissive; thanks for calling or waiting stay thanks;
- thanks for repeating "the same thing" N times is sarcastic thanks;
- a chat handle with digits glued to its role word ("Pelaaja77") is still the role, and "GM_…" is staff;
- hold.apology: after a hold, an apology whose sentence says the mistake was ours, or announces a fee,
  regrets that, not the wait.
"""
import pytest

from crm.standards.base import Hold
from crm.standards.language import AGENT, CUSTOMER, split_turns


def dismissive(check, contact, transcript, language):
    found = check("courtesy.positive_language", contact(transcript=transcript, language=language))
    return {m["family"] for m in found[0].evidence["matched"]} if found else set()


def thanks_flagged(check, contact, transcript, language):
    return bool(check("courtesy.thanks", contact(transcript=transcript, language=language)))


# --- positive language: (language, customer line, agent line that talks down, its twin) ---------------

TALKING_DOWN = [
    # as I already wrote
    ("en", "where do i find the code?", "As I already wrote above, it's in the confirmation email.",
     "I'll resend it now, it's in the confirmation email."),
    ("ms", "kod tu kat mana?", "Macam saya dah tulis tadi, kod ada dalam emel pengesahan.",
     "Saya hantar semula sekarang, kod ada dalam emel pengesahan."),
    ("fi", "mistä koodi löytyy?", "Kuten jo aiemmin kirjoitin, koodi on vahvistusviestissä.",
     "Lähetän sen uudestaan, koodi on vahvistusviestissä."),
    ("ro", "unde găsesc codul?", "Cum v-am scris deja, codul e în emailul de confirmare.",
     "Vi-l retrimit acum, codul e în emailul de confirmare."),
    # read it more carefully
    ("en", "I can't see any link.", "Read the email more carefully, the link is at the bottom.",
     "Scroll to the end of the email, the link is at the bottom."),
    ("ms", "Saya tak nampak link.", "Baca emel tu elok-elok, link ada kat bawah.",
     "Cuba tengok hujung emel tu, link ada kat bawah."),
    ("cs", "Žádný odkaz tam nevidím.", "Čtěte ten e-mail pozorněji, odkaz je úplně dole.",
     "Sjeďte na konec e-mailu, odkaz je úplně dole."),
    ("fi", "En näe mitään linkkiä.", "Lukekaa sähköposti vähän tarkemmin, linkki on ihan lopussa.",
     "Vierittäkää sähköpostin loppuun, linkki on ihan lopussa."),
    ("ro", "Nu văd niciun link.", "Citiți emailul mai atent, linkul e chiar la final.",
     "Derulați până la finalul emailului, linkul e chiar la final."),
    # you wouldn't understand it anyway
    ("en", "Why did my premium go up?", "It's actuarial stuff, you probably wouldn't understand it anyway.",
     "It's actuarial stuff, so let me put it simply: your area's claims rose."),
    ("ms", "Kenapa premium saya naik?", "Kiraan aktuari ni rumit, encik takkan faham pun.",
     "Kiraan aktuari ni rumit, saya terangkan ringkas: tuntutan di kawasan encik naik."),
    ("cs", "Proč mi stouplo pojistné?", "Je to pojistná matematika, vy tomu stejně moc nerozumíte.",
     "Je to pojistná matematika, zkusím to říct jednoduše: v okolí přibylo škod."),
    ("fi", "Miksi vakuutusmaksuni nousi?", "Nämä laskelmat on monimutkaisia, tuskin te niitä ymmärtäisitte.",
     "Nämä laskelmat on monimutkaisia, joten kerron lyhyesti: alueen vahingot lisääntyivät."),
    ("ro", "De ce mi-a crescut prima?", "Sunt calcule actuariale, oricum nu le-ați înțelege.",
     "Sunt calcule actuariale, vă explic pe scurt: daunele din zonă au crescut."),
    # calm down in a subordinate clause
    ("ro", "DE CE NU RĂSPUNDE NIMENI???", "Vă rog să vă liniștiți, mă uit acum pe comandă.",
     "Vă rog să-mi dați un minut, mă uit acum pe comandă."),
    ("cs", "PROČ SE NIKDO NEOZVE???", "Potřebuju, abyste se uklidnil, podívám se na to.",
     "Potřebuju číslo objednávky, podívám se na to."),
    # even a child of N would find it
    ("ro", "Nu găsesc butonul de resetare.", "E în colțul din dreapta, și nepotul meu de 6 ani l-ar vedea.",
     "E în colțul din dreapta, sub capac, îl vedeți imediat."),
    # gamers' mockery
    ("ro", "nu pot trece de nivelul 4", "pai e simplu, skill issue", "pai e un nivel greu, îți trimit un ghid"),
    ("en", "can't beat the level 4 boss", "honestly that's a skill issue", "honestly that boss is tough, here's a guide"),
]


@pytest.mark.parametrize("language,customer,curt,twin", TALKING_DOWN)
def test_talking_down_in_writer_s_kinds_is_flagged_and_its_twin_is_not(check, contact, language, customer, curt, twin):
    transcript = "Customer: {customer}\nAgent: {agent}"
    assert dismissive(check, contact, transcript.format(customer=customer, agent=curt), language)
    assert not dismissive(check, contact, transcript.format(customer=customer, agent=twin), language)


def test_not_asking_to_calm_down_is_no_calm_down(check, contact):
    said = "Client: Zborul e anulat și nu m-a anunțat nimeni!\nAgent: {line} Mă ocup eu personal."
    assert not dismissive(check, contact, said.format(line="Nu vă cer să vă liniștiți, aveți tot dreptul să fiți supărat."), "ro")
    assert "calm" in dismissive(check, contact, said.format(line="Vă rog frumos să vă liniștiți."), "ro")


def test_thanks_for_information_then_a_reproach_about_something_else_still_thanks(check, contact):
    said = ("Zákazník: Přišla mi jiná pizza.\nAgent: Díky za info. {line}\nZákazník: Ne, klikala jsem na Margheritu.")
    assert not thanks_flagged(check, contact, said.format(line="V objednávce je ale Prosciutto, to jste si objednala vy."), "cs")


def test_a_thing_that_should_have_been_free_blames_nobody_in_finnish(check, contact):
    said = "Asiakas: Minulta veloitettiin toimitus.\nAsiakaspalvelija: {line} Palautan maksun kortillenne."
    assert not dismissive(check, contact, said.format(line="Aivan, toimituksen olisi pitänyt olla maksuton."), "fi")
    assert "blame" in dismissive(check, contact, said.format(line="No, olisi pitänyt lukea toimitusehdot."), "fi")
    assert "blame" in dismissive(check, contact, said.format(line="No, teidän olisi pitänyt olla tarkempi."), "fi")


# --- sarcastic thanks: (language, agent line, its sincere twin) -------------------------------------------

MOCKING = [
    ("en", "thanks for that really believable story lol. the ban stays.", "thanks for that, it helps. the ban stays."),
    ("en", "Thanks for the screenshot 🙄 that's the wrong page.", "Thanks for the screenshot, that's the page I needed."),
    ("fi", "Kiitos tästä hyödyllisestä vinkistä 🙄 Katson asiaa.", "Kiitos tästä hyödyllisestä vinkistä! Katson asiaa."),
    ("ro", "Mersi pentru poza asta minunată lol. Nu e produsul nostru.", "Mersi pentru poză. Nu e produsul nostru."),
    ("ms", "Terima kasih untuk screenshot tu 🙄 Bukan page tu.", "Terima kasih untuk screenshot tu. Page tu betul."),
    ("cs", "Díky za ten screenshot 🙄 To je jiná stránka.", "Díky za ten screenshot, to je ta stránka."),
    # thanks for repeating the same thing N times
    ("en", "Thanks for repeating the same thing four times, I heard you.", "Thanks for repeating the number, I've got it now."),
    ("ms", "Terima kasih la sebab cakap benda sama empat kali. Saya semak.", "Terima kasih sebab ulang nombor tu sekali lagi. Saya semak."),
    ("cs", "Díky, že to opakujete potřetí. Podívám se.", "Díky, že jste to zopakoval. Podívám se."),
    ("fi", "Kiitos että toistitte saman asian kolme kertaa. Katson.", "Kiitos että toistitte numeron. Katson."),
    ("ro", "Mulțumesc că mi-ați repetat același lucru de trei ori. Verific.", "Mulțumesc că mi-ați repetat numărul. Verific."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", MOCKING)
def test_mocking_thanks_is_no_thanks_and_dismissive_and_its_twin_thanks(check, contact, language, sarcastic, sincere):
    transcript = "Customer: I told you already.\nAgent: {line}"
    assert thanks_flagged(check, contact, transcript.format(line=sarcastic), language)
    assert "sarcasm" in dismissive(check, contact, transcript.format(line=sarcastic), language)
    assert not thanks_flagged(check, contact, transcript.format(line=sincere), language)
    assert not dismissive(check, contact, transcript.format(line=sincere), language)


@pytest.mark.parametrize("language,line", [
    ("en", "thanks for waiting lol, all sorted now"),
    ("fi", "Kiitos kärsivällisyydestä 🙄 nyt toimii."),
])
def test_thanks_for_a_courtesys_reason_stays_thanks_beside_a_mocking_marker(check, contact, language, line):
    assert not thanks_flagged(check, contact, "Customer: ok\nAgent: " + line, language)


# --- speaker labels ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("transcript", [
    "Pelaaja77: moi, peli kaatuu aina\nGM_Aino: Moi, kiitos viestistä! Ootko päivittänyt?\nPelaaja77: en",
    "player_07: hi, the game keeps crashing\nGM_Aino: Hi, thanks for the message! Have you updated?\nplayer_07: no",
])
def test_a_handle_with_digits_on_its_role_word_is_that_role(transcript):
    turns, labelled = split_turns(transcript)
    assert labelled
    assert [speaker for speaker, _, _ in turns] == [CUSTOMER, AGENT, CUSTOMER]


def test_a_game_masters_thanks_count_beside_a_numbered_player(check, contact):
    said = "Pelaaja77: moi, peli kaatuu aina\nGM_Aino: Moi, {line} Ootko päivittänyt?\nPelaaja77: en"
    assert not thanks_flagged(check, contact, said.format(line="kiitos viestistä!"), "fi")
    assert thanks_flagged(check, contact, said.format(line="mikä hätänä?"), "fi")


# --- hold.apology: (language, agent's line after the hold, its twin that apologises for the wait) --------

AFTER_THE_HOLD = [
    ("en", "One moment, let me check.", "Sorry, that was our mistake, the order went out twice.",
     "Sorry about that. The order went out twice."),
    ("ms", "Sekejap ya, saya semak.", "Minta maaf, ini memang kesilapan pihak kami, pesanan dihantar dua kali.",
     "Minta maaf buat encik tunggu, pesanan dihantar dua kali."),
    ("ms", "Sekejap ya, saya semak.", "Terima kasih sebab tunggu. Mohon maaf, tukar tarikh dikenakan caj RM30.",
     "Mohon maaf buat encik tunggu. Tukar tarikh dikenakan caj RM30."),
    ("cs", "Moment, podívám se.", "Omlouvám se, ta chyba byla na naší straně, objednávka se zdvojila.",
     "Omlouvám se, že to trvalo. Objednávka se zdvojila."),
    ("fi", "Hetki, tarkistan.", "Pahoittelen, virhe oli meidän päässä, tilaus lähti kahdesti.",
     "Pahoittelen odotusta, tilaus lähti kahdesti."),
    ("ro", "Un moment, verific.", "Îmi cer scuze, greșeala a fost a noastră, comanda a plecat de două ori.",
     "Îmi cer scuze pentru așteptare. Comanda a plecat de două ori."),
]


@pytest.mark.parametrize("language,hold,line,twin", AFTER_THE_HOLD)
def test_an_apology_for_our_mistake_or_a_fee_after_the_hold_is_not_for_the_wait(check, contact, language, hold, line,
                                                                             twin):
    transcript = "Customer: I was charged twice.\nAgent: {hold}\nAgent: {line}\nCustomer: OK."
    holds = (Hold(60, False),)
    assert check("hold.apology", contact(transcript=transcript.format(hold=hold, line=line), language=language,
                                         holds=holds))
    assert not check("hold.apology", contact(transcript=transcript.format(hold=hold, line=twin), language=language,
                                             holds=holds))
