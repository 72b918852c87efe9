"""The agent's path in a real browser: log in, type a number, open the profile, log a call, see it.

The real server (`live_server`) and Chromium (`page`) fixtures are in conftest.py."""
import re

import pytest

pytestmark = pytest.mark.browser


def test_agent_finds_a_caller_by_national_number_and_logs_a_call(app, page, make_user, make_customer):
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True  # the real forms, with their CSRF tokens
    agent = make_user("agent", email="aminah@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"], notes="Prefers to be called after 17:00.")

    page.goto("/login")
    page.fill("#email", agent.email)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    expect(page).to_have_url(re.compile(r"/desk$"))
    page.wait_for_load_state("load")  # the "/" shortcut is a deferred script's: press it once the page has run it

    page.keyboard.press("/")
    expect(page.locator("#lookup-box")).to_be_focused()
    page.keyboard.type("012-345 6789")
    result = page.locator("#lookup-results a", has_text="Siti Nurhaliza")
    expect(result).to_be_visible()
    result.click()
    expect(page.locator("h1")).to_have_text("Siti Nurhaliza")
    expect(page.locator(".know-before")).to_contain_text("after 17:00")

    page.click("text=Log a contact")
    page.fill("#holds-0-seconds", "90")
    page.fill("#summary", "Asked when the replacement parcel arrives; confirmed Friday.")
    page.fill("#transcript", "Agent: Terima kasih kerana menghubungi kami.")
    page.select_option("#outcome", "resolved")
    page.click("#interaction-form .actions button[type=submit]")
    expect(page.locator("#findings")).to_contain_text("hold.max_duration")

    page.click("text=Siti Nurhaliza")
    expect(page.locator("#timeline")).to_contain_text("Asked when the replacement parcel arrives")


def _login(page, email):
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")


def test_lead_coaches_from_the_queue_and_the_agent_acknowledges(app, page, make_user, make_customer):
    from playwright.sync_api import expect

    from crm.services.interactions import InteractionInput, log_interaction

    app.config["WTF_CSRF_ENABLED"] = True
    lead = make_user("lead", team="Alpha", email="lead@example.com", name="Lena Lead")
    agent = make_user("agent", team="Alpha", email="agent@example.com", name="Aaro Agent")
    customer = make_customer("Jukka Mäkinen")
    log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 95, "apologized": True}],
                                     summary="Checked the invoice with the customer", outcome="resolved",
                                     transcript="Agent: Kiitos soitosta, pahoittelen odotusta."), agent)

    _login(page, lead.email)
    page.click("nav >> text=Review")
    row = page.locator("#queue tbody tr", has_text="hold.max_duration")
    expect(row).to_have_count(1)
    row.locator("a").first.click()
    expect(page.locator("h1")).to_contain_text("hold.max_duration")
    expect(page.locator("pre.transcript")).to_contain_text("Kiitos soitosta")
    page.check("input[value=coached]")
    page.fill("#note", "Offer a callback when a hold will pass a minute.")
    page.click("text=Record decision")
    expect(page.locator(".flash.success")).to_contain_text("coached")
    page.click("text=Log out")

    _login(page, agent.email)
    expect(page.locator("#unread-count")).to_have_text("1")
    page.click("nav >> text=My standing")
    expect(page.locator("#coaching")).to_contain_text("Offer a callback when a hold will pass a minute.")
    page.click("#coaching >> text=Acknowledge")
    expect(page.locator("#coaching")).to_contain_text("acknowledged")


def test_the_log_form_checks_and_suggests_in_place_and_keeps_what_was_typed(app, page, make_user, make_customer):
    """Both buttons fetch their answer into the page (app.js); nothing is saved and the form stays as typed."""
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True
    agent = make_user("agent", email="aminah@example.com")
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])

    _login(page, agent.email)
    expect(page).to_have_url(re.compile(r"/desk$"))
    page.goto(f"/customers/{customer.id}/interactions/new")
    page.wait_for_load_state("load")
    page.fill("#holds-0-seconds", "90")
    page.fill("#summary", "Kettle arrived with a crushed box.")
    page.fill("#transcript", "Customer: The box arrived crushed and the lid is dented.")
    page.select_option("#outcome", "resolved")
    url = page.url

    page.click("#check-contact")
    expect(page.locator("#check-result")).to_contain_text("would get")
    expect(page.locator("#check-contact")).to_be_focused()
    expect(page.locator("#check-contact")).to_be_enabled()
    assert page.url == url
    expect(page.locator("#summary")).to_have_value("Kettle arrived with a crushed box.")

    page.click("#suggest-feedback")
    expect(page.locator("#feedback-suggestions")).to_contain_text("packaging")
    assert page.url == url
    expect(page.locator("#holds-0-seconds")).to_have_value("90")


def test_each_roles_pages_pass_axe_and_fit_a_phone_and_200_percent_zoom(app, page, make_user, make_customer):
    """No serious or critical axe-core violation, and no sideways scrolling at 390 px or at 200 % zoom, even
    with a long unbroken word in a justification."""
    from axe_playwright_python.sync_playwright import Axe

    from crm.services.interactions import InteractionInput, log_interaction
    from crm.services.justification import justify

    users = {role: make_user(role, team="Alpha", email=f"{role}@example.com", name=f"{role.title()} Person")
             for role in ("agent", "lead", "department", "admin")}
    customer = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"])
    logged = log_interaction(InteractionInput(
        customer_id=customer.id, holds=[{"seconds": 95, "apologized": True}], summary="Parcel crushed",
        outcome="resolved", transcript="Agent: Thank you for calling.\nCustomer: The box arrived crushed.",
        feedback=[{"category": "packaging", "text": "The box arrived crushed"}]), users["agent"])
    finding = next(f for f in logged.findings if f.standard == "hold.max_duration")
    justify(users["agent"], finding.id, "The warehouse system was down: " + "x" * 300)
    pages = {
        "agent": ["/desk", f"/customers/{customer.id}", f"/interactions/{logged.interaction.id}", "/me/",
                  "/cases", "/account/tokens"],
        "lead": ["/review/", f"/review/findings/{finding.id}", "/dashboard/"],
        "department": ["/department/"],  # their inbox
        "admin": ["/admin/", "/admin/users", f"/admin/users/{users['agent'].id}", "/admin/departments",
                  "/admin/routing"],
    }
    axe, problems = Axe(), []
    for role, paths in pages.items():
        page.context.clear_cookies()
        _login(page, users[role].email)
        for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}, {"width": 640, "height": 400}):
            page.set_viewport_size(size)
            for path in paths:
                page.goto(path)
                wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
                if wide > 1:
                    problems.append((role, size["width"], path, f"{wide}px wider than the window"))
                for v in axe.run(page).response["violations"]:
                    if v["impact"] in ("serious", "critical"):
                        problems.append((role, size["width"], path, v["id"], [n["target"] for n in v["nodes"][:3]]))
    assert problems == []
