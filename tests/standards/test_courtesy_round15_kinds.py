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

A reviewer's misfires on ordinary polite lines (second pass) follow at the end, each with a twin that
must still be flagged: "I see" / "Vidíte tu SMS?" is no "there you go"; Finnish "alkaa" (begins) is no
"älkää"; Romanian "nu mai achitați" states; "from now on, never share your PIN" advises; thanks beside
"it's my job" thanks; "no need to call us about this, the refund is automatic" informs.
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


# The reviewer's misfires on ordinary polite lines (session 15, second pass): each must pass, beside a
# twin that must still be flagged, so the fix cannot be a sentence-specific hack.

# (language, polite line that must pass, its blaming twin) — "see"/"vidíte" is "there you go" only as
# the first words of its sentence; "I see" and "Vidíte tu SMS?" are no reproach.
THERE_YOU_GO = [
    ("en", "I see, that's a scam. Next time please don't click such links.",
           "You see, next time please don't click such links."),
    ("en", "Can you see the message? Next time please don't reply to it.",
           "See? Next time please don't reply to such messages."),
    ("cs", "Vidíte tu SMS? Příště prosím nikomu nedávejte kód.",
           "No vidíte, příště prosím nikomu nedávejte kód."),
]


@pytest.mark.parametrize("language,polite,blaming", THERE_YOU_GO, ids=[p[1][:32] for p in THERE_YOU_GO])
def test_see_is_there_you_go_only_opening_its_sentence(check, contact, language, polite, blaming):
    assert not flagged_families(check, contact, language, polite)
    assert "blame" in flagged_families(check, contact, language, blaming)


# (language, a "next time" statement or advice that must pass, a prohibition of the customer's act)
NEXT_TIME_STATEMENTS = [
    # Finnish "alkaa" (begins) is no "älkää" (don't)
    ("fi", "Jatkossa alkaa näkyä uusi hinta.", "Ensi kerralla älkää kertoko koodia kenellekään."),
    ("fi", "Ensi kerralla alkaa uusi sopimuskausi.", "Ensi kerralla älä anna koodia kenellekään."),
    # Romanian "nu (mai)" + a -ți verb states unless the verb is something the customer must not do
    ("ro", "De acum înainte nu mai achitați comisionul.", "Data viitoare nu mai dați codul nimănui."),
    ("ro", "De acum înainte nu mai găsiți reclame în aplicație.", "Data viitoare nu trimiteți parola nimănui."),
    ("ro", "Data viitoare nu vă faceți griji, vă sunăm noi.", "Data viitoare nu faceți transferuri către necunoscuți."),
    # Malay: "be" (English "don't be shy") no longer swallows "beri"/"berkongsi"
    ("ms", "Lain kali jangan segan tanya kami.", "Lain kali jangan beri nombor TAC kepada sesiapa."),
    ("ms", "Lain kali jangan risau, kami akan SMS puan.", "Lain kali jangan berkongsi kata laluan dengan orang lain."),
    # general security advice, with no act of the customer's to reproach, advises (item 7)
    ("en", "Going forward, never share your PIN with anyone.", "You gave them the code. Next time don't do that."),
]


@pytest.mark.parametrize("language,statement,prohibition", NEXT_TIME_STATEMENTS,
                         ids=[p[1][:32] for p in NEXT_TIME_STATEMENTS])
def test_next_time_statements_pass_and_prohibitions_of_the_customers_act_blame(check, contact, language,
                                                                              statement, prohibition):
    assert not flagged_families(check, contact, language, statement)
    assert "blame" in flagged_families(check, contact, language, prohibition)


# (language, sincere thanks with "my job" in another clause, the sarcastic twin): "my job" is sarcasm
# only as what the thanked verb explains.
MY_JOB = [
    ("en", "Thanks for telling me, it's my job to sort this out.", "Thanks for explaining my job to me."),
    ("cs", "Děkuji, že jste mi to řekl, je to moje práce to vyřešit.", "Děkuji, že jste mi vysvětlil moji práci."),
    ("ro", "Mulțumesc că mi-ați spus, asta e treaba mea să rezolv.", "Mulțumesc că mi-ați explicat meseria mea."),
    ("fi", "Kiitos että kerroitte, mun työni on hoitaa tämä.", "Kiitos että selititte mun työni."),
    ("ms", "Terima kasih sebab beritahu, memang kerja saya selesaikan ni.", "Terima kasih sebab terangkan kerja saya."),
]


@pytest.mark.parametrize("language,sincere,sarcastic", MY_JOB, ids=[p[1][:32] for p in MY_JOB])
def test_thanks_beside_my_job_is_thanks_and_thanks_for_explaining_my_job_is_not(check, contact, language,
                                                                                 sincere, sarcastic):
    assert thanked(check, contact, language, sincere)
    assert not flagged_families(check, contact, language, sincere)
    assert not thanked(check, contact, language, sarcastic)


# (language, "no need to call / we don't handle" followed by help, the bare brush-off)
HELPFUL_NO_NEED = [
    ("en", "You don't need to call us about something like this, the refund is automatic.",
           "Don't call us about such things."),
    ("en", "We don't handle that kind of thing at the branch, but our card team does and I'll transfer you.",
           "We don't handle that kind of thing."),
    ("ms", "Tak perlu hubungi kami untuk perkara seperti ini, sistem akan proses secara automatik.",
           "Jangan call kami pasal benda macam ni."),
    ("cs", "Nemusíte nám kvůli takovým věcem volat, vrácení peněz proběhne samo.",
           "S takovými věcmi nám nevolejte."),
    ("fi", "Ei tarvitse soittaa tällaisista, hyvitys tulee automaattisesti.", "Ei tarvii soittaa tällasista meille."),
    ("ro", "Nu e nevoie să ne sunați pentru așa ceva, rambursarea se face automat.",
           "Nu ne mai sunați pentru așa ceva."),
]


@pytest.mark.parametrize("language,helpful,curt", HELPFUL_NO_NEED, ids=[p[1][:32] for p in HELPFUL_NO_NEED])
def test_no_need_to_call_followed_by_help_informs_and_the_bare_brush_off_does_not(check, contact, language,
                                                                                 helpful, curt):
    assert not flagged_families(check, contact, language, helpful)
    assert "shrug" in flagged_families(check, contact, language, curt)
