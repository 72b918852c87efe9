"""The interaction API: logging a contact answers with every finding of the policy in force."""
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.services.interactions import InteractionInput
from crm.services.policy import RuleInput, create_version
from crm.services.access import SYSTEM

INTERACTION_KEYS = [f for f in InteractionInput.model_fields if f != "customer_id"] + ["typo"]
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["2026-03-02T09:00:00+08:00", "0001-01-01T00:00:00+01:00", "phone", "warm", "product",
                       "hold.apology", "12.50", "99999999999"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["seconds", "apologized", "type", "to", "category", "text", "product", "hold.apology"])
        | st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)

CALL = {"channel": "phone", "direction": "inbound", "started_at": "2026-03-02T17:00:00+08:00",
        "ended_at": "2026-03-02T17:06:00+08:00", "summary": "Asked about the invoice; explained the charges.",
        "outcome": "resolved"}


@pytest.fixture
def customer(make_customer):
    return make_customer("Siti Rahman", phones=["+60 12-345 6789"])


def post(client, customer, **fields):
    return client.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL, **fields})


def by_standard(findings):
    return {f["standard"]: f for f in findings}


def assert_invalid(response, *fields):
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    for name in fields:
        assert name in error["fields"], (name, error["fields"])
    return error


def test_a_long_hold_without_apology_gives_both_hold_findings(as_agent, customer, agent):
    response = post(as_agent, customer, holds=[{"seconds": 90, "apologized": False}])
    assert response.status_code == 201
    body = response.get_json()
    findings = by_standard(body["findings"])
    assert {"hold.max_duration", "hold.apology"} <= set(findings)
    long_hold = findings["hold.max_duration"]
    assert long_hold["mode"] == "enforce" and long_hold["status"] == "open"
    assert long_hold["policy_version"] == 1
    assert long_hold["severity"] and long_hold["message"]
    assert long_hold["interaction_id"] == body["interaction"]["id"]
    assert long_hold["agent_id"] == agent.id
    assert response.headers["Location"].endswith(f"/api/v1/interactions/{body['interaction']['id']}")


def test_the_interaction_is_echoed_as_stored(as_agent, customer, agent):
    body = post(as_agent, customer, holds=[{"seconds": 30, "apologized": True}],
                transfers=[{"type": "warm", "to": "billing"}], queue_wait_seconds=42, language="MS",
                amount="120.5", transcript="Agent: Hello").get_json()["interaction"]
    assert body["customer_id"] == customer.id
    assert body["agent"] == {"id": agent.id, "name": agent.name}
    assert body["team"]["name"] == "Alpha"
    assert body["started_at"] == "2026-03-02T09:00:00+00:00"  # stored, and answered, in UTC
    assert body["ended_at"] == "2026-03-02T09:06:00+00:00"
    assert body["holds"] == [{"seconds": 30, "apologized": True}]
    assert body["transfers"] == [{"type": "warm", "to": "billing"}]
    assert body["queue_wait_seconds"] == 42
    assert body["language"] == "ms"
    assert body["amount"] == "120.50"
    assert body["outcome"] == "resolved"
    assert body["policy_version"] == 1
    assert body["follow_up_done_at"] is None
    assert body["case_id"] is None and body["approved_by"] is None


def test_a_hold_within_the_limit_and_apologised_gives_no_hold_findings(as_agent, customer):
    findings = post(as_agent, customer, holds=[{"seconds": 45, "apologized": True}]).get_json()["findings"]
    assert not {"hold.max_duration", "hold.apology"} & set(by_standard(findings))


def test_a_justification_makes_that_finding_justified(as_agent, customer):
    body = post(as_agent, customer, holds=[{"seconds": 90, "apologized": True}],
                justifications={"hold.max_duration": "The billing system was down."}).get_json()
    finding = by_standard(body["findings"])["hold.max_duration"]
    assert finding["status"] == "justified"
    assert finding["justification"] == "The billing system was down."
    assert body["interaction"]["justifications"] == {"hold.max_duration": "The billing system was down."}


