"""A call event that arrives after the call was logged: the contact's measured holds follow the call,
and the findings that judged them are judged again, in the review queue and the roll-ups alike."""
from datetime import datetime, timedelta, timezone

from crm.extensions import db
from crm.models import AuditEvent, Finding
from crm.services import review

T0 = datetime(2026, 11, 20, 3, 0, tzinfo=timezone.utc)


def at(seconds):
    return (T0 + timedelta(seconds=seconds)).isoformat()


def send(client, call_id, event, second, **extra):
    response = client.post("/api/v1/calls/events", json={"call_id": call_id, "event": event, "at": at(second),
                                                         "from": "012-345 6789", **extra})
    assert response.status_code == 202, response.get_json()
    return response.get_json()


def log(client, customer_id, call_id):
    response = client.post("/api/v1/interactions", json={
        "customer_id": customer_id, "call_id": call_id, "summary": "Asked about the refund of the parcel",
        "outcome": "resolved", "transcript": "Agent: Sorry for the wait, thank you for holding."})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def hold_flags(client):
    """The dashboards' count of contacts flagged for hold.max_duration (from the daily roll-ups)."""
    body = client.get("/api/v1/reports/compliance?group_by=standard&from=2026-11-01&to=2026-11-30").get_json()
    return sum(r["flagged"] for r in body["items"] if r["key"] == "hold.max_duration")


def test_a_late_unhold_shortens_the_logged_hold_and_withdraws_the_finding_it_no_longer_supports(
        app, api, make_user, make_customer):
    agent = make_user("agent", team="Alpha", email="aminah@example.com")
    lead = make_user("lead", team="Alpha")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    client = api(agent)
    send(client, "late-1", "ringing", 0)
    send(client, "late-1", "answered", 5, agent=agent.email)
    send(client, "late-1", "hold", 60)
    send(client, "late-1", "hangup", 300)
    logged = log(client, customer.id, "late-1")
    assert logged["interaction"]["holds"][0]["seconds"] == 240
    flagged = [f for f in logged["findings"] if f["standard"] == "hold.max_duration"]
    assert len(flagged) == 1 and flagged[0]["status"] == "open"
    finding_id = flagged[0]["id"]
    assert finding_id in {f.id for f in review.queue(lead)}
    assert hold_flags(api(lead)) == 1

    assert send(client, "late-1", "unhold", 80) == {"call_id": "late-1", "changed": True}

    interaction = client.get(f"/api/v1/interactions/{logged['interaction']['id']}").get_json()["interaction"]
    assert [h["seconds"] for h in interaction["holds"]] == [20]
    assert client.get("/api/v1/calls/late-1").get_json()["holds"][0]["seconds"] == 20
    assert db.session.get(Finding, finding_id).status == "withdrawn"
    assert finding_id not in {f.id for f in review.queue(lead)}
    assert hold_flags(api(lead)) == 0
    assert db.session.query(AuditEvent).filter_by(action="finding.withdrawn", entity_id=finding_id).count() == 1
    # The same event again changes nothing, and withdraws nothing twice.
    assert send(client, "late-1", "unhold", 80) == {"call_id": "late-1", "changed": False}
    assert hold_flags(api(lead)) == 0


def test_a_late_hold_that_breaks_the_limit_makes_a_new_finding_for_the_review_queue(
        app, api, make_user, make_customer):
    agent = make_user("agent", team="Alpha", email="aminah@example.com")
    lead = make_user("lead", team="Alpha")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    client = api(agent)
    send(client, "late-2", "answered", 0, agent=agent.email)
    send(client, "late-2", "hangup", 400)
    logged = log(client, customer.id, "late-2")
    assert "hold.max_duration" not in {f["standard"] for f in logged["findings"]}
    assert hold_flags(api(lead)) == 0

    send(client, "late-2", "unhold", 250)
    send(client, "late-2", "hold", 50)  # the hold comes last: 200 s, over the minute

    interaction = client.get(f"/api/v1/interactions/{logged['interaction']['id']}").get_json()["interaction"]
    assert [h["seconds"] for h in interaction["holds"]] == [200]
    new = db.session.query(Finding).filter_by(interaction_id=logged["interaction"]["id"],
                                              standard="hold.max_duration").all()
    assert [(f.status, f.mode, f.evidence["measured"]) for f in new] == [("open", "enforce", True)]
    assert new[0].id in {f.id for f in review.queue(lead)}
    assert hold_flags(api(lead)) == 1


