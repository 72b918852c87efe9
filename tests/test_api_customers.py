"""The customer API: the screen-pop lookup, search, create, edit, history and merge, as a client sees them."""
import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from crm.services.accounts import create_token, revoke_token, update_user
from crm.services.interactions import InteractionInput, log_interaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def log(customer, agent, minutes=0, **fields):
    """Log a phone call `minutes` after T0."""
    return log_interaction(InteractionInput(customer_id=customer.id, started_at=T0 + timedelta(minutes=minutes),
                                            **fields), agent).interaction


# --- lookup -------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", ["+60 12-345 6789", "0123456789", "(012) 345/6789", "0060123456789"])
def test_lookup_finds_a_malaysian_number_however_it_is_written(make_customer, as_agent, typed):
    customer = make_customer("Ahmad bin Ismail", phones=["+60 12-345 6789"])
    response = as_agent.get("/api/v1/lookup", query_string={"phone": typed})
    assert response.status_code == 200
    body = response.get_json()
    assert body["customer"]["id"] == customer.id
    assert body["customer"]["phones"] == [
        {"value": "+60123456789", "display": "+60 12-345 6789", "raw": "+60 12-345 6789"}]
    assert body["recent_interactions"] == [] and body["open_cases"] == [] and body["open_follow_ups"] == []


@pytest.mark.parametrize("stored, typed", [
    ("+420 603 123 456", "603 123 456"),     # Czech
    ("+420 603 123 456", "603-123-456"),
    ("+358 40 123 4567", "040 123 4567"),    # Finnish
    ("+358 40 123 4567", "040-123-4567"),
    ("+40 721 234 567", "0721 234 567"),     # Romanian
    ("+40 721 234 567", "0721-234-567"),
    ("+44 7700 900123", "07700 900123"),     # UK
    ("+44 7700 900123", "07700-900-123"),
])
def test_lookup_reads_national_numbers_of_the_other_served_countries(make_customer, as_agent, stored, typed):
    customer = make_customer("Caller", phones=[stored])
    response = as_agent.get("/api/v1/lookup", query_string={"phone": typed})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["customer"]["id"] == customer.id


def test_lookup_by_email_and_by_account(make_customer, as_agent):
    customer = make_customer("Jan Novák", emails=["jan.novak@example.cz"], account_number="ACC-1234")
    assert as_agent.get("/api/v1/lookup?email=JAN.Novak@Example.CZ").get_json()["customer"]["id"] == customer.id
    assert as_agent.get("/api/v1/lookup?account=acc-1234").get_json()["customer"]["id"] == customer.id


@pytest.mark.parametrize("query", [{"email": "not an address"},
                                   {"phone": "1" * 5000}, {"account": "'; drop table customers; --"}])
def test_a_lookup_of_garbage_finds_nobody(make_customer, as_agent, query, assert_error):
    make_customer("Jan Novák", phones=["+420 603 123 456"], emails=["jan@example.cz"])
    assert_error(as_agent.get("/api/v1/lookup", query_string=query), 404, "not_found")


def test_a_lookup_with_a_nul_character_is_refused_not_searched(make_customer, as_agent, assert_error):
    # issue 16: a NUL character in any query answers 422 with the error JSON, the lookup included
    make_customer("Jan Novák", phones=["+420 603 123 456"], emails=["jan@example.cz"])
    response = as_agent.get("/api/v1/lookup", query_string={"email": "\x00jan@example.cz"})
    assert_error(response, 422, "invalid")
    assert response.get_json()["error"]["fields"] == {"email": ["must not contain a NUL character"]}


def test_lookup_of_an_unknown_number_is_a_json_404(make_customer, as_agent, assert_error):
    make_customer("Jan Novák", phones=["+420 603 123 456"])
    assert_error(as_agent.get("/api/v1/lookup?phone=%2B420603999999"), 404, "not_found")


def test_an_ambiguous_number_lists_every_candidate_with_300(make_customer, as_agent):
    # Read in Malaysia 0123456789 is +60 12-345 6789; read in Finland it is +358 12 345 6789.
    malaysian = make_customer("Siti Rahman", phones=["+60 12-345 6789"])
    finnish = make_customer("Aino Korhonen", phones=["+358 12 345 6789"])
    response = as_agent.get("/api/v1/lookup?phone=0123456789")
    assert response.status_code == 300
    body = response.get_json()
    assert {c["id"] for c in body["candidates"]} == {malaysian.id, finnish.id}
    assert "customer" not in body


