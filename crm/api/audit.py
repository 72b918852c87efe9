"""API: the audit trail, filtered and paged with its total (admin)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import audit, pagination
from . import bp, schemas


@bp.get("/audit-events")
def list_audit_events():
    """List audit events newest first, filtered by actor, record, action and period (admin)."""
    args = request.args
    page = audit.events_page(
        g.api_user, audit.AuditFilters(actor=args.get("actor", ""), entity=args.get("entity", ""),
                                       entity_id=args.get("entity_id", ""), action=args.get("action", ""),
                                       since=args.get("since", ""), until=args.get("until", "")),
        pagination.clamp_limit(args.get("limit")), args.get("cursor"))
    return jsonify({"items": [schemas.AuditEvent.of(e, audit.readable(e)) for e in page.items], "next": page.next,
                    "total": page.total})
