"""The log form drops nothing silently: every half-filled row is answered next to its field."""
import re

from sqlalchemy import select

from crm.extensions import db
from crm.models import Interaction


def _error_after(page: str, field_id: str) -> str:
    """The error messages of the field whose input has this id."""
    block = page[page.index(f'id="{field_id}"'):].split("</div>")[0]
    return " ".join(re.findall(r'<small class="error" id="[^"]+">([^<]+)</small>', block))


def test_half_filled_rows_are_refused_with_a_message_next_to_each(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "summary": "Asked about a parcel",
        "holds-1-apologized": "y",                       # an apology with no hold length
        "transfers-1-to": "billing",                     # a target with no kind of transfer
        "feedback-1-product": "Kettle X",                # a product with nothing said about it
        "justifications-0-standard": "hold.apology",     # a standard with no reason
        "justifications-1-reason": "The line dropped",   # a reason with no standard
    })
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is required" in _error_after(page, "holds-1-seconds")
    assert "is required" in _error_after(page, "transfers-1-kind")
    assert "is required" in _error_after(page, "feedback-1-category")
    assert "say why" in _error_after(page, "justifications-0-reason")
    assert "choose the standard" in _error_after(page, "justifications-1-standard")
    assert db.session.scalar(select(Interaction)) is None


def test_the_log_form_defaults_to_the_phone_not_the_preferred_channel(client, auth, make_user, make_customer):
    customer = make_customer("Siti Aminah", preferred_channel="chat")
    auth.login(make_user("agent"))
    page = client.get(f"/customers/{customer.id}/interactions/new").get_data(as_text=True)
    assert re.search(r'<option selected value="phone">|<option value="phone" selected>', page)
    from_chat = client.get(f"/customers/{customer.id}/interactions/new?channel=chat").get_data(as_text=True)
    assert re.search(r'<option selected value="chat">|<option value="chat" selected>', from_chat)


def test_approved_by_offers_the_agents_own_lead_and_the_admins_only(client, auth, make_user, make_customer):
    customer = make_customer("Siti Aminah")
    own = make_user("lead", team="Alpha", name="Lena Own Lead")
    make_user("lead", team="Beta", name="Otto Other Lead")
    make_user("admin", name="Ada Admin")
    auth.login(make_user("agent", team="Alpha"))
    page = client.get(f"/customers/{customer.id}/interactions/new").get_data(as_text=True)
    choices = re.search(r'<select[^>]*name="approved_by"[^>]*>(.*?)</select>', page, re.S).group(1)
    assert "Lena Own Lead" in choices and "Ada Admin" in choices and "Otto Other Lead" not in choices
    assert f'value="{own.id}"' in choices


def test_a_bare_account_number_finds_the_account(app, client, auth, api, make_user, make_customer):
    customer = make_customer("Aino Virtanen", account_number="ACC-100001")
    agent = make_user("agent")
    assert [c["id"] for c in api(agent).get("/api/v1/customers?q=100001").get_json()["items"]] == [customer.id]
    assert api(agent).get("/api/v1/lookup?account=100001").get_json()["customer"]["id"] == customer.id
    auth.login(agent)
    assert client.get("/search?q=100001&go=1").location.endswith(f"/customers/{customer.id}")
    app.config["CRM_ACCOUNT_PREFIXES"] = "CUST-, K-"
    assert api(agent).get("/api/v1/lookup?account=100001").status_code == 404


def test_a_negative_length_is_refused_for_its_sign_not_as_no_number(client, auth, make_user, make_customer):
    customer = make_customer("Mihai Popa")
    auth.login(make_user("agent"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "summary": "Asked about a parcel",
        "holds-0-seconds": "-5", "queue_wait_seconds": "-30"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert _error_after(page, "holds-0-seconds") == "must be at least 0"
    assert _error_after(page, "queue_wait_seconds") == "must be at least 0"
    assert 'value="-5"' in page.split('id="holds-0-seconds"')[0][-200:] + page.split('id="holds-0-seconds"')[1][:200]
    assert db.session.scalar(select(Interaction)) is None
