"""Input that used to reach the database and fail there (a 500) is refused by the services.

The services are shared by the API, the web forms, the command line and the importer, so each
gap is closed where the service validates, with every reason reported at once; the tests call
the services directly and, where a form can carry the value, post the web form too.
"""
import base64
import json
from datetime import datetime, timedelta, timezone

import pytest

from crm.extensions import db
from crm.models import ContactPoint, Customer, Interaction, Team, User
from crm.services import pagination
from crm.services.accounts import UserInput, create_user, update_user
from crm.services.customers import CustomerInput, as_input, create_customer, update_customer
from crm.services.customers import validate as validate_customer
from crm.services.errors import InvalidInput
from crm.services.findings import list_findings
from crm.services.interactions import InteractionInput, log_interaction, timeline
from crm.services.interactions import validate as validate_interaction
from crm.services.policy import RuleInput, validate_rules
from crm.standards.base import Param
from crm.services.access import SYSTEM

MAX_ID = 2**31 - 1
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def refused(call, *fields):
    """Run call, which must raise InvalidInput naming every field given; return its fields."""
    with pytest.raises(InvalidInput) as info:
        call()
    for name in fields:
        assert name in info.value.fields, (name, info.value.fields)
    return info.value.fields


@pytest.fixture
def customer(make_customer):
    return make_customer("Siti Rahman", phones=["012-345 6789"], emails=["Siti.Rahman@Example.com"])


def call(**fields):
    base = {"channel": "phone", "direction": "inbound", "started_at": T0, "summary": "Asked about the invoice."}
    return InteractionInput(**{**base, **fields})


# --- 1. the API reads a body nested too deeply to parse as a 400 ----------------------------------

