"""Writer r's kinds of miss (#8, round 16), each beside a near-identical twin, in the five languages.
Every line was written for this test (no corpus sentence): what is pinned is the kind.

- speaker labels as people write them: chat handles ("GG_Support_Tyler", "agent_nabila"), role words
  of a shop or a surgery ("Recepce …", "player"), first names only, told apart by who offers help and
  who says "I'd like to"; a name given once with its company and then alone; replies to the customer's
  thanks ("není zač", "ei kestä", "sama-sama", "cu plăcere") are no thanks of the agent's;
- thanks for "the compliment" straight after the customer insulted the agent, or a lone "No super."
  after the customer snapped, is sarcasm (no thanks, dismissive); after praise or a plain answer it is
  not; thanks "for at least admitting it" is sarcastic;
- asking a caller to speak the agent's own language, with "I don't understand you" or "we are a Czech
  company", or saying their dialect cannot be understood, talks down to them; asking to speak louder,
  offering another language or saying they need not switch does not;
- "you just didn't read it properly" talks down; "maybe it will miraculously fix itself" is sarcasm;
- hold.apology: an apology for the problem said before the turn announces the hold is no apology for
  the hold; one in the sentence that announces it is.
"""
import pytest

from crm.standards.base import Hold
from crm.standards.language import AGENT, CUSTOMER, split_turns


def sides(transcript):
    turns, labelled = split_turns(transcript)
    assert labelled
    return [speaker for speaker, _, _ in turns]


def positive_families(check, contact, transcript, language):
    found = check("courtesy.positive_language", contact(transcript=transcript, language=language))
    return {m["family"] for m in found[0].evidence["matched"]} if found else set()


def thanks_flagged(check, contact, transcript, language):
    return bool(check("courtesy.thanks", contact(transcript=transcript, language=language)))


# --- speaker labels -------------------------------------------------------------------------------

# (language, transcript with {reply} as the agent's last line; who speaks, in order). The customer
# thanks last; the agent's last line is filled with a reply to the thanks (flagged: no agent thanks)
# or with thanks of their own (passes).
LABELLED = [
    ("en", "player: my controller keeps disconnecting\nGG_Support_Tyler: have you updated the firmware\n"
           "player: yes, it works now, thanks a lot\nGG_Support_Tyler: {reply}", "You're welcome!", "Thanks for your patience!"),
    ("en", "Mike: hi, my router keeps dropping the connection\nTyler: Hi, you're through to Lumen support, how can I help?\n"
           "Mike: it's fixed now, thanks\nTyler: {reply}", "No worries, anytime.", "Thanks for calling, Mike."),
    ("ms", "[14:21] farid88: mcm mana nk tukar alamat?\n[14:23] agent_nabila: Boleh tukar dalam app, bahagian Profil.\n"
           "[14:24] farid88: ok dah jumpa, terima kasih\n[14:25] agent_nabila: {reply}", "Sama-sama encik.",
           "Terima kasih sebab hubungi kami."),
    ("cs", "Bára: Dobrý den, chtěla bych přeobjednat psa na očkování.\nRecepce Veterina Hafík: Dobrý den, ve čtvrtek mám volno v 9:30.\n"
           "Bára: To se hodí, moc děkuju!\nRecepce Veterina Hafík: {reply}", "Není zač, mějte se.",
           "Děkujeme za zavolání, mějte se."),
    ("cs", "zakaznik: dobry den, nejde mi internet\noperatorka: dobry den, hned se podivam\n"
           "zakaznik: uz to jede, diky\noperatorka: {reply}", "neni zac, hezky den", "diky za trpelivost, hezky den"),
    ("fi", "Matti: Hei, haluaisin siirtää laskun eräpäivää.\nLiisa: Hei, Pohjolan Sähkö, miten voin auttaa?\n"
           "Matti: Eräpäivä siis ensi perjantaiksi, kiitos.\nLiisa: {reply}", "Ei kestä, hyvää päivänjatkoa.",
           "Kiitos soitosta, hyvää päivänjatkoa."),
    ("ro", "Florin - Banca Prima: Banca Prima, Florin, bună ziua.\nClientă: Bună ziua, nu-mi merge cardul.\n"
           "Florin: L-am deblocat acum.\nClientă: Mulțumesc frumos!\nFlorin: {reply}", "Cu plăcere, o zi bună.",
           "Vă mulțumesc pentru apel, o zi bună."),
    ("ro", "Client: Bună, am o problemă cu factura.\nCristi_Suport: Bună ziua, cu ce vă pot ajuta?\n"
           "Client: S-a rezolvat, mersi.\nCristi_Suport: {reply}", "Pentru puțin.", "Mersi și dumneavoastră."),
]


