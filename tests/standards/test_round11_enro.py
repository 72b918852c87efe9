"""English and Romanian round 11: each dismissive family widened with slots (who is blamed, the
modal and hedges, "it/that/this one", typed forms without apostrophes or diacritics) is met by a
line of our own that other people would say, beside its polite twin with the same words, which must
stay clean; sarcastic thanks with a sarcastic frame in the same sentence are no thanks, the same
thanks said sincerely still are. No sentence here is copied from a phrasebook or a benchmark writer."""
import pytest


def flagged(check, contact, line, language):
    transcript = f"Customer: Hello, it's about my order.\nAgent: {line}\nCustomer: Okay."
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language=language)))


def thanked(check, contact, line, language):
    transcript = f"Customer: Hello, it's about my order.\nAgent: {line}\nCustomer: Okay."
    return not check("courtesy.thanks", contact(transcript=transcript, language=language))


# (family, dismissive line, its polite twin with the same words)
ENGLISH = [
    ("blame", "It's only because u didnt register the warranty, so.",
     "It's only because the courier didn't scan it, so I'll chase them."),
    ("blame", "You shoulda told us before the bill went out really.",
     "We should have told you before the bill went out, really sorry."),
    ("blame", "Nobody twisted your arm to take the upgrade.",
     "Nobody will ring you about the upgrade unless you ask."),
    ("blame", "You were warned about the fee and you ignored it.",
     "You were never warned about the fee, so I'll remove it."),
    ("blame", "If you had kept the box you'd have got a full refund.",
     "If you have the box, you'll get a full refund."),
    ("not_mine", "Network faults are the engineers' headache, not mine.",
     "Network faults are a headache, I know, let me book the engineer."),
    ("not_mine", "Honestly that has nothing to do with my department.",
     "Honestly that's something my department can fix today."),
    ("not_mine", "Don't look at me, I only answer the phones.",
     "Let me look at it, I can answer that one."),
    ("cannot_help", "Sorry, I can't do anything about the charge now.",
     "Sorry about the charge, I can refund it now."),
    ("cannot_help", "The cancellation can't be reversed, full stop.",
     "The cancellation can be reversed, I'll do it now."),
    ("policy", "That's policy, we can't make exceptions for anyone.",
     "The policy allows an exception here, so I'll make one."),
    ("policy", "We're not allowed to do that, and that's that.",
     "We're allowed to do that, so I'll arrange it."),
    ("policy", "No ticket, no refund.",
     "No need for the ticket, the refund is on its way."),
    ("shrug", "Meh, could be worse.",
     "It could be quicker, I'll chase it for you."),
    ("shrug", "Well tough, I guess.",
     "It's tough, I know, let me see what I can do."),
    ("shrug", "I'm not fussed either way to be honest.",
     "I'm happy to do either way, whichever suits you."),
    ("wrong", "You've got that totally mixed up.",
     "I've got that mixed up, sorry, let me correct it."),
    ("wrong", "That's simply not how it works.",
     "You're right about how it works, and I'll walk you through the rest."),
    ("wrong", "You clearly misread the email.",
     "The email was clearly confusing, I'm sorry."),
    ("repeat", "We've gone over this twice already.",
     "We'll go over this together, step by step."),
    ("repeat", "I'm not going round in circles with you all day.",
     "I'm not going anywhere, we'll get this sorted."),
    ("calm", "Keep your shirt on, sir.",
     "Keep your receipt, sir, just in case."),
    ("calm", "Stop getting so worked up over a parcel.",
     "I'm sorry you're worried about the parcel."),
    ("calm", "There's no need to type in block capitals at me.",
     "There's no need to type the reference, I've found it."),
    ("sarcasm", "If you carry on swearing I'm going to hang up.",
     "If the line drops, I'll ring you straight back."),
    ("sarcasm", "What do you want, a round of applause?",
     "What would you like me to do, a refund or a replacement?"),
    ("sarcasm", "We're not a charity, you know.",
     "We support a charity every Christmas, you know."),
    ("condescension", "My five year old could work this router.",
     "My colleague could work on this router remotely."),
    ("condescension", "Just google it.",
     "Just give it a minute to restart."),
    ("condescension", "Do you even know what a browser is?",
     "Do you know which browser you're using?"),
]

