"""Compliance read from the roll-ups: per standard, agent, team, channel or week, and dismissal rates."""
from __future__ import annotations

from flask_babel import gettext as _

from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Callable, Iterable, Literal, Optional

from pydantic import BeforeValidator, Field

from sqlalchemy import select

from ...extensions import db
from ...models import Team, User
from .. import rollups
from ..errors import FieldErrors
from ..policy import standards

from ..validation import Input, Parameter, or_default
from .scope import PeriodFilters, PeriodFrom, PeriodTo, ReportTeam, Scope, scope_for

GROUPS = ("standard", "agent", "team", "channel", "week")
COUNTERS = rollups.COUNTERS  # ("checked", "flagged", "upheld", "coached", "dismissed", "waived")
REVIEWED = ("upheld", "coached", "dismissed", "waived")  # a lead has ruled on the finding
UPHELD = ("upheld", "coached")
CHANNEL_LABELS = {"phone": "Phone", "email": "E-mail", "chat": "Chat", "in_person": "In person",
                  "social": "Social", "sms": "SMS", "web": "Web form"}


# --- compliance ----------------------------------------------------------------------------------

def _rate(numerator: int, denominator: int) -> Optional[float]:
    return None if not denominator else round(numerator / denominator, 4)


def compliance_row(key: Any, label: str, counts: dict) -> dict:
    """One line of a compliance report; `upheld` counts coached findings too (coaching upholds)."""
    checked, flagged = counts["checked"], counts["flagged"]
    return {"key": key, "label": label, "checked": checked, "flagged": flagged,
            "upheld": counts["upheld"] + counts["coached"], "dismissed": counts["dismissed"],
            "waived": counts["waived"],
            "compliance_rate": None if not checked else round(1 - flagged / checked, 4)}


def _sums(scope: Scope, *dims: str) -> list:
    """Roll-up counters of the scope per `dims` and mode (checked derived from the activity roll-up)."""
    return rollups.compliance_sums(scope.rollup, dims)


def _fold(rows: Iterable, key: Callable[[Any], Any], mode: str) -> dict:
    """Add up the counters of the rows of one mode per key."""
    out: dict = {}
    for row in rows:
        if row.mode != mode:
            continue
        tally = out.setdefault(key(row), dict.fromkeys(COUNTERS, 0))
        for c in COUNTERS:
            tally[c] += int(getattr(row, c) or 0)
    return out


def _total(tallies: dict) -> dict:
    total = dict.fromkeys(COUNTERS, 0)
    for tally in tallies.values():
        for c in COUNTERS:
            total[c] += tally[c]
    return total


def _week(day: date) -> str:
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def _labels(group_by: str, keys: Iterable) -> dict:
    """People-readable names for the keys of a grouping."""
    keys = list(keys)
    if group_by == "standard":
        known = standards()
        return {k: known[k].title if k in known else k for k in keys}
    if group_by == "agent":
        ids = [k for k in keys if k is not None]
        names = dict(db.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all()) if ids else {}
        return {k: names.get(k, f"User {k}") for k in keys}
    if group_by == "team":
        ids = [k for k in keys if k]
        names = dict(db.session.execute(select(Team.id, Team.name).where(Team.id.in_(ids))).all()) if ids else {}
        return {k: names.get(k, f"Team {k}") if k else "No team" for k in keys}
    if group_by == "channel":
        return {k: CHANNEL_LABELS.get(k, k) for k in keys}
    return {k: k for k in keys}


def _rows(group_by: str, tallies: dict) -> list[dict]:
    labels = _labels(group_by, tallies)
    rows = [compliance_row(k, labels[k], t) for k, t in tallies.items()]
    if group_by == "week":
        return sorted(rows, key=lambda r: r["key"])
    return sorted(rows, key=lambda r: (str(r["label"]).casefold(), str(r["key"])))


# Each grouping: the roll-up columns to GROUP BY in SQL, and the key folded from a result row
# (days become ISO weeks in Python, as SQLite and PostgreSQL spell ISO weeks differently).
_GROUPINGS: dict[str, tuple[tuple[str, ...], Callable[[Any], Any]]] = {
    "standard": (("standard",), lambda r: r.standard),
    "agent": (("agent_id",), lambda r: r.agent_id),
    "team": (("team_id",), lambda r: r.team_id),
    "channel": (("channel",), lambda r: r.channel),
    "week": (("day",), lambda r: _week(r.day)),
}


@dataclass
class ComplianceReport:
    """Compliance per group of enforced rules, with the pilot rules' figures apart (they count against nobody)."""

    group_by: str
    scope: Scope
    rows: list[dict]
    total: dict
    pilot: list[dict]
    pilot_total: dict

    def to_json(self) -> dict:
        return {"group_by": self.group_by, **self.scope.to_json(), "items": self.rows, "total": self.total,
                "pilot": {"items": self.pilot, "total": self.pilot_total}}


def _report(group_by: str, scope: Scope, rows: list) -> ComplianceReport:
    key = _GROUPINGS[group_by][1]
    enforced, pilot = _fold(rows, key, "enforce"), _fold(rows, key, "pilot")
    label = scope.team_name or "All teams"
    return ComplianceReport(group_by, scope,
                            _rows(group_by, enforced), compliance_row("total", label, _total(enforced)),
                            _rows(group_by, pilot), compliance_row("total", label, _total(pilot)))


class ComplianceFilters(Input):
    """GET /api/v1/reports/compliance's query string, typed: how to group (blank: by standard), the period, the team."""

    model_config = PeriodFilters.model_config

    group_by: Parameter(Annotated[Literal[GROUPS], BeforeValidator(or_default("standard"))],
                        "How to group the figures; default standard.") = "standard"
    from_: PeriodFrom = Field(None, alias="from")
    to: PeriodTo = None
    team: ReportTeam = None


def compliance(actor: User, group_by: str, start: Any = None, end: Any = None, team: Any = None) -> ComplianceReport:
    """Checked, flagged and review outcomes per standard, agent, team, channel or ISO week, from the roll-up."""
    errors = FieldErrors()
    if group_by not in GROUPS:
        errors.add("group_by", _('must be one of %(choices)s', choices=', '.join(GROUPS)))
    return _compliance(scope_for(actor, start, end, team, errors), group_by)


def _compliance(scope: Scope, group_by: str) -> ComplianceReport:
    return _report(group_by, scope, _sums(scope, *_GROUPINGS[group_by][0]))


# --- dismissals ---------------------------------------------------------------------------------

def _dismissal_rows(tallies: dict) -> list[dict]:
    labels = _labels("standard", tallies)
    rows = []
    for code, t in tallies.items():
        reviewed = sum(t[c] for c in REVIEWED)
        if not t["flagged"] and not reviewed:
            continue
        rows.append({"key": code, "label": labels[code], "flagged": t["flagged"], "reviewed": reviewed,
                     "upheld": t["upheld"] + t["coached"], "dismissed": t["dismissed"], "waived": t["waived"],
                     "dismissal_rate": _rate(t["dismissed"], reviewed)})
    return sorted(rows, key=lambda r: (r["dismissal_rate"] is None, -(r["dismissal_rate"] or 0), r["label"]))


def dismissal_rates(actor: User, start: Any = None, end: Any = None, team: Any = None) -> list[dict]:
    """Per standard, the share of reviewed enforced findings dismissed as false positives: which checks are wrong."""
    return _dismissals(scope_for(actor, start, end, team))


def _dismissals(scope: Scope) -> list[dict]:
    return _dismissal_rows(_fold(_sums(scope, "standard"), lambda r: r.standard, "enforce"))
