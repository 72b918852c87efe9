"""Cases worked from open to closed, and promised follow-ups marked kept, in the API and the pages."""
from datetime import datetime, timedelta, timezone

import pytest

from crm.extensions import db
from crm.models import AuditEvent, Finding, Interaction


def _ago(**kw):
    return (datetime.now(timezone.utc) - timedelta(**kw)).isoformat()


def _promise(api_client, customer, due, **extra):
    body = {"customer_id": customer.id, "channel": "phone", "started_at": _ago(hours=50),
            "summary": "Will call back with the refund date.", "outcome": "follow_up", "follow_up_due": due, **extra}
    response = api_client.post("/api/v1/interactions", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["interaction"]


def test_an_agent_works_a_case_from_open_to_closed_and_every_step_is_audited(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    colleague = make_user("agent", team="Alpha")
    customer = make_customer("Siti Aminah")
    me = api(agent)

    opened = me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Parcel lost", "priority": "high"})
    assert opened.status_code == 201
    case = opened.get_json()
    assert case["status"] == "open" and case["owner"]["id"] == agent.id and case["priority"] == "high"

    assigned = me.patch(f"/api/v1/cases/{case['id']}", json={"owner_id": colleague.id, "status": "pending"})
    assert assigned.status_code == 200
    assert assigned.get_json()["owner"]["id"] == colleague.id and assigned.get_json()["status"] == "pending"

    refused = me.patch(f"/api/v1/cases/{case['id']}", json={"status": "closed"})
    assert refused.status_code == 422 and "note" in refused.get_json()["error"]["fields"]

    closed = me.patch(f"/api/v1/cases/{case['id']}", json={"status": "closed", "note": "Refunded in full."})
    assert closed.status_code == 200
    assert closed.get_json()["status"] == "closed" and closed.get_json()["resolution"] == "Refunded in full."
    assert closed.get_json()["closed_at"] is not None

    reopened = me.patch(f"/api/v1/cases/{case['id']}", json={"status": "open", "note": "Customer called again."})
    assert reopened.get_json()["status"] == "open" and reopened.get_json()["resolution"] is None

    events = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == "case")
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["case.opened", "case.updated", "case.updated", "case.updated"]
    assert events[1].details["changes"]["status"] == ["open", "pending"]
    assert events[2].details["changes"]["status"] == ["pending", "closed"]
    assert events[2].details["note"] == "Refunded in full."


def test_case_lists_page_with_the_true_total_and_filter_by_owner_status_and_overdue(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    other = make_user("agent", team="Alpha")
    outsider = make_user("agent", team="Beta")
    customer = make_customer()
    me = api(agent)
    for i in range(5):
        me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": f"Mine {i}"})
    api(other).post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Theirs"})
    api(outsider).post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Another team's"})

    first = me.get("/api/v1/cases?limit=2").get_json()
    assert first["total"] == 6 and len(first["items"]) == 2 and first["next"]
    seen = [c["id"] for c in first["items"]]
    cursor = first["next"]
    while cursor:
        page = me.get("/api/v1/cases", query_string={"limit": 2, "cursor": cursor}).get_json()
        assert "total" in page, page
        assert page["total"] == 6
        seen += [c["id"] for c in page["items"]]
        cursor = page["next"]
    assert len(seen) == len(set(seen)) == 6

    assert me.get("/api/v1/cases?owner=me").get_json()["total"] == 5
    assert me.get(f"/api/v1/cases?owner={other.email}").get_json()["total"] == 1
    assert me.get("/api/v1/cases?status=pending").get_json()["total"] == 0
    assert me.get("/api/v1/cases?overdue=true").get_json()["total"] == 0

    promised = _promise(me, customer, _ago(hours=2))
    overdue = me.get("/api/v1/cases?overdue=true").get_json()
    assert overdue["total"] == 1 and overdue["items"][0]["id"] == promised["case_id"]

    other_team_case = api(outsider).get("/api/v1/cases").get_json()["items"][0]
    assert me.get(f"/api/v1/cases/{other_team_case['id']}").status_code == 403


def test_bad_case_input_is_refused_with_every_reason_never_a_500(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    outsider = make_user("agent", team="Beta")
    customer = make_customer()
    me = api(agent)
    bad = me.post("/api/v1/cases", json={"customer_id": "x", "subject": "", "priority": "asap", "colour": 1})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) >= {"customer_id", "subject", "priority", "colour"}
    case = me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Broken lid"}).get_json()
    bad = me.patch(f"/api/v1/cases/{case['id']}", json={"status": "done", "owner_id": outsider.id,
                                                        "priority": 3, "colour": "red"})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"status", "owner_id", "priority", "colour"}
    for query in ("status=gone", "overdue=maybe", "customer=abc", "cursor=zzz", "owner=nobody@example.com"):
        response = me.get(f"/api/v1/cases?{query}")
        assert response.status_code == 422, query
    # a filter that cannot be read and one naming nobody are told together, each by name
    both = me.get("/api/v1/cases?customer=abc&owner=nobody@example.com&team=Nowhere").get_json()["error"]["fields"]
    assert both == {"customer": ["must be a customer id"], "owner": ["no user 'nobody@example.com'"],
                    "team": ["no team 'Nowhere'"]}
    assert me.get("/api/v1/cases/99999").status_code == 404
    unknown = me.post("/api/v1/cases", json={"customer_id": 999999, "subject": "x"})
    assert unknown.status_code == 404 and unknown.get_json()["error"]["fields"] == {"customer_id": ["no such customer"]}
    department = make_user("department")
    assert api(department).get("/api/v1/cases").status_code == 403


def test_a_follow_up_marked_kept_in_time_is_honoured_by_the_sweep(app, api, make_user, make_customer):
    from crm.services.sweep import run_sweep

    agent = make_user("agent", team="Alpha")
    customer = make_customer()
    me = api(agent)
    due_soon = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    kept = _promise(me, customer, due_soon)
    late = _promise(me, customer, _ago(hours=3), started_at=_ago(hours=49))

    done = me.post(f"/api/v1/interactions/{kept['id']}/follow-up/done", json={"note": "Called, refund sent."})
    assert done.status_code == 200 and done.get_json()["follow_up_done_at"] is not None
    assert me.post(f"/api/v1/interactions/{kept['id']}/follow-up/done").status_code == 409

    run_sweep(datetime.now(timezone.utc) + timedelta(hours=2))
    flagged = {f.interaction_id for f in db.session.scalars(
        db.select(Finding).where(Finding.standard == "callback.on_time"))}
    assert kept["id"] not in flagged and late["id"] in flagged

    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "follow_up.kept"))
    assert event.entity_id == kept["id"] and event.details["note"] == "Called, refund sent."
    no_promise = me.post("/api/v1/interactions", json={"customer_id": customer.id, "channel": "phone",
                                                        "summary": "Quick question."}).get_json()["interaction"]
    assert me.post(f"/api/v1/interactions/{no_promise['id']}/follow-up/done").status_code == 422


