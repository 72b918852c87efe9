"""Language checks on calls nobody tuned for: speaker labels as people write them, the families a
fifth writer per language showed missing, each with the kind use that must stay unflagged."""
from datetime import datetime, timezone

import pytest

from crm.standards.base import Hold
from crm.standards.language import AGENT, CUSTOMER, split_turns

# --- speaker labels -----------------------------------------------------------------------------


@pytest.mark.parametrize("transcript, sides", [
    # A dash after a role word: the caller's words no longer land in the agent's turn.
    ("CSR (Dan): Hi, how can I help?\nCaller - My kettle is broken\nCSR (Dan): Thanks for calling.",
     [AGENT, CUSTOMER, AGENT]),
    ("Agent — Hello\nCustomer — hi\nAgent — Thanks for calling", [AGENT, CUSTOMER, AGENT]),
    # Finnish job titles are compounds; passengers, subscribers and the insured are customers.
    ("Vakuutusneuvoja: Hei\nMatkustaja: Moi\nVahinkokäsittelijä: Selvä", [AGENT, CUSTOMER, AGENT]),
    ("Dispecer: Bună ziua\nAbonat: Bună\nDispecer: Vă ascult", [AGENT, CUSTOMER, AGENT]),
    # Initials: the customer may speak first.
    ("C: Hi, topup saya tak masuk.\nA: Boleh bagi nombor?\nC: 012-3345678", [CUSTOMER, AGENT, CUSTOMER]),
    ("Op: Dobrý den\nKl: Dobrý den\nOp: Děkuji", [AGENT, CUSTOMER, AGENT]),
    # Names only: a one-off name answering a recurring one is the other side.
    ("Jana: Dobrý den\nNovák: Dobrý den, mám problém\nJana: Děkuji", [AGENT, CUSTOMER, AGENT]),
    ("[10:32] Operatorka: Dobrý den\n[10:33] Zákazník: Dobrý den", [AGENT, CUSTOMER]),
    ("Asiakasneuvoja Mikko: Hei\nAsiakas: Laite ei toimi.", [AGENT, CUSTOMER]),
    ("Pegawai 2: Selamat pagi\nPelanggan: Hai", [AGENT, CUSTOMER]),
])
def test_labels_people_write_find_both_sides(transcript, sides):
    turns, labelled = split_turns(transcript)
    assert labelled
    assert [speaker for speaker, _, _ in turns] == sides


def test_the_stars_of_a_bold_label_are_not_said():
    turns, _ = split_turns("**Agent:** hello\n**Customer:** hi")
    assert [text for _, _, text in turns] == ["hello", "hi"]


@pytest.mark.parametrize("note", [
    "Customer - angry, wanted a refund.\nAgent said sorry.",
    "The customer - who was angry - wanted a refund.",
    "Agent: hi\nOrder: 1234 x\nAgent: ok\nCustomer: fine",
])
def test_a_dash_or_a_field_in_a_note_is_not_a_speaker(note):
    turns, _ = split_turns(note)
    assert all(label in (None, "Agent", "Customer") for _, label, _ in turns)
    assert not any("Order" == label for _, label, _ in turns)


# --- dismissive families: each heard, and its kind use or customer's turn not flagged ----------

