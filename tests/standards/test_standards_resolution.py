"""resolution.next_step."""
from datetime import datetime, timezone

import pytest

DUE = datetime(2024, 5, 8, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("outcome", ["resolved", "no_action"])
def test_a_contact_that_needs_nothing_more_is_fine(check, contact, outcome):
    assert check("resolution.next_step", contact(outcome=outcome)) == []


@pytest.mark.parametrize("outcome", ["follow_up", "escalated"])
def test_a_next_step_with_a_due_date_is_fine(check, contact, outcome):
    assert check("resolution.next_step", contact(outcome=outcome, follow_up_due=DUE)) == []


def test_a_contact_without_an_outcome_is_a_departure(check, contact):
    [departure] = check("resolution.next_step", contact(outcome=None))
    assert departure.message == (
        "No outcome was recorded; every contact ends resolved or with a next step and a due date."
    )


@pytest.mark.parametrize("outcome, said", [("follow_up", "follow-up"), ("escalated", "escalated")])
def test_a_next_step_without_a_due_date_is_a_departure(check, contact, outcome, said):
    [departure] = check("resolution.next_step", contact(outcome=outcome))
    assert departure.message == f"The contact ended as {said} but the next step has no due date."
    assert departure.evidence == {"outcome": outcome, "follow_up_due": None}
