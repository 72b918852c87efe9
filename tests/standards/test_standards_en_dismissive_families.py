"""English dismissive language judged by family, not by sentence (round 9).

Each family is met by several ways a different agent would put the same act (other verbs, persons,
word order, contractions), and by near misses that must stay clean: polite firmness, a denial,
reassurance, a neutral sense of the same words, and the customer saying it. None of these sentences
is copied from a benchmark writer."""
import pytest


def flagged(check, contact, transcript, language="en"):
    return bool(check("courtesy.positive_language", contact(transcript=transcript, language=language)))


def agent(line):
    return f"Agent: {line}\nCustomer: right"


DISMISSIVE = [
    # blame by counterfactual: "if you had done X, this would not …" (any customer action)
    "If you had submitted the form on time, you wouldn't be in this mess.",
    "Well if you'd just rung us when it started, it would never have got this bad.",
    "If you'd registered the warranty, we wouldn't be having this conversation.",
    # blame as a question tag: "you weren't paying attention, were you"
    "You weren't listening to the driver, were you?",
    "Well, you weren't checking your inbox, were you.",
    # blame without a subject, and "you obviously don't read …"
    "Should have kept your own copy of the receipt.",
    "You should've made your own backup, really.",
    "You obviously didn't read the terms.",
    "You probably never check your junk folder.",
    # "a you problem"
    "Sounds like a you problem.",
    "That's more of a you thing, honestly.",
    "It's not an us problem.",
    # futility: "complain if you like, it won't change anything"
    "Send a complaint if you like, but it's not going to change anything.",
    "By all means write to them, but that won't make any difference.",
    "Shouting won't get you anywhere.",
    "I wouldn't get your hopes up.",
    "Don't hold your breath for a refund.",
    # pulling rank, "the data doesn't lie"
    "I think I know what I'm talking about, madam.",
    "Trust me, I know how the billing cycle works.",
    "The tracking doesn't lie, it was delivered.",
    "The readings don't lie.",
    # sarcasm and impatience
    "No rush, I've got all day.",
    "Broadband isn't magic, you know.",
    "Nice of you to finally ring back.",
    # talking down: slowly, "try that before you ring us", "did you even …"
    "I'm going to say this really slowly.",
    "Let me say it again slowly.",
    "Next time, check the app before you ring us.",
    "Try turning it off and on before you call us.",
    "Did you even try unplugging it?",
    "Have you actually checked the cable?",
    # phrases the lexicon had but never matched (a bar outside a group split "don t|do not")
    "I don't know what you were expecting for that money.",
    "Don't blame me, I just work here.",
    "You don't understand how this works.",
    "Please don't get so upset.",
    # "no offence, but", "with all due respect"
    "No offence, but you did tick the box.",
    "With all due respect, that's not how it works.",
    # minimising and "wait like everyone else"
    "You'll have to wait like everyone else.",
    "Nobody died, it's a late parcel.",
    "A day without wifi won't kill you.",
    "Them's the breaks, I'm afraid.",
    # tone policing, impatience, "you're exaggerating"
    "Don't take that tone with me.",
    "I don't appreciate your tone.",
    "Come on, spit it out.",
    "I don't have time for this.",
    "You're exaggerating, it's a small dent.",
    "Stop making a fuss.",
    # hiding behind the system, sending the customer off to do it themselves
    "Sorry, computer says no.",
    "All I can do is tell you what the screen says.",
    "You'll have to ring the courier yourself.",
    "Look, I just work here.",
    "Not my circus, not my monkeys.",
    "I'm not going to argue with you about this.",
    "There's no point arguing, madam.",
    "You do realise the warranty ended last year?",
    "Surely you noticed the crack when it arrived.",
    "No wonder it's dead if you never charged it.",
    "You'll have to take it up with the manufacturer.",
    "That's the courier's problem, not ours.",
    # reproach and blame for a slip
    "That's what the instructions are for.",
    "It says so clearly on the website.",
    "I did explain this to you last week.",
    "I've been over this with you already.",
    "Well, you did agree to it.",
    "You've obviously entered the wrong details.",
    "You must have typed it wrong.",
    "You shouldn't have opened it.",
    "Why didn't you ring us sooner?",
    "Why would you do that?",
    "What did you think would happen?",
    # not letting the customer speak, sarcasm, shrugging
    "Can you let me finish?",
    "Stop interrupting me.",
    "I can't make the parcel appear out of thin air.",
    "It's not like I can fly there myself.",
    "Suit yourself.",
    "Fine, do what you want.",
    "Right, are we done here?",
    "That's just tough, I'm afraid.",
    "Sorry, that's just how it is.",
    "It's hardly the end of the world.",
    "Don't tell me how to do my job.",
]

CLEAN = [
    # a company fault said the same way, a polite offer, a kind check of a fact
    "If you had been told about the fee, you wouldn't have booked, I understand.",
    "If you'd like, I can send it again.",
    "You weren't charged twice, were you?",
    "You wouldn't happen to have the order number, would you?",
    "We should have sent you your own copy, I'm sorry.",
    "You probably didn't get the email, let me resend it.",
    "Is there a problem you want to report?",
    "That won't do any harm.",
    "I don't want to get your hopes up, but I'll ask.",
    "I know how frustrating this is.",
    "I'll spell it slowly so you can note it down.",
    "Next time you call, just ask for me.",
    "Could you try restarting it before I book an engineer?",
    "Did you actually get charged for it?",
    "It's very kind of you to call and let us know.",
    "Take your time, no rush at all.",
    "I don't know what you were told, but I'll find out.",
    "Don't worry, it's not your fault at all.",
    "No offence taken, honestly.",
    "You'll get the discount like everyone else who signed up.",
    "We don't have time for that appointment today, but Monday works.",
    "I'm not exaggerating when I say it's our fault.",
    "Nobody should have to wait that long, I'm sorry.",
    "I can ring the courier for you, or you can do it yourself if you'd rather.",
    "I work here on Saturdays too, so ring any time.",
    "Do you know the model number by any chance?",
    "Surely not, let me check that for you.",
    "I'll take it up with the courier for you.",
    "No wonder you're confused, our letter was unclear.",
    "It's the courier's job to call ahead, so I'll chase them now.",
    "That's what we're here for, happy to help.",
    "The tracking says clearly it's out for delivery today.",
    "I did explain it badly earlier, sorry, let me try again.",
    "I've been through this with the team and we'll refund you.",
    "Did you agree to the new terms in the app?",
    "It looks like the system entered the wrong date, my mistake.",
    "You shouldn't have been charged for that.",
    "Why didn't you get the email? Let me check the address.",
    "What do you think happened to the parcel?",
    "Let me finish setting this up for you.",
    "Fine, I'll do that for you now.",
    "It's tough at the moment, I know, and I'm sorry.",
    "That's just how I'd do it too, great idea.",
    "Don't worry, it's hardly your fault.",
]


@pytest.mark.parametrize("line", DISMISSIVE)
def test_an_english_dismissive_family_is_flagged(check, contact, line):
    assert flagged(check, contact, agent(line))


@pytest.mark.parametrize("line", CLEAN)
def test_an_english_near_miss_stays_clean(check, contact, line):
    assert not flagged(check, contact, agent(line))


def test_the_customer_saying_it_is_not_the_agent_being_dismissive(check, contact):
    transcript = ("Customer: I know, I know, it's a me problem, I should've kept my own backup.\n"
                  "Agent: Not at all, thanks for telling me, let's get it back for you.")
    assert not flagged(check, contact, transcript)
