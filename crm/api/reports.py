"""API: compliance and target reports, for leads (their own team) and admins (any team, or all)."""
from __future__ import annotations

from flask import g, jsonify

from ..services import reports
from . import bp, query_of


@bp.get("/reports/compliance")
def compliance_report():
    """Report checked, flagged and upheld per group with the compliance rate; pilot figures apart."""
    query = query_of(reports.ComplianceFilters)
    report = reports.compliance(g.api_user, query.group_by, query.from_, query.to, query.team)
    return jsonify(report.to_json())


@bp.get("/reports/targets")
def targets_report():
    """Report every target of STANDARDS.md with its value, goal and whether it is met."""
    query = query_of(reports.PeriodFilters)
    return jsonify(reports.targets(g.api_user, query.team, query.from_, query.to).to_json())
