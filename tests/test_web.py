"""The pages as each role uses them: log in, find, edit, log a contact, manage tokens."""
import re

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Interaction


def test_login_page_and_failed_login_is_audited(client, make_user):
    user = make_user("agent")
    response = client.post("/login", data={"email": user.email, "password": "wrong password!"})
    assert response.status_code == 422
    assert "E-mail or password is not right." in response.get_data(as_text=True)
    failure = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login.failure"))
    assert failure.actor_label == user.email


def test_login_success_is_audited_and_lands_on_the_desk(client, auth, make_user):
    user = make_user("agent")
    response = auth.login(user)
    assert response.status_code == 302
    assert client.get("/", follow_redirects=False).location.endswith("/desk")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "login.success")).actor_id == user.id


def test_unknown_email_fails_like_a_wrong_password(client):
    response = client.post("/login", data={"email": "nobody@example.com", "password": "whatever123"})
    assert response.status_code == 422


def test_pages_need_login(client):
    response = client.get("/desk")
    assert response.status_code == 302 and "/login" in response.location


@pytest.mark.parametrize("role, path, status", [
    ("department", "/desk", 403),
    ("department", "/customers/new", 403),
    ("agent", "/admin/", 403),
    ("agent", "/admin/users", 403),
    ("lead", "/admin/users", 403),
    ("admin", "/admin/users", 200),
    ("lead", "/desk", 200),
    ("department", "/account/tokens", 200),
])
def test_each_role_sees_only_its_pages(client, auth, make_user, role, path, status):
    auth.login(make_user(role))
    assert client.get(path).status_code == status


def test_screen_pop_lands_on_the_profile(client, auth, make_user, make_customer):
    customer = make_customer("Tan Wei Ling", phones=["+60 12-345 6789"])
    auth.login(make_user("agent"))
    response = client.get("/lookup", query_string={"phone": "012 345 6789"})
    assert response.status_code == 302 and response.location.endswith(f"/customers/{customer.id}")


def test_screen_pop_with_unknown_number_offers_a_new_customer(client, auth, make_user):
    auth.login(make_user("agent"))
    page = client.get("/lookup", query_string={"phone": "012 999 8888"}).get_data(as_text=True)
    assert "Nobody matches" in page and "/customers/new?q=" in page


def test_results_as_you_type_fragment(client, auth, make_user, make_customer):
    make_customer("Kateřina Dvořák")
    auth.login(make_user("agent"))
    html = client.get("/search", query_string={"q": "dvorak", "fragment": 1}).get_data(as_text=True)
    assert "Kateřina Dvořák" in html and "<html" not in html


def test_customer_form_shows_errors_next_to_fields_and_keeps_input(client, auth, make_user):
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={"name": "Ana Pop", "phones": "12", "emails": "x@"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(r'has-error">\s*<label for="phones"', page)
    assert "wrong number of digits" in page
    assert 'value="Ana Pop"' in page


def test_conflicting_phone_links_to_the_existing_customer(client, auth, make_user, make_customer):
    existing = make_customer("Jan Novák", phones=["+420 603 123 456"])
    auth.login(make_user("agent"))
    page = client.post("/customers/new", data={"name": "J. Novak", "phones": "+420603123456"}).get_data(as_text=True)
    assert f"/customers/{existing.id}" in page and "belongs to" in page


def test_create_then_edit_a_customer(client, auth, make_user):
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={
        "name": "Eeva Laine", "phones": "040 123 4567\n+358 50 111 2222", "emails": "eeva@example.fi",
        "language": "fi", "preferences": "contact time: mornings", "notes": "Call after 16:00"})
    assert response.status_code == 302
    profile = client.get(response.location).get_data(as_text=True)
    assert "Eeva Laine" in profile and "Call after 16:00" in profile and "mornings" in profile
    edit_url = response.location + "/edit"
    assert client.post(edit_url, data={"name": "Eeva Laine-Virta", "phones": "040 123 4567"}).status_code == 302
    assert "Eeva Laine-Virta" in client.get(response.location).get_data(as_text=True)


def test_log_a_contact_from_the_form_shows_findings_and_timeline(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa", phones=["+40 721 000 111"])
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "started_at": "2026-11-20T09:30",
        "holds-0-seconds": "90", "summary": "Asked about the delivery date of his order",
        "transcript": "Agent: Thank you for calling.", "outcome": "resolved"})
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "hold.max_duration" in page and "hold.apology" in page
    timeline = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    assert "Asked about the delivery date of his order" in timeline


def test_log_form_reports_service_errors_next_to_fields(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "carrier-pigeon", "direction": "inbound", "summary": "x"})
    assert response.status_code == 422
    assert "must be one of" in response.get_data(as_text=True)
    assert db.session.scalar(select(Interaction)) is None


