"""Reports for the dashboards and the API: compliance, targets, dismissals and recognition, read from roll-ups."""
from __future__ import annotations

from flask_babel import gettext as _
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable, Iterable, Optional

from flask import current_app
from sqlalchemy import Float, and_, case, func, or_, select

from ..extensions import db
from ..models import WRITTEN_CHANNELS, ActivityDaily, Case, Finding, Survey, Team, User
from ..models.base import utcnow
from . import rollups
from .access import require_role
from .errors import FieldErrors, Forbidden, NotFound
from .validation import MAX_ID
from .policy import standards, version_in_force

GROUPS = ("standard", "agent", "team", "channel", "week")
PERIODS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
MAX_DAYS = 3660  # ten years: longer spans are a mistake, not a report
COUNTERS = rollups.COUNTERS  # ("checked", "flagged", "upheld", "coached", "dismissed", "waived")
REVIEWED = ("upheld", "coached", "dismissed", "waived")  # a lead has ruled on the finding
UPHELD = ("upheld", "coached")
CHANNEL_LABELS = {"phone": "Phone", "email": "E-mail", "chat": "Chat", "in_person": "In person",
                  "social": "Social", "sms": "SMS", "web": "Web form"}
FIRST_REPLY_STANDARD = "response.first_reply"
FIRST_REPLY_HOURS = 24
RESOLUTION_HOURS = 48
RECOGNITION_COMPLIANCE = 0.95
RECOGNITION_CSAT = 0.90
RECOGNITION_MIN_CONTACTS = 20


@dataclass(frozen=True)
class Target:
    """An aggregate goal of STANDARDS.md: higher is better unless `at_most`."""

    code: str
    title: str
    goal: float
    unit: str
    at_most: bool = False

    def met(self, value: Optional[float], goal: float) -> Optional[bool]:
        """Whether the value reaches the goal; None when there is no value."""
        if value is None:
            return None
        return value <= goal if self.at_most else value >= goal


TARGETS = (
    Target("target.csat", "Satisfied survey answers (4-5 of 5)", 90.0, "%"),
    Target("target.accuracy", "Reviewed interactions with no upheld finding", 95.0, "%"),
    Target("target.first_reply", "Written inquiries answered within the reply standard", 95.0, "%"),
    Target("target.productivity", "Handled contacts per handled hour", 20.0, "contacts/h"),
    Target("target.resolution_rate", f"Inquiries resolved within {RESOLUTION_HOURS} h", 80.0, "%"),
    Target("target.consistency", "Largest gap in compliance between channels", 5.0, "points", at_most=True),
)


# --- the period and the team a report covers -----------------------------------------------------

@dataclass(frozen=True)
class Period:
    """Whole UTC days from `start` to `end`, both included: the grain of the roll-ups."""

    start: date
    end: date

    @classmethod
    def last(cls, days: int, today: Optional[date] = None) -> "Period":
        """The `days` days ending today (UTC)."""
        today = today or utcnow().date()
        return cls(today - timedelta(days=days - 1), today)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time.min, timezone.utc)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, timezone.utc)


@dataclass(frozen=True)
class Scope:
    """What a report covers: a period, and one team or (for admins) every team."""

    period: Period
    team_id: Optional[int]
    team_name: Optional[str]

    def on(self, column) -> list:
        """The team condition for a table's team column; none when every team is covered."""
        return [] if self.team_id is None else [column == self.team_id]

    def rollup(self, model) -> list:
        """The conditions selecting a roll-up's rows of this scope, as its (team_id, day) index reads them."""
        return [model.day >= self.period.start, model.day <= self.period.end, *self.on(model.team_id)]

    def times(self, column) -> list:
        return [column >= self.period.starts_at, column < self.period.ends_at]

    def to_json(self) -> dict:
        team = None if self.team_id is None else {"id": self.team_id, "name": self.team_name}
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat(), "team": team}


