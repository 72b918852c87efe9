"""Czech and Finnish, round 11 (#8): the families rewritten with slots, each met by a line other
agents would say for the same act — none copied from the phrasebook — and by its polite twin,
which shares the words and must stay clean: the first person, a negation, a way forward after
"ale"/"mutta", a customer being congratulated, a reassurance in the same sentence.

Sarcastic thanks are no thanks only with a sarcastic frame in the same sentence ("díky za nic",
"kiitti tyhjästä", "…, to mi ještě chybělo"); the same thanks word with a sincere object still
counts. After a hold, an apology for something else is no apology for the wait."""
import pytest

from crm.standards.base import Hold

AGENT = {"cs": ("Operátorka", "Zákazník"), "fi": ("Asiakaspalvelija", "Asiakas")}
CUSTOMER_FIRST = {"cs": "Zákazník: Volám kvůli faktuře.", "fi": "Asiakas: Soitan laskusta."}


def families(check, contact, line, language):
    agent, customer = AGENT[language]
    departures = check("courtesy.positive_language",
                       contact(transcript=f"{CUSTOMER_FIRST[language]}\n{agent}: {line}\n{customer}: Aha.",
                               language=language))
    return {m["family"] for d in departures for m in d.evidence["matched"]}


# (language, family, dismissive line, its polite twin)
PAIRS = [
    # Czech blame: the counterfactual with its consequence, done wrongly, not done, told not to
    ("cs", "blame", "Kdybyste si tu fakturu pořádně zkontroloval, tak by se to vůbec nestalo.",
     "Kdybyste si tu fakturu zkontroloval, dejte mi vědět, co tam nesedí."),
    ("cs", "blame", "Vy jste tam zadala špatný číslo účtu, proto to nedošlo.",
     "Já jsem tam zadala špatné číslo účtu, omlouvám se, hned to opravím."),
    ("cs", "blame", "To je tím, že jste nenahlásil stav měřidla.",
     "Není to tím, že jste nenahlásil stav měřidla, chyba je u nás."),
    ("cs", "blame", "To jste neměla klikat na ten odkaz v SMS.",
     "To jste nemusela platit, peníze vám vrátíme."),
    ("cs", "blame", "Nikdo vás k tomu nenutil.",
     "Nikdo vás nebude nutit měnit tarif, klidně zůstaňte u stávajícího."),
    # Czech not mine: someone else's business, "nemám na starosti", "za to já nemůžu"
    ("cs", "not_mine", "To je věc dopravce.",
     "To je věc dopravce, ale já vám to s ním zařídím."),
    ("cs", "not_mine", "Tohle nemám na starosti, volejte jinam.",
     "Tohle nemám na starosti, ale hned vás přepojím na kolegyni."),
    ("cs", "not_mine", "Za to já fakt nemůžu.",
     "Za to vy nemůžete, je to chyba systému."),
    ("cs", "not_mine", "To už je mimo mě.",
     "To už je mimo nebezpečí, zásilka dorazila."),
    ("cs", "not_mine", "Já za to nezodpovídám.",
     "Já za to zodpovídám, takže to vyřeším."),
    ("cs", "sarcasm", "Na to vám kašlu.",
     "Na to vám pošlu formulář."),
    ("cs", "sarcasm", "Nemám čas to s vámi řešit.",
     "Teď nemám čas to řešit, ale zavolám vám do hodiny."),
    ("cs", "shrug", "Musíte počkat jako všichni ostatní.",
     "Nemusíte čekat jako ostatní, máte přednost."),
    # Czech cannot help: hedges in the middle, tied hands, "nijak"
    ("cs", "cannot_help", "S tím se bohužel nedá nic dělat.",
     "S tím se dá hned něco dělat, pošlu technika."),
    ("cs", "cannot_help", "Mám svázané ruce.",
     "Nemám svázané ruce, slevu vám dát můžu."),
    ("cs", "cannot_help", "Nemůžu vám nijak pomoct.",
     "Můžu vám nějak pomoct?"),
    # Czech policy
    ("cs", "policy", "Tak to máme nastavené a hotovo.",
     "Tak to máme nastavené, ale můžu to pro vás změnit."),
    ("cs", "policy", "Výjimku vám dělat nebudu.",
     "Výjimku vám udělat můžu, jen potřebuju souhlas vedoucí."),
    ("cs", "policy", "Smlouva je smlouva.",
     "Smlouva je v pořádku, podpis máme."),
    ("cs", "policy", "Konec diskuze, poplatek platí.",
     "Poplatek vám vrátím, diskuze není potřeba."),
    # Czech impatience and repeating
    ("cs", "repeat", "Posloucháte mě vůbec?",
     "Slyšíte mě dobře? Trochu to šumí."),
    ("cs", "repeat", "Říkám vám to pořád dokola.",
     "Říkám vám to radši ještě jednou, ať to máte zapsané."),
    ("cs", "repeat", "Kolikrát vám to mám ještě opakovat?",
     "Kolikrát vám to mám poslat, jednou nebo dvakrát?"),
    ("cs", "repeat", "Točíme se v kruhu.",
     "Točí se vám kolečko v aplikaci? To se stává."),
    # Czech calm down
    ("cs", "calm", "Proč na mě tak křičíte?",
     "Proč ten modem tak piští? Asi se přehřívá."),
    ("cs", "calm", "Nebuďte hysterická.",
     "Nebuďte smutná, vyřešíme to."),
    ("cs", "calm", "Nejdřív se uklidněte.",
     "Nejdřív se podívejte na štítek modemu, prosím."),
    ("cs", "calm", "Nedělejte z toho takové drama.",
     "Nedělejte si s tím starosti, vyřídím to."),
    # Czech talking down
    ("cs", "condescension", "Víte vůbec, kde máte router?",
     "Víte, kde máte router? Podíváme se na něj spolu."),
    ("cs", "condescension", "To zvládne každý.",
     "To zvládneme, nebojte se."),
    ("cs", "condescension", "Vysvětlím vám to jako malému dítěti.",
     "Mám doma malé dítě, tak tu situaci znám."),
    ("cs", "condescension", "V návodu je to přece jasně napsané.",
     "V návodu je to na straně pět, projdeme to spolu."),
    # Czech shrug (played down: a reassurance in the same sentence clears it)
    ("cs", "shrug", "To je život.",
     "To je životnost baterie, kterou výrobce uvádí."),
    ("cs", "shrug", "Není to žádná tragédie.",
     "Není to žádná tragédie, nebojte se, vyřešíme to."),
    ("cs", "shrug", "Není to nic složitého.",
     "Není to nic složitého, ukážu vám to."),
    ("cs", "shrug", "Co naděláte.",
     "Co pro vás můžu udělat?"),
    # Czech sarcasm and threats
    ("cs", "sarcasm", "Tamhle jsou dveře.",
     "Tamhle u dveří je box na vrácení zásilek."),
    ("cs", "sarcasm", "Ještě jedno slovo a zavěšuju.",
     "Ještě jedno slovo a mám to zapsané."),
    ("cs", "sarcasm", "Takhle se se mnou bavit nebudete.",
     "Takhle se to nastavit nedá, zkusíme to jinak."),
    # Czech "you're wrong"
    ("cs", "wrong", "To se vám jen zdá.",
     "Zdá se vám to pomalé? Prověřím rychlost."),
    ("cs", "wrong", "To jste si špatně přečetla.",
     "To jsem si špatně přečetla já, omlouvám se."),
    ("cs", "wrong", "Vy to máte celé pomotané.",
     "Mám to tady v systému trochu pomotané, moment."),

    # Finnish blame: counterfactual with its consequence, done wrong yourself, your responsibility
    ("fi", "blame", "Jos olisitte maksaneet ajoissa, liittymää ei olis suljettu.",
     "Jos olisitte halunneet, olisin voinut siirtää eräpäivää."),
    ("fi", "blame", "Itse ootte antanu väärän osoitteen.",
     "Me ollaan annettu väärä osoite, pahoittelen."),
    ("fi", "blame", "Teidän vastuullahan se on.",
     "Se ei ole teidän vastuulla, me hoidetaan se."),
    ("fi", "blame", "Miksette lukeneet viestiä?",
     "Luitteko jo viestin? Siinä on seurantakoodi."),
    # Finnish not mine
    ("fi", "not_mine", "Se on kuriirin homma.",
     "Se on kuriirin homma, mutta mä selvitän sen teidän puolesta."),
    ("fi", "not_mine", "Ei se kuulu kyllä mulle.",
     "Se kuuluu mulle, hoidan sen."),
    ("fi", "not_mine", "Laskutuksen juttu, ei mun.",
     "Laskutuksen juttu on nopea, yhdistän teidät."),
    ("fi", "not_mine", "Soittakaa jonnekin muualle.",
     "Soittakaa tänne uudestaan, jos tarvitsette apua."),
    ("fi", "not_mine", "Ei se mulle kuulu.",
     "Se kuuluu mulle, katson sen."),
    ("fi", "cannot_help", "Ei tähän oo mitään ratkaisua.",
     "Tähän on ratkaisu, vaihdetaan laite."),
    ("fi", "wrong", "Ette ymmärrä yhtään.",
     "Ymmärrän teitä hyvin."),
    ("fi", "not_mine", "Tämä ei kuulu meidän osastolle.",
     "Tämä ei kuulu meidän osastolle, mutta mä siirrän teidät oikeaan paikkaan."),
    # Finnish cannot help: "mitään", "paljon", the typed "mitää"
    ("fi", "cannot_help", "Ei tässä paljon oo tehtävissä.",
     "Tässä on paljon tehtävissä, aloitetaan heti."),
    ("fi", "cannot_help", "Ei tälle voi mitää.",
     "Tälle voi tehdä jotain, katsotaan."),
    ("fi", "cannot_help", "Ei meillä oo mitään keinoja siihen.",
     "Meillä on keinoja siihen, hoidetaan."),
    # Finnish policy
    ("fi", "policy", "Sopimus on sopimus.",
     "Sopimus on voimassa maaliskuuhun."),
    ("fi", "policy", "Järjestelmä sanoo ei.",
     "Järjestelmä sanoo, että tilaus on lähtenyt."),
    ("fi", "policy", "Me ei tehdä poikkeuksia.",
     "Me tehdään teille poikkeus tällä kertaa."),
    ("fi", "policy", "Järjestelmä ei salli sitä.",
     "Järjestelmä ei hyväksy tätä postinumeroa, syötetään se yhdessä uudestaan."),
    # Finnish "you're wrong"
    ("fi", "wrong", "Sä muistat nyt väärin.",
     "Mä muistin väärin, anteeksi."),
    ("fi", "wrong", "Olette erehtynyt.",
     "Olen erehtynyt, pahoittelen."),
    # Finnish repeating and impatience
    ("fi", "repeat", "Mä oon sanonu tän jo kolme kertaa.",
     "Te ootte soittanu jo kolme kertaa, pahoittelen."),
    ("fi", "repeat", "Kuunteletteko te yhtään?",
     "Kuuletteko mua hyvin?"),
    ("fi", "repeat", "Niinhän mä just sanoin.",
     "Niin mä just ajattelinkin."),
    # Finnish calm down
    ("fi", "calm", "Älkää nyt hermostuko.",
     "Älkää huolestuko, tämä hoidetaan."),
    ("fi", "calm", "Ei tarvii olla noin dramaattinen.",
     "Ei tarvii odottaa, se on jo matkalla."),
    ("fi", "calm", "Te ylireagoitte.",
     "Ymmärrän hyvin, että reagoitte näin."),
    # Finnish talking down
    ("fi", "condescension", "Luulis jokaisen tietävän tän.",
     "Luulis paketin tulevan tänään."),
    ("fi", "condescension", "Se lukee kyllä ihan selvästi sopimuksessa.",
     "Se lukee sopimuksessa, katsotaan yhdessä."),
    ("fi", "condescension", "Googlatkaa se.",
     "Mä googlaan sen teille."),
    # Finnish shrug (a reassurance in the same sentence clears it)
    ("fi", "shrug", "Semmosta se elämä on.",
     "Semmosta se on, ymmärrän, ja hoidan tän."),
    ("fi", "shrug", "Sattuuhan sitä.",
     "Sattuuhan sitä kaikille, ei hätää."),
    ("fi", "shrug", "Ei tää mitään rakettitiedettä oo.",
     "Ei tää mitään rakettitiedettä oo, näytän teille."),
    ("fi", "shrug", "Ihan sama mulle.",
     "Ihan sama kumpi päivä teille sopii, molempiin on aikoja."),
    # Finnish sarcasm and threats
    ("fi", "sarcasm", "Jos te jatkatte tota huutamista, mä suljen puhelun.",
     "Jos yhteys katkeaa, mä soitan teille takasin."),
    ("fi", "sarcasm", "Ihme ja kumma, taas sama vika.",
     "Ihmettelen itsekin, miksi vika palasi."),
    ("fi", "sarcasm", "Soitelkaa sitten kun tiedätte mitä haluatte.",
     "Soittakaa sitten kun tiedätte tilausnumeron."),
]


