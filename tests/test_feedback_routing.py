"""Routing feedback to departments: rules, the fallback, groups, suggestions on the form, and their admin."""
import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, Department, Feedback, Interaction, RoutingRule
from crm.services import departments as department_admin
from crm.services import routing
from crm.services.errors import Forbidden, InvalidInput
from crm.services.validation import read_input
from crm.standards.base import hookimpl
from feedback_helpers import SECRET, department, log_feedback


@pytest.fixture
def customer(make_customer):
    return make_customer("Petra Svobodová", phones=["+420 603 123 456"])


def rule(admin, dept, category=None, product_pattern=None, keywords=(), priority=100):
    return routing.create_rule(routing.RoutingRuleInput(department=dept, category=category, product_pattern=product_pattern,
                                                        keywords=list(keywords), priority=priority), admin)


def routed(agent, customer, category, text, product=None) -> Feedback:
    logged = log_feedback(agent, customer, {"category": category, "text": text, "product": product})
    return logged.feedback[0]


@pytest.fixture
def departments(app):
    for slug in ("packaging", "product", "marketing", "billing"):
        department(slug)
    department("general", "General feedback", fallback=True)


# --- deciding ----------------------------------------------------------------------------------

def test_the_rule_with_the_lower_priority_decides(departments, admin, agent, customer):
    by_category = rule(admin, "product", category="product", priority=50)
    by_keyword = rule(admin, "packaging", keywords=["crushed"], priority=10)
    item = routed(agent, customer, "product", "The kettle arrived crushed.")
    assert (item.department.slug, item.routing_rule_id) == ("packaging", by_keyword.id)
    other = routed(agent, customer, "product", "The kettle whistles too loudly.")
    assert (other.department.slug, other.routing_rule_id) == ("product", by_category.id)


def test_of_two_rules_with_the_same_priority_the_older_decides(departments, admin, agent, customer):
    first = rule(admin, "marketing", category="product", priority=20)
    rule(admin, "product", category="product", priority=20)
    assert routed(agent, customer, "product", "Loud.").routing_rule_id == first.id


def test_a_product_pattern_is_a_glob_that_ignores_case_and_accents(departments, admin, agent, customer):
    rule(admin, "product", product_pattern="Kettle*")
    rule(admin, "marketing", product_pattern="*čaj*")
    assert routed(agent, customer, "other", "Too loud.", product="kettle Pro 2").department.slug == "product"
    assert routed(agent, customer, "other", "Nice.", product="Zelený CAJ bio").department.slug == "marketing"
    assert routed(agent, customer, "other", "Too loud.", product="Toaster").department.slug == "general"
    assert routed(agent, customer, "other", "Too loud.").department.slug == "general"


def test_every_condition_of_a_rule_must_hold(departments, admin, agent, customer):
    rule(admin, "packaging", category="packaging", product_pattern="Kettle*", keywords=["dent*"])
    assert routed(agent, customer, "packaging", "Dented lid.", product="Kettle").department.slug == "packaging"
    assert routed(agent, customer, "packaging", "Dented lid.", product="Toaster").department.slug == "general"
    assert routed(agent, customer, "product", "Dented lid.", product="Kettle").department.slug == "general"
    assert routed(agent, customer, "packaging", "Scratched lid.", product="Kettle").department.slug == "general"


@pytest.mark.parametrize("language, text", [
    ("en", "The box arrived completely CRUSHED."),
    ("cs", "Krabice přišla úplně rozmačkaná."),
    ("ms", "Kotak itu sampai dalam keadaan remuk."),
    ("fi", "Laatikko oli murskaantunut perille tullessa."),
    ("ro", "Cutia a sosit complet strivită."),
])
def test_keywords_match_in_the_five_languages_folded_and_stemmed(departments, admin, agent, customer, language,
                                                                  text):
    rule(admin, "packaging", keywords=["crushed", "rozmačkan*", "remuk", "murskaantu*", "strivit*"])
    assert routed(agent, customer, "other", text).department.slug == "packaging"


def test_a_keyword_phrase_must_occur_as_whole_words_in_order(departments, admin, agent, customer):
    rule(admin, "billing", keywords=["charged twice"])
    assert routed(agent, customer, "other", "I was charged twice!").department.slug == "billing"
    assert routed(agent, customer, "other", "Twice I was charged.").department.slug == "general"
    assert routed(agent, customer, "other", "Overcharged twice.").department.slug == "general"


