"""Finnish dismissive language by family (round 9): each family is met by sentences a different agent
would say for the same act (other verbs, persons, colloquial forms, word order), and by near misses
that must stay clean: the company's own mistake, kind "ei oo mikään ongelma", reassurance, advice,
the agent's own plans."""
import pytest


def families(check, contact, line):
    departures = check("courtesy.positive_language",
                       contact(transcript=f"Asiakaspalvelija: {line}\nAsiakas: Okei.", language="fi"))
    return {m["family"] for d in departures for m in d.evidence["matched"]}


DISMISSIVE = [
    # the customer typed / set it wrong, or presumably did something
    ("Sitten olette syöttäneet tunnuksen väärin.", "blame"),
    ("Te kirjotatte sen väärin, isot ja pienet kirjaimet.", "blame"),
    ("Varmaan ootte itse poistanu sen sovelluksen.", "blame"),
    ("Ootte kai painanut jotain linkkiä.", "blame"),
    # calling late, "you should have done it back then"
    ("Ja ilmoitatte nyt vasta?", "blame"),
    ("Soitat vasta nyt, kolme viikkoa myöhemmin?", "blame"),
    ("No olisitte varannu sen ajoissa.", "blame"),
    ("Olisitte tarkistanut sen tilatessa.", "blame"),
    # not my business, go and ask around yourself
    ("Ei mua yhtään kiinnosta.", "not_mine"),
    ("Emmä niitä hintoja päätä.", "not_mine"),
    ("Kyselkää naapureilta.", "not_mine"),
    ("Se ei oo mun osaston juttu.", "not_mine"),
    ("Asennusajat ei kuulu mulle.", "not_mine"),
    # "I'm not some phone book", "how would I know", "everyone is busy", "it'll turn up somewhere"
    ("Emmä oo mikään puhelinluettelo.", "shrug"),
    ("Ei tää oo mikään hyväntekeväisyysjärjestö.", "shrug"),
    ("Mulla ei oo kristallipalloa.", "shrug"),
    ("Mistäs mä sen tiiän?", "shrug"),
    ("Kaikilla on kiire, ei vain teillä.", "shrug"),
    ("Kyllä se jostain löytyy.", "shrug"),
    # "as I just said", "I can't be bothered to explain again"
    ("Niinku mä tossa just sanoin, ei onnistu.", "repeat"),
    ("Kuten jo aiemmin kerroin, lippua ei voi muuttaa.", "repeat"),
    ("En mä viitsi tätä uudestaan selittää.", "repeat"),
    ("Turha mulle on valittaa.", "calm"),
    # impatience and mockery
    ("Joo joo, mikä osoite?", "sarcasm"),
    ("Jono on ihan täynnä, nopeasti.", "sarcasm"),
    ("Vauhtia nyt vähän.", "sarcasm"),
    ("Ei mulla oo aikaa tällaiseen.", "sarcasm"),
    ("Eiköhän se siitä itsestään korjaannu.", "sarcasm"),
    ("Kiitos vaan, että huudatte mulle.", "sarcasm"),
    # "even a child can do this", "read it some time", "it says so in big letters"
    ("Tän osaa lapsikin.", "condescension"),
    ("Ei se niin vaikeeta voi olla.", "condescension"),
    ("Kannattaa joskus lukea ne ehdot.", "condescension"),
    ("Siinä lukee ihan isolla.", "condescension"),
    # "you broke it yourselves", "you could have asked before buying"
    ("Ite te sen rikoitte.", "blame"),
    ("Olisitte voinu kysyä ennen kuin ostitte.", "blame"),
    # "you don't understand", "can you even read", cutting the customer off, "don't exaggerate"
    ("Ette te ymmärrä tätä.", "wrong"),
    ("Kuunnelkaa nyt mitä mä sanon.", "wrong"),
    ("Osaatteko te edes käyttää puhelinta?", "wrong"),
    ("Eiks teillä oo lukutaitoa?", "wrong"),
    ("Anna mun puhua loppuun.", "calm"),
    ("Älkää liioitelko.", "calm"),
    ("Älkää tehkö tästä numeroa.", "calm"),
    # "nobody makes you stay", "change company then", "no haggling here", "ask someone else"
    ("Kukaan ei pakota teitä olemaan meidän asiakas.", "shrug"),
    ("Vaihtakaa sitten firmaa.", "shrug"),
    ("Ei täällä tingitä.", "policy"),
    ("Mä en tiedä, kysykää joltain muulta.", "not_mine"),
    ("Ei mun tarvii tietää sellasta.", "not_mine"),
    # "I've got other customers", "you again?", "I can't be bothered with this"
    ("Nopeesti nyt, mulla on muitakin puheluita.", "sarcasm"),
    ("Taasko te soitatte?", "sarcasm"),
    ("En mä ala tätä selittää.", "repeat"),
    ("Emmä jaksa tätä.", "repeat"),
    ("Kyllä te nyt sen verran osaatte.", "condescension"),
    ("Sehän on ihan selvää.", "condescension"),
    # colloquial forms
    ("Emmä voi sille mitään.", "cannot_help"),
    ("Mitäs mä sille voin.", "cannot_help"),
    ("Toi on ihan teiän oma häsläys.", "blame"),
]

