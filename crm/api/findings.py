"""API: findings by role, draft-policy previews and the pilot report."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from flask import g, jsonify, request

from ..services import findings as finding_service
from ..services import pagination
from ..services import policy as policy_service
from ..services.access import require_role
from . import ID, body_of, bp, query_of, schemas
from ..services import review as review_service



@bp.get("/findings")
def list_findings():
    """List findings newest first: agents their own, leads their team's, admins all."""
    filters = query_of(finding_service.FindingFilters,
                       check=lambda sent: finding_service.check_finding_filters(g.api_user, sent))
    page = finding_service.findings_page(
        g.api_user, status=filters.status or "", standard=filters.standard or "", team=filters.team or "",
        agent=filters.agent or "", mode=filters.mode or "", limit=pagination.clamp_limit(request.args.get("limit")),
        cursor=request.args.get("cursor"))
    return jsonify({"items": [schemas.Finding.of(f) for f in page.items], "next": page.next, "total": page.total})


@bp.post("/policy/preview")
def preview_policy():
    """Run a draft set of rules over a past period's interactions; store nothing."""
    require_role(g.api_user, "lead", "admin", why=_l("Only leads and admins preview policies."))
    given = body_of(schemas.PolicyPreviewInput, check=policy_service.check_rules_of)
    rules = given.rules
    team = str(given.team) if given.team is not None else None
    return jsonify(finding_service.preview(g.api_user, rules, given.from_, given.to, team))


@bp.get("/policy/pilot-report")
def pilot_report():
    """Each pilot rule in force: its rate on the pilot teams beside the enforced rate elsewhere."""
    require_role(g.api_user, "lead", "admin", why=_l("Only leads and admins see pilot reports."))
    query = query_of(finding_service.PilotReportFilters)
    window = finding_service.pilot_window(query.from_, query.to)
    return jsonify({"items": finding_service.pilot_report(g.api_user, window), **window.to_json()})


@bp.post(f"/findings/<{ID}:finding_id>/review")
def review_finding(finding_id: int):
    """Record the lead's decision on a finding: upheld, coached (with the note), dismissed or waived."""
    require_role(g.api_user, "lead", "admin", why=_l("Only team leads and admins review findings."))
    review_service.get_finding(g.api_user, finding_id)  # 403 or 404 before the body: who may comes first
    review = body_of(schemas.Review)
    return jsonify(schemas.Finding.of(review_service.decide_one(g.api_user, finding_id, review.decision,
                                                                review.note or "")))
