"""Reports read from the roll-ups: compliance, targets, dismissal rates, consistency, recognition, and their API."""
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm.database import write_transaction
from crm.extensions import db
from crm.models import Case, Finding, Survey
from crm.services import reports, rollups
from crm.services.errors import Forbidden, InvalidInput
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.policy import RuleInput, create_version, default_rules
from crm.standards.base import Param, Standard, hookimpl

SUMMARY = "Customer asked about the delivery date of order 1042."
STANDARD_TARGETS = ["target.csat", "target.accuracy", "target.first_reply", "target.productivity",
                    "target.resolution_rate", "target.consistency"]


@pytest.fixture
def contact(customer, now):
    """Log a three-minute contact: contact(agent, hold=90) holds 90 s without apologising."""

    def log(by, *, channel="phone", hold=None, days_ago=1, minutes=3, **fields):
        started = now - timedelta(days=days_ago)
        fields.setdefault("outcome", "resolved")
        data = InteractionInput(customer_id=customer.id, channel=channel, started_at=started,
                                ended_at=started + timedelta(minutes=minutes), summary=SUMMARY,
                                transcript="Thank you for calling.",
                                holds=[{"seconds": hold}] if hold else [], **fields)
        return log_interaction(data, by)

    return log


def review(finding: Finding, decision: str) -> None:
    """Rule on a finding as the review service does: change its status and move its roll-up count."""
    with write_transaction():
        finding = db.session.get(Finding, finding.id)
        previous, finding.status = finding.status, decision
        rollups.record_review(finding, decision, previous)


def by_key(rows):
    return {r["key"]: r for r in rows}


def target(report, code):
    (found,) = [t for t in report.items if t["code"] == code]
    return found


# --- compliance ----------------------------------------------------------------------------------

def test_compliance_by_standard_counts_every_check_and_flag_of_logged_contacts(lead, agent, contact):
    contact(agent)
    contact(agent, hold=90)  # hold.max_duration and hold.apology

    report = reports.compliance(lead, "standard")

    rows = by_key(report.rows)
    assert rows["hold.max_duration"] | {"label": None} == {
        "key": "hold.max_duration", "label": None, "checked": 2, "flagged": 1, "upheld": 0, "dismissed": 0,
        "waived": 0, "compliance_rate": 0.5}
    assert rows["hold.apology"]["compliance_rate"] == 0.5
    assert rows["courtesy.thanks"]["checked"] == 2 and rows["courtesy.thanks"]["compliance_rate"] == 1.0
    assert rows["hold.max_duration"]["label"] != "hold.max_duration"  # the standard's title
    assert (report.total["checked"], report.total["flagged"], report.total["compliance_rate"]) == (20, 2, 0.9)
    assert report.pilot == [] and report.pilot_total["checked"] == 0


def test_reviews_move_findings_to_upheld_dismissed_and_waived_coaching_counting_as_upheld(lead, agent, contact):
    findings = {f.standard: f for f in contact(agent, hold=90).findings}
    other = {f.standard: f for f in contact(agent, hold=95).findings}
    review(findings["hold.max_duration"], "coached")
    review(findings["hold.apology"], "dismissed")
    review(other["hold.max_duration"], "upheld")
    review(other["hold.apology"], "waived")

    rows = by_key(reports.compliance(lead, "standard").rows)

    assert {k: rows["hold.max_duration"][k] for k in ("flagged", "upheld", "dismissed", "waived")} == {
        "flagged": 2, "upheld": 2, "dismissed": 0, "waived": 0}
    assert {k: rows["hold.apology"][k] for k in ("flagged", "upheld", "dismissed", "waived")} == {
        "flagged": 2, "upheld": 0, "dismissed": 1, "waived": 1}
    assert rows["hold.apology"]["compliance_rate"] == 0.0  # the rate is 1 - flagged / checked


