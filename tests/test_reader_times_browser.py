"""In Chromium: the log form's zone hint follows the day typed, and the pages this round changed (the
review queue's filters with errors, a user's zone on the admin's page, the policy form's refused start)
pass axe-core with every error tied to its field. Fixtures (`live_server`, `page`) are in conftest.py."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from crm.services.access import SYSTEM
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.sweep import run_sweep
from crm.services.teams import set_team_timezone
from web_helpers import browser_login, serious_violations

pytestmark = pytest.mark.browser


def test_the_log_forms_zone_hint_follows_the_day_typed(app, page, make_user, make_customer):
    from playwright.sync_api import expect

    agent = make_user("agent", team="Praha", email="eva@example.com")
    set_team_timezone(agent.team_id, SYSTEM, "Europe/Prague")
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    year = datetime.now(timezone.utc).year
    browser_login(page, agent.email)
    page.goto(f"/customers/{customer.id}/interactions/new")
    hint = page.locator("#started_at-hint")
    page.fill("#started_at", f"{year}-07-15T10:00")
    expect(hint).to_have_text("Europe/Prague time (CEST, UTC+02:00)")
    page.fill("#started_at", f"{year}-12-15T10:00")
    expect(hint).to_have_text("Europe/Prague time (CET, UTC+01:00)")
    page.fill("#follow_up_due", f"{year + 1}-06-01T09:00")
    expect(page.locator("#follow_up_due-hint")).to_have_text("Europe/Prague time (CEST, UTC+02:00)")


def test_the_pages_changed_for_times_pass_axe_with_their_errors_shown(app, page, make_user, make_customer):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True
    admin = make_user("admin", email="ada@example.com")
    agent = make_user("agent", team="Praha", email="eva@example.com")
    now = datetime.now(timezone.utc).replace(microsecond=0)
    log_interaction(InteractionInput(customer_id=make_customer("Jan Novák").id, started_at=now - timedelta(hours=40),
                                     summary="Call me back about order 1042.", outcome="follow_up",
                                     follow_up_due=now - timedelta(hours=20)), agent)
    run_sweep(now)
    axe, problems = Axe(), []
    browser_login(page, admin.email)

    page.goto("/review/?standard=no.such&from=2026-13-01&severity=high")
    expect(page.locator("#f-from")).to_have_attribute("aria-describedby", "f-from-error")
    expect(page.locator("#f-from-error")).to_contain_text("is not a date")
    expect(page.locator("#f-severity")).to_have_value("high")
    problems += [("review queue, bad filters", p) for p in serious_violations(axe, page)]
    page.goto("/review/")
    expect(page.locator("#queue")).to_contain_text("The callback promised for")
    problems += [("review queue", p) for p in serious_violations(axe, page)]

    page.goto(f"/admin/users/{agent.id}")
    page.get_by_label("Time zone", exact=True).select_option("other")
    page.get_by_label("Another zone (IANA name)").fill("Prague")
    page.click("main form button[type=submit]")
    expect(page.locator("#other_timezone")).to_have_attribute("aria-invalid", "true")
    problems += [("user page, bad zone", p) for p in serious_violations(axe, page)]

    page.goto("/admin/policy/new")
    page.fill("#effective_from", "2020-01-01T09:00")
    page.click("main form button[name=action][value=save]")
    expect(page.locator("#effective_from")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main")).to_contain_text("is in the past")
    problems += [("policy form, backdated", p) for p in serious_violations(axe, page)]
    assert problems == []
