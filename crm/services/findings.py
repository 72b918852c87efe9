"""Reading findings: role-scoped lists, draft-policy previews and pilot reports."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import re

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any, Literal, Optional, Sequence

from pydantic import BeforeValidator, ConfigDict, Field
from sqlalchemy import distinct, exists, func, or_, select

from ..extensions import db
from ..models import FINDING_STATUSES, MODES, Finding, Interaction, Team, User
from ..standards.base import CheckContext
from . import pagination
from .access import require_role, visible_findings
from .errors import FieldErrors
from .interactions import facts_of_row
from .reports.scope import DAY_OR_TIME, _period
from .policy import RuleInput, evaluate, standards, validate_rules, version_in_force
from .validation import TEXT_PARAMETER, Input, Parameter, Text, blank_none, text_problem

EXAMPLES_PER_STANDARD = 3
MAX_REF = 254  # a filter's reference to an agent (an e-mail address at most), a team or a standard


class FindingFilters(Input):
    """The filters of GET /api/v1/findings, typed; blank is no filter."""

    model_config = ConfigDict(extra="ignore")  # a query string carries more (cursor, limit)

    status: Parameter(Annotated[Optional[Literal[FINDING_STATUSES]], BeforeValidator(blank_none)],
                      "Only findings in this status.") = None
    standard: Parameter(Text(MAX_REF), "Only findings of this standard's code.", TEXT_PARAMETER) = None
    team: Parameter(Text(MAX_REF), "Only this team's findings (name or id).", TEXT_PARAMETER) = None
    agent: Parameter(Text(MAX_REF), "Only this agent's findings (e-mail or id).", TEXT_PARAMETER) = None
    mode: Parameter(Annotated[Optional[Literal[MODES]], BeforeValidator(blank_none)],
                    "Only findings of rules in this mode.") = None


def scope_for(actor: User):
    """The findings this person may see: agents their own, leads their team's, admins all."""
    return visible_findings(actor)


def list_findings(actor: User, status: str = "", standard: str = "", team: str = "", agent: str = "",
                  mode: str = "", limit: int = 50, cursor: Optional[str] = None):
    """Findings newest first, filtered; returns (items, next cursor)."""
    page = findings_page(actor, status, standard, team, agent, mode, limit, cursor)
    return page.items, page.next


def _agent_filter(ref: str):
    agent_filter = User.email == ref.strip().casefold()[:254]
    if re.fullmatch(r"[0-9]{1,9}", ref.strip()):
        agent_filter = or_(agent_filter, User.id == int(ref))
    return agent_filter


def check_finding_filters(actor: User, filters: FindingFilters) -> None:
    """InvalidInput naming each of `standard`, `team` and `agent` that names nothing, so a mistyped filter is
    told rather than answered with an empty list. Reads those three only, so it also judges values as sent."""
    errors = FieldErrors()
    standard, team, agent = (v.strip() if isinstance(v, str) and not text_problem(v) else None
                             for v in (filters.standard, filters.team, filters.agent))
    if standard and standard not in standards() and not db.session.scalar(
            select(exists().where(Finding.standard == standard))):
        errors.add("standard", _('no installed standard %(standard)r', standard=standard[:80]))
    if team and _team_id(team) is None:
        errors.add("team", _('no team %(team)r', team=team[:80]))
    if agent and db.session.scalar(select(exists().where(_agent_filter(agent)))) is not True:
        errors.add("agent", _('no user %(value)r', value=agent[:80]))
    errors.raise_if_any()


