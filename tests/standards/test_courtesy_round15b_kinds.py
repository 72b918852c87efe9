"""Writer r's kinds of miss (#8, session 15b), each beside a near-miss twin, in several languages.
Every line was written for this test (no writer's sentence): what is pinned is the kind.

- "you're not the only one calling" as the whole answer brushes the customer off; said about the
  problem and going on to what is being done it does not match;
- what the agent says they are *not* saying ("I'm not saying it's your fault", "I'm not going to tell
  you there's nothing I can do") is denied, not said; a denial of something else followed by the
  dismissive phrase ("I'm not saying anything else, it's your fault") is still said;
- thanks for a reminder followed by "as if I didn't know" is sarcasm, no thanks, and dismissive;
  "thanks for reminding me, I'd have forgotten" thanks;
- "whatever, up to you" shrugs; "whatever suits you best, …" offers;
- hold.apology: sorry the customer has been without the service "so long" is sympathy for the outage,
  not an apology for the hold; "sorry it took so long" (no "without") still apologises for it.
"""
import pytest

from crm.standards.base import Hold
from tests.standards.test_courtesy_round15_kinds import flagged_families, held, thanked

# (language, the brush-off; its twin about the problem)
NOT_THE_ONLY_ONE = [
    ("en", "You're not the only one calling today. What do you need?",
           "You're not the only one calling about this outage, engineers are already on it."),
    ("cs", "Nejste jediný, kdo dneska volá. Co potřebujete?",
           "Nejste jediný, kdo volá kvůli výpadku, technici už na tom pracují."),
    ("ro", "Nu sunteți singurul care sună. Ce doriți?",
           "Nu sunteți singurul care sună pentru asta, colegii lucrează deja la remediere."),
    ("fi", "Ette ole ainoa joka soittaa tänään. Mitä asiaa?",
           "Ette ole ainoa joka soittaa tästä viasta, asentajat ovat jo paikalla."),
    ("ms", "Bukan encik sorang je yang call hari ni. Nak apa?",
           "Bukan encik sorang je yang call pasal gangguan ni, juruteknik dah ada kat lokasi."),
]


@pytest.mark.parametrize("language,curt,twin", NOT_THE_ONLY_ONE, ids=[p[1][:32] for p in NOT_THE_ONLY_ONE])
def test_not_the_only_one_calling_alone_shrugs_and_about_the_problem_does_not(check, contact, language,
                                                                             curt, twin):
    assert "shrug" in flagged_families(check, contact, language, curt)
    assert not flagged_families(check, contact, language, twin)


# (language, a denial of the dismissive phrase; its twin, the phrase said after denying something else)
DENIED = [
    ("cs", "Rozhodně neříkám, že je to vaše chyba, tahle aktualizace dělá potíže spoustě lidí.",
           "Nic dalšího neříkám, ale je to vaše chyba."),
    ("cs", "Neříkám, že s tím nemůžu nic dělat, máme několik možností.",
           "Nic dalšího neříkám, ale nemůžu nic dělat."),
    ("en", "And no, I'm not going to tell you there's nothing I can do, there are a few options.",
           "I'm not going to tell you again: there's nothing I can do."),
    ("ro", "Nu vă spun că nu pot face nimic, avem câteva variante.",
           "Nu mai spun nimic altceva, e vina dumneavoastră."),
    ("fi", "En sano, että se on teidän vikanne, päivitys rikkoi sen monelta.",
           "En sano enää mitään, se on teidän vikanne."),
    ("ms", "Saya tak kata ini salah encik, update tu rosakkan ramai punya.",
           "Saya tak cakap apa-apa lagi, ini salah encik."),
]


@pytest.mark.parametrize("language,denied,said", DENIED, ids=[p[1][:32] for p in DENIED])
def test_what_the_agent_says_they_are_not_saying_is_not_said(check, contact, language, denied, said):
    assert not flagged_families(check, contact, language, denied)
    assert flagged_families(check, contact, language, said)