def _day(value: Any, errors: FieldErrors, name: str) -> Optional[date]:
    """A UTC day from a date, a datetime, or their ISO 8601 text (a time counts for the UTC day it falls on)."""
    if value in (None, ""):
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    moment = value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return date.fromisoformat(text)
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if not isinstance(moment, datetime):
        errors.add(name, _("must be a date (YYYY-MM-DD) or an ISO 8601 time"))
        return None
    try:
        return (moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)).astimezone(timezone.utc).date()
    except OverflowError:
        errors.add(name, _("is out of range"))
        return None


def _period(start: Any, end: Any, errors: FieldErrors) -> Optional[Period]:
    """The period from `start` to `end` (each a date, datetime or ISO text); by default the last 30 days."""
    first, last = _day(start, errors, "from"), _day(end, errors, "to")
    if "from" in errors.fields or "to" in errors.fields:
        return None
    if first is None and last is None:
        return Period.last(DEFAULT_DAYS)
    if last is None:
        last = max(first, utcnow().date())
    if first is None:
        first = last - timedelta(days=DEFAULT_DAYS - 1) if last.toordinal() > DEFAULT_DAYS else date.min
    if last >= date.max:
        errors.add("to", _("is out of range"))
        return None
    if first > last:
        errors.add("to", _("must not be before from"))
        return None
    if (last - first).days + 1 > MAX_DAYS:
        errors.add("from", _('the period can be at most %(MAX_DAYS)s days long', MAX_DAYS=MAX_DAYS))
        return None
    return Period(first, last)


def _team_id(ref: Any) -> Optional[int]:
    """The id of the team named or numbered `ref`, or None."""
    text = str(ref).strip()
    if re.fullmatch(r"[0-9]{1,10}", text):  # ASCII: str.isdigit() also says yes to "²" and "٣"
        return db.session.scalar(select(Team.id).where(Team.id == int(text))) if int(text) <= MAX_ID else None
    return db.session.scalar(select(Team.id).where(func.lower(Team.name) == text.lower()))


def scope_for(actor: User, start: Any = None, end: Any = None, team: Any = None,
              errors: Optional[FieldErrors] = None) -> Scope:
    """Check access and read the period and team: leads get their own team, admins any team or all."""
    require_role(actor, "lead", "admin", why="Only team leads and admins see reports and dashboards.")
    errors = errors if errors is not None else FieldErrors()
    period = _period(start, end, errors)
    team_id = None
    if team not in (None, ""):
        team_id = _team_id(team)
        if team_id is None:
            errors.add("team", _('no team %(value)r', value=str(team)))
    if actor.role == "lead":
        if actor.team_id is None:
            raise Forbidden(_("You lead no team yet, so there is no team to report on."))
        if team_id is not None and team_id != actor.team_id:
            raise Forbidden(_("A team lead sees the reports of their own team only."))
        team_id = actor.team_id
    errors.raise_if_any()
    name = db.session.scalar(select(Team.name).where(Team.id == team_id)) if team_id is not None else None
    return Scope(period, team_id, name)


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


def compliance(actor: User, group_by: str, start: Any = None, end: Any = None, team: Any = None) -> ComplianceReport:
    """Checked, flagged and review outcomes per standard, agent, team, channel or ISO week, from the roll-up."""
    errors = FieldErrors()
    if group_by not in GROUPS:
        errors.add("group_by", _('must be one of %(choices)s', choices=', '.join(GROUPS)))
    return _compliance(scope_for(actor, start, end, team, errors), group_by)


def _compliance(scope: Scope, group_by: str) -> ComplianceReport:
    return _report(group_by, scope, _sums(scope, *_GROUPINGS[group_by][0]))


# --- targets -------------------------------------------------------------------------------------

