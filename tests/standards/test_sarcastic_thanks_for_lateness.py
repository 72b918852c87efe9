"""Thanks that reproach the customer for being late (#8): writer o's kind of missed sarcasm.

"Thanks for telling us only after …", "děkuju, že jste se ozval po třech měsících", "kiitos
että luitte ehdot vasta nyt": the thanks is a put-down, so it is no thanks (courtesy.thanks) and it
is sarcasm (courtesy.positive_language). Earlier patterns named the verb ("kerroitte … vasta nyt");
writers use any verb, so the patterns now hear a thanks for something done *that late* whatever the
verb, with the lateness words kept once per language as a slot of each lexicon (LATE, POZDE,
MYOHAAN, TARZIU, LAMBAT). Each line is written for this test beside a polite twin that thanks for the
same thing without the reproach and must stay clean.
"""
import pytest

OPENING = {"en": ("Customer", "Agent", "I'm calling about my order."),
           "cs": ("Zákazník", "Operátorka", "Volám kvůli objednávce."),
           "fi": ("Asiakas", "Asiakaspalvelija", "Soitan tilauksesta."),
           "ro": ("Client", "Operator", "Sun pentru comanda mea."),
           "ms": ("Pelanggan", "Ejen", "Saya call pasal pesanan saya.")}

# (language, the sarcastic thanks, its polite twin)
PAIRS = [
    ("en", "Thanks for letting us know only after the engineer drove out.",
     "Thanks for letting us know before the engineer drove out."),
    ("en", "Cheers for ringing us three days before the move.",
     "Cheers for ringing us, three days is plenty of time before the move."),
    ("cs", "Díky, že jste nám to nahlásila až po termínu.",
     "Díky, že jste nám to nahlásila ještě před termínem."),
    ("cs", "Děkuju, že se ozýváte po dvou měsících.",
     "Děkuju, že se ozýváte, do dvou měsíců to bude vyřízené."),
    ("fi", "Kiitos, että lähetitte kuitin viime tipassa.",
     "Kiitos, että lähetitte kuitin, se ehti hyvin ajoissa."),
    ("fi", "Kiitos kun maksoitte laskun vasta nyt.",
     "Kiitos kun maksoitte laskun, nyt kaikki on kunnossa."),
    ("ro", "Mersi că ne-ați anunțat abia acum, după ce a plecat curierul.",
     "Mersi că ne-ați anunțat, curierul n-a plecat încă."),
    ("ro", "Mulțumesc că ați depus cererea în ultimul moment.",
     "Mulțumesc că ați depus cererea, o procesăm chiar azi."),
    ("ms", "Terima kasih sebab bagitahu baru sekarang, tiket dah habis.",
     "Terima kasih sebab bagitahu sekarang, tiket masih ada."),
    ("ms", "Tq sebab hantar dokumen saat akhir.",
     "Tq sebab hantar dokumen, semua dah lengkap."),
]


def call(language, line):
    customer, agent, opening = OPENING[language]
    return f"{customer}: {opening}\n{agent}: {line}\n{customer}: Ok."


@pytest.mark.parametrize("language,sarcastic,polite", PAIRS, ids=[p[1][:40] for p in PAIRS])
def test_thanks_for_being_late_is_no_thanks(check, contact, language, sarcastic, polite):
    assert check("courtesy.thanks", contact(transcript=call(language, sarcastic), language=language))
    assert not check("courtesy.thanks", contact(transcript=call(language, polite), language=language))


@pytest.mark.parametrize("language,sarcastic,polite", PAIRS, ids=[p[1][:40] for p in PAIRS])
def test_thanks_for_being_late_is_sarcasm(check, contact, language, sarcastic, polite):
    found = check("courtesy.positive_language", contact(transcript=call(language, sarcastic), language=language))
    assert found and {m["family"] for m in found[0].evidence["matched"]} == {"sarcasm"}
    assert not check("courtesy.positive_language", contact(transcript=call(language, polite), language=language))