def test_compliance_groups_by_agent_team_channel_and_iso_week(lead, admin, agent, beta_agent, contact, now):
    contact(agent, channel="phone", hold=90, days_ago=3)
    contact(agent, channel="email", days_ago=3)
    contact(beta_agent, channel="chat", days_ago=10)

    agents = reports.compliance(lead, "agent").rows
    assert [(r["key"], r["label"]) for r in agents] == [(agent.id, "Aino Alpha")]

    teams = reports.compliance(admin, "team").rows
    assert [(r["label"], r["checked"]) for r in teams] == [("Alpha", 19), ("Beta", 10)]

    channels = by_key(reports.compliance(lead, "channel").rows)
    assert set(channels) == {"phone", "email"}
    assert channels["email"]["label"] == "E-mail" and channels["email"]["compliance_rate"] == 1.0
    assert channels["phone"]["compliance_rate"] == 0.8

    weeks = reports.compliance(admin, "week").rows
    expected = sorted({f"{d.isocalendar()[0]}-W{d.isocalendar()[1]:02d}"
                       for d in ((now - timedelta(days=3)).date(), (now - timedelta(days=10)).date())})
    assert [r["key"] for r in weeks] == expected
    assert sum(r["checked"] for r in weeks) == 29


def test_the_period_is_whole_utc_days_from_dates_or_times(lead, agent, contact, now):
    contact(agent, days_ago=40)
    contact(agent, days_ago=5)

    assert reports.compliance(lead, "standard").total["checked"] == 10  # the last 30 days by default
    day = (now - timedelta(days=40)).date()
    assert reports.compliance(lead, "standard", day, day).total["checked"] == 10
    evening = datetime.combine(day, datetime.min.time(), timezone(timedelta(hours=-5))) + timedelta(hours=20)
    assert reports.compliance(lead, "standard", evening.isoformat(), None).scope.period.start == day + timedelta(days=1)
    report = reports.compliance(lead, "standard", (now - timedelta(days=60)).date().isoformat(), now.isoformat())
    assert report.total["checked"] == 20
    assert report.scope.period.end == now.date()


def test_pilot_rules_are_reported_apart_and_count_against_nobody(admin, lead, agent, contact, now):
    rules = [r.model_copy(update={"mode": "pilot"}) if r.standard == "hold.max_duration" else r for r in default_rules()]
    create_version(rules, admin, effective_from=now - timedelta(days=20), allow_past=True)
    contact(agent, hold=90)

    report = reports.compliance(lead, "standard")

    assert "hold.max_duration" not in by_key(report.rows)
    assert by_key(report.rows)["hold.apology"]["flagged"] == 1
    assert report.total["flagged"] == 1
    (pilot,) = report.pilot
    assert (pilot["key"], pilot["checked"], pilot["flagged"], pilot["compliance_rate"]) == (
        "hold.max_duration", 1, 1, 0.0)
    assert report.to_json()["pilot"]["total"]["flagged"] == 1


# --- access and validation -----------------------------------------------------------------------

def test_a_lead_sees_their_own_team_and_no_other(lead, beta_agent, agent, contact):
    contact(beta_agent)
    assert reports.compliance(lead, "team").rows == []
    assert reports.compliance(lead, "standard", team="Alpha").scope.team_name == "Alpha"
    with pytest.raises(Forbidden, match="own team"):
        reports.compliance(lead, "standard", team="Beta")
    with pytest.raises(Forbidden, match="own team"):
        reports.targets(lead, str(beta_agent.team_id))


@pytest.mark.parametrize("role", ["agent", "department"])
def test_agents_and_department_members_get_no_reports(make_user, role):
    person = make_user(role)
    for call in (lambda: reports.compliance(person, "standard"), lambda: reports.targets(person),
                 lambda: reports.dismissal_rates(person), lambda: reports.recognition(person),
                 lambda: reports.consistency(person), lambda: reports.dashboard(person)):
        with pytest.raises(Forbidden):
            call()


def test_an_admin_sees_every_team_or_the_one_chosen(admin, agent, beta_agent, contact):
    contact(agent)
    contact(beta_agent)
    assert reports.compliance(admin, "standard").total["checked"] == 20
    assert reports.compliance(admin, "standard", team="beta").total["checked"] == 10
    assert reports.compliance(admin, "standard", team=str(agent.team_id)).scope.team_name == "Alpha"


