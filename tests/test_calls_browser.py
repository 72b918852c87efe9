"""In a real browser: a call the phone system reports over HTTP pops up on the desk, the hold timer
turns amber then red against the team's pilot limit, and the agent logs the call from the desk."""
import json
import re
import urllib.request
from datetime import datetime, timezone

import pytest

pytestmark = pytest.mark.browser


def post_event(base, token, **event):
    event.setdefault("at", datetime.now(timezone.utc).isoformat())
    request = urllib.request.Request(f"{base}/api/v1/calls/events", data=json.dumps(event).encode(),
                                     method="POST", headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202


def test_the_desk_pops_the_call_and_the_hold_timer_turns_amber_then_red(
        app, page, live_server, make_user, make_customer):
    from playwright.sync_api import expect

    from crm.services.access import SYSTEM
    from crm.services.accounts import create_token
    from crm.services.policy import RuleInput, create_version, default_rules

    app.config.update(WTF_CSRF_ENABLED=True, CRM_DESK_POLL_SECONDS=0.3)
    agent = make_user("agent", team="Alpha", email="aminah@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    # Team Alpha pilots a 4-second hold limit: amber from 3 s, red past 4 s.
    create_version(default_rules() + [RuleInput("hold.max_duration", {"max_seconds": 4}, mode="pilot",
                                                teams=["Alpha"])], SYSTEM)
    token = create_token(make_user("integration", password=None), "pbx")[1]
    call = {"call_id": "pbx-1", "from": "012-345 6789", "direction": "inbound", "agent": agent.email}

    page.goto("/login")
    page.fill("#email", agent.email)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/desk$"))
    expect(page.locator("#no-call")).to_be_visible()

    post_event(live_server, token, event="ringing", **call)
    post_event(live_server, token, event="answered", **call)
    expect(page.locator("#live-call")).to_contain_text("Siti Nurhaliza")

    post_event(live_server, token, event="hold", **call)
    timer = page.locator("#hold-timer")
    expect(timer).to_contain_text("of 4 s (pilot), 60 s (enforced) allowed")
    expect(timer).to_have_class(re.compile(r"\bhold-ok\b"))
    expect(page.locator("#apology-reminder")).to_contain_text("Apologise to the caller")
    expect(timer).to_have_class(re.compile(r"\bhold-warn\b"))
    expect(page.locator("#hold-status")).to_have_text("Nearing the hold limit")
    expect(timer).to_have_class(re.compile(r"\bhold-over\b"))
    expect(page.locator("#hold-status")).to_have_text("Over the hold limit")
    expect(page.locator("#hold-clock")).to_have_text(re.compile(r"0:0[5-9]"))

    post_event(live_server, token, event="unhold", **call)
    post_event(live_server, token, event="hangup", **call)
    expect(page.locator("#live-call")).to_contain_text("Call ended")  # and stays until it is logged
    page.locator("#live-call a", has_text="Log this call").click()
    expect(page.locator("#measured-note")).to_contain_text("Measured by the phone system")
    expect(page.locator("#holds-0-seconds")).to_have_value(re.compile(r"^[4-9]$"))
    page.fill("#summary", "Asked when the replacement parcel arrives; confirmed Friday.")
    page.select_option("#outcome", "resolved")
    page.click("#interaction-form .actions button[type=submit]")
    expect(page.locator("#findings")).to_contain_text("hold.max_duration")
    expect(page.locator("#findings")).to_contain_text("hold.apology")
