"""API: compliance and target reports, for leads (their own team) and admins (any team, or all)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import reports
from . import bp


@bp.get("/reports/compliance")
def compliance_report():
    """Report checked, flagged and upheld per group with the compliance rate; pilot figures apart."""
    args = request.args
    report = reports.compliance(g.api_user, args.get("group_by") or "standard", args.get("from"), args.get("to"),
                                args.get("team"))
    return jsonify(report.to_json())


@bp.get("/reports/targets")
def targets_report():
    """Report every target of STANDARDS.md with its value, goal and whether it is met."""
    args = request.args
    return jsonify(reports.targets(g.api_user, args.get("team"), args.get("from"), args.get("to")).to_json())
