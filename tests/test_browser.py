"""The agent's path in a real browser: log in, type a number, open the profile, log a call, see it.

The real server (`live_server`) and Chromium (`page`) fixtures are in conftest.py."""
import re

import pytest
from web_helpers import browser_login, serious_violations

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

    browser_login(page, lead.email)
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

    browser_login(page, agent.email)
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

    browser_login(page, agent.email)
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
    from crm.services.accounts import set_locale

    # Czech words are longer: the agent's targets table outgrew its column (a scroll region axe flagged).
    users["czech agent"] = set_locale(make_user("agent", team="Alpha", email="cs@example.com", name="Eva Nováková"),
                                      "cs")
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
        "czech agent": ["/me/"],
        "lead": ["/review/", f"/review/findings/{finding.id}", "/dashboard/"],
        "department": ["/department/"],  # their inbox
        "admin": ["/admin/", "/admin/users", f"/admin/users/{users['agent'].id}", "/admin/departments",
                  "/admin/routing"],
    }
    axe, problems = Axe(), []
    for role, paths in pages.items():
        page.context.clear_cookies()
        browser_login(page, users[role].email)
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


_CONTRAST = """el => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                     return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const s = getComputedStyle(el);
  const a = lum(s.outlineColor), b = lum(s.backgroundColor);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth),
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)};
}"""


def test_search_results_pass_axe_with_a_visible_focus_and_wrapping_addresses(app, page, make_user, make_customer):
    """/search and the desk's live results are a labelled list of links (no listbox of links), pass axe at
    desktop, 390 px and 200 % zoom; the focused result has a ≥ 3:1 outline; a long address wraps."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    agent = make_user("agent", email="agent@example.com")
    long_address = "jana.novakova.customer-service-correspondence-" + "x" * 40 + "@example.com"
    make_customer("Jana Nováková", emails=[long_address], phones=["+420 603 123 456"])
    make_customer("Petr Novák", phones=["+420 603 123 457"])
    browser_login(page, agent.email)
    expect(page).to_have_url(re.compile(r"/desk$"))
    axe, problems = Axe(), []
    for size in ({"width": 1280, "height": 800}, {"width": 390, "height": 844}, {"width": 640, "height": 400}):
        page.set_viewport_size(size)
        page.goto("/search?q=novak&go=1")
        expect(page.locator("ul.results a")).to_have_count(2)
        problems += [(size["width"], "/search", p) for p in serious_violations(axe, page)]

        page.goto("/desk")
        page.wait_for_load_state("load")
        page.fill("#lookup-box", "novak")
        expect(page.locator("#lookup-results a")).to_have_count(2)
        problems += [(size["width"], "/desk open", p) for p in serious_violations(axe, page)]
        panel = page.locator("#lookup-results")
        assert panel.evaluate("el => el.scrollWidth - el.clientWidth") <= 1, size  # the address wraps

        page.locator("#lookup-box").press("ArrowDown")
        first = page.locator("#lookup-results a").first
        expect(first).to_be_focused()
        ring = first.evaluate(_CONTRAST)
        assert ring["style"] != "none" and ring["width"] >= 2 and ring["contrast"] >= 3, ring
        page.keyboard.press("ArrowDown")
        expect(page.locator("#lookup-results a").nth(1)).to_be_focused()
    assert problems == []


def test_a_skip_link_is_the_first_stop_and_shows_when_focused(app, page, make_user):
    from playwright.sync_api import expect

    agent = make_user("agent", email="agent@example.com")
    browser_login(page, agent.email)
    expect(page).to_have_url(re.compile(r"/desk$"))
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    assert box and box["y"] >= 0 and box["height"] > 10  # on screen, not clipped away
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_a_refused_form_puts_the_focus_on_the_first_field_in_error(app, page, make_user, make_customer):
    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True
    agent = make_user("agent", email="agent@example.com")
    make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"], account_number="ACC-100002")
    browser_login(page, agent.email)
    page.goto("/customers/new")
    page.fill("#name", "Ahmad Test")
    page.fill("#account_number", "ACC-100002")
    page.fill("#phones", "012-345 6789")
    page.fill("#emails", "bad-email")
    page.click("form.grid button[type=submit]")
    for field in ("#account_number", "#phones", "#emails"):
        expect(page.locator(field)).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#account_number")).to_be_focused()


def test_the_check_shows_a_time_problem_next_to_the_ended_field(app, page, make_user, make_customer):
    from datetime import datetime, timedelta

    from playwright.sync_api import expect

    app.config["WTF_CSRF_ENABLED"] = True
    agent = make_user("agent", email="agent@example.com")
    customer = make_customer("Siti Nurhaliza")
    browser_login(page, agent.email)
    page.goto(f"/customers/{customer.id}/interactions/new")
    page.wait_for_load_state("load")
    page.fill("#ended_at", (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M"))
    page.fill("#summary", "Asked about the invoice")
    page.click("#check-contact")
    expect(page.locator("#check-result")).to_contain_text("Ended: is in the future")
    ended = page.locator("#ended_at")
    expect(ended).to_have_attribute("aria-invalid", "true")
    described = ended.get_attribute("aria-describedby")
    expect(page.locator(f"#{described.split()[-1]}")).to_have_text("is in the future")
    page.fill("#ended_at", "")
    page.click("#check-contact")
    expect(page.locator("#check-result")).to_contain_text("would get")
    expect(ended).not_to_have_attribute("aria-invalid", "true")


def test_the_review_queue_reads_on_a_phone_without_sideways_scrolling(app, page, make_user, make_customer):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    from crm.services.interactions import InteractionInput, log_interaction

    lead = make_user("lead", team="Alpha", email="lead@example.com")
    agent = make_user("agent", team="Alpha", email="agent@example.com")
    customer = make_customer("Jukka Mäkinen")
    log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 95, "apologized": True}],
                                     summary="Checked the invoice", outcome="resolved"), agent)
    browser_login(page, lead.email)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/review/")
    message = page.locator("#queue tbody td.message").first
    expect(message).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 1
    assert page.locator(".table-wrap").evaluate("el => el.scrollWidth - el.clientWidth") <= 1
    box = message.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert serious_violations(Axe(), page) == []
