"""English and Romanian round 13 (#8): the kinds of miss writers n and p showed, each widened as a
family so other people's wordings of the same act are heard, each line (our own wording, not a
writer's) beside its polite twin with the same words, which must stay clean.

- thanking a customer for *finally* doing anything is a reproach, whatever the verb;
- "whatever, give it a few days", "it'll probably sort itself out": shrugging without acting;
- "how am I supposed to know?", "și cum ar trebui să știu eu?": the question pushed back;
- "greșiți, domnule": you're wrong said to the customer's face, with a form of address;
- "dacă nu vă convine, puteți pleca la alt operator": go to a competitor if you don't like it;
- thanks for the time the customer made the agent lose, or for a day made "more interesting":
  no thanks, and sarcasm;
- "ty" typed in a chat is thanks; a sincere "thank you, that's really helpful" is no sarcasm;
- a curt word alone in its clause ("Wrong.", "Nu, greșiți, …", "Punct."): patterns may open with
  `^` and close with `$`, the start and end of a clause.
"""
import pytest


def flagged(check, contact, line, language, code="courtesy.positive_language"):
    transcript = f"Customer: Hello, it's about my order.\nAgent: {line}\nCustomer: Okay."
    return bool(check(code, contact(transcript=transcript, language=language)))


# (family, dismissive line, its polite twin with the same words)
DISMISSIVE = [
    ("en", "sarcasm", "Thanks for finally reading the email we sent in March.",
     "Thanks for reading the email we sent in March, it finally explains the fee."),
    ("en", "sarcasm", "Cheers for eventually filling the form in, it only took three weeks.",
     "Cheers for filling the form in, it only took three minutes to process."),
    ("en", "shrug", "Whatever, leave it a week and see.",
     "Whatever suits you, leave it a week and I'll ring to check."),
    ("en", "shrug", "Honestly it'll probably sort itself out by the weekend.",
     "Honestly it won't sort itself out, so I'm booking an engineer for the weekend."),
    ("en", "shrug", "How am I supposed to know what the courier did with it?",
     "So I know what the courier did with it, I'm opening a trace now."),
    ("en", "shrug", "Yeah, everybody's in the same boat, mate.",
     "Sorry about the wait, mate, I'm with you now."),
    ("ro", "wrong", "Greșiți, doamnă, plata nu a intrat.",
     "Nu greșiți, doamnă, plata nu a intrat, verific de ce."),
    ("ro", "shrug", "Dacă nu vă place, mergeți la altă bancă.",
     "Dacă nu vă place cardul acesta, vă ofer altul fără cost."),
    ("ro", "shrug", "Păi cum trebuia să știu eu că vă mutați?",
     "Ca să știu eu unde vă mutați, îmi spuneți adresa nouă?"),
    ("ro", "sarcasm", "Mersi că m-ați pus să caut o oră o factură care nu există.",
     "Mersi că m-ați ajutat să găsesc factura așa repede."),
    ("ro", "sarcasm", "Mulțumesc, mi-ați făcut ziua mult mai palpitantă.",
     "Mulțumesc, mi-ați făcut ziua mai frumoasă cu vestea asta."),
    # writer p's kinds
    ("en", "repeat", "As per my last email, the refund takes ten days.",
     "As per your last email, I've sent the refund; it takes ten days."),
    ("en", "shrug", "The engineer will call whenever they get round to it.",
     "The engineer will get round to it on Tuesday, I've booked the slot."),
    ("en", "sarcasm", "Ugh, fine, I'll send another one.",
     "Sorry, I'll send another one, that's fine."),
    ("ro", "shrug", "Eu ce să fac, nu eu am trimis coletul.",
     "Ce pot să fac eu acum e să retrimit coletul."),
    ("ro", "shrug", "Păi nu știu, mai încercați.",
     "Păi nu știu pe loc, verific imediat și vă spun."),
    ("ro", "condescension", "Nu văd ce nu e clar, scrie pe factură.",
     "Spuneți-mi ce nu e clar pe factură și vă explic."),
    ("ro", "blame", "V-ați blocat cardul singur, cu trei PIN-uri greșite.",
     "Nu v-ați blocat cardul singur, a fost o eroare a noastră."),
    ("ro", "sarcasm", "Ce coincidență interesantă, s-a stricat exact după garanție.",
     "Ce coincidență, și eu am același model; vi-l înlocuim."),
    # a curt word alone in its clause ("^ … $" in a pattern)
    ("en", "wrong", "Wrong. Roaming was never in the plan.",
     "The wrong plan was on the letter, I'll correct it."),
    ("ro", "wrong", "Nu, greșiți, factura a fost plătită.",
     "Nu greșiți, factura nu a fost plătită, verific de ce."),
    ("ro", "policy", "Nu returnăm banii. Punct.",
     "În adresă lipsește un punct după număr, îl adaug eu."),
]

IDS = [f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(DISMISSIVE)]


@pytest.mark.parametrize("language,family,line,twin", DISMISSIVE, ids=IDS)
def test_dismissive_line_is_flagged(check, contact, language, family, line, twin):
    assert flagged(check, contact, line, language), f"{family}: {line!r} should be flagged"


@pytest.mark.parametrize("language,family,line,twin", DISMISSIVE, ids=IDS)
def test_polite_twin_stays_clean(check, contact, language, family, line, twin):
    assert not flagged(check, contact, twin, language), f"{family}: {twin!r} should not be flagged"


