"""Round 6 of the courtesy checks: each rule with a sentence that meets it and a trap that must not.

Phrasings differ from the benchmark's on purpose: a rule is a kind, not a sentence.
"""
import pytest


# Thanks reported in the past, or a participle ("satisfied", "thanks to"), is not the agent thanking.
REPORTED_THANKS = [
    ("Agent: I see you thanked my colleague last week, glad it went well.", "en"),
    ("Operátor: Vidím, že jste poděkoval technikovi, to rád slyším.", "cs"),
    ("Asiakaspalvelija: Asiakas kiitti jo asentajaa, hyvä niin.", "fi"),
    ("Operator: Sunteți mulțumită de ofertă?", "ro"),
    ("Operator: Mulțumită noului sistem, comanda pleacă azi.", "ro"),
    ("Ejen: Puan dah ucap terima kasih kat juruteknik semalam, kan?", "ms"),
    ("Asiakaspalvelija: Kiitos uuden järjestelmän, tilaus lähtee tänään.", "fi"),
    ("Asiakaspalvelija: Kiitos tämän korjauksen, lasku on nyt oikein.", "fi"),
]


@pytest.mark.parametrize("transcript,language", REPORTED_THANKS)
def test_reported_or_causal_thanks_is_not_thanking(transcript, language, flagged):
    assert flagged("courtesy.thanks", transcript, language)


GENUINE_THANKS = [
    ("Operátor: Poděkoval bych vám za trpělivost.", "cs"),
    ("Operator: Vă mulțumesc pentru răbdare.", "ro"),
    ("Ejen: Saya ucapkan terima kasih atas kesabaran puan.", "ms"),
    ("Asiakaspalvelija: Kiitos paljon soitosta.", "fi"),
    ("Asiakaspalvelija: Kiitos teille, hyvää päivää.", "fi"),
    # Code-switched thanks in a language spoken alongside.
    ("Asiakaspalvelija: Tack så mycket, palautus on kirjattu.", "fi"),
    ("Ejen: Nandri uncle, saya hantar teknisyen esok.", "ms"),
]


@pytest.mark.parametrize("transcript,language", GENUINE_THANKS)
def test_genuine_thanks_still_count(transcript, language, flagged):
    assert not flagged("courtesy.thanks", transcript, language)


def test_customer_code_switched_thanks_is_not_the_agents(flagged):
    transcript = "Asiakas: Tack så mycket!\nAsiakaspalvelija: Ole hyvä."
    assert flagged("courtesy.thanks", transcript, "fi")


DISMISSIVE = [
    # Take it or leave it.
    ("Agent: If you are not satisfied, go find another provider.", "en"),
    ("Ejen: Kalau tak setuju, puan boleh pergi bank lain.", "ms"),
    ("Operátor: Když se vám to nelíbí, jděte jinam.", "cs"),
    ("Asiakaspalvelija: Jos ei kelpaa, vaihtakaa muualle.", "fi"),
    ("Operator: Dacă nu vă place, mergeți la concurență.", "ro"),
    # Blame.
    ("Agent: I can't help it if you never opened the email.", "en"),
    ("Ejen: Tak baca dulu ke sebelum sign?", "ms"),
    ("Operator: Dacă citeați contractul, nu ajungeați aici.", "ro"),
    # Repeat, impatience, word order.
    ("Ejen: Saya dah cakap tiga kali, nombor akaun.", "ms"),
    ("Agent: I've asked you twice now, what is the postcode?", "en"),
    ("Ejen: Sabar sikit encik, sistem tengah load.", "ms"),
    ("Asiakaspalvelija: Muuta en voi tehdä.", "fi"),
    # A multi-word alternation that used to be split into words.
    ("Operator: Ce doriți să facem, să vă dăm bani înapoi?", "ro"),
]


