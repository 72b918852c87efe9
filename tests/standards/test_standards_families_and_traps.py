"""Language checks: dismissive families that other writers' calls showed missing, and their traps."""
import pytest

from crm.standards.builtin.classifier import classify

DISMISSIVE = [
    # English: polite-sounding blame, condescension, sarcasm, impatience, "not really my job"
    "Agent: With respect, you really ought to have measured the doorway first.",
    "Agent: Honestly, it's hardly rocket science, there's a power switch on the back.",
    "Agent: The rules were in the contract, which I'm sure you read very carefully.",
    "Agent: I've told you three times already, the engineer comes on Monday.",
    "Agent: That's not really our department, is it.",
    "Agent: Sorry, there's nothing we're able to do from here.",
    # Malay, colloquial
    "Ejen: Lain kali encik kena semak dulu alamat sebelum buat pesanan.",
    "Ejen: Tu bukan urusan kami la puan, puan tanya kedai tu.",
    "Ejen: Dah tiga kali saya terangkan benda yang sama, encik.",
    # Czech, with and without diacritics
    "Operátor: Tohle opravdu není v naší kompetenci.",
    "Operator: Jak jsem uz rikala, technik prijede ve stredu.",
    "Operátorka: Říkám vám to už potřetí, pošlete fotku.",
    # Finnish, word order changed and spoken forms
    "Asiakaspalvelija: Mä en tälle viivästykselle voi mitään.",
    "Asiakaspalvelija: Valitettavasti asialle ei ole enää mitään tehtävissä.",
    "Asiakaspalvelija: Jos ohjeet olisi viitsinyt lukea, tätä ei olisi tapahtunut.",
    # Romanian, with and without diacritics
    "Operator: Dacă erați mai atent la comandă, nu ajungeam aici.",
    "Operator: Nu mai repet, v-am zis deja de două ori.",
    "Operator: Pai ce vreti sa facem noi? Procedura e procedura.",
]


@pytest.mark.parametrize("transcript", DISMISSIVE)
def test_the_new_families_of_dismissive_language_are_heard(check, contact, transcript):
    assert check("courtesy.positive_language", contact(transcript=transcript)) != []


KIND = [
    "Agent: It's not your fault at all, these forms are confusing.",
    "Operator: Neni to vase chyba, nic jste neudelal spatne.",
    "Operátor: Nic jste neudělala špatně, to se stává.",
    "Operator: Nicio problemă, nu deranjați deloc!",
    "Asiakaspalvelija: Ota ihan rauhassa, odotan kyllä.",
    "Operátorka: Klidně mi napište znovu, kdykoli budete potřebovat.",
]


@pytest.mark.parametrize("transcript", KIND)
def test_reassurance_and_negated_phrases_stay_courteous(check, contact, transcript):
    assert check("courtesy.positive_language", contact(transcript=transcript)) == []


def test_thanks_to_a_tool_is_a_cause_not_thanks(check, contact):
    said = "Agent: Thanks to the new tracker we found the parcel.\nCustomer: Great, thank you!"
    assert check("courtesy.thanks", contact(transcript=said)) != []
    assert check("courtesy.thanks", contact(transcript="Agent: Thanks to you, it's sorted. Bye.")) == []


@pytest.mark.parametrize("language, transcript", [
    ("en", "Customer: Your driver shouted at me and then threw the parcel over the fence."),
    ("ms", "Pelanggan: Rider tu cakap kasar dengan saya depan rumah."),
    ("cs", "Zákazník: Chci si stěžovat na kurýra, byl hrubý a nezazvonil."),
    ("fi", "Asiakas: Haluan antaa palautetta kuljettajan käytöksestä."),
    ("ro", "Client: Vreau să fac o reclamație la curierul care a fost nepoliticos."),
])
def test_a_complaint_about_conduct_is_other(language, transcript):
    assert [s.category for s in classify("", transcript, language)] == ["other"]


@pytest.mark.parametrize("language, transcript", [
    ("en", "Customer: I'd like to change the address for my bills, I moved at the start of June."),
    ("ms", "Pelanggan: Alamat baru saya No 3, Jalan Mawar, tolong tukar ya."),
    ("ro", "Client: Mulțumesc frumos, asta era tot."),
    ("cs", "Zákazník: Reklamace už je založená, jen chci změnit telefon."),
])
def test_calls_with_nothing_to_report_get_no_items(language, transcript):
    assert classify("", transcript, language) == []
