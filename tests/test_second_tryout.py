"""What a second try-out of the installed wheel found, each pinned as the user meets it: a national
number stored for the agent's country, pilot promotion that keeps the other channels' standard,
every error of the new-customer form at once, numbers in the reader's language, the team zone typed
by hand, and the CLI without a terminal."""
import re

import pytest

from sqlalchemy import select

from crm.extensions import db
from crm.models import ContactPoint
from crm.services.access import SYSTEM
from crm.services.teams import create_team


def _helsinki_agent(make_user):
    create_team("Helsinki", SYSTEM, timezone="Europe/Helsinki")
    return make_user("agent", team="Helsinki")


# --- 1: a national number is stored for the country the lookup reads it in -----------------------

def test_a_national_number_typed_by_a_helsinki_agent_is_stored_as_finnish(client, auth, make_user):
    auth.login(_helsinki_agent(make_user))
    form = client.get("/customers/new").get_data(as_text=True)
    assert "Finland (+358)" in form  # the agent is told how a national number is read
    response = client.post("/customers/new", data={"name": "Kalle Kotimaa", "phones": "040 765 0001"})
    assert response.status_code == 302
    assert db.session.scalar(select(ContactPoint.value)) == "+358407650001"
    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "+358 40 7650001" in profile  # shown as it is stored, in international form


def test_the_api_reads_a_national_number_in_the_callers_team_country(api, make_user):
    agent = _helsinki_agent(make_user)
    created = api(agent).post("/api/v1/customers", json={"name": "Kalle Kotimaa", "phones": ["040 765 0001"]})
    assert created.status_code == 201, created.get_json()
    assert api(agent).get("/api/v1/lookup?phone=%2B358407650001").status_code == 200  # the screen-pop finds him


def test_a_team_without_a_served_country_reads_numbers_in_the_default_region(api, make_user):
    agent = make_user("agent", team="Alpha")  # no zone: the organisation's (UTC), no country
    created = api(agent).post("/api/v1/customers", json={"name": "Siti", "phones": ["012-345 6789"]})
    assert [p["value"] for p in created.get_json()["phones"]] == ["+60123456789"]


def test_editing_a_customer_keeps_a_number_typed_by_another_country_s_agent(client, auth, make_user, make_customer):
    customer = make_customer("Kalle Kotimaa", phones=["+358 40 765 0001"])
    auth.login(make_user("agent", team="Alpha"))
    form = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert "+358 40 7650001" in form  # prefilled as stored, so saving it again cannot re-read it as +60
    client.post(f"/customers/{customer.id}/edit", data={"name": "Kalle Kotimaa", "phones": "+358 40 7650001"})
    assert db.session.scalar(select(ContactPoint.value)) == "+358407650001"


# --- 3: the new-customer form tells every problem of one submit ---------------------------------

def test_the_new_customer_form_tells_the_missing_name_with_the_other_problems(client, auth, make_user, make_customer):
    other = make_customer("Aino Virtanen", account_number="ACC-100001")
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={"name": "", "phones": "012-345 6789\nabc", "emails": "x@",
                                                   "account_number": "ACC-100001"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    errors = {f: re.findall(r'<small class="error" id="%s-error[^"]*">([^<]+)</small>' % f, page)
              for f in ("name", "phones", "emails", "account_number")}
    assert errors["name"] == ["is required"]  # said once, though the form and the service both check it
    assert any("abc" in m for m in errors["phones"])
    assert errors["emails"]
    assert any(f"customer {other.id}" in m for m in errors["account_number"])


# --- 2: promoting a pilot limited to some channels keeps the standard on the others ---------------

def test_promoting_a_phone_only_pilot_keeps_the_enforced_rule_on_the_other_channels(client, auth, make_user):
    from crm.models import PolicyVersion
    from crm.services import policy

    admin = make_user("admin")
    make_user("agent", team="Praha")
    policy.create_version(policy.default_rules() + [policy.RuleInput(
        "hold.max_duration", {"max_seconds": 30}, "pilot", teams=["Praha"], channels=["phone"])], admin, note="pilot")
    auth.login(admin)
    report = client.get("/admin/policy/pilot").get_data(as_text=True)
    assert "every team on phone, in place of the enforced hold.max_duration rule there" in report
    assert "The enforced rule stays as it is on e-mail, chat" in report  # said before the admin confirms
    assert "Holds are short (Longest acceptable single hold, in seconds: 30;" in report  # words, not JSON
    assert "{&#34;max_seconds" not in report and '{"max_seconds' not in report

    client.post("/admin/policy/pilot/promote", data={"version": "2", "position": "0", "note": "", "confirm": "yes",
                                                     "without_data": "yes"})
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.number == 3))
    holds = sorted((r.mode, r.params["max_seconds"], r.channels) for r in version.rules if r.standard == "hold.max_duration")
    others = sorted(("email", "chat", "in_person", "social", "sms", "web"))  # every channel but the pilot's
    assert [(mode, seconds, sorted(channels)) for mode, seconds, channels in holds] == [
        ("enforce", 30, ["phone"]), ("enforce", 60, others)]