def _elapsed_seconds(earlier, later):
    """SQL for the seconds from one timestamp column to another, in each database's own arithmetic."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", later - earlier)
    return (func.julianday(later, type_=Float) - func.julianday(earlier, type_=Float)) * 86400.0


def _share(numerator: int, denominator: int) -> Optional[float]:
    return None if not denominator else round(100.0 * numerator / denominator, 2)


def _csat(scope: Scope, agent_grouped: Optional[list] = None) -> dict:
    rows = agent_grouped if agent_grouped is not None else _surveys(scope)
    answered = sum(r.answered for r in rows)
    satisfied = sum(int(r.satisfied or 0) for r in rows)
    return {"value": _share(satisfied, answered), "basis": {"answered": answered, "satisfied": satisfied}}


def _surveys(scope: Scope) -> list:
    """Answered surveys and the satisfied among them (4 or 5), per agent."""
    stmt = (select(Survey.agent_id, func.count().label("answered"),
                   func.sum(case((Survey.score >= 4, 1), else_=0)).label("satisfied"))
            .where(*scope.on(Survey.team_id), *scope.times(Survey.answered_at), Survey.score.is_not(None))
            .group_by(Survey.agent_id))
    return db.session.execute(stmt).all()


def _accuracy(scope: Scope) -> dict:
    """Reviewed interactions (a lead ruled on at least one enforced finding) with no upheld or coached finding.

    Interactions are placed in the period by their findings' creation, at logging, so that the
    (team, mode, status, created_at) index alone answers; the interactions table is never read.
    """
    upheld = func.max(case((Finding.status.in_(UPHELD), 1), else_=0))
    per_interaction = (
        select(Finding.interaction_id, upheld.label("upheld"))
        .where(*scope.on(Finding.team_id), Finding.mode == "enforce", Finding.status.in_(REVIEWED),
               *scope.times(Finding.created_at), Finding.interaction_id.is_not(None))
        .group_by(Finding.interaction_id)
        .subquery())
    reviewed, with_upheld = db.session.execute(
        select(func.count(), func.sum(per_interaction.c.upheld))).one()
    reviewed, with_upheld = reviewed or 0, int(with_upheld or 0)
    return {"value": _share(reviewed - with_upheld, reviewed),
            "basis": {"reviewed": reviewed, "without_upheld": reviewed - with_upheld}}


def first_reply_hours(team_id: Optional[int]) -> int:
    """The hours of the `response.first_reply` rule in force for the team (an enforced rule first), else 24."""
    version = version_in_force()
    candidates = [r for r in (version.rules if version else ())
                  if r.standard == FIRST_REPLY_STANDARD and r.mode != "off"
                  and (not r.teams or team_id in r.teams)]
    candidates.sort(key=lambda r: (r.mode != "enforce", bool(not r.teams)))
    for rule in candidates:
        hours = (rule.params or {}).get("hours")
        if isinstance(hours, int) and not isinstance(hours, bool) and hours > 0:
            return hours
    return FIRST_REPLY_HOURS


def _within(scope: Scope, done_at, hours: int, *conditions) -> tuple[int, int]:
    """Cases opened in the scope that are decided (done, or past the allowed time) and how many were done in time.

    A case still within its allowed time and not yet done is left out: it can still go either way.
    """
    allowed = hours * 3600
    in_time = case((and_(done_at.is_not(None), _elapsed_seconds(Case.opened_at, done_at) <= allowed), 1), else_=0)
    decided = or_(done_at.is_not(None), Case.opened_at < utcnow() - timedelta(hours=hours))
    count, good = db.session.execute(
        select(func.count(), func.sum(in_time))
        .where(*scope.on(Case.team_id), *scope.times(Case.opened_at), decided, *conditions)).one()
    return count or 0, int(good or 0)


def _first_reply(scope: Scope) -> dict:
    hours = first_reply_hours(scope.team_id)
    decided, on_time = _within(scope, Case.first_reply_at, hours, Case.channel.in_(WRITTEN_CHANNELS))
    return {"value": _share(on_time, decided),
            "basis": {"written_inquiries": decided, "answered_in_time": on_time, "hours": hours}}


def _productivity(scope: Scope, agent_grouped: Optional[list] = None) -> dict:
    rows = agent_grouped if agent_grouped is not None else _activity(scope)
    contacts = sum(int(r.contacts or 0) for r in rows)
    seconds = sum(int(r.handled_seconds or 0) for r in rows)
    value = None if not seconds else round(contacts / (seconds / 3600), 2)
    return {"value": value, "basis": {"contacts": contacts, "handled_hours": round(seconds / 3600, 2)}}


def _activity(scope: Scope) -> list:
    """Contacts and handled time per agent, from the activity roll-up."""
    stmt = (select(ActivityDaily.agent_id, func.sum(ActivityDaily.contacts).label("contacts"),
                   func.sum(ActivityDaily.handled_seconds).label("handled_seconds"))
            .where(*scope.rollup(ActivityDaily))
            .group_by(ActivityDaily.agent_id))
    return db.session.execute(stmt).all()


def _resolution(scope: Scope) -> dict:
    decided, resolved = _within(scope, Case.resolved_at, RESOLUTION_HOURS)
    return {"value": _share(resolved, decided),
            "basis": {"inquiries": decided, "resolved_in_time": resolved, "hours": RESOLUTION_HOURS}}


def _consistency(channel_rows: list[dict]) -> dict:
    """The largest gap between channels' compliance rates, in points, with each channel's gap from the best."""
    rated = [r for r in channel_rows if r["compliance_rate"] is not None]
    best = max(rated, key=lambda r: r["compliance_rate"], default=None)
    worst = min(rated, key=lambda r: r["compliance_rate"], default=None)
    channels = [{**r, "gap": None if r["compliance_rate"] is None or best is None
                 else round(100 * (best["compliance_rate"] - r["compliance_rate"]), 2)} for r in channel_rows]
    gap = round(100 * (best["compliance_rate"] - worst["compliance_rate"]), 2) if len(rated) > 1 else None
    return {"value": gap, "channels": channels,
            "basis": {"channels": len(rated), "best": best["key"] if gap is not None else None,
                      "worst": worst["key"] if gap is not None else None}}


def _goal(target: Target) -> float:
    """The target's goal: STANDARDS.md's default unless CRM_TARGETS in the config overrides it."""
    override = current_app.config.get("CRM_TARGETS", {}).get(target.code)
    return float(override) if isinstance(override, (int, float)) and not isinstance(override, bool) else target.goal


def _target_rows(figures: dict[str, dict]) -> list[dict]:
    rows = []
    for target in TARGETS:
        figure = figures[target.code]
        goal = _goal(target)
        rows.append({"code": target.code, "title": target.title, "value": figure["value"], "unit": target.unit,
                     "goal": goal, "comparison": "at_most" if target.at_most else "at_least",
                     "met": target.met(figure["value"], goal), "basis": figure["basis"]})
    return rows


@dataclass
class TargetsReport:
    """Every target of STANDARDS.md with its value, goal, whether it is met, and the numbers behind it."""

    scope: Scope
    items: list[dict]

    def to_json(self) -> dict:
        return {**self.scope.to_json(), "items": self.items}


def _channel_rows(scope: Scope, rows: Optional[list] = None) -> list[dict]:
    rows = rows if rows is not None else _sums(scope, "channel")
    return _rows("channel", _fold(rows, lambda r: r.channel, "enforce"))


def targets(actor: User, team: Any = None, start: Any = None, end: Any = None) -> TargetsReport:
    """Compute every target for a team (or, for admins, every team) over a period."""
    scope = scope_for(actor, start, end, team)
    return TargetsReport(scope, _targets(scope))


def _targets(scope: Scope, channels: Optional[list[dict]] = None, surveys: Optional[list] = None,
             activity: Optional[list] = None) -> list[dict]:
    return _target_rows({
        "target.csat": _csat(scope, surveys),
        "target.accuracy": _accuracy(scope),
        "target.first_reply": _first_reply(scope),
        "target.productivity": _productivity(scope, activity),
        "target.resolution_rate": _resolution(scope),
        "target.consistency": _consistency(channels if channels is not None else _channel_rows(scope)),
    })


# --- dismissals, consistency, recognition -------------------------------------------------------

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


def consistency(actor: User, start: Any = None, end: Any = None, team: Any = None) -> dict:
    """Compliance per channel with each channel's gap from the best, and the largest gap against its goal."""
    return _consistency_report(_consistency(_channel_rows(scope_for(actor, start, end, team))))


