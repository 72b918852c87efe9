"""API: the audit trail, filtered and paged with its total (admin)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import audit, pagination
from . import bp
from .openapi import CURSOR, LIMIT, _errors, _list_of, _object, _opt_text, _query, _ref, _response, _text, \
    TIME, describe
from .serializers import iso


def audit_event_json(event) -> dict:
    return {"id": event.id, "at": iso(event.at), "actor_id": event.actor_id, "actor": event.actor_label or None,
            "action": event.action, "entity": event.entity, "entity_id": event.entity_id,
            "details": dict(event.details or {}), "changes": audit.readable(event)}


@bp.get("/audit-events")
def list_audit_events():
    """List audit events newest first, filtered by actor, record, action and period (admin)."""
    args = request.args
    page = audit.events_page(
        g.api_user, audit.AuditFilters(actor=args.get("actor", ""), entity=args.get("entity", ""),
                                       entity_id=args.get("entity_id", ""), action=args.get("action", ""),
                                       since=args.get("since", ""), until=args.get("until", "")),
        pagination.clamp_limit(args.get("limit")), args.get("cursor"))
    return jsonify({"items": [audit_event_json(e) for e in page.items], "next": page.next, "total": page.total})


describe({
    "/api/v1/audit-events": {
        "get": {
            "operationId": "list_audit_events", "tags": ["admin"],
            "summary": "The audit trail newest first, with the total matching the filters (admin).",
            "parameters": [
                _query("actor", "Who: a user id, or (part of) the e-mail recorded."),
                _query("entity", "The kind of record: case, customer, user, finding, feedback, delivery, …"),
                _query("entity_id", "The record's id.", {"type": "integer", "minimum": 1}),
                _query("action", "An action, or its beginning (`case.` for every change to cases)."),
                _query("since", "From this day (YYYY-MM-DD, UTC), inclusive.", {"type": "string", "format": "date"}),
                _query("until", "Up to this day (YYYY-MM-DD, UTC), inclusive.", {"type": "string", "format": "date"}),
                LIMIT, CURSOR],
            "responses": {"200": _response("One page and the total.", _ref("AuditEventList")),
                          **_errors(403, 422)},
        },
    },
}, {
    "AuditEvent": _object({
        "id": {"type": "integer"},
        "at": TIME,
        "actor_id": {"type": ["integer", "null"]},
        "actor": _opt_text("The actor's e-mail as recorded (kept for unknown addresses too)."),
        "action": _text(),
        "entity": _text(),
        "entity_id": {"type": ["integer", "null"]},
        "details": {"type": "object"},
        "changes": {"type": "array", "items": {"type": "string"},
                    "description": "What changed, in words: \"status: open → closed\"."},
    }, required=("id", "at", "actor_id", "actor", "action", "entity", "entity_id", "details", "changes")),
    "AuditEventList": _list_of("AuditEvent", total=True),
})