def test_an_agent_works_a_case_in_the_pages_and_the_customer_timeline_shows_it(client, auth, api, make_user,
                                                                              make_customer):
    agent = make_user("agent", team="Alpha")
    lead = make_user("lead", team="Alpha", name="Lina Lead")
    customer = make_customer("Aino Virtanen")
    auth.login(agent)

    page = client.get(f"/customers/{customer.id}/cases/new")
    assert page.status_code == 200 and b'for="subject"' in page.data
    refused = client.post(f"/customers/{customer.id}/cases/new", data={"subject": "", "priority": "normal",
                                                                       "owner_id": str(agent.id)})
    assert refused.status_code == 422 and b"is required" in refused.data
    opened = client.post(f"/customers/{customer.id}/cases/new", data={"subject": "Wrong size shipped",
                                                                      "priority": "high", "owner_id": str(agent.id)})
    case_url = opened.location
    assert opened.status_code == 302 and "/cases/" in case_url

    listed = client.get("/cases?view=mine")
    assert b"Wrong size shipped" in listed.data and b"1 of <strong>1</strong>" in listed.data

    no_note = client.post(case_url, data={"status": "closed", "priority": "high", "owner_id": str(agent.id)})
    assert no_note.status_code == 422 and b"is required to close" in no_note.data
    assigned = client.post(case_url, data={"status": "open", "priority": "urgent", "owner_id": str(lead.id)})
    assert assigned.status_code == 302
    closed = client.post(case_url, data={"status": "closed", "priority": "urgent", "owner_id": str(lead.id),
                                         "note": "Exchanged for the right size."}, follow_redirects=True)
    assert b"Exchanged for the right size." in closed.data and b"Reopen" in closed.data
    assert "priority: normal" not in closed.data.decode()  # history reads from → to
    assert "owner: " in closed.data.decode() and "Lina Lead" in closed.data.decode()

    profile = client.get(f"/customers/{customer.id}").data.decode()
    assert "Case activity" in profile and "status: open → closed" in profile

    reopened = client.post(case_url.replace("http://localhost", "") + "/reopen", follow_redirects=True)
    assert b"The case is open again." in reopened.data


