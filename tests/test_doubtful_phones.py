"""A phone number mistyped by a digit is either refused (when it cannot be a number of its country at
all) or saved with a word beside the phones (when the country's numbering plan does not know it), never
stored without a word: a number that is not the customer's real one never pops them up on a call."""
from __future__ import annotations


def test_a_national_number_too_short_to_lose_its_0_is_refused(as_agent, assert_error):
    # "012-345" in Malaysia was stored as "+60012345", a number no call ever comes from.
    error = assert_error(as_agent.post("/api/v1/customers", json={"name": "Ana Pop", "phones": ["012-345"]}),
                         422, "invalid")
    assert error["fields"] == {"phones": ["item 1 '012-345' has the wrong number of digits for its country"]}


def test_an_italian_number_keeps_its_leading_0(as_agent):
    answer = as_agent.post("/api/v1/customers", json={"name": "Giulia Rossi", "phones": ["+39 06 1234 5678"]})
    assert answer.status_code == 201
    assert answer.get_json()["phones"][0]["value"] == "+390612345678"
    assert answer.get_json()["warnings"] == {}


def test_a_number_the_plan_does_not_know_is_saved_with_a_warning(as_agent):
    # A Malaysian mobile a digit short: possible in length, but no such number is in use.
    answer = as_agent.post("/api/v1/customers", json={"name": "Ana Pop", "phones": ["012-345 678", "012-345 6789"]})
    assert answer.status_code == 201
    body = answer.get_json()
    assert [p["value"] for p in body["phones"]] == ["+6012345678", "+60123456789"]
    assert body["warnings"] == {"phones": [
        "+60 12-345 678 is not a number in use in Malaysia as far as its numbering plan knows: check it with the customer"]}


def test_a_patch_says_the_same_and_a_valid_number_clears_it(as_agent, make_customer):
    customer = make_customer("Ana Pop", phones=["+60 12-345 6789"])
    doubtful = as_agent.patch(f"/api/v1/customers/{customer.id}", json={"phones": ["012-345 678"]})
    assert doubtful.status_code == 200 and list(doubtful.get_json()["warnings"]) == ["phones"]
    fixed = as_agent.patch(f"/api/v1/customers/{customer.id}", json={"phones": ["012-345 6789"]})
    assert fixed.status_code == 200 and fixed.get_json()["warnings"] == {}


def test_the_warning_comes_in_the_readers_language(as_agent):
    answer = as_agent.post("/api/v1/customers", json={"name": "Jana Nová", "phones": ["+420 603 123 4567"]},
                           headers={"Accept-Language": "cs"})
    assert answer.status_code == 201
    (warning,) = answer.get_json()["warnings"]["phones"]
    assert "Česko" in warning and "+420 6031234567" in warning


def test_the_form_saves_and_says_which_number_to_check(client, auth, make_user):
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={"name": "Ana Pop", "phones": "012-345 678"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Ana Pop is saved." in page
    assert 'class="flash warning"' in page
    assert "+60 12-345 678 is not a number in use in Malaysia" in page


def test_the_form_says_nothing_of_a_number_in_use(client, auth, make_user):
    auth.login(make_user("agent"))
    page = client.post("/customers/new", data={"name": "Siti", "phones": "012-345 6789"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Siti is saved." in page and "flash warning" not in page


def test_a_number_stored_in_international_form_is_kept_on_every_edit(as_agent, make_customer):
    # Saved before national numbers that lose no 0 were refused (or sent with its +): a change to the
    # notes must not be refused over it, and the screen-pop still finds the record by it.
    customer = make_customer("Old Record", phones=["+60 012345"])
    assert [p.value for p in customer.phones] == ["+60012345"]
    edited = as_agent.patch(f"/api/v1/customers/{customer.id}", json={"notes": "Prefers e-mail"})
    assert edited.status_code == 200, edited.get_data(as_text=True)
    assert list(edited.get_json()["warnings"]) == ["phones"]
    assert as_agent.get("/api/v1/lookup?phone=%2B60012345").get_json()["customer"]["id"] == customer.id
