"""Through HTTP: every route survives any input, findings stay private, the last admin keeps the role.

Each case as a client or a person meets it, on whichever database the suite runs on.
"""
import pytest

from crm.services.interactions import InteractionInput, log_interaction

BIG = 3_000_000_000  # past PostgreSQL's integer
HUGE = 2**63 + 1  # past every integer column, SQLite's too


def _log(agent, customer, **kw):
    data = dict(customer_id=customer.id, holds=[{"seconds": 400, "apologized": False}],
                summary="Asked about the delivery", transcript="Agent: Thank you for calling.", outcome="resolved")
    data.update(kw)
    return log_interaction(InteractionInput(**data), agent).interaction


# --- 1. one place where input becomes typed values -------------------------------------------------

@pytest.mark.parametrize("path", [
    "/api/v1/findings?team=%00", "/api/v1/findings?agent=%00", "/api/v1/findings?standard=%00",
    "/api/v1/reports/targets?team=%00", "/api/v1/reports/compliance?team=%00",
    f"/api/v1/reports/targets?team={BIG}", f"/api/v1/reports/compliance?team={BIG}",
    f"/api/v1/findings?team={HUGE}", "/api/v1/findings?status=nonsense", "/api/v1/findings?standard=%FF%FE",
])
def test_a_query_no_column_could_hold_is_refused_with_the_error_json(api, admin, path):
    response = api(admin).get(path)
    assert response.status_code == 422, response.get_data(as_text=True)
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and error["fields"]


@pytest.mark.parametrize("path", ["/dashboard/?team=%00", "/review/?standard=%00", f"/dashboard/?team={BIG}",
                                  f"/dashboard/export/targets.csv?team={BIG}", f"/review/?team={BIG}",
                                  f"/review/?agent={HUGE}", "/review/?standard=%C3"])
def test_a_page_asked_for_with_such_a_query_says_which_parameter(client, auth, admin, path):
    auth.login(admin)
    response = client.get(path)
    assert response.status_code == 422
    name = path.partition("?")[2].partition("=")[0]
    assert f"{name}:" in response.get_data(as_text=True)


@pytest.mark.parametrize("template", [
    "/customers/{}", "/customers/{}/edit", "/customers/{}/export.json", "/interactions/{}",
    "/customers/{}/interactions/new", "/review/findings/{}", "/admin/users/{}"])
@pytest.mark.parametrize("number", [BIG, HUGE, "9" * 5000])
def test_an_id_past_the_column_is_a_page_not_found(client, auth, admin, template, number):
    auth.login(admin)
    assert client.get(template.format(number)).status_code == 404


@pytest.mark.parametrize("path", [f"/api/v1/customers/{BIG}", f"/api/v1/interactions/{HUGE}",
                                  "/api/v1/departments/a%00b/feedback"])
def test_an_id_past_the_column_is_a_json_404(api, admin, path):
    response = api(admin).get(path)
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_a_review_note_with_a_nul_character_is_refused_naming_the_field(api, agent, lead, make_customer):
    ix = _log(agent, make_customer())
    finding_id = api(agent).get(f"/api/v1/interactions/{ix.id}").get_json()["findings"][0]["id"]
    response = api(lead).post(f"/api/v1/findings/{finding_id}/review",
                                        json={"decision": "coached", "note": "a\u0000b"})
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"] == {"note": ["must not contain a NUL character"]}


def test_a_json_body_with_a_lone_surrogate_or_a_huge_number_names_each_field(api, agent):
    body = '{"name": "Jan \\ud800", "preferences": {"floor": 99999999999999999999999}}'
    response = api(agent).post("/api/v1/customers", data=body, content_type="application/json")
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) == {"name", "preferences.floor"}


def test_the_new_customer_form_refuses_bytes_that_are_not_utf8(client, auth, agent):
    auth.login(agent)
    response = client.post("/customers/new", data=b"name=Jan+Nov%E1k&phones=%2B420603123456",
                           content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
    assert "name: must be UTF-8 text" in response.get_data(as_text=True)
    assert client.get("/customers/1").status_code == 404  # nothing was stored


# --- 2. findings are personnel data --------------------------------------------------------------

def test_an_agent_sees_only_their_own_findings_wherever_a_contact_shows(api, client, auth, agent, lead, admin, beta_agent,
                                                                       beta_lead, make_customer):
    customer = make_customer()
    theirs = _log(beta_agent, customer)
    mine = _log(agent, customer)
    as_agent = api(agent)
    assert as_agent.get(f"/api/v1/interactions/{theirs.id}").get_json()["findings"] == []
    assert as_agent.get(f"/api/v1/interactions/{mine.id}").get_json()["findings"]
    assert api(beta_lead).get(f"/api/v1/interactions/{theirs.id}").get_json()["findings"]
    assert api(lead).get(f"/api/v1/interactions/{theirs.id}").get_json()["findings"] == []
    assert api(admin).get(f"/api/v1/interactions/{theirs.id}").get_json()["findings"]

    auth.login(agent)
    contact = client.get(f"/interactions/{theirs.id}").get_data(as_text=True)
    timeline = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    own = client.get(f"/interactions/{mine.id}").get_data(as_text=True)
    assert "hold.max_duration" in own
    assert "hold.max_duration" not in contact
    # Not "meets every standard": the reader is not told there is nothing, only that it is not for them.
    assert "meets every standard in force" not in contact
    assert "findings are shown to the agent who logged it" in contact
    assert "findings are shown to the agent who logged it" not in own
    assert timeline.count("Holds are short") == 1  # the profile names a finding's standard by its title
    only_theirs = make_customer("Aino Virtanen")
    _log(beta_agent, only_theirs)
    assert "Holds are short" not in client.get(f"/customers/{only_theirs.id}").get_data(as_text=True)
    auth.logout()
    auth.login(beta_agent)
    assert "Holds are short" in client.get(f"/customers/{only_theirs.id}").get_data(as_text=True)


# --- 3. the last active admin ---------------------------------------------------------------------

@pytest.mark.parametrize("change", [{"role": "agent", "team": "Alpha"}, {"active": False}])
def test_the_last_active_admin_keeps_the_role(api, admin, agent, change):  # agent: team Alpha exists
    response = api(admin).patch(f"/api/v1/users/{admin.id}", json=change)
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "conflict"
    assert "last active admin" in response.get_json()["error"]["message"]


def test_with_a_second_admin_the_first_may_step_down(api, admin, agent, make_user):  # agent: team Alpha exists
    make_user("admin")
    assert api(admin).patch(f"/api/v1/users/{admin.id}", json={"role": "agent", "team": "Alpha"}).status_code == 200


def test_the_user_page_says_why_the_last_admin_keeps_the_role(client, auth, admin):
    auth.login(admin)
    response = client.post(f"/admin/users/{admin.id}", data={"role": "admin", "team": ""})  # unticks "active"
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "last active admin" in page
    assert client.get("/admin/").status_code == 200  # still an admin


# --- 4. methods ---------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/findings", "/customers/new", "/login"])
def test_an_unknown_method_is_a_405_with_allow(client, path):
    response = client.open(path, method="TRACE")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