@pytest.mark.parametrize("language,transcript,reply,thanks", LABELLED, ids=[c[1][:24] for c in LABELLED])
def test_labels_as_people_write_them_give_the_customers_thanks_to_the_customer(check, contact, language,
                                                                               transcript, reply, thanks):
    assert thanks_flagged(check, contact, transcript.format(reply=reply), language)
    assert not thanks_flagged(check, contact, transcript.format(reply=thanks), language)


def test_a_handle_is_read_by_its_parts():
    assert sides("[10:01] farid88: nak tanya\n[10:02] agent_nabila: Boleh\n[10:03] farid88: ok") == \
        [CUSTOMER, AGENT, CUSTOMER]
    assert sides("player: hi\nGG_Support_Tyler: hello\nplayer: ok\nGG_Support_Tyler: ok") == \
        [CUSTOMER, AGENT, CUSTOMER, AGENT]


# Two first names, no role word: the one who offers help is the agent, whoever writes first; with no
# cue either way, the first to write still is (the agent answers the call).
NAMES = [
    ("Mike: my parcel never came\nTyler: Hi, thanks for contacting Acme, how can I help?\nMike: it never came\nTyler: Let me look.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Petr: Dobrý den, mám problém s fakturou.\nJana: Dobrý den, s čím vám můžu pomoct?\nPetr: Je tam dvakrát.\nJana: Podívám se.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Aina: Saya nak tanya pasal bil.\nSiti: Hai, ada apa yang boleh saya bantu?\nAina: Bil tinggi.\nSiti: Saya semak.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Matti: Moi, haluaisin tietää laskusta.\nLiisa: Hei, miten voin auttaa?\nMatti: Lasku on väärä.\nLiisa: Katsotaan.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Ion: Bună, vreau să schimb adresa.\nAna: Bună ziua, cu ce vă pot ajuta?\nIon: Adresa nouă.\nAna: Am notat.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Karel: Dobrý den, ztratil jsem kartu.\nHana: Dobrý den, Halden banka, Hana u telefonu.\nKarel: Jo.\nHana: Zablokuji ji.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Sam: I've lost my card.\nJo: Hello, Halden Bank, this is Jo speaking.\nSam: Yes.\nJo: I'll block it.",
     [CUSTOMER, AGENT, CUSTOMER, AGENT]),
    ("Tyler: Morning.\nMike: Morning.\nTyler: Right.\nMike: Okay.", [AGENT, CUSTOMER, AGENT, CUSTOMER]),
]


@pytest.mark.parametrize("transcript,expected", NAMES, ids=[n[0][:20] for n in NAMES])
def test_between_two_names_the_one_who_offers_help_is_the_agent(transcript, expected):
    assert sides(transcript) == expected


def test_a_name_given_once_with_its_company_and_then_alone_is_one_speaker():
    turns, _ = split_turns("Florin - Banca Prima: Bună ziua.\nClientă: Bună.\nFlorin: Cu ce vă ajut?\nClientă: Cardul.")
    assert [s for s, _, _ in turns] == [AGENT, CUSTOMER, AGENT, CUSTOMER]


# --- answers to an insult ----------------------------------------------------------------------------

# (language, the customer's insult, the customer's praise, the agent's thanks for "the compliment")
COMPLIMENT = [
    ("en", "You lot are completely useless, a week without TV!", "You're brilliant, you fixed it last time!",
     "Thanks for the compliment. What's the address?"),
    ("ro", "Sunteți niște incompetenți, de o săptămână nu merge!", "Sunteți minunați, data trecută m-ați ajutat repede!",
     "Mersi pentru complimente. Adresa?"),
    ("cs", "Jste úplně neschopní, týden nejde televize!", "Jste skvělí, minule jste mi hned pomohli!",
     "Díky za kompliment. Adresa?"),
    ("fi", "Te ootte ihan idiootteja, viikko ilman telkkaria!", "Te ootte mahtavia, viimeksi autoitte heti!",
     "Kiitos kohteliaisuudesta. Osoite?"),
    ("ms", "Korang ni memang bodoh, seminggu TV tak jalan!", "Korang terbaik, hari tu cepat tolong saya!",
     "Terima kasih atas pujian. Alamat?"),
]