ROMANIAN = [
    ("blame", "Dacă ați fi achitat factura, nu vi se bloca cardul.",
     "Dacă ați achitat factura, nu se blochează cardul."),
    ("blame", "Nu v-a fortat nimeni sa semnati.",
     "Nu trebuie să semnați nimic acum."),
    ("blame", "Ați semnat fără să citiți condițiile.",
     "Puteți semna după ce citiți condițiile în liniște."),
    ("blame", "Asta se întâmplă când nu vă actualizați datele.",
     "Asta se întâmplă când sistemul nu actualizează datele, îmi pare rău."),
    ("not_mine", "Eu doar preiau apelurile, nu eu v-am promis reducerea.",
     "Eu preiau apelul și verific reducerea promisă."),
    ("not_mine", "Asta e treaba curierului, nu a noastră.",
     "Vorbesc eu cu curierul, ne ocupăm noi."),
    ("not_mine", "Eu nu ma ocup de d-astea.",
     "Mă ocup eu de asta chiar acum."),
    ("cannot_help", "Nu pot să vă ajut cu nimic, doamnă.",
     "Pot să vă ajut cu orice aveți nevoie, doamnă."),
    ("cannot_help", "Degeaba mă tot sunați.",
     "Mă puteți suna oricând."),
    ("policy", "Ori plătiți taxa, ori nu, e simplu.",
     "Puteți plăti taxa acum sau mai târziu, cum vă e mai simplu."),
    ("policy", "N-am cum să-l contrazic, așa apare.",
     "Verific imediat cum apare în sistem."),
    ("shrug", "Așa e viața, ce să facem.",
     "Vă înțeleg perfect, hai să vedem ce putem face."),
    ("shrug", "Mie mi-e totuna ce faceți.",
     "Vă ajut indiferent ce variantă alegeți."),
    ("wrong", "Iar ați încurcat datele.",
     "Poate am încurcat eu datele, verific."),
    ("wrong", "Vă contrazic, n-a fost așa.",
     "Nu vă contrazic deloc, așa a fost."),
    ("repeat", "De câte ori trebuie să vă mai spun?",
     "Vă spun cu plăcere încă o dată, dacă doriți."),
    ("repeat", "Iar o luăm de la capăt?",
     "Luăm pașii pe rând, de la început, împreună."),
    ("calm", "Nu e nevoie să ridicați tonul.",
     "Nu e nevoie să veniți la agenție."),
    ("calm", "Ia-o mai ușor, domnule.",
     "Luați-vă timpul necesar, domnule."),
    ("sarcasm", "Dacă mai înjurați, închid.",
     "Dacă mai aveți întrebări, vă stau la dispoziție."),
    ("sarcasm", "Las că știți dvs mai bine.",
     "Știți dvs mai bine ce model aveți, spuneți-mi."),
    ("condescension", "Citește manualul, frate.",
     "În manual e o schemă, o parcurgem împreună."),
    ("condescension", "Și un copil de cinci ani s-ar descurca.",
     "Copilul dvs poate folosi contul cu acordul dvs."),
    ("condescension", "Puteați să vă uitați și singur pe site.",
     "Vă trimit linkul de pe site, ca să nu căutați singur."),
]


@pytest.mark.parametrize("family, line, twin", ENGLISH, ids=[f"{f}:{line[:30]}" for f, line, _ in ENGLISH])
def test_english_family_heard_and_its_polite_twin_clean(check, contact, family, line, twin):
    assert flagged(check, contact, line, "en"), (family, line)
    assert not flagged(check, contact, twin, "en"), (family, twin)


@pytest.mark.parametrize("family, line, twin", ROMANIAN, ids=[f"{f}:{line[:30]}" for f, line, _ in ROMANIAN])
def test_romanian_family_heard_and_its_polite_twin_clean(check, contact, family, line, twin):
    assert flagged(check, contact, line, "ro"), (family, line)
    assert not flagged(check, contact, twin, "ro"), (family, twin)


# (language, sarcastic thanks, the same thanks said sincerely)
SARCASTIC_THANKS = [
    ("en", "Thanks a bunch for nothing.", "Thanks a bunch, that's all I need."),
    ("en", "Cheers for wasting twenty minutes of my afternoon.", "Cheers for waiting twenty minutes, I've got it now."),
    ("en", "Oh brilliant, thanks, another form to fill in.", "Brilliant, thanks, that's the form done."),
    ("en", "Thanks, that was really useful, not.", "Thanks, that was really useful."),
    ("en", "Thank you for finally ringing us back.", "Thank you for ringing us back so quickly."),
    ("en", "Thanks but no thanks.", "Thanks, and no need to ring back."),
    ("ro", "Mulțumesc frumos de nimic.", "Mulțumesc frumos de răbdare."),
    ("ro", "Mersi pentru lecție.", "Mersi pentru răbdare."),
    ("ro", "Multumesc ca ati sunat a treia oara pentru asta.", "Multumesc ca ati sunat pentru asta."),
    ("ro", "Nu vă mulțumesc pentru tonul ăsta.", "Vă mulțumesc pentru răbdare."),
]


@pytest.mark.parametrize("language, sarcastic, sincere", SARCASTIC_THANKS,
                         ids=[f"{lang}:{s[:30]}" for lang, s, _ in SARCASTIC_THANKS])
def test_sarcastic_thanks_is_no_thanks_and_its_sincere_twin_is(check, contact, language, sarcastic, sincere):
    assert not thanked(check, contact, sarcastic, language), sarcastic
    assert thanked(check, contact, sincere, language), sincere