# (language, thanks for a reminder, sarcastic; its twin, sincere)
AS_IF_I_DID_NOT_KNOW = [
    ("en", "Thanks for reminding me, as if I didn't know that after six years here. Box number?",
           "Thanks for reminding me, I'd have forgotten. Box number?"),
    ("cs", "Děkuju, že jste mi to připomněl, jako bych to po šesti letech tady nevěděla. Číslo boxu?",
           "Děkuju, že jste mi to připomněl, úplně bych na to zapomněla. Číslo boxu?"),
    ("ro", "Mersi că mi-ați amintit, de parcă nu știam după șase ani aici. Numărul?",
           "Mersi că mi-ați amintit, uitasem complet. Numărul?"),
    ("fi", "Kiitos kun muistutitte, ikään kuin en tietäisi sitä kuuden vuoden jälkeen. Numero?",
           "Kiitos kun muistutitte, olin unohtaa sen. Numero?"),
    ("ms", "Terima kasih sebab ingatkan, macam la saya tak tahu lepas enam tahun kerja sini. Nombor?",
           "Terima kasih sebab ingatkan, saya hampir terlupa. Nombor?"),
]


@pytest.mark.parametrize("language,sarcastic,sincere", AS_IF_I_DID_NOT_KNOW,
                         ids=[p[1][:32] for p in AS_IF_I_DID_NOT_KNOW])
def test_thanks_for_reminding_then_as_if_i_did_not_know_is_sarcasm(check, contact, language, sarcastic, sincere):
    assert not thanked(check, contact, language, sarcastic)
    assert "sarcasm" in flagged_families(check, contact, language, sarcastic)
    assert thanked(check, contact, language, sincere)
    assert not flagged_families(check, contact, language, sincere)


# (language, sorry to be without the service so long, after a hold; its twin that apologises for the wait)
WITHOUT_SO_LONG = [
    ("en", "I'm sorry that you've been without power for so long. A crew is on your line.",
           "I'm sorry that you've been without power. Sorry that took so long."),
    ("cs", "Je mi líto, že jste bez proudu už tak dlouho. Na vašem vedení pracuje četa.",
           "Je mi líto, že jste bez proudu. Omlouvám se, že to trvalo tak dlouho."),
    ("ro", "Îmi pare rău că sunteți fără curent de atât de mult timp. O echipă lucrează.",
           "Îmi pare rău că sunteți fără curent. Îmi pare rău că a durat atât de mult."),
    ("fi", "Olen pahoillani, että olette olleet ilman sähköä niin kauan. Asentajat ovat paikalla.",
           "Olen pahoillani, että olette ilman sähköä. Pahoittelen, että tässä kesti niin kauan."),
    ("ms", "Saya minta maaf sebab encik tanpa elektrik begitu lama. Pasukan sedang baiki.",
           "Saya minta maaf sebab encik tanpa elektrik. Maaf sebab buat encik tunggu lama."),
]


@pytest.mark.parametrize("language,sympathy,apology", WITHOUT_SO_LONG, ids=[p[1][:32] for p in WITHOUT_SO_LONG])
def test_sorry_to_be_without_it_so_long_is_no_hold_apology(check, contact, language, sympathy, apology):
    def flags(line):
        return check("hold.apology", contact(transcript=held(language, line), language=language,
                                             holds=(Hold(90, False),)))
    assert flags(sympathy)
    assert not flags(apology)


# (language, a "whatever" shrug; its twin, "whatever" opening an offer). The other four languages already
# read theirs ("je mi to jedno", "ihan sama mulle", "suka hati encik", "cum vreți").
WHATEVER = [
    ("en", "Whatever, up to you. You can send it in for repair.",
           "Whatever suits you best, the repair or a replacement, and I'll book it now."),
    ("en", "whatever its ur call", "Whatever you decide, I'll book it now."),
]


@pytest.mark.parametrize("language,shrug,offer", WHATEVER, ids=[p[1][:32] for p in WHATEVER])
def test_whatever_up_to_you_shrugs_and_whatever_suits_you_offers(check, contact, language, shrug, offer):
    assert "shrug" in flagged_families(check, contact, language, shrug)
    assert not flagged_families(check, contact, language, offer)