def test_what_no_rule_claims_goes_to_the_fallback_department(departments, admin, agent, customer):
    rule(admin, "billing", category="billing")
    item = routed(agent, customer, "marketing", "Too many newsletters.")
    assert item.department.slug == "general" and item.routing_rule_id is None


def test_without_any_department_a_fallback_is_made_so_every_item_lands_somewhere(app, agent, customer):
    logged = log_feedback(agent, customer, ("product", "Add a dark mode."), ("other", "Friendly staff."))
    (dept,) = db.session.scalars(select(Department)).all()
    assert (dept.slug, dept.is_fallback) == (routing.FALLBACK_SLUG, True)
    assert [fb.department_id for fb in logged.feedback] == [dept.id, dept.id]
    assert all(fb.status == "new" and fb.source == "agent" for fb in logged.feedback)


def test_crm_init_makes_the_fallback_department_and_keeps_it(runner, app):
    assert "goes to the 'general' department" in runner.invoke(args=["init"]).output
    runner.invoke(args=["init"])
    assert [d.slug for d in db.session.scalars(select(Department).where(Department.is_fallback.is_(True)))] == [
        "general"]


def test_near_identical_items_share_a_group_key_and_different_ones_do_not():
    key = routing.group_key("packaging", "The box arrived crushed!")
    assert routing.group_key("packaging", "the BOX ... arrived, crushed") == key
    assert routing.group_key("packaging", "Crushed box arrived: 10007, 10007") == key
    assert routing.group_key("product", "The box arrived crushed!") != key
    assert routing.group_key("packaging", "The box arrived dented!") != key
    assert routing.group_key("packaging", "Krabice přišla rozmačkaná") == routing.group_key(
        "packaging", "krabice prisla rozmackana.")
    assert len(key) <= 64


def test_the_routed_hook_is_called_after_commit_for_each_item(app, agent, customer):
    seen = []

    class Listener:
        @hookimpl
        def crm_feedback_routed(self, feedback):
            # committed: another session can read it
            with db.engine.connect() as other:
                seen.append(other.execute(select(Feedback.department_id).where(Feedback.id == feedback.id)).scalar())

    app.extensions["crm.plugins"].register(Listener())
    logged = log_feedback(agent, customer, ("product", "Add a dark mode."), ("billing", "Charged twice."))
    assert seen == [fb.department_id for fb in logged.feedback] and None not in seen


def test_a_failing_routed_hook_does_not_undo_the_item(app, agent, customer, caplog):
    class Broken:
        @hookimpl
        def crm_feedback_routed(self, feedback):
            raise RuntimeError("plugin bug")

    app.extensions["crm.plugins"].register(Broken())
    logged = log_feedback(agent, customer, ("product", "Add a dark mode."))
    assert db.session.get(Feedback, logged.feedback[0].id) is not None
    assert "a crm_feedback_routed hook failed" in caplog.text


# --- rules: validation, API, admin page ------------------------------------------------------------

def test_a_rule_reports_every_problem_at_once(departments, admin):
    sent = {"department": "nowhere", "category": "food", "product_pattern": "x" * 201,
            "keywords": ["*ab", "ok", 5, "ab*"], "priority": "soon"}
    with pytest.raises(InvalidInput) as caught:  # as the admin page and the API read a rule
        read_input(routing.RoutingRuleInput, sent, check=routing.validate_rule)
    assert set(caught.value.fields) == {"department", "category", "product_pattern", "keywords", "priority"}
    with pytest.raises(InvalidInput) as caught:  # the service's own rules, on the values as sent
        routing.validate_rule(routing.RoutingRuleInput.as_sent(sent))
    fields = caught.value.fields
    assert set(fields) == {"department", "category", "product_pattern", "keywords", "priority"}
    assert len(fields["keywords"]) == 3


def test_a_rule_without_any_condition_is_refused(departments, admin):
    with pytest.raises(InvalidInput) as caught:
        routing.create_rule(routing.RoutingRuleInput(department="billing"), admin)
    assert "fallback department" in caught.value.fields["category"][0]


def test_only_admins_manage_rules_and_departments(departments, make_user):
    for role in ("agent", "lead", "department"):
        user = make_user(role)
        with pytest.raises(Forbidden):
            routing.create_rule(routing.RoutingRuleInput(department="billing", category="billing"), user)
        with pytest.raises(Forbidden):
            department_admin.list_departments(user)


