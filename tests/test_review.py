"""The lead's review: queue order and scope, decisions, coaching, escalation, and CSAT surveys."""
import re
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, CoachingNote, ComplianceDaily, Finding, Notification, Survey
from crm.services import review, surveys
from crm.services.errors import Conflict, Forbidden, InvalidInput, NotFound
from crm.services.interactions import InteractionInput, log_interaction


def _log(agent, customer, hold=90, apologized=False, **kw):
    data = dict(customer_id=customer.id, holds=[{"seconds": hold, "apologized": apologized}],
                summary="Asked about the delivery of the order", transcript="Agent: Thank you for calling.",
                outcome="resolved")
    data.update(kw)
    return log_interaction(InteractionInput(**data), agent)


@pytest.fixture
def team(make_user, make_customer):
    lead = make_user("lead", team="Alpha")
    agent = make_user("agent", team="Alpha")
    return lead, agent, make_customer()


def test_queue_puts_justified_first_then_severity_then_age(team, make_user):
    lead, agent, customer = team
    _log(agent, customer)  # hold.max_duration (medium) + hold.apology (low)
    _log(agent, customer, amount="500.00")  # authority.limit (high) too
    _log(agent, customer, justifications={"hold.apology": "Line dropped while apologising"})
    order = [(f.status, f.severity) for f in review.queue(lead)]
    assert order[0] == ("justified", "low")
    open_part = [sev for status, sev in order if status == "open"]
    assert open_part == sorted(open_part, key=["critical", "high", "medium", "low"].index)
    assert open_part[0] == "high"


def test_a_lead_sees_only_their_team_and_never_pilot_findings(team, make_user, make_customer):
    lead, agent, customer = team
    other = make_user("agent", team="Beta")
    _log(agent, customer)
    _log(other, customer)
    assert {f.agent_id for f in review.queue(lead)} == {agent.id}
    assert {f.agent_id for f in review.queue(make_user("admin"))} == {agent.id, other.id}
    with pytest.raises(Forbidden):
        review.queue(agent)
    for f in db.session.scalars(select(Finding)):
        f.mode = "pilot"
    db.session.commit()
    assert review.queue(lead) == []


def test_each_decision_is_recorded_audited_and_counted(team):
    lead, agent, customer = team
    logged = _log(agent, customer, justifications={"hold.max_duration": "The customer asked to wait"})
    by_code = {f.standard: f for f in logged.findings}
    review.decide(lead, [by_code["hold.max_duration"].id], "waived", "Fair: she asked to wait.")
    review.decide(lead, [by_code["hold.apology"].id], "upheld", "")
    f = db.session.get(Finding, by_code["hold.max_duration"].id)
    assert (f.status, f.reviewer_id, f.review_note) == ("waived", lead.id, "Fair: she asked to wait.")
    actions = set(db.session.scalars(select(AuditEvent.action).where(AuditEvent.entity == "finding")))
    assert actions == {"finding.waived", "finding.upheld"}
    rollup = {r.standard: r for r in db.session.scalars(select(ComplianceDaily))}
    assert rollup["hold.max_duration"].waived == 1 and rollup["hold.apology"].upheld == 1


def test_waiving_needs_a_justification_and_coaching_needs_a_note(team):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    with pytest.raises(InvalidInput) as err:
        review.decide(lead, [finding.id], "waived", "ok")
    assert "no justification" in str(err.value.fields)
    with pytest.raises(InvalidInput) as err:
        review.decide(lead, [finding.id], "coached", "  ")
    assert "note" in err.value.fields


def test_bulk_decisions_are_all_or_nothing(team):
    lead, agent, customer = team
    ids = [f.id for f in _log(agent, customer).findings]
    review.decide(lead, ids[:1], "dismissed", "false positive")
    with pytest.raises(InvalidInput):
        review.decide(lead, ids, "upheld")  # the first was already reviewed
    assert db.session.get(Finding, ids[1]).status == "open"
    assert len(review.decide(lead, ids[1:], "upheld")) == len(ids) - 1


def test_a_lead_cannot_decide_on_another_teams_finding(team, make_user):
    _, agent, customer = team
    finding = _log(agent, customer).findings[0]
    with pytest.raises(Forbidden):
        review.decide(make_user("lead", team="Beta"), [finding.id], "upheld")


