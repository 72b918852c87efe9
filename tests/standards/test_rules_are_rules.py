""""X is X" closes the matter (#8): "rules are rules" said with any noun, in any of the five
languages, code-switched too (writer o's "Sorry, ale policy je policy"). The lexicons listed the
nouns ("pravidla jsou pravidla"); a writer picks another ("smlouva je smlouva", "business is
business"). Each line is written for this test beside a polite twin that uses the same noun twice
without closing the matter (the noun goes on, or a relative clause says which one).
"""
import pytest

SPEAKERS = {"en": ("Customer", "Agent"), "cs": ("Zákazník", "Operátorka"), "fi": ("Asiakas", "Neuvoja"),
            "ro": ("Client", "Operator"), "ms": ("Pelanggan", "Ejen")}

# (language, the line that closes the matter, its polite twin)
PAIRS = [
    ("en", "Sorry, business is business.", "The business is the business you registered last year, so the invoice goes there."),
    ("en", "Look, a contract is a contract.", "The contract is the contract you signed in May, and I can cancel it free today."),
    ("cs", "Termín je termín, jinak to nejde.", "Termín je termín, který vám vyhovuje, klidně ho posunu."),
    ("cs", "Sorry, ale deadline je deadline.", "Deadline je deadline projektu, ne váš, takže se nic neděje."),
    ("fi", "Eräpäivä on eräpäivä.", "Eräpäivä on eräpäivä, joka sopii teille parhaiten, voin siirtää sitä."),
    ("fi", "Hinta on hinta.", "Hinta on hinta ilman alennusta, lasken sen teille uudestaan."),
    ("ro", "Factura e factură, doamnă.", "Factura e factura din martie, v-o pot retrimite azi."),
    ("ro", "Termenul e termen, nu mai pot face nimic.", "Termenul e termenul de plată, nu de livrare, deci sunteți în regulă."),
    ("ms", "Kontrak tetap kontrak, encik.", "Kontrak tetap kontrak yang encik tandatangan, tapi saya boleh batalkan hari ni."),
    ("ms", "Maaf, syarat tetap syarat.", "Syarat tetap syarat yang sama macam dulu, tak ada caj baru."),
]


def call(language, line):
    customer, agent = SPEAKERS[language]
    return f"{customer}: Hello.\n{agent}: {line}\n{customer}: Ok."


@pytest.mark.parametrize("language,curt,polite", PAIRS, ids=[p[1][:30] for p in PAIRS])
def test_x_is_x_hides_behind_the_rules_and_its_twin_does_not(check, contact, language, curt, polite):
    found = check("courtesy.positive_language", contact(transcript=call(language, curt), language=language))
    assert found and "policy" in {m["family"] for m in found[0].evidence["matched"]}
    assert not check("courtesy.positive_language", contact(transcript=call(language, polite), language=language))