def test_a_list_too_long_or_empty_is_told_in_the_readers_words(departments, admin, api):
    as_admin = api(admin)
    long = as_admin.post("/api/v1/routing-rules", json={"department": "billing", "keywords": ["k"] * 51})
    assert long.get_json()["error"]["fields"] == {"keywords": ["must have at most 50 items"]}
    empty = as_admin.post("/api/v1/policy/versions", json={"rules": []})
    assert empty.get_json()["error"]["fields"] == {"rules": ["must not be empty"]}
    czech = as_admin.post("/api/v1/routing-rules", json={"department": "billing", "keywords": ["k"] * 51},
                          headers={"Accept-Language": "cs"})
    assert czech.get_json()["error"]["fields"] == {"keywords": ["smí mít nejvýše 50 položek"]}


def test_rules_through_the_api(departments, admin, api, make_user):
    as_admin = api(admin)
    created = as_admin.post("/api/v1/routing-rules", json={
        "department": "packaging", "category": None, "keywords": ["crushed", "dent*"], "priority": 5})
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    assert body["department"] == "packaging" and body["keywords"] == ["crushed", "dent*"] and body["priority"] == 5
    as_admin.post("/api/v1/routing-rules", json={"department": "billing", "category": "billing"})
    listed = as_admin.get("/api/v1/routing-rules").get_json()["items"]
    assert [r["priority"] for r in listed] == [5, 100]
    invalid = as_admin.post("/api/v1/routing-rules", json={"department": "billing", "colour": "red", "priority": 1.5})
    assert invalid.status_code == 422 and set(invalid.get_json()["error"]["fields"]) == {"colour"}
    invalid = as_admin.post("/api/v1/routing-rules", json={"department": "billing", "priority": 1.5})
    assert set(invalid.get_json()["error"]["fields"]) == {"priority", "category"}
    assert as_admin.post("/api/v1/routing-rules", json=[1]).status_code == 400
    assert as_admin.delete(f"/api/v1/routing-rules/{body['id']}").status_code == 204
    assert as_admin.delete(f"/api/v1/routing-rules/{body['id']}").status_code == 404
    assert [r["department"] for r in as_admin.get("/api/v1/routing-rules").get_json()["items"]] == ["billing"]
    actions = [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "routing_rule")
                                                    .order_by(AuditEvent.id))]
    assert actions == ["routing_rule.create", "routing_rule.create", "routing_rule.delete"]
    agent = api(make_user("agent"))
    assert agent.get("/api/v1/routing-rules").status_code == 403
    assert agent.post("/api/v1/routing-rules", json={"department": "billing"}).status_code == 403
    assert agent.delete("/api/v1/routing-rules/1").status_code == 403


def test_deleting_a_rule_leaves_routed_items_in_their_department(departments, admin, agent, customer):
    r = rule(admin, "billing", category="billing")
    item = routed(agent, customer, "billing", "Charged twice.")
    routing.delete_rule(r.id, admin)
    db.session.expire_all()
    item = db.session.get(Feedback, item.id)
    assert item.department.slug == "billing" and item.routing_rule_id is None


