"""The aggregate targets of STANDARDS.md (CSAT, accuracy, first reply, productivity, resolution,
consistency) and the recognition board."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Optional

from flask import current_app
from sqlalchemy import Float, and_, case, func, or_, select

from ...extensions import db
from ...labels import N_
from ...models import WRITTEN_CHANNELS, ActivityDaily, Case, Finding, Survey, Team, User
from ...models.base import utcnow
from ..policy import target_value

from .scope import Scope, scope_for
from .compliance import CHANNEL_LABELS, REVIEWED, UPHELD, _fold, _rate, _rows, _sums, compliance_row

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
    Target("target.productivity", "Handled contacts per handled hour", 20.0, N_("contacts/h")),  # pages: |tr
    Target("target.resolution_rate", f"Inquiries resolved within {RESOLUTION_HOURS} h", 80.0, "%"),
    Target("target.consistency", "Largest gap in compliance between channels", 5.0, "points", at_most=True),
)


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
    """The hours a written inquiry may wait for its first reply under the rule in force for the team
    (an enforced rule first), read through `Standard.targets`; else 24."""
    return target_value("first_reply_hours", team_id) or FIRST_REPLY_HOURS


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


# --- consistency and recognition -----------------------------------------------------------------

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
