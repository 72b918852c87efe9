"""Writer q's kinds of miss (#8, session 15), each judged beside a near-miss twin that must pass, in
several languages. Every line was written for this test (no writer's sentence): what is pinned is the
kind, so a next writer's wording of it is heard too.

- thanks for something the customer did, reproached in the same sentence or in the next one pointing
  back at it ("Pak se nedivte", "That's exactly what you shouldn't do"), or thanks for explaining the
  agent's own job: sarcasm, no thanks; sincere thanks beside a reproach of something else stays thanks;
- "next time don't …": a bare prohibition of what the customer did, or one after "tu la"/"see"
  (there you go), blames them; "next time don't hesitate …" encourages, and security advice said
  kindly ("… ya", "please", "prosím", "vă rog") advises;
- "you should have checked before …" blames (Malay "puan patut semak dulu sebelum bayar"); "you can
  check it before you pay" offers;
- "don't call us about such things" brushes the customer off; "you don't need to call, we'll call you"
  does not;
- friendly idioms: "so what we'll do is …", Malay "no problem, bukan susah pun" (no trouble);
- hold.apology: sorry *that* the problem happened, after a hold, is sympathy, not an apology for the wait.
"""
import pytest

from crm.standards.base import Hold

SPEAKERS = {"en": ("Customer", "Agent"), "cs": ("Zákazník", "Operátorka"), "fi": ("Asiakas", "Neuvoja"),
            "ro": ("Client", "Operator"), "ms": ("Pelanggan", "Ejen")}


def call(language, line, opening="Hello."):
    customer, agent = SPEAKERS[language]
    return f"{customer}: {opening}\n{agent}: {line}\n{customer}: Ok."


def thanked(check, contact, language, line):
    return not check("courtesy.thanks", contact(transcript=call(language, line), language=language))


def flagged_families(check, contact, language, line):
    found = check("courtesy.positive_language", contact(transcript=call(language, line), language=language))
    return {m["family"] for m in found[0].evidence["matched"]} if found else set()


