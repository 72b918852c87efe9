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


def test_erasure_closes_open_cases_drops_promises_and_closes_the_survey(api, client, make_user, make_customer):
    from datetime import datetime, timedelta, timezone

    from crm.models import Case, Survey
    from crm.services.surveys import token_for
    from crm.services.sweep import run_sweep

    def ago(**kw):
        return (datetime.now(timezone.utc) - timedelta(**kw)).isoformat()

    agent, admin = make_user("agent", team="Alpha"), make_user("admin")
    customer = make_customer("Aino Virtanen", phones=["+358 40 123 4567"])
    me = api(agent)
    contact = {"customer_id": customer.id, "channel": "phone", "started_at": ago(hours=50), "summary": "Refund."}
    assert me.post("/api/v1/interactions", json={**contact, "outcome": "follow_up",
                                                 "follow_up_due": ago(hours=3)}).status_code == 201
    assert me.post("/api/v1/interactions", json={**contact, "outcome": "resolved"}).status_code == 201
    (case,) = db.session.scalars(select(Case).where(Case.customer_id == customer.id)).all()
    assert case.status == "open"
    token = token_for(db.session.scalar(select(Survey).where(Survey.customer_id == customer.id)))

    assert api(admin).delete(f"/api/v1/customers/{customer.id}").status_code == 204
    case = db.session.get(Case, case.id)
    assert case.status == "closed" and "erased" in case.resolution and case.closed_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "case.updated",
                                                       AuditEvent.entity_id == case.id))
    assert event.actor_id == admin.id and event.details["changes"]["status"] == ["open", "closed"]
    assert db.session.scalar(select(func.count()).select_from(Interaction).where(
        Interaction.customer_id == customer.id, Interaction.follow_up_due.is_not(None))) == 0
    theirs = select(func.count()).select_from(Finding).where(Finding.customer_id == customer.id)
    before = db.session.scalar(theirs)
    run_sweep(datetime.now(timezone.utc) + timedelta(days=3))  # late promise, case never answered: no one's breach
    assert db.session.scalar(theirs) == before
    for answer in (client.get(f"/survey/{token}"), client.post(f"/survey/{token}", data={"score": "5"})):
        assert answer.status_code == 404 and "This survey is closed." in answer.get_data(as_text=True)
    assert db.session.scalar(select(Survey.answered_at).where(Survey.customer_id == customer.id)) is None
