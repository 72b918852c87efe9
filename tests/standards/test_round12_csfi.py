"""Czech and Finnish, round 12 (#8): the families writer m still slipped past, widened for the act
rather than the sentence, each met by a line written for this test (not the writer's) and its polite
twin, which shares the words and must stay clean.

- cs sarcasm: a mock admission of guilt ("samozřejmě zase naše chyba", "za všechno můžeme my",
  "my tady jenom zapomínáme"); a sincere "je to naše chyba, omlouvám se" is no sarcasm.
- cs blame: "find it / check it properly first" told to the customer (a second-person imperative
  with "nejdřív … pořádně"); the agent's own "nejdřív to pořádně zkontroluju" is not.
- fi condescension: difficulty denied "even for you" ("ei pitäis olla vaikeeta edes sulle") and
  "every customer / a child can do this"; "ei tää oo vaikeeta" alone reassures.
- fi sarcasm: mock praise of the caller as the expert ("onneks meillä on asiantuntija linjalla",
  "te ootte melkonen asiantuntija", "mitähän me tehtäis ilman teitä")."""
import pytest

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
    ("cs", "sarcasm", "Jasně, zase je to naše chyba, jak jinak.",
     "Ano, je to naše chyba, omlouvám se, hned to napravím."),
    ("cs", "sarcasm", "Samozřejmě, to bude zase naše chyba.",
     "Samozřejmě to prověříme, jestli je chyba u nás."),
    ("cs", "sarcasm", "No jasně, za všechno můžeme zase my.",
     "Za tohle můžeme my, vrátíme vám peníze."),
    ("cs", "sarcasm", "My tady jenom kazíme, že jo.",
     "My jsme to tady pokazili, omlouvám se."),
    ("cs", "sarcasm", "No jistě, my můžeme za všechno.",
     "My můžeme zařídit všechno, co potřebujete."),
    ("cs", "sarcasm", "Jo, my tu pořád jenom zapomínáme.",
     "Za všechno se omlouvám, my jsme to zapomněli."),
    ("cs", "blame", "Nejdřív se pořádně podívejte do e-mailu, než zavoláte.",
     "Nejdřív se prosím podívejte do e-mailu, poslali jsme vám kód."),
    ("cs", "blame", "Nejdřív si tu smlouvu dohledejte pořádně a pak volejte.",
     "Nejdřív si najděte číslo smlouvy, je na první straně."),
    ("cs", "blame", "Zkontrolujte si to nejdřív pořádně.",
     "Nejdřív to pořádně zkontroluju a pak vám zavolám."),
    ("fi", "condescension", "Ei tän pitäis olla hankalaa edes teille.",
     "Ei tää oo vaikeeta, mä neuvon teitä ihan rauhassa."),
    ("fi", "condescension", "Kaikki muut asiakkaat osaa tän ihan itse.",
     "Ei tätä kaikki osaa, mä autan."),
    ("fi", "condescension", "Jokainen meidän käyttäjä tietää tämän.",
     "Ei tätä jokainen tiedä, mä kerron."),
    ("fi", "sarcasm", "Hyvä että meillä on varsinainen ekspertti puhelimessa.",
     "Meidän asiantuntija soittaa teille huomenna."),
    ("fi", "sarcasm", "Te ootte kyllä melkonen asiantuntija.",
     "Te olette oikeessa, mä korjaan laskun."),
    ("fi", "sarcasm", "Mitäs me tehtäis ilman sua.",
     "Mitä me voitais tehdä, että tää korjaantuu?"),
    ("fi", "sarcasm", "Mitähän me tehtäis ilman teidän neuvoja.",
     "Mitä me voidaan tehdä ilman teidän allekirjoitusta? Ei valitettavasti mitään."),
]


@pytest.mark.parametrize("language,family,line,twin", PAIRS)
def test_a_widened_family_hears_the_line_and_not_its_polite_twin(check, contact, language, family, line, twin):
    assert family in families(check, contact, line, language)
    assert families(check, contact, twin, language) == set()