def test_bad_parameters_are_refused_with_every_reason(admin):
    with pytest.raises(InvalidInput) as bad:
        reports.compliance(admin, "month", "yesterday", "2026-13-01", team="Nobody")
    assert set(bad.value.fields) == {"group_by", "from", "to", "team"}
    with pytest.raises(InvalidInput) as backwards:
        reports.targets(admin, None, "2026-03-01", "2026-02-01")
    assert backwards.value.fields == {"to": ["must not be before from"]}
    with pytest.raises(InvalidInput) as long:
        reports.compliance(admin, "week", "1990-01-01", "2026-01-01")
    assert "from" in long.value.fields
    with pytest.raises(InvalidInput):
        reports.compliance(admin, "week", "2026-01-01", "9999-12-31")


# --- targets -------------------------------------------------------------------------------------

def test_every_target_of_the_standards_is_reported_and_none_is_judged_without_data(lead):
    report = reports.targets(lead)
    assert [t["code"] for t in report.items] == STANDARD_TARGETS
    assert all(t["value"] is None and t["met"] is None for t in report.items)
    assert [t["goal"] for t in report.items] == [90.0, 95.0, 95.0, 20.0, 80.0, 5.0]


def _survey(agent, customer, score, answered_at, team_id=None):
    return Survey(customer_id=customer.id, agent_id=agent.id, team_id=team_id or agent.team_id, channel="phone",
                  score=score, answered_at=answered_at)


def test_csat_is_the_share_of_answered_surveys_scoring_4_or_5(lead, agent, beta_agent, customer, now):
    with write_transaction():
        db.session.add_all([_survey(agent, customer, score, now - timedelta(days=2)) for score in
                            (5, 5, 4, 4, 5, 4, 5, 5, 4, 2)])
        db.session.add(Survey(customer_id=customer.id, agent_id=agent.id, team_id=agent.team_id))  # unanswered
        db.session.add(_survey(beta_agent, customer, 1, now - timedelta(days=2)))  # another team
        db.session.add(_survey(agent, customer, 1, now - timedelta(days=45)))  # before the period

    csat = target(reports.targets(lead), "target.csat")

    assert (csat["value"], csat["met"], csat["basis"]) == (90.0, True, {"answered": 10, "satisfied": 9})


def test_accuracy_is_the_share_of_reviewed_interactions_without_an_upheld_finding(lead, agent, contact):
    dismissed_only = contact(agent, hold=90).findings
    upheld_one = contact(agent, hold=90).findings
    contact(agent, hold=90)  # nobody has looked at it yet: not reviewed
    for f in dismissed_only:
        review(f, "dismissed")
    review(upheld_one[0], "upheld")  # the other finding stays open; the interaction is reviewed

    accuracy = target(reports.targets(lead), "target.accuracy")

    assert (accuracy["value"], accuracy["met"]) == (50.0, False)
    assert accuracy["basis"] == {"reviewed": 2, "without_upheld": 1}


def test_a_coached_finding_is_upheld_and_a_waived_one_is_not(lead, agent, contact):
    coached = contact(agent, hold=90).findings
    waived = contact(agent, hold=90).findings
    review(coached[0], "coached")
    review(waived[0], "waived")
    assert target(reports.targets(lead), "target.accuracy")["basis"] == {"reviewed": 2, "without_upheld": 1}


def _case(customer, agent, channel, opened_at, **times):
    return Case(customer_id=customer.id, subject="Where is my order?", channel=channel, owner_id=agent.id,
                team_id=agent.team_id, opened_at=opened_at, **times)


