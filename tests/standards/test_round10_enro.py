"""English and Romanian dismissive language and sarcastic thanks, round 10: the families behind the
ninth writer's misses, each met by variants of our own (other verbs, persons, tenses, typed forms,
no diacritics) and by near misses with the same words that a polite agent says, which must stay
clean. No sentence here is copied from a benchmark writer."""
import pytest

from crm.standards.builtin.classifier import classify


def flagged(check, contact, transcript, language):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language=language)))


def thanked(check, contact, transcript, language):
    return not check("courtesy.thanks", contact(transcript=transcript, language=language))


def call(line, agent="Agent", customer="Customer"):
    return f"{customer}: Hello, I have a problem with my order.\n{agent}: {line}\n{customer}: Okay."


ENGLISH_DISMISSIVE = [
    # blame for not keeping watch: "if you'd been checking …, we could have …"
    "If you'd been checking your account, we could have blocked the card straight away.",
    "If you had been reading the emails we would have sorted it weeks ago.",
    "if youd been keeping an eye on the app we could of caught it",
    # "like you're supposed to"
    "You need to book it online, like you're supposed to.",
    "Nobody submitted the meter reading like you were meant to.",
    # "you're only telling us now?", "when people leave it this long"
    "So you're only calling us now?",
    "You're only mentioning this now, after a month?",
    "That's what happens when customers leave it this late.",
    "Well, people leave it so long and then it's too late.",
    # blame in the passive, on the customer's side
    "Mistakes were obviously made on your side.",
    "The error was made at your end, not ours.",
    "The mistake is clearly on your side.",
    # a jibe about doing it right this time
    "Fill the form in again, and maybe get it right this time.",
    "Try to do it right next time.",
    "Let's see if you can remember the PIN this time.",
    # generalised blame: "… and then wonder why it breaks"
    "Customers put any old charger in it and then wonder why it stops working.",
    "u guys install random stuff then wonder why ur phone crashes",
    "People download all sorts of rubbish onto these laptops.",
    # comparing the customer with a child or a relative
    "Honestly, my gran manages it without calling us.",
    "My kids figured it out in five minutes.",
    "A child could do this.",
    # "that wasn't hard, was it?"
    "There, that wasn't so difficult, was it?",
    "See, it wasn't that hard.",
    # grudging permission, "you need to actually listen"
    "You can have a paper bill, if you really must.",
    "You need to actually listen to what I'm telling you.",
    "I need u to actually pay attention for a sec.",
    # "not very closely, clearly", "most of our calls are in the manual"
    "Not very carefully, obviously.",
    "Half of our calls are answered in the manual.",
    # threats to hang up on the customer
    "If you keep on like this I'm going to put the phone down.",
    "If you carry on I'll end the call.",
    "I'll hang up on you.",
    # sending the customer off to try again
    "Ring back tomorrow, maybe someone else will know.",
    "Try again next week, perhaps somebody can help.",
    # blame for doing it wrongly, or not getting it seen to
    "If you'd entered the reading correctly, the bill would be right.",
    "If you had packed it properly it wouldn't have broken.",
    "If you'd had the boiler serviced, we'd not be here.",
    "You have to check these details before you book.",
    "Folk order the wrong size and then ring us up complaining.",
    "You ticked the box to say you'd read the terms.",
    # "didn't you read", "like any normal person", "you get what you pay for"
    "Did you not read the letter we sent?",
    "Didn't you bother checking the spam folder?",
    "Just restart it, like any sensible person would.",
    "A normal person would have kept the receipt.",
    "It's the cheapest tariff, you get what you pay for.",
    # sarcasm and reproach for repeating
    "Everyone rings up expecting miracles.",
    "Great way to start my shift, this.",
    "I literally just told you the reference.",
    "That's what they all say.",
]

