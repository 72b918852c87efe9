"""API: the audit trail, filtered and paged with its total (admin)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import audit, pagination
from . import bp, query_of, schemas


@bp.get("/audit-events")
def list_audit_events():
    """List audit events newest first, filtered by actor, record, action and period (admin)."""
    audit.require_reader(g.api_user)
    args = request.args
    page = audit.events_page(g.api_user, query_of(audit.AuditFilters), pagination.clamp_limit(args.get("limit")),
                             args.get("cursor"))
    return jsonify({"items": [schemas.AuditEvent.of(e, audit.readable(e)) for e in page.items], "next": page.next,
                    "total": page.total})
