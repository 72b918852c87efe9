"""English and Romanian round 12 (#8): the families writer m still got past after round 11, widened
so other people's wordings of the same act are heard — Scots and slang words for "nothing" and
"do/about" in "nothing I can do", thanking a customer for *finally* doing what was expected of them,
"even a child finds it" with any verb of managing, "simple, even for you", "sure, it did that by
itself" with an active perfect, a colloquial "it's not my fault, I only take the orders", and an
apology for not helping *more* that is not a refusal. Each flagged line (our own wording, not the
writer's) sits beside its polite twin with the same words, which must stay clean."""
import pytest


def flagged(check, contact, line, language):
    transcript = f"Customer: Hello, it's about my order.\nAgent: {line}\nCustomer: Okay."
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language=language)))


# (family, dismissive line, its polite twin with the same words)
ENGLISH = [
    ("cannot_help", "Sorry pal, there's jack all I can do about the fee now.",
     "Sorry pal, there's a fair bit I can do about the fee now."),
    ("cannot_help", "Och, there's naething I can dae, it's on the system.",
     "Och, there's plenty I can dae, it's on the system."),
    ("cannot_help", "I cannae dae anything aboot it, the bill's gone out.",
     "I can sort something aboot it, the bill's gone out but I'll credit it."),
    ("sarcasm", "Thanks for finally getting back to us, I'd nearly closed the ticket.",
     "Thanks for getting back to us, I'd kept the ticket open for you."),
    ("sarcasm", "Cheers for eventually bothering to send the photos.",
     "Cheers for sending the photos, that's everything I need."),
]

ROMANIAN = [
    ("sarcasm", "Aha, sigur, routerul a pornit singur actualizarea la miezul nopții.",
     "Routerul a pornit singur actualizarea la miezul nopții, vă arăt cum o opriți."),
    ("condescension", "Setarea e ușor de găsit, până și pentru tine.",
     "Setarea e ușor de găsit, vă trimit și dumneavoastră un ghid."),
    ("condescension", "Nici nu-i greu, un copil de cinci ani vede unde e butonul.",
     "Dacă vă ajută copilul dumneavoastră, vede repede unde e butonul."),
    ("not_mine", "Nu sunt eu vinovatul, eu doar notez cererile.",
     "Eu sunt de vină, îmi cer scuze, notez cererea acum."),
    ("not_mine", "Noi doar luăm comenzile, restul e la depozit.",
     "Luăm comanda acum și v-o confirmăm pe e-mail."),
    ("cannot_help", "Nu vă pot ajuta mai mult, gata.",
     "Îmi pare rău că nu vă pot ajuta mai mult azi, dar vă sun mâine cu răspunsul."),
]

CASES = [(language, family, line, twin) for language, cases in (("en", ENGLISH), ("ro", ROMANIAN))
         for family, line, twin in cases]
IDS = [f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CASES)]


@pytest.mark.parametrize("language,family,line,twin", CASES, ids=IDS)
def test_dismissive_line_is_flagged(check, contact, language, family, line, twin):
    assert flagged(check, contact, line, language), f"{family}: {line!r} should be flagged"


@pytest.mark.parametrize("language,family,line,twin", CASES, ids=IDS)
def test_polite_twin_stays_clean(check, contact, language, family, line, twin):
    assert not flagged(check, contact, twin, language), f"{family}: {twin!r} should not be flagged"