def test_first_reply_is_the_share_of_written_inquiries_answered_within_the_rule_in_force(
        admin, lead, agent, customer, now):
    opened = now - timedelta(days=3)
    with write_transaction():
        db.session.add_all([
            _case(customer, agent, "email", opened, first_reply_at=opened + timedelta(hours=2)),
            _case(customer, agent, "chat", opened, first_reply_at=opened + timedelta(hours=30)),
            _case(customer, agent, "web", opened),  # never answered
            _case(customer, agent, "email", now - timedelta(hours=1)),  # still within its 24 h: undecided
            _case(customer, agent, "phone", opened, first_reply_at=opened + timedelta(hours=40)),  # not written
        ])

    first_reply = target(reports.targets(lead), "target.first_reply")
    assert first_reply["value"] == 33.33 and first_reply["met"] is False
    assert first_reply["basis"] == {"written_inquiries": 3, "answered_in_time": 1, "hours": 24}

    rules = [r.model_copy(update={"params": {**r.params, "hours": 36}}) if r.standard == "response.first_reply" else r
             for r in default_rules()]
    create_version(rules, admin)
    assert target(reports.targets(lead), "target.first_reply")["basis"] == {
        "written_inquiries": 3, "answered_in_time": 2, "hours": 36}


def test_resolution_rate_is_the_share_of_inquiries_resolved_within_48_hours(lead, agent, customer, now):
    opened = now - timedelta(days=5)
    with write_transaction():
        db.session.add_all(
            [_case(customer, agent, "phone", opened, status="resolved", resolved_at=opened + timedelta(hours=h))
             for h in (1, 20, 47, 47)]
            + [_case(customer, agent, "email", opened, status="resolved", resolved_at=opened + timedelta(hours=60)),
               _case(customer, agent, "email", now - timedelta(hours=3))])  # open, but has time left

    resolution = target(reports.targets(lead), "target.resolution_rate")

    assert (resolution["value"], resolution["met"]) == (80.0, True)
    assert resolution["basis"] == {"inquiries": 5, "resolved_in_time": 4, "hours": 48}


def test_productivity_is_contacts_per_handled_hour(lead, agent, contact):
    contact(agent, minutes=3)
    contact(agent, minutes=3)
    productivity = target(reports.targets(lead), "target.productivity")
    assert (productivity["value"], productivity["met"], productivity["basis"]) == (
        20.0, True, {"contacts": 2, "handled_hours": 0.1})
    contact(agent, minutes=12)
    assert target(reports.targets(lead), "target.productivity")["met"] is False


def test_consistency_is_the_largest_gap_in_compliance_between_channels(lead, agent, contact):
    contact(agent, channel="phone", hold=90)
    contact(agent, channel="phone")
    consistency = target(reports.targets(lead), "target.consistency")
    assert consistency["value"] is None  # one channel: nothing to compare

    contact(agent, channel="email")
    consistency = target(reports.targets(lead), "target.consistency")
    assert (consistency["value"], consistency["met"]) == (10.0, False)
    assert consistency["basis"] == {"channels": 2, "best": "email", "worst": "phone"}

    per_channel = reports.consistency(lead)
    assert (per_channel["gap"], per_channel["goal"], per_channel["met"]) == (10.0, 5.0, False)
    assert {r["key"]: r["gap"] for r in per_channel["channels"]} == {"email": 0.0, "phone": 10.0}


def test_a_goal_can_be_set_in_the_config(app, lead, agent, contact):
    contact(agent, channel="phone", hold=90)
    contact(agent, channel="phone")
    contact(agent, channel="email")
    app.config["CRM_TARGETS"] = {"target.consistency": 12}
    consistency = target(reports.targets(lead), "target.consistency")
    assert (consistency["goal"], consistency["met"]) == (12.0, True)


# --- dismissals and recognition -----------------------------------------------------------------

def test_dismissal_rates_show_which_checks_are_wrong(lead, agent, contact):
    for _ in range(3):
        findings = {f.standard: f for f in contact(agent, hold=90).findings}
        review(findings["hold.apology"], "dismissed")
        review(findings["hold.max_duration"], "upheld")
    contact(agent, hold=90)  # flagged, not yet reviewed

    rows = reports.dismissal_rates(lead)

    assert [(r["key"], r["flagged"], r["reviewed"], r["dismissed"], r["dismissal_rate"]) for r in rows] == [
        ("hold.apology", 4, 3, 3, 1.0), ("hold.max_duration", 4, 3, 0, 0.0)]


