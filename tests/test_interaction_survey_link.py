"""GET /api/v1/interactions/{id} gives the customer's survey link (API.md, second round): the link a
resolved contact's survey is answered through, with no login; null when logging opened no survey."""

CALL = {"channel": "phone", "direction": "inbound", "started_at": "2026-03-02T17:00:00+08:00",
        "ended_at": "2026-03-02T17:06:00+08:00", "summary": "Asked about the invoice; explained the charges."}


def post(client, customer, base_url=None, **fields):
    return client.post("/api/v1/interactions", json={"customer_id": customer.id, **CALL, **fields},
                       **({"base_url": base_url} if base_url else {}))


def test_a_resolved_contact_shows_the_survey_link_the_customer_answers_through(as_agent, customer, app):
    logged = post(as_agent, customer, outcome="resolved")
    assert logged.status_code == 201
    shown = as_agent.get(f"/api/v1/interactions/{logged.get_json()['interaction']['id']}")
    assert shown.status_code == 200
    link = shown.get_json()["survey_url"]
    base = "http://localhost"  # CRM_BASE_URL unset: the address the request came to (the test client's)
    assert link.startswith(f"{base}/survey/")
    # the link works for someone who is not logged in
    survey_page = app.test_client().get(link[len(base):])
    assert survey_page.status_code == 200
    assert 'name="score"' in survey_page.get_data(as_text=True)


def test_a_contact_that_opened_no_survey_shows_a_null_link(as_agent, customer):
    logged = post(as_agent, customer, outcome="no_action")
    assert logged.status_code == 201
    shown = as_agent.get(f"/api/v1/interactions/{logged.get_json()['interaction']['id']}").get_json()
    assert "survey_url" in shown and shown["survey_url"] is None


def test_the_link_starts_with_the_requests_own_address_unless_crm_base_url_is_set(as_agent, customer, app):
    """Served on another port or host with CRM_BASE_URL unset, the link still reaches this server; when
    it is set (behind a proxy only it knows the public address) it wins."""
    app.config["CRM_BASE_URL"] = ""
    logged = post(as_agent, customer, outcome="resolved", base_url="http://crm.internal:8123")
    assert logged.get_json()["interaction"]["id"]
    shown = as_agent.get(f"/api/v1/interactions/{logged.get_json()['interaction']['id']}",
                         base_url="http://crm.internal:8123").get_json()
    assert shown["survey_url"].startswith("http://crm.internal:8123/survey/")

    app.config["CRM_BASE_URL"] = "https://crm.shop.example/"
    shown = as_agent.get(f"/api/v1/interactions/{logged.get_json()['interaction']['id']}",
                         base_url="http://crm.internal:8123").get_json()
    assert shown["survey_url"].startswith("https://crm.shop.example/survey/")


def test_the_survey_page_names_the_day_of_the_contact_not_the_day_it_was_logged(as_agent, customer, app):
    logged = post(as_agent, customer, outcome="resolved")  # a contact of 2 March 2026, logged today
    link = as_agent.get(f"/api/v1/interactions/{logged.get_json()['interaction']['id']}").get_json()["survey_url"]
    page = app.test_client().get(link[len("http://localhost"):], headers={"Accept-Language": "en"}).text
    assert "You were in touch with us on March 2, 2026." in page