def _consistency_report(figure: dict) -> dict:
    target = next(t for t in TARGETS if t.code == "target.consistency")
    goal = _goal(target)
    return {"gap": figure["value"], "goal": goal, "met": target.met(figure["value"], goal),
            "channels": figure["channels"], "best": figure["basis"]["best"], "worst": figure["basis"]["worst"],
            "best_label": CHANNEL_LABELS.get(figure["basis"]["best"]),
            "worst_label": CHANNEL_LABELS.get(figure["basis"]["worst"])}


def _recognition(agent_rows: list, activity: list, surveys: list, min_contacts: int) -> list[dict]:
    compliance_by_agent = _fold(agent_rows, lambda r: r.agent_id, "enforce")
    contacts = {r.agent_id: int(r.contacts or 0) for r in activity}
    answers = {r.agent_id: (r.answered, int(r.satisfied or 0)) for r in surveys}
    board = []
    for agent_id, tally in compliance_by_agent.items():
        row = compliance_row(agent_id, "", tally)
        answered, satisfied = answers.get(agent_id, (0, 0))
        csat = _rate(satisfied, answered)
        if (contacts.get(agent_id, 0) >= min_contacts and row["compliance_rate"] is not None
                and row["compliance_rate"] >= RECOGNITION_COMPLIANCE
                and (csat is None or csat >= RECOGNITION_CSAT)):
            board.append({"agent_id": agent_id, "contacts": contacts.get(agent_id, 0), "checked": row["checked"],
                          "flagged": row["flagged"], "compliance_rate": row["compliance_rate"],
                          "surveys": answered, "csat": csat})
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_([b["agent_id"] for b in board])))}
    teams = dict(db.session.execute(select(Team.id, Team.name)).all()) if board else {}
    for entry in board:
        person = people.get(entry["agent_id"])
        entry["name"] = person.name if person else f"User {entry['agent_id']}"
        entry["team"] = teams.get(person.team_id) if person else None
    return sorted(board, key=lambda b: (-b["compliance_rate"], -(b["csat"] or 0), -b["contacts"], b["name"]))