def test_a_lead_does_not_decide_their_own_findings_an_admin_or_another_lead_does(api, team, make_user):
    lead, agent, customer = team
    own = _log(lead, customer).findings  # a lead who takes calls is checked like an agent
    assert own and all(f.agent_id == lead.id for f in own)
    answer = api(lead).post(f"/api/v1/findings/{own[0].id}/review", json={"decision": "dismissed", "note": "mine"})
    assert answer.status_code == 403
    assert "your own contact" in answer.get_json()["error"]["message"]
    with pytest.raises(Forbidden):
        review.decide(lead, [f.id for f in own], "waived")
    assert {f.id for f in review.queue(lead)}.isdisjoint({f.id for f in own})  # not offered to them either
    second_lead = make_user("lead", team="Alpha")
    assert {f.id for f in own} <= {f.id for f in review.queue(second_lead)}
    assert api(second_lead).post(f"/api/v1/findings/{own[0].id}/review",
                                 json={"decision": "upheld"}).status_code == 200
    assert api(make_user("admin")).post(f"/api/v1/findings/{own[1].id}/review",
                                        json={"decision": "upheld"}).status_code == 200


def test_coaching_reaches_the_agent_who_acknowledges_it(team):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    review.decide(lead, [finding.id], "coached", "Offer to call back instead of a long hold.")
    note = db.session.scalar(select(CoachingNote))
    assert (note.agent_id, note.author_id) == (agent.id, lead.id)
    assert db.session.scalar(select(Notification.kind).where(Notification.user_id == agent.id)) == "coaching"
    review.acknowledge(agent, note.id)
    assert db.session.get(CoachingNote, note.id).acknowledged_at is not None
    with pytest.raises(NotFound):
        review.acknowledge(lead, note.id)


def test_unreviewed_critical_findings_climb_to_the_admins_once(app, team, make_user):
    lead, agent, customer = team
    admin = make_user("admin")
    finding = _log(agent, customer).findings[0]
    with db.session.begin():
        db.session.get(Finding, finding.id).severity = "critical"
    assert review.escalate(datetime.now(timezone.utc) + timedelta(hours=1)) == 0
    later = datetime.now(timezone.utc) + timedelta(hours=25)
    assert review.escalate(later) == 1
    assert review.escalate(later) == 0
    assert db.session.get(Finding, finding.id).escalation_level == 1
    notice = db.session.scalar(select(Notification).where(Notification.user_id == admin.id))
    assert notice.kind == "escalation" and f"/review/findings/{finding.id}" == notice.link


def test_a_resolved_contact_gets_a_survey_the_customer_answers_once(team):
    _, agent, customer = team
    logged = _log(agent, customer)
    survey = surveys.survey_of(logged.interaction.id)
    token = surveys.token_for(survey)
    with pytest.raises(InvalidInput):
        surveys.answer(token, 9)
    surveys.answer(token, "5", "Quick and kind")
    assert db.session.get(Survey, survey.id).score == 5
    with pytest.raises(Conflict):
        surveys.answer(token, 1)
    with pytest.raises(NotFound):
        surveys.answer(token + "x", 4)


def test_unresolved_contacts_get_no_survey(team):
    _, agent, customer = team
    logged = _log(agent, customer, outcome="follow_up", follow_up_due="2030-01-01T10:00:00+00:00")
    assert surveys.survey_of(logged.interaction.id) is None


def test_survey_page_needs_no_login_and_answer_shows_on_the_profile(client, auth, team):
    _, agent, customer = team
    survey = surveys.survey_of(_log(agent, customer).interaction.id)
    url = f"/survey/{surveys.token_for(survey)}"
    assert client.get(url).status_code == 200
    bad = client.post(url, data={"comment": "no score"})
    assert bad.status_code == 422 and "choose from 1" in bad.get_data(as_text=True)
    assert "Thank you" in client.post(url, data={"score": "4", "comment": "Fine"}).get_data(as_text=True)
    assert client.get("/survey/forged-token").status_code == 404
    auth.login(agent)
    assert "rating: <strong>4/5</strong>" in client.get(f"/customers/{customer.id}").get_data(as_text=True)


def test_review_pages_by_role(client, auth, team, make_user):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    auth.login(agent)
    assert client.get("/review/").status_code == 403
    auth.logout()
    auth.login(lead)
    page = client.get("/review/").get_data(as_text=True)
    assert f"/review/findings/{finding.id}" in page
    detail = client.get(f"/review/findings/{finding.id}").get_data(as_text=True)
    assert "Asked about the delivery of the order" in detail and "Thank you for calling" in detail
    client.post("/review/decide", data={"finding": finding.id, "decision": "coached", "note": "Apologise first.",
                                        "next": f"/review/findings/{finding.id}"})
    assert db.session.get(Finding, finding.id).status == "coached"
    auth.logout()
    auth.login(agent)
    mine = client.get("/me/").get_data(as_text=True)
    assert "Apologise first." in mine and "Acknowledge" in mine
    note_id = db.session.scalar(select(CoachingNote.id))
    client.post(f"/me/coaching/{note_id}/acknowledge")
    assert "acknowledged" in client.get("/me/").get_data(as_text=True)


