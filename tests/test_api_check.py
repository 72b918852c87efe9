"""Checking a contact before saving it, and asking for feedback suggestions, through the API."""
import pytest

from crm.extensions import db
from crm.models import Finding, Interaction

CALL = {"channel": "phone", "direction": "inbound", "started_at": "2026-03-02T17:00:00+08:00",
        "ended_at": "2026-03-02T17:06:00+08:00", "summary": "Kettle leaks; customer upset about the wait.",
        "outcome": "resolved"}
TRANSCRIPT = ("Agent: Good morning, Brightline, Sam speaking.\n"
              "Customer: My kettle leaks from the bottom and I've waited twenty minutes!\n"
              "Agent: Calm down, that's not my problem. Hold on.\n"
              "[hold 1:30]\n"
              "Agent: Right, a replacement goes out tomorrow.")


@pytest.fixture
def customer(make_customer):
    return make_customer("Jana Nováková", phones=["+420 601 123 456"])


def test_the_check_answers_what_logging_would_and_stores_nothing(app, as_agent, customer):
    body = {"customer_id": customer.id, **CALL, "transcript": TRANSCRIPT, "holds": [{"seconds": 90}]}

    checked = as_agent.post("/api/v1/interactions/check", json=body)

    assert checked.status_code == 200, checked.get_data(as_text=True)
    answer = checked.get_json()
    with app.app_context():
        assert db.session.query(Interaction).count() == 0
        assert db.session.query(Finding).count() == 0
    logged = as_agent.post("/api/v1/interactions", json=body).get_json()
    keys = ("standard", "mode", "severity", "message", "evidence", "policy_version", "status")
    assert [{k: f[k] for k in keys} for f in answer["findings"]] == \
        [{k: f[k] for k in keys} for f in logged["findings"]]
    flagged = {f["standard"]: f for f in answer["findings"]}
    assert {"courtesy.positive_language", "courtesy.thanks", "hold.apology"} <= set(flagged)
    assert "judged as English" in flagged["courtesy.positive_language"]["message"]
    assert flagged["courtesy.positive_language"]["evidence"]["matched"][0]["turn"] == 3
    assert answer["language"]["transcript"] == "en"
    assert [t["speaker"] for t in answer["language"]["turns"]] == ["agent", "customer", "agent", "event", "agent"]
    [suggestion] = answer["feedback_suggestions"]
    assert suggestion["category"] == "product"
    assert suggestion["evidence"] == "My kettle leaks from the bottom and I've waited twenty minutes!"


def test_the_check_refuses_bad_input_with_every_reason(as_agent, customer):
    response = as_agent.post("/api/v1/interactions/check",
                             json={"customer_id": customer.id, "channel": "fax", "holds": "long", "typo": 1})
    assert response.status_code == 422
    assert {"channel", "holds", "typo"} <= set(response.get_json()["error"]["fields"])


def test_suggestions_come_from_the_customer_with_their_sentence(as_agent):
    transcript = ("Agent: I'll transfer you to billing after this.\n"
                  "Customer: The box arrived crushed. They refunded the postage, fine.\n"
                  "Customer: And the battery drains in an hour.")
    response = as_agent.post("/api/v1/feedback/suggest", json={"summary": "", "transcript": transcript})
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(i["category"], i["evidence"]) for i in items] == [
        ("packaging", "The box arrived crushed."),
        ("product", "And the battery drains in an hour."),
    ]
    assert all(0 < i["confidence"] <= 1 and i["department"] for i in items)


def test_an_issue_in_the_summary_and_the_transcript_is_one_item(as_agent):
    response = as_agent.post("/api/v1/feedback/suggest", json={
        "summary": "Customer says the kettle overheats; refund issued.",
        "transcript": "Agent: How can I help?\nCustomer: My kettle overheats every time.",
        "language": "en"})
    [item] = response.get_json()["items"]
    assert item["category"] == "product"
    assert item["evidence"] == "My kettle overheats every time."


def test_a_suggestion_names_the_product_the_customer_names(as_agent):
    response = as_agent.post("/api/v1/feedback/suggest", json={
        "summary": "",
        "transcript": "Agent: How can I help?\nCustomer: My Kettlo 1.7L kettle overheats, the handle burns.\n"
                      "Customer: And the box was soaked, nothing else wrong with it.",
        "language": "en"})
    items = response.get_json()["items"]
    # The soaked box is the kettle's box: its packaging item is about the same product, as the
    # held-out writers label packaging items.
    assert [(i["category"], i["product"]) for i in items] == [("product", "Kettlo 1.7L kettle"),
                                                              ("packaging", "Kettlo 1.7L kettle")]


def test_no_product_is_made_up_when_none_is_named(as_agent):
    response = as_agent.post("/api/v1/feedback/suggest", json={
        "summary": "", "transcript": "Agent: Hello\nCustomer: I was charged twice this month.", "language": "en"})
    [item] = response.get_json()["items"]
    assert item["category"] == "billing" and item["product"] is None


@pytest.mark.parametrize("body", [[], {"summary": 5}, {"transcript": "a\x00b"}, {"colour": "red"}])
def test_suggest_refuses_bad_input_without_a_500(as_agent, body):
    response = as_agent.post("/api/v1/feedback/suggest", json=body)
    assert response.status_code in (400, 422)
    assert "error" in response.get_json()


def test_suggest_refuses_a_language_logging_would_refuse(as_agent):
    refused = as_agent.post("/api/v1/feedback/suggest", json={"summary": "x", "transcript": "y", "language": "xx"})
    assert refused.status_code == 422 and list(refused.get_json()["error"]["fields"]) == ["language"]
    assert as_agent.post("/api/v1/feedback/suggest", json={"summary": "x", "language": "ms-MY"}).status_code == 200
