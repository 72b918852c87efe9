"""Merging duplicate customers through the API: every shape of duplicate ends up whole on the survivor."""
from datetime import timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.models import Customer, Survey, User
from crm.models.base import utcnow
from crm.services import surveys


def as_a_new_request():
    """Forget what this test loaded, as every request of a real server starts with an empty session."""
    db.session.remove()


def create(as_agent, **body):
    response = as_agent.post("/api/v1/customers", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def log(as_agent, customer_id, **fields):
    body = {"customer_id": customer_id, "channel": "phone", "direction": "inbound",
            "started_at": (utcnow() - timedelta(hours=1)).isoformat(), "summary": "Asked about an order.",
            "outcome": "resolved", **fields}
    response = as_agent.post("/api/v1/interactions", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def merge(as_agent, primary_id, duplicate_id):
    as_a_new_request()
    response = as_agent.post(f"/api/v1/customers/{primary_id}/merge", json={"duplicate_id": duplicate_id})
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def lookup(as_agent, **query):
    response = as_agent.get("/api/v1/lookup", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_a_fresh_duplicate_with_a_phone_and_a_contact_merges_into_a_demo_customer(app, api):
    # The report: a duplicate created a moment earlier, one phone, one logged contact, merged into
    # a customer of `crm demo` answered 500 ("Instance <ContactPoint> has been deleted").
    from crm.services.demo import load_demo

    load_demo(customers=2)
    agent = db.session.scalar(select(User).where(User.email == "agent@demo.example.com"))
    as_agent = api(agent)
    demo_customer = db.session.scalar(select(Customer).order_by(Customer.id))
    kept_phones = {p["value"] for p in as_agent.get(f"/api/v1/customers/{demo_customer.id}").get_json()["phones"]}
    duplicate_id = create(as_agent, name="Siti N. Rahman", phones=["+60 19-876 5432"])
    contact = log(as_agent, duplicate_id)["interaction"]

    body = merge(as_agent, demo_customer.id, duplicate_id)

    assert {p["value"] for p in body["phones"]} == kept_phones | {"+60198765432"}
    found = lookup(as_agent, phone="019-876 5432")
    assert found["customer"]["id"] == demo_customer.id
    assert contact["id"] in [ix["id"] for ix in found["recent_interactions"]]
    assert as_agent.get(f"/api/v1/customers/{duplicate_id}").get_json()["merged_into_id"] == demo_customer.id


def test_the_same_phone_written_differently_is_already_the_customer_and_the_duplicate_keeps_its_other_numbers(
        as_agent):
    primary_id = create(as_agent, name="Ahmad bin Ismail", phones=["+60 12-345 6789"])
    refused = as_agent.post("/api/v1/customers", json={"name": "Ahmad Ismail", "phones": ["(012) 345/6789"]})
    assert refused.status_code == 409 and refused.get_json()["error"]["existing_id"] == primary_id
    duplicate_id = create(as_agent, name="Ahmad Ismail", phones=["012-999 8888"], emails=["Ahmad@Example.my"])

    body = merge(as_agent, primary_id, duplicate_id)

    assert [p["value"] for p in body["phones"]] == ["+60123456789", "+60129998888"]
    assert [e["value"] for e in body["emails"]] == ["ahmad@example.my"]
    for typed in ("+60 12-999 8888", "0129998888", "0060129998888"):
        assert lookup(as_agent, phone=typed)["customer"]["id"] == primary_id
    # The numbers stay how they were typed.
    assert body["phones"][1]["raw"] == "012-999 8888"


def test_open_cases_and_promised_follow_ups_of_the_duplicate_show_on_the_survivor(as_agent):
    primary_id = create(as_agent, name="Jan Novák", phones=["+420 603 123 456"])
    duplicate_id = create(as_agent, name="J. Novak", emails=["jan@example.cz"])
    due = (utcnow() + timedelta(days=2)).isoformat()
    promised = log(as_agent, duplicate_id, outcome="follow_up", follow_up_due=due)["interaction"]
    assert promised["case_id"] is not None

    merge(as_agent, primary_id, duplicate_id)

    found = lookup(as_agent, phone="+420 603 123 456")
    assert [case["id"] for case in found["open_cases"]] == [promised["case_id"]]
    assert [case["customer_id"] for case in found["open_cases"]] == [primary_id]
    assert [f["id"] for f in found["open_follow_ups"]] == [promised["id"]]
    # A later contact on the survivor can carry on the moved case.
    later = log(as_agent, primary_id, case_id=promised["case_id"], summary="Called back as promised.")
    assert later["interaction"]["case_id"] == promised["case_id"]


def test_feedback_and_surveys_of_the_duplicate_move_to_the_survivor(as_agent, make_user, api):
    admin = api(make_user("admin"))
    primary_id = create(as_agent, name="Aino Virtanen", phones=["+358 40 123 4567"])
    duplicate_id = create(as_agent, name="A. Virtanen", emails=["aino@example.fi"])
    logged = log(as_agent, duplicate_id, feedback=[{"category": "packaging", "text": "The box arrived crushed."}])
    assert logged["feedback"], "the contact carried feedback"
    survey = db.session.scalar(select(Survey).where(Survey.interaction_id == logged["interaction"]["id"]))
    assert survey is not None, "a resolved contact opens a survey"

    merge(as_agent, primary_id, duplicate_id)

    slug = logged["feedback"][0]["department"]
    inbox = admin.get(f"/api/v1/departments/{slug}/feedback").get_json()["items"]
    assert [(f["id"], f["customer_id"]) for f in inbox] == [(logged["feedback"][0]["id"], primary_id)]
    as_a_new_request()
    assert db.session.get(Survey, survey.id).customer_id == primary_id
    # The customer can still answer the survey of a contact logged on the duplicate.
    surveys.answer(surveys.token_for(db.session.get(Survey, survey.id)), 5, "")


def test_a_survivor_of_an_earlier_merge_can_itself_be_merged(as_agent):
    first_id = create(as_agent, name="Ioana Popescu", phones=["+40 721 234 567"])
    second_id = create(as_agent, name="I. Popescu", emails=["ioana@example.ro"], account_number="ACC-77")
    third_id = create(as_agent, name="Ioana P.", phones=["+40 722 000 111"])
    history = [log(as_agent, cid, summary=f"Contact {n}.")["interaction"]["id"]
               for n, cid in enumerate((first_id, second_id, third_id))]
    merge(as_agent, first_id, second_id)   # first survives second

    body = merge(as_agent, third_id, first_id)  # and is then found to be a duplicate of third

    assert body["account_number"] == "ACC-77"
    assert {p["value"] for p in body["phones"]} == {"+40721234567", "+40722000111"}
    assert [e["value"] for e in body["emails"]] == ["ioana@example.ro"]
    for query in ({"phone": "0721 234 567"}, {"email": "ioana@example.ro"}, {"account": "ACC-77"}):
        assert lookup(as_agent, **query)["customer"]["id"] == third_id
    listed = as_agent.get(f"/api/v1/customers/{third_id}/interactions").get_json()["items"]
    assert sorted(ix["id"] for ix in listed) == sorted(history)
    # Both earlier records now point straight at the last survivor.
    for old in (first_id, second_id):
        assert as_agent.get(f"/api/v1/customers/{old}").get_json()["merged_into_id"] == third_id


def test_a_merged_record_cannot_be_merged_again_nor_receive_a_merge(as_agent):
    keep_id = create(as_agent, name="Jan Novák")
    gone_id = create(as_agent, name="J. Novák")
    other_id = create(as_agent, name="Someone Else")
    merge(as_agent, keep_id, gone_id)
    as_a_new_request()
    assert as_agent.post(f"/api/v1/customers/{keep_id}/merge", json={"duplicate_id": gone_id}).status_code == 404
    assert as_agent.post(f"/api/v1/customers/{gone_id}/merge", json={"duplicate_id": other_id}).status_code == 404
