"""Logging contacts: times, the web form's number fields, cases and promises kept."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Case, Interaction
from crm.services.errors import InvalidInput
from crm.services.interactions import InteractionInput, log_interaction


def test_a_time_without_an_offset_is_refused_not_guessed(make_user, make_customer):
    with pytest.raises(InvalidInput) as err:
        log_interaction(InteractionInput(customer_id=make_customer().id, started_at="2026-11-23T09:00:00",
                                         summary="Asked about an order"), make_user("agent"))
    assert "needs a time zone offset" in err.value.fields["started_at"][0]


def test_a_contact_cannot_start_in_the_future(make_user, make_customer):
    later = (datetime.now(timezone.utc) + timedelta(hours=2)).isoformat()
    with pytest.raises(InvalidInput) as err:
        log_interaction(InteractionInput(customer_id=make_customer().id, started_at=later, summary="x"),
                        make_user("agent"))
    assert err.value.fields["started_at"] == ["is in the future"]


def test_letters_in_the_hold_field_are_reported_next_to_it(client, auth, make_user, make_customer):
    customer = make_customer()
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "holds-0-seconds": "ninety", "amount": "ten",
        "summary": "Asked about the delivery of the order"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert page.count("must be a whole number") == 1 and "non-negative amount" in page
    assert 'value="ninety"' in page  # what the agent typed stays
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_an_emailed_inquiry_opens_a_case_that_the_reply_answers(make_user, make_customer):
    agent, customer = make_user("agent"), make_customer()
    start = datetime.now(timezone.utc) - timedelta(hours=5)
    inquiry = log_interaction(InteractionInput(customer_id=customer.id, channel="email", direction="inbound",
                                               started_at=start, summary="Where is my refund?"), agent)
    case = db.session.get(Case, inquiry.interaction.case_id)
    assert case.status == "open" and case.first_reply_at is None
    log_interaction(InteractionInput(customer_id=customer.id, channel="email", direction="outbound",
                                     case_id=case.id, started_at=start + timedelta(hours=2),
                                     summary="Refund sent today, explained the timing", outcome="resolved"), agent)
    db.session.refresh(case)
    assert case.first_reply_at == start + timedelta(hours=2) and case.status == "resolved"


def test_a_later_contact_keeps_the_promised_follow_up(make_user, make_customer):
    agent, customer = make_user("agent"), make_customer()
    start = datetime.now(timezone.utc) - timedelta(days=2)
    promise = log_interaction(InteractionInput(customer_id=customer.id, started_at=start, summary="Will call back",
                                               outcome="follow_up", follow_up_due=start + timedelta(days=1)), agent)
    log_interaction(InteractionInput(customer_id=customer.id, direction="outbound", case_id=promise.interaction.case_id,
                                     started_at=start + timedelta(hours=20), summary="Called back as promised",
                                     outcome="resolved"), agent)
    db.session.refresh(promise.interaction)
    assert promise.interaction.follow_up_done_at == start + timedelta(hours=20)
