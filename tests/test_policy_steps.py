"""One-click policy steps: promote a pilot rule, justify a finding afterwards, parameters as fields."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, Finding, PolicyVersion
from crm.services import policy
from crm.services.interactions import InteractionInput, log_interaction


def _call(agent, customer, hold_seconds, apologized=True, minutes_ago=5):
    return log_interaction(InteractionInput(
        customer_id=customer.id, holds=[{"seconds": hold_seconds, "apologized": apologized}],
        summary="Asked about the delivery of the order", transcript="Agent: Thank you for calling.", outcome="resolved",
        started_at=datetime.now(timezone.utc) - timedelta(minutes=minutes_ago)), agent)


def test_an_admin_promotes_a_pilot_rule_after_confirming_it(client, auth, make_user, make_customer):
    admin = make_user("admin")
    alpha, beta = make_user("agent", team="Alpha"), make_user("agent", team="Beta")
    customer = make_customer()
    policy.create_version(policy.default_rules() + [
        policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])], admin, note="pilot")
    _call(alpha, customer, 50, minutes_ago=0)  # the pilot has checked a contact
    auth.login(admin)
    report = client.get("/admin/policy/pilot").get_data(as_text=True)
    assert "Promote this pilot rule" in report and "Promote the pilot of Holds are short" in report
    assert "checked no contacts yet" not in report
    unconfirmed = client.post("/admin/policy/pilot/promote", data={"version": "2", "position": "0", "note": "Go"})
    assert unconfirmed.status_code == 302 and unconfirmed.headers["Location"] == "/admin/policy/pilot"
    shown = client.get("/admin/policy/pilot")  # the refusal at the report's own address: a reload re-posts nothing
    page = shown.get_data(as_text=True)
    assert shown.status_code == 422 and 'id="promote-error-0"' in page and ">Go</textarea>" in page
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 2  # nothing promoted yet
    promoted = client.post("/admin/policy/pilot/promote",
                           data={"version": "2", "position": "0", "note": "", "confirm": "yes"})
    assert promoted.status_code == 302
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.number == 3))
    holds = [r for r in version.rules if r.standard == "hold.max_duration"]
    assert [(r.mode, r.params["max_seconds"], list(r.teams or [])) for r in holds] == [("enforce", 45, [])]
    assert version.note.startswith("Promote the pilot of Holds are short")
    assert len(version.rules) == len(policy.default_rules())
    findings = _call(beta, customer, 50, minutes_ago=0).findings  # Beta was not in the pilot: now enforced there too
    assert ("hold.max_duration", "enforce") in [(f.standard, f.mode) for f in findings]
    stale = client.post("/admin/policy/pilot/promote", data={"version": "2", "position": "0", "confirm": "yes"},
                        follow_redirects=True)
    assert b"The policy changed since" in stale.data
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 3


def test_promoting_a_pilot_that_has_checked_no_contact_needs_its_own_tick(client, auth, make_user):
    admin = make_user("admin")
    make_user("agent", team="Alpha")
    policy.create_version(policy.default_rules() + [
        policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])], admin, note="pilot")
    auth.login(admin)
    report = client.get("/admin/policy/pilot").get_data(as_text=True)
    assert "This pilot has checked no contacts yet" in report and 'name="without_data"' in report
    refused = client.post("/admin/policy/pilot/promote",
                          data={"version": "2", "position": "0", "note": "Anyway", "confirm": "yes"})
    assert refused.status_code == 302
    page = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert 'id="promote-data-error-0"' in page and "nothing shows how the rule works" in page
    assert ">Anyway</textarea>" in page
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 2
    client.post("/admin/policy/pilot/promote",
                data={"version": "2", "position": "0", "note": "Anyway", "confirm": "yes", "without_data": "yes"})
    assert db.session.scalar(select(PolicyVersion.note).where(PolicyVersion.number == 3)) == "Anyway"


def test_an_agent_justifies_a_finding_afterwards_and_withdraws_it(client, auth, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    finding = next(f for f in _call(agent, make_customer(), 90).findings if f.standard == "hold.max_duration")
    auth.login(agent)
    standing = client.get("/me/").get_data(as_text=True)
    assert f'href="/me/findings/{finding.id}"' in standing

    empty = client.post(f"/me/findings/{finding.id}", data={"action": "justify", "reason": "  "})
    assert empty.status_code == 422 and b"is required" in empty.data
    client.post(f"/me/findings/{finding.id}", data={"action": "justify", "reason": "She asked me to wait."})
    db.session.expire_all()
    assert db.session.get(Finding, finding.id).status == "justified"
    page = client.get(f"/me/findings/{finding.id}").get_data(as_text=True)
    assert "Withdraw my reason" in page and "She asked me to wait." in page
    client.post(f"/me/findings/{finding.id}", data={"action": "withdraw"})
    db.session.expire_all()
    stored = db.session.get(Finding, finding.id)
    assert (stored.status, stored.justification) == ("open", None)
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "finding")
                                                 .order_by(AuditEvent.id))] == [
        "finding.justified", "finding.justification_withdrawn"]

    lead = make_user("lead", team="Alpha")
    from crm.services import review
    review.decide(lead, [finding.id], "upheld", "")
    late = client.post(f"/me/findings/{finding.id}", data={"action": "justify", "reason": "Too late?"})
    assert late.status_code == 409 and b"decided" in late.data
    other = make_user("agent", team="Alpha")
    auth.logout()
    auth.login(other)
    assert client.get(f"/me/findings/{finding.id}").status_code == 404
    # The team's lead reviews it on the review page; it is not on their own page nor theirs to justify.
    auth.logout()
    auth.login(lead)
    assert f"/me/findings/{finding.id}" not in client.get("/me/").get_data(as_text=True)
    assert client.get(f"/me/findings/{finding.id}").status_code == 404
    assert client.post(f"/me/findings/{finding.id}", data={"action": "justify", "reason": "Mine?"}).status_code == 404


def test_the_policy_form_asks_for_each_parameter_by_its_schema_not_json(client, auth, make_user):
    auth.login(make_user("admin"))
    page = client.get("/admin/policy/new").get_data(as_text=True)
    assert "Parameters (JSON)" not in page
    codes = [r.standard for r in policy.default_rules()]
    i = codes.index("hold.max_duration")
    assert f'<label for="rules-{i}-p-max_seconds"><code>max_seconds</code></label>' in page
    apology = codes.index("hold.apology")
    assert f'type="checkbox" id="rules-{apology}-p-accept_transcript_phrase"' in page

    form = {"row_count": str(len(codes)), "note": "Stricter holds", "action": "save"}
    for n, code in enumerate(codes):
        form.update({f"rules-{n}-standard": code, f"rules-{n}-shown": code, f"rules-{n}-mode": "enforce"})
    form[f"rules-{apology}-has-accept_transcript_phrase"] = "1"  # shown, left unticked: off
    bad = client.post("/admin/policy/new", data={**form, f"rules-{i}-p-max_seconds": "forty"})
    assert bad.status_code == 422
    field = bad.get_data(as_text=True).split(f'id="rules-{i}-p-max_seconds"')[1].split("</div>")[0]
    assert "must be a whole number" in field
    saved = client.post("/admin/policy/new", data={**form, f"rules-{i}-p-max_seconds": "40"})
    assert saved.status_code == 302
    rules = {r.standard: r.params for r in policy.version_in_force().rules}
    assert rules["hold.max_duration"]["max_seconds"] == 40
    assert rules["hold.apology"]["accept_transcript_phrase"] is False


def test_the_api_justifies_and_withdraws_until_the_lead_decides(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    finding = next(f for f in _call(agent, make_customer(), 90).findings if f.standard == "hold.max_duration")
    me = api(agent)
    url = f"/api/v1/findings/{finding.id}/justification"
    assert me.post(url, json={"reason": ""}).status_code == 422
    justified = me.post(url, json={"reason": "The customer asked me to wait."})
    assert justified.status_code == 200 and justified.get_json()["status"] == "justified"
    withdrawn = me.delete(url)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["justification"] is None
    assert me.delete(url).status_code == 409
    assert api(make_user("agent", team="Alpha")).post(url, json={"reason": "x"}).status_code == 404