@pytest.mark.parametrize("body", ["[" * 100_000, '{"name": ' + "[" * 100_000])
def test_a_deeply_nested_json_body_is_a_400_not_a_500(api, agent, body):
    response = api(agent).post("/api/v1/customers", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.get_json()["error"]["code"] == "bad_request"


def test_a_nested_json_body_the_parser_accepts_is_answered_without_a_500(api, agent):
    # nested as deep as the parser goes: the API's own checks of the body must not overflow either
    for depth in (900, 950, 980):
        body = '{"name": ' + "[" * depth + "]" * depth + "}"
        response = api(agent).post("/api/v1/customers", data=body, content_type="application/json")
        assert response.status_code in (400, 422), (depth, response.status_code)


# --- 2. an edit keeps the way each phone number and address was typed ------------------------------

def test_an_edit_from_the_current_values_keeps_the_typed_phone_and_email(customer, agent):
    data = as_input(customer)  # what an edit starts from: the normalised values
    assert data.phones == ["+60123456789"]
    data.notes = "Prefers mornings"
    update_customer(customer.id, data, agent)
    db.session.expire_all()
    raws = {cp.value: cp.raw for cp in db.session.get(Customer, customer.id).contact_points}
    assert raws == {"+60123456789": "012-345 6789", "siti.rahman@example.com": "Siti.Rahman@Example.com"}


def test_a_new_way_of_writing_the_same_number_replaces_the_typed_form(customer, agent):
    data = as_input(customer)
    data.phones = ["+60 12-345 6789"]
    update_customer(customer.id, data, agent)
    db.session.expire_all()
    assert db.session.get(Customer, customer.id).phones[0].raw == "+60 12-345 6789"


def test_a_patch_through_the_api_keeps_the_typed_phone(customer, agent, api):
    response = api(agent).patch(f"/api/v1/customers/{customer.id}", json={"notes": "VIP"})
    assert response.status_code == 200
    assert response.get_json()["phones"][0]["raw"] == "012-345 6789"


def test_the_web_edit_keeps_the_typed_email(customer, agent, client, auth):
    auth.login(agent)
    # the edit form shows e-mail addresses as stored (normalised); saving them unchanged keeps the typed form
    page = client.get(f"/customers/{customer.id}/edit").get_data(as_text=True)
    assert "siti.rahman@example.com" in page
    response = client.post(f"/customers/{customer.id}/edit", data={
        "name": "Siti Rahman", "phones": "012-345 6789", "emails": "siti.rahman@example.com"})
    assert response.status_code == 302
    db.session.expire_all()
    email = db.session.scalar(db.select(ContactPoint).where(ContactPoint.kind == "email"))
    assert email.raw == "Siti.Rahman@Example.com"


# --- 3. a cursor the server did not give out is refused before the query ---------------------------

def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


BAD_CURSORS = [
    _cursor(["2026-03-02T09:00:00", 5]),                    # naive time
    _cursor(["2026-03-02T09:00:00+00:00", 10**30]),         # id past every integer column
    _cursor(["2026-03-02T09:00:00+00:00", MAX_ID + 1]),     # id past the 32-bit columns
    _cursor(["2026-03-02T09:00:00+00:00", -1]),
    _cursor(["2026-03-02T09:00:00+00:00", "5"]),            # encode() writes a number
    base64.urlsafe_b64encode(b'["2026-03-02T09:00:00+00:00", 1e400]').decode(),  # int(inf)
    _cursor(["0001-01-01T00:00:00+01:00", 5]),              # before year 1 in UTC
    _cursor(["9999-12-31T23:59:00-01:00", 5]),              # after year 9999 in UTC
    base64.urlsafe_b64encode(b"[" * 100_000).decode(),      # too deep to parse
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_decode_refuses_a_cursor_the_server_did_not_give_out(cursor):
    refused(lambda: pagination.decode(cursor), "cursor")


def test_decode_reads_back_what_encode_wrote():
    at = datetime(2026, 3, 2, 9, 0, 30, 123456, tzinfo=timezone.utc)
    assert pagination.decode(pagination.encode(at, MAX_ID)) == (at, MAX_ID)


@pytest.mark.parametrize("cursor", BAD_CURSORS[:3] + BAD_CURSORS[5:8])
def test_the_timeline_and_the_findings_list_refuse_such_a_cursor(customer, agent, admin, cursor):
    refused(lambda: timeline(customer.id, agent, 20, cursor), "cursor")
    refused(lambda: list_findings(admin, cursor=cursor), "cursor")


def test_paging_with_the_cursors_given_out_still_works(customer, agent):
    for minutes in range(5):
        log_interaction(call(customer_id=customer.id, started_at=T0 + timedelta(minutes=minutes)), agent)
    seen, cursor = [], None
    while True:
        items, cursor = timeline(customer.id, agent, 2, cursor)
        seen += [ix.id for ix in items]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 5


# --- 4. interactions: every field bounded, every reason reported at once ---------------------------

def test_a_queue_wait_that_is_not_a_number_is_reported_not_stored_as_null(customer, agent):
    refused(lambda: log_interaction(call(customer_id=customer.id, queue_wait_seconds="abc"), agent),
            "queue_wait_seconds")
    assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 0


def test_a_queue_wait_is_reported_with_the_other_reasons(customer):
    fields = refused(lambda: validate_interaction(call(customer_id=customer.id, queue_wait_seconds="abc",
                                                       outcome="great")), "queue_wait_seconds", "outcome")
    assert fields["queue_wait_seconds"] == ["must be a whole number"]


@pytest.mark.parametrize("name, value", [
    ("queue_wait_seconds", MAX_ID + 1), ("queue_wait_seconds", float("inf")), ("queue_wait_seconds", 10**30),
    ("queue_wait_seconds", float("nan")), ("case_id", 10**30), ("case_id", float("-inf")),
])
def test_whole_numbers_are_bounded_by_the_32_bit_columns(customer, agent, name, value):
    refused(lambda: log_interaction(call(customer_id=customer.id, **{name: value}), agent), name)


@pytest.mark.parametrize("value", [10**30, MAX_ID + 1, float("inf")])
def test_a_customer_id_past_the_columns_is_refused(agent, value):
    refused(lambda: log_interaction(call(customer_id=value), agent), "customer_id")


def test_hold_seconds_are_bounded(customer, agent):
    refused(lambda: log_interaction(call(customer_id=customer.id, holds=[{"seconds": 10**12}]), agent),
            "holds[0].seconds")


def test_the_largest_values_the_columns_hold_are_accepted(customer, agent):
    logged = log_interaction(call(customer_id=customer.id, queue_wait_seconds=MAX_ID, amount="9999999999.99",
                                  language="en-gb-xx", approved_by=None,
                                  feedback=[{"category": "product", "text": "Kettle leaks", "product": "K" * 200}]),
                             agent)
    assert logged.interaction.queue_wait_seconds == MAX_ID
    assert str(logged.interaction.amount) == "9999999999.99"
    assert logged.feedback[0].product == "K" * 200


@pytest.mark.parametrize("ref", [10**30, MAX_ID + 1, "99999999999999999999", "²", "١" * 30, "a\x00b@x.com",
                                 " " + "9" * 5000])
def test_an_approver_reference_past_the_columns_names_no_one(customer, agent, ref):
    refused(lambda: log_interaction(call(customer_id=customer.id, amount="500", approved_by=ref), agent),
            "approved_by")


def test_an_approver_named_by_id_as_text_is_still_found(customer, agent, make_user):
    lead = make_user("lead", team="Alpha")
    logged = log_interaction(call(customer_id=customer.id, amount="500", approved_by=f" {lead.id} "), agent)
    assert logged.interaction.approved_by_id == lead.id


@pytest.mark.parametrize("amount", [10**10, "10000000000", "9999999999.999", 1e15])
def test_an_amount_past_numeric_12_2_is_refused(customer, agent, amount):
    refused(lambda: log_interaction(call(customer_id=customer.id, amount=amount), agent), "amount")


def test_language_and_product_are_bounded_by_their_columns(customer, agent):
    fields = refused(lambda: log_interaction(call(
        customer_id=customer.id, language="english-uk",
        feedback=[{"category": "product", "text": "Kettle leaks", "product": "K" * 201}]), agent),
        "language", "feedback[0].product")
    assert fields["language"] == ["must be at most 8 characters"]


@pytest.mark.parametrize("name, value", [
    ("started_at", "0001-01-01T00:00+01:00"), ("ended_at", "9999-12-31T23:59-01:00"),
    ("follow_up_due", "0001-01-01T00:30:00+00:45"), ("started_at", datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=2)))),
])
def test_a_time_that_overflows_in_utc_is_reported_against_its_field(customer, agent, name, value):
    fields = refused(lambda: log_interaction(call(customer_id=customer.id, **{name: value}), agent), name)
    assert "out of range" in fields[name][0]