# --- 4: numbers in the reader's language ---------------------------------------------------------

LOG = {"channel": "phone", "direction": "inbound", "summary": "Hyvitys palautetusta tuotteesta", "outcome": "resolved"}


def _finnish(user):
    from crm.database import write_transaction

    with write_transaction():
        db.session.merge(user).locale = "fi"
    return user


def test_a_finnish_agent_types_a_refund_with_a_decimal_comma(client, auth, make_user, make_customer):
    from crm.models import Interaction

    customer = make_customer("Aino Virtanen")
    auth.login(_finnish(make_user("agent")))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={**LOG, "amount": "120,50"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert str(db.session.scalar(select(Interaction.amount))) == "120.50"


def test_an_amount_that_is_not_one_is_refused_in_the_readers_form(client, auth, make_user, make_customer):
    customer = make_customer("Aino Virtanen")
    auth.login(_finnish(make_user("agent")))
    page = client.post(f"/customers/{customer.id}/interactions/new", data={**LOG, "amount": "12x"}).get_data(as_text=True)
    assert re.search(r'<small class="error" id="amount-error-1">[^<]*120,50</small>', page)


def test_the_dashboard_and_my_standing_write_rates_in_the_readers_language(client, auth, make_user, make_customer):
    from crm.services.interactions import InteractionInput, log_interaction

    agent = make_user("agent", team="Praha")
    lead = make_user("lead", team="Praha")
    customer = make_customer("Jan Novák")
    for hold in (90, 10, 10):
        log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": hold, "apologized": True}],
                                         summary="Dotaz na doručení", outcome="resolved"), agent)
    auth.login(_finnish(lead))  # Finnish, like Czech, writes a decimal comma
    board = client.get("/dashboard/").get_data(as_text=True)
    assert "66,7\xa0%" in board and "66.7" not in board
    assert "kontaktia/h" in board  # the unit in the reader's words
    auth.logout()
    auth.login(_finnish(agent))
    standing = client.get("/me/").get_data(as_text=True)
    assert "66,7\xa0%" in standing


# --- 11: an amount too large says so ------------------------------------------------------------

def test_an_amount_too_large_is_told_as_too_large(api, make_user, make_customer):
    customer = make_customer("Aino Virtanen")
    response = api(make_user("agent")).post("/api/v1/interactions", json={
        "customer_id": customer.id, "channel": "phone", "summary": "Refund", "outcome": "resolved", "amount": 1e308})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["amount"] == ["must be at most 9999999999.99"]


# --- 5: one English word, two meanings, each translated in its own context -----------------------

def test_finnish_pages_tell_a_transfer_target_from_an_end_date_and_switch_language(client, auth, make_user, make_customer):
    customer = make_customer("Aino Virtanen")
    auth.login(_finnish(make_user("agent")))
    page = client.get(f"/customers/{customer.id}/interactions/new").get_data(as_text=True)
    label = re.search(r'<label for="transfers-0-to">([^<]+)</label>', page).group(1)
    assert label.strip() == "Kohde"  # not "Loppupäivä", the end of a period
    assert re.search(r'<button class="secondary">Vaihda</button>', page)  # the language switch, not "Muokkaa"


