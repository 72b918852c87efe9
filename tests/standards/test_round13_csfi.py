"""Czech and Finnish, round 13 (#8): what writers n and p slipped past, heard as kinds of miss rather
than as their sentences. Each line is written for this test (not the writers') beside a polite twin
that shares its words and must stay clean.

- Thanks that reproach: for finally doing it ("konečně", "vihdoin"), for noticing or saying it only
  so late ("až na letišti", "až teď"), Finnish "no kiitos (vaan) tosi paljon"; they are no thanks
  and are sarcasm.
- cs: bare "to je mi líto" is sympathy, not an apology for a wait; "měla jste zapnutý … dat" (you
  had … on; "dat", data) is no "you should have"; a busy line explained inside an apology for the
  wait is no impatience; mock "by itself, right?"; "příště nejdřív restart"; "zkusil jste ho vůbec
  zapnout?"; "většina to zvládne sama"; "budete to muset nějak vydržet"; "co vám mám říct jinýho".
- fi: object before the verb ("ei siinä mitään voi tehdä"); "kattokaa jostain muualta"; "ei oo mun
  business" (code-switched); "ei se meidän vika ole, jos ette lue"; "ette kuuntele yhtään"; "useimmat
  ymmärtää tän ihan itse"; "lukee kyllä ehdoissa"; queue pressure and "päättäkää nyt"; the caller
  mocked as a conspiracy theorist; "pardon?" and a bad line are no apology for a hold; "kiitos" with a
  genitive plural gives a cause.
"""
import pytest

from crm.standards.base import Hold

AGENT = {"cs": ("Operátorka", "Zákazník"), "fi": ("Asiakaspalvelija", "Asiakas")}
CUSTOMER_FIRST = {"cs": "Zákazník: Volám kvůli objednávce.", "fi": "Asiakas: Soitan tilauksesta."}


def families(check, contact, line, language):
    agent, customer = AGENT[language]
    departures = check("courtesy.positive_language",
                       contact(transcript=f"{CUSTOMER_FIRST[language]}\n{agent}: {line}\n{customer}: Aha.",
                               language=language))
    return {m["family"] for d in departures for m in d.evidence["matched"]}