def findings_page(actor: User, status: str = "", standard: str = "", team: str = "", agent: str = "",
                  mode: str = "", limit: int = 50, cursor: Optional[str] = None) -> pagination.Page:
    """Findings newest first, filtered, a page at a time with the exact total."""
    check_finding_filters(actor, FindingFilters.as_sent({"standard": standard, "team": team, "agent": agent}))
    errors = FieldErrors()
    stmt = select(Finding)
    scope = scope_for(actor)
    if scope is not None:
        stmt = stmt.where(scope)
    if status:
        if status not in FINDING_STATUSES:
            errors.add("status", _('must be one of %(choices)s', choices=', '.join(FINDING_STATUSES)))
        stmt = stmt.where(Finding.status == status)
    if mode:
        if mode not in MODES:
            errors.add("mode", _('must be one of %(choices)s', choices=', '.join(MODES)))
        stmt = stmt.where(Finding.mode == mode)
    if standard:
        stmt = stmt.where(Finding.standard == standard)
    if team:
        stmt = stmt.where(Finding.team_id == _team_id(team))
    if agent:
        stmt = stmt.where(Finding.agent_id.in_(select(User.id).where(_agent_filter(agent))))
    errors.raise_if_any()
    return pagination.keyset_page(stmt, [(Finding.created_at, True), (Finding.id, True)], limit, cursor,
                                  scope=("findings", status, standard, team, agent, mode))


def _team_id(ref) -> Optional[int]:
    if isinstance(ref, int) or (isinstance(ref, str) and re.fullmatch(r"[0-9]{1,9}", ref.strip())):
        return db.session.scalar(select(Team.id).where(Team.id == int(ref)))
    return db.session.scalar(select(Team.id).where(func.lower(Team.name) == str(ref).strip().lower()))


# --- preview -----------------------------------------------------------------------------------

@dataclass
class Preview:
    checked: int = 0
    flagged_interactions: int = 0
    by_standard: Counter = field(default_factory=Counter)
    by_agent: Counter = field(default_factory=Counter)
    by_team: Counter = field(default_factory=Counter)
    examples: dict = field(default_factory=lambda: defaultdict(list))

    def to_json(self, names: dict[int, str], teams: dict[int, str]) -> dict:
        return {
            "checked": self.checked,
            "flagged_interactions": self.flagged_interactions,
            "by_standard": [{"standard": standard, "mode": mode, "findings": v}
                            for (standard, mode), v in self.by_standard.most_common()],
            "by_agent": [{"agent_id": k, "agent": names.get(k, str(k)), "findings": v}
                         for k, v in self.by_agent.most_common()],
            "by_team": [{"team_id": k, "team": teams.get(k, "no team"), "findings": v}
                        for k, v in self.by_team.most_common()],
            "examples": {k: v for k, v in self.examples.items()},
        }


def preview(actor: User, raw_rules: Sequence[RuleInput], start: datetime, end: datetime,
            team: Optional[str] = None) -> dict:
    """Run a draft set of rules over the interactions of a past period; writes nothing."""
    require_role(actor, "lead", "admin", why=_l("Only leads and admins preview policies."))
    errors = FieldErrors()
    if start.tzinfo is None or end.tzinfo is None:
        errors.add("from", _("needs a time zone offset"))
    elif end <= start:
        errors.add("to", _("must be after from"))
    team_id = None
    if team:
        team_id = _team_id(team)
        if team_id is None:
            errors.add("team", _('no team %(team)r', team=team))
    if actor.role == "lead":
        if team_id not in (None, actor.team_id):
            errors.add("team", _("a lead previews their own team"))
        team_id = actor.team_id
    errors.raise_if_any()
    rules = validate_rules(raw_rules)
    users = {u.id: u for u in db.session.scalars(select(User))}
    result = Preview()
    stmt = select(Interaction).where(Interaction.started_at >= start, Interaction.started_at < end)
    if team_id is not None:
        stmt = stmt.where(Interaction.team_id == team_id)
    context = CheckContext()
    for ix in db.session.scalars(stmt.order_by(Interaction.id).execution_options(yield_per=2000)):
        result.checked += 1
        findings = evaluate(rules, facts_of_row(ix, users), context, ix.team_id)
        if findings:
            result.flagged_interactions += 1
        for found in findings:
            code = found.rule.standard
            result.by_standard[(code, found.rule.mode)] += 1
            result.by_agent[ix.agent_id] += 1
            result.by_team[ix.team_id] += 1
            if len(result.examples[code]) < EXAMPLES_PER_STANDARD:
                result.examples[code].append({"interaction_id": ix.id, "message": found.departure.message,
                                              "mode": found.rule.mode})
    teams = {t.id: t.name for t in db.session.scalars(select(Team))}
    return result.to_json({uid: u.name for uid, u in users.items()}, teams)