# Sincere thanks that the positive-language check must not read as sarcasm.
SINCERE_NOT_SARCASM = [
    ("en", "Lovely, thank you, that's really helpful, I'll add it to the claim."),
    ("en", "Great, thanks for that, very useful to have the photo."),
]


@pytest.mark.parametrize("language,line", SINCERE_NOT_SARCASM)
def test_sincere_thanks_is_not_sarcasm(check, contact, language, line):
    assert not flagged(check, contact, line, language)


# (sarcastic thanks: no thanks, its sincere twin: thanks)
THANKS = [
    ("en", "Thank you so much for finally sending it, we'd given up.",
     "Thank you so much for sending it, we'll finally get it sorted."),
    ("en", "Oh thanks a lot, well worth the wait that was.",
     "Thanks a lot for waiting, I've got the answer now."),
    ("ro", "Mulțumesc frumos că ne-ați făcut să așteptăm o săptămână după acte.",
     "Mulțumesc frumos că ne-ați trimis actele așa repede."),
    ("ro", "Mersi că mi-ați explicat, nu mă descurcam singur.",
     "Mersi că mi-ați explicat, acum înțeleg ce s-a întâmplat."),
]


@pytest.mark.parametrize("language,sarcastic,sincere", THANKS)
def test_sarcastic_thanks_is_no_thanks(check, contact, language, sarcastic, sincere):
    assert flagged(check, contact, sarcastic, language, "courtesy.thanks"), sarcastic
    assert not flagged(check, contact, sincere, language, "courtesy.thanks"), sincere


@pytest.mark.parametrize("line", ["ok ty, that's all updated", "ty for waiting, all done now", "ty!"])
def test_typed_ty_is_thanks(check, contact, line):
    assert not flagged(check, contact, line, "en", "courtesy.thanks")


@pytest.mark.parametrize("line", ["Ty jo, to je rychlé.", "A ty dokumenty máte?"])
def test_czech_ty_is_no_thanks(check, contact, line):
    assert flagged(check, contact, line, "cs", "courtesy.thanks")


def test_a_chat_label_naming_the_company_is_the_agent(check, contact):
    """ "Nadia | Halden Bank" is how a chat widget shows the agent; "You" is then the customer."""
    transcript = ("You: hi, I need a statement\n"
                  "Sam | Northway Bank: Hi, thanks for getting in touch. As I said, it's in the app.\n"
                  "You: ok\n"
                  "Sam | Northway Bank: As I already said, we don't post them.")
    facts = contact(transcript=transcript, language="en")
    assert not check("courtesy.thanks", facts)
    assert check("courtesy.positive_language", facts)


def after_hold(line, language):
    return {"en": f"Agent: Let me check that for you.\n[hold 90 s]\nAgent: {line}\nCustomer: Fine.",
            "ro": f"Agent: Verific imediat.\n[hold 90 s]\nAgent: {line}\nClient: Bine."}[language]


# (a "sorry" after a hold asking the customer to repeat: no apology for the hold; its twin apologises)
REPEAT_ASKED = [
    ("en", "Sorry, what did you say? The order's gone out.",
     "Sorry for the wait. What did you say the postcode was?"),
    ("ro", "Da, scuze, ce ziceați? Comanda a plecat.",
     "Scuze de așteptare. Ce ziceați de adresă?"),
]


@pytest.mark.parametrize("language,asked,apology", REPEAT_ASKED)
def test_sorry_asking_to_repeat_is_no_hold_apology(check, contact, language, asked, apology):
    from crm.standards.base import Hold
    for line, expected in ((asked, True), (apology, False)):
        facts = contact(transcript=after_hold(line, language), language=language, holds=(Hold(90, False),))
        assert bool(check("hold.apology", facts)) is expected, line


@pytest.mark.parametrize("pattern", ["wrong ^ again", "$ wrong", "wrong $ again", "^ ^ wrong"])
def test_clause_edges_only_open_or_close_a_pattern(pattern):
    from crm.standards.patterns import PatternError, compile_pattern
    with pytest.raises(PatternError):
        compile_pattern(pattern, "wrong", "en", "negative")


def test_a_clause_edge_is_a_comma_or_a_full_stop():
    from crm.standards.patterns import PatternLexicon, text_turn
    lexicon = PatternLexicon("t", {"en": {"wrong": ["^ wrong $", "^ calm down"]}})
    said = lambda text: [m.said for m in lexicon.find(text_turn(text, "en"))]  # noqa: E731
    assert said("Wrong. It never was.") == ["wrong"]
    assert said("No, wrong, it never was.") == ["wrong"]
    assert said("The wrong one came.") == [] and said("It was wrong") == []
    assert said("Calm down, please.") == ["calm down"] and said("Please calm down.") == []


def test_a_bar_beside_a_customer_word_is_still_the_customer(check, contact):
    transcript = ("Customer | Jan Novak: Hi, my parcel is late.\n"
                  "Agent: Thanks for waiting, it arrives tomorrow.\n"
                  "Customer | Jan Novak: As I already said, I need it today.")
    facts = contact(transcript=transcript, language="en")
    assert not check("courtesy.positive_language", facts)
    assert not check("courtesy.thanks", facts)