def test_a_late_event_keeps_a_finding_still_true_with_its_review_and_the_new_measure(
        app, api, make_user, make_customer):
    agent = make_user("agent", team="Alpha", email="aminah@example.com")
    lead = make_user("lead", team="Alpha")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    client = api(agent)
    send(client, "late-3", "answered", 0, agent=agent.email)
    send(client, "late-3", "hold", 10)
    send(client, "late-3", "hangup", 400)
    logged = log(client, customer.id, "late-3")
    finding = next(f for f in logged["findings"] if f["standard"] == "hold.max_duration")
    assert api(lead).post(f"/api/v1/findings/{finding['id']}/review",
                          json={"decision": "upheld", "note": "too long"}).status_code == 200
    send(client, "late-3", "unhold", 200)  # 190 s: still over the minute
    kept = db.session.get(Finding, finding["id"])
    db.session.refresh(kept)
    assert kept.status == "upheld"
    assert kept.evidence["holds"] == [{"index": 1, "seconds": 190}]
    assert hold_flags(api(lead)) == 1


def test_an_event_after_the_hangup_is_kept_but_answers_that_it_changed_nothing(app, api, make_user):
    client = api(make_user("agent"))
    send(client, "after-1", "answered", 0)
    send(client, "after-1", "hangup", 100)
    assert send(client, "after-1", "hold", 150) == {"call_id": "after-1", "changed": False}
    assert send(client, "after-1", "hangup", 160) == {"call_id": "after-1", "changed": False}  # the first one ends it
    call = client.get("/api/v1/calls/after-1").get_json()
    assert call["holds"] == [] and call["ended_at"] == at(100)
    assert send(client, "after-1", "hold", 40) == {"call_id": "after-1", "changed": True}  # before it: it counts


def test_an_answer_before_the_ringing_is_refused_so_the_queue_wait_stays_measurable(app, api, make_user):
    client = api(make_user("agent"))
    send(client, "order-1", "ringing", 10)
    early = client.post("/api/v1/calls/events", json={"call_id": "order-1", "event": "answered", "at": at(5)})
    assert early.status_code == 409 and "at" in early.get_json()["error"]["fields"]
    send(client, "order-2", "answered", 10)
    late = client.post("/api/v1/calls/events", json={"call_id": "order-2", "event": "ringing", "at": at(20)})
    assert late.status_code == 409 and late.get_json()["error"]["code"] == "conflict"
    # Out of order in arrival, in order in time: both kept and measured.
    send(client, "order-2", "ringing", 2)
    assert client.get("/api/v1/calls/order-2").get_json()["queue_wait_seconds"] == 8
    assert client.get("/api/v1/calls/order-1").get_json()["answered_at"] is None


def test_an_event_landing_while_the_call_is_being_logged_refuses_the_stale_measurement(
        app, api, make_user, make_customer, monkeypatch):
    from crm.services import calls, interactions

    agent = make_user("agent", team="Alpha", email="aminah@example.com")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    client = api(agent)
    send(client, "race-1", "answered", 0, agent=agent.email)
    send(client, "race-1", "hold", 60)
    send(client, "race-1", "hangup", 300)
    measured_then_changed = interactions._prepare

    def unhold_lands_after_the_measurement(c, actor):
        prepared = measured_then_changed(c, actor)
        # The phone system's unhold commits between the contact's measurement and its write.
        calls.record_event(calls.CallEventInput.model_validate(
            {"call_id": "race-1", "event": "unhold", "at": at(80)}), actor)
        return prepared

    monkeypatch.setattr(interactions, "_prepare", unhold_lands_after_the_measurement)
    response = client.post("/api/v1/interactions", json={
        "customer_id": customer.id, "call_id": "race-1", "summary": "Asked about the refund", "outcome": "resolved"})
    assert response.status_code == 409, response.get_json()
    assert "call_id" in response.get_json()["error"]["fields"]
    monkeypatch.undo()
    again = log(client, customer.id, "race-1")  # sent again, it takes the new measurement
    assert again["interaction"]["holds"][0]["seconds"] == 20
