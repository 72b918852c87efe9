"""hold.max_duration and hold.apology."""
import pytest
from crm.standards.base import Hold


def test_holds_within_the_limit_are_fine(check, contact):
    assert check("hold.max_duration", contact(holds=(Hold(60, True), Hold(12, True)))) == []


def test_a_contact_without_holds_is_fine(check, contact):
    assert check("hold.max_duration", contact(channel="chat")) == []
    assert check("hold.apology", contact(channel="chat")) == []


def test_a_hold_longer_than_the_limit_is_a_departure(check, contact):
    [departure] = check("hold.max_duration", contact(holds=(Hold(30, True), Hold(90, True))))
    assert departure.message == "Hold 2 lasted 90 s; the standard is at most 60 s."
    assert departure.evidence == {"max_seconds": 60, "holds": [{"index": 2, "seconds": 90}]}


def test_several_long_holds_are_one_departure_listing_each(check, contact):
    holds = (Hold(75, True), Hold(20, True), Hold(90, False))
    [departure] = check("hold.max_duration", contact(holds=holds), max_seconds=45)
    assert departure.message == "Holds 1 and 3 lasted 75 and 90 s; the standard is at most 45 s."
    assert departure.evidence["holds"] == [{"index": 1, "seconds": 75}, {"index": 3, "seconds": 90}]


def test_holds_marked_apologised_are_fine(check, contact):
    assert check("hold.apology", contact(holds=(Hold(30, True), Hold(40, True)))) == []


def test_a_hold_without_an_apology_is_a_departure(check, contact):
    [departure] = check("hold.apology", contact(holds=(Hold(30, True), Hold(40, False))))
    assert departure.message.startswith("Hold 2 had no apology to the customer recorded.")
    assert departure.evidence == {"holds": [{"index": 2, "seconds": 40}], "transcript_checked": False}


def test_an_apology_in_the_agents_words_counts(check, contact):
    transcript = "Agent: I'm so sorry to keep you waiting, one moment.\nCustomer: Fine."
    assert check("hold.apology", contact(holds=(Hold(30, False),), transcript=transcript)) == []


def test_an_apology_in_any_of_the_five_languages_counts(check, contact):
    for words in ("Mohon maaf, sila tunggu sebentar.", "Omlouvám se za čekání.",
                  "Pahoittelen odotusta.", "Ne pare rău pentru așteptare."):
        assert check("hold.apology", contact(holds=(Hold(30, False),), transcript=words)) == [], words


def test_the_customers_apology_does_not_count_for_the_agent(check, contact):
    transcript = "Customer: Sorry, I need to find my card.\nAgent: Please hold."
    facts = contact(holds=(Hold(30, False), Hold(20, False)), transcript=transcript)
    [departure] = check("hold.apology", facts)
    assert departure.message.startswith(
        "Holds 1 and 2 had no apology to the customer: none was recorded, "
        "and there is none in the agent's lines of the transcript"
    )
    assert departure.evidence["transcript_checked"] is True


def test_the_transcript_can_be_ignored_so_only_the_recorded_apology_counts(check, contact):
    facts = contact(holds=(Hold(30, False),), transcript="Agent: Sorry for the wait.")
    [departure] = check("hold.apology", facts, accept_transcript_phrase=False)
    assert departure.evidence == {"holds": [{"index": 1, "seconds": 30}], "transcript_checked": False}


@pytest.mark.parametrize("transcript", [
    "Operátor: Podržím vás na lince.\n(čekání 3:00)\n"
    "Operátor: Omlouvám se za to zpoždění s doručením, kamion měl poruchu.",
    "Agent: One moment please.\n[hold 1:10]\n"
    "Agent: I'm sorry for the delay with your delivery, the courier had a breakdown.",
])
def test_an_apology_for_something_else_after_a_hold_is_not_for_the_hold(check, contact, transcript):
    assert check("hold.apology", contact(holds=(Hold(180, False),), transcript=transcript)) != []


@pytest.mark.parametrize("transcript", [
    "Operator: Vă rog să rămâneți pe linie.\n[așteptare]\nOperator: Vă rog să mă iertați pentru așteptare.",
    "Operator: O secundă, vă rog.\nOperator: Îmi cer scuze că a durat.",
    "Ejen: ok jap sy check\nEjen: sori lmbt kak, dh confirm",
])
def test_hold_apologies_in_formal_and_shorthand_registers_count(check, contact, transcript):
    assert check("hold.apology", contact(holds=(Hold(90, False),), transcript=transcript)) == []


def test_regret_about_the_outcome_after_a_hold_is_not_an_apology_for_it(check, contact):
    transcript = "Agent: One moment.\n[hold 1:00]\nAgent: I'm sorry it turned out like this, the claim is declined."
    assert check("hold.apology", contact(holds=(Hold(60, False),), transcript=transcript)) != []


def test_asking_forgiveness_for_keeping_the_customer_counts(check, contact):
    transcript = "Operator: Un moment.\n[așteptare]\nOperator: Îmi cer iertare că v-am ținut atât."
    assert check("hold.apology", contact(holds=(Hold(60, False),), transcript=transcript)) == []