ENGLISH_CLEAN = [
    "If you'd been charged twice, we would refund it straight away.",
    "If you had been told the wrong date, we could have done better, and I'm sorry.",
    "You're supposed to get a text when it ships; I'll check why it didn't come.",
    "You're only charged now for the first month.",
    "You can leave it plugged in overnight, that's fine.",
    "No mistakes were made on your side, it was our error.",
    "It looks like the signal problem is at our end; I'll book an engineer.",
    "We'll get it right this time, I promise.",
    "Let's see if it works this time.",
    "A lot of customers look at the new bill and wonder why it's higher: it's the yearly price change.",
    "I wonder why it keeps doing that, let me check the logs.",
    "My mum had the same problem with hers, it's really annoying.",
    "My son can't stand the new app either, to be honest.",
    "Your daughter could do it for you if that's easier, or I can walk you through it.",
    "It's not hard to miss that email, it often lands in spam.",
    "That wasn't too hard, I hope? Let me know if anything's unclear.",
    "If you want, I can post you a paper bill.",
    "If you need to, you can listen to the recording again in the app.",
    "I need you to listen for the beep and then press one.",
    "Most of our calls this week are about the outage, so you're not alone.",
    "Please don't hang up, I'm transferring you now.",
    "If we get cut off, I'll ring you straight back.",
    "You can put the phone down now and wait for the text.",
    "If you ring back tomorrow, ask for me and I'll have an answer.",
    "If you'd like it done properly, we can send an engineer round.",
    "If you had it serviced last year, the warranty still holds.",
    "We have to check these details for security, sorry.",
    "Did you not get the email? I'll send it again.",
    "Any normal wear and tear is covered by the plan.",
    "You'll get what you paid for back in full within five days.",
    "I can't promise miracles, but I'll do my very best.",
    "What a great way to start the week, your refund's come through!",
    "I've just sent you the link now.",
    "You've made my day, thank you, what a lovely way to start my morning.",
    "Press it gently, not too hard, then hold it for five seconds.",
    "Any sensible person would be upset by that, I'm so sorry.",
    "If you leave it too long the battery drains, so unplug it overnight.",
]

ROMANIAN_DISMISSIVE = [
    # "it's not quantum physics"
    "E doar un buton, nu e fizică cuantică.",
    "Nu e stiinta rachetelor, doamna.",
    "Doar o setare, nu e mare filozofie.",
    # "see, it wasn't hard"
    "Vedeți că nu era greu?",
    "Vezi ca n a fost asa complicat?",
    "Ați văzut că nu e atât de dificil?",
    # "next time start with the guide"
    "Data viitoare citiți instrucțiunile înainte să ne sunați.",
    "Pe viitor consultati manualul, va rog.",
    # "let's see if this time you manage"
    "Să vedem dacă de data asta reușiți să nu-l pierdeți.",
    "Sa vedem daca macar acum va amintiti parola.",
    # shrugging it off: "that's it, it happens"
    "Asta e, se mai întâmplă.",
    "Asta e, ce să facem, se mai întâmplă.",
    "D-astea se mai întâmplă.",
    "Nu stiu ce sa va zic.",
    # "I told you what the system says"
    "V-am spus deja ce scrie în sistem.",
    "Ti-am zis ce scrie pe ecran.",
    # sending the customer off: "call tomorrow, maybe someone knows"
    "Mai sunați mâine, poate știe cineva mai mult.",
    "Reveniti saptamana viitoare, poate va poate ajuta un coleg.",
    # "you are wrong", also without diacritics
    "Doamnă, greșiți.",
    "Dar gresiti, plata a plecat de la dumneavoastra.",
    "Ați greșit dumneavoastră, nu noi.",
    # blame: "you should have been careful"
    "Trebuia să fiți mai atent când ați confirmat.",
    # disbelief, shrugging it off, hiding behind rules, sarcasm, talking down
    "Asta spun toți, domnule.",
    "Nici nu-mi mai bat capul cu asta.",
    "Faceți ce vreți, reclamați unde vreți.",
    "Nu eu stabilesc tarifele, doamnă.",
    "Toți așteaptă minuni de la noi.",
    "Cum ar face orice om normal, reporniți routerul.",
    "Cât dai, atâta primești.",
    "Liniștiți-vă, doamnă.",
]