def test_bulk_decision_from_the_queue_page(client, auth, team):
    lead, agent, customer = team
    ids = [f.id for f in _log(agent, customer).findings]
    auth.login(lead)
    client.post("/review/decide", data={"finding": ids, "decision": "dismissed", "note": "test call"})
    assert {db.session.get(Finding, i).status for i in ids} == {"dismissed"}



def test_a_refused_bulk_decision_keeps_the_chosen_findings_and_says_why_beside_the_field(client, auth, team):
    lead, agent, customer = team
    ids = [f.id for f in _log(agent, customer).findings]
    auth.login(lead)
    refused = client.post("/review/decide", data={"finding": ids[:1], "decision": "coached", "note": "",
                                                   "next": "/review/?channel=phone"})
    # shown again at the queue's own address: a reload asks the page again, it does not re-post
    assert refused.status_code == 302 and refused.headers["Location"] == "/review/?channel=phone"
    shown = client.get(refused.headers["Location"])
    page = shown.get_data(as_text=True)
    assert shown.status_code == 422
    assert f'value="{ids[0]}" checked' in page  # the lead's ticks survive the refusal
    assert all(f'value="{i}" checked' not in page for i in ids[1:])
    assert '<option value="coached" selected>' in page
    assert 'id="bulk-note-error"' in page and "coaching note" in page
    assert 'aria-describedby="bulk-note-error"' in page
    assert {db.session.get(Finding, i).status for i in ids} == {"open"}
    assert '<option value="phone" selected>' in page  # under the same filters it was sent from
    reloaded = client.get("/review/?channel=phone").get_data(as_text=True)  # once: a reload is a fresh form
    assert 'id="bulk-note-error"' not in reloaded and f'value="{ids[0]}" checked' not in reloaded

def test_review_through_the_api(api, team, make_user):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    assert api(agent).post(f"/api/v1/findings/{finding.id}/review", json={"decision": "upheld"}).status_code == 403
    other_lead = make_user("lead", team="Beta")
    assert api(other_lead).post(f"/api/v1/findings/{finding.id}/review", json={"decision": "upheld"}).status_code == 404
    bad = api(lead).post(f"/api/v1/findings/{finding.id}/review", json={"decision": "maybe", "extra": 1})
    assert bad.status_code == 422 and set(bad.get_json()["error"]["fields"]) >= {"decision", "extra"}
    ok = api(lead).post(f"/api/v1/findings/{finding.id}/review", json={"decision": "coached", "note": "Try X"})
    assert ok.status_code == 200
    body = ok.get_json()
    assert (body["status"], body["review_note"], body["reviewer_id"]) == ("coached", "Try X", lead.id)
    again = api(lead).post(f"/api/v1/findings/{finding.id}/review", json={"decision": "upheld"})
    assert again.status_code == 409  # decided already: a conflict with that decision, not a bad request
    assert again.get_json()["error"]["message"] == f"Finding {finding.id} was already reviewed (coached)."


def test_agent_standing_shows_compliance_and_csat(team):
    _, agent, customer = team
    logged = _log(agent, customer)
    _log(agent, customer, hold=10, apologized=True)
    surveys.answer(surveys.token_for(surveys.survey_of(logged.interaction.id)), 5)
    standing = review.agent_standing(agent)
    rates = {r["standard"]: r["rate"] for r in standing["per_standard"]}
    assert rates["hold.max_duration"] == 50.0 and rates["courtesy.thanks"] == 100.0
    csat = next(t for t in standing["targets"] if t["label"].startswith("Satisfied"))
    assert csat["value"] == 100.0 and csat["met"] is True