def test_recognition_lists_agents_meeting_their_targets(make_user, lead, agent, customer, contact, now):
    steady = agent
    careless = make_user("agent", team="Alpha", name="Careless Carl")
    unloved = make_user("agent", team="Alpha", name="Unloved Una")
    newcomer = make_user("agent", team="Alpha", name="New Nina")
    for _ in range(3):
        contact(steady)
        contact(careless, hold=90)
        contact(unloved)
    contact(newcomer)
    with write_transaction():
        db.session.add_all([_survey(unloved, customer, 2, now - timedelta(days=1)),
                            _survey(steady, customer, 5, now - timedelta(days=1))])

    board = reports.recognition(lead, min_contacts=3)

    assert [(b["name"], b["contacts"], b["compliance_rate"], b["csat"]) for b in board] == [
        ("Aino Alpha", 3, 1.0, 1.0)]
    assert reports.recognition(lead) == []  # 20 contacts make a fair sample by default


def test_the_dashboard_gathers_every_figure_for_the_scope(admin, lead, agent, beta_agent, contact):
    contact(agent, hold=90)
    contact(beta_agent, channel="email")

    mine = reports.dashboard(lead)
    assert set(mine.compliance) == set(reports.GROUPS)
    assert [r["label"] for r in mine.compliance["team"]] == ["Alpha"]
    assert mine.total["checked"] == 10 and mine.teams == []
    assert [t["code"] for t in mine.targets] == STANDARD_TARGETS
    assert [r["key"] for r in mine.dismissals] == ["hold.apology", "hold.max_duration"]

    everyone = reports.dashboard(admin)
    assert [r["label"] for r in everyone.compliance["team"]] == ["Alpha", "Beta"]
    assert [name for _, name in everyone.teams] == ["Alpha", "Beta"]
    assert everyone.consistency["gap"] == 20.0
    assert not everyone.empty and reports.dashboard(admin, "2020-01-01", "2020-01-31").empty


def test_reports_read_the_roll_up_not_the_interactions(lead, agent, contact):
    """A roll-up row stands for many contacts: the report sums it as it is."""
    contact(agent)
    with write_transaction():
        from crm.models import ActivityDaily, ComplianceDaily

        # 1,000 contacts, each checked by the rules of its policy version, 10 flagged for courtesy.thanks.
        activity = db.session.scalar(select(ActivityDaily))
        activity.contacts = 1000
        db.session.add(ComplianceDaily(day=activity.day, team_id=activity.team_id, agent_id=activity.agent_id,
                                       channel=activity.channel, standard="courtesy.thanks", mode="enforce",
                                       flagged=10, upheld=0, coached=0, dismissed=0, waived=0))
    assert by_key(reports.compliance(lead, "standard").rows)["courtesy.thanks"]["compliance_rate"] == 0.99


# --- the API -------------------------------------------------------------------------------------

@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


def conforming(spec, response, path):
    from test_api_openapi import conforms, resolve

    documented = spec["paths"][path]["get"]["responses"][str(response.status_code)]
    schema = resolve(spec, documented)["content"]["application/json"]["schema"]
    assert conforms(spec, response.get_json(), schema) == []
    return response.get_json()


def test_api_compliance_report_as_documented(api, spec, lead, agent, contact, now):
    contact(agent, hold=90)
    response = api(lead).get("/api/v1/reports/compliance?group_by=agent")
    assert response.status_code == 200
    body = conforming(spec, response, "/api/v1/reports/compliance")
    assert body["team"] == {"id": agent.team_id, "name": "Alpha"}
    assert (body["from"], body["to"]) == ((now.date() - timedelta(days=29)).isoformat(), now.date().isoformat())
    assert [(i["key"], i["checked"], i["flagged"], i["compliance_rate"]) for i in body["items"]] == [
        (agent.id, 10, 2, 0.8)]
    assert body["pilot"] == {"items": [], "total": body["pilot"]["total"]}


def test_api_compliance_default_grouping_and_iso_times(api, admin, agent, contact, now):
    contact(agent)
    body = api(admin).get("/api/v1/reports/compliance", query_string={
        "from": (now - timedelta(days=2)).isoformat(), "to": now.isoformat().replace("+00:00", "Z")}).get_json()
    assert body["group_by"] == "standard" and body["team"] is None and body["total"]["checked"] == 10