ROMANIAN_CLEAN = [
    # the same words said kindly, or about the company's own fault
    "Aveți dreptate, trebuia să fiți anunțat de noi.",
    "Trebuia să fiți contactată ieri, îmi cer scuze.",
    "Nu e greu, vă arăt eu pas cu pas.",
    "Vedeți că pe factură scrie suma corectă acum?",
    "Data viitoare puteți verifica și în aplicație, e mai rapid.",
    "Sper că de data asta merge, am resetat tot.",
    "Dacă se mai întâmplă, sunați-ne oricând.",
    "Nu știu încă, dar vă sun eu mâine cu răspunsul.",
    "V-am spus ce scrie în sistem: livrarea e joi.",
    "Spuneți-mi ce să verific mai întâi.",
    "Întreb un coleg, poate știe el mai mult.",
    "Am văzut în sistem 5 încercări gresite, de aceea s-a blocat contul.",
    "Nu greșiți deloc că întrebați.",
    "Datele au fost introduse greșit de colegul meu, îmi pare rău.",
    "O seară liniștită vă doresc!",
    "Nu vă bateți capul, mă ocup eu de tot.",
    "Spuneți-mi ce doriți să modificăm.",
    "Nu eu am primit coletul, dar verific imediat cine a semnat.",
    "Nu pot promite minuni, dar fac tot ce pot.",
    "Orice persoană poate face contestație, vă trimit formularul.",
    "Asta e ce se întâmplă când routerul se resetează singur.",
    "Toate astea se întâmplă din cauza unei erori de sistem, nu din cauza dumneavoastră.",
    "Scrieți ce vreți în câmpul de observații, îl citește curierul.",
    "Primiți ce ați plătit înapoi în cinci zile lucrătoare.",
    "Vedeți că e greu de găsit butonul? E ascuns, vă ghidez eu.",
]


@pytest.mark.parametrize("line", ENGLISH_DISMISSIVE)
def test_an_english_dismissive_family_is_flagged(check, contact, line):
    assert flagged(check, contact, call(line), "en")


@pytest.mark.parametrize("line", ENGLISH_CLEAN)
def test_an_english_near_miss_stays_clean(check, contact, line):
    assert not flagged(check, contact, call(line), "en")


@pytest.mark.parametrize("line", ROMANIAN_DISMISSIVE)
def test_a_romanian_dismissive_family_is_flagged(check, contact, line):
    assert flagged(check, contact, call(line, "Operator", "Client"), "ro")


@pytest.mark.parametrize("line", ROMANIAN_CLEAN)
def test_a_romanian_near_miss_stays_clean(check, contact, line):
    assert not flagged(check, contact, call(line, "Operator", "Client"), "ro")


@pytest.mark.parametrize("agent,customer", [("CSR", "Client"), ("Adviser", "Caller"), ("Ellie", "Tom"),
                                            ("A", "Z"), ("Consultant", "Client")])
def test_the_families_are_heard_under_the_labels_people_write(check, contact, agent, customer):
    transcript = (f"{agent}: Good morning, how can I help?\n{customer}: My router keeps dropping.\n"
                  f"{agent}: See, that wasn't hard, was it?\n{customer}: Fine.")
    assert flagged(check, contact, transcript, "en")


def test_the_customer_comparing_themselves_with_a_child_is_not_the_agent(check, contact):
    transcript = ("Caller: Sorry, a child could do this and I still can't.\n"
                  "Adviser: Not at all, it's a fiddly menu. Thanks for bearing with me.")
    assert not flagged(check, contact, transcript, "en")


@pytest.mark.parametrize("line,language", [
    ("Oh, thanks so much for mentioning that after twenty minutes.", "en"),
    ("Cheers for finally telling me the account number.", "en"),
    ("Thank you for eventually letting me know.", "en"),
    ("Mulțumesc frumos pentru sinceritate, măcar atât.", "ro"),
    ("Mersi ca mi-ati spus, macar asta.", "ro"),
    ("Oh, thank you very much, lovely way to end my shift.", "en"),
    ("Thanks for reporting it, a day after everybody else on the road.", "en"),
])
def test_sarcastic_thanks_is_no_thanks(check, contact, line, language):
    assert not thanked(check, contact, call(line), language)


@pytest.mark.parametrize("line,language", [
    ("Thanks so much for mentioning that, it really helps.", "en"),
    ("Thank you for letting me know after your trip, I'll book the engineer.", "en"),
    ("Mulțumesc frumos pentru sinceritate, mă ajută mult.", "ro"),
    ("Măcar atât pot face: vă mulțumesc pentru răbdare.", "ro"),
    ("Thanks for reporting it so quickly, after the storm we need every report.", "en"),
])
def test_sincere_thanks_with_the_same_words_is_thanks(check, contact, line, language):
    assert thanked(check, contact, call(line), language)


# Feedback (round 10): one item per distinct issue, from the customer's words; sentences of our own.


