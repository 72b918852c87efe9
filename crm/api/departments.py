"""API: departments and their inboxes, routing rules, and the outbox's deliveries (API.md)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..models import DELIVERY_KINDS, DELIVERY_STATUSES, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Delivery, Department
from ..models import RoutingRule
from ..services import department_inbox as inbox
from ..services import outbox, pagination
from ..services import routing
from ..services.errors import FieldErrors
from . import bp, json_body
from .openapi import (CURSOR, EMAIL_ITEM, LIMIT, NONBLANK, OPT_TIME, SCHEMAS, TIME, _body, _errors, _list_of, _nullable, _object,
                      _opt_text, _path_id, _query, _ref, _response, _text, describe)
from .serializers import ID, check_values, feedback_json, iso, raise_all, reject_unknown

DEPARTMENT_FIELDS = ("slug", "name", "emails", "webhook_url", "webhook_secret", "is_fallback")
DEPARTMENT_CHANGES = DEPARTMENT_FIELDS[1:]
RULE_FIELDS = ("department", "category", "product_pattern", "keywords", "priority")
FEEDBACK_CHANGES = ("status", "response", "whole_group")
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


def _department_input(body: dict, allowed) -> routing.DepartmentInput:
    errors = FieldErrors()
    reject_unknown(body, allowed, errors)
    check_values(body, errors)
    raise_all(errors)
    return routing.DepartmentInput(**{k: v for k, v in body.items() if k in DEPARTMENT_FIELDS})


# --- departments ---------------------------------------------------------------------------------

@bp.get("/departments")
def list_departments():
    """List every department (admin)."""
    return jsonify({"items": [department_json(d) for d in routing.list_departments(g.api_user)], "next": None})


@bp.post("/departments")
def create_department():
    """Create a department (admin)."""
    routing.list_departments(g.api_user)  # refuse non-admins before judging the body
    dept = routing.create_department(_department_input(json_body(), DEPARTMENT_FIELDS), g.api_user)
    return jsonify(department_json(dept)), 201


@bp.patch(f"/departments/<{SLUG}:slug>")
def update_department(slug: str):
    """Change a department's name, e-mail addresses, webhook or fallback role (admin)."""
    routing.get_department(slug, g.api_user)
    dept = routing.update_department(slug, _department_input(json_body(), DEPARTMENT_CHANGES), g.api_user)
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
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, FEEDBACK_CHANGES, errors)
    check_values(body, errors)
    raise_all(errors)
    changed = inbox.update_feedback(g.api_user, feedback_id, status=body.get("status"),
                                    response=body.get("response"), whole_group=body.get("whole_group", False))
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
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, RULE_FIELDS, errors)
    check_values(body, errors)
    raise_all(errors)
    rule = routing.create_rule(routing.RuleInput(**body), g.api_user)
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


# --- the OpenAPI description of the routes above ---------------------------------------------------

_SLUG_PARAM = {"name": "slug", "in": "path", "required": True, "description": "The department's slug.",
               "schema": {"type": "string", "maxLength": 60}}
_DEPARTMENT_PROPS = {
    "slug": _text("2 to 60 lower-case letters, digits or dashes; cannot change.", pattern="^[a-z0-9][a-z0-9-]{1,59}$"),
    "name": _text(maxLength=120, **NONBLANK),
    "emails": {"type": ["array", "null"], "items": EMAIL_ITEM,
               "description": "Each gets an e-mail per routed item when CRM_SMTP_URL is set; null and blank "
                              "entries are skipped."},
    "webhook_url": _opt_text("http(s) address that receives a signed POST per routed item.", maxLength=500),
    "webhook_secret": _opt_text("Signs the webhooks (HMAC-SHA256); required with a URL, at least 16 "
                                "characters; never sent back.", maxLength=200),
    "is_fallback": {"type": "boolean", "description": "Takes what no rule claims. Setting it moves the role "
                                                      "from the department that had it; it cannot be unset."},
}
_INBOX_PROPS = {
    **SCHEMAS["Feedback"]["properties"],
    "source": {"enum": list(routing.FEEDBACK_SOURCES)},
    "group_key": _opt_text("Shared by near-identical items, so one answer can close them all."),
    "alike_open": {"type": "integer", "minimum": 0,
                   "description": "Open items of this department with the same group key, this one included."},
    "customer": _ref("CustomerMinimal"),
}

