"""A day the calendar holds but the CRM cannot use (the day after 9999-12-31 does not exist) is a 422
naming the field, on every day parameter of the API and the pages, never a 500 (tryout 2, F-500-1)."""
from __future__ import annotations

import pytest

EDGES = ("9999-12-31", "0001-01-01")


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("name", ["since", "until"])
def test_audit_events_refuse_a_day_at_the_calendars_end(as_admin, assert_error, name, day):
    error = assert_error(as_admin.get(f"/api/v1/audit-events?{name}={day}"), 422, "invalid")
    assert error["fields"] == {name: ["is out of range"]}


@pytest.mark.parametrize("day", EDGES)
@pytest.mark.parametrize("name", ["since", "until"])
def test_a_department_inbox_refuses_a_day_at_the_calendars_end(app, api, make_user, assert_error, name, day):
    member = make_user("department")
    slug = member.department.slug
    error = assert_error(api(member).get(f"/api/v1/departments/{slug}/feedback?{name}={day}"), 422, "invalid")
    assert error["fields"] == {name: ["is out of range"]}


@pytest.mark.parametrize("name", ["from", "to"])
def test_reports_refuse_a_day_at_the_calendars_end(as_admin, assert_error, name):
    error = assert_error(as_admin.get(f"/api/v1/reports/targets?{name}=9999-12-31"), 422, "invalid")
    assert error["fields"] == {name: ["is out of range"]}


def test_the_last_usable_day_still_answers(as_admin, make_user, api):
    member = make_user("department")
    assert as_admin.get("/api/v1/audit-events?since=0002-01-01&until=9998-12-31").status_code == 200
    answer = api(member).get(f"/api/v1/departments/{member.department.slug}/feedback?until=9998-12-31")
    assert answer.status_code == 200


def test_a_policy_review_by_day_at_the_calendars_end_is_refused(as_admin, assert_error):
    rules = as_admin.get("/api/v1/policy").get_json()["rules"]
    body = {"rules": [{k: r[k] for k in ("standard", "mode", "severity", "params") if k in r} for r in rules],
            "review_by": "9999-12-31"}
    error = assert_error(as_admin.post("/api/v1/policy/versions", json=body), 422, "invalid")
    assert "review_by" in error["fields"]


def test_the_review_queue_and_department_trends_pages_refuse_it_with_a_422(app, auth, client, lead, make_user):
    auth.login(lead)
    page = client.get("/review/?to=9999-12-31")
    assert page.status_code == 422 and "is out of range" in page.get_data(as_text=True)
    auth.logout()
    member = make_user("department")
    auth.login(member)
    page = client.get(f"/department/{member.department.slug}/trends?until=9999-12-31")
    assert page.status_code == 422 and "is out of range" in page.get_data(as_text=True)