def test_every_bad_field_is_reported_at_once(customer, agent):
    refused(lambda: log_interaction(call(
        customer_id=customer.id, queue_wait_seconds=float("inf"), case_id=10**20, amount=10**12, language="x" * 9,
        started_at="0001-01-01T00:00+01:00", summary="a\x00b", transfers=[{"type": "warm", "to": "x\x00"}],
        justifications={"hold.apology": "no\x00"}, approved_by="a\x00b",
        feedback=[{"category": "product", "text": "t\x00", "product": "p" * 201}]), agent),
        "queue_wait_seconds", "case_id", "amount", "language", "started_at", "summary", "transfers[0].to",
        "justifications", "approved_by", "feedback[0].text", "feedback[0].product")


def test_the_web_form_shows_the_bounds_next_to_the_fields(customer, agent, client, auth):
    auth.login(agent)
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "started_at": "2026-11-20T09:30",
        "queue_wait_seconds": "99999999999", "summary": "Asked about the kettle\x00",
        "feedback-0-category": "product", "feedback-0-text": "It leaks", "feedback-0-product": "K" * 201})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f"must be at most {MAX_ID}" in page
    assert "must not contain a NUL character" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 0


def test_the_web_form_refuses_an_over_long_product(customer, agent, client, auth):
    auth.login(agent)
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "started_at": "2026-11-20T09:30", "summary": "Kettle",
        "feedback-0-category": "product", "feedback-0-text": "It leaks", "feedback-0-product": "K" * 201})
    assert response.status_code == 422
    assert "must be at most 200 characters" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 0


# --- 5. customers and users: bounded text, and values that are not text reported ------------------

def test_company_notes_and_name_are_bounded(app):
    fields = refused(lambda: validate_customer(CustomerInput(name="N" * 201, company="C" * 201, notes="n" * 10_001)),
                     "name", "company", "notes")
    assert fields["company"] == ["must be at most 200 characters"]
    clean = validate_customer(CustomerInput(name="N" * 200, company=" " + "C" * 200 + " ", notes="n" * 10_000))
    assert clean.company == "C" * 200