# --- pilot report ------------------------------------------------------------------------------

_DAY = {"pattern": DAY_OR_TIME, "type": "string", "examples": ["2026-11-01"]}


class PilotReportFilters(Input):
    """GET /api/v1/policy/pilot-report's query string, typed as sent: the period's days are read by
    `pilot_report`, which says what is wrong with each (as the other reports do)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: Parameter(Text(64), "First day (UTC) of the contacts compared, an ISO date or time; default: the day "
                               "the version came into force.", _DAY) = Field(None, alias="from")
    to: Parameter(Text(64), "Last day (UTC) of the contacts compared, included, an ISO date or time; "
                            "default: today.", _DAY) = None


@dataclass(frozen=True)
class PilotWindow:
    """The contacts a pilot report compares: started from `start` (included) to `end` (excluded, None: now)."""

    start: Optional[datetime] = None
    end: Optional[datetime] = None

    def to_json(self) -> dict:
        """The period as days (UTC), both included; null where it is not bounded."""
        from datetime import timedelta

        return {"from": self.start.date().isoformat() if self.start else None,
                "to": (self.end - timedelta(days=1)).date().isoformat() if self.end else None}


def pilot_window(start: Any = None, end: Any = None) -> PilotWindow:
    """The period of the pilot report from its `from` and `to` (days or ISO times, read as the other
    reports read them, every mistake reported at once as InvalidInput); none given: no bounds."""
    if start in (None, "") and end in (None, ""):
        return PilotWindow()
    errors = FieldErrors()
    period = _period(start, end, errors)
    errors.raise_if_any()
    return PilotWindow(period.starts_at if start not in (None, "") else None, period.ends_at)


def pilot_report(actor: User, window: PilotWindow = PilotWindow()) -> list[dict]:
    """Per pilot rule in force: how often it flags the pilot teams, beside the enforced rate elsewhere,
    over the contacts started in `window` while the version was in force (a finding withdrawn after a
    new measurement is no flag)."""
    require_role(actor, "lead", "admin", why=_l("Only leads and admins see pilot reports."))
    version = version_in_force()
    if version is None:
        return []
    teams = {t.id: t.name for t in db.session.scalars(select(Team))}
    since = version.effective_from
    start = max(since, window.start) if window.start is not None else since
    in_window = [Interaction.started_at >= start]
    if window.end is not None:
        in_window.append(Interaction.started_at < window.end)
    report = []
    for rule in version.rules:
        if rule.mode != "pilot":
            continue
        pilot_teams = list(rule.teams or [])

        def rate(team_filter, mode):
            checked = db.session.scalar(select(func.count()).select_from(Interaction).where(
                *in_window, team_filter(Interaction.team_id)))
            flagged = db.session.scalar(
                select(func.count(distinct(Finding.interaction_id)))
                .join(Interaction, Interaction.id == Finding.interaction_id).where(
                    Finding.standard == rule.standard, Finding.mode == mode, Finding.policy_version_id == version.id,
                    Finding.status != "withdrawn", *in_window, team_filter(Finding.team_id)))
            return {"checked": checked or 0, "flagged": flagged or 0,
                    "rate": round(100.0 * flagged / checked, 1) if checked else None}

        if pilot_teams:
            pilot = rate(lambda col: col.in_(pilot_teams), "pilot")
            others = rate(lambda col: or_(col.not_in(pilot_teams), col.is_(None)), "enforce")
        else:
            pilot = rate(lambda col: True, "pilot")
            others = None
        report.append({"standard": rule.standard, "params": rule.params, "policy_version": version.number,
                       "since": since.isoformat(), "pilot_teams": [teams.get(t, t) for t in pilot_teams],
                       "pilot": pilot, "others_enforced": others})
    return report