def categories(customer: str, language: str, summary: str = "") -> list[str]:
    transcript = f"Agent: Hello, how can I help?\nCustomer: {customer}\nAgent: I see, let me note that."
    return sorted(s.category for s in classify(summary, transcript, language))


@pytest.mark.parametrize("customer,language,expected", [
    # a worn or peeling surface, a battery that will not last, smudged prints, a stale taste, a rash
    ("The enamel on the pan is chipping after a fortnight.", "en", ["product"]),
    ("The non-stick coating on the tray is coming off in flakes.", "en", ["product"]),
    ("The battery on my watch is rubbish, it's dead by the afternoon.", "en", ["product"]),
    ("Fully charged at breakfast and it's down to ten per cent by noon.", "en", ["product"]),
    ("Every page comes out smudged.", "en", ["product"]),
    ("The crisps taste stale and the bag was sealed.", "en", ["product"]),
    ("The cereal smells musty.", "en", ["product"]),
    ("I used the shampoo twice and my scalp came up in a rash.", "en", ["product"]),
    ("The serum left my skin itchy, I saw it on an influencer's video.", "en", ["product"]),
    # a seller's packing: a poly bag instead of a box, a label on the box that doesn't match
    ("The vase came in a flimsy plastic mailer with no padding.", "en", ["packaging"]),
    ("The label on the box says blue but the jumper is green.", "en", ["packaging"]),
    ("There was no returns label in the parcel, though the slip says there is.", "en", ["packaging"]),
    ("The return slip was missing from the box.", "en", ["packaging"]),
    # an unexpected fee, an invoice without the tax, promotions the customer asked to stop
    ("There's a £30 set-up fee on my first bill that nobody mentioned.", "en", ["billing"]),
    ("The invoice has no VAT breakdown, my accountant won't take it.", "en", ["billing"]),
    ("Can you stop the texts about upgrades please?", "en", ["marketing"]),
    # the same in Romanian: a sole coming unglued, missing hoses, a seal torn under the lid
    ("S-a dezlipit talpa la ambii pantofi după o lună.", "ro", ["product"]),
    ("Aspiratorul a venit, dar n-are furtunul.", "ro", ["product"]),
    ("Folia de sigiliu de sub capac era deja ruptă.", "ro", ["packaging"]),
    ("Am trimis geaca înapoi, rambursarea e tot neefectuată după o lună.", "ro", ["billing"]),
    ("Am reziliat abonamentul în martie și îmi trimiteți în continuare facturi.", "ro", ["billing"]),
    ("M-am dezabonat de trei ori și tot primesc oferte.", "ro", ["marketing"]),
    ("Vă rog să nu-mi mai trimiteți reclame pe SMS.", "ro", ["marketing"]),
])
def test_a_feedback_family_gives_its_category(customer, language, expected):
    assert categories(customer, language) == expected


@pytest.mark.parametrize("customer,language", [
    # a refund chosen over a replacement for faulty goods is the remedy, not a billing complaint
    ("The blender leaks from the jug. I'd like a refund rather than a replacement.", "en"),
    ("The toaster burns one side. Refund not replacement, please.", "en"),
])
def test_a_refund_chosen_as_the_remedy_stays_a_product_issue(customer, language):
    assert categories(customer, language) == ["product"]


@pytest.mark.parametrize("customer,language", [
    # the same words, nothing wrong
    ("Is there a set-up fee if I upgrade?", "en"),
    ("I'd like to join your mailing list.", "en"),
    ("The coffee tastes lovely, thanks.", "en"),
    ("Comportamentul colegei a fost foarte frumos, mulțumesc.", "ro"),
])
def test_the_same_words_said_without_a_complaint_give_no_category_they_do_not_name(customer, language):
    found = categories(customer, language)
    assert "billing" not in found and "marketing" not in found and "product" not in found


def test_a_wear_word_is_not_a_complaint_about_someone_s_behaviour():
    found = categories("Ghetele s-au desfăcut după o lună de purtare prin oraș.", "ro")
    assert found == ["product"]


def test_a_summary_and_the_customer_s_words_of_one_issue_give_one_item():
    summary = "Cust: printer smudging on every page. Also no VAT breakdown on the invoice."
    customer = "Everything comes out smudged. And the invoice has no VAT breakdown."
    assert categories(customer, "en", summary) == ["billing", "product"]