@pytest.mark.parametrize("query", ["", "?phone=", "?phone=0123456789&email=a@example.com", "?name=Jan"])
def test_lookup_needs_exactly_one_of_phone_email_account(as_agent, query, assert_error):
    assert_error(as_agent.get("/api/v1/lookup" + query), 422, "invalid")


def test_lookup_shows_the_five_newest_contacts_open_cases_and_promised_follow_ups(make_customer, agent, as_agent):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    for minute in range(6):
        log(customer, agent, minute, summary=f"call {minute}")
    promised = log(customer, agent, 10, summary="will call back", outcome="follow_up",
                   follow_up_due=(T0 + timedelta(days=1)).isoformat())
    body = as_agent.get("/api/v1/lookup?phone=603123456").get_json()
    recent = body["recent_interactions"]
    assert [ix["summary"] for ix in recent] == ["will call back", "call 5", "call 4", "call 3", "call 2"]
    assert [ix["id"] for ix in body["open_follow_ups"]] == [promised.id]
    assert [case["id"] for case in body["open_cases"]] == [promised.case_id]
    assert body["open_cases"][0]["status"] == "open"
    assert recent[0]["started_at"] == "2026-03-02T09:10:00+00:00"
    assert recent[0]["follow_up_due"] == "2026-03-03T09:00:00+00:00"


# --- authentication and roles --------------------------------------------------------------------

def test_without_a_token_the_answer_is_401_json(client, assert_error):
    response = client.get("/api/v1/customers?q=Jan")
    assert_error(response, 401, "unauthorized")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer crm_not-a-real-token", "Bearer ", "Basic dXNlcjpwYXNz", "crm_x"])
def test_a_bad_token_is_401(client, header, assert_error):
    assert_error(client.get("/api/v1/customers?q=Jan", headers={"Authorization": header}), 401, "unauthorized")


def test_a_revoked_token_is_401(client, agent, assert_error):
    token, secret = create_token(agent, "script")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 200
    revoke_token(agent, token.id)
    assert_error(client.get("/api/v1/customers?q=Jan", headers=headers), 401, "unauthorized")


def test_the_token_of_a_deactivated_user_is_401(client, make_user, agent, assert_error):
    _, secret = create_token(agent, "script")
    update_user(agent.id, make_user("admin"), active=False)
    assert_error(client.get("/api/v1/customers?q=Jan", headers={"Authorization": f"Bearer {secret}"}),
                 401, "unauthorized")


@pytest.mark.parametrize("method, path, body", [
    ("get", "/api/v1/lookup?phone=0123456789", None),
    ("get", "/api/v1/customers?q=Jan", None),
    ("get", "/api/v1/customers?q=J", None),  # refused for the role before the query is judged
    ("post", "/api/v1/customers", {"name": "New Customer"}),
    ("post", "/api/v1/customers", {"name": 5}),
    ("get", "/api/v1/customers/{id}", None),
    ("patch", "/api/v1/customers/{id}", {"notes": "x"}),
    ("get", "/api/v1/customers/{id}/interactions", None),
    ("post", "/api/v1/customers/{id}/merge", {"duplicate_id": 1}),
])
def test_department_members_have_no_access_to_customers(api, make_user, make_customer, method, path, body,
                                                         assert_error):
    customer = make_customer("Jan Novák", phones=["+60 12-345 6789"])
    member = api(make_user("department"))
    kwargs = {"json": body} if body is not None else {}
    response = getattr(member, method)(path.replace("{id}", str(customer.id)), **kwargs)
    assert_error(response, 403, "forbidden")


@pytest.mark.parametrize("role", ["agent", "lead", "admin"])
def test_agents_leads_and_admins_look_customers_up(api, make_user, make_customer, role):
    make_customer("Jan Novák", phones=["+60 12-345 6789"])
    assert api(make_user(role)).get("/api/v1/lookup?phone=0123456789").status_code == 200


# --- search ---------------------------------------------------------------------------------------