CLEAN = [
    "Pahoittelen, me ollaan kirjoitettu osoite väärin.",
    "Ei se oo mikään ongelma, hoidetaan.",
    "Ei ole mikään kiire, mennään rauhassa.",
    "Ei tarvitse kiittää, tämä on ihan itsestään selvää.",
    "Ymmärrän, että teillä on kiire, hoidan tämän nopeasti.",
    "Kyllä se löytyy, selvitän asian kuljettajalta.",
    "Kuten asiakas sanoi, paketti on kadonnut.",
    "Turha teidän on odottaa linjalla, soitan takaisin.",
    "Hyvä että ilmoitatte heti.",
    "Soitan teille vasta huomenna, kun tiedän enemmän.",
    "Kannattaa jatkossa katsoa OmaSivulta, sieltä näkee kulutuksen.",
    "Olisin voinut kertoa sen teille silloin, pahoittelen.",
    "Olette varmaan saaneet jo tekstiviestin.",
    "En ole mikään asiantuntija siinä, mutta yhdistän teidät oikealle.",
    "Tää ei kuulu takuun piiriin, mutta katsotaan vaihtoehdot.",
    "Itse vika on laitteessa, ei teissä.",
    "Olisitte voineet saada hyvityksen, joten hoidan sen nyt.",
    "Antakaa minun tarkistaa se ensin.",
    "Älkää keskeyttäkö puhelua, siirrän teidät.",
    "Voitte vaihtaa liittymää milloin vain.",
    "Kukaan ei pakota teitä maksamaan heti.",
    "Meillä on muitakin malleja, katsotaanko niitä?",
    "Sehän on hienoa, että se löytyi!",
    "Te taas voitte hakea paketin huomenna.",
    "En mä ala laskuttaa siitä mitään.",
    "Osaatteko sanoa, milloin laite ostettiin?",
    "Ei se oo teiän vika, me korjataan.",
    "Mitä mä voin tehdä teidän puolesta?",
]


@pytest.mark.parametrize("line,family", DISMISSIVE)
def test_a_finnish_dismissive_family_is_flagged_as_that_family(check, contact, line, family):
    assert family in families(check, contact, line)


@pytest.mark.parametrize("line", CLEAN)
def test_a_finnish_near_miss_stays_clean(check, contact, line):
    assert families(check, contact, line) == set()


def test_the_customer_saying_it_is_not_the_agent(check, contact):
    transcript = ("Asiakas: Joo joo, mä oon varmaan itse poistanu sen.\n"
                  "Asiakaspalvelija: Ei se haittaa, asennetaan se uudestaan. Kiitos kärsivällisyydestä.")
    assert not check("courtesy.positive_language", contact(transcript=transcript, language="fi"))
