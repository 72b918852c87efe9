"""In a real browser: a refused promotion and a refused bulk review show again at their page's own
address (a reload asks nothing to be posted again), and the pages changed with them pass axe-core."""
import pytest
from web_helpers import browser_login, serious_violations

pytestmark = pytest.mark.browser


def test_refused_forms_reload_without_posting_and_the_pages_pass_axe(app, page, make_user, make_customer):
    from axe_playwright_python.sync_playwright import Axe
    from sqlalchemy import func, select

    from crm.database import write_transaction
    from crm.extensions import db
    from crm.i18n import msg
    from crm.models import PolicyVersion
    from crm.services import policy
    from crm.services.accounts import set_locale
    from crm.services.interactions import InteractionInput, log_interaction
    from crm.services.notifications import notify

    admin = set_locale(make_user("admin", email="admin@example.com"), "cs")
    lead = make_user("lead", team="Alpha", email="lead@example.com")
    agent = make_user("agent", team="Alpha", email="agent@example.com")
    colleague = make_user("agent", team="Alpha", email="colleague@example.com")
    customer = make_customer("Jukka Mäkinen")
    logged = log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 95, "apologized": True}],
                                              summary="Checked the invoice", outcome="resolved"), agent)
    with write_transaction():
        notify(agent.id, "coaching", msg("%(name)s acknowledged your coaching note.", name="Lena"), "/me")
    policy.create_version(policy.default_rules() + [
        policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])], admin, note="pilot")
    axe, problems = Axe(), []

    def check(path=None):
        if path:
            page.goto(path)
        problems.extend((page.url, v) for v in serious_violations(axe, page))

    browser_login(page, admin.email)
    check("/admin/policy/pilot")
    page.fill("#promote-note-0", "Bez dat")
    page.check("input[name=confirm]")
    page.click("form.promote button[type=submit]")
    assert page.url.endswith("/admin/policy/pilot") and page.locator("#promote-data-error-0").is_visible()
    assert page.input_value("#promote-note-0") == "Bez dat"
    check()
    page.reload()  # a GET: nothing posted again, and the refusal is not repeated
    assert page.locator("#promote-data-error-0").count() == 0
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 2
    check("/admin/policy")
    check("/admin/audit")

    page.context.clear_cookies()
    browser_login(page, lead.email)
    page.goto("/review/")
    page.locator("#queue tbody input[name=finding]").first.check()
    page.select_option("#bulk-decision", "coached")
    page.click("#bulk-form button[type=submit]")
    assert "/review/" in page.url and "/decide" not in page.url and page.locator("#bulk-note-error").is_visible()
    check()

    for user, path in ((agent, "/me/notices"), (colleague, f"/interactions/{logged.interaction.id}")):
        page.context.clear_cookies()
        browser_login(page, user.email)
        check(path)
    assert problems == []
