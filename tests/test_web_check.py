"""The log form's "Check before saving" panel, and the page that says why a standard exists."""
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Finding, Interaction
from crm.services import policy
from crm.services.interactions import InteractionInput, log_interaction

FORM = {"channel": "phone", "direction": "inbound", "started_at": "2026-11-20T09:30",
        "holds-0-seconds": "90", "summary": "Kettle leaks from the bottom, replacement sent",
        "transcript": "Operátorka: Dobrý den.\nZákaznice: Konvice teče.\nOperátorka: To není můj problém.",
        "outcome": "resolved"}


def test_the_check_panel_shows_what_would_be_flagged_and_stores_nothing(client, auth, make_user, make_customer):
    customer = make_customer("Jana Nováková")
    auth.login(make_user("agent"))

    response = client.post(f"/customers/{customer.id}/interactions/check", data=FORM)

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Logged as it is, this contact would get" in page
    assert "judged as Czech" in page and "Why this standard" in page
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_without_javascript_the_check_button_shows_the_form_again_with_the_check(client, auth, make_user,
                                                                                 make_customer):
    customer = make_customer("Jana Nováková")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={**FORM, "check": "1"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="check-result"' in page and "would get" in page
    # With JavaScript, app.js (every page's one script) fetches the check in place from the URL the button names.
    assert 'src="/static/app.js"' in page and "<script>" not in page
    assert f'data-fragment-url="/customers/{customer.id}/interactions/check"' in page
    assert 'data-fragment-target="check-result"' in page
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_the_check_reports_bad_input_next_to_the_panel(client, auth, make_user, make_customer):
    customer = make_customer("Jana Nováková")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/check", data={**FORM, "channel": "fax"})
    assert response.status_code == 422
    assert 'role="alert"' in response.get_data(as_text=True)


def test_a_pilot_findings_explanation_shows_the_pilots_parameters(client, auth, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    policy.create_version(policy.default_rules() + [
        policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])],
        make_user("admin"), note="pilot 45 s on Alpha")
    customer = make_customer("Jana Nováková")
    log_interaction(InteractionInput(customer_id=customer.id, holds=[{"seconds": 50, "apologized": True}],
                                     summary="Asked about the invoice dates", outcome="resolved"), agent)
    finding = db.session.scalar(select(Finding).where(Finding.mode == "pilot"))
    auth.login(agent)

    contact = client.get(f"/interactions/{finding.interaction_id}").get_data(as_text=True)
    assert "Why this standard (and the pilot's parameters)" in contact
    page = client.get(f"/standards/hold.max_duration?version={finding.policy_version_id}").get_data(as_text=True)
    assert "Mode <strong>pilot</strong>" in page
    assert "45" in page and "(default 60)" in page
    assert "002" in page  # the source article, one link away from the finding


def test_an_unknown_standard_is_not_found(client, auth, make_user):
    auth.login(make_user("agent"))
    assert client.get("/standards/no.such").status_code == 404
    assert client.get("/standards/hold.apology?version=99999999999").status_code == 200