@pytest.mark.parametrize("name, value", [
    ("name", 12), ("name", ["Jan"]), ("account_number", 12345), ("account_number", ["ACC-1"]),
    ("company", 7), ("language", 5), ("preferred_channel", ["phone"]), ("tier", {"gold": 1}), ("notes", 3.5),
    ("phones", 60123456789), ("phones", {"+60123456789": 1}), ("emails", "jan@example.com"),
])
def test_values_that_are_not_text_are_reported_not_crashing(app, name, value):
    fields = refused(lambda: validate_customer(CustomerInput(**{"name": "Jan Novák", name: value})), name)
    assert fields[name] == ["must be a list of text" if name in ("phones", "emails") else "must be text"]


def test_an_account_number_is_checked_and_normalised(app):
    assert validate_customer(CustomerInput(name="Jan", account_number=" acc-123 ")).account_number == "ACC-123"
    refused(lambda: validate_customer(CustomerInput(name="Jan", account_number="A" * 41)), "account_number")


@pytest.mark.parametrize("preferences", [
    {"contact time": ["mornings"]}, {"contact time": 9}, {"contact time": None}, {"k" * 101: "v"},
    {"contact time": "v" * 1001}, {f"p{i}": "v" for i in range(51)}, {"": "v"},
])
def test_preferences_are_named_text_and_bounded(app, preferences):
    refused(lambda: validate_customer(CustomerInput(name="Jan", preferences=preferences)), "preferences")


def test_preferences_within_the_bounds_are_kept(app):
    clean = validate_customer(CustomerInput(name="Jan", preferences={"contact time": "mornings", "invoices": ""}))
    assert clean.preferences == {"contact time": "mornings", "invoices": ""}


