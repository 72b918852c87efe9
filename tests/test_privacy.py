"""A customer's personal data: the admin exports it, or erases it keeping anonymous statistics."""
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, ContactPoint, Customer, Finding, Interaction
from crm.services import lookup, reports
from crm.services.interactions import InteractionInput, log_interaction


def _history(make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    customer = make_customer("Päivi Hämäläinen", phones=["+358 40 765 4321"], emails=["paivi@example.fi"],
                             account_number="FI-77", notes="Allergic to cats")
    log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 90, "apologized": False}],
                                     summary="Ordered a kettle for her flat in Espoo", outcome="resolved",
                                     transcript="Customer: my address is Tapiolantie 5",
                                     feedback=[{"category": "product", "text": "Wants a quieter kettle"}]), agent)
    return agent, customer


def test_admin_exports_everything_held_and_it_is_audited(api, make_user, make_customer):
    _, customer = _history(make_user, make_customer)
    admin = make_user("admin")
    body = api(admin).get(f"/api/v1/customers/{customer.id}/export").get_json()
    assert body["customer"]["name"] == "Päivi Hämäläinen"
    assert body["interactions"][0]["transcript"] == "Customer: my address is Tapiolantie 5"
    assert body["feedback"][0]["text"] == "Wants a quieter kettle"
    assert db.session.scalar(select(AuditEvent.actor_id).where(AuditEvent.action == "customer.export")) == admin.id
    assert api(make_user("agent")).get(f"/api/v1/customers/{customer.id}/export").status_code == 403


def test_erasure_removes_what_identifies_the_customer_and_keeps_statistics(api, make_user, make_customer):
    agent, customer = _history(make_user, make_customer)
    admin = make_user("admin")
    before = reports.compliance(admin, "standard").total
    findings = db.session.scalar(select(func.count()).select_from(Finding))
    erased = api(admin).delete(f"/api/v1/customers/{customer.id}")
    assert erased.status_code == 204 and erased.data == b"" and "Content-Type" not in erased.headers
    erased = db.session.get(Customer, customer.id)
    assert erased.name == f"Erased customer {customer.id}" and erased.account_number is None and erased.notes is None
    assert db.session.scalar(select(func.count()).select_from(ContactPoint)) == 0
    ix = db.session.scalar(select(Interaction))
    assert "Espoo" not in ix.summary and ix.transcript is None and ix.holds == [{"seconds": 90, "apologized": False}]
    assert db.session.scalar(select(func.count()).select_from(Finding)) == findings > 0
    assert reports.compliance(admin, "standard").total == before
    assert lookup.search(agent, "hamalainen") == [] and lookup.search(agent, "+358 40 765 4321") == []
    assert api(agent).get(f"/api/v1/customers/{customer.id}").status_code == 404
    assert api(admin).delete(f"/api/v1/customers/{customer.id}").status_code == 404


def test_erasing_from_the_profile_needs_the_typed_confirmation(client, auth, make_user, make_customer):
    _, customer = _history(make_user, make_customer)
    auth.login(make_user("admin"))
    client.post(f"/customers/{customer.id}/erase", data={"confirm": "yes"})
    assert db.session.get(Customer, customer.id).erased_at is None
    client.post(f"/customers/{customer.id}/erase", data={"confirm": "ERASE"})
    assert db.session.get(Customer, customer.id).erased_at is not None
    download = client.get(f"/customers/{customer.id}/export.json")
    assert download.status_code == 404
