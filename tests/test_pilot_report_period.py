"""The pilot report covers a period: `from` and `to` choose the contacts it compares, read and refused
as the other reports' periods are."""
from datetime import date, datetime, timedelta, timezone

import pytest

from crm.services import policy

NOW = datetime.now(timezone.utc)


def day(days_ago):
    return (NOW - timedelta(days=days_ago)).date().isoformat()


@pytest.fixture
def piloted(api, make_user, make_customer):
    """A 45 s hold pilot on Alpha in force for 20 days; Alpha holds 50 s ten days ago and today, twice."""
    admin = make_user("admin")
    alpha = make_user("agent", team="Alpha")
    policy.create_version(policy.default_rules() + [policy.RuleInput(
        "hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])], admin, note="pilot",
        effective_from=NOW - timedelta(days=20), allow_past=True)
    customer = make_customer()
    for days_ago in (10, 0, 0):
        response = api(alpha).post("/api/v1/interactions", json={
            "customer_id": customer.id, "channel": "phone", "holds": [{"seconds": 50, "apologized": True}],
            "summary": "Asked about the delivery", "outcome": "resolved",
            "started_at": (NOW - timedelta(days=days_ago, minutes=30)).isoformat(),
            "ended_at": (NOW - timedelta(days=days_ago, minutes=20)).isoformat()})
        assert response.status_code == 201, response.get_json()
    return api(admin)


def test_the_period_chooses_the_contacts_the_pilot_report_compares(piloted):
    everything = piloted.get("/api/v1/policy/pilot-report").get_json()
    assert (everything["from"], everything["to"]) == (None, None)
    assert everything["items"][0]["pilot"] == {"checked": 3, "flagged": 3, "rate": 100.0}
    old = piloted.get(f"/api/v1/policy/pilot-report?from={day(12)}&to={day(8)}").get_json()
    assert (old["from"], old["to"]) == (day(12), day(8))
    assert old["items"][0]["pilot"]["checked"] == 1 and old["items"][0]["pilot"]["flagged"] == 1
    recent = piloted.get(f"/api/v1/policy/pilot-report?from={day(1)}").get_json()
    assert recent["items"][0]["pilot"]["checked"] == 2 and recent["items"][0]["pilot"]["flagged"] == 2
    before = piloted.get(f"/api/v1/policy/pilot-report?to={day(15)}").get_json()
    assert before["items"][0]["pilot"] == {"checked": 0, "flagged": 0, "rate": None}


@pytest.mark.parametrize("query, field", [("from=yesterday", "from"), ("to=2026-13-01", "to"),
                                          ("from=2026-11-20&to=2026-11-01", "to"), ("from=99999-01-01", "from")])
def test_a_period_that_cannot_be_read_is_refused_with_the_error_json(piloted, query, field):
    response = piloted.get(f"/api/v1/policy/pilot-report?{query}")
    assert response.status_code in (400, 422), response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and field in error["fields"]


def test_the_pilot_page_takes_the_period_too(piloted, client, auth, make_user):
    auth.login(make_user("admin"))
    page = client.get(f"/admin/policy/pilot?from={day(12)}&to={day(8)}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "1 / 1 / 100" in html and "3 / 3" not in html
    refused = client.get("/admin/policy/pilot?from=yesterday")
    assert refused.status_code == 422 and 'aria-invalid="true"' in refused.get_data(as_text=True)
