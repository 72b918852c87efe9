"""Feedback heard on a call reaches its department and the answer comes back to the agent and the
customer's timeline, through the pages as people use them, with the demo data and a real receiver."""
from sqlalchemy import select

from crm.extensions import db
from crm.models import Customer, Delivery, Feedback, User
from crm.services import outbox
from crm.services.demo import PASSWORD, load_demo
from feedback_helpers import SECRET

TRANSCRIPT = ("Agent: Good morning, thank you for calling. How can I help?\n"
              "Customer: My kettle came today but the box arrived crushed and the lid is dented.\n"
              "Agent: I am so sorry. I will send a replacement today and pass this on to our packaging team.\n"
              "Customer: Thank you.")


def test_a_crushed_box_heard_on_a_call_reaches_packaging_and_the_answer_comes_back(app, client, api, receiver):
    load_demo(customers=5)
    # The demo agent reads Malay (the Kuala Lumpur team's language); this walk-through reads English.
    from crm.services.accounts import set_locale

    set_locale(db.session.scalar(select(User).where(User.email == "agent@demo.example.com")), None)
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example.com"))
    hooked = api(admin).patch("/api/v1/departments/packaging", json={"webhook_url": receiver.url,
                                                                     "webhook_secret": SECRET})
    assert hooked.status_code == 200
    customer = db.session.scalar(select(Customer).order_by(Customer.id))

    # The agent logs the call and asks for suggestions: the packaging one appears.
    client.post("/login", data={"email": "agent@demo.example.com", "password": PASSWORD})
    form = {"channel": "phone", "direction": "inbound", "summary": "Kettle delivered damaged; replacement sent.",
            "transcript": TRANSCRIPT, "outcome": "resolved", "language": "en"}
    fragment = client.post("/desk/suggest-feedback", data=form).get_data(as_text=True)
    heard = "My kettle came today but the box arrived crushed and the lid is dented."
    assert heard in fragment and '<option selected value="packaging">' in fragment and "→ Packaging" in fragment

    # The agent ticks it and logs the contact.
    logged = client.post(f"/customers/{customer.id}/interactions/new", data={
        **form, "suggestions-0-confirmed": "y", "suggestions-0-category": "packaging",
        "suggestions-0-product": "Kettle Pro", "suggestions-0-text": heard})
    assert logged.status_code == 302
    item = db.session.scalar(select(Feedback).where(Feedback.text == heard))
    assert (item.source, item.department.slug) == ("classifier", "packaging")

    # The worker sends it: the packaging department's receiver gets one signed delivery.
    outbox.deliver_due()
    (arrival,) = receiver.arrivals
    assert arrival["signature_ok"] and arrival["event"] == "feedback.routed"
    assert arrival["body"]["feedback"]["id"] == item.id and arrival["body"]["feedback"]["department"] == "packaging"
    assert receiver.acted == [db.session.scalar(select(Delivery.idempotency_key))]

    # A packaging member answers it in the inbox.
    client.post("/logout")
    client.post("/login", data={"email": "packaging@demo.example.com", "password": PASSWORD})
    assert heard in client.get("/department/packaging").get_data(as_text=True)
    answered = client.post(f"/department/feedback/{item.id}", data={
        "status": "done", "response": "Kettles now ship in a double-walled box; a replacement is on its way."})
    assert answered.status_code == 302

    # The agent sees the answer on the customer's timeline.
    client.post("/logout")
    client.post("/login", data={"email": "agent@demo.example.com", "password": PASSWORD})
    timeline = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    assert "Kettles now ship in a double-walled box; a replacement is on its way." in timeline
    notices = client.get("/me/notices").get_data(as_text=True)
    assert "Packaging answered" in notices
