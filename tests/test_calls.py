"""Calls measured by telephony: events over real HTTP in any order, the measured call, the integration
role, and logging from a call with findings that rest on the measurement."""
import json
import random
import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest

from crm.services.access import SYSTEM


def http(base, token, method, path, body=None):
    """(status, JSON) of a real HTTP request to the running server."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode() if body is not None else None,
                                     method=method, headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def at(seconds):
    return (T0 + timedelta(seconds=seconds)).isoformat()


def call_events(call_id, agent_email, caller="012-345 6789"):
    """Ringing 8 s in the queue, a 75 s hold, a cold transfer, hangup."""
    base = {"call_id": call_id, "direction": "inbound", "from": caller, "to": "+60 3-2345 6789",
            "queue": "support"}
    return [
        {**base, "event": "ringing", "at": at(0)},
        {**base, "event": "answered", "at": at(8), "agent": agent_email},
        {**base, "event": "hold", "at": at(30)},
        {**base, "event": "unhold", "at": at(105)},
        {**base, "event": "transfer", "at": at(125), "transfer": {"type": "cold", "to": "billing"}},
        {**base, "event": "hangup", "at": at(130)},
    ]


MEASURED = ("started_at", "answered_at", "ended_at", "queue_wait_seconds", "holds", "transfers", "customer",
            "agent")


def test_events_in_any_order_and_repeated_measure_the_same_call_over_http(
        app, live_server, make_user, make_customer, token_for):
    agent = make_user("agent", email="aminah@example.com")
    siti = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    integration = make_user("integration", password=None)
    token = token_for(integration)
    shuffle = random.Random(9)
    seen = []
    for n in range(3):
        events = call_events(f"pbx-{n}", agent.email)
        sent = events + [shuffle.choice(events) for _ in range(3)]  # some sent twice
        shuffle.shuffle(sent)
        changed = {}
        for event in sent:
            status, body = http(live_server, token, "POST", "/api/v1/calls/events", event)
            assert status == 202, body
            key = (event["event"], event["at"])
            assert body == {"call_id": f"pbx-{n}", "changed": key not in changed}  # a repeat changes nothing
            changed[key] = True
        status, call = http(live_server, token, "GET", f"/api/v1/calls/pbx-{n}")
        assert status == 200
        seen.append({k: call[k] for k in MEASURED})
    assert seen[0] == seen[1] == seen[2]
    call = seen[0]
    assert call["queue_wait_seconds"] == 8
    assert [h["seconds"] for h in call["holds"]] == [75]
    assert call["holds"][0]["started_at"] == at(30) and call["holds"][0]["ended_at"] == at(105)
    assert [(t["type"], t["to"]) for t in call["transfers"]] == [("cold", "billing")]
    assert call["customer"]["id"] == siti.id  # found by the national number, as the lookup reads it
    assert call["agent"] == {"id": agent.id, "name": agent.name}
    assert call["started_at"] == at(0) and call["answered_at"] == at(8) and call["ended_at"] == at(130)


def test_a_hold_never_ended_by_unhold_ends_at_hangup_and_runs_until_then(app, api, make_user):
    agent = make_user("agent")
    client = api(agent)
    base = {"call_id": "c-1", "from": "+420 603 123 456"}
    for event, second in (("answered", 0), ("hold", 10)):
        assert client.post("/api/v1/calls/events", json={**base, "event": event, "at": at(second)}).status_code == 202
    running = client.get("/api/v1/calls/c-1").get_json()
    assert running["holds"] == [{"started_at": at(10), "ended_at": None, "seconds": None}]
    assert running["queue_wait_seconds"] is None  # nobody reported the ringing
    client.post("/api/v1/calls/events", json={**base, "event": "hangup", "at": at(100)})
    assert client.get("/api/v1/calls/c-1").get_json()["holds"] == [
        {"started_at": at(10), "ended_at": at(100), "seconds": 90}]


def test_an_ambiguous_number_lists_every_candidate_and_guesses_none(app, api, make_user, make_customer):
    agent = make_user("agent")
    siti = make_customer("Siti Rahman", phones=["012-345 6789"])
    aino = make_customer("Aino Korhonen", phones=["+358 12 345 6789"])
    # Read in Malaysia or in Finland, 0123456789 is either customer's number.
    api(agent).post("/api/v1/calls/events", json={"call_id": "c-2", "event": "ringing", "at": at(0),
                                                  "from": "0123456789"})
    call = api(agent).get("/api/v1/calls/c-2").get_json()
    assert call["customer"] is None
    assert {c["id"] for c in call["candidates"]} == {siti.id, aino.id}


def test_bad_events_answer_422_with_every_reason_and_never_500(app, api, make_user):
    client = api(make_user("agent"))
    response = client.post("/api/v1/calls/events", json={"event": "dance", "at": "yesterday", "colour": "red",
                                                         "direction": "sideways"})
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"colour"} <= set(fields)
    # A NUL character is refused before the body is read (crm/inputs.py), naming its field.
    response = client.post("/api/v1/calls/events", json={"call_id": "c-9", "event": "ringing", "at": at(0),
                                                         "from": "\x00"})
    assert response.status_code == 422 and "from" in response.get_json()["error"]["fields"]
    response = client.post("/api/v1/calls/events", json={"event": "dance", "at": "yesterday",
                                                         "direction": "sideways"})
    assert set(response.get_json()["error"]["fields"]) == {"call_id", "event", "at", "direction"}
    no_transfer = client.post("/api/v1/calls/events", json={"call_id": "x", "event": "transfer", "at": at(0)})
    assert no_transfer.status_code == 422 and "transfer" in no_transfer.get_json()["error"]["fields"]
    future = (datetime.now(timezone.utc) + timedelta(hours=1)).isoformat()
    assert client.post("/api/v1/calls/events", json={"call_id": "x", "event": "hold", "at": future}).status_code == 422
    assert client.post("/api/v1/calls/events", json={"call_id": "x", "event": "hold", "at": "2026-11-20T09:00:00"}
                       ).get_json()["error"]["fields"]["at"]
    assert client.post("/api/v1/calls/events", data="[", content_type="application/json").status_code == 400
    assert client.get("/api/v1/calls/" + "x" * 500).status_code == 404


def test_agents_send_their_own_calls_only_and_departments_none(app, api, make_user):
    agent, other = make_user("agent"), make_user("agent")
    event = {"call_id": "c-9", "event": "answered", "at": at(0)}
    assert api(agent).post("/api/v1/calls/events", json={**event, "agent": other.email}).status_code == 403
    assert api(agent).post("/api/v1/calls/events", json=event).status_code == 202  # their own softphone
    assert api(other).post("/api/v1/calls/events", json={**event, "event": "hold", "at": at(5)}).status_code == 403
    assert api(other).get("/api/v1/calls/c-9").status_code == 403
    assert api(make_user("department")).post("/api/v1/calls/events", json=event).status_code == 403
    lead = make_user("lead", team="Alpha")
    assert api(lead).get("/api/v1/calls/c-9").status_code == 200  # the agent's team lead
    assert api(make_user("lead", team="Beta")).get("/api/v1/calls/c-9").status_code == 403
    assert api(agent).get("/api/v1/calls/nope").status_code == 404


def test_an_integration_is_admin_created_token_only_and_sends_events_and_looks_up_nothing_else(
        app, client, api, make_user, make_customer, runner):
    admin = api(make_user("admin"))
    refused = admin.post("/api/v1/users", json={"email": "pbx@example.com", "role": "integration",
                                                "password": "a long password"})
    assert refused.status_code == 422 and "password" in refused.get_json()["error"]["fields"]
    created = admin.post("/api/v1/users", json={"email": "pbx@example.com", "name": "PBX", "role": "integration"})
    assert created.status_code == 201
    token = created.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    customer = make_customer("Aino Korhonen", phones=["+358 40 123 4567"])
    assert client.get("/api/v1/lookup?phone=%2B358401234567", headers=headers).status_code == 200
    assert client.post("/api/v1/calls/events", headers=headers, json={
        "call_id": "c-1", "event": "ringing", "at": at(0), "from": "+358 40 123 4567"}).status_code == 202
    assert client.get("/api/v1/calls/c-1", headers=headers).get_json()["customer"]["id"] == customer.id
    for method, path in (("get", f"/api/v1/customers/{customer.id}"), ("get", "/api/v1/customers?q=aino"),
                         ("post", "/api/v1/interactions"), ("get", "/api/v1/findings"),
                         ("get", "/api/v1/users"), ("get", f"/api/v1/customers/{customer.id}/interactions")):
        response = getattr(client, method)(path, headers=headers, json={} if method == "post" else None)
        assert response.status_code == 403, (method, path)
    # No password, so no web session: the login form refuses it like any wrong password.
    assert client.post("/login", data={"email": "pbx@example.com", "password": "a long password"}).status_code == 422
    assert client.get("/desk").status_code == 302
    result = runner.invoke(args=["users", "create", "phones@example.com", "--role", "integration"])
    assert result.exit_code == 0, result.output
    assert "Its API token (shown once): crm_" in result.output


def log_call(client, customer_id, call_id, **fields):
    return client.post("/api/v1/interactions", json={
        "customer_id": customer_id, "call_id": call_id, "summary": "Asked about the refund of the parcel",
        "outcome": "resolved", "transcript": "Agent: Thank you for calling.", **fields})


def test_logging_from_a_call_judges_the_measured_hold_and_keeps_a_disagreeing_typed_one(
        app, api, make_user, make_customer):
    agent = make_user("agent", email="aminah@example.com")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    client = api(agent)
    for event in call_events("pbx-7", agent.email):
        assert client.post("/api/v1/calls/events", json=event).status_code == 202
    # The agent types a 30 s hold with an apology; the phone system measured 75 s.
    response = log_call(client, customer.id, "pbx-7", holds=[{"seconds": 30, "apologized": False}],
                        queue_wait_seconds=8)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["interaction"]["holds"] == [{"seconds": 75, "apologized": False}]
    assert body["interaction"]["queue_wait_seconds"] == 8
    assert body["interaction"]["transfers"] == [{"type": "cold", "to": "billing"}]
    assert body["interaction"]["started_at"] == at(8) and body["interaction"]["ended_at"] == at(130)
    findings = {f["standard"]: f for f in body["findings"]}
    assert {"hold.max_duration", "hold.apology", "transfer.warm"} <= set(findings)
    for code in ("hold.max_duration", "hold.apology"):
        assert findings[code]["evidence"]["measured"] is True
        assert findings[code]["evidence"]["typed"] == {"holds": [{"seconds": 30, "apologized": False}]}
    assert findings["hold.max_duration"]["evidence"]["holds"] == [{"index": 1, "seconds": 75}]
    assert findings["transfer.warm"]["evidence"]["measured"] is True
    assert "typed" not in findings["transfer.warm"]["evidence"]  # nothing typed, nothing disagreed
    assert "queue.max_wait" not in findings  # 8 s is within the minute
    assert client.get("/api/v1/calls/pbx-7").get_json()["interaction_id"] == body["interaction"]["id"]
    again = log_call(client, customer.id, "pbx-7")
    assert again.status_code == 409 and again.get_json()["error"]["existing_id"] == body["interaction"]["id"]


def test_a_hold_the_agent_marked_apologised_on_the_desk_is_not_flagged(app, api, client, auth, make_user,
                                                                        make_customer):
    agent = make_user("agent")
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    now = datetime.now(timezone.utc) - timedelta(minutes=5)
    events = [("answered", 0), ("hold", 10)]
    for event, second in events:
        api(agent).post("/api/v1/calls/events", json={"call_id": "c-5", "event": event, "from": "603 123 456",
                                                      "at": (now + timedelta(seconds=second)).isoformat()})
    auth.login(agent)
    assert client.post("/desk/calls/c-5/apology").status_code == 302
    api(agent).post("/api/v1/calls/events", json={"call_id": "c-5", "event": "hangup",
                                                  "at": (now + timedelta(seconds=40)).isoformat()})
    body = log_call(api(agent), customer.id, "c-5").get_json()
    assert body["interaction"]["holds"] == [{"seconds": 30, "apologized": True}]
    assert "hold.apology" not in {f["standard"] for f in body["findings"]}


def test_logging_a_call_that_is_not_yours_or_unknown_is_refused(app, api, make_user, make_customer):
    agent, other = make_user("agent"), make_user("agent")
    customer = make_customer()
    api(agent).post("/api/v1/calls/events", json={"call_id": "c-6", "event": "answered", "at": at(0)})
    assert log_call(api(other), customer.id, "c-6").get_json()["error"]["fields"]["call_id"]
    assert log_call(api(agent), customer.id, "nope").status_code == 422
    assert log_call(api(agent), customer.id, "c-6", channel="email").get_json()["error"]["fields"]["channel"]


def test_the_simulator_plays_a_call_against_a_running_server(app, live_server, make_user, make_customer,
                                                              token_for):
    from crm.simulator import simulate

    agent = make_user("agent", email="agent@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    lines = []
    call = simulate(live_server, token_for(make_user("integration", password=None)), "+60 12-345 6789", agent.email,
                    hold=1000, speed=1000, call_id="sim-1", transfer_to="billing", echo=lines.append)
    # each time says its zone (UTC unless asked for another)
    assert [line.split("  ")[1].split()[0] for line in lines] == [
        "ringing", "answered", "hold", "unhold", "transfer", "hangup"]
    assert all(re.fullmatch(r"\d\d:\d\d:\d\d UTC", line.split("  ")[0]) for line in lines)
    assert call["customer"]["name"] == "Siti Nurhaliza" and call["agent"]["id"] == agent.id
    # measured as played, 1000 times faster: what the desk's live timer counted is what is stored
    assert call["queue_wait_seconds"] == 0
    assert [h["seconds"] for h in call["holds"]] == [1]
    assert [t["type"] for t in call["transfers"]] == ["cold"]
    assert datetime.fromisoformat(call["ended_at"]) <= datetime.now(timezone.utc)


def test_the_calls_json_matches_the_openapi_document(app, client, api, make_user, make_customer):
    from test_api_openapi import conforms, resolve

    spec = client.get("/api/v1/openapi.json").get_json()
    agent = make_user("agent", email="aminah@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    for event in call_events("pbx-1", agent.email):
        response = api(agent).post("/api/v1/calls/events", json=event)
        schema = spec["paths"]["/api/v1/calls/events"]["post"]["responses"]["202"]
        assert conforms(spec, response.get_json(), resolve(spec, schema)["content"]["application/json"]["schema"]) == []
    response = api(agent).get("/api/v1/calls/pbx-1")
    schema = spec["paths"]["/api/v1/calls/{call_id}"]["get"]["responses"]["200"]
    assert conforms(spec, response.get_json(), resolve(spec, schema)["content"]["application/json"]["schema"]) == []
    admin = api(make_user("admin"))
    created = admin.post("/api/v1/users", json={"email": "pbx@example.com", "role": "integration"})
    schema = spec["paths"]["/api/v1/users"]["post"]["responses"]["201"]
    assert conforms(spec, created.get_json(), resolve(spec, schema)["content"]["application/json"]["schema"]) == []


CALL_ROUTES = {  # role: (send an event, read another agent's call, screen-pop lookup)
    "agent": (202, 403, 200),
    "lead": (202, 403, 200),  # a lead of another team
    "department": (403, 403, 403),
    "admin": (202, 200, 200),
    "integration": (202, 200, 200),
}


@pytest.mark.parametrize("role", sorted(CALL_ROUTES))
def test_who_may_send_events_read_calls_and_look_callers_up(app, api, make_user, make_customer, role):
    from crm.models import ROLES

    assert set(CALL_ROUTES) == set(ROLES)
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    owner = make_user("agent", team="Alpha")
    api(owner).post("/api/v1/calls/events", json={"call_id": "theirs", "event": "answered", "at": at(0)})
    user = make_user(role, team="Beta", password=None if role == "integration" else "correct horse battery")
    send, read, lookup = CALL_ROUTES[role]
    client = api(user)
    assert client.post("/api/v1/calls/events", json={"call_id": "mine", "event": "ringing", "at": at(0)}
                       ).status_code == send
    assert client.get("/api/v1/calls/theirs").status_code == read
    assert client.get("/api/v1/lookup?phone=0123456789").status_code == lookup


def test_the_simulator_stamps_each_event_when_it_is_sent_so_the_desk_timer_counts_what_is_measured():
    from crm.simulator import script, stamps

    start = datetime(2026, 12, 6, 9, 0, tzinfo=timezone.utc)
    steps = script(hold=75)
    at = dict(zip([s.event for s in steps], stamps(steps, start, speed=3)))
    assert at["ringing"] == start  # not set back: the hold timer does not start already advanced
    assert (at["unhold"] - at["hold"]).total_seconds() == 25  # 75 s played 3 times faster
    assert at["hangup"] == start + timedelta(seconds=steps[-1].second / 3)


def test_crm_calls_simulate_reports_the_measured_call_and_says_why_it_fails(
        app, live_server, runner, make_user, make_customer, token_for):
    from crm.services.accounts import set_timezone

    agent = set_timezone(make_user("agent", email="agent@example.com"), "Asia/Kuala_Lumpur")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    result = runner.invoke(args=["calls", "simulate", "--url", live_server, "--token", token_for(agent),
                                 "--hold", "2000", "--speed", "1000", "--call-id", "sim-2"])
    assert result.exit_code == 0, result.output
    # the times are on the agent's clock, and say so
    assert "(times in Asia/Kuala_Lumpur, the token's user's zone)" in result.output
    assert re.search(r"^\d\d:\d\d:\d\d UTC\+08:00  ringing$", result.output, re.M)
    assert ("Measured: queue wait 0 s, holds 2 s, 1 transfer(s); caller: Siti Nurhaliza." in result.output)
    refused = runner.invoke(args=["calls", "simulate", "--url", live_server, "--token", "crm_wrong", "--speed", "1000"])
    assert refused.exit_code == 1 and "answered 401" in refused.output


def test_a_plugins_own_hold_standard_gets_measured_evidence_and_drives_the_hold_timer(
        app, api, make_user, make_customer):
    from crm.services import calls
    from crm.services.policy import RuleInput, create_version
    from crm.standards.base import Departure, Param, Standard, hookimpl

    def check(facts, params, ctx):
        total = sum(hold.seconds for hold in facts.holds)
        if total > params["max_total"]:
            return [Departure(f"On hold {total} s in all.", {"holds": total})]
        return []

    class TotalHold:
        @hookimpl
        def crm_standards(self):
            return [Standard("custom.total_hold", "Little hold in all", "…", "house rule", "interaction", check,
                             (Param("max_total", int, 30, "seconds"),), live={"hold_seconds": "max_total"})]

    app.extensions["crm.plugins"].register(TotalHold())
    app.extensions.pop("crm.standards_cache", None)
    # In force since before the call, which the policy of its own time judges.
    create_version([RuleInput("custom.total_hold", {"max_total": 30})], SYSTEM,
                   effective_from=datetime(2020, 1, 1, tzinfo=timezone.utc), allow_past=True)
    agent = make_user("agent", email="aminah@example.com")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    assert calls.hold_policy(agent).limit == 30
    for event in call_events("pbx-8", agent.email):
        api(agent).post("/api/v1/calls/events", json=event)
    findings = log_call(api(agent), customer.id, "pbx-8").get_json()["findings"]
    assert [(f["standard"], f["evidence"]) for f in findings] == [
        ("custom.total_hold", {"holds": 75, "measured": True})]


def test_events_of_one_call_sent_at_once_and_twice_are_each_kept_once(app, live_server, make_user, make_customer,
                                                                     token_for):
    from concurrent.futures import ThreadPoolExecutor

    agent = make_user("agent", email="aminah@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    token = token_for(make_user("integration", password=None))
    events = call_events("pbx-race", agent.email) * 2
    with ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda e: http(live_server, token, "POST", "/api/v1/calls/events", e)[0], events))
    assert statuses == [202] * len(events)
    from crm.extensions import db
    from crm.models import Call
    from sqlalchemy import select

    db.session.expire_all()
    assert len(db.session.scalar(select(Call).where(Call.call_id == "pbx-race")).events) == 6
    status, call = http(live_server, token, "GET", "/api/v1/calls/pbx-race")
    assert call["queue_wait_seconds"] == 8 and [h["seconds"] for h in call["holds"]] == [75]