# (language, family, dismissive line, its polite twin)
PAIRS = [
    # Czech
    ("cs", "sarcasm", "Díky, že jste se konečně ozval.",
     "Díky, že jste se ozval, konečně to můžeme vyřešit."),
    ("cs", "sarcasm", "Děkuju, že jste mi to řekla až dneska.",
     "Děkuju, že jste mi to řekla, dneska to opravím."),
    ("cs", "sarcasm", "Díky moc, že jste si toho všiml až po odjezdu.",
     "Díky moc, že jste si toho všiml, po odjezdu by to bylo horší."),
    ("cs", "sarcasm", "No tak to je teda skvělý.",
     "To je skvělé, hned vám to pošlu."),
    ("cs", "sarcasm", "Jasně, protože se to spraví samo od sebe.",
     "Někdy se to spraví samo od sebe, ale radši pošlu technika."),
    ("cs", "sarcasm", "Určitě, celá firma je ve spiknutí proti vám.",
     "Chápu, že to tak působí, ale nikdo proti vám nic nemá."),
    ("cs", "blame", "Tak příště nejdřív návod.",
     "Kdyby se to příště stalo, zkuste nejdřív restart, to většinou pomůže."),
    ("cs", "condescension", "A zkusila jste ho vůbec zapojit?",
     "Zkusila jste ho už zapojit do jiné zásuvky?"),
    ("cs", "condescension", "Většina zákazníků to zvládne sama.",
     "Většina zákazníků se na to ptá, tak vám to rovnou projdu."),
    ("cs", "cannot_help", "To holt budete muset nějak vydržet.",
     "Budete muset chvilku vydržet na lince, hned jsem zpátky."),
    ("cs", "shrug", "Co vám mám říct jinýho.",
     "Řeknu vám, co jiného můžeme nabídnout."),
    # Finnish
    ("fi", "sarcasm", "No kiitti vaan tosi paljon.",
     "Kiitti tosi paljon avusta."),
    ("fi", "sarcasm", "Kiitos että vihdoin ilmoititte.",
     "Kiitos että ilmoititte, vihdoin saatiin asia selväksi."),
    ("fi", "sarcasm", "Niin, me ollaan kai salaliitossa teitä vastaan.",
     "Ymmärrän, että tuntuu pahalta, me selvitetään tää."),
    ("fi", "sarcasm", "Mulla on jonossa kymmenen muuta.",
     "Meillä on tänään jonoa, pahoittelen odotusta."),
    ("fi", "sarcasm", "Päättäkää nyt jo.",
     "Päättäkää ihan rauhassa, mä odotan."),
    ("fi", "cannot_help", "Ei tässä mitään voi tehdä.",
     "Ei tässä mitään, voin tehdä sen heti."),
    ("fi", "not_mine", "Kattokaa vaikka jostain muualta.",
     "Katsotaan, löytyykö sitä jostain muualta varastosta."),
    ("fi", "not_mine", "Ei se oo mun business.",
     "Se ei oo mun vika, mutta korjaan sen heti."),
    ("fi", "blame", "Ei se meidän vika ole, jos ette avaa viestejä.",
     "Se on meidän vika, jos viesti ei tullut perille."),
    ("fi", "repeat", "Ette te kuuntele yhtään.",
     "Jos ette kuule mua hyvin, soitan uudestaan."),
    ("fi", "condescension", "Useimmat asiakkaat osaa tän ihan itse.",
     "Useimmat asiakkaat kysyy tätä, käydään se läpi."),
    ("fi", "condescension", "Se lukee kyllä sopimuksessa.",
     "Se lukee sopimuksessa, katsotaan yhdessä."),
    ("fi", "condescension", "Ootteko edes kokeilleet käynnistää sen uudelleen?",
     "Ootteko jo kokeilleet käynnistää sen uudelleen?"),
    ("fi", "condescension", "Kai jokaisen sen nyt pitäis tietää, luulis kaikkien sen tajuavan.",
     "Luulis paketin sen tänään tulevan."),
    ("fi", "condescension", "Käydään tää hitaasti, jotta te pysytte mukana.",
     "Käydään tää hitaasti, jotta te ehditte kirjoittaa sen ylös."),
    ("fi", "blame", "Kannattais itsekin tarkistaa laskut ajoissa.",
     "Mun pitäis itsekin tarkistaa se, hetki vaan."),
]


@pytest.mark.parametrize("language,family,line,twin", PAIRS)
def test_a_widened_family_hears_the_line_and_not_its_polite_twin(check, contact, language, family, line, twin):
    assert family in families(check, contact, line, language)
    assert families(check, contact, twin, language) == set()


@pytest.mark.parametrize("language,line", [
    # an impatient-looking busy line, said to explain a wait the agent apologises for
    ("cs", "Moc se omlouvám, že jste tak dlouho čekala, dneska máme hodně hovorů."),
    ("cs", "Máme hodně hovorů, omlouvám se za čekání."),
    ("fi", "Pahoittelen että jouduitte odottamaan, meillä on paljon puheluita jonossa."),
    # "měla jste zapnutý …": you had it on — no "you should have"; "dat" is data there
    ("cs", "Protože jste měla zapnuté automatické dobíjení dat."),
    ("cs", "Vidím, že jste měl nastavený tarif bez dat."),
    # a rule with a way forward after "mutta"
    ("fi", "Se on meidän käytäntö, ettei sopimusta pureta, mutta sen voi siirtää toiselle."),
    ("fi", "Sanon sen hitaasti, niin ehditte kirjoittaa sen ylös."),
])
def test_kind_readings_of_dismissive_looking_words_stay_clean(check, contact, language, line):
    assert families(check, contact, line, language) == set()


def test_you_should_have_let_me_know_is_still_blame(check, contact):
    assert "blame" in families(check, contact, "Měl jste mi dát vědět dřív.", "cs")