def test_the_desk_groups_overdue_promises_per_customer_and_marks_one_kept(client, auth, api, make_user,
                                                                         make_customer):
    agent = make_user("agent", team="Alpha")
    siti, jan = make_customer("Siti Aminah"), make_customer("Jan Novák")
    me = api(agent)
    first = _promise(me, siti, _ago(hours=5))
    for hours in (4, 3):  # each promise opens its own case
        _promise(me, siti, _ago(hours=hours))
    only = _promise(me, jan, _ago(hours=1))
    auth.login(agent)

    desk = client.get("/desk").data.decode()
    assert "4</strong> promised follow-ups past due, for 2 customers" in desk
    groups = desk[desk.index("overdue-groups"):].split("</ul>")[0]
    assert groups.count("Siti Aminah") == 1 and "3 promises" in groups
    assert f'href="/customers/{siti.id}">Siti Aminah' in desk  # several cases: the customer's page
    assert f"/cases/{only['case_id']}\">Jan Novák" in desk  # one case: the case

    kept = client.post(f"/interactions/{first['id']}/follow-up/done",
                       data={"note": "Called her back", "next": f"/customers/{siti.id}"})
    assert kept.status_code == 302 and kept.location.endswith(f"/customers/{siti.id}")
    assert db.session.get(Interaction, first["id"]).follow_up_done_at is not None
    assert "3</strong> promised follow-ups past due" in client.get("/desk").data.decode()
    again = client.post(f"/interactions/{first['id']}/follow-up/done", data={"next": "//evil.example.com/"})
    assert again.status_code == 302 and "evil" not in again.location


@pytest.mark.parametrize("priority", [{}, [], 0, False])
def test_a_priority_that_is_no_word_is_refused_not_taken_for_normal(as_agent, customer, priority):
    response = as_agent.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Lid", "priority": priority})
    assert response.status_code == 422 and "priority" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("channel", ["email", "chat", "social", "sms", "web"])
def test_an_inbound_written_inquiry_opens_a_case_on_every_written_channel_and_the_trail_says_so(
        api, agent, customer, channel):
    logged = api(agent).post("/api/v1/interactions", json={
        "customer_id": customer.id, "channel": channel, "direction": "inbound", "started_at": _ago(minutes=30),
        "ended_at": _ago(minutes=25), "summary": "Asked about the invoice total.", "outcome": "resolved"})
    assert logged.status_code == 201, logged.get_json()
    case_id = logged.get_json()["interaction"]["case_id"]
    assert case_id is not None
    opened = db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "case",
                                                           AuditEvent.entity_id == case_id))
    assert opened.action == "case.opened" and opened.actor_id == agent.id
    # Written with one INSERT on the logging path (audit.write), it reads as one recorded by hand does.
    assert opened.actor_label == agent.email and opened.ip == "127.0.0.1" and opened.at is not None
    assert opened.details == {"customer_id": customer.id, "subject": "Asked about the invoice total.",
                              "priority": "normal", "owner": agent.name}


def test_a_contact_naming_a_closed_case_leaves_it_closed_and_opens_a_new_one(api, agent, customer):
    me = api(agent)
    case = me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Invoice"}).get_json()
    assert me.patch(f"/api/v1/cases/{case['id']}", json={"status": "closed", "note": "Done."}).status_code == 200
    body = {"customer_id": customer.id, "channel": "email", "direction": "inbound", "started_at": _ago(minutes=30),
            "summary": "Wrote again about the same invoice.", "outcome": "resolved", "case_id": case["id"]}
    logged = me.post("/api/v1/interactions", json=body)
    assert logged.status_code == 201, logged.get_json()
    new_case = logged.get_json()["interaction"]["case_id"]
    assert new_case not in (None, case["id"])
    assert me.get(f"/api/v1/cases/{case['id']}").get_json()["status"] == "closed"
    # A live contact that opens no case is filed on none rather than on the closed one.
    phone = me.post("/api/v1/interactions", json={**body, "channel": "phone"}).get_json()["interaction"]
    assert phone["case_id"] is None


def test_a_contact_that_resolves_or_reopens_a_case_is_audited_as_a_status_change(api, agent, customer):
    me = api(agent)
    case = me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Refund"}).get_json()
    body = {"customer_id": customer.id, "channel": "phone", "started_at": _ago(minutes=30),
            "summary": "Refund confirmed.", "outcome": "resolved", "case_id": case["id"]}
    assert me.post("/api/v1/interactions", json=body).status_code == 201
    # The case's clock is stored, not only shown: a fresh session reads it back (one UPDATE writes it).
    db.session.remove()
    resolved = me.get(f"/api/v1/cases/{case['id']}").get_json()
    assert resolved["status"] == "resolved" and resolved["resolved_at"] == body["started_at"]
    assert resolved["first_reply_at"] == resolved["last_update_at"] == resolved["resolved_at"]  # a call answers
    assert me.post("/api/v1/interactions", json={**body, "outcome": "follow_up", "started_at": _ago(minutes=10),
                                                 "summary": "Refund missing after all."}).status_code == 201
    db.session.remove()
    reopened = me.get(f"/api/v1/cases/{case['id']}").get_json()
    assert reopened["status"] == "open" and reopened["resolved_at"] is None and reopened["followed_up_at"] is None
    assert reopened["first_reply_at"] == resolved["first_reply_at"] < reopened["last_update_at"]
    changes = [e.details["changes"]["status"] for e in db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.entity == "case", AuditEvent.entity_id == case["id"],
                                    AuditEvent.action == "case.updated").order_by(AuditEvent.id))]
    assert changes == [["open", "resolved"], ["resolved", "open"]]
