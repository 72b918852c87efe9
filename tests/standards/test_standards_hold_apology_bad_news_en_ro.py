"""After a hold, an apology that breaks bad news without a "but" or a negation ("I'm sorry, it's bad
news", "sorry, the sofa is out of stock", "îmi pare rău, locurile sunt epuizate") regrets the news,
not the wait; an apology that names the wait in the same sentence still counts. Sentences written
for this test (round 9, en and ro)."""
import pytest

from crm.standards.base import Hold


def hold_flagged(check, contact, transcript, language):
    facts = contact(holds=(Hold(90, False),), transcript=transcript, language=language)
    return bool(check("hold.apology", facts))


BAD_NEWS = [
    ("Agent: Let me check that for you.\n[hold 90 s]\nAgent: Right, I'm sorry, it's not good news: the "
     "part is on back order until March.", "en"),
    ("Agent: Two minutes, I'll ask the warehouse.\n[hold]\nAgent: Sorry to say the blue one is discontinued.", "en"),
    ("Agent: Bear with me.\n[hold]\nAgent: I'm sorry, the 9 o'clock train is fully booked.", "en"),
    ("Operator: Verific imediat.\n[hold]\nOperator: Îmi pare rău, am vești proaste: coletul s-a întors la depozit.", "ro"),
    ("Operator: Un moment, vă rog.\n[hold]\nOperator: Îmi pare rău să vă spun că oferta s-a încheiat.", "ro"),
    ("Operator: Stați puțin.\n[hold]\nOperator: Scuze, modelul ăsta e epuizat în toate magazinele.", "ro"),
]

FOR_THE_WAIT = [
    ("Agent: Bear with me.\n[hold]\nAgent: Sorry for the wait, I'm afraid the 9 o'clock train is fully booked.", "en"),
    ("Agent: One moment.\n[hold]\nAgent: Sorry to keep you waiting. Okay, it's booked for Friday.", "en"),
    ("Operator: Un moment, vă rog.\n[hold]\nOperator: Îmi pare rău că ați așteptat, modelul e epuizat, dar vine luni.", "ro"),
    ("Operator: Stați puțin.\n[hold]\nOperator: Scuze de așteptare, am găsit comanda.", "ro"),
]


@pytest.mark.parametrize("transcript,language", BAD_NEWS)
def test_an_apology_breaking_bad_news_is_not_for_the_hold(check, contact, transcript, language):
    assert hold_flagged(check, contact, transcript, language)


@pytest.mark.parametrize("transcript,language", FOR_THE_WAIT)
def test_an_apology_for_the_wait_still_counts(check, contact, transcript, language):
    assert not hold_flagged(check, contact, transcript, language)