def test_search_by_name_fragment_ignores_accents_and_case(make_customer, as_agent):
    novak = make_customer("Jan Novák")
    make_customer("Aino Korhonen")
    body = as_agent.get("/api/v1/customers?q=NOVAK").get_json()
    assert [c["id"] for c in body["items"]] == [novak.id]
    assert body["next"] is None


def test_search_by_phone_email_and_account(make_customer, as_agent):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"], emails=["jan@example.cz"],
                             account_number="CZ-77")
    for q in ("603 123 456", "jan@example.cz", "cz-77"):
        items = as_agent.get("/api/v1/customers", query_string={"q": q}).get_json()["items"]
        assert [c["id"] for c in items] == [customer.id], q


def test_search_limit_caps_the_page(make_customer, as_agent):
    for i in range(3):
        make_customer(f"Novák {i}")
    assert len(as_agent.get("/api/v1/customers?q=novak&limit=2").get_json()["items"]) == 2


def test_a_name_search_pages_through_every_match_with_next(make_customer, as_agent, assert_error):
    made = {make_customer(f"Novák {name}").id for name in ("Jan", "Eva", "Petr", "Jana", "Karel")}
    seen, cursor = [], None
    while True:
        page = as_agent.get("/api/v1/customers", query_string={"q": "novak", "limit": 2, **(
            {"cursor": cursor} if cursor else {})}).get_json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(made) and len(seen) == 5
    assert as_agent.get("/api/v1/customers?q=novak&limit=5").get_json()["next"] is None
    assert "cursor" in assert_error(as_agent.get("/api/v1/customers?q=novak&cursor=nonsense"), 422, "invalid")["fields"]


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20"])
def test_search_needs_q(as_agent, query, assert_error):
    body = assert_error(as_agent.get("/api/v1/customers" + query), 422, "invalid")
    assert "q" in body["fields"]


@pytest.mark.parametrize("q", ["Ja", "J", "Ng Li", "12"])
def test_a_name_search_needs_three_characters(as_agent, q, assert_error):
    body = assert_error(as_agent.get("/api/v1/customers", query_string={"q": q}), 422, "invalid")
    assert "3 characters" in body["message"]
    assert body["fields"]["q"]


@pytest.mark.parametrize("limit", ["abc", "0", "-1", "201", "99999999999999999999999", "1.5"])
def test_a_bad_limit_is_422_not_500(as_agent, limit, assert_error):
    body = assert_error(as_agent.get(f"/api/v1/customers?q=novak&limit={limit}"), 422, "invalid")
    assert "limit" in body["fields"]


def test_a_bad_limit_and_a_short_q_are_reported_together(as_agent, assert_error):
    body = assert_error(as_agent.get("/api/v1/customers?q=ab&limit=abc"), 422, "invalid")
    assert set(body["fields"]) == {"q", "limit"}


# --- create -----------------------------------------------------------------------------------------

def test_create_answers_201_with_the_customer_and_its_location(as_agent):
    response = as_agent.post("/api/v1/customers", json={
        "name": "Siti Rahman", "account_number": "my 1001", "phones": ["012-345 6789"],
        "emails": ["Siti@Example.COM"], "company": "Rahman Sdn Bhd", "language": "ms",
        "preferred_channel": "chat", "notes": "Prefers mornings", "preferences": {"contact_time": "morning"},
    })
    assert response.status_code == 201
    customer = response.get_json()
    assert customer["account_number"] == "MY1001"
    assert customer["phones"] == [{"value": "+60123456789", "display": "+60 12-345 6789", "raw": "012-345 6789"}]
    assert customer["emails"] == [{"value": "siti@example.com"}]
    assert customer["preferences"] == {"contact_time": "morning"}
    assert datetime.fromisoformat(customer["created_at"]).utcoffset() == timedelta(0)
    assert response.headers["Location"].endswith(f"/api/v1/customers/{customer['id']}")
    assert customer.pop("warnings") == {}  # the saved answer alone says what to check with the customer
    assert as_agent.get(response.headers["Location"]).get_json() == customer


def test_a_phone_of_another_customer_is_409_naming_them(make_customer, as_agent, assert_error):
    first = make_customer("Jan Novák", phones=["+420 603 123 456"])
    response = as_agent.post("/api/v1/customers", json={"name": "Someone", "phones": ["00420 603 123 456"]})
    body = assert_error(response, 409, "conflict")
    assert body["existing_id"] == first.id
    assert "Jan Novák" in body["message"]