def recognition(actor: User, start: Any = None, end: Any = None, team: Any = None,
                min_contacts: int = RECOGNITION_MIN_CONTACTS) -> list[dict]:
    """Agents meeting their targets: compliance of at least 95 % over enough contacts, CSAT of 90 % when surveyed."""
    return _board(scope_for(actor, start, end, team), min_contacts)


def _board(scope: Scope, min_contacts: int = RECOGNITION_MIN_CONTACTS) -> list[dict]:
    return _recognition(_sums(scope, "agent_id"), _activity(scope), _surveys(scope), min_contacts)


# --- the dashboard: every figure from as few scans as possible ----------------------------------

@dataclass
class Dashboard:
    """Everything a lead's or admin's dashboard shows for one scope."""

    scope: Scope
    compliance: dict[str, list[dict]]
    total: dict
    pilot: list[dict]
    pilot_total: dict
    targets: list[dict]
    dismissals: list[dict]
    consistency: dict
    recognition: list[dict]
    teams: list[tuple[int, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing was checked, surveyed or opened in the scope."""
        return not self.total["checked"] and not self.pilot_total["checked"] and all(
            t["value"] is None for t in self.targets)


def dashboard(actor: User, start: Any = None, end: Any = None, team: Any = None) -> Dashboard:
    """Every dashboard figure for the scope; one roll-up scan per grouping, the rest from small tables."""
    scope = scope_for(actor, start, end, team)
    by_standard_channel = _sums(scope, "standard", "channel")
    by_agent = _sums(scope, "agent_id")
    by_day = _sums(scope, "day")
    groups = {
        "standard": _report("standard", scope, by_standard_channel),
        "agent": _report("agent", scope, by_agent),
        "channel": _report("channel", scope, by_standard_channel),
        "week": _report("week", scope, by_day),
    }
    standard = groups["standard"]
    if scope.team_id is None:
        team_rows = _report("team", scope, _sums(scope, "team_id")).rows
    else:  # one team: its only row is the total
        team_rows = [{**standard.total, "key": scope.team_id}] if standard.total["checked"] else []
    surveys, activity = _surveys(scope), _activity(scope)
    channel_rows = groups["channel"].rows
    teams = [] if actor.role != "admin" else [
        (t.id, t.name) for t in db.session.scalars(select(Team).order_by(Team.name))]
    return Dashboard(
        scope=scope,
        compliance={**{g: report.rows for g, report in groups.items()}, "team": team_rows},
        total=standard.total, pilot=standard.pilot, pilot_total=standard.pilot_total,
        targets=_targets(scope, channel_rows, surveys, activity),
        dismissals=_dismissal_rows(_fold(by_standard_channel, lambda r: r.standard, "enforce")),
        consistency=_consistency_report(_consistency(channel_rows)),
        recognition=_recognition(by_agent, activity, surveys, RECOGNITION_MIN_CONTACTS),
        teams=teams,
    )


# --- CSV export ---------------------------------------------------------------------------------

COMPLIANCE_COLUMNS = ("key", "label", "checked", "flagged", "upheld", "dismissed", "waived", "compliance_rate")
EXPORTS: dict[str, tuple[str, ...]] = {
    **{f"compliance-{g}": COMPLIANCE_COLUMNS for g in GROUPS},
    "pilot": COMPLIANCE_COLUMNS,
    "targets": ("code", "title", "value", "unit", "goal", "comparison", "met", "basis"),
    "dismissals": ("key", "label", "flagged", "reviewed", "upheld", "dismissed", "waived", "dismissal_rate"),
    "consistency": ("key", "label", "checked", "flagged", "compliance_rate", "gap"),
    "recognition": ("agent_id", "name", "team", "contacts", "checked", "flagged", "compliance_rate", "surveys",
                    "csat"),
}


def _rows_of(scope: Scope, table: str) -> list[dict]:
    if table.startswith("compliance-"):
        return _compliance(scope, table[len("compliance-"):]).rows
    if table == "pilot":
        return _compliance(scope, "standard").pilot
    if table == "targets":
        return _targets(scope)
    if table == "dismissals":
        return _dismissals(scope)
    if table == "consistency":
        return _consistency(_channel_rows(scope))["channels"]
    return _board(scope)


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: formulas are neutralised, None is empty."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = "; ".join(f"{k}={'' if v is None else v}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_csv(actor: User, table: str, start: Any = None, end: Any = None, team: Any = None) -> tuple[str, str]:
    """One dashboard table as CSV: (file name, text)."""
    scope = scope_for(actor, start, end, team)
    if table not in EXPORTS:
        raise NotFound(_('There is no table %(table)r to export.', table=table))
    rows = _rows_of(scope, table)
    columns = EXPORTS[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    team_part = f"-team{scope.team_id}" if scope.team_id is not None else ""
    return f"{table}{team_part}-{scope.period.start}-{scope.period.end}.csv", out.getvalue()