def test_the_survey_link_is_emailed_through_the_outbox_when_the_customer_has_an_address(app, make_user,
                                                                                       make_customer, smtp_server):
    from crm.models import Delivery
    from crm.services import outbox

    url, mailbox = smtp_server
    app.config.update(CRM_SMTP_URL=url, CRM_MAIL_FROM="crm@shop.example", CRM_BASE_URL="https://crm.shop.example")
    agent = make_user("agent")
    with_mail = make_customer("Aino Korhonen", emails=["aino@example.fi"])
    without = make_customer("Mikko Virtanen", phones=["+358 40 123 4567"])
    logged = _log(agent, with_mail)
    _log(agent, without)
    (delivery,) = db.session.scalars(select(Delivery)).all()
    assert (delivery.kind, delivery.event, delivery.target) == ("email", "survey.invite", "aino@example.fi")
    assert outbox.deliver_due().delivered == 1
    (rcpts, message), = mailbox.messages
    link = re.search(r"https://crm\.shop\.example/survey/\S+", message.get_content()).group(0)
    token = link.rsplit("/", 1)[1]
    assert surveys.by_token(token).interaction_id == logged.interaction.id


def test_coaching_without_a_note_keeps_the_choice_and_says_why_next_to_the_note(client, auth, team):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    auth.login(lead)
    response = client.post(f"/review/findings/{finding.id}", data={"decision": "coached", "note": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="coached" checked' in page and "needs the coaching note" in page
    assert db.session.get(Finding, finding.id).status == "open"
    done = client.post(f"/review/findings/{finding.id}", data={"decision": "coached", "note": "Say sorry first"})
    assert done.status_code == 302 and db.session.get(Finding, finding.id).status == "coached"


def test_an_escalation_is_also_emailed_to_the_admins_when_mail_is_set_up(app, team, make_user):
    from crm.models import Delivery

    _, agent, customer = team
    app.config["CRM_SMTP_URL"] = "smtp://127.0.0.1:2525"
    admin = make_user("admin", email="boss@example.com")
    finding = _log(agent, customer, outcome="follow_up", follow_up_due="2030-01-01T00:00:00+00:00").findings[0]
    with db.session.begin():
        db.session.get(Finding, finding.id).severity = "critical"
    review.escalate(datetime.now(timezone.utc) + timedelta(hours=25))
    (mail,) = db.session.scalars(select(Delivery).where(Delivery.event == "finding.escalated")).all()
    assert mail.target == admin.email and f"/review/findings/{finding.id}" in mail.payload["text"]



def test_a_decision_is_never_assumed_so_a_stray_click_upholds_nothing(client, auth, team):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    auth.login(lead)
    assert 'checked' not in client.get(f"/review/findings/{finding.id}").get_data(as_text=True).split('name="decision"', 1)[1][:40]
    response = client.post(f"/review/findings/{finding.id}", data={"note": ""})
    assert response.status_code == 422 and "choose a decision" in response.get_data(as_text=True)
    assert db.session.get(Finding, finding.id).status == "open"


def _race(live_server, tokens, method, path, bodies):
    """Send the requests at once, one thread each, over real HTTP; their statuses in order."""
    import threading
    from test_calls import http

    start, statuses = threading.Barrier(len(bodies)), [None] * len(bodies)

    def send(i):
        start.wait()
        statuses[i] = http(live_server, tokens[i % len(tokens)], method, path, bodies[i])[0]

    threads = [threading.Thread(target=send, args=(i,)) for i in range(len(bodies))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return statuses


def test_concurrent_reviews_of_one_finding_let_exactly_one_decide(app, live_server, team, make_user, token_for):
    lead, agent, customer = team
    finding = _log(agent, customer).findings[0]
    tokens = [token_for(lead), token_for(make_user("admin")), token_for(lead), token_for(make_user("admin"))]
    bodies = [{"decision": ("upheld", "dismissed")[i % 2], "note": "n"} for i in range(8)]
    statuses = _race(live_server, tokens, "POST", f"/api/v1/findings/{finding.id}/review", bodies)
    assert sorted(statuses) == [200] + [409] * 7
    db.session.expire_all()
    decisions = list(db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "finding",
                                                                 AuditEvent.entity_id == finding.id)))
    assert len(decisions) == 1 and decisions[0].action == f"finding.{db.session.get(Finding, finding.id).status}"


def test_concurrent_follow_up_done_marks_it_kept_once(app, live_server, team, token_for):
    lead, agent, customer = team
    due = (datetime.now(timezone.utc) + timedelta(days=1)).isoformat()
    promise = _log(agent, customer, outcome="follow_up", follow_up_due=due).interaction
    tokens = [token_for(agent), token_for(lead)]
    statuses = _race(live_server, tokens, "POST", f"/api/v1/interactions/{promise.id}/follow-up/done",
                     [{"note": f"kept {i}"} for i in range(8)])
    assert sorted(statuses) == [200] + [409] * 7
    db.session.expire_all()
    kept = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "follow_up.kept")).all()
    assert len(kept) == 1