def test_an_account_number_of_another_customer_is_409_naming_them(make_customer, as_agent, assert_error):
    first = make_customer("Jan Novák", account_number="ACC-1")
    body = assert_error(as_agent.post("/api/v1/customers", json={"name": "X Y", "account_number": "acc-1"}),
                        409, "conflict")
    assert body["existing_id"] == first.id


def test_every_field_error_is_reported_at_once(as_agent, assert_error):
    response = as_agent.post("/api/v1/customers", json={
        "name": "", "phones": ["12"], "emails": ["not-an-address"], "language": "xx",
        "preferred_channel": "pigeon", "company": 42, "nmae": "typo",
    })
    body = assert_error(response, 422, "invalid")
    assert set(body["fields"]) == {"name", "phones", "emails", "language", "preferred_channel", "company", "nmae"}


@pytest.mark.parametrize("body, wrong", [
    ({"name": "Valid Name", "language": "xx"}, {"language"}),
    ({"name": "Maria Popescu", "emails": ["nope"]}, {"emails"}),
    ({"language": "xx"}, {"language", "name"}),
])
def test_a_new_customer_s_errors_name_only_the_fields_that_are_wrong(as_agent, assert_error, body, wrong):
    assert set(assert_error(as_agent.post("/api/v1/customers", json=body), 422, "invalid")["fields"]) == wrong


@pytest.mark.parametrize("kwargs", [
    {"data": "not json", "content_type": "application/json"},
    {"data": "{\"name\": ", "content_type": "application/json"},
    {"data": "name=Jan", "content_type": "application/x-www-form-urlencoded"},
    {"json": ["Jan Novák"]},
    {"json": "Jan Novák"},
    {"json": None},
])
def test_a_body_that_is_not_a_json_object_is_400(as_agent, kwargs, assert_error):
    assert_error(as_agent.post("/api/v1/customers", **kwargs), 400, "bad_request")


@pytest.mark.parametrize("body, field", [
    ({"name": 123}, "name"),
    ({"name": "Jan Novák", "phones": "0123456789"}, "phones"),
    ({"name": "Jan Novák", "phones": [123]}, "phones"),
    ({"name": "Jan Novák", "emails": {"a": "b"}}, "emails"),
    ({"name": "Jan Novák", "account_number": 1234}, "account_number"),
    ({"name": "Jan Novák", "preferences": ["x"]}, "preferences"),
    ({"name": "Jan Novák", "preferences": {"x": float("nan")}}, "preferences.x"),
    ({"name": "Jan Novák", "tier": ["gold"]}, "tier"),
    ({"name": "Jan Novák", "company": "x" * 201}, "company"),
    ({"name": ["Jan"]}, "name"),
    ({"name": "Jan\x00Novák"}, "name"),
    ({"name": "Jan Novák", "preferences": {"x": "a\x00b"}}, "preferences.x"),
])
def test_wrong_types_are_422_not_500(as_agent, body, field, assert_error):
    assert field in assert_error(as_agent.post("/api/v1/customers", json=body), 422, "invalid")["fields"]


# --- read and edit -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/api/v1/customers/999999", "/api/v1/customers/abc", "/api/v1/customers/0",
                                  "/api/v1/customers/-1", "/api/v1/customers/99999999999999999999999"])
def test_an_unknown_customer_is_a_json_404(as_agent, path, assert_error):
    assert_error(as_agent.get(path), 404, "not_found")


def test_patch_changes_only_the_fields_given(make_customer, as_agent):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"], emails=["jan@example.cz"],
                             company="Novák s.r.o.", language="cs")
    response = as_agent.patch(f"/api/v1/customers/{customer.id}", json={"notes": "Hard of hearing",
                                                                       "company": None})
    assert response.status_code == 200
    body = response.get_json()
    assert body["notes"] == "Hard of hearing" and body["company"] is None
    assert body["name"] == "Jan Novák" and body["language"] == "cs"
    assert [p["value"] for p in body["phones"]] == ["+420603123456"]
    assert [e["value"] for e in body["emails"]] == ["jan@example.cz"]
    assert body.pop("warnings") == {}
    assert as_agent.get(f"/api/v1/customers/{customer.id}").get_json() == body