# (language, thanks that reproach — no thanks, the same thanks said sincerely — thanks)
THANKS = [
    ("cs", "Díky, že jste to konečně našel.", "Díky, že jste to našel, konečně to mám."),
    ("cs", "Děkuju, že jste se ozval až po týdnu.", "Děkuju, že jste se ozval, po týdnu to zkontroluju."),
    ("fi", "No kiitos tosi paljon.", "Kiitos tosi paljon."),
    ("fi", "Kiitti vaan, että vihdoin soititte.", "Kiitti, että soititte, vihdoin saatiin selvyys."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", THANKS)
def test_thanks_that_reproach_are_no_thanks_and_sincere_ones_count(flagged, language, sarcastic, sincere):
    agent, _ = AGENT[language]
    assert flagged("courtesy.thanks", f"{CUSTOMER_FIRST[language]}\n{agent}: {sarcastic}", language)
    assert not flagged("courtesy.thanks", f"{CUSTOMER_FIRST[language]}\n{agent}: {sincere}", language)


def test_thanks_someone_else_said_are_reported_not_given(flagged):
    agent, _ = AGENT["fi"]
    head = f"{CUSTOMER_FIRST['fi']}\n{agent}: "
    assert flagged("courtesy.thanks", head + "Eilen toinenkin soittaja sanoi kiitos, kun selitin tämän.", "fi")
    assert not flagged("courtesy.thanks", head + "Kollega sanoi, että paketti tuli. Kiitos kun kerroitte.", "fi")


def test_czech_thanks_with_a_soft_adjective_gives_a_cause(flagged):
    agent, _ = AGENT["cs"]
    head = f"{CUSTOMER_FIRST['cs']}\n{agent}: "
    assert flagged("courtesy.thanks", head + "Díky dnešní opravě to už funguje.", "cs")
    assert not flagged("courtesy.thanks", head + "Díky, dnes už to funguje.", "cs")


def test_finnish_thanks_with_a_genitive_plural_gives_a_cause(flagged):
    agent, _ = AGENT["fi"]
    cause = f"{CUSTOMER_FIRST['fi']}\n{agent}: Kiitos uusien päivitysten, sovellus toimii nyt nopeammin."
    assert flagged("courtesy.thanks", cause, "fi")
    assert not flagged("courtesy.thanks", f"{CUSTOMER_FIRST['fi']}\n{agent}: Kiitos kaikkien puolesta, "
                                          "sovellus toimii nyt nopeammin.", "fi")


def hold_flagged(check, contact, language, before, after):
    agent, _ = AGENT[language]
    transcript = f"{CUSTOMER_FIRST[language]}\n{agent}: {before}\n{agent}: [hold 90 s]\n{agent}: {after}"
    facts = contact(transcript=transcript, language=language, holds=(Hold(90, False),))
    return bool(check("hold.apology", facts))


# (language, before the hold, after it: no apology for the wait; the same with one)
HOLD = [
    # sympathy for the news before the hold is no apology for the hold
    ("cs", "To je mi líto. Moment, podívám se.", "Tak, splátku odložit nejde.",
     "To je mi líto. Moment, podívám se.", "Omlouvám se, že to trvalo."),
    ("cs", "To je mi líto. Vydržte chvilku.", "Tak, vidím to tu.",
     "To je mi líto. Vydržte chvilku.", "To je mi líto, že jste musel tak dlouho čekat."),
    # "pardon?" and a bad line are no apology for the hold
    ("fi", "Anteeksi, mitä sanoitte? Linja pätkii.", "No niin, tilaus löytyi.",
     "Anteeksi, mitä sanoitte? Linja pätkii.", "Anteeksi että kesti."),
    ("cs", "Promiňte, co jste říkal? Špatně vás slyším. Moment.", "Tak, objednávka je na cestě.",
     "Promiňte, co jste říkal? Špatně vás slyším. Moment.", "Promiňte, že to trvalo."),
]


@pytest.mark.parametrize("language,before,after,before_ok,after_ok", HOLD)
def test_only_an_apology_for_the_wait_counts_for_the_hold(check, contact, language, before, after,
                                                          before_ok, after_ok):
    assert hold_flagged(check, contact, language, before, after)
    assert not hold_flagged(check, contact, language, before_ok, after_ok)
