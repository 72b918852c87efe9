"""The phone on the agent's desk: the call popping up, the hold timer's limit, calls to log, logging
from a call, and creating an integration in the admin pages."""
import re
from datetime import datetime, timedelta, timezone


def send(api, user, call_id, *events, **fields):
    """Post (event, seconds ago) pairs of one call as `user`'s softphone."""
    now = datetime.now(timezone.utc)
    for event, ago in events:
        body = {"call_id": call_id, "event": event, "at": (now - timedelta(seconds=ago)).isoformat(), **fields}
        if event == "transfer":
            body["transfer"] = {"type": "cold", "to": "billing"}
        response = api(user).post("/api/v1/calls/events", json=body)
        assert response.status_code == 202, response.get_json()


def pilot_hold_limit(seconds, team):
    from crm.services.access import SYSTEM
    from crm.services.policy import RuleInput, create_version, default_rules

    create_version(default_rules() + [RuleInput("hold.max_duration", {"max_seconds": seconds}, mode="pilot",
                                                teams=[team])], SYSTEM, note="pilot a shorter hold")


def test_the_desk_pops_the_caller_and_times_the_hold_against_the_teams_limits(
        app, client, auth, api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"], notes="Prefers English.")
    auth.login(agent)
    assert "No call right now" in client.get("/desk").get_data(as_text=True)
    send(api, agent, "c-1", ("ringing", 20), ("answered", 12), **{"from": "012-345 6789"})
    page = client.get("/desk/calls/live").get_data(as_text=True)
    assert "Siti Nurhaliza" in page and "Prefers English." in page and "waited 8 s" in page
    assert "/interactions/new?call=c-1" in page
    assert 'id="hold-timer"' not in page
    pilot_hold_limit(45, "Alpha")
    send(api, agent, "c-1", ("hold", 5))
    page = client.get("/desk/calls/live").get_data(as_text=True)
    assert 'data-limit="45"' in page and 'data-warn-at="33"' in page  # the strictest limit, amber at 75 %
    assert "45 s (pilot), 60 s (enforced)" in page
    assert "Apologise to the caller" in page
    client.post("/desk/calls/c-1/apology")
    assert "Apologise to the caller" not in client.get("/desk/calls/live").get_data(as_text=True)
    # Another team has only the enforced limit.
    other = make_user("agent", team="Beta")
    send(api, other, "c-2", ("answered", 10), ("hold", 5), **{"from": "+60 12-345 6789"})
    auth.logout()
    auth.login(other)
    page = client.get("/desk/calls/live").get_data(as_text=True)
    assert 'data-limit="60"' in page and "of 60 s allowed" in page


def test_a_number_several_customers_have_lists_them_to_choose_from(app, client, auth, api, make_user,
                                                                  make_customer):
    agent = make_user("agent")
    make_customer("Siti Rahman", phones=["012-345 6789"])
    make_customer("Aino Korhonen", phones=["+358 12 345 6789"])
    send(api, agent, "c-1", ("ringing", 3), **{"from": "0123456789"})
    auth.login(agent)
    page = client.get("/desk").get_data(as_text=True)
    assert "Several customers have this number" in page
    assert "Log this call for Siti Rahman" in page and "Log this call for Aino Korhonen" in page


def test_an_unlogged_call_shows_under_calls_to_log_after_the_configured_time(
        app, client, auth, api, make_user, make_customer):
    app.config["CRM_CALLS_TO_LOG_AFTER"] = 300
    agent = make_user("agent")
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    send(api, agent, "old", ("ringing", 700), ("answered", 690), ("hangup", 600), **{"from": "+420 603 123 456"})
    send(api, agent, "new", ("ringing", 100), ("answered", 90), ("hangup", 60), **{"from": "+420 603 123 456"})
    send(api, agent, "missed", ("ringing", 900), ("hangup", 880), **{"from": "+420 603 123 456"})
    auth.login(agent)
    page = client.get("/desk").get_data(as_text=True)
    listed = re.findall(r"call=([\w-]+)", page.split('id="calls-to-log"')[1])
    assert listed == ["old"]  # "new" ended a minute ago; a missed call is no contact to log
    live = page.split('id="live-call"')[1].split('id="calls-to-log"')[0]
    assert "Call ended" in live and "call=new" in live  # the call just ended keeps its log link
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "call_id": "old", "channel": "phone", "direction": "inbound", "summary": "Changed the delivery address",
        "outcome": "resolved", "transcript": "Agent: Děkuji za zavolání."})
    assert response.status_code == 302
    assert 'id="calls-to-log"' not in client.get("/desk").get_data(as_text=True)


