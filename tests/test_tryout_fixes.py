"""What a new user's try-out of the installed product found, each answered as the user meets it: errors
tied to their fields and told all at once, the desk search's short query, a customer's own case list,
the screen-pop's error field, links that reach the server that made them, the log form's rules."""
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Customer, Interaction


def _field_html(page: str, field_id: str) -> str:
    """The markup of the form control with this id."""
    match = re.search(r'<(input|textarea|select)\b[^>]*\bid="%s"[^>]*>' % re.escape(field_id), page)
    assert match, f"no control #{field_id}"
    return match.group(0)


def _errors_of(page: str, field_id: str) -> list[str]:
    """The error messages the control's aria-describedby points at (next to it, in its field)."""
    control = _field_html(page, field_id)
    assert 'aria-invalid="true"' in control, control
    ids = re.search(r'aria-describedby="([^"]+)"', control).group(1).split()
    messages = []
    for i in ids:
        found = re.search(r'<small class="error" id="%s">([^<]+)</small>' % re.escape(i), page)
        if found:
            messages.append(found.group(1))
    return messages


# --- B: the new-customer form ---------------------------------------------------------------------

def test_a_new_customer_is_refused_with_every_problem_each_tied_to_its_field(client, auth, make_user, make_customer):
    other = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"], account_number="ACC-100002")
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={"name": "Ahmad Test", "phones": "012-345 6789",
                                                   "emails": "bad-email", "account_number": "ACC-100002"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _errors_of(page, "emails")  # the address that cannot be read…
    assert any(f"customer {other.id}" in m for m in _errors_of(page, "phones"))  # …and the number taken…
    assert any(f"customer {other.id}" in m for m in _errors_of(page, "account_number"))  # …in one answer
    assert 'aria-invalid' not in _field_html(page, "name")
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 1


def test_taken_phone_and_account_are_told_together_when_the_rest_is_valid(client, auth, make_user, make_customer):
    other = make_customer("Siti Nurhaliza", phones=["+60 12-345 6789"], account_number="ACC-100002")
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={"name": "Ahmad Test", "phones": "012-345 6789",
                                                   "account_number": "ACC-100002"})
    page = response.get_data(as_text=True)
    assert response.status_code in (409, 422)
    assert any(f"customer {other.id}" in m for m in _errors_of(page, "phones"))
    assert any(f"customer {other.id}" in m for m in _errors_of(page, "account_number"))


def test_a_field_hint_stays_tied_to_its_field(client, auth, make_user):
    auth.login(make_user("agent"))
    page = client.get("/customers/new").get_data(as_text=True)
    assert 'aria-describedby="phones-hint"' in _field_html(page, "phones")
    assert 'id="phones-hint"' in page and "aria-invalid" not in _field_html(page, "phones")


# --- B and J: the log form -------------------------------------------------------------------------

LOG = {"channel": "phone", "direction": "inbound", "summary": "Asked about a parcel", "outcome": "resolved"}


def test_the_log_form_tells_a_negative_hold_and_an_end_before_the_start_at_once(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **LOG, "started_at": "2026-03-02T10:30", "ended_at": "2026-03-02T10:00", "holds-0-seconds": "-5"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _errors_of(page, "holds-0-seconds")
    assert any("before the start" in m for m in _errors_of(page, "ended_at"))
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0


def test_a_hold_longer_than_the_contact_is_refused_next_to_the_hold(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **LOG, "started_at": "2026-03-02T10:00", "ended_at": "2026-03-02T10:02", "holds-0-seconds": "300"})
    assert response.status_code == 422
    assert any("longer than the contact" in m for m in _errors_of(response.get_data(as_text=True), "holds-0-seconds"))
    # as long as the contact is fine
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **LOG, "started_at": "2026-03-02T10:00", "ended_at": "2026-03-02T10:02", "holds-0-seconds": "120"})
    assert response.status_code == 302


