"""Round 7 of the courtesy checks: each kind of dismissive talk with sentences that meet it and
traps that must not. Phrasings differ from the benchmark's on purpose: a rule is a kind, not a
sentence."""
import pytest


# "If you had read/checked …, you wouldn't have had to call / this wouldn't have happened":
# blame put as a counterfactual, with a customer action named.
COUNTERFACTUAL_BLAME = [
    ("Agent: If you'd checked the tracking page you wouldn't have needed to ring us.\nCustomer: ok", "en"),
    ("Agent: If you had plugged it in properly, it wouldn't have happened.\nCustomer: ok", "en"),
    ("Operátor: Kdybyste si ten e-mail přečetl, nemusel jste vůbec volat.\nZákazník: Aha.", "cs"),
    ("Ejen: Kalau encik baca SMS tu awal-awal, takde la jadi macam ni.\nPelanggan: ok", "ms"),
    ("Asiakaspalvelija: Jos olisitte lukeneet viestin, ette olis tarvinnu soittaa.\nAsiakas: Okei.", "fi"),
    ("Operator: Dacă ați fi verificat aplicația, nu mai trebuia să sunați.\nClient: Bine.", "ro"),
]
# Traps: a company fault put the same way, a polite Czech request, a plain condition, a customer turn.
COUNTERFACTUAL_TRAPS = [
    ("Agent: If you had been told properly you wouldn't have needed to call, I'm sorry.\nCustomer: ok", "en"),
    ("Operátor: Kdybyste se podívala do aplikace, jestli tam objednávku vidíte.\nZákazník: Vidím.", "cs"),
    ("Operátor: Kdybyste dostala ten e-mail, nemusela jste volat, omlouvám se.\nZákazník: Dobře.", "cs"),
    ("Ejen: Kalau puan dapat email tu, tak payah call, maaf ye.\nPelanggan: ok", "ms"),
    ("Asiakaspalvelija: Jos ette ole kotona, paketti menee noutopisteeseen.\nAsiakas: Okei.", "fi"),
    ("Operator: Dacă ați fi primit mailul, nu mai trebuia să sunați, îmi pare rău.\nClient: Bine.", "ro"),
    ("Customer: if you'd read my email I wouldn't have needed to call\nAgent: I'm sorry about that.", "en"),
]