def test_patch_replaces_the_phone_list(make_customer, as_agent):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    body = as_agent.patch(f"/api/v1/customers/{customer.id}", json={"phones": ["012-345 6789"]}).get_json()
    assert [p["value"] for p in body["phones"]] == ["+60123456789"]
    assert as_agent.get("/api/v1/lookup?phone=603123456").status_code == 404


def test_patch_with_another_customers_email_is_409(make_customer, as_agent, assert_error):
    first = make_customer("Jan Novák", emails=["jan@example.cz"])
    second = make_customer("Petr Svoboda")
    body = assert_error(as_agent.patch(f"/api/v1/customers/{second.id}", json={"emails": ["JAN@example.cz"]}),
                        409, "conflict")
    assert body["existing_id"] == first.id


def test_patch_reports_every_bad_field_and_unknown_key(make_customer, as_agent, assert_error):
    customer = make_customer("Jan Novák")
    body = assert_error(as_agent.patch(f"/api/v1/customers/{customer.id}",
                                       json={"name": "", "tier": "diamond", "id": 5, "notes": 7}), 422, "invalid")
    assert set(body["fields"]) == {"name", "tier", "id", "notes"}


def test_patch_of_an_unknown_customer_is_404(as_agent, assert_error):
    assert_error(as_agent.patch("/api/v1/customers/424242", json={"notes": "x"}), 404, "not_found")


# --- history ---------------------------------------------------------------------------------------------

def test_the_history_is_newest_first_and_pages_with_a_cursor(make_customer, agent, as_agent):
    customer = make_customer("Jan Novák")
    ids = [log(customer, agent, minute).id for minute in (5, 1, 3, 4, 2)]
    newest_first = [ids[0], ids[3], ids[2], ids[4], ids[1]]
    seen, cursor = [], None
    for _ in range(3):
        query = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        body = as_agent.get(f"/api/v1/customers/{customer.id}/interactions", query_string=query).get_json()
        seen += [ix["id"] for ix in body["items"]]
        cursor = body["next"]
    assert seen == newest_first
    assert cursor is None


def test_interactions_started_at_the_same_moment_page_without_loss(make_customer, agent, as_agent):
    customer = make_customer("Jan Novák")
    ids = [log(customer, agent, 0).id for _ in range(3)]
    first = as_agent.get(f"/api/v1/customers/{customer.id}/interactions?limit=2").get_json()
    second = as_agent.get(f"/api/v1/customers/{customer.id}/interactions",
                          query_string={"limit": 2, "cursor": first["next"]}).get_json()
    assert [ix["id"] for ix in first["items"] + second["items"]] == sorted(ids, reverse=True)
    assert second["next"] is None


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("cursor", ["garbage", "!!!", _cursor(["2026-03-02T09:00:00", 1]),
                                    _cursor(["2026-03-02T09:00:00+00:00", 10**30]), _cursor({"a": 1}),
                                    _cursor(["yesterday", 1]), _cursor([1, 2, 3])])
def test_a_cursor_the_server_did_not_give_out_is_422(make_customer, as_agent, cursor, assert_error):
    customer = make_customer("Jan Novák")
    body = assert_error(as_agent.get(f"/api/v1/customers/{customer.id}/interactions",
                                     query_string={"cursor": cursor}), 422, "invalid")
    assert "cursor" in body["fields"]


def test_the_history_of_an_unknown_customer_is_404(as_agent, assert_error):
    assert_error(as_agent.get("/api/v1/customers/4242/interactions"), 404, "not_found")


@pytest.mark.parametrize("limit", ["abc", "0", "500"])
def test_the_history_refuses_a_bad_limit(make_customer, as_agent, limit, assert_error):
    customer = make_customer("Jan Novák")
    assert_error(as_agent.get(f"/api/v1/customers/{customer.id}/interactions?limit={limit}"), 422, "invalid")


# --- merge -----------------------------------------------------------------------------------------------

