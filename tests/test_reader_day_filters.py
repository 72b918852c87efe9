"""The day filters of the pages a person types days into — a department's inbox and trends, the audit
trail — are days on that person's clock, as the review queue's are: a Prague member asking for
1 December sees what arrived from midnight in Prague, not from 01:00. The API keeps UTC days, as
documented, so a department's own tools read the same whoever's token they use."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from crm.database import write_transaction
from crm.extensions import db
from crm.models import AuditEvent, Feedback
from crm.services.accounts import set_timezone
from feedback_helpers import department, log_feedback

# 23:30 UTC on 30 November is 00:30 on 1 December in Prague, and 07:30 on 1 December in Kuala Lumpur.
LATE_EVENING_UTC = datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc)
# 23:30 on 1 December in Prague (22:30 UTC): still 1 December there, 2 December in Kuala Lumpur.
LAST_HOUR_IN_PRAGUE = datetime(2026, 12, 1, 22, 30, tzinfo=timezone.utc)


@pytest.fixture
def items(app, make_user, make_customer):
    """Two packaging items: one logged at each of the two moments above."""
    from crm.services.routing import RoutingRuleInput, create_rule

    department("general", "General feedback", fallback=True)
    department("packaging", "Packaging")
    create_rule(RoutingRuleInput(department="packaging", category="packaging"), make_user("admin"))
    agent, customer = make_user("agent"), make_customer("Jan Novák", emails=["jan@example.cz"])
    made = []
    for at, text in ((LATE_EVENING_UTC, "Crushed box just after midnight."), (LAST_HOUR_IN_PRAGUE, "Torn tape late.")):
        item = log_feedback(agent, customer, {"category": "packaging", "text": text}).feedback[0]
        with write_transaction():
            db.session.get(Feedback, item.id).created_at = at
        made.append(item.id)
    return made


@pytest.fixture
def prague_member(make_user, items):
    return set_timezone(make_user("department", department="packaging"), "Europe/Prague")


def test_the_inbox_page_reads_its_days_on_the_members_clock(items, prague_member, client, auth):
    auth.login(prague_member)
    page = client.get("/department/packaging", query_string={"status": "", "since": "2026-12-01",
                                                             "until": "2026-12-01"}).get_data(as_text=True)
    assert "Crushed box just after midnight." in page and "Torn tape late." in page
    assert "run from midnight to midnight in Europe/Prague, your time zone" in page
    before = client.get("/department/packaging", query_string={"status": "", "until": "2026-11-30"})
    assert "Crushed box just after midnight." not in before.get_data(as_text=True)


def test_the_api_keeps_utc_days_whoever_asks(items, prague_member, api):
    answer = api(prague_member).get("/api/v1/departments/packaging/feedback?since=2026-12-01&until=2026-12-01")
    assert answer.status_code == 200
    assert [item["id"] for item in answer.get_json()["items"]] == [items[1]]


def test_trends_count_the_week_and_period_on_the_members_clock(items, prague_member, client, auth):
    from crm.services import department_inbox as inbox

    _, in_prague = inbox.trends(prague_member, "packaging", "2026-12-01", "2026-12-01", "Europe/Prague")
    assert in_prague.total == 2
    _, in_utc = inbox.trends(prague_member, "packaging", "2026-12-01", "2026-12-01")
    assert in_utc.total == 1
    _, in_kl = inbox.trends(prague_member, "packaging", "2026-11-30", "2026-12-06", "Asia/Kuala_Lumpur")
    assert dict(in_kl.by_week) == {date(2026, 11, 30): 2}  # Monday 30 November: both in that week in KL
    auth.login(prague_member)
    page = client.get("/department/packaging/trends", query_string={"since": "2026-12-01", "until": "2026-12-01"})
    assert page.status_code == 200
    assert "run from midnight to midnight in Europe/Prague, your time zone" in page.get_data(as_text=True)
    assert "2 items from" in page.get_data(as_text=True)


def test_the_audit_trail_page_reads_its_days_on_the_admins_clock(app, make_user, client, auth):
    admin = set_timezone(make_user("admin"), "Asia/Kuala_Lumpur")
    with write_transaction():
        db.session.add(AuditEvent(at=LATE_EVENING_UTC, actor_label="cli", action="team.create", entity="team",
                                  entity_id=4242, details={"name": "Night shift"}))
    auth.login(admin)
    on_the_first = client.get("/admin/audit", query_string={"entity_id": "4242", "since": "2026-12-01",
                                                            "until": "2026-12-01"}).get_data(as_text=True)
    assert "Night shift" in on_the_first
    assert "run from midnight to midnight in Asia/Kuala_Lumpur, your time zone" in on_the_first
    on_the_last = client.get("/admin/audit", query_string={"entity_id": "4242", "until": "2026-11-30"})
    assert "Night shift" not in on_the_last.get_data(as_text=True)
    csv = client.get("/admin/audit.csv", query_string={"entity_id": "4242", "since": "2026-12-01"})
    assert "4242" in csv.get_data(as_text=True)



def test_the_audit_events_api_keeps_utc_days(app, make_user, api):
    admin = set_timezone(make_user("admin"), "Asia/Kuala_Lumpur")
    with write_transaction():
        db.session.add(AuditEvent(at=LATE_EVENING_UTC, actor_label="cli", action="team.create", entity="team",
                                  entity_id=4242, details={"name": "Night shift"}))
    on_the_first = api(admin).get("/api/v1/audit-events?entity_id=4242&since=2026-12-01").get_json()
    on_the_last = api(admin).get("/api/v1/audit-events?entity_id=4242&until=2026-11-30").get_json()
    assert on_the_first["total"] == 0 and on_the_last["total"] == 1
