"""API: departments and their inboxes, routing rules, and the outbox's deliveries (API.md)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..models import Delivery, Department
from ..models import RoutingRule
from ..services import department_inbox as inbox
from ..services import outbox, pagination
from ..services import departments as department_admin
from ..services import routing
from . import bp, body_of, schemas
from .serializers import ID, feedback_json, iso

SLUG = "string(maxlength=60)"


def department_json(d: Department) -> dict:
    """A department as admins see it; the webhook secret itself is never sent back."""
    return {
        "id": d.id,
        "slug": d.slug,
        "name": d.name,
        "emails": list(d.emails or []),
        "webhook_url": d.webhook_url,
        "webhook_secret_set": bool(d.webhook_secret),
        "is_fallback": bool(d.is_fallback),
        "created_at": iso(d.created_at),
    }


def rule_json(r: RoutingRule) -> dict:
    return {
        "id": r.id,
        "department": r.department.slug,
        "category": r.category,
        "product_pattern": r.product_pattern,
        "keywords": list(r.keywords or []),
        "priority": r.priority,
        "active": r.active,
        "created_at": iso(r.created_at),
    }


def inbox_item_json(item: inbox.InboxItem) -> dict:
    fb = item.feedback
    return {**feedback_json(fb), "source": fb.source, "group_key": fb.group_key, "alike_open": item.alike_open,
            "customer": item.customer}


def delivery_json(d: Delivery) -> dict:
    return {
        "id": d.id,
        "kind": d.kind,
        "event": d.event,
        "department": d.department.slug if d.department is not None else None,
        "feedback_id": d.feedback_id,
        "target": d.target,
        "idempotency_key": d.idempotency_key,
        "status": d.status,
        "attempts": d.attempts,
        "next_attempt_at": iso(d.next_attempt_at),
        "last_error": d.last_error,
        "delivered_at": iso(d.delivered_at),
        "created_at": iso(d.created_at),
    }


def _department_input(model, check=None) -> department_admin.DepartmentInput:
    given = body_of(model, check=check and (lambda valid: check(department_admin.DepartmentInput(**valid))))
    return department_admin.DepartmentInput(**given.model_dump(exclude_unset=True))


# --- departments ---------------------------------------------------------------------------------

@bp.get("/departments")
def list_departments():
    """List every department (admin)."""
    return jsonify({"items": [department_json(d) for d in department_admin.list_departments(g.api_user)], "next": None})


@bp.post("/departments")
def create_department():
    """Create a department (admin)."""
    department_admin.list_departments(g.api_user)  # refuse non-admins before judging the body
    dept = department_admin.create_department(_department_input(schemas.DepartmentInput, department_admin.check_new_department), g.api_user)
    return jsonify(department_json(dept)), 201


@bp.patch(f"/departments/<{SLUG}:slug>")
def update_department(slug: str):
    """Change a department's name, e-mail addresses, webhook or fallback role (admin)."""
    department_admin.get_department(slug, g.api_user)
    dept = department_admin.update_department(slug, _department_input(schemas.DepartmentChanges), g.api_user)
    return jsonify(department_json(dept))


@bp.get(f"/departments/<{SLUG}:slug>/feedback")
def department_feedback(slug: str):
    """List the feedback routed to a department, newest first (its members and admins)."""
    args = request.args
    filters = inbox.InboxFilter(status=args.get("status"), category=args.get("category"),
                                product=args.get("product"), since=args.get("since"), until=args.get("until"),
                                group=args.get("group"))
    _, items, page = inbox.feedback_page(g.api_user, slug, filters, limit=pagination.clamp_limit(args.get("limit")),
                                         cursor=args.get("cursor"))
    return jsonify({"items": [inbox_item_json(i) for i in items], "next": page.next, "total": page.total})


@bp.patch(f"/feedback/<{ID}:feedback_id>")
def update_feedback(feedback_id: int):
    """Move a feedback item on and give the department's response (its members and admins)."""
    inbox.get_item(g.api_user, feedback_id)  # refuse outsiders before judging the body
    body = body_of(schemas.FeedbackChanges)
    changed = inbox.update_feedback(g.api_user, feedback_id, status=body.status, response=body.response,
                                    whole_group=body.whole_group)
    item = inbox.get_item(g.api_user, feedback_id)
    return jsonify({**inbox_item_json(item), "also_updated": [fb.id for fb in changed[1:]]})


# --- routing rules ---------------------------------------------------------------------------------

@bp.get("/routing-rules")
def list_routing_rules():
    """List the routing rules in the order they are tried (admin)."""
    return jsonify({"items": [rule_json(r) for r in routing.list_rules(g.api_user)], "next": None})


@bp.post("/routing-rules")
def create_routing_rule():
    """Create a routing rule (admin)."""
    routing.list_rules(g.api_user)
    given = body_of(schemas.RoutingRuleInput, unknown_alone=True,
                    check=lambda valid: routing.validate_rule(routing.RuleInput(**valid)))
    rule = routing.create_rule(routing.RuleInput(**given.model_dump(exclude_unset=True)), g.api_user)
    response = jsonify(rule_json(rule))
    response.status_code = 201
    return response


@bp.delete(f"/routing-rules/<{ID}:rule_id>")
def delete_routing_rule(rule_id: int):
    """Delete a routing rule (admin); items it routed keep their department."""
    routing.delete_rule(rule_id, g.api_user)
    return "", 204


# --- deliveries --------------------------------------------------------------------------------------

@bp.get("/deliveries")
def list_deliveries():
    """List the outbox's deliveries newest first, e.g. the dead ones (admin)."""
    args = request.args
    page = outbox.deliveries_page(g.api_user, args.get("status") or None,
                                  limit=pagination.clamp_limit(args.get("limit")), cursor=args.get("cursor"))
    return jsonify({"items": [delivery_json(d) for d in page.items], "next": page.next, "total": page.total})


@bp.post(f"/deliveries/<{ID}:delivery_id>/retry")
def retry_delivery(delivery_id: int):
    """Send a dead delivery again with a fresh set of attempts (admin)."""
    return jsonify(delivery_json(outbox.retry(delivery_id, g.api_user)))
