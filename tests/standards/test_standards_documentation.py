"""documentation.summary."""


def test_a_summary_the_next_agent_can_use_is_fine(check, contact):
    facts = contact(summary="Customer asked for a refund of the May invoice; approved, 3-5 days.")
    assert check("documentation.summary", facts) == []


def test_a_short_summary_is_a_departure(check, contact):
    [departure] = check("documentation.summary", contact(summary="Called - refund."))
    assert departure.message == (
        "The summary has 2 words; the standard is at least 5, so the next agent can pick up from it."
    )
    assert departure.evidence == {"words": 2, "min_words": 5}


def test_a_missing_summary_is_a_departure(check, contact):
    [departure] = check("documentation.summary", contact(summary="   "))
    assert departure.message.startswith("No summary was recorded;")
    assert departure.evidence == {"words": 0, "min_words": 5}


def test_the_minimum_is_a_parameter(check, contact):
    assert check("documentation.summary", contact(summary="Refund approved."), min_words=2) == []