# (language, the only thanks, sarcastic; its twin, sincere)
SARCASTIC_THANKS = [
    ("cs", "Tak to díky moc, že jste to celé týdny přeskakoval. Pak se nedivte.",
           "Díky moc, že jste to nahlásil. Pak se to dá rychle opravit."),
    ("cs", "Děkuju mockrát, že jste router vypnul při aktualizaci. To je přesně to, co se dělat nemá.",
           "Děkuju, že jste zavolal. Příště si ale návod přečtěte pozorně."),
    ("en", "Thanks so much for switching it off mid-update. That's exactly what you shouldn't do.",
           "Thanks so much for sending the photos. That's exactly what we needed."),
    ("en", "Well thanks ever so much for wasting twenty minutes of my time.",
           "Thanks ever so much for your time today."),
    ("en", "Oh thank you SO much for the charming language.",
           "Thank you so much for the kind words."),
    ("en", "Thanks for explaining my job to me.",
           "Thanks for explaining the problem to me so clearly."),
    ("ro", "Mulțumesc că ați oprit routerul în timpul actualizării. Exact asta nu trebuia făcut.",
           "Mersi că ați trimis poza. Trebuia să verificați înainte să plătiți, dar rezolv eu."),
    ("ro", "Mulțumesc frumos că mi-ați explicat meseria mea.",
           "Mulțumesc frumos că mi-ați explicat problema atât de clar."),
    ("fi", "Kiitos kun sammutitte sen kesken päivityksen. Juuri sitä ei saa tehdä.",
           "Kiitos kun lähetitte kuvat. Nyt näen heti, mikä on vialla."),
    ("fi", "Kiitos että selititte mun työni.",
           "Kiitos että selititte tilanteen niin tarkasti."),
    ("ms", "Terima kasih sebab tutup masa update. Itulah benda yang tak boleh buat.",
           "Terima kasih sebab hantar gambar. Itu sangat membantu."),
    ("ms", "Terima kasih sebab terangkan kerja saya.",
           "Terima kasih sebab terangkan masalah dengan jelas."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", SARCASTIC_THANKS, ids=[p[1][:32] for p in SARCASTIC_THANKS])
def test_thanks_for_a_deed_the_agent_reproaches_is_no_thanks_and_its_sincere_twin_is(check, contact, language,
                                                                                    sarcastic, sincere):
    assert not thanked(check, contact, language, sarcastic)
    assert thanked(check, contact, language, sincere)


# (language, a line flagged as blame, its twin)
NEXT_TIME = [
    ("en", "Next time don't give your code to anyone.", "Next time don't hesitate to call us straight away."),
    ("en", "See, next time don't click links in texts.", "Next time please don't click such links, it's a scam."),
    ("en", "Next time never share your PIN.", "Next time you won't need the receipt at all."),
    ("ms", "Lain kali jangan bagi TAC kat orang.", "Lain kali jangan segan call kami terus."),
    ("ms", "Tu la puan, lain kali jangan bagi TAC kat orang ya.", "Lain kali jangan bagi TAC kat sesiapa ya, itu scam."),
    ("ms", "Lain kali jgn klik link dalam SMS.", "Lain kali tak payah datang, boleh buat online je."),
    ("cs", "Příště nikomu nedávejte kód z SMS.", "Příště neváhejte a zavolejte nám hned."),
    ("cs", "Příště už to nevypínejte uprostřed aktualizace.", "Příště nemusíte chodit osobně, stačí e-mail."),
    ("fi", "Ensi kerralla älkää antako tunnuksia kenellekään.", "Ensi kerralla älkää epäröikö soittaa meille heti."),
    ("ro", "Data viitoare nu dați codul nimănui.", "Data viitoare nu ezitați să ne sunați."),
    ("ro", "Data viitoare nu mai apăsați pe linkuri din SMS.", "Data viitoare nu mai plătiți transportul."),
]


@pytest.mark.parametrize("language,blaming,twin", NEXT_TIME, ids=[p[1][:32] for p in NEXT_TIME])
def test_next_time_dont_blames_and_its_encouraging_twin_does_not(check, contact, language, blaming, twin):
    assert "blame" in flagged_families(check, contact, language, blaming)
    assert not flagged_families(check, contact, language, twin)


# (language, "you should have checked before …", its twin: the check offered for next time)
SHOULD_HAVE = [
    ("ms", "Puan patut semak dulu sebelum bayar.", "Puan boleh semak dulu sebelum bayar lain kali."),
    ("ms", "Sepatutnya encik check dulu sebelum transfer.", "Encik boleh check dulu sebelum transfer, saya tunjukkan."),
    ("en", "You should have checked before you paid.", "You can check it before you pay, I'll show you where."),
    ("cs", "Měl jste si to zkontrolovat předem.", "Můžete si to předem zkontrolovat v aplikaci, ukážu vám kde."),
    ("ro", "Trebuia să verificați înainte să plătiți.", "Puteți verifica înainte să plătiți, vă arăt unde."),
]


@pytest.mark.parametrize("language,blaming,twin", SHOULD_HAVE, ids=[p[1][:32] for p in SHOULD_HAVE])
def test_you_should_have_checked_before_blames_and_the_offer_to_check_does_not(check, contact, language,
                                                                            blaming, twin):
    assert "blame" in flagged_families(check, contact, language, blaming)
    assert not flagged_families(check, contact, language, twin)


# (language, telling the customer not to call about such things, its twin)
DONT_CALL = [
    ("en", "Don't call us about such things, it's all in the app.",
           "You don't need to call us about it, we'll call you when it's ready."),
    ("ms", "Jangan call kami pasal benda macam ni.", "Jangan segan call kami pasal benda macam ni."),
    ("cs", "S takovými věcmi nám nevolejte.", "S takovými věcmi nám klidně volejte, rádi pomůžeme."),
    ("fi", "Ei tarvii soittaa tällasista meille.", "Tällaisista voi aina soittaa meille."),
    ("ro", "Nu ne mai sunați pentru așa ceva.", "Nu mai sunați pentru asta, vă sunăm noi mâine."),
]


@pytest.mark.parametrize("language,curt,twin", DONT_CALL, ids=[p[1][:32] for p in DONT_CALL])
def test_dont_call_us_about_such_things_shrugs_off_and_its_twin_does_not(check, contact, language, curt, twin):
    assert "shrug" in flagged_families(check, contact, language, curt)
    assert not flagged_families(check, contact, language, twin)


# (language, a friendly line with a dismissive-looking phrase, its curt twin)
IDIOMS = [
    ("en", "So what we'll do is raise a recall with the other bank.", "So what? It's only a day late."),
    ("en", "So what happens next is a courier picks it up tomorrow.", "So what if it's late, it'll get there."),
    ("ms", "Eh no problem at all, bukan susah pun.", "Bukan susah pun, tekan je butang tu."),
    ("ms", "Takde masalah, tak menyusahkan pun.", "Benda ni bukan susah, baca je manual."),
]


@pytest.mark.parametrize("language,friendly,curt", IDIOMS, ids=[p[1][:32] for p in IDIOMS])
def test_friendly_idioms_pass_and_their_curt_twins_are_flagged(check, contact, language, friendly, curt):
    assert not flagged_families(check, contact, language, friendly)
    assert flagged_families(check, contact, language, curt)


HOLD_OPENING = {"en": "One moment please, I'll check.", "cs": "Moment, podívám se.", "fi": "Hetki, tarkistan.",
                "ro": "O clipă, verific.", "ms": "Sekejap ya, saya semak."}

# (language, after the hold: thanks for patience and sorry that the problem happened; its twin: sorry that they waited)
SORRY_THAT = [
    ("cs", "Děkuji za trpělivost. Moc mě mrzí, že jste kvůli tomu zůstala bez peněz.",
           "Děkuji za trpělivost. Moc mě mrzí, že jste musela tak dlouho čekat."),
    ("en", "Thanks for your patience. I'm so sorry that the payment bounced.",
           "Thanks for your patience. I'm so sorry that you had to wait so long."),
    ("fi", "Kiitos kärsivällisyydestä. Pahoittelen, että lasku meni väärin.",
           "Kiitos kärsivällisyydestä. Pahoittelen, että jouduitte odottamaan."),
    ("ro", "Mulțumesc pentru răbdare. Îmi pare rău că ați rămas fără bani.",
           "Mulțumesc pentru răbdare. Îmi pare rău că ați așteptat atât."),
    ("ms", "Terima kasih kerana sabar. Saya minta maaf sebab duit puan tak masuk.",
           "Terima kasih kerana sabar. Saya minta maaf sebab buat puan tunggu lama."),
]


def held(language, line):
    customer, agent = SPEAKERS[language]
    return f"{customer}: Hello.\n{agent}: {HOLD_OPENING[language]}\n[hold 90 s]\n{agent}: {line}\n{customer}: Ok."


@pytest.mark.parametrize("language,sympathy,apology", SORRY_THAT, ids=[p[1][:32] for p in SORRY_THAT])
def test_sorry_that_the_problem_happened_is_no_hold_apology_and_sorry_that_they_waited_is(
        check, contact, language, sympathy, apology):
    def flags(line):
        return check("hold.apology", contact(transcript=held(language, line), language=language,
                                             holds=(Hold(90, False),)))
    found = flags(sympathy)
    assert found and found[0].evidence["sympathy"]
    assert not flags(apology)
