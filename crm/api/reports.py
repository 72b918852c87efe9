"""API: compliance and target reports, for leads (their own team) and admins (any team, or all)."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import reports
from . import bp
from .openapi import _errors, _nullable, _object, _query, _ref, _response, _text, describe


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


DAY = {"type": "string", "format": "date"}
# A day, or a time with an offset (the day it falls on in UTC counts); blank is refused, not a default.
DAY_OR_TIME = {"type": "string",
               "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?"
                          "(?:Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$"}
PERIOD_PARAMETERS = [
    _query("from", "First day of the period (UTC), an ISO date or time; default: 29 days before `to`.",
           {**DAY_OR_TIME, "examples": ["2026-11-01", "2026-11-01T00:00:00+08:00"]}),
    _query("to", "Last day of the period (UTC), included, an ISO date or time; default: today.", DAY_OR_TIME),
    _query("team", "A team's name or id. Leads always get their own team (another team answers 403); "
                   "admins get every team when it is left out."),
]
COUNT = {"type": "integer", "minimum": 0}
RATE = {"type": ["number", "null"], "minimum": 0, "maximum": 1,
        "description": "1 − flagged / checked; null when nothing was checked."}

describe({
    "/api/v1/reports/compliance": {
        "get": {
            "operationId": "compliance_report", "tags": ["reports"],
            "summary": "Compliance of the enforced rules per standard, agent, team, channel or ISO week; pilot "
                       "rules' figures apart (lead: own team, admin).",
            "description": "Read from the daily roll-up, so a year costs as little as a day. Periods are whole UTC "
                           "days; default: the last 30 days.",
            "parameters": [_query("group_by", "How to group the figures; default standard.",
                                  {"enum": list(reports.GROUPS), "default": "standard"}),
                           *PERIOD_PARAMETERS],
            "responses": {"200": _response("The report.", _ref("ComplianceReport")), **_errors(403, 422)},
        },
    },
    "/api/v1/reports/targets": {
        "get": {
            "operationId": "targets_report", "tags": ["reports"],
            "summary": "Every target of STANDARDS.md with its value, goal, whether it is met and the numbers "
                       "behind it (lead: own team, admin).",
            "parameters": PERIOD_PARAMETERS,
            "responses": {"200": _response("The targets, in the order of STANDARDS.md.", _ref("TargetsReport")),
                          **_errors(403, 422)},
        },
    },
}, {
    "ComplianceRow": _object({
        "key": {"type": ["string", "integer"],
                "description": "Standard code, agent id, team id (0: no team), channel, ISO week (2026-W05), "
                               "or \"total\"."},
        "label": _text("For people: the standard's title, agent's or team's name, …"),
        "checked": {**COUNT, "description": "Contacts checked against the rule(s)."},
        "flagged": {**COUNT, "description": "Contacts with a finding."},
        "upheld": {**COUNT, "description": "Findings upheld or coached by a lead."},
        "dismissed": {**COUNT, "description": "Findings dismissed as false positives."},
        "waived": {**COUNT, "description": "Findings whose justification was accepted."},
        "compliance_rate": RATE,
    }, required=("key", "label", "checked", "flagged", "upheld", "dismissed", "waived", "compliance_rate")),
    "ComplianceReport": _object({
        "group_by": {"enum": list(reports.GROUPS)},
        "from": DAY,
        "to": {**DAY, "description": "Included."},
        "team": _nullable(_ref("TeamRef")),
        "items": {"type": "array", "items": _ref("ComplianceRow"), "description": "Enforced rules."},
        "total": _ref("ComplianceRow"),
        "pilot": _object({"items": {"type": "array", "items": _ref("ComplianceRow")},
                          "total": _ref("ComplianceRow")}, required=("items", "total"),
                         description="Rules in pilot mode, grouped the same way; they count against nobody."),
    }, required=("group_by", "from", "to", "team", "items", "total", "pilot")),
    "TargetRow": _object({
        "code": _text("target.csat, target.accuracy, target.first_reply, target.productivity, "
                      "target.resolution_rate or target.consistency"),
        "title": _text(),
        "value": {"type": ["number", "null"], "description": "In `unit`; null when there is no data."},
        "unit": {"enum": sorted({t.unit for t in reports.TARGETS})},
        "goal": {"type": "number"},
        "comparison": {"enum": ["at_least", "at_most"]},
        "met": {"type": ["boolean", "null"], "description": "null when there is no data."},
        "basis": {"type": "object", "description": "The numbers the value is computed from.",
                  "additionalProperties": {"type": ["number", "string", "null"]}},
    }, required=("code", "title", "value", "unit", "goal", "comparison", "met", "basis")),
    "TargetsReport": _object({
        "from": DAY,
        "to": {**DAY, "description": "Included."},
        "team": _nullable(_ref("TeamRef")),
        "items": {"type": "array", "items": _ref("TargetRow")},
    }, required=("from", "to", "team", "items")),
})