# --- 6: the Czech profile in Czech words --------------------------------------------------------

def test_the_czech_profile_names_channel_tier_and_standards_in_czech(client, auth, make_user, make_customer):
    from crm.database import write_transaction
    from crm.services.interactions import InteractionInput, log_interaction

    agent = make_user("agent", team="Praha")
    with write_transaction():
        db.session.merge(agent).locale = "cs"
    customer = make_customer("Jan Novák", preferred_channel="phone", tier="gold")
    log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 300, "apologized": True}],
                                     summary="Dotaz na doručení", outcome="resolved"), agent)
    auth.login(agent)
    page = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    text = re.sub(r"<[^>]+>", " ", page)
    assert re.search(r"Preferuje\s+telefon", text) and " phone " not in text
    assert "· zlatá" in text
    assert "hold.max_duration" not in text and "Krátká přidržení" in text  # the standard by its Czech title


# --- 7: a zone typed in the box is taken though the list was left alone -------------------------

def test_a_team_zone_typed_in_the_box_is_taken_or_refused_next_to_it(client, auth, make_user):
    from crm.models import Team

    auth.login(make_user("admin"))
    refused = client.post("/admin/teams", data={"name": "Brno", "timezone": "", "other_timezone": "Mars/Olympus"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and 'id="other_timezone-error-1"' in page
    assert db.session.scalar(select(Team).where(Team.name == "Brno")) is None  # not created in UTC

    client.post("/admin/teams", data={"name": "Brno", "timezone": "", "other_timezone": "Europe/Prague"})
    assert db.session.scalar(select(Team.timezone).where(Team.name == "Brno")) == "Europe/Prague"


# --- 8: the CLI as the README gives it, from the package, and without a terminal -------------------

def test_the_package_asks_for_flask_limiters_cli_extra_the_readme_command_needs(runner):
    import configparser
    from pathlib import Path

    from packaging.requirements import Requirement

    setup = configparser.ConfigParser()
    setup.read(Path(__file__).parents[1] / "setup.cfg")
    requires = [Requirement(line) for line in setup["options"]["install_requires"].split("\n") if line.strip()]
    assert "cli" in next(r for r in requires if r.name == "flask-limiter").extras
    from flask_limiter.commands import cli as limiter  # what `crm limiter` runs (a flask.commands entry point)

    result = runner.invoke(limiter, ["limits"])
    assert result.exit_code == 0 and "Missing dependencies" not in result.output, result.output


def test_users_create_checks_the_email_before_asking_for_a_password(runner):
    result = runner.invoke(args=["users", "create", "bad-email", "--role", "agent"])
    assert result.exit_code != 0 and "email" in result.output and "Aborted" not in result.output


def test_users_create_without_a_terminal_says_to_pass_the_password(runner):
    result = runner.invoke(args=["users", "create", "new.agent@example.com", "--role", "admin"])
    assert result.exit_code != 0 and "--password" in result.output and "Aborted" not in result.output


# --- 9: the pilot report's Promote form on a phone ----------------------------------------------

@pytest.mark.browser
def test_the_promote_form_fits_a_phone_and_an_unticked_box_is_told_next_to_it(app, page, make_user):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    from crm.services import policy

    app.config["WTF_CSRF_ENABLED"] = True
    admin = make_user("admin", email="admin@example.com")
    make_user("agent", team="Praha")
    policy.create_version(policy.default_rules() + [policy.RuleInput(
        "hold.max_duration", {"max_seconds": 30}, "pilot", teams=["Praha"], channels=["phone"])], admin, note="pilot")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/login")
    page.fill("#email", admin.email)
    page.fill("#password", "correct horse battery")
    page.click("button[type=submit]")
    page.goto("/admin/policy/pilot")
    button = page.locator("form.promote button[type=submit]")
    box = button.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # in sight, not in a column scrolled aside
    button.click()
    error = page.locator("#promote-error-0")
    expect(error).to_be_visible()  # the server's reason next to the box, not the browser's bubble
    expect(page.locator("form.promote input[name=confirm]")).to_have_attribute("aria-invalid", "true")
    wide = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert wide <= 1
    assert [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")] == []
