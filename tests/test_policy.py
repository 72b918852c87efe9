"""The versioned policy: pilot a stricter rule on one team, preview it, report it, enforce it."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Finding, PolicyVersion
from crm.services import findings as finding_service
from crm.services import policy
from crm.services.errors import Forbidden, InvalidInput
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.access import SYSTEM

NOW = datetime.now(timezone.utc)


def _rules_with(*extra):
    return policy.default_rules() + list(extra)


def _call(agent, customer, hold_seconds, apologized=False, days_ago=0, **kw):
    return log_interaction(InteractionInput(
        customer_id=customer.id, holds=[{"seconds": hold_seconds, "apologized": apologized}],
        summary="Asked about the delivery of the order", transcript="Agent: Thank you for calling.",
        outcome="resolved", started_at=datetime.now(timezone.utc) - timedelta(days=days_ago), **kw), agent)


def test_a_long_hold_without_apology_gives_two_findings_at_once(make_user, make_customer):
    logged = _call(make_user("agent"), make_customer(), 90)
    assert sorted(f.standard for f in logged.findings) == ["hold.apology", "hold.max_duration"]
    assert {f.status for f in logged.findings} == {"open"}
    assert {f.policy_version.number for f in logged.findings} == {1}


def test_a_justified_departure_waits_for_the_lead_as_justified(make_user, make_customer):
    logged = _call(make_user("agent"), make_customer(), 90,
                   justifications={"hold.max_duration": "Caller asked me to wait while she found the invoice"})
    by_code = {f.standard: f for f in logged.findings}
    assert by_code["hold.max_duration"].status == "justified"
    assert "invoice" in by_code["hold.max_duration"].justification
    assert by_code["hold.apology"].status == "open"


def test_pilot_rule_applies_only_to_its_team_and_findings_keep_their_version(make_user, make_customer):
    alpha, beta = make_user("agent", team="Alpha"), make_user("agent", team="Beta")
    customer = make_customer()
    before = _call(alpha, customer, 50, apologized=True)
    assert before.findings == []
    policy.create_version(_rules_with(policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot",
                                                       teams=["Alpha"])),
                          make_user("admin"), note="pilot 45 s on Alpha")
    piloted = _call(alpha, customer, 50, apologized=True)
    other = _call(beta, customer, 50, apologized=True)
    assert [(f.standard, f.mode, f.policy_version.number) for f in piloted.findings] == [
        ("hold.max_duration", "pilot", 2)]
    assert other.findings == []
    report = finding_service.pilot_report(make_user("admin"))
    assert report[0]["standard"] == "hold.max_duration" and report[0]["pilot_teams"] == ["Alpha"]
    assert report[0]["pilot"]["flagged"] == 1


def test_invalid_rules_report_every_problem_with_its_position(make_user):
    with pytest.raises(InvalidInput) as err:
        policy.create_version([policy.RuleInput("hold.max_duration", {"max_seconds": "long"}),
                               policy.RuleInput("no.such.standard"),
                               # a mode no typed rule can hold, as a body sends it
                               policy.RuleInput.as_sent({"standard": "hold.apology", "mode": "sometimes",
                                                         "teams": ["Nowhere"]})],
                              make_user("admin"))
    assert set(err.value.fields) == {"rules[0].params.max_seconds", "rules[1].standard", "rules[2].mode",
                                     "rules[2].teams"}


def test_only_admins_write_policy(make_user):
    with pytest.raises(Forbidden):
        policy.create_version(policy.default_rules(), make_user("lead"))


def test_preview_counts_what_a_draft_would_flag_and_stores_nothing(make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    customer = make_customer()
    for seconds in (30, 50, 70):
        _call(agent, customer, seconds, apologized=True, days_ago=3)
    findings_before = db.session.scalar(select(func.count()).select_from(Finding))
    result = finding_service.preview(make_user("admin"), [policy.RuleInput("hold.max_duration", {"max_seconds": 45})],
                                     NOW - timedelta(days=30), NOW + timedelta(minutes=1))
    assert result["checked"] == 3 and result["flagged_interactions"] == 2
    assert result["by_standard"] == [{"standard": "hold.max_duration", "mode": "enforce", "findings": 2}]
    assert result["by_team"][0]["team"] == "Alpha"
    assert len(result["examples"]["hold.max_duration"]) == 2
    assert db.session.scalar(select(func.count()).select_from(Finding)) == findings_before
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


def test_the_preview_api_reads_bare_days_as_whole_utc_days_like_the_reports(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    for seconds in (50, 70):
        _call(agent, make_customer(), seconds, apologized=True, days_ago=3)
    admin = api(make_user("admin"))
    rules = [{"standard": "hold.max_duration", "params": {"max_seconds": 45}}]
    today, called = NOW.date(), (NOW - timedelta(days=3)).date()
    whole = admin.post("/api/v1/policy/preview", json={"rules": rules, "from": called.isoformat(), "to": called.isoformat()})
    assert whole.status_code == 200, whole.get_json()
    assert whole.get_json()["checked"] == 2  # the day given as "to" is included whole
    before = admin.post("/api/v1/policy/preview", json={
        "rules": rules, "from": (called - timedelta(days=9)).isoformat(), "to": (called - timedelta(days=1)).isoformat()})
    assert before.get_json()["checked"] == 0
    assert admin.post("/api/v1/policy/preview", json={"rules": rules, "from": called.isoformat(),
                                                      "to": f"{today.isoformat()}T23:59:59Z"}).get_json()["checked"] == 2
    for bad, field in (({"from": "2026-13-01", "to": "2026-12-01"}, "from"), ({"from": "2026-11-01", "to": "9999-12-31"}, "to"),
                       ({"from": "2026-11-01T00:00", "to": "2026-12-01"}, "from")):
        refused = admin.post("/api/v1/policy/preview", json={"rules": rules, **bad})
        assert refused.status_code == 422 and field in refused.get_json()["error"]["fields"], (bad, refused.get_json())


def test_a_lead_previews_only_their_team(make_user):
    with pytest.raises(InvalidInput):
        finding_service.preview(make_user("lead", team="Alpha"), policy.default_rules(), NOW - timedelta(days=1),
                                NOW, team="Beta")


def test_findings_list_is_scoped_by_role(make_user, make_customer):
    a1, a2 = make_user("agent", team="Alpha"), make_user("agent", team="Beta")
    customer = make_customer()
    _call(a1, customer, 90)
    _call(a2, customer, 90)
    mine, _ = finding_service.list_findings(a1)
    assert {f.agent_id for f in mine} == {a1.id}
    lead_view, _ = finding_service.list_findings(make_user("lead", team="Beta"))
    assert {f.agent_id for f in lead_view} == {a2.id}
    everything, _ = finding_service.list_findings(make_user("admin"), standard="hold.apology")
    assert len(everything) == 2
    with pytest.raises(Forbidden):
        finding_service.list_findings(make_user("department"))


def test_admin_pilots_from_the_ui_previews_and_promotes(client, auth, make_user, make_customer):
    admin = make_user("admin")
    agent = make_user("agent", team="Alpha")
    customer = make_customer()
    _call(agent, customer, 50, apologized=True, days_ago=10)
    auth.login(admin)
    page = client.get("/admin/policy/new").get_data(as_text=True)
    count = page.count('name="rules-') // 6
    form = {"row_count": str(count + 1), "note": "Pilot 45 s on Alpha", "review_by": "2027-03-01",
            "rules-%d-standard" % count: "hold.max_duration", "rules-%d-params" % count: '{"max_seconds": 45}',
            "rules-%d-mode" % count: "pilot", "rules-%d-teams" % count: "Alpha",
            "preview_from": (date.today() - timedelta(days=30)).isoformat(), "preview_to": date.today().isoformat()}
    for i, rule in enumerate(policy.default_rules()):
        form.update({f"rules-{i}-standard": rule.standard, f"rules-{i}-params": "", f"rules-{i}-mode": "enforce"})
    preview = client.post("/admin/policy/new", data={**form, "action": "preview"}).get_data(as_text=True)
    assert "1 contacts checked; 1 would have been flagged" in preview
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1
    bad = client.post("/admin/policy/new", data={**form, "rules-%d-params" % count: '{"max_seconds": -4}',
                                                 "action": "save"})
    assert bad.status_code == 422 and "must be at least" in bad.get_data(as_text=True)
    saved = client.post("/admin/policy/new", data={**form, "action": "save"})
    assert saved.status_code == 302
    assert "Version 2" in client.get("/admin/policy").get_data(as_text=True)
    _call(agent, customer, 50, apologized=True)
    assert "hold.max_duration" in client.get("/admin/policy/pilot").get_data(as_text=True)
    form["rules-%d-mode" % count] = "enforce"
    assert client.post("/admin/policy/new", data={**form, "action": "save"}).status_code == 302
    promoted = _call(agent, customer, 50, apologized=True)
    assert [(f.mode, f.policy_version.number) for f in promoted.findings] == [("enforce", 3)]


def test_admin_home_warns_of_overdue_policy_review(client, auth, make_user):
    policy.create_version(policy.default_rules(), SYSTEM, review_by=date.today() - timedelta(days=1))
    auth.login(make_user("admin"))
    assert "was due for review" in client.get("/admin/").get_data(as_text=True)
