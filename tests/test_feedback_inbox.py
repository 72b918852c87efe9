"""The department inbox: status flow, who may see it, groups of alike items, trends, and the loop
closing on the customer's timeline with a notice to the agent."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from crm.database import write_transaction
from crm.extensions import db
from crm.models import AuditEvent, Feedback, Notification
from crm.models.base import utcnow
from crm.services import department_inbox as inbox
from feedback_helpers import department, log_feedback


@pytest.fixture
def packaging(app):
    department("general", "General feedback", fallback=True)
    return department("packaging", "Packaging")


@pytest.fixture
def rules(packaging, make_user):
    from crm.services.routing import RoutingRuleInput, create_rule

    create_rule(RoutingRuleInput(department="packaging", category="packaging"), make_user("admin"))


@pytest.fixture
def agent(make_user):
    return make_user("agent", name="Aminah Agent")


@pytest.fixture
def member(make_user, packaging):
    return make_user("department", department="packaging")


@pytest.fixture
def customer(make_customer):
    return make_customer("Jan Novák", phones=["+420 603 123 456"], emails=["jan@example.cz"],
                         preferred_channel="email", account_number="CZ-4242", notes="Secret note for agents",
                         company="Novák s.r.o.")


def packaging_item(agent, customer, text="The box arrived crushed.", product=None) -> Feedback:
    return log_feedback(agent, customer, {"category": "packaging", "text": text, "product": product}).feedback[0]


def patch(api_client, feedback_id, **body):
    return api_client.patch(f"/api/v1/feedback/{feedback_id}", json=body)


# --- the status flow --------------------------------------------------------------------------

def test_an_item_moves_new_acknowledged_in_progress_done_and_then_stays_done(rules, agent, member, customer, api):
    item = packaging_item(agent, customer)
    as_member = api(member)
    assert patch(as_member, item.id, status="acknowledged").get_json()["status"] == "acknowledged"
    same = patch(as_member, item.id, status="acknowledged")
    assert same.status_code == 422 and "nothing to change" in same.get_json()["error"]["fields"]["status"][0]
    assert patch(as_member, item.id, status="in_progress").get_json()["status"] == "in_progress"
    back = patch(as_member, item.id, status="acknowledged")
    assert back.status_code == 409 and back.get_json()["error"]["fields"]["status"]
    without_answer = patch(as_member, item.id, status="done")
    assert without_answer.status_code == 422 and "response" in without_answer.get_json()["error"]["fields"]
    done = patch(as_member, item.id, status="done", response="Stronger boxes from March.")
    assert done.status_code == 200
    body = done.get_json()
    assert body["status"] == "done" and body["response"] == "Stronger boxes from March." and body["responded_at"]
    again = patch(as_member, item.id, response="Changed my mind.")
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "feedback.update")
                               .order_by(AuditEvent.id)).all()
    assert [(e.details["previous"], e.details["status"]) for e in audit] == [
        ("new", "acknowledged"), ("acknowledged", "in_progress"), ("in_progress", "done")]
    assert all(e.actor_id == member.id for e in audit)


def test_steps_may_be_skipped_and_declining_needs_a_reason(rules, agent, member, customer, api):
    item = packaging_item(agent, customer)
    as_member = api(member)
    assert patch(as_member, item.id, status="declined").status_code == 422
    response = patch(as_member, item.id, status="declined", response="Couriers handle boxes; passed to logistics.")
    assert response.status_code == 200 and response.get_json()["status"] == "declined"


def test_bad_changes_are_refused_with_every_reason_and_never_a_500(rules, agent, member, customer, api):
    item = packaging_item(agent, customer)
    as_member = api(member)
    for body, field in [({"status": "shipped"}, "status"), ({"status": "new", "colour": 1}, "colour"),
                        ({}, "status"), ({"response": 5}, "response"), ({"response": "x" * 5001}, "response"),
                        ({"status": "done", "response": "ok", "whole_group": "yes"}, "whole_group"),
                        ({"response": "a\x00b"}, "response")]:
        response = patch(as_member, item.id, **body)
        assert response.status_code == 422, (body, response.get_data(as_text=True))
        assert field in response.get_json()["error"]["fields"], body
    assert as_member.patch(f"/api/v1/feedback/{item.id}", data="[]",
                           headers={"Content-Type": "application/json"}).status_code == 400
    assert patch(as_member, 2**31 - 1, status="acknowledged").status_code == 404
    assert patch(as_member, 2**40, status="acknowledged").status_code == 404


# --- who sees what ---------------------------------------------------------------------------------

def test_only_the_departments_members_and_admins_see_and_change_its_items(rules, agent, member, customer, api,
                                                                           make_user, client, auth):
    item = packaging_item(agent, customer)
    department("billing")
    outsider = make_user("department", department="billing")
    for user, status in [(agent, 403), (make_user("lead"), 403), (outsider, 403), (member, 200),
                         (make_user("admin"), 200)]:
        as_user = api(user)
        assert as_user.get("/api/v1/departments/packaging/feedback").status_code == status, user.role
        expected = status if status == 403 else 200
        assert patch(as_user, item.id, status="acknowledged" if user is member else "in_progress"
                     ).status_code == expected, user.role
    assert api(member).get("/api/v1/departments/nowhere/feedback").status_code == 404
    for user, status in [(agent, 403), (outsider, 403), (member, 200)]:
        auth.login(user)
        assert client.get("/department/packaging").status_code == status
        assert client.get(f"/department/feedback/{item.id}").status_code == status
        assert client.get("/department/packaging/trends").status_code == status
        auth.logout()


def test_members_see_only_the_customers_name_and_preferred_contact(rules, agent, member, customer, api, client,
                                                                   auth):
    packaging_item(agent, customer)
    (item,) = api(member).get("/api/v1/departments/packaging/feedback").get_json()["items"]
    assert item["customer"] == {"id": customer.id, "name": "Jan Novák", "preferred_channel": "email",
                                "contact": "jan@example.cz"}
    auth.login(member)
    for path in ("/department/packaging", f"/department/feedback/{item['id']}"):
        page = client.get(path).get_data(as_text=True)
        assert "Jan Novák" in page and "jan@example.cz" in page
        for private in ("CZ-4242", "Secret note", "s.r.o.", "603 123 456"):
            assert private not in page, (path, private)
    assert client.get(f"/customers/{customer.id}").status_code == 403


def test_a_customer_who_prefers_chat_is_not_shown_a_phone_as_their_chat(rules, agent, member, make_customer, client,
                                                                        auth):
    chatty = make_customer("Siti Rahman", phones=["+60 12-345 6789"], preferred_channel="chat")
    item = packaging_item(agent, chatty)
    auth.login(member)
    for path in ("/department/packaging", f"/department/feedback/{item.id}"):
        page = " ".join(re.sub(r"<[^>]+>", " ", client.get(path).get_data(as_text=True)).split())
        assert "chat: +60" not in page and "Phone +60 12-345 6789" in page.replace(":", ""), path


def test_a_member_lands_on_their_inbox_and_an_admin_sees_every_department(packaging, member, make_user, client,
                                                                          auth):
    auth.login(member)
    assert client.get("/").location.endswith("/department/")
    assert client.get("/department/").location.endswith("/department/packaging")
    assert 'href="/department/"' in client.get("/department/packaging").get_data(as_text=True)  # the nav link
    auth.logout()
    auth.login(make_user("admin"))
    page = client.get("/department/").get_data(as_text=True)
    assert "Packaging" in page and "General feedback" in page


# --- listing, filters, groups ---------------------------------------------------------------------

def test_the_inbox_filters_by_status_category_product_and_period(rules, agent, member, customer, api):
    old = packaging_item(agent, customer, "Dented lid.", product="Kettle Pro")
    new = packaging_item(agent, customer, "Torn wrapping.", product="Toaster")
    with write_transaction():
        db.session.get(Feedback, old.id).created_at = utcnow() - timedelta(days=40)
    inbox.update_feedback(member, new.id, status="acknowledged")
    as_member = api(member)

    def ids(**query):
        response = as_member.get("/api/v1/departments/packaging/feedback", query_string=query)
        assert response.status_code == 200, response.get_data(as_text=True)
        return [i["id"] for i in response.get_json()["items"]]

    assert ids() == [new.id, old.id]
    assert ids(status="new") == [old.id] and ids(status="open") == [new.id, old.id]
    assert ids(status="done") == [] and ids(category="packaging") == [new.id, old.id]
    assert ids(product="kettle") == [old.id]
    assert ids(since=(utcnow() - timedelta(days=7)).date().isoformat()) == [new.id]
    assert ids(until=(utcnow() - timedelta(days=30)).date().isoformat()) == [old.id]
    page = as_member.get("/api/v1/departments/packaging/feedback?limit=1").get_json()
    assert [i["id"] for i in page["items"]] == [new.id] and page["next"]
    rest = as_member.get(f"/api/v1/departments/packaging/feedback?limit=1&cursor={page['next']}").get_json()
    assert [i["id"] for i in rest["items"]] == [old.id]
    for bad in ({"status": "lost"}, {"since": "yesterday"}, {"category": "food"}, {"limit": "0"},
                {"cursor": "nonsense"}, {"since": "2026-02-01", "until": "2026-01-01"}):
        assert as_member.get("/api/v1/departments/packaging/feedback", query_string=bad).status_code == 422, bad


def test_the_inbox_page_keeps_filter_errors_next_to_the_fields(rules, member, client, auth):
    auth.login(member)
    response = client.get("/department/packaging", query_string={"since": "soon"})
    assert response.status_code == 422 and "must be a date" in response.get_data(as_text=True)


def test_alike_items_are_grouped_and_one_answer_closes_the_group(rules, agent, member, customer, api, client, auth):
    first = packaging_item(agent, customer, "The box arrived crushed!")
    second = packaging_item(agent, customer, "box arrived crushed")
    third = packaging_item(agent, customer, "Crushed, the box arrived.")
    other = packaging_item(agent, customer, "The tape came loose.")
    (group,) = inbox.groups(member, "packaging")
    assert group.count == 3 and group.example.id == first.id
    listed = api(member).get("/api/v1/departments/packaging/feedback").get_json()["items"]
    assert {i["id"]: i["alike_open"] for i in listed} == {first.id: 3, second.id: 3, third.id: 3, other.id: 1}
    auth.login(member)
    page = client.get("/department/packaging").get_data(as_text=True)
    assert "Heard more than once" in page and "3×" in page

    inbox.update_feedback(member, third.id, status="in_progress")
    response = patch(api(member), first.id, status="acknowledged", whole_group=True)
    # The item in progress cannot go back to acknowledged: it is left as it is.
    assert response.get_json()["also_updated"] == [second.id]
    answer = client.post(f"/department/feedback/{first.id}", data={
        "status": "done", "response": "We switched to a sturdier box.", "whole_group": "y"})
    assert answer.status_code == 302
    db.session.expire_all()
    statuses = {fb.id: (fb.status, fb.response) for fb in db.session.scalars(select(Feedback))}
    assert statuses == {first.id: ("done", "We switched to a sturdier box."),
                        second.id: ("done", "We switched to a sturdier box."),
                        third.id: ("done", "We switched to a sturdier box."), other.id: ("new", None)}
    assert inbox.groups(member, "packaging") == []
    # One answer to three alike items is one notice to the agent who heard them, not three.
    (notice,) = db.session.scalars(select(Notification).where(Notification.user_id == agent.id)).all()
    assert "3 alike packaging feedback items" in notice.message


def test_answering_the_whole_group_from_an_item_already_moved_on_moves_the_alike_items_too(
        rules, agent, member, customer, api, client, auth):
    opened = packaging_item(agent, customer, "The box arrived crushed!")
    alike = [packaging_item(agent, customer, "box arrived crushed"), packaging_item(agent, customer, "Crushed box arrived")]
    inbox.update_feedback(member, opened.id, status="in_progress")
    auth.login(member)
    # "answer them all" opens the item in progress; the member keeps its status and writes the answer.
    answer = client.post(f"/department/feedback/{opened.id}", data={
        "status": "in_progress", "response": "We are testing a stronger box.", "whole_group": "y"})
    assert answer.status_code == 302
    db.session.expire_all()
    assert {(fb.id, fb.status, fb.response) for fb in db.session.scalars(select(Feedback))} == {
        (fb.id, "in_progress", "We are testing a stronger box.") for fb in [opened] + alike}
    # The same through the API: one more alike item catches up with the group without changing the opened one.
    late = packaging_item(agent, customer, "arrived crushed, the box")
    response = patch(api(member), opened.id, status="in_progress", whole_group=True)
    assert response.status_code == 200 and response.get_json()["also_updated"] == [late.id]
    db.session.expire_all()
    late = db.session.get(Feedback, late.id)
    assert (late.status, late.response) == ("in_progress", "We are testing a stronger box.")


def test_an_answer_to_a_new_item_acknowledges_it(rules, agent, member, customer, api):
    item = packaging_item(agent, customer)
    response = patch(api(member), item.id, response="Thank you, we are looking into it.")
    assert response.get_json()["status"] == "acknowledged"


# --- the loop closes ---------------------------------------------------------------------------------

def test_the_answer_appears_on_the_customers_timeline_and_notifies_the_agent(rules, agent, member, customer, client,
                                                                             auth):
    item = packaging_item(agent, customer)
    auth.login(member)
    page = client.get(f"/department/feedback/{item.id}").get_data(as_text=True)
    assert "The box arrived crushed." in page
    response = client.post(f"/department/feedback/{item.id}", data={"status": "done", "response": ""})
    assert response.status_code == 422 and "is required to mark the item done" in response.get_data(as_text=True)
    response = client.post(f"/department/feedback/{item.id}", data={
        "status": "done", "response": "A replacement kettle in a double box is on its way."})
    assert response.status_code == 302
    auth.logout()

    (notice,) = db.session.scalars(select(Notification).where(Notification.user_id == agent.id)).all()
    assert notice.kind == "feedback.answered" and notice.link == f"/interactions/{item.interaction_id}"
    assert "Packaging answered" in notice.message and "Jan Novák" in notice.message
    auth.login(agent)
    timeline = client.get(f"/customers/{customer.id}").get_data(as_text=True)
    assert "answer:</strong> A replacement kettle in a double box is on its way." in timeline
    assert "Packaging, done" in timeline
    contact = client.get(notice.link).get_data(as_text=True)
    assert "A replacement kettle in a double box is on its way." in contact


def test_a_closed_item_shows_its_answer_and_no_form(rules, agent, member, customer, client, auth):
    item = packaging_item(agent, customer)
    inbox.update_feedback(member, item.id, status="done", response="Fixed.")
    auth.login(member)
    page = client.get(f"/department/feedback/{item.id}").get_data(as_text=True)
    assert "Fixed." in page and "<form method=\"post\"" not in page.split("<main")[1]


# --- trends ---------------------------------------------------------------------------------------------

def test_trends_count_by_category_product_and_week_with_a_chart_and_the_numbers(rules, agent, member, customer,
                                                                                client, auth):
    packaging_item(agent, customer, "Dented lid.", product="Kettle Pro")
    packaging_item(agent, customer, "Crushed box.", product="Kettle Pro")
    packaging_item(agent, customer, "Torn wrapping.")
    log_feedback(agent, customer, ("other", "Lovely staff."))  # the fallback's, not packaging's
    dept, trends = inbox.trends(member, "packaging")
    assert trends.total == 3
    assert dict(trends.by_category)["packaging"] == 3 and dict(trends.by_category)["other"] == 0
    assert trends.by_product == [("Kettle Pro", 2), ("(no product)", 1)]
    assert sum(n for _, n in trends.by_week) == 3 and len(trends.by_week) in (12, 13)
    assert all(monday.weekday() == 0 for monday, _ in trends.by_week)
    auth.login(member)
    page = client.get("/department/packaging/trends").get_data(as_text=True)
    assert page.count("<svg") == 3 and '<td class="num">2</td>' in page and "Kettle Pro" in page
    bad = client.get("/department/packaging/trends", query_string={"since": "2026-05-01", "until": "2026-01-01"})
    assert bad.status_code == 422 and "is before since" in bad.get_data(as_text=True)


# --- the API answers as its OpenAPI document says ---------------------------------------------------

def test_the_feedback_endpoints_answer_as_documented(rules, agent, member, customer, api, client, make_user):
    from test_api_openapi import conforms, resolve

    spec = client.get("/api/v1/openapi.json").get_json()

    def check(response, status, path, method):
        assert response.status_code == status, response.get_data(as_text=True)
        documented = spec["paths"][path][method]["responses"][str(status)]
        if "content" not in resolve(spec, documented):
            return None
        schema = resolve(spec, documented)["content"]["application/json"]["schema"]
        assert conforms(spec, response.get_json(), schema) == []
        return response.get_json()

    as_admin, as_member = api(make_user("admin")), api(member)
    check(as_admin.patch("/api/v1/departments/packaging", json={"webhook_url": "https://x.example/h",
                                                               "webhook_secret": "s" * 20}),
          200, "/api/v1/departments/{slug}", "patch")
    item = packaging_item(agent, customer)
    check(as_admin.get("/api/v1/departments"), 200, "/api/v1/departments", "get")
    check(as_admin.post("/api/v1/departments", json={"slug": "billing", "name": "Billing", "emails": ["b@x.com"]}),
          201, "/api/v1/departments", "post")
    check(as_admin.post("/api/v1/departments", json={"slug": "billing", "name": "Billing"}),
          409, "/api/v1/departments", "post")
    check(as_member.get("/api/v1/departments/packaging/feedback"), 200, "/api/v1/departments/{slug}/feedback", "get")
    check(as_member.patch(f"/api/v1/feedback/{item.id}", json={"status": "done", "response": "Fixed."}),
          200, "/api/v1/feedback/{feedback_id}", "patch")
    check(as_member.patch(f"/api/v1/feedback/{item.id}", json={"status": "new"}),
          409, "/api/v1/feedback/{feedback_id}", "patch")
    rule = check(as_admin.post("/api/v1/routing-rules", json={"department": "billing", "keywords": ["invoice"]}),
                 201, "/api/v1/routing-rules", "post")
    check(as_admin.get("/api/v1/routing-rules"), 200, "/api/v1/routing-rules", "get")
    check(as_admin.delete(f"/api/v1/routing-rules/{rule['id']}"), 204, "/api/v1/routing-rules/{rule_id}", "delete")
    (delivery,) = check(as_admin.get("/api/v1/deliveries"), 200, "/api/v1/deliveries", "get")["items"]
    check(as_admin.post(f"/api/v1/deliveries/{delivery['id']}/retry"), 200, "/api/v1/deliveries/{delivery_id}/retry",
          "post")
    check(as_admin.post("/api/v1/deliveries/99999/retry"), 404, "/api/v1/deliveries/{delivery_id}/retry", "post")
    check(api(agent).get("/api/v1/departments/packaging/feedback"), 403, "/api/v1/departments/{slug}/feedback", "get")