def test_merge_moves_history_and_contact_points_to_the_survivor(make_customer, agent, as_agent):
    primary = make_customer("Jan Novák", phones=["+420 603 123 456"])
    duplicate = make_customer("J. Novak", emails=["jan@example.cz"], account_number="ACC-9")
    moved = log(duplicate, agent, 1)
    response = as_agent.post(f"/api/v1/customers/{primary.id}/merge", json={"duplicate_id": duplicate.id})
    assert response.status_code == 200
    body = response.get_json()
    assert body["id"] == primary.id and body["account_number"] == "ACC-9"
    assert [e["value"] for e in body["emails"]] == ["jan@example.cz"]
    found = as_agent.get("/api/v1/lookup?email=jan@example.cz").get_json()
    assert found["customer"]["id"] == primary.id
    assert [ix["id"] for ix in found["recent_interactions"]] == [moved.id]
    assert as_agent.get(f"/api/v1/customers/{duplicate.id}").get_json()["merged_into_id"] == primary.id


@pytest.mark.parametrize("body", [{}, {"duplicate_id": "2"}, {"duplicate_id": None}, {"duplicate_id": True},
                                  {"duplicate_id": 1.5}, {"duplicate_id": 10**20}, {"duplicate_id": -3},
                                  {"duplicate_id": 2, "primary_id": 1}])
def test_merge_needs_a_duplicate_id(make_customer, as_agent, body, assert_error):
    primary = make_customer("Jan Novák")
    assert_error(as_agent.post(f"/api/v1/customers/{primary.id}/merge", json=body), 422, "invalid")


def test_a_customer_cannot_be_merged_into_itself(make_customer, as_agent, assert_error):
    customer = make_customer("Jan Novák")
    body = assert_error(as_agent.post(f"/api/v1/customers/{customer.id}/merge", json={"duplicate_id": customer.id}),
                        422, "invalid")
    assert "duplicate_id" in body["fields"]


def test_merging_an_unknown_duplicate_is_404(make_customer, as_agent, assert_error):
    customer = make_customer("Jan Novák")
    assert_error(as_agent.post(f"/api/v1/customers/{customer.id}/merge", json={"duplicate_id": 4242}),
                 404, "not_found")


def test_a_name_cannot_hide_its_reading_behind_direction_overrides(as_agent):
    created = as_agent.post("/api/v1/customers", json={"name": "\u202eevil name\u202c", "phones": ["+60 12-999 0001"]})
    assert created.status_code == 201 and created.get_json()["name"] == "evil name"
    hebrew = as_agent.post("/api/v1/customers", json={"name": "\u200fשרה כהן", "phones": ["+60 12-999 0002"]})
    assert hebrew.get_json()["name"] == "\u200fשרה כהן"  # a right-to-left mark is kept


@pytest.mark.parametrize("field, item", [("phones", "+60 12-700 {:04d}"), ("emails", "c{}@example.my")])
def test_more_than_twenty_phones_or_emails_are_refused_by_name(as_agent, assert_error, make_customer, field, item):
    many = [item.format(i) for i in range(21)]
    error = assert_error(as_agent.post("/api/v1/customers", json={"name": "Many", field: many}), 422, "invalid")
    assert error["fields"][field] == ["must have at most 20 items"]
    customer = make_customer("Few")
    error = assert_error(as_agent.patch(f"/api/v1/customers/{customer.id}", json={field: many}), 422, "invalid")
    assert error["fields"] == {field: ["must have at most 20 items"]}
    assert as_agent.post("/api/v1/customers", json={"name": "Enough", field: many[:20]}).status_code == 201


def test_a_department_with_more_than_twenty_addresses_and_a_rule_naming_too_many_teams_are_refused(
        as_admin, assert_error):
    emails = [f"d{i}@example.com" for i in range(21)]
    error = assert_error(as_admin.post("/api/v1/departments", json={"slug": "many", "name": "Many", "emails": emails}),
                         422, "invalid")
    assert error["fields"] == {"emails": ["must have at most 20 items"]}
    rules = as_admin.get("/api/v1/policy").get_json()["rules"]
    rule = {"standard": rules[0]["standard"], "teams": ["Alpha"] * 201}
    error = assert_error(as_admin.post("/api/v1/policy/versions", json={"rules": [rule]}), 422, "invalid")
    assert error["fields"] == {"rules[0].teams": ["must have at most 200 items"]}
    error = assert_error(as_admin.post("/api/v1/policy/versions", json={"rules": [{"standard": "x"}] * 201}),
                         422, "invalid")
    assert error["fields"]["rules"] == ["must have at most 200 items"]
