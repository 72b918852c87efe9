"""A Prague agent in a real browser: every page says the times are Prague times, the log form reads a
typed 14:30 as 14:30 in Prague, a time the spring clock change skips is refused beside its field, and
the time-zone picker passes axe-core. The real server (`live_server`) and Chromium (`page`) fixtures
are in conftest.py."""
import re
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Interaction, User
from crm.services.access import SYSTEM
from crm.services.teams import set_team_timezone
from web_helpers import browser_login, serious_violations

pytestmark = pytest.mark.browser

ZONE_NOTE = re.compile(r"Times in Europe/Prague \((CET, UTC\+01:00|CEST, UTC\+02:00)\)")


def test_a_prague_agent_sees_and_types_prague_times(app, page, make_user, make_customer):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True  # the real forms, with their CSRF tokens
    app.config["CRM_TIMEZONE"] = "Asia/Kuala_Lumpur"  # the organisation's zone is not the agent's
    agent = make_user("agent", team="Praha", email="eva@example.com")
    set_team_timezone(agent.team_id, SYSTEM, "Europe/Prague")
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    axe, problems = Axe(), []

    browser_login(page, agent.email)
    expect(page).to_have_url(re.compile(r"/desk$"))
    expect(page.locator("#zone-note")).to_have_text(ZONE_NOTE)

    page.goto(f"/customers/{customer.id}/interactions/new")
    for field_id in ("started_at", "ended_at", "follow_up_due"):  # each time field says its zone, tied to it
        field = page.locator(f"#{field_id}")
        expect(field).to_have_attribute("aria-describedby", re.compile(f"{field_id}-hint"))
        expect(page.locator(f"#{field_id}-hint")).to_have_text(re.compile(r"^Europe/Prague time \(CES?T"))
    problems += [("log form", p) for p in serious_violations(axe, page)]

    # 02:30 on 2025-03-30 never happened in Prague: said next to Started, nothing stored
    page.fill("#started_at", "2025-03-30T02:30")
    page.fill("#summary", "Asked when the courier comes.")
    page.click("#interaction-form .actions button[type=submit]")
    expect(page.locator("#started_at-error-1")).to_contain_text("does not exist in Europe/Prague")
    expect(page.locator("#started_at")).to_have_attribute("aria-invalid", "true")
    assert db.session.scalar(select(Interaction)) is None

    page.fill("#started_at", "2025-11-20T14:30")
    page.fill("#ended_at", "2025-11-20T14:42")
    page.click("#interaction-form .actions button[type=submit]")
    expect(page).to_have_url(re.compile(r"/interactions/\d+"))
    expect(page.locator("main")).to_contain_text("Nov 20, 2025, 2:30\u202fPM")
    db.session.rollback()  # a fresh read: the server wrote in its own connection
    ix = db.session.scalar(select(Interaction))
    assert (ix.started_at, ix.ended_at) == (datetime(2025, 11, 20, 13, 30, tzinfo=timezone.utc),
                                            datetime(2025, 11, 20, 13, 42, tzinfo=timezone.utc))

    # choosing another zone from the footer: the picker is labelled, a wrong name is said beside the box
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}):
        page.set_viewport_size(size)
        page.goto("/me/zone")
        problems += [(f"/me/zone at {size['width']}", p) for p in serious_violations(axe, page)]
        wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 1, f"/me/zone is {wide}px wider than a {size['width']}px window"
    page.get_by_label("Time zone", exact=True).select_option("other")
    page.get_by_label("Another zone (IANA name)").fill("Europe/Praha")
    page.click("#zone-form button[type=submit]")
    expect(page.locator("#other_timezone-error-1")).to_contain_text("is not a time zone")
    problems += [("/me/zone with an error", p) for p in serious_violations(axe, page)]
    page.get_by_label("Another zone (IANA name)").fill("Asia/Tokyo")
    page.click("#zone-form button[type=submit]")
    expect(page.locator("#zone-note")).to_have_text(re.compile(r"Times in Asia/Tokyo \(JST, UTC\+09:00\)"))
    page.goto(f"/interactions/{ix.id}")
    expect(page.locator("main")).to_contain_text("Nov 20, 2025, 10:30\u202fPM")  # the same moment, on a Tokyo clock
    db.session.rollback()
    assert db.session.get(User, agent.id).timezone == "Asia/Tokyo"
    assert problems == []


def test_the_team_zone_pages_pass_axe_and_tie_the_error_to_the_box(app, page, make_user):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True
    admin = make_user("admin", email="ada@example.com")
    team_id = make_user("agent", team="Praha").team_id
    axe, problems = Axe(), []
    browser_login(page, admin.email)
    for path in ("/admin/teams", f"/admin/teams/{team_id}"):
        page.goto(path)
        problems += [(path, p) for p in serious_violations(axe, page)]
    page.get_by_label("Time zone", exact=True).select_option("other")
    page.get_by_label("Another zone (IANA name)").fill("Prague")
    page.click("main form button[type=submit]")
    box = page.locator("#other_timezone")
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_attribute("aria-describedby", re.compile("other_timezone-error-1"))
    problems += [("team zone with an error", p) for p in serious_violations(axe, page)]
    page.get_by_label("Time zone", exact=True).select_option("Europe/Prague")
    page.click("main form button[type=submit]")
    expect(page.locator("main table")).to_contain_text("Europe/Prague")
    assert problems == []