def test_pilot_findings_are_listed_beside_enforced_ones(as_agent, customer):
    create_version([RuleInput("hold.max_duration", {"max_seconds": 60}, mode="pilot"),
                    RuleInput("hold.apology", mode="enforce")], SYSTEM, note="Pilot the hold limit",
                   effective_from=datetime(2020, 1, 1, tzinfo=timezone.utc), allow_past=True)
    findings = by_standard(post(as_agent, customer, holds=[{"seconds": 90}]).get_json()["findings"])
    assert findings["hold.max_duration"]["mode"] == "pilot"
    assert findings["hold.apology"]["mode"] == "enforce"
    assert {f["policy_version"] for f in findings.values()} == {2}


def test_the_interaction_reads_back_with_its_findings_and_feedback(as_agent, customer):
    created = post(as_agent, customer, holds=[{"seconds": 90}],
                   feedback=[{"category": "packaging", "text": "The box arrived crushed.", "product": "Kettle"}]
                   ).get_json()
    assert [(f["category"], f["text"], f["product"]) for f in created["feedback"]] == [
        ("packaging", "The box arrived crushed.", "Kettle")]
    response = as_agent.get(f"/api/v1/interactions/{created['interaction']['id']}")
    assert response.status_code == 200
    body = response.get_json()
    assert body["interaction"] == created["interaction"]
    assert [f["id"] for f in body["findings"]] == [f["id"] for f in created["findings"]]
    assert body["feedback"] == created["feedback"]


def test_logged_contacts_show_in_the_history_newest_first(as_agent, customer):
    for hour in (9, 11, 10):
        post(as_agent, customer, started_at=f"2026-03-02T{hour:02}:00:00Z", ended_at=None)
    items = as_agent.get(f"/api/v1/customers/{customer.id}/interactions").get_json()["items"]
    assert [ix["started_at"][11:13] for ix in items] == ["11", "10", "09"]


def test_a_promised_follow_up_opens_a_case_shown_at_lookup(as_agent, customer):
    due = (datetime.now(timezone.utc) + timedelta(days=1)).replace(microsecond=0)
    body = post(as_agent, customer, outcome="follow_up", follow_up_due=due.isoformat()).get_json()
    assert body["interaction"]["case_id"] is not None
    pop = as_agent.get("/api/v1/lookup?phone=0123456789").get_json()
    assert [c["id"] for c in pop["open_cases"]] == [body["interaction"]["case_id"]]
    assert [ix["id"] for ix in pop["open_follow_ups"]] == [body["interaction"]["id"]]


def test_a_follow_up_due_on_a_day_is_due_at_the_end_of_that_day_in_the_organisations_zone(app, as_agent, customer):
    app.config["CRM_TIMEZONE"] = "Asia/Kuala_Lumpur"
    body = post(as_agent, customer, outcome="follow_up", follow_up_due="2030-11-30").get_json()
    assert body["interaction"]["follow_up_due"] == "2030-11-30T15:59:59+00:00"  # 23:59:59 at UTC+8


@pytest.mark.parametrize("zone, day, reason", [
    ("UTC", "2030-02-30", "must be a date, YYYY-MM-DD"),
    # a day the CRM cannot use (crm/constraints.py FIRST_DAY..LAST_DAY), whatever the zone
    ("America/New_York", "9999-12-31", "is out of range"), ("Pacific/Kiritimati", "0001-01-01", "is out of range"),
])
def test_a_follow_up_day_that_cannot_be_read_is_refused_by_name(app, as_agent, customer, zone, day, reason):
    app.config["CRM_TIMEZONE"] = zone
    error = assert_invalid(post(as_agent, customer, outcome="follow_up", follow_up_due=day), "follow_up_due")
    assert error["fields"]["follow_up_due"] == [reason]


def test_unknown_keys_are_refused_by_name(as_agent, customer):
    error = assert_invalid(post(as_agent, customer, hold=[{"seconds": 90}], sumary="typo"), "hold", "sumary")
    assert "customer_id" not in error["fields"]