def test_tokens_can_be_created_and_revoked_in_the_ui(client, auth, make_user):
    user = make_user("agent")
    auth.login(user)
    page = client.post("/account/tokens", data={"name": "telephony"}).get_data(as_text=True)
    secret = re.search(r'<code id="new-token">([^<]+)</code>', page).group(1)
    assert client.get("/api/v1/standards", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    from crm.services.accounts import tokens_of
    token_id = tokens_of(user)[0].id
    client.post(f"/account/tokens/{token_id}/revoke")
    assert client.get("/api/v1/standards", headers={"Authorization": f"Bearer {secret}"}).status_code == 401


def test_admin_adds_a_user_and_sees_field_errors(client, auth, make_user):
    auth.login(make_user("admin"))
    bad = client.post("/admin/users", data={"email": "x", "name": "X", "role": "lead", "password": "short"})
    assert bad.status_code == 422 and "at least 10 characters" in bad.get_data(as_text=True)
    client.post("/admin/teams", data={"name": "Praha"})
    ok = client.post("/admin/users", data={"email": "new.lead@example.com", "name": "New Lead", "role": "lead",
                                           "team": "Praha", "password": "long enough pw"})
    assert ok.status_code == 302
    assert "new.lead@example.com" in client.get("/admin/users").get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "no page at this address" in response.get_data(as_text=True)


def test_admin_cannot_create_a_user_who_could_never_log_in(client, auth, make_user):
    auth.login(make_user("admin"))
    page = client.post("/admin/users", data={"email": "nopw@example.com", "name": "No Password", "role": "agent",
                                             "team": ""})
    text = page.get_data(as_text=True)
    assert page.status_code == 422 and "is required: at least 10 characters" in text and "needs a team" in text


def test_admin_resets_a_password(client, auth, make_user):
    admin, agent = make_user("admin"), make_user("agent")
    auth.login(admin)
    short = client.post(f"/admin/users/{agent.id}", data={"role": "agent", "team": "Alpha", "active": "y",
                                                          "new_password": "short"})
    assert short.status_code == 422 and "at least 10 characters" in short.get_data(as_text=True)
    client.post(f"/admin/users/{agent.id}", data={"role": "agent", "team": "Alpha", "active": "y",
                                                  "new_password": "a brand new secret"})
    auth.logout()
    assert auth.login(agent, password="a brand new secret").status_code == 302


def test_admin_sets_another_users_language_and_they_read_the_pages_in_it(client, auth, make_user):
    admin, agent = make_user("admin"), make_user("agent", email="pavla@example.com")
    auth.login(admin)
    form = client.get(f"/admin/users/{agent.id}").get_data(as_text=True)
    assert '<label for="locale">' in form and '<select id="locale" name="locale">' in form
    assert all(f'value="{code}"' in form for code in ("en", "ms", "cs", "fi", "ro"))
    wrong = client.post(f"/admin/users/{agent.id}", data={"role": "agent", "team": "Alpha", "active": "y",
                                                          "locale": "klingon"})
    assert wrong.status_code == 422 and "must be one of en, ms, cs, fi, ro" in wrong.get_data(as_text=True)
    saved = client.post(f"/admin/users/{agent.id}", data={"role": "agent", "team": "Alpha", "active": "y",
                                                          "locale": "cs"})
    assert saved.status_code == 302
    assert re.search(r'<option[^>]* selected[^>]* value="cs"', client.get(f"/admin/users/{agent.id}").get_data(as_text=True))
    auth.logout()
    auth.login(agent)
    assert '<html lang="cs">' in client.get("/desk").get_data(as_text=True)


def test_admin_moves_an_agent_into_a_department_from_the_users_page(client, auth, make_user):
    admin, agent = make_user("admin"), make_user("agent")
    slug = make_user("department").department.slug  # a department that exists
    auth.login(admin)
    assert '<select id="department" name="department">' in client.get(f"/admin/users/{agent.id}").text
    moved = client.post(f"/admin/users/{agent.id}", data={"role": "department", "team": "", "active": "y",
                                                          "department": slug})
    assert moved.status_code == 302
    assert re.search(rf'<option selected value="{slug}">', client.get(f"/admin/users/{agent.id}").text)


def test_an_admins_other_changes_leave_the_users_language_alone(app, make_user):
    from crm.services.accounts import update_user

    admin, agent = make_user("admin"), make_user("agent")
    assert update_user(agent.id, admin, locale="fi-FI").locale == "fi"
    assert update_user(agent.id, admin, active=True).locale == "fi"
    assert update_user(agent.id, admin, locale="").locale is None


def test_customer_form_reports_every_problem_in_one_answer(client, auth, make_user):
    auth.login(make_user("agent"))
    page = client.post("/customers/new", data={"name": "Ana Pop", "phones": "12", "emails": "nope",
                                               "preferences": "no colon here"}).get_data(as_text=True)
    assert "is not &#34;name: value&#34;" in page or 'is not "name: value"' in page
    assert "wrong number of digits" in page and "needs exactly one @ sign" in page


def test_an_unexpected_error_gets_the_apps_own_page_and_json(app, client, auth, make_user):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("bug")

    @app.route("/api/v1/boom-test")
    def api_boom():
        raise RuntimeError("bug")

    page = client.get("/boom")
    assert page.status_code == 500 and "it has been logged" in page.get_data(as_text=True)
    assert client.get("/api/v1/boom-test").get_json()["error"]["code"] == "internal"