def test_api_targets_report_as_documented(api, spec, admin, agent, contact, now):
    contact(agent)
    response = api(admin).get(f"/api/v1/reports/targets?team=Alpha&from={(now - timedelta(days=365)).date()}")
    assert response.status_code == 200
    body = conforming(spec, response, "/api/v1/reports/targets")
    assert [t["code"] for t in body["items"]] == STANDARD_TARGETS
    productivity = body["items"][3]
    assert (productivity["value"], productivity["unit"], productivity["met"]) == (20.0, "contacts/h", True)


@pytest.mark.parametrize("query, fields", [
    ("group_by=month", {"group_by"}),
    ("from=last-week", {"from"}),
    ("from=2026-02-01&to=2026-01-01", {"to"}),
    ("to=2026-02-30T10:00:00", {"to"}),
    ("team=Nowhere", {"team"}),
])
def test_api_refuses_bad_parameters_with_422(api, spec, admin, query, fields):
    response = api(admin).get(f"/api/v1/reports/compliance?{query}")
    assert response.status_code == 422
    body = conforming(spec, response, "/api/v1/reports/compliance")
    assert body["error"]["code"] == "invalid" and set(body["error"]["fields"]) == fields


def test_api_reports_by_role(api, make_user, lead, beta_agent):
    assert api(make_user("agent")).get("/api/v1/reports/compliance").status_code == 403
    assert api(make_user("department")).get("/api/v1/reports/targets").status_code == 403
    response = api(lead).get(f"/api/v1/reports/targets?team={beta_agent.team_id}")
    assert response.status_code == 403 and "own team" in response.get_json()["error"]["message"]
    assert api(lead).get("/api/v1/reports/targets?team=Alpha").status_code == 200


def test_period_helpers_cover_whole_days():
    period = reports.Period.last(7, today=date(2026, 3, 10))
    assert (period.start, period.end, period.days) == (date(2026, 3, 4), date(2026, 3, 10), 7)
    assert period.ends_at == datetime(2026, 3, 11, tzinfo=timezone.utc)


class ReplyWithinPlugin:
    """A house standard that bounds first replies under a name of its own: reports must find it through
    `Standard.targets`, not by the built-in standard's code."""

    @hookimpl
    def crm_standards(self):
        return [Standard(code="house.reply_within", title="Reply within the house limit", description="d",
                         source="a test", kind="sweep", check=lambda ctx, params: iter(()),
                         params=(Param("limit_hours", int, 12, "Hours allowed.", minimum=1),),
                         targets={"first_reply_hours": "limit_hours"})]


def test_the_first_reply_target_reads_its_hours_from_whichever_standard_declares_them(
        app, admin, lead, agent, beta_agent, customer, now):
    app.extensions["crm.plugins"].register(ReplyWithinPlugin())
    app.extensions.pop("crm.standards_cache", None)
    opened = now - timedelta(days=3)
    with write_transaction():
        db.session.add_all([
            _case(customer, agent, "email", opened, first_reply_at=opened + timedelta(hours=10)),
            _case(customer, agent, "chat", opened, first_reply_at=opened + timedelta(hours=20)),
        ])
    others = [r for r in default_rules() if r.standard not in ("response.first_reply", "house.reply_within")]
    # Beta's own enforced rule does not bound Alpha; Alpha's pilot rule does, for want of an enforced one.
    create_version(others + [
        RuleInput("house.reply_within", {"limit_hours": 12}, mode="pilot", teams=["Alpha"]),
        RuleInput("house.reply_within", {"limit_hours": 30}, mode="enforce", teams=["Beta"]),
    ], admin)
    assert target(reports.targets(lead), "target.first_reply")["basis"] == {
        "written_inquiries": 2, "answered_in_time": 1, "hours": 12}
    # The overdue case list spans teams and follows the same declared parameter.
    from crm.services.cases import first_reply_hours
    assert first_reply_hours() == 12

    create_version(others, admin)  # no rule bounds first replies: the 24 h default
    assert target(reports.targets(lead), "target.first_reply")["basis"]["hours"] == 24