@pytest.mark.parametrize("language,family,line,twin", PAIRS)
def test_a_widened_family_hears_the_line_and_not_its_polite_twin(check, contact, language, family, line, twin):
    assert family in families(check, contact, line, language)
    assert families(check, contact, twin, language) == set()


@pytest.mark.parametrize("language,line", [
    ("fi", "Onneks olkoon uudesta kodista! Siirretään liittymä sinne."),
    ("fi", "Voisitteko sanoa sen vielä kerran hitaasti, niin kirjaan sen oikein?"),
    ("fi", "Meidän olisi pitänyt kertoa hinnanmuutoksesta aiemmin, olen pahoillani."),
    ("fi", "En mä syyllistä teitä yhtään, halusin vaan tarkistaa tilanteen."),
    ("fi", "Sellaista sattuu ihan kaikille, ei se haittaa."),
    ("cs", "I když to není naše chyba, pomůžu vám to vyřešit s výrobcem."),
    ("cs", "Vím, že voláte už potřetí, a moc se omlouvám."),
])
def test_kind_readings_of_dismissive_looking_words_stay_clean(check, contact, language, line):
    assert families(check, contact, line, language) == set()


# (language, sarcastic thanks — no thanks, sincere thanks with the same word — thanks)
THANKS = [
    ("cs", "Díky za nic.", "Díky za trpělivost."),
    ("cs", "Děkuju pěkně, to mi ještě chybělo.", "Děkuju pěkně, to mi moc pomohlo."),
    ("cs", "Děkuju, že jste mi to řekl až teď.", "Děkuju, že jste mi to řekl, hned to opravím."),
    ("cs", "Díky za poučení, to bych bez vás nevěděl.", "Díky za upozornění, opravím to."),
    ("cs", "Mockrát děkuju za vaše křičení.", "Mockrát děkuju za vaši trpělivost."),
    ("cs", "Nemusíte mi děkovat, to je moje práce.", "Děkuji vám za zavolání."),
    # "děkovat" is a lemma: a pattern "(po)děkovat můžete" also read "Děkuju, můžete mi …".
    ("cs", "Poděkovat můžete kurýrovi, ten to rozbil.", "Děkuju, můžete mi nadiktovat číslo smlouvy?"),
    ("fi", "Kiitti tyhjästä.", "Kiitti odottamisesta."),
    ("fi", "Kiitos vaan kun huusit mulle.", "Kiitos kun odotit."),
    ("fi", "Thanks a lot, nyt järjestelmä kaatui taas.", "Kiitos, nyt järjestelmä toimii taas."),
    ("fi", "Kiittäkää naapuria, joka otti paketin vastaan.", "Kiitos että otitte paketin vastaan."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", THANKS)
def test_sarcastic_thanks_are_no_thanks_and_sincere_ones_count(flagged, language, sarcastic, sincere):
    agent, _ = AGENT[language]
    assert flagged("courtesy.thanks", f"{CUSTOMER_FIRST[language]}\n{agent}: {sarcastic}", language)
    assert not flagged("courtesy.thanks", f"{CUSTOMER_FIRST[language]}\n{agent}: {sincere}", language)


# After a hold: (language, an apology for something else, an apology for the wait)
HOLD = [
    ("cs", "Omlouvám se za tu chybnou fakturu.", "Omlouvám se za čekání."),
    ("cs", "Omlouváme se za výpadek v Brně, technici na tom pracují.", "Omlouváme se, že to trvalo tak dlouho."),
    ("fi", "Olen pahoillani teidän tilanteesta.", "Olen pahoillani odottamisesta."),
    ("fi", "Anteeksi, mä keskeytin teidät.", "Anteeksi että jouduitte odottamaan."),
    ("fi", "Sori, voitteko toistaa asiakasnumeron?", "Sori että kesti."),
    ("fi", "Anteeksi, kurkku on vähän karhea tänään.", "Anteeksi, kesti vähän kauemmin."),
    ("fi", "Pahoittelen, joudutte valitettavasti odottamaan maanantaihin.", "Pahoittelen, että jouduitte odottamaan."),
    ("cs", "Promiňte, jsem trochu nachlazená.", "Promiňte, že to tak trvalo."),
    ("cs", "Je mi líto, budete muset počkat do pondělí.", "Je mi líto, že jste musel čekat."),
]


@pytest.mark.parametrize("language,other,for_the_wait", HOLD)
def test_after_a_hold_only_an_apology_for_the_wait_counts(check, contact, language, other, for_the_wait):
    agent, _ = AGENT[language]

    def hold_flagged(line):
        transcript = f"{CUSTOMER_FIRST[language]}\n{agent}: [hold 90 s]\n{agent}: {line}"
        facts = contact(transcript=transcript, language=language, holds=(Hold(90, False),))
        return bool(check("hold.apology", facts))

    assert hold_flagged(other)
    assert not hold_flagged(for_the_wait)