def test_every_field_error_is_reported_at_once(as_agent, customer):
    response = post(as_agent, customer, channel="pigeon", direction="sideways", holds="long",
                    started_at="yesterday", outcome="great", queue_wait_seconds="a while", amount=-5,
                    justifications={"no.such.standard": "because"}, language="x" * 20)
    assert_invalid(response, "channel", "direction", "holds", "started_at", "outcome", "queue_wait_seconds",
                   "amount", "justifications", "language")


@pytest.mark.parametrize("fields, field", [
    ({"customer_id": "abc"}, "customer_id"),
    ({"customer_id": None}, "customer_id"),
    ({"customer_id": [1]}, "customer_id"),
    ({"customer_id": 10**12}, "customer_id"),
    ({"customer_id": 2**31}, "customer_id"),
    ({"customer_id": True}, "customer_id"),
    ({"queue_wait_seconds": "abc"}, "queue_wait_seconds"),
    ({"queue_wait_seconds": 10**12}, "queue_wait_seconds"),
    ({"queue_wait_seconds": -1}, "queue_wait_seconds"),
    ({"queue_wait_seconds": float("inf")}, "queue_wait_seconds"),
    ({"holds": [{"seconds": "ninety"}]}, "holds[0].seconds"),
    ({"holds": [{"seconds": float("nan")}]}, "holds[0].seconds"),
    ({"holds": [{"seconds": 10**30}]}, "holds[0].seconds"),
    ({"holds": [{"seconds": 90, "apologized": "yes"}]}, "holds[0].apologized"),
    ({"holds": ["90"]}, "holds"),
    ({"transfers": [{"type": "lukewarm"}]}, "transfers[0].type"),
    ({"transfers": {"type": "warm"}}, "transfers"),
    ({"amount": "lots"}, "amount"),
    ({"amount": 10**11}, "amount"),
    ({"amount": [1]}, "amount"),
    ({"case_id": 10**12}, "case_id"),
    ({"case_id": "x"}, "case_id"),
    ({"approved_by": 10**12}, "approved_by"),
    ({"approved_by": "99999999999"}, "approved_by"),
    ({"approved_by": {"id": 1}}, "approved_by"),
    ({"approved_by": "nobody@example.com"}, "approved_by"),
    ({"started_at": 20260302}, "started_at"),
    ({"started_at": "0001-01-01T00:00:00+01:00"}, "started_at"),
    ({"follow_up_due": "9999-12-31T23:00:00-05:00"}, "follow_up_due"),
    ({"summary": ["a", "b"]}, "summary"),
    ({"language": 7}, "language"),
    ({"justifications": ["hold.apology"]}, "justifications"),
    ({"justifications": {"hold.apology": 5}}, "justifications"),
    ({"feedback": [{"category": "product", "text": "x", "product": "p" * 201}]}, "feedback[0].product"),
    ({"feedback": [{"category": "food", "text": ""}]}, "feedback[0].category"),
    ({"feedback": "great"}, "feedback"),
    ({"summary": "Refund\x00"}, "summary"),
    ({"transfers": [{"type": "warm", "to": "\x00"}]}, "transfers[0].to"),
])
def test_garbage_is_422_not_500(as_agent, customer, fields, field):
    assert_invalid(post(as_agent, customer, **fields), field)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(INTERACTION_KEYS), JSON_VALUES, max_size=8))
def test_no_body_makes_a_500(as_agent, customer, fields):
    response = as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **fields})
    assert response.status_code in (201, 404, 422), response.get_data(as_text=True)
    assert response.is_json


def test_a_missing_customer_id_is_reported(as_agent):
    assert_invalid(as_agent.post("/api/v1/interactions", json={"channel": "phone"}), "customer_id")


def test_null_lists_mean_none(as_agent, customer):
    response = post(as_agent, customer, holds=None, transfers=None, feedback=None, justifications=None)
    assert response.status_code == 201
    assert response.get_json()["interaction"]["holds"] == []