describe({
    "/api/v1/departments": {
        "get": {
            "operationId": "list_departments", "tags": ["departments"], "summary": "List every department (admin).",
            "responses": {"200": _response("Every department.", _ref("DepartmentList")), **_errors(403)},
        },
        "post": {
            "operationId": "create_department", "tags": ["departments"], "summary": "Create a department (admin).",
            "requestBody": _body("DepartmentInput"),
            "responses": {"201": _response("Created.", _ref("Department")), **_errors(400, 403, 409, 422)},
        },
    },
    "/api/v1/departments/{slug}": {
        "parameters": [_SLUG_PARAM],
        "patch": {
            "operationId": "update_department", "tags": ["departments"],
            "summary": "Change a department's name, e-mail addresses, webhook or fallback role (admin).",
            "requestBody": _body("DepartmentChanges"),
            "responses": {"200": _response("The department as it is now.", _ref("Department")),
                          **_errors(400, 403, 404, 422)},
        },
    },
    "/api/v1/departments/{slug}/feedback": {
        "parameters": [_SLUG_PARAM],
        "get": {
            "operationId": "department_feedback", "tags": ["departments", "feedback"],
            "summary": "The feedback routed to a department, newest first (its members and admins).",
            "parameters": [
                _query("status", "Only items in this status; `open` is new, acknowledged and in progress.",
                       {"enum": ["open", *FEEDBACK_STATUSES]}),
                _query("category", "Only this category.", {"enum": list(FEEDBACK_CATEGORIES)}),
                _query("product", "Only products whose name contains this, ignoring case."),
                _query("since", "Only items logged on or after this day (UTC).", {"type": "string", "format": "date"}),
                _query("until", "Only items logged on or before this day (UTC).", {"type": "string", "format": "date"}),
                _query("group", "Only items alike to one: their `group_key`."),
                LIMIT, CURSOR],
            "responses": {"200": _response("One page; pass `next` as `cursor` for the one after.",
                                           _ref("InboxFeedbackList")),
                          **_errors(403, 404, 422)},
        },
    },
    "/api/v1/feedback/{feedback_id}": {
        "parameters": [_path_id("feedback_id", "feedback item")],
        "patch": {
            "operationId": "update_feedback", "tags": ["feedback"],
            "summary": "Move an item on (new → acknowledged → in progress → done or declined) and give the "
                       "department's response (its members and admins).",
            "description": "Steps may be skipped but never undone; done and declined need a response. A new "
                           "response shows on the customer's timeline and notifies the agent who heard it. "
                           "`whole_group` applies the change to every open item alike to this one.",
            "requestBody": _body("FeedbackChanges"),
            "responses": {"200": _response("The item as it is now.", _ref("FeedbackChanged")),
                          **_errors(400, 403, 404, 409, 422)},
        },
    },
    "/api/v1/routing-rules": {
        "get": {
            "operationId": "list_routing_rules", "tags": ["routing"],
            "summary": "The routing rules in the order they are tried: lower priority first (admin).",
            "responses": {"200": _response("Every rule.", _ref("RoutingRuleList")), **_errors(403)},
        },
        "post": {
            "operationId": "create_routing_rule", "tags": ["routing"], "summary": "Create a routing rule (admin).",
            "description": "A rule claims an item when every condition it has holds: the category, the product "
                           "glob, and any one of the keywords (folded: case and accents ignored; `packag*` is "
                           "a stem). The first rule by priority decides; what none claims goes to the fallback "
                           "department.",
            "requestBody": _body("RoutingRuleInput"),
            "responses": {"201": _response("Created.", _ref("RoutingRule")), **_errors(400, 403, 422)},
        },
    },
    "/api/v1/routing-rules/{rule_id}": {
        "parameters": [_path_id("rule_id", "routing rule")],
        "delete": {
            "operationId": "delete_routing_rule", "tags": ["routing"],
            "summary": "Delete a routing rule (admin); items it routed keep their department.",
            "responses": {"204": _response("Deleted."), **_errors(403, 404)},
        },
    },
    "/api/v1/deliveries": {
        "get": {
            "operationId": "list_deliveries", "tags": ["deliveries"],
            "summary": "The outbox's webhooks and e-mails, newest first (admin).",
            "parameters": [_query("status", "Only deliveries in this status, e.g. dead.",
                                  {"enum": list(DELIVERY_STATUSES)}), LIMIT, CURSOR],
            "responses": {"200": _response("One page; pass `next` as `cursor` for the one after.",
                                           _ref("DeliveryList")),
                          **_errors(403, 422)},
        },
    },
    "/api/v1/deliveries/{delivery_id}/retry": {
        "parameters": [_path_id("delivery_id", "delivery")],
        "post": {
            "operationId": "retry_delivery", "tags": ["deliveries"],
            "summary": "Send a dead delivery again, with a fresh set of attempts (admin).",
            "requestBody": {"required": False, "content": {"application/json": {"schema": {"type": "object"}}},
                            "description": "None needed."},
            "responses": {"200": _response("The delivery, pending again.", _ref("Delivery")),
                          **_errors(400, 403, 404, 409)},
        },
    },
}, {
    "Department": _object({
        "id": {"type": "integer"},
        "slug": _text(),
        "name": _text(),
        "emails": {"type": "array", "items": {"type": "string"}},
        "webhook_url": _opt_text(),
        "webhook_secret_set": {"type": "boolean", "description": "Whether a signing secret is set."},
        "is_fallback": {"type": "boolean"},
        "created_at": TIME,
    }, required=("id", "slug", "name", "emails", "webhook_url", "webhook_secret_set", "is_fallback", "created_at")),
    "DepartmentList": _list_of("Department"),
    "DepartmentInput": _object(_DEPARTMENT_PROPS, required=("slug", "name"),
                               description="Unknown keys are refused."),
    "DepartmentChanges": _object({k: v for k, v in _DEPARTMENT_PROPS.items() if k != "slug"},
                                 description="Only the keys given change; null clears a field."),
    "CustomerMinimal": _object({
        "id": {"type": "integer"},
        "name": _text(),
        "preferred_channel": _opt_text(),
        "contact": _opt_text("The phone or e-mail of the preferred channel."),
    }, required=("id", "name", "preferred_channel", "contact"),
        description="Only what a department needs to act: nothing else of the customer's profile or history."),
    "InboxFeedback": _object(_INBOX_PROPS, required=tuple(_INBOX_PROPS)),
    "InboxFeedbackList": _list_of("InboxFeedback", total=True),
    "FeedbackChanged": _object({**_INBOX_PROPS, "also_updated": {
        "type": "array", "items": {"type": "integer"},
        "description": "Ids of the alike items changed with it (`whole_group`)."}},
        required=(*_INBOX_PROPS, "also_updated")),
    "FeedbackChanges": _object({
        "status": {"enum": [s for s in FEEDBACK_STATUSES if s != "new"]},
        "response": _opt_text("The department's answer to the customer's issue.", maxLength=inbox.MAX_RESPONSE),
        "whole_group": {"type": "boolean", "default": False},
    }, description="At least one of status and response; `done` needs a response.",
        anyOf=[{"required": ["status"]}, {"required": ["response"]}],
        allOf=[{"if": {"properties": {"status": {"const": "done"}}, "required": ["status"]},
                "then": {"required": ["response"], "properties": {"response": {"type": "string", **NONBLANK}}}}]),
    "RoutingRule": _object({
        "id": {"type": "integer"},
        "department": _text("The department's slug."),
        "category": _nullable({"enum": list(FEEDBACK_CATEGORIES)}),
        "product_pattern": _opt_text(),
        "keywords": {"type": "array", "items": {"type": "string"}},
        "priority": {"type": "integer"},
        "active": {"type": "boolean"},
        "created_at": TIME,
    }, required=("id", "department", "category", "product_pattern", "keywords", "priority", "active",
                 "created_at")),
    "RoutingRuleList": _list_of("RoutingRule"),
    "RoutingRuleInput": _object({
        "department": _text("The department's slug.", **NONBLANK),
        "category": _nullable({"enum": list(FEEDBACK_CATEGORIES)}),
        "product_pattern": _opt_text("A glob over the product name, e.g. Kettle*.", maxLength=200),
        "keywords": {"type": ["array", "null"], "items": {"type": "string"}, "maxItems": routing.MAX_KEYWORDS,
                     "description": "Words or phrases, any of which claims the item; `*` ends a stem."},
        "priority": {"type": ["integer", "null"], "minimum": 0, "maximum": routing.MAX_PRIORITY, "default": 100,
                     "description": "Lower is tried first."},
    }, required=("department",), description="At least one of category, product_pattern and keywords.",
        anyOf=[{"required": ["category"], "properties": {"category": {"enum": list(FEEDBACK_CATEGORIES)}}},
               {"required": ["product_pattern"], "properties": {"product_pattern": {"type": "string", **NONBLANK}}},
               {"required": ["keywords"], "properties": {"keywords": {"type": "array", "minItems": 1}}}]),
    "Delivery": _object({
        "id": {"type": "integer"},
        "kind": {"enum": list(DELIVERY_KINDS)},
        "event": _text(),
        "department": _opt_text(),
        "feedback_id": {"type": ["integer", "null"]},
        "target": _text("The URL or e-mail address."),
        "idempotency_key": _text("Sent as X-CRM-Delivery; the same on every attempt."),
        "status": {"enum": list(DELIVERY_STATUSES)},
        "attempts": {"type": "integer"},
        "next_attempt_at": TIME,
        "last_error": _opt_text(),
        "delivered_at": OPT_TIME,
        "created_at": TIME,
    }, required=("id", "kind", "event", "department", "feedback_id", "target", "idempotency_key", "status",
                 "attempts", "next_attempt_at", "last_error", "delivered_at", "created_at")),
    "DeliveryList": _list_of("Delivery", total=True),
})
