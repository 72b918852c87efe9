"""Writes that race: real concurrent HTTP requests from threads against the running app, each request
on its own session and connection (SQLite, or PostgreSQL with CRM_TEST_DATABASE_URL). Tryout 2 found
500s (F-500-2), lost updates of a customer's phones, one call logged several times (F-CALL-1) and
erasures undone by an edit or a contact in flight (F-ERASE-2)."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

ROUNDS = 3


def http(base, token, method, path, body=None):
    """(status, JSON or None) of one real HTTP request."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                     method=method, headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            data = response.read()
            return response.status, json.loads(data) if data else None
    except urllib.error.HTTPError as exc:
        data = exc.read()
        return exc.code, json.loads(data) if data else None


def race(base, requests):
    """Send every (token, method, path, body) at once (a barrier releases them together); the answers."""
    barrier = threading.Barrier(len(requests))

    def send(request):
        barrier.wait()
        return http(base, *request)

    with ThreadPoolExecutor(len(requests)) as pool:
        return list(pool.map(send, requests))


def _tokens(token_for, user, n):
    return [token_for(user, f"racer {i}") for i in range(n)]


def test_two_customers_given_one_phone_at_once_get_200_or_409_naming_the_owner(
        app, live_server, admin, make_customer, token_for):
    tokens = _tokens(token_for, admin, 8)
    for n in range(ROUNDS):
        a, b = make_customer(f"PA{n}"), make_customer(f"PB{n}")
        for field, value in (("phones", f"+60 19-556 000{n}"), ("emails", f"shared{n}@example.my")):
            answers = race(live_server, [(t, "PATCH", f"/api/v1/customers/{(a, b)[i % 2].id}", {field: [value]})
                                         for i, t in enumerate(tokens)])
            assert {status for status, _ in answers} <= {200, 409}, answers
            owners = {body["id"] for status, body in answers if status == 200}
            assert len(owners) == 1, answers  # one of the two has it, the other was told who does
            for status, body in answers:
                if status == 409:
                    assert body["error"]["existing_id"] in owners and field in body["error"]["fields"], body


def test_creating_a_customer_while_another_is_given_the_phone_is_a_409_not_a_500(
        app, live_server, admin, make_customer, token_for):
    tokens = _tokens(token_for, admin, 8)
    for n in range(ROUNDS):
        a = make_customer(f"PC{n}")
        phone = f"+60 19-557 000{n}"
        answers = race(live_server, [
            (t, "PATCH", f"/api/v1/customers/{a.id}", {"phones": [phone]}) if i % 2 else
            (t, "POST", "/api/v1/customers", {"name": f"PD{n}-{i}", "phones": [phone]})
            for i, t in enumerate(tokens)])
        assert {status for status, _ in answers} <= {200, 201, 409}, answers


def test_concurrent_phone_lists_leave_the_customer_with_one_of_the_lists_asked_for(
        app, live_server, admin, make_customer, token_for):
    from crm.extensions import db
    from crm.models import ContactPoint

    tokens = _tokens(token_for, admin, 10)
    for n in range(ROUNDS):
        customer = make_customer(f"PE{n}")
        asked = [[f"+6019559000{n}", f"+6019560{n}00{i}"] for i in range(len(tokens))]
        answers = race(live_server, [(t, "PATCH", f"/api/v1/customers/{customer.id}", {"phones": asked[i]})
                                     for i, t in enumerate(tokens)])
        assert {status for status, _ in answers} == {200}, answers
        db.session.rollback()
        stored = set(db.session.scalars(select(ContactPoint.value).where(ContactPoint.customer_id == customer.id)))
        assert stored in [set(phones) for phones in asked], stored


def test_a_patch_of_one_field_keeps_what_a_concurrent_patch_changed_in_another(
        app, live_server, admin, make_customer, token_for):
    from crm.extensions import db
    from crm.models import Customer

    tokens = _tokens(token_for, admin, 8)
    customer = make_customer("PF", phones=["+60 19-558 0000"])
    answers = race(live_server, [
        (t, "PATCH", f"/api/v1/customers/{customer.id}",
         {"phones": ["+60 19-558 0001"]} if i == 0 else {"notes": f"note {i}"}) for i, t in enumerate(tokens)])
    assert {status for status, _ in answers} == {200}, answers
    db.session.rollback()
    assert [c.value for c in db.session.get(Customer, customer.id, populate_existing=True).contact_points] == [
        "+60195580001"]


T0 = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)


