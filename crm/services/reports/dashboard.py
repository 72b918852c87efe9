"""The dashboard: every figure from as few scans of the roll-ups as possible."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from ...extensions import db
from ...models import Team, User

from .scope import Scope, scope_for
from .compliance import _dismissal_rows, _fold, _report, _sums
from .targets import (RECOGNITION_MIN_CONTACTS, _activity, _consistency, _consistency_report, _recognition,
                      _surveys, _targets)


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


def team_choices(actor: User) -> list[tuple[int, str]]:
    """(id, name) of the teams the actor may pick on the dashboard: every team for an admin, else none."""
    if actor.role != "admin":
        return []
    return [(t.id, t.name) for t in db.session.scalars(select(Team).order_by(Team.name))]


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
    teams = team_choices(actor)
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