def test_the_admin_adds_a_rule_with_errors_shown_next_to_the_fields_and_tests_it(departments, admin, client, auth):
    auth.login(admin)
    response = client.post("/admin/routing", data={"department": "packaging", "category": "", "product_pattern": "",
                                                   "keywords": "", "priority": "first"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert page.count('class="error"') == 2 and "must be a whole number" in page and "a rule needs" in page
    assert 'value="first"' in page  # the admin's input is kept
    response = client.post("/admin/routing", data={"department": "packaging", "category": "",
                                                   "keywords": "crushed, krabic*\ndented", "priority": "10"})
    assert response.status_code == 302
    (saved,) = db.session.scalars(select(RoutingRule)).all()
    assert saved.keywords == ["crushed", "krabic*", "dented"] and saved.priority == 10
    page = client.get("/admin/routing", query_string={"category": "product", "product": "",
                                                      "text": "Krabice byla celá promáčklá"}).get_data(as_text=True)
    assert "→ <strong>Packaging</strong>" in page and f"rule {saved.id} (priority 10)" in page
    page = client.get("/admin/routing", query_string={"category": "product", "text": "Loud"}).get_data(as_text=True)
    assert "→ <strong>General feedback</strong>" in page and "no rule matched" in page
    assert client.post(f"/admin/routing/{saved.id}/delete").status_code == 302
    assert db.session.scalars(select(RoutingRule)).all() == []


# --- departments: API and admin page ------------------------------------------------------------------

def test_departments_through_the_api(app, admin, api, make_user):
    as_admin = api(admin)
    created = as_admin.post("/api/v1/departments", json={
        "slug": "packaging", "name": "Packaging", "emails": ["Pack@Example.com", "pack@example.com"],
        "webhook_url": "https://hooks.example.com/crm", "webhook_secret": SECRET})
    assert created.status_code == 201, created.get_data(as_text=True)
    body = created.get_json()
    assert body["emails"] == ["pack@example.com"] and body["webhook_secret_set"] is True
    assert "webhook_secret" not in body and SECRET not in created.get_data(as_text=True)
    clash = as_admin.post("/api/v1/departments", json={"slug": "packaging", "name": "Again"})
    assert clash.status_code == 409 and clash.get_json()["error"]["existing_id"] == body["id"]
    bad = as_admin.post("/api/v1/departments", json={"slug": "Pack aging", "name": "", "emails": ["nope"],
                                                     "webhook_url": "ftp://x", "is_fallback": "yes"})
    assert bad.status_code == 422
    assert set(bad.get_json()["error"]["fields"]) == {"slug", "name", "emails", "webhook_url", "is_fallback"}
    no_secret = as_admin.post("/api/v1/departments", json={"slug": "billing", "name": "Billing",
                                                           "webhook_url": "https://b.example.com/hook"})
    assert "webhook_secret" in no_secret.get_json()["error"]["fields"]

    changed = as_admin.patch("/api/v1/departments/packaging", json={"name": "Packaging team", "webhook_url": None})
    assert changed.status_code == 200 and changed.get_json()["webhook_url"] is None
    assert as_admin.patch("/api/v1/departments/packaging", json={"slug": "x"}).status_code == 422
    assert as_admin.patch("/api/v1/departments/nowhere", json={"name": "x"}).status_code == 404
    assert [d["slug"] for d in as_admin.get("/api/v1/departments").get_json()["items"]] == ["packaging"]
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "department")
                                .order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["department.create", "department.update"]
    assert SECRET not in str([e.details for e in events])
    assert api(make_user("agent")).get("/api/v1/departments").status_code == 403


def test_exactly_one_department_is_the_fallback_and_the_role_can_only_move(departments, admin, api):
    as_admin = api(admin)
    refused = as_admin.patch("/api/v1/departments/general", json={"is_fallback": False})
    assert refused.status_code == 422 and "another department" in refused.get_json()["error"]["fields"]["is_fallback"][0]
    assert as_admin.patch("/api/v1/departments/billing", json={"is_fallback": True}).status_code == 200
    fallbacks = db.session.scalars(select(Department.slug).where(Department.is_fallback.is_(True))).all()
    assert fallbacks == ["billing"]


def test_the_admin_adds_and_edits_a_department_in_the_ui(app, admin, client, auth):
    auth.login(admin)
    response = client.post("/admin/departments", data={"slug": "Packaging!", "name": "Packaging",
                                                       "webhook_url": "https://h.example.com/x"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "lower-case letters" in page and "is required with a webhook URL" in page
    response = client.post("/admin/departments", data={"slug": "packaging", "name": "Packaging",
                                                       "emails": "pack@example.com\nlead@example.com",
                                                       "webhook_url": "https://h.example.com/x",
                                                       "webhook_secret": SECRET})
    assert response.status_code == 302
    assert client.get("/admin/departments/packaging").status_code == 200
    # An empty secret field keeps the secret set before.
    response = client.post("/admin/departments/packaging", data={"name": "Packaging desk",
                                                                 "emails": "pack@example.com",
                                                                 "webhook_url": "https://h.example.com/y"})
    assert response.status_code == 302
    dept = db.session.scalar(select(Department).where(Department.slug == "packaging"))
    db.session.refresh(dept)
    assert (dept.name, dept.emails, dept.webhook_url, dept.webhook_secret) == (
        "Packaging desk", ["pack@example.com"], "https://h.example.com/y", SECRET)


def test_the_admin_sets_a_departments_email_language_and_puts_it_back_to_the_default(app, admin, client, auth):
    auth.login(admin)
    assert client.post("/admin/departments", data={"slug": "billing", "name": "Billing", "locale": "cs"}).status_code == 302
    dept = db.session.scalar(select(Department).where(Department.slug == "billing"))
    assert dept.locale == "cs"
    assert client.post("/admin/departments/billing", data={"name": "Billing", "locale": ""}).status_code == 302
    db.session.refresh(dept)
    assert dept.locale is None


# --- suggestions on the agent's form ---------------------------------------------------------------

TRANSCRIPT = ("Agent: Thank you for calling, how can I help?\n"
              "Customer: The box arrived crushed and the kettle inside is dented.\n"
              "Customer: Also the app would be great with a dark mode.\n"
              "Agent: I am sorry, I will pass that on.")


def test_the_suggest_endpoint_answers_with_suggestion_rows_and_where_they_would_go(departments, admin, agent,
                                                                                   customer, client, auth):
    rule(admin, "packaging", keywords=["crushed", "box"], priority=10)
    rule(admin, "product", category="product")
    auth.login(agent)
    response = client.post("/desk/suggest-feedback", data={"summary": "", "transcript": TRANSCRIPT})
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'name="suggestions-0-confirmed"' in html and 'name="suggestions-1-confirmed"' in html
    assert "The box arrived crushed and the kettle inside is dented." in html and "→ Packaging" in html
    assert "dark mode" in html and "→ Product" in html
    assert "how can I help" not in html  # the agent's own lines are not feedback
    assert db.session.scalars(select(Interaction)).all() == []  # nothing stored
    nothing = client.post("/desk/suggest-feedback", data={"summary": "Order status.", "transcript": ""})
    assert "No feedback heard" in nothing.get_data(as_text=True)


def test_without_javascript_the_form_comes_back_with_suggestions_and_only_ticked_ones_are_sent(
        departments, admin, agent, customer, client, auth):
    rule(admin, "packaging", keywords=["crushed"], priority=10)
    auth.login(agent)
    url = f"/customers/{customer.id}/interactions/new"
    form = {"channel": "phone", "direction": "inbound", "summary": "Damaged delivery; replacement sent.",
            "transcript": TRANSCRIPT, "outcome": "resolved"}
    response = client.post(url, data={**form, "suggest": "1"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "→ Packaging" in page and 'name="suggestions-1-text"' in page
    assert db.session.scalars(select(Interaction)).all() == []
    response = client.post(url, data={
        **form,
        "suggestions-0-confirmed": "y", "suggestions-0-category": "packaging", "suggestions-0-product": "Kettle",
        "suggestions-0-text": "The box arrived crushed and the kettle inside is dented.",
        "suggestions-1-category": "product", "suggestions-1-text": "Also the app would be great with a dark mode.",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    (item,) = db.session.scalars(select(Feedback)).all()
    assert (item.category, item.product, item.source, item.department.slug) == (
        "packaging", "Kettle", "classifier", "packaging")


def test_ticks_survive_asking_for_suggestions_again(departments, agent, customer, client, auth):
    auth.login(agent)
    response = client.post("/desk/suggest-feedback", data={
        "transcript": TRANSCRIPT, "suggestions-0-confirmed": "y", "suggestions-0-category": "product",
        "suggestions-0-text": "Also the app would be great with a dark mode."})
    html = response.get_data(as_text=True)
    assert 'checked id="suggestions-1-confirmed"' in html  # the dark mode item, now second
    assert 'checked id="suggestions-0-confirmed"' not in html


def test_department_members_cannot_ask_for_suggestions(departments, client, auth, make_user):
    auth.login(make_user("department", department="packaging"))
    assert client.post("/desk/suggest-feedback", data={"transcript": TRANSCRIPT}).status_code == 403


def test_the_api_takes_a_confirmed_suggestion_as_source_classifier(departments, agent, customer, api):
    as_agent = api(agent)
    response = as_agent.post("/api/v1/interactions", json={
        "customer_id": customer.id, "summary": "Damaged box, replacement sent.",
        "feedback": [{"category": "packaging", "text": "Crushed box.", "source": "classifier"},
                     {"category": "product", "text": "Dark mode."}]})
    assert response.status_code == 201, response.get_data(as_text=True)
    assert [f.source for f in db.session.scalars(select(Feedback).order_by(Feedback.id))] == ["classifier", "agent"]
    bad = as_agent.post("/api/v1/interactions", json={
        "customer_id": customer.id, "feedback": [{"category": "packaging", "text": "x", "source": "robot"}]})
    assert bad.status_code == 422 and "feedback[0].source" in bad.get_json()["error"]["fields"]
