"""Customers: creation with normalised contact points, conflicts, edits and merges."""
import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, ContactPoint, Customer, Interaction
from crm.services.customers import CustomerInput, as_input, create_customer, merge_customers, update_customer
from crm.services.errors import Conflict, Forbidden, InvalidInput
from crm.services.interactions import InteractionInput, log_interaction


def test_contact_points_are_stored_normalised(make_customer):
    customer = make_customer("Siti Rahman", phones=["012-345 6789", "+420 603 123 456"],
                             emails=["Siti.Rahman@Example.COM"], account_number="acc 1001")
    values = sorted(cp.value for cp in customer.contact_points)
    assert values == ["+420603123456", "+60123456789", "siti.rahman@example.com"]
    assert customer.account_number == "ACC1001"
    assert customer.search_name == "siti rahman"


def test_every_invalid_field_is_reported_at_once(app, make_user):
    agent = make_user("agent")
    with pytest.raises(InvalidInput) as err:
        create_customer(CustomerInput(name="", phones=["12"], emails=["not-an-address"], language="xx",
                                      preferred_channel="pigeon"), agent)
    assert set(err.value.fields) == {"name", "phones", "emails", "language", "preferred_channel"}


def test_a_phone_of_another_customer_is_a_conflict_naming_them(make_customer, make_user):
    first = make_customer("Jan Novák", phones=["+420 603 123 456"])
    with pytest.raises(Conflict) as err:
        create_customer(CustomerInput(name="Someone Else", phones=["00420603123456"]), make_user("agent"))
    assert err.value.existing_id == first.id
    assert "Jan Novák" in err.value.message


def test_same_email_in_other_case_is_a_conflict(make_customer, make_user):
    first = make_customer("Aino Korhonen", emails=["aino@example.fi"])
    with pytest.raises(Conflict) as err:
        create_customer(CustomerInput(name="A. Korhonen", emails=["AINO@EXAMPLE.FI"]), make_user("agent"))
    assert err.value.existing_id == first.id


def test_department_members_cannot_create_customers(app, make_user):
    with pytest.raises(Forbidden):
        create_customer(CustomerInput(name="X Y"), make_user("department"))


def test_edit_replaces_contact_points_and_is_audited(make_customer, make_user):
    agent = make_user("agent")
    customer = make_customer("Mikko Virtanen", phones=["+358 40 123 4567"])
    data = as_input(customer)
    data.phones = ["+358 50 765 4321"]
    data.notes = "Prefers e-mail"
    update_customer(customer.id, data, agent)
    values = db.session.scalars(select(ContactPoint.value).where(ContactPoint.customer_id == customer.id)).all()
    assert values == ["+358507654321"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "customer.update"))
    assert event.actor_id == agent.id and event.entity_id == customer.id
    assert "phones" in event.details["changed"] and "notes" in event.details["changed"]


def test_merge_moves_history_and_contact_points_and_is_audited(make_customer, make_user):
    agent = make_user("agent")
    keep = make_customer("Ioana Popescu", phones=["+40 721 234 567"])
    dup = make_customer("Ioana Popescu", emails=["ioana@example.ro"], account_number="ACC-77", language="ro")
    log_interaction(InteractionInput(customer_id=dup.id, summary="Asked for a copy of the invoice please",
                                     outcome="resolved"), agent)
    merge_customers(keep.id, dup.id, agent)
    merged = db.session.get(Customer, keep.id)
    assert {cp.value for cp in merged.contact_points} == {"+40721234567", "ioana@example.ro"}
    assert merged.account_number == "ACC-77" and merged.language == "ro"
    assert db.session.scalar(select(Interaction.customer_id)) == keep.id
    assert db.session.get(Customer, dup.id).merged_into_id == keep.id
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "customer.merge"))
    assert event.details["duplicate_id"] == dup.id and event.details["moved"]["interactions"] == 1


def test_merging_a_customer_into_itself_is_refused(make_customer, make_user):
    c = make_customer("Ana Stan")
    with pytest.raises(InvalidInput):
        merge_customers(c.id, c.id, make_user("agent"))


@pytest.mark.parametrize("address", [
    "Jan.Novak@Example.CZ", "a+tag@mail.example.co.uk", "o'brien@example.ie", "x@sub-domain.example.com",
    "bad..dots@example.com", ".lead@example.com", "a@example", "a@-example.com", "a@example.c",
    "x@demo.test", "a@localhost", "ü@example.de", "a@exämple.de", '"quoted"@example.com', "a" * 65 + "@example.com",
])
def test_the_fast_email_check_agrees_with_the_full_validator(address):
    from email_validator import EmailNotValidError, validate_email

    from crm.services.contacts import normalize_email

    try:
        expected = validate_email(address, check_deliverability=False, globally_deliverable=False).normalized.casefold()
    except EmailNotValidError:
        expected = None
    try:
        got = normalize_email(address)
    except ValueError:
        got = None
    assert got == expected