FAMILIES = [
    # (language, dismissive, kind use of the same words)
    ("en", "Agent: It'll come when it comes.", "Agent: Let me know when you know."),
    ("fi", "Asiakaspalvelija: Korjaajat on paikalla, valmista tulee kun tulee.",
     "Asiakaspalvelija: Tulen takaisin kun tiedän lisää."),
    ("ro", "Operator: Vine când vine. Mâine probabil.", "Operator: Vă sun când am vești."),
    ("cs", "Operátor: Přijde, až přijde.", "Operátor: Přijde, až to bude hotové."),
    ("en", "Agent: It's really up to you if you want it or not, I can't change it.",
     "Agent: It's entirely up to you whether you keep the old router."),
    ("cs", "Operátor: Bez závazku je to 749. Berte, nebo nechte.",
     "Operátor: Můžete buď zaplatit kartou, nebo převodem."),
    ("en", "Agent: If you'd put a safe place on the app this wouldn't have happened.",
     "Agent: You're right, you should have been updated, and that's on us."),
    ("cs", "Operátor: Kdybyste se podíval do spamu, tak byste to asi věděl.",
     "Operátor: Kdybyste se podíval do spamu, jestli tam ten e-mail není."),
    ("ro", "Operator: Ați înțeles greșit, 31 era luna trecută.", "Operator: Nu ați înțeles greșit, aveți dreptate."),
    ("ro", "Operator: Trebuia să vă uitați acolo.", "Operator: Trebuia să vă sunăm noi, îmi cer scuze."),
    ("fi", "Asiakaspalvelija: Kyllä te olette nyt väärässä.", "Asiakaspalvelija: Ette ole väärässä, olette oikeassa."),
    ("fi", "Asiakaspalvelija: No, se ei oikeastaan ole meidän ongelma.",
     "Asiakaspalvelija: Se ei ole teidän vika, hoidamme sen."),
    ("fi", "Asiakaspalvelija: Kannattais vilkasta ohjeita ennen kun soittaa tänne.",
     "Asiakaspalvelija: Ennen kuin soitatte uudelleen, odottakaa kymmenen minuuttia."),
    ("fi", "Asiakaspalvelija: Tämä on nyt kolmas kerta kun selitän tämän saman asian.",
     "Asiakaspalvelija: Tämä on kolmas kerta kun vika toistuu, joten vaihdamme laitteen."),
    ("ms", "Ejen: Encik yang bagi alamat salah la ni, bukan rider kami.",
     "Ejen: Bukan encik yang bagi alamat salah, sistem kami tersilap."),
    ("ms", "Ejen: Harga tu dah final. Nak buat, buat; tak nak, bawak lah pergi tempat lain.",
     "Ejen: Nak buat sekarang atau minggu depan?"),
    ("en", "Agent: The system doesn't lie, someone entered the wrong PIN.",
     "Agent: The system shows the payment, so you're all set."),
    ("ro", "Operator: Nu e chiar capăt de lume, o puteți vedea din aplicație.",
     "Operator: Nu e greu, vă ajut eu pas cu pas."),
]


@pytest.mark.parametrize("language, dismissive, kind", FAMILIES)
def test_a_family_is_heard_and_its_kind_use_is_not(check, contact, language, dismissive, kind):
    assert check("courtesy.positive_language", contact(transcript=dismissive, language=language)) != []
    assert check("courtesy.positive_language", contact(transcript=kind + "\nCustomer: ok", language=language)) == []


@pytest.mark.parametrize("language, dismissive, _kind", FAMILIES[:4])
def test_the_customer_saying_it_is_not_the_agent_saying_it(check, contact, language, dismissive, _kind):
    said = dismissive.split(": ", 1)[1]
    transcript = f"Agent: How can I help?\nCustomer: {said}\nAgent: I understand, let me check."
    assert check("courtesy.positive_language", contact(transcript=transcript, language=language)) == []


# --- thanks -------------------------------------------------------------------------------------

@pytest.mark.parametrize("language, transcript", [
    ("ro", "Operator: Mersi că mi-ați spus cum să-mi fac treaba, domnule."),
    ("cs", "Operátorka: No tak to vám pěkně děkuju, že mi to říkáte až teď."),
    ("ms", "Agent: Thanks to update app baru, semua dah ok."),
    ("cs", "Operátor: Díky té aktualizaci to už funguje."),
])
def test_sarcastic_or_causal_thanks_is_not_thanking(check, contact, language, transcript):
    assert check("courtesy.thanks", contact(transcript=transcript + "\nCustomer: ok", language=language)) != []


@pytest.mark.parametrize("transcript", [
    "Agent: Thanks to you all, the fix went out today.",
    "Agent: ¡Muchas gracias! Have a good day.",
    "Agent: Thanks to everyone for waiting.",
])
def test_thanking_someone_is_thanks(check, contact, transcript):
    assert check("courtesy.thanks", contact(transcript=transcript + "\nCustomer: ok", language="en")) == []