@pytest.mark.parametrize("transcript,language", DISMISSIVE)
def test_go_elsewhere_blame_and_impatience_are_dismissive(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


NOT_DISMISSIVE = [
    # Negated / kind uses of the same words.
    ("Agent: If you're not happy with the colour, I can find you another one.", "en"),
    ("Ejen: Kalau tak puas hati, puan boleh buat rayuan, saya bantu.", "ms"),
    ("Operator: Dacă nu vă convine ora, o schimbăm.", "ro"),
    ("Ejen: Saya dah cuba dua kali, sistem lambat sikit.", "ms"),
    # Pointing to where the information is.
    ("Ejen: Nombor siri ada dalam manual, muka surat dua.", "ms"),
    # Reassurance around a minimising phrase.
    ("Agent: Don't worry, it's not the end of the world, we'll sort it.", "en"),
    ("Ejen: Jangan risau puan, calar sikit je ni, kami tukar baru.", "ms"),
    ("Operator: Nu e capătul lumii, o rezolvăm imediat.", "ro"),
    ("Operator: Nu-i nimic, nu vă faceți griji.", "ro"),
    # A purpose clause is not an order to calm down.
    ("Operator: Blochez cardul acum, ca să fiți liniștit.", "ro"),
]


@pytest.mark.parametrize("transcript,language", NOT_DISMISSIVE)
def test_reassurance_purpose_and_pointers_are_not_dismissive(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)


def test_customer_take_it_or_leave_it_is_not_the_agents(flagged):
    transcript = "Klien: Kalau tak puas hati, saya cari insurans lain!\nEjen: Saya faham, saya semak dulu."
    assert not flagged("courtesy.positive_language", transcript, "ms")


def test_an_order_to_calm_down_still_flags_in_romanian(flagged):
    assert flagged("courtesy.positive_language", "Operator: Vă rog să fiți calm!", "ro")


def test_reassurance_does_not_excuse_other_families(flagged):
    transcript = "Agent: Don't worry, but that's not my problem."
    assert flagged("courtesy.positive_language", transcript, "en")


# hold.apology: an apology in a sentence that breaks bad news regrets the news, not the wait.
from crm.standards.base import Hold  # noqa: E402

BAD_NEWS_AFTER_HOLD = [
    ("Agent: One moment please.\n[hold]\nAgent: I'm sorry, your refund was declined by the bank.", "en"),
    ("Ejen: Sekejap ya.\n[hold]\nEjen: Minta maaf, permohonan puan tidak lulus bulan ni.", "ms"),
    ("Operátor: Moment, podívám se.\n[hold]\nOperátor: Omlouvám se, reklamace byla zamítnuta.", "cs"),
    ("Asiakaspalvelija: Hetki.\n[pito]\nAsiakaspalvelija: Valitettavasti hakemus hylättiin, pahoittelen.", "fi"),
    ("Operator: Un moment.\n[hold]\nOperator: Îmi cer scuze, cererea a fost respinsă.", "ro"),
    # "linka" is the cable or the helpline; only "na lince" is the wait.
    ("Operátor: Chvilku.\n[hold]\nOperátor: Je mi líto, že se to stalo, linka je přerušená.", "cs"),
]


@pytest.mark.parametrize("transcript,language", BAD_NEWS_AFTER_HOLD)
def test_an_apology_for_bad_news_is_not_a_hold_apology(check, contact, transcript, language):
    facts = contact(holds=(Hold(60, False),), transcript=transcript, language=language)
    assert check("hold.apology", facts)


HOLD_APOLOGIES = [
    ("Agent: One moment.\n[hold]\nAgent: Sorry for the wait, unfortunately the refund was declined.", "en"),
    ("Ejen: Sekejap.\n[hold]\nEjen: Maaf ya, sistem lambat sikit hari ni.", "ms"),
    ("Asiakaspalvelija: Hetki.\n[pito]\nAsiakaspalvelija: sori et joutu oottaa, kone on hidas.", "fi"),
    ("Operátor: Počkejte prosím na lince.\n[hold]\nOperátor: Omlouvám se, už to mám.", "cs"),
]


@pytest.mark.parametrize("transcript,language", HOLD_APOLOGIES)
def test_an_apology_for_the_wait_still_counts(check, contact, transcript, language):
    facts = contact(holds=(Hold(60, False),), transcript=transcript, language=language)
    assert check("hold.apology", facts) == []


CODE_SWITCHED_THANKS = [
    ("Operátor: Ďakujem pekne, objednávka je opravená.", "cs"),
    ("Operator: Köszönöm, comanda a plecat azi.", "ro"),
]


@pytest.mark.parametrize("transcript,language", CODE_SWITCHED_THANKS)
def test_thanks_in_a_neighbouring_language_count(transcript, language, flagged):
    assert not flagged("courtesy.thanks", transcript, language)


SLOW_SYSTEM_EXCUSES = [
    ("Agent: One moment.\n[hold]\nAgent: Sorry, the system is slow today, your parcel isn't lost.", "en"),
    ("Operátor: Moment.\n[hold]\nOperátor: Omlouvám se, systém je dnes pomalý, zásilka se neztratila.", "cs"),
    ("Asiakaspalvelija: Hetki.\n[pito]\nAsiakaspalvelija: Anteeksi, järjestelmä on hidas, paketti ei ole kadonnut.", "fi"),
]


@pytest.mark.parametrize("transcript,language", SLOW_SYSTEM_EXCUSES)
def test_an_apology_for_a_slow_system_is_for_the_wait(check, contact, transcript, language):
    facts = contact(holds=(Hold(60, False),), transcript=transcript, language=language)
    assert check("hold.apology", facts) == []


# "It's not my fault if you …" shifts the blame to the customer; "it's not your fault" does not.
MY_FAULT_IF_YOU = [
    ("Agent: It's not my fault if you lost the receipt.", "en"),
    ("Ejen: Bukan salah saya kalau encik tak simpan resit.", "ms"),
    ("Operátor: Není moje chyba, že jste si to nepřečetl.", "cs"),
    ("Asiakaspalvelija: Ei oo mun vika jos te ette lukenu ohjeita.", "fi"),
    ("Operator: Nu e vina mea că nu ați citit contractul.", "ro"),
]


@pytest.mark.parametrize("transcript,language", MY_FAULT_IF_YOU)
def test_not_my_fault_if_you_is_blame(transcript, language, flagged):
    assert flagged("courtesy.positive_language", transcript, language)


NOT_YOUR_FAULT = [
    ("Agent: It's not your fault, the courier lost it.", "en"),
    ("Ejen: Bukan salah puan, kurier yang silap.", "ms"),
    ("Operátor: Není to vaše chyba, kurýr to ztratil.", "cs"),
    ("Asiakaspalvelija: Ei oo teidän vika, kuriiri hukkasi sen.", "fi"),
    ("Operator: Nu e vina dumneavoastră, curierul l-a pierdut.", "ro"),
]


@pytest.mark.parametrize("transcript,language", NOT_YOUR_FAULT)
def test_not_your_fault_is_kind(transcript, language, flagged):
    assert not flagged("courtesy.positive_language", transcript, language)