def test_one_call_logged_by_eight_requests_at_once_is_one_interaction(
        app, live_server, make_user, make_customer, token_for):
    from crm.extensions import db
    from crm.models import Interaction

    agent = make_user("agent")
    customer = make_customer("Caller", phones=["+60 12-345 6789"])
    tokens = _tokens(token_for, agent, 8)
    for n in range(ROUNDS):
        call_id = f"race-log-{n}"
        for event, second in (("ringing", 0), ("answered", 5), ("hangup", 60)):
            status, body = http(live_server, tokens[0], "POST", "/api/v1/calls/events",
                                {"call_id": call_id, "event": event, "at": (T0 + timedelta(seconds=second)).isoformat(),
                                 "agent": agent.email})
            assert status == 202, body
        body = {"customer_id": customer.id, "channel": "phone", "direction": "inbound",
                "started_at": T0.isoformat(), "ended_at": (T0 + timedelta(seconds=60)).isoformat(),
                "summary": "Race logging the same call twice", "outcome": "resolved", "call_id": call_id}
        answers = race(live_server, [(t, "POST", "/api/v1/interactions", body) for t in tokens])
        assert sorted(status for status, _ in answers) == [201] + [409] * 7, answers
        logged = next(b["interaction"]["id"] for s, b in answers if s == 201)
        for status, answer in answers:
            if status == 409:
                assert answer["error"]["existing_id"] == logged and "call_id" in answer["error"]["fields"], answer
    db.session.rollback()
    assert db.session.scalar(select(db.func.count()).select_from(Interaction)) == ROUNDS


def test_an_erasure_racing_edits_and_contacts_is_final(app, live_server, admin, agent, make_customer, token_for):
    from crm.extensions import db
    from crm.models import AuditEvent, ContactPoint, Feedback, Interaction
    from crm.services.privacy import ERASED_TEXT

    admin_tokens, agent_tokens = _tokens(token_for, admin, 6), _tokens(token_for, agent, 6)
    for n in range(ROUNDS):
        customer = make_customer(f"DL{n}")
        contact = {"customer_id": customer.id, "channel": "email", "direction": "inbound",
                   "started_at": T0.isoformat(), "ended_at": (T0 + timedelta(minutes=5)).isoformat(),
                   "summary": "race with erase test contact", "outcome": "follow_up",
                   "follow_up_due": (T0 + timedelta(days=3)).isoformat(),
                   "feedback": [{"category": "other", "text": "widget race"}]}
        requests = [(admin_tokens[0], "DELETE", f"/api/v1/customers/{customer.id}", None)]
        requests += [(t, "PATCH", f"/api/v1/customers/{customer.id}", {"phones": [f"+60 19-571 {n}00{i}"],
                                                                       "notes": "x"})
                     for i, t in enumerate(admin_tokens[1:])]
        requests += [(t, "POST", "/api/v1/interactions", contact) for t in agent_tokens]
        answers = race(live_server, requests)
        assert answers[0][0] == 204, answers[0]
        assert {status for status, _ in answers[1:]} <= {200, 201, 404}, answers
        db.session.rollback()
        assert list(db.session.scalars(select(ContactPoint).where(ContactPoint.customer_id == customer.id))) == []
        kept = db.session.scalars(select(Interaction.summary).where(Interaction.customer_id == customer.id))
        assert set(kept) <= {ERASED_TEXT}
        said = db.session.scalars(select(Feedback.text).where(Feedback.customer_id == customer.id))
        assert set(said) <= {ERASED_TEXT}
        actions = list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "customer", AuditEvent.entity_id == customer.id).order_by(AuditEvent.id)))
        assert actions[-1] == "customer.erase", actions  # nothing changed them after the erasure
        # the numbers the refused edits carried are free for a real customer
        status, body = http(live_server, admin_tokens[0], "POST", "/api/v1/customers",
                            {"name": f"Reuse {n}", "phones": [f"+60 19-571 {n}001"]})
        assert status == 201, body


def test_one_name_created_eight_times_at_once_is_one_201_and_seven_409s_naming_the_field(
        app, live_server, admin, token_for):
    from crm.services.policy import default_rules

    tokens = _tokens(token_for, admin, 8)
    rules = [{"standard": r.standard, "mode": r.mode} for r in default_rules()]
    for path, body, field in (("/api/v1/teams", {"name": "Racers"}, "name"),
                              ("/api/v1/users", {"email": "racer@example.com", "name": "Racer", "role": "admin",
                                                 "password": "correct horse battery"}, "email"),
                              ("/api/v1/departments", {"slug": "racing", "name": "Racing"}, "slug")):
        answers = race(live_server, [(t, "POST", path, body) for t in tokens])
        assert sorted(status for status, _ in answers) == [201] + [409] * 7, (path, answers)
        assert all(field in b["error"]["fields"] for s, b in answers if s == 409), answers
    answers = race(live_server, [(t, "POST", "/api/v1/policy/versions", {"rules": rules}) for t in tokens[:4]])
    assert {status for status, _ in answers} == {201}, answers
    assert sorted(b["number"] for _, b in answers) == [2, 3, 4, 5], answers