def test_the_check_names_the_field_by_its_label_and_points_at_it(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    later = (datetime.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    data = {**LOG, "started_at": "2026-03-02T10:00", "ended_at": later}
    fragment = client.post(f"/customers/{customer.id}/interactions/check", data=data)
    html = fragment.get_data(as_text=True)
    assert fragment.status_code == 422
    assert '<a href="#ended_at">Ended</a>: is in the future' in html
    assert 'data-field="ended_at"' in html and "ended_at:" not in html
    # without JavaScript the check button submits the form: the message is next to the field
    page = client.post(f"/customers/{customer.id}/interactions/new", data={**data, "check": "1"}).get_data(as_text=True)
    assert "is in the future" in _errors_of(page, "ended_at")


# --- C: the desk search ----------------------------------------------------------------------------

def test_a_short_search_says_a_name_needs_three_characters(client, auth, make_user, make_customer):
    make_customer("Jana Nováková")
    auth.login(make_user("agent"))
    for url in ("/search?q=no&fragment=1", "/search?q=no&go=1"):
        page = client.get(url).get_data(as_text=True)
        assert "at least 3 characters" in page and "Nobody matches" not in page
    page = client.get("/search?q=xyzzy&fragment=1").get_data(as_text=True)
    assert "Nobody matches" in page and "at least 3" not in page


def test_search_results_are_a_labelled_list_of_links(client, auth, make_user, make_customer):
    make_customer("Jana Nováková")
    make_customer("Petr Novák")
    auth.login(make_user("agent"))
    page = client.get("/search?q=novak&go=1").get_data(as_text=True)
    assert 'role="listbox"' not in page and 'role="option"' not in page
    assert re.search(r'<ul class="results"[^>]*aria-label="Customers found"', page)


# --- E: a customer's cases -------------------------------------------------------------------------

def test_all_cases_on_a_profile_lists_that_customers_cases_closed_too(client, auth, make_user, make_customer):
    from crm.services import cases

    agent = make_user("agent")
    mine, other = make_customer("Mihai Popa"), make_customer("Jana Nováková")
    open_case = cases.create_case(agent, cases.CaseInput(customer_id=mine.id, subject="Crushed box"))
    closed = cases.create_case(agent, cases.CaseInput(customer_id=mine.id, subject="Late refund"))
    cases.update_case(agent, closed.id, {"status": "closed", "note": "Refunded."})
    theirs = cases.create_case(agent, cases.CaseInput(customer_id=other.id, subject="Wrong colour"))
    auth.login(agent)
    profile = client.get(f"/customers/{mine.id}").get_data(as_text=True)
    assert f'href="/cases?customer={mine.id}">All cases' in profile
    page = client.get(f"/cases?customer={mine.id}").get_data(as_text=True)
    assert f"/cases/{open_case.id}\"" in page and f"/cases/{closed.id}\"" in page
    assert f"/cases/{theirs.id}\"" not in page
    assert client.get("/cases?customer=999999").status_code == 404


# --- F: the screen-pop's error field ---------------------------------------------------------------

def test_a_blank_lookup_names_the_parameter_that_was_sent(as_agent):
    for name in ("account", "email", "phone"):
        response = as_agent.get(f"/api/v1/lookup?{name}=")
        assert response.status_code == 422
        assert list(response.get_json()["error"]["fields"]) == [name]
    both = as_agent.get("/api/v1/lookup?phone=0123456789&account=ACC-1").get_json()["error"]["fields"]
    assert set(both) == {"phone", "account"}


# --- J: the API ------------------------------------------------------------------------------------

CALL = {"channel": "phone", "direction": "inbound", "started_at": "2026-03-02T17:00:00+08:00",
        "ended_at": "2026-03-02T17:06:00+08:00", "summary": "Asked about the invoice."}


def test_an_unsupported_language_is_refused_naming_the_supported_ones(as_agent, customer):
    refused = as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL, "language": "de"})
    assert refused.status_code == 422
    error = refused.get_json()["error"]
    assert error["code"] == "invalid" and list(error["fields"]) == ["language"]
    assert "en, ms, cs, fi, ro" in error["fields"]["language"][0]
    taken = as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL, "language": "ms-MY"})
    assert taken.status_code == 201, taken.get_json()


def test_the_api_refuses_a_hold_longer_than_the_contact(as_agent, customer):
    refused = as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL,
                                                          "holds": [{"seconds": 400}]})
    assert refused.status_code == 422
    assert list(refused.get_json()["error"]["fields"]) == ["holds[0].seconds"]
    # no end time: nothing to compare with, as API.md lets a client leave it out
    body = {k: v for k, v in CALL.items() if k != "ended_at"}
    assert as_agent.post("/api/v1/interactions", json={"customer_id": customer.id, **body,
                                                       "holds": [{"seconds": 400}]}).status_code == 201


# --- G and H ---------------------------------------------------------------------------------------

def test_every_page_starts_with_a_skip_link_to_the_main_content(client, auth, make_user):
    for path in ("/login", "/desk"):
        if path == "/desk":
            auth.login(make_user("agent"))
        page = client.get(path).get_data(as_text=True)
        body = page[page.index("<body"):]
        first = re.search(r"<(a|button|input|select|textarea)\b[^>]*>", body[body.index(">") + 1:]).group(0)
        assert first == '<a class="skip-link" href="#main">', first
        assert '<main id="main"' in page


def test_the_call_simulator_says_how_to_point_it_at_the_server():
    from click.testing import CliRunner

    from crm.simulator import simulate_command

    result = CliRunner().invoke(simulate_command, ["--url", "http://127.0.0.1:9", "--token", "x"])
    assert result.exit_code != 0
    assert "--url" in result.output and "CRM_BASE_URL" in result.output, result.output