def _answer(insult_or_praise, agent_line):
    return f"Customer: {insult_or_praise}\nAgent: {agent_line}\nCustomer: Ok."


@pytest.mark.parametrize("language,insult,praise,line", COMPLIMENT, ids=[c[0] for c in COMPLIMENT])
def test_thanks_for_the_compliment_after_an_insult_is_sarcasm_and_after_praise_thanks(check, contact, language,
                                                                                      insult, praise, line):
    assert thanks_flagged(check, contact, _answer(insult, line), language)
    assert "sarcasm" in positive_families(check, contact, _answer(insult, line), language)
    assert not thanks_flagged(check, contact, _answer(praise, line), language)
    assert not positive_families(check, contact, _answer(praise, line), language)


# (language, the customer snaps, a plain answer, the agent's reply opening with a lone word of praise)
SNAP = [
    ("cs", "Jasně že je zapojený, nejsem blbej.", "Ano, je zapojený.", "No super. Tak zkusíme restart."),
    ("en", "Of course it's plugged in, I'm not stupid.", "Yes, it's plugged in.", "Great. Let's try a restart."),
    ("fi", "Totta kai se on kiinni, en oo tyhmä.", "Joo, se on kiinni.", "Hienoa. Kokeillaan uudelleenkäynnistystä."),
    ("ms", "Mestilah dah pasang, saya bukan bodoh.", "Ya, dah pasang.", "Bagus. Kita cuba restart."),
    ("ro", "Sigur că e în priză, nu sunt prost.", "Da, e în priză.", "Minunat. Încercăm o repornire."),
]


@pytest.mark.parametrize("language,snap,plain,reply", SNAP, ids=[s[0] for s in SNAP])
def test_a_lone_great_after_the_customer_snaps_is_sarcasm_and_after_a_plain_answer_is_not(check, contact, language,
                                                                                          snap, plain, reply):
    assert "sarcasm" in positive_families(check, contact, _answer(snap, reply), language)
    assert not positive_families(check, contact, _answer(plain, reply), language)


def test_quoting_the_customers_harsh_words_back_with_empathy_is_not_sarcasm(check, contact):
    transcript = ("Client: E o bătaie de joc, sunați-mă a patra oară!\n"
                  "Agent: Ați spus că e „o bătaie de joc” și înțeleg de ce. Programez un tehnician.\nClient: Bine.")
    assert not positive_families(check, contact, transcript, "ro")


