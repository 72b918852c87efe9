"""API: departments and their inboxes, routing rules, and the outbox's deliveries (API.md)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import department_inbox as inbox
from ..services import outbox, pagination
from ..services import departments as department_admin
from ..services import routing
from . import ID, body_of, bp, no_content, query_of, schemas

SLUG = "string(maxlength=60)"


# --- departments ---------------------------------------------------------------------------------

@bp.get("/departments")
def list_departments():
    """List every department (admin)."""
    return jsonify({"items": [schemas.Department.of(d) for d in department_admin.list_departments(g.api_user)], "next": None})


@bp.post("/departments")
def create_department():
    """Create a department (admin)."""
    department_admin.list_departments(g.api_user)  # refuse non-admins before judging the body
    given = body_of(schemas.DepartmentInput, check=lambda sent: department_admin.check_new_department(
        schemas.DepartmentInput.as_sent(sent)))
    dept = department_admin.create_department(given, g.api_user)
    return jsonify(schemas.Department.of(dept)), 201


@bp.patch(f"/departments/<{SLUG}:slug>")
def update_department(slug: str):
    """Change a department's name, e-mail addresses, webhook or fallback role (admin)."""
    department_admin.get_department(slug, g.api_user)
    dept = department_admin.update_department(slug, body_of(schemas.DepartmentChanges), g.api_user)
    return jsonify(schemas.Department.of(dept))


@bp.get(f"/departments/<{SLUG}:slug>/feedback")
def department_feedback(slug: str):
    """List the feedback routed to a department, newest first (its members and admins)."""
    inbox.department_for(g.api_user, slug)  # who may read it comes before the filters
    args = request.args
    _, items, page = inbox.feedback_page(g.api_user, slug, query_of(inbox.InboxFilter),
                                         limit=pagination.clamp_limit(args.get("limit")), cursor=args.get("cursor"))
    return jsonify({"items": [schemas.InboxFeedback.of(i) for i in items], "next": page.next, "total": page.total})


@bp.patch(f"/feedback/<{ID}:feedback_id>")
def update_feedback(feedback_id: int):
    """Move a feedback item on and give the department's response (its members and admins)."""
    inbox.get_item(g.api_user, feedback_id)  # refuse outsiders before judging the body
    body = body_of(schemas.FeedbackChanges)
    changed = inbox.update_feedback(g.api_user, feedback_id, status=body.status, response=body.response,
                                    whole_group=body.whole_group)
    item = inbox.get_item(g.api_user, feedback_id)
    return jsonify({**schemas.InboxFeedback.of(item), "also_updated": [fb.id for fb in changed[1:]]})


# --- routing rules ---------------------------------------------------------------------------------

@bp.get("/routing-rules")
def list_routing_rules():
    """List the routing rules in the order they are tried (admin)."""
    return jsonify({"items": [schemas.RoutingRule.of(r) for r in routing.list_rules(g.api_user)], "next": None})


@bp.post("/routing-rules")
def create_routing_rule():
    """Create a routing rule (admin)."""
    routing.list_rules(g.api_user)
    given = body_of(schemas.RoutingRuleInput, unknown_alone=True, check=lambda sent: routing.validate_rule(
        schemas.RoutingRuleInput.as_sent(sent)))
    rule = routing.create_rule(given, g.api_user)
    response = jsonify(schemas.RoutingRule.of(rule))
    response.status_code = 201
    return response


@bp.delete(f"/routing-rules/<{ID}:rule_id>")
def delete_routing_rule(rule_id: int):
    """Delete a routing rule (admin); items it routed keep their department."""
    routing.delete_rule(rule_id, g.api_user)
    return no_content()


# --- deliveries --------------------------------------------------------------------------------------

@bp.get("/deliveries")
def list_deliveries():
    """List the outbox's deliveries newest first, e.g. the dead ones (admin)."""
    args = request.args
    page = outbox.deliveries_page(g.api_user, query_of(outbox.DeliveryFilters).status,
                                  limit=pagination.clamp_limit(args.get("limit")), cursor=args.get("cursor"))
    return jsonify({"items": [schemas.Delivery.of(d) for d in page.items], "next": page.next, "total": page.total})


@bp.post(f"/deliveries/<{ID}:delivery_id>/retry")
def retry_delivery(delivery_id: int):
    """Send a dead delivery again with a fresh set of attempts (admin)."""
    return jsonify(schemas.Delivery.of(outbox.retry(delivery_id, g.api_user)))
