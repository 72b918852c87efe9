"""A record the API creates answers 201 with its address in Location, and that address shows it."""
from __future__ import annotations


def test_a_case_opened_by_hand_answers_201_with_the_address_that_shows_it(as_agent, make_customer):
    customer = make_customer()
    response = as_agent.post("/api/v1/cases", json={"customer_id": customer.id, "subject": "Broken lid"})
    assert response.status_code == 201
    location = response.headers["Location"]
    assert location.endswith(f"/api/v1/cases/{response.get_json()['id']}")
    assert as_agent.get(location).get_json() == response.get_json()