@pytest.mark.parametrize("transcript,language", COUNTERFACTUAL_BLAME)
def test_counterfactual_blame_is_dismissive(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", COUNTERFACTUAL_TRAPS)
def test_counterfactual_without_customer_action_is_not_blame(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)


# "I've got other calls / people in the queue": impatience, in the inflections a speaker uses.
OTHER_CALLS = [
    ("Agent: look I've got other callers waiting, so is that all?\nCustomer: fine", "en"),
    ("Operátor: Rychle prosím, mám tu spoustu hovorů.\nZákazník: Jo.", "cs"),
    ("Operátor: Mám ve frontě třicet lidí, tak to zkraťte.\nZákazník: Jo.", "cs"),
    ("Ejen: Cepat sikit, saya ada panggilan lain nak layan.\nPelanggan: ok", "ms"),
]
OTHER_CALLS_TRAPS = [
    ("Agent: we have other customers with the same fault, the engineers know about it.\nCustomer: ok", "en"),
    ("Operátor: Máme další zákazníky se stejným problémem, technik už to řeší.\nZákazník: Dobře.", "cs"),
    ("Operátor: Mám tu ve frontě vaši objednávku, odejde zítra.\nZákazník: Dobře.", "cs"),
    ("Zákazník: Mám tu další hovory, tak rychle.\nOperátor: Rozumím, hned to bude.", "cs"),
]


@pytest.mark.parametrize("transcript,language", OTHER_CALLS)
def test_other_calls_waiting_is_impatience(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", OTHER_CALLS_TRAPS)
def test_other_customers_or_a_queued_order_is_not_impatience(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)


# "Take it or not": take-it-or-leave-it in the words a speaker uses.
TAKE_IT_OR_NOT = [
    ("Agent: that's the offer, you can take it or not.\nCustomer: wow", "en"),
    ("Operátor: Je to sleva dvě stě korun, můžete si to vzít nebo ne.\nZákazník: Hm.", "cs"),
    ("Asiakaspalvelija: Se on kympin hyvitys, otatte sen tai ette.\nAsiakas: No.", "fi"),
]
TAKE_IT_TRAPS = [
    ("Agent: you can take it to any of our stores, thank you.\nCustomer: thanks", "en"),
    ("Customer: you can take it or not, I'm cancelling anyway\nAgent: I'm sorry to hear that, thank you for calling.", "en"),
    ("Agent: whether you take it or not, you keep the refund.\nCustomer: ok", "en"),
    ("Operátor: Nevím, jestli si to chcete vzít nebo ne, rozmyslete si to.\nZákazník: Dobře.", "cs"),
]


@pytest.mark.parametrize("transcript,language", TAKE_IT_OR_NOT)
def test_take_it_or_not_is_dismissive(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", TAKE_IT_TRAPS)
def test_take_it_elsewhere_or_customer_turn_is_not(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)


# "It cracked all by itself, did it": the broke-by-itself sarcasm with other verbs of damage, with
# the ironic marker ("asi", "že jo", "sigur", "vai") it needs; a plain condition is no sarcasm.
BY_ITSELF = [
    ("Operátor: No jasně, ten kryt se asi ulomil sám od sebe.\nZákazník: Hm.", "cs"),
    ("Operátor: Sklo prasklo samo od sebe, že jo.\nZákazník: Ano.", "cs"),
    ("Operator: Sigur, carcasa s-a fisurat singură.\nClient: Da.", "ro"),
    ("Asiakaspalvelija: Kahva irtosi ihan itsestään vai?\nAsiakas: Joo.", "fi"),
]
BY_ITSELF_TRAPS = [
    ("Operátor: Pokud displej praskl sám od sebe, je to vada a uznáme to.\nZákazník: Děkuju.", "cs"),
    ("Operator: Dacă ecranul s-a crăpat singur, e defect de fabricație.\nClient: Bine.", "ro"),
    ("Asiakaspalvelija: Jos näyttö halkesi itsestään, se on takuuasia.\nAsiakas: Hyvä.", "fi"),
    ("Zákazník: Sklo prasklo samo od sebe, že jo.\nOperátor: To se může stát, pošlete ho.", "cs"),
]


@pytest.mark.parametrize("transcript,language", BY_ITSELF)
def test_broke_by_itself_with_irony_is_sarcasm(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", BY_ITSELF_TRAPS)
def test_broke_by_itself_as_a_condition_is_not(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)


# hold.apology: "please don't hang up, sorry, but I have to check …" asks for the hold; its apology
# is for the wait even with the "but" that follows. Bad news after an apology still is not.
from crm.standards.base import Hold  # noqa: E402

DONT_HANG_UP = [
    ("Agent: Please don't hang up, sorry, but I need to ask the warehouse.\n[hold]\nAgent: Right, it ships today.", "en"),
    ("Operátor: Nezavěšujte prosím, omlouvám se, ale musím to ověřit.\n[hold]\nOperátor: Tak, je to vyřízené.", "cs"),
    ("Operator: Vă rog să nu închideți, îmi cer scuze, dar verific ceva.\n[hold]\nOperator: Gata, am rezolvat.", "ro"),
    ("Asiakaspalvelija: Älkää sulkeko puhelinta, pahoittelen, mutta tarkistan yhden asian.\n[pito]\nAsiakaspalvelija: Noin.", "fi"),
    ("Ejen: Jangan letak telefon ye, minta maaf, tapi saya kena semak.\n[hold]\nEjen: Ok dah.", "ms"),
]
DONT_HANG_UP_TRAPS = [
    ("Agent: Don't hang up yet.\n[hold]\nAgent: Sorry, but the refund was declined.", "en"),
    ("Operator: Un moment.\n[hold]\nOperator: Îmi pare rău, dar cererea a fost respinsă, nu închideți contul.", "ro"),
]


@pytest.mark.parametrize("transcript,language", DONT_HANG_UP)
def test_an_apology_asking_not_to_hang_up_is_for_the_hold(check, contact, transcript, language):
    facts = contact(holds=(Hold(60, False),), transcript=transcript, language=language)
    assert check("hold.apology", facts) == []


@pytest.mark.parametrize("transcript,language", DONT_HANG_UP_TRAPS)
def test_bad_news_after_the_hold_still_is_no_hold_apology(check, contact, transcript, language):
    facts = contact(holds=(Hold(60, False),), transcript=transcript, language=language)
    assert check("hold.apology", facts)


# Malay ironic praise of the customer's lateness: "wah, pandai puan baru sekarang nak …".
IRONIC_PRAISE = [
    ("Ejen: Wah pandai puan baru sekarang nak baca terma.\nPelanggan: Sy tau la", "ms"),
    ("Ejen: Wow hebat betul encik baru nak tanya sekarang.\nPelanggan: Hmm", "ms"),
]
IRONIC_PRAISE_TRAPS = [
    ("Ejen: Wah bagus, baru sekarang sistem dah update, terima kasih puan.\nPelanggan: ok", "ms"),
    ("Ejen: Bagus puan, baru je semalam kami hantar.\nPelanggan: ok", "ms"),
]


@pytest.mark.parametrize("transcript,language", IRONIC_PRAISE)
def test_ironic_praise_of_lateness_is_sarcasm(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


@pytest.mark.parametrize("transcript,language", IRONIC_PRAISE_TRAPS)
def test_praise_of_a_system_or_news_is_not(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)
