"""Every refused field says why in the words of the rest of the API (API.md's error JSON): a length
bound names characters or items, never pydantic's own sentence, and the fields a client may send are
named as the client sends them."""
import pytest

EVENT = {"call_id": "pbx-1", "event": "ringing", "at": "2026-03-02T17:00:00+08:00", "direction": "inbound",
         "from": "+60 12-345 6789"}


def reasons(response, field):
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    return error["fields"][field]


def test_a_case_subject_too_long_is_refused_in_characters(as_agent, customer):
    response = as_agent.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "x" * 201})
    assert reasons(response, "subject") == ["must be at most 200 characters"]


def test_a_call_id_too_long_is_refused_in_characters(as_agent):
    response = as_agent.post("/api/v1/calls/events", json={**EVENT, "call_id": "c" * 121})
    assert reasons(response, "call_id") == ["must be at most 120 characters"]


def test_an_unknown_key_of_a_call_event_lists_the_keys_as_a_client_sends_them(as_agent):
    [reason] = reasons(as_agent.post("/api/v1/calls/events", json={**EVENT, "caller": "x"}), "caller")
    allowed = reason.split("expected one of ")[1].rstrip(")").split(", ")
    assert "from" in allowed and "from_" not in allowed


def test_a_policy_version_without_rules_is_refused_as_empty(as_admin):
    response = as_admin.post("/api/v1/policy/versions", json={"rules": []})
    assert reasons(response, "rules") == ["must not be empty"]


@pytest.mark.parametrize("password", ["short", "123456789"])
def test_a_short_password_is_refused_for_its_length_not_as_missing(as_admin, password):
    response = as_admin.post("/api/v1/users", json={"email": "new.agent@example.com", "name": "New Agent",
                                                    "role": "admin", "password": password})
    assert reasons(response, "password") == ["must be at least 10 characters"]


def test_a_report_period_in_another_date_format_names_the_format_not_a_pattern(as_admin):
    response = as_admin.get("/api/v1/reports/compliance?from=01/11/2026")
    assert reasons(response, "from") == ["must be a date (YYYY-MM-DD) or an ISO 8601 time"]


def test_a_json_body_sent_as_another_content_type_is_told_to_send_json(as_agent):
    response = as_agent.post("/api/v1/customers", data='{"name": "Siti"}', content_type="text/plain")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "bad_request"
    assert "Content-Type: application/json" in error["message"]