@pytest.mark.parametrize("kwargs", [{"data": "holds: 90", "content_type": "application/json"},
                                    {"json": [{"customer_id": 1}]}, {"json": 5}])
def test_a_body_that_is_not_a_json_object_is_400(as_agent, kwargs):
    response = as_agent.post("/api/v1/interactions", **kwargs)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_an_unknown_customer_is_404(as_agent):
    response = as_agent.post("/api/v1/interactions", json={**CALL, "customer_id": 4242})
    assert response.status_code == 404
    assert response.get_json()["error"]["fields"] == {"customer_id": ["no such customer"]}


def test_a_case_of_another_customer_is_refused(as_agent, customer, make_customer):
    other = make_customer("Aino Korhonen")
    case_id = post(as_agent, other, outcome="follow_up").get_json()["interaction"]["case_id"]
    assert_invalid(post(as_agent, customer, case_id=case_id), "case_id")


@pytest.mark.parametrize("path", ["/api/v1/interactions/4242", "/api/v1/interactions/x",
                                  "/api/v1/interactions/99999999999999"])
def test_an_unknown_interaction_is_a_json_404(as_agent, path):
    response = as_agent.get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_department_members_may_neither_log_nor_read_interactions(api, make_user, as_agent, customer):
    created = post(as_agent, customer).get_json()["interaction"]
    member = api(make_user("department"))
    for response in (post(member, customer), member.post("/api/v1/interactions", json={"customer_id": "x"}),
                     member.get(f"/api/v1/interactions/{created['id']}")):
        assert response.status_code == 403
        assert response.get_json()["error"]["code"] == "forbidden"


def test_logging_needs_a_token(client, customer):
    response = client.post("/api/v1/interactions", json={"customer_id": customer.id})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_retried_post_with_the_same_idempotency_key_logs_the_contact_once(api, make_user, make_customer):
    from sqlalchemy import func, select

    from crm.extensions import db
    from crm.models import Interaction

    agent, other = make_user("agent"), make_user("agent")
    customer = make_customer()
    body = {"customer_id": customer.id, "summary": "Asked about the delivery of the order",
            "holds": [{"seconds": 90, "apologized": False}], "outcome": "resolved"}
    first = api(agent).post("/api/v1/interactions", json=body, headers={"Idempotency-Key": "call-7781"})
    again = api(agent).post("/api/v1/interactions", json=body, headers={"Idempotency-Key": "call-7781"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 1
    # the key is the client's own: another agent's request with the same key is another contact
    assert api(other).post("/api/v1/interactions", json=body,
                           headers={"Idempotency-Key": "call-7781"}).status_code == 201
    too_long = api(agent).post("/api/v1/interactions", json=body, headers={"Idempotency-Key": "k" * 101})
    assert too_long.status_code == 422 and "idempotency_key" in too_long.get_json()["error"]["fields"]
    # the same key with another contact is the client's mistake, said as such: nothing is dropped silently
    reused = api(agent).post("/api/v1/interactions", json={**body, "summary": "Another contact entirely"},
                             headers={"Idempotency-Key": "call-7781"})
    assert reused.status_code == 422 and list(reused.get_json()["error"]["fields"]) == ["idempotency_key"]
    reordered = dict(reversed(list(body.items())))
    assert api(agent).post("/api/v1/interactions", json=reordered,
                           headers={"Idempotency-Key": "call-7781"}).status_code == 200


def test_an_unknown_key_inside_a_hold_transfer_or_feedback_item_is_refused_with_its_path(api, make_user,
                                                                                       make_customer):
    """The document says each item takes only its own keys; the server refuses the rest, every one named."""
    agent = api(make_user("agent"))
    customer = make_customer("Siti Rahman")
    response = agent.post("/api/v1/interactions", json={
        "customer_id": customer.id, "summary": "Refund asked about twice",
        "holds": [{"seconds": 30, "apologised": True}],
        "transfers": [{"type": "cold", "to": "billing", "reason": "x"}],
        "feedback": [{"category": "product", "text": "Too loud", "rating": 3}]})
    assert response.status_code == 422, response.get_data(as_text=True)
    fields = response.get_json()["error"]["fields"]
    assert fields["holds[0].apologised"][0].startswith("is not a field of this object (expected one of seconds")
    assert "transfers[1].reason" not in fields and "transfers[0].reason" in fields
    assert "feedback[0].rating" in fields
    assert agent.get(f"/api/v1/customers/{customer.id}/interactions").get_json()["items"] == []


def test_the_answer_with_findings_reads_nothing_once_the_contact_is_committed(app, as_agent, customer):
    """Everything the answer shows (the findings' messages on the agent's clock: their team's zone) is
    read before the write; nothing is asked of the database after the commit."""
    from sqlalchemy import event

    from crm.extensions import db

    as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL})  # token and caches warm
    after_commit = []

    def committed(_connection):
        after_commit.append("COMMIT")

    def executed(_conn, _cursor, statement, *_args):
        if after_commit:
            after_commit.append(statement)

    engine = db.engine
    db.session.commit()
    db.session.expunge_all()  # a request's own session: the agent's team not loaded in it
    event.listen(engine, "commit", committed)
    event.listen(engine, "before_cursor_execute", executed)
    try:
        response = post(as_agent, customer, holds=[{"seconds": 90, "apologized": False}])
    finally:
        event.remove(engine, "commit", committed)
        event.remove(engine, "before_cursor_execute", executed)
    assert response.status_code == 201 and response.get_json()["findings"]
    assert after_commit == ["COMMIT"]