def test_the_web_form_reports_an_over_long_company_next_to_the_field(agent, client, auth):
    auth.login(agent)
    response = client.post("/customers/new", data={"name": "Eeva Laine", "company": "C" * 300,
                                                   "phones": "040 123 4567"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'has-error"' in page and "must be at most 200 characters" in page
    field = page[page.index('for="company"'):]
    assert field.index("must be at most 200 characters") < field.index("</div>")
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0


@pytest.mark.parametrize("fields, bad", [
    ({"name": "N" * 201}, "name"), ({"name": 5}, "name"), ({"email": 5}, "email"), ({"email": ["a@b.c"]}, "email"),
    ({"team": ["Alpha"]}, "team"), ({"department": 7}, "department"), ({"password": 1234567890}, "password"),
    ({"team": "T" * 121}, "team"),
])
def test_create_user_bounds_the_name_and_reports_values_that_are_not_text(app, fields, bad):
    # the typed input refuses what it can read as wrong, the service the rest: one answer either way
    refused(lambda: create_user(UserInput(**{"email": "new@example.com", "name": "New Agent", "role": "agent",
                                             "team": "Alpha", "password": "correct horse battery", **fields}),
                                SYSTEM, create_team=True), bad)
    assert db.session.scalar(db.select(User).where(User.email == "new@example.com")) is None


def test_create_user_still_takes_a_name_of_200_characters(app):
    user = create_user(UserInput(email="x@example.com", name=" " + "N" * 200 + " ", role="admin",
                                 password="long enough pw"), SYSTEM)
    assert user.name == "N" * 200


# --- 6. NUL characters (and lone surrogates) are refused by every service --------------------------

@pytest.mark.parametrize("fields, bad", [
    ({"name": "Jan\x00Novák"}, "name"), ({"company": "\x00"}, "company"), ({"notes": "a\x00"}, "notes"),
    ({"account_number": "ACC\x00123"}, "account_number"), ({"phones": ["+60 12-345 6789\x00"]}, "phones"),
    ({"emails": ["jan\x00@example.com"]}, "emails"), ({"language": "en\x00"}, "language"),
    ({"preferences": {"contact\x00time": "mornings"}}, "preferences"),
    ({"preferences": {"contact time": "morn\x00ings"}}, "preferences"),
    ({"name": "Jan \ud800"}, "name"), ({"notes": "\udfff"}, "notes"),
])
def test_customer_text_with_a_nul_is_refused(app, fields, bad):
    fields_given = {"name": "Jan Novák", **fields}
    reasons = refused(lambda: create_customer(CustomerInput(**fields_given), SYSTEM), bad)
    assert any("NUL" in r or "Unicode" in r for r in reasons[bad])
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0


def test_the_web_form_reports_a_nul_in_the_name_next_to_the_field(agent, client, auth):
    auth.login(agent)
    response = client.post("/customers/new", data={"name": "Jan\x00Novák", "phones": "+420 603 123 456"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    field = page[page.index('for="name"'):]
    assert field.index("must not contain a NUL character") < field.index("</div>")
    assert db.session.scalar(db.select(db.func.count()).select_from(Customer)) == 0


def test_the_api_refuses_a_lone_surrogate(api, agent):
    response = api(agent).post("/api/v1/customers", data='{"name": "Jan \\ud800"}', content_type="application/json")
    assert response.status_code == 422, response.get_data(as_text=True)
    assert "name" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("fields, bad", [
    ({"name": "New\x00Agent"}, "name"), ({"team": "Al\x00pha"}, "team"), ({"department": "bil\x00ling"}, "department"),
    ({"password": "correct horse \ud800"}, "password"),
])
def test_user_text_with_a_nul_is_refused(app, fields, bad):
    # the typed input refuses what it can read as wrong, the service the rest: one answer either way
    refused(lambda: create_user(UserInput(**{"email": "new@example.com", "name": "New Agent", "role": "agent",
                                             "team": "Alpha", "password": "correct horse battery", **fields}),
                                SYSTEM, create_team=True), bad)
    assert db.session.scalar(db.select(db.func.count()).select_from(Team)) == 0


def test_update_user_refuses_a_nul_in_a_team_or_department(agent, admin):
    refused(lambda: update_user(agent.id, admin, team="Al\x00pha"), "team")
    refused(lambda: update_user(agent.id, admin, department="x\x00"), "department")


def test_interaction_text_with_a_nul_is_refused(customer, agent):
    refused(lambda: log_interaction(call(customer_id=customer.id, transcript="Agent: hello\x00"), agent), "transcript")
    assert db.session.scalar(db.select(db.func.count()).select_from(Interaction)) == 0


def test_a_login_with_a_nul_in_the_email_is_a_failed_login_not_a_500(agent, client):
    from crm.models import AuditEvent

    response = client.post("/login", data={"email": "agent\x00@example.com", "password": "correct horse battery"})
    assert response.status_code in (200, 422) and "E-mail or password is not right." in response.get_data(as_text=True)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "login.failure"))
    assert event.actor_label == "agent\\x00@example.com"


def test_a_token_name_keeps_a_nul_only_as_its_escape(agent):
    from crm.services.accounts import create_token

    token, _ = create_token(agent, "laptop\x00")
    assert token.name == "laptop\\x00"


# --- 7. standard parameters and rule scopes: odd values are reported per field ---------------------

@pytest.mark.parametrize("kind, value", [
    (int, 10**400), (int, float("inf")), (int, float("-inf")), (int, float("nan")),
    (float, 10**400), (float, float("inf")), (float, float("nan")),
])
def test_a_parameter_must_be_a_finite_number(kind, value):
    with pytest.raises(ValueError, match="must be a finite number"):
        Param("limit", kind, 1, "A limit.", minimum=0).coerce(value)


def test_a_text_parameter_refuses_a_nul():
    with pytest.raises(ValueError, match="NUL"):
        Param("greeting", str, "Hello", "A greeting.").coerce("Hel\x00lo")


def test_ordinary_parameters_still_coerce():
    assert Param("n", int, 1, "N.", minimum=1).coerce(60.0) == 60
    assert Param("x", float, 1.0, "X.", minimum=0).coerce(10**20) == 1e20


def sent(**values):
    """A rule as a body sends it, unread: what validate_rules judges when the API's schema refused some of it."""
    return RuleInput.as_sent(values)

@pytest.mark.parametrize("rule, field", [
    (sent(standard="hold.max_duration", params={"max_seconds": 10**400}), "rules[0].params.max_seconds"),
    (sent(standard="hold.max_duration", params={"max_seconds": float("inf")}), "rules[0].params.max_seconds"),
    (sent(standard=["hold.max_duration"]), "rules[0].standard"),
    (sent(standard={"code": "hold.apology"}), "rules[0].standard"),
    (sent(standard="hold.apology", teams=[["Alpha"]]), "rules[0].teams"),
    (sent(standard="hold.apology", teams=[{"name": "Alpha"}]), "rules[0].teams"),
    (sent(standard="hold.apology", teams=5), "rules[0].teams"),
    (sent(standard="hold.apology", channels=[["phone"]]), "rules[0].channels"),
    (sent(standard="hold.apology", channels=[{"phone": 1}]), "rules[0].channels"),
])
def test_validate_rules_reports_unhashable_and_overflowing_values(app, rule, field):
    refused(lambda: validate_rules([rule]), field)


def test_validate_rules_reports_every_bad_rule_with_its_position(app, agent):
    refused(lambda: validate_rules([sent(standard="hold.apology", teams=["alpha", ["x"]]),
                                    sent(standard=["x"]),
                                    sent(standard="hold.apology", channels=["phone", {"a": 1}])]),
            "rules[0].teams", "rules[1].standard", "rules[2].channels")


def test_a_rule_input_refuses_what_it_cannot_read_by_field(app):
    with pytest.raises(InvalidInput) as refusal:
        RuleInput(standard=["x"], mode="sometimes", teams=[True], channels=["pigeon"])
    assert set(refusal.value.fields) == {"standard", "mode", "teams", "channels"}
    assert RuleInput("hold.apology", None, "pilot").mode == "pilot"  # positional, in field order


def test_the_policy_form_reports_an_overflowing_parameter(admin, client, auth):
    auth.login(admin)
    response = client.post("/admin/policy/new", data={
        "row_count": "1", "rules-0-standard": "hold.max_duration", "rules-0-params": '{"max_seconds": 1e400}',
        "rules-0-mode": "enforce", "action": "save"})
    assert response.status_code == 422
    assert "must be a finite number" in response.get_data(as_text=True)


# --- 8. update_user keeps the rule create_user applies ---------------------------------------------

def test_a_lead_cannot_lose_their_team(make_user, admin):
    lead = make_user("lead", team="Alpha")
    refused(lambda: update_user(lead.id, admin, team=""), "team")
    db.session.expire_all()
    assert db.session.get(User, lead.id).team.name == "Alpha"


def test_a_department_member_cannot_lose_their_department(make_user, admin):
    member = make_user("department")
    refused(lambda: update_user(member.id, admin, department=""), "department")
    db.session.expire_all()
    assert db.session.get(User, member.id).department is not None


def test_a_role_change_needs_the_team_or_department_of_the_new_role(admin, make_user, agent):
    other_admin = make_user("admin")
    refused(lambda: update_user(other_admin.id, admin, role="lead"), "team")
    refused(lambda: update_user(other_admin.id, admin, role="department"), "department")
    refused(lambda: update_user(other_admin.id, admin, role="lead", team=""), "team")
    assert update_user(other_admin.id, admin, role="lead", team="Alpha").team.name == "Alpha"


def test_an_agent_keeps_a_team_as_on_creation_and_a_lead_may_change_it(make_user, admin, agent):
    refused(lambda: update_user(agent.id, admin, team=""), "team")
    lead = make_user("lead", team="Alpha")
    make_user("agent", team="Beta")
    assert update_user(lead.id, admin, team="Beta").team.name == "Beta"
    refused(lambda: update_user(lead.id, admin, role="agent", team=""), "team")
    assert update_user(lead.id, admin, role="admin").team is None  # an admin has no team: the old one is dropped


def test_a_lead_already_without_a_team_can_still_be_deactivated(make_user, admin):
    lead = make_user("lead", team="Alpha")
    with db.session.begin_nested():
        db.session.get(User, lead.id).team = None
    db.session.commit()
    assert update_user(lead.id, admin, role="lead", active=False).active is False


def test_active_must_be_true_or_false(agent, admin):
    refused(lambda: update_user(agent.id, admin, active="no"), "active")


def test_the_admin_form_refuses_making_a_teamless_user_a_lead(make_user, admin, client, auth):
    other_admin = make_user("admin")
    auth.login(admin)
    response = client.post(f"/admin/users/{other_admin.id}", data={"role": "lead", "team": "", "active": "y"})
    assert "a team lead needs a team" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, other_admin.id).role == "admin"