# (language, thanks "for at least admitting it", its sincere twin)
AT_LEAST = [
    ("ro", "Mersi că recunoașteți măcar. Apăsați lung pe buton.", "Mersi că ne spuneți. Apăsați lung pe buton."),
    ("cs", "Díky, že to aspoň přiznáte. Podržte tlačítko.", "Díky, že jste to nahlásil. Podržte tlačítko."),
    ("en", "Thanks for at least admitting it. Hold the button down.", "Thanks for letting me know. Hold the button down."),
    ("fi", "Kiitos, että edes myönnätte sen. Pitäkää nappia pohjassa.", "Kiitos, että kerroitte. Pitäkää nappia pohjassa."),
    ("ms", "Terima kasih sebab sekurang-kurangnya mengaku. Tekan lama butang tu.",
           "Terima kasih sebab beritahu. Tekan lama butang tu."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", AT_LEAST, ids=[a[0] for a in AT_LEAST])
def test_thanks_for_at_least_admitting_it_is_no_thanks_and_its_twin_is(check, contact, language, sarcastic, sincere):
    assert thanks_flagged(check, contact, _answer("Nu.", sarcastic), language)
    assert not thanks_flagged(check, contact, _answer("Nu.", sincere), language)


# --- the agent's own language ------------------------------------------------------------------------

# (language, the caller's line, demanding the agent's own language; its twin)
TONGUE = [
    ("cs", "Dobrý deň, volám ohľadom objednávky.", "Mohl byste mluvit česky? Jsme česká firma, já vám nerozumím.",
     "Mohl byste mluvit hlasitěji? Je tam šum, já vám nerozumím."),
    ("cs", "Dobrý deň, volám ohľadom objednávky.", "Mluvte česky, nerozumím vám.",
     "Nemusíte mluvit česky, rozumím vám."),
    ("ms", "Ambo nok tanyo, api putuh doh.", "Cuba cakap bahasa biasa sikit boleh? Saya tak faham loghat macam tu.",
     "Cuba cakap kuat sikit boleh? Saya tak faham sebab line tak jelas."),
    ("en", "Och aye, ma boiler's packed in.", "Can you speak proper English? I can't understand your accent.",
     "Can you speak a bit louder? I can't understand you, the line is bad."),
    ("fi", "Moi, mää soittelen tost laskust.", "Puhukaa suomea kunnolla, en ymmärrä teitä.",
     "Puhukaa vähän kovempaa, en ymmärrä teitä."),
    ("ro", "Bună, am o problemă cu factura.", "Vorbiți românește, nu vă înțeleg.",
     "Vorbiți mai tare, nu vă înțeleg."),
]


@pytest.mark.parametrize("language,caller,demand,twin", TONGUE, ids=[t[2][:28] for t in TONGUE])
def test_demanding_the_agents_own_language_talks_down_and_asking_to_speak_louder_does_not(check, contact, language,
                                                                                        caller, demand, twin):
    assert "condescension" in positive_families(check, contact, _answer(caller, demand), language)
    assert not positive_families(check, contact, _answer(caller, twin), language)


def test_offering_the_callers_language_is_not_a_demand(check, contact):
    transcript = _answer("Hello, I don't speak Czech.", "Mluvíte anglicky? Nerozumím vám, ale kolega ano.")
    assert not positive_families(check, contact, transcript, "cs")
    # "use the right app" is no language, though "betul" follows a verb near "tak faham"
    transcript = _answer("Saya tak jumpa butang tu.", "Boleh guna app yang betul? Saya tak faham mana encik tengok.")
    assert "condescension" not in positive_families(check, contact, transcript, "ms")


# --- condescension about reading, sarcasm about miracles ---------------------------------------------

# (language, "you just didn't read it properly", its twin)
NOT_READ = [
    ("ms", "Ada je kat situ. Encik je tak baca betul2.", "Ada je kat situ. Page tu memang tak load betul2 hari ni."),
    ("en", "It's there on the page. You just didn't read it properly.",
           "It's there on the page. It just didn't load properly for a lot of people today."),
    ("cs", "Je to tam na stránce. Jen jste to nečetl pořádně.", "Je to tam na stránce. Jen se vám načetla stará verze."),
    ("fi", "Se on siellä sivulla. Ette vaan lukeneet sitä kunnolla.", "Se on siellä sivulla. Sivu ei vaan latautunut kunnolla."),
    ("ro", "E acolo pe pagină. Nu ați citit cu atenție.", "E acolo pe pagină. Nu s-a încărcat cum trebuie azi."),
]


@pytest.mark.parametrize("language,curt,twin", NOT_READ, ids=[n[0] for n in NOT_READ])
def test_you_didnt_read_it_properly_talks_down_and_its_twin_does_not(check, contact, language, curt, twin):
    assert "condescension" in positive_families(check, contact, _answer("Nu gasesc.", curt), language)
    assert not positive_families(check, contact, _answer("Nu gasesc.", twin), language)


def test_denying_that_the_customer_did_not_read_it_properly_is_not_saying_it(check, contact):
    line = "I'm not saying you didn't read it properly, the page is confusing."
    assert not positive_families(check, contact, _answer("I can't find it.", line), "en")


# (language, "maybe it will miraculously fix itself", its twin)
MIRACLE = [
    ("cs", "Zkuste to ještě jednou vypnout a zapnout, třeba se to na čtvrtý pokus zázračně spraví.",
           "Zkuste to ještě jednou vypnout a zapnout, třeba se to na čtvrtý pokus spraví."),
    ("en", "Try switching it off and on again, maybe it'll miraculously work the fourth time.",
           "Try switching it off and on again, maybe it'll work the fourth time."),
    ("fi", "Kokeilkaa vielä kerran sammuttaa ja käynnistää, ehkä se ihmeen kaupalla toimii.",
           "Kokeilkaa vielä kerran sammuttaa ja käynnistää, ehkä se sitten toimii."),
    ("ms", "Cuba off dan on sekali lagi, mana tau secara ajaib boleh jalan.",
           "Cuba off dan on sekali lagi, mana tau kali ni boleh jalan."),
    ("ro", "Mai încercați o dată să-l opriți și porniți, poate ca prin minune merge.",
           "Mai încercați o dată să-l opriți și porniți, poate de data asta merge."),
]


@pytest.mark.parametrize("language,sarcastic,twin", MIRACLE, ids=[m[0] for m in MIRACLE])
def test_maybe_it_will_miraculously_work_is_sarcasm_and_its_twin_is_not(check, contact, language, sarcastic, twin):
    assert "sarcasm" in positive_families(check, contact, _answer("Ok.", sarcastic), language)
    assert not positive_families(check, contact, _answer("Ok.", twin), language)


# --- hold apology ---------------------------------------------------------------------------------

# (language, the agent's turn: sorry for the problem, then the hold announced; its twin: sorry in the
# sentence announcing the hold). The agent's turn after the hold apologises for nothing.
HOLD = [
    ("en", "I'm so sorry about this. Let me speak with the hotel, I'll need to put you on hold.",
           "I'm so sorry, I'll need to put you on hold while I speak with the hotel.", "Okay, I've spoken to them."),
    ("ro", "Îmi pare rău să aud asta, nu e plăcut să aștepți un colet atâta. Un moment să verific.",
           "Îmi pare rău, vă rog să așteptați un moment să verific.", "Deci, coletul e în livrare."),
    ("cs", "Moc se omlouvám za tu chybu. Podržte prosím chvilku, ověřím to.",
           "Omlouvám se, že vás nechám chvilku čekat, ověřím to.", "Tak, už to mám."),
    ("fi", "Pahoittelen tätä sotkua. Hetki, tarkistan asian.",
           "Pahoittelen, joudutte odottamaan hetken, tarkistan asian.", "No niin, nyt löytyi."),
    ("ms", "Maaf atas kesulitan ni. Sekejap ya, saya semak.",
           "Maaf ya, kena tunggu sekejap, saya semak.", "Okey, dah jumpa."),
]


@pytest.mark.parametrize("language,before,twin,after", HOLD, ids=[h[0] for h in HOLD])
def test_sorry_for_the_problem_before_the_hold_is_not_for_the_hold(check, contact, language, before, twin, after):
    def transcript(line):
        return f"Customer: There is a problem.\nAgent: {line}\n[hold]\nAgent: {after}\nCustomer: Ok."

    def flagged(line):
        facts = contact(transcript=transcript(line), language=language, holds=(Hold(90, False),))
        return bool(check("hold.apology", facts))

    assert flagged(before)
    assert not flagged(twin)


def test_a_chat_systems_line_is_a_note_not_a_speaker(check, contact):
    chat = ("[19:40] Client: nu pot plăti factura\n[19:41] Cristi_Suport: Stai puțin să verific.\n"
            "[19:43] Sistem: Agentul a pus conversația în așteptare\n[19:45] Cristi_Suport: {line}\n"
            "[19:46] Client: ok, mersi")
    turns, _ = split_turns(chat.format(line="Gata."))
    assert [s for s, _, _ in turns] == [CUSTOMER, AGENT, "event", AGENT, CUSTOMER]

    def flagged(line):
        facts = contact(transcript=chat.format(line=line), language="ro", holds=(Hold(120, False),))
        return bool(check("hold.apology", facts))

    assert flagged("Deci e picat procesatorul, încearcă mâine.")
    assert not flagged("Scuze de așteptare. Deci e picat procesatorul, încearcă mâine.")


def test_the_insult_lexicon_is_clean_and_its_words_are_never_flagged_in_the_agents_turn(check, contact):
    import json
    from importlib import resources

    from crm.standards.builtin.lexicon import lint_patterns

    data = json.loads(resources.files("crm.standards.builtin").joinpath("lexicons", "insult.json")
                      .read_text(encoding="utf-8"))
    assert set(data) == {"en", "ms", "cs", "fi", "ro"} and lint_patterns(data, "insult") == []
    # the agent reporting the customer's words is no insult of theirs, nor dismissive
    transcript = _answer("You're all useless.", "You said we're all useless, and I understand why. Let me fix it.")
    assert not positive_families(check, contact, transcript, "en")