@pytest.mark.parametrize("field, item, most", [
    ("holds", {"seconds": 1, "apologized": True}, 100), ("transfers", {"type": "warm", "to": "billing"}, 20),
    ("feedback", {"category": "other", "text": "The widget item"}, 20)])
def test_a_list_longer_than_its_bound_is_refused_by_name_and_nothing_is_logged(as_agent, customer, field, item,
                                                                              most):
    error = assert_invalid(post(as_agent, customer, **{field: [item] * (most + 1)}), field)
    assert error["fields"][field] == [f"must have at most {most} items"]
    assert as_agent.get(f"/api/v1/customers/{customer.id}/interactions").get_json()["items"] == []
    assert post(as_agent, customer, **{field: [item] * most}).status_code == 201


def test_holds_that_add_up_to_more_than_the_contact_are_refused(as_agent, customer):
    # CALL lasts 6 minutes: no hold alone is longer, all of them together are
    error = assert_invalid(post(as_agent, customer, holds=[{"seconds": 100, "apologized": True}] * 4), "holds")
    assert error["fields"] == {"holds": ["add up to 400 s, longer than the contact (360 s)"]}
    assert post(as_agent, customer, holds=[{"seconds": 90, "apologized": True}] * 4).status_code == 201


def test_times_that_cannot_be_right_are_refused_under_the_field_that_is_wrong(as_agent, customer):
    from datetime import datetime, timedelta, timezone

    ago = lambda **kw: (datetime.now(timezone.utc) - timedelta(**kw)).isoformat()  # noqa: E731
    base = {"customer_id": customer.id, "channel": "phone", "summary": "Asked about a refund."}
    for body, field in (({**base, "ended_at": ago(hours=2)}, "started_at"),
                        ({**base, "started_at": "1900-01-01T00:00:00Z"}, "started_at"),
                        ({**base, "started_at": ago(hours=1), "outcome": "follow_up",
                          "follow_up_due": "2020-01-01"}, "follow_up_due")):
        for path in ("/api/v1/interactions/check", "/api/v1/interactions"):
            refused = as_agent.post(path, json=body)
            assert refused.status_code == 422 and list(refused.get_json()["error"]["fields"]) == [field], body
    assert as_agent.post("/api/v1/interactions", json={**base, "started_at": "2000-01-01T00:00:00Z"}).status_code == 201