# --- hold apology -------------------------------------------------------------------------------

def _held(contact, transcript, language):
    return contact(transcript=transcript, language=language, holds=(Hold(90, False),),
                   started_at=datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc))


@pytest.mark.parametrize("language, after_hold", [
    ("en", "Agent: Right. I'm sorry, but it's been returned to the sender."),
    ("cs", "Operátor: Je mi líto, ale likvidátor plnění zamítl."),
    ("ro", "Operator: Îmi pare rău, dar dosarul a fost respins."),
])
def test_regret_about_the_outcome_after_a_hold_is_not_a_hold_apology(check, contact, language, after_hold):
    transcript = f"Agent: One moment please.\n[hold 1:30]\n{after_hold}\nCustomer: ok"
    assert check("hold.apology", _held(contact, transcript, language)) != []


@pytest.mark.parametrize("language, after_hold", [
    ("en", "Agent: Sorry for the wait, but I have the answer now."),
    ("en", "Agent: Sorry about that. The parcel is on its way."),
    ("ms", "Ejen: Mintak maap lama sangat tunggu, encik."),
])
def test_an_apology_for_the_wait_still_counts(check, contact, language, after_hold):
    transcript = f"Agent: One moment please.\n[hold 1:30]\n{after_hold}\nCustomer: ok"
    assert check("hold.apology", _held(contact, transcript, language)) == []


@pytest.mark.parametrize("transcript, thanked", [
    ("Operator: Ta. Bear with me one second.", True),
    ("Operator: Mama ta a sunat deja.", False),
    ("Operátor: Ta lampa je rozbitá.", False),
])
def test_a_lone_ta_is_thanks_and_the_word_ta_elsewhere_is_not(check, contact, transcript, thanked):
    assert (check("courtesy.thanks", contact(transcript=transcript + "\nCustomer: ok")) == []) is thanked


def test_reassuring_that_something_is_easy_is_not_talking_down(check, contact):
    transcript = ("Ejen: Ya, tak susah pun. Kalau lampu masih merah, call kami, saya hantar teknisian.\n"
                  "Pelanggan: Ok.")
    assert check("courtesy.positive_language", contact(transcript=transcript, language="ms")) == []


def test_a_shrug_in_a_later_turn_is_heard_after_an_earlier_match(check, contact):
    transcript = ("Agent: Honestly, that's not my problem at all.\nCustomer: So when will it arrive?\n"
                  "Agent: Look, it'll come when it comes.")
    [departure] = check("courtesy.positive_language", contact(transcript=transcript, language="en"))
    assert {m["family"] for m in departure.evidence["matched"]} == {"not_mine", "shrug"}


@pytest.mark.parametrize("transcript, sides", [
    # Initials or names with a dash, throughout the call: whoever speaks first answers it.
    ("J - Good morning, Brightline, Jess speaking.\nM - Hi, my router's dead.\nJ - Let me check that.\n"
     "M - Thanks.", [AGENT, CUSTOMER, AGENT, CUSTOMER]),
    ("Mirka - Dobrý den, u telefonu Mirka.\nPan Dvořák - Dobrý den.\nMirka - Čím pomůžu?\n"
     "Pan Dvořák - Nejde mi internet.", [AGENT, CUSTOMER, AGENT, CUSTOMER]),
    ("Pan Dvořák - Dobrý den.\nMirka - Dobrý den, čím pomůžu?\nPan Dvořák - Nejde mi internet.\n"
     "Mirka - Podívám se.", [CUSTOMER, AGENT, CUSTOMER, AGENT]),
])
def test_dashed_names_throughout_a_call_are_speakers(transcript, sides):
    turns, labelled = split_turns(transcript)
    assert labelled and [speaker for speaker, _, _ in turns] == sides


@pytest.mark.parametrize("note", [
    "Rang re router - dead since Monday.\nTold him - reset it - no luck.\nBooked engineer.",
    "Paul - wants a call back.\nAsked twice.\nPaul - very upset.",
])
def test_a_dash_in_agent_notes_is_not_a_speaker(note):
    turns, labelled = split_turns(note)
    assert not labelled
