"""Forms that forgive: several phone numbers in one box as people type them, a blank search that says
what to type, and demo data written in each team's language."""
from html import unescape

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Customer, Feedback, Interaction, User
from crm.services.accounts import set_locale
from crm.services.contacts import split_phones
from test_tryout_fixes import _errors_of

NEW = {"name": "Mei Ling Tan", "account_number": "", "emails": "", "company": "", "language": "",
       "preferred_channel": "", "tier": "", "notes": "", "preferences": ""}


# --- several numbers in the phones box ----------------------------------------------------------------

@pytest.mark.parametrize("typed", ["012-345 6789; +420 603 123 456", "012-345 6789, +420 603 123 456",
                                   "012-345 6789 / +420 603 123 456", "012-345 6789\r\n+420 603 123 456",
                                   "012-345 6789;\n\n+420 603 123 456;"])
def test_the_phones_box_takes_the_separators_people_type(client, auth, make_user, typed):
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={**NEW, "phones": typed})
    assert response.status_code == 302, unescape(response.get_data(as_text=True))
    customer = db.session.scalar(select(Customer).where(Customer.name == "Mei Ling Tan"))
    assert sorted(c.value for c in customer.phones) == ["+420603123456", "+60123456789"]


def test_a_slash_inside_a_number_is_part_of_it():
    assert split_phones("(012) 345/6789") == ["(012) 345/6789"]
    assert split_phones("012 345/6789 / 03-2161 1234") == ["012 345/6789", "03-2161 1234"]


def test_each_bad_number_gets_its_own_error_next_to_the_field_naming_it(client, auth, make_user):
    auth.login(make_user("agent"))
    response = client.post("/customers/new", data={**NEW, "phones": "012-345 6789; 12, call me"})
    assert response.status_code == 422
    errors = [unescape(e) for e in _errors_of(response.get_data(as_text=True), "phones")]
    assert len(errors) == 2, errors
    assert "'12'" in errors[0] and "digits" in errors[0]
    assert "'call me'" in errors[1] and "not a phone number" in errors[1]
    assert db.session.scalar(select(Customer).where(Customer.name == "Mei Ling Tan")) is None


def test_phone_and_email_errors_read_in_the_readers_language(client, auth, make_user):
    auth.login(set_locale(make_user("agent"), "cs"))
    page = unescape(client.post("/customers/new", data={**NEW, "phones": "call me", "emails": "jana.example.cz"})
                    .get_data(as_text=True))
    assert "'call me' není telefonní číslo" in _errors_of(page, "phones")[0]
    assert "'jana.example.cz' musí obsahovat právě jeden znak @" in _errors_of(page, "emails")[0]
    assert "@-sign" not in page and "is not a phone number" not in page


# --- a blank search ---------------------------------------------------------------------------------

def test_a_blank_search_says_what_to_type_in_the_readers_language(client, auth, make_user, make_customer):
    make_customer("Jana Nováková")
    auth.login(set_locale(make_user("agent"), "cs"))
    for url in ("/search?q=%20%20", "/search?q=%20&fragment=1", "/search?q="):
        page = unescape(client.get(url).get_data(as_text=True))
        assert "Zadejte, co volající uvede" in page, url
        assert "nic nenašlo" not in page and "Jana Nováková" not in page, url


def test_the_api_refuses_a_blank_q_with_the_reason_in_the_clients_language(api, make_user):
    as_agent = api(make_user("agent"))
    english = as_agent.get("/api/v1/customers?q=%20%20")
    assert english.status_code == 422
    assert english.json["error"]["fields"]["q"] == ["is required: a name, phone number, e-mail address or account number"]
    czech = as_agent.get("/api/v1/customers?q=%20", headers={"Accept-Language": "cs"})
    assert czech.status_code == 422 and czech.json["error"]["code"] == "invalid"
    assert czech.json["error"]["fields"]["q"] == ["je povinné: jméno, telefonní číslo, e-mailová adresa nebo číslo účtu"]


# --- the demo in each team's language ----------------------------------------------------------------

def test_each_demo_team_writes_its_customers_history_in_its_own_language(runner, app):
    from crm.standards.language import detect

    assert runner.invoke(args=["demo", "--customers", "15"]).exit_code == 0
    for email, language in (("agent.praha@demo.example.com", "cs"), ("agent.helsinki@demo.example.com", "fi"),
                            ("agent@demo.example.com", "ms")):
        agent = db.session.scalar(select(User).where(User.email == email))
        summaries = list(db.session.scalars(select(Interaction.summary).where(Interaction.agent_id == agent.id)))
        heard = list(db.session.scalars(select(Feedback.text).where(Feedback.captured_by_id == agent.id)))
        notes = [c.notes for c in db.session.scalars(select(Customer).join(Interaction).where(
            Interaction.agent_id == agent.id)) if c.notes]
        assert summaries and heard, email
        for text in summaries + heard + notes:
            assert detect(text)[0] == language, (email, text)
    # Run again, nothing changes: the demo is loaded once.
    before = db.session.scalar(select(db.func.count()).select_from(Interaction))
    assert runner.invoke(args=["demo", "--customers", "15"]).exit_code == 0
    assert db.session.scalar(select(db.func.count()).select_from(Interaction)) == before