def test_the_log_form_opened_from_a_call_is_prefilled_with_what_was_measured(
        app, client, auth, api, make_user, make_customer):
    agent = make_user("agent")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    send(api, agent, "c-1", ("ringing", 200), ("answered", 192), ("hold", 170), ("unhold", 95),
         ("transfer", 75), ("hangup", 70), **{"from": "+60 12-345 6789"})
    auth.login(agent)
    page = client.get(f"/customers/{customer.id}/interactions/new?call=c-1").get_data(as_text=True)
    assert "Measured by the phone system" in page
    assert re.search(r'id="holds-0-seconds"[^>]*value="75"', page)
    assert re.search(r'id="queue_wait_seconds"[^>]*value="8"', page)
    assert re.search(r'<option selected value="cold">', page)
    assert re.search(r'id="call_id"[^>]*value="c-1"', page)
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "call_id": "c-1", "channel": "phone", "direction": "inbound", "holds-0-seconds": "20",
        "summary": "Refund for the damaged parcel agreed", "outcome": "resolved",
        "transcript": "Agent: Terima kasih."}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "hold.max_duration" in page and "hold.apology" in page
    from crm.models import Finding
    from crm.extensions import db
    from sqlalchemy import select

    finding = db.session.scalar(select(Finding).where(Finding.standard == "hold.max_duration"))
    assert finding.evidence["measured"] is True
    assert finding.evidence["typed"] == {"holds": [{"seconds": 20, "apologized": False}]}


def test_an_admin_creates_an_integration_in_the_admin_pages_and_sees_its_token_once(
        app, client, auth, make_user):
    auth.login(make_user("admin"))
    response = client.post("/admin/users", data={"email": "pbx@example.com", "name": "PBX",
                                                  "role": "integration", "team": "", "department": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Integration PBX is created" in page
    token = re.search(r'value="(crm_[^"]+)"', page).group(1)
    assert client.get("/api/v1/calls/none", headers={"Authorization": f"Bearer {token}"}).status_code == 404


def test_the_phone_panel_is_for_the_desk_roles_only(app, client, auth, make_user):
    for role, status in (("agent", 200), ("lead", 200), ("admin", 200), ("department", 403)):
        auth.login(make_user(role))
        assert client.get("/desk/calls/live").status_code == status, role
        assert client.post("/desk/calls/nope/apology").status_code in ((302,) if status == 200 else (403,))
        auth.logout()
    assert client.get("/desk/calls/live").status_code == 302  # to the login page


def test_logging_a_call_twice_or_another_agents_call_from_the_form_says_why(
        app, client, auth, api, make_user, make_customer):
    agent, other = make_user("agent"), make_user("agent")
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    send(api, agent, "c-1", ("answered", 60), ("hangup", 30))
    form = {"call_id": "c-1", "channel": "phone", "direction": "inbound", "summary": "Address changed for good",
            "outcome": "resolved"}
    auth.login(other)
    response = client.post(f"/customers/{customer.id}/interactions/new", data=form)
    assert response.status_code == 422 and "The call is another agent&#39;s call." in response.get_data(as_text=True)
    auth.logout()
    auth.login(agent)
    assert client.post(f"/customers/{customer.id}/interactions/new", data=form).status_code == 302
    again = client.post(f"/customers/{customer.id}/interactions/new", data=form)
    assert again.status_code == 200 and "is already logged as interaction" in again.get_data(as_text=True)
