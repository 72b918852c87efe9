"""The period and the team a report covers, from what a person asked for (and may see)."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Optional

from pydantic import ConfigDict, Field
from sqlalchemy import func, select

from ...constraints import DayOutOfRange, as_utc, read_utc_day, usable_day
from ...extensions import db
from ...models import Team, User
from ...models.base import utcnow
from ..access import require_role
from ..errors import FieldErrors, Forbidden
from ..validation import MAX_ID, TEXT_PARAMETER, Input, Parameter, Text


PERIODS = (7, 30, 90, 365)
DEFAULT_DAYS = 30
MAX_DAYS = 3660  # ten years: longer spans are a mistake, not a report


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
    try:
        if isinstance(value, date) and not isinstance(value, datetime):
            return usable_day(value)
        if isinstance(value, str):
            return read_utc_day(value)
        if isinstance(value, datetime):
            return as_utc(value).astimezone(timezone.utc).date()
    except DayOutOfRange:
        errors.add(name, _("is out of range"))
        return None
    except ValueError:
        pass
    except OverflowError:
        errors.add(name, _("is out of range"))
        return None
    errors.add(name, _("must be a date (YYYY-MM-DD) or an ISO 8601 time"))
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


# A day, or a time with an offset (the day it falls on in UTC counts); blank is refused, not a default.
DAY_OR_TIME = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?"
               "(?:Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$")
# A report's period and team as its query string gives them (scope_for reads them and says what is wrong).
PeriodFrom = Parameter(Text(64), "First day of the period (UTC), an ISO date or time; default: 29 days before `to`.",
                       {"examples": ["2026-11-01", "2026-11-01T00:00:00+08:00"], "pattern": DAY_OR_TIME,
                        "type": "string"})
PeriodTo = Parameter(Text(64), "Last day of the period (UTC), included, an ISO date or time; default: today.",
                     {"pattern": DAY_OR_TIME, "type": "string"})
ReportTeam = Parameter(Text(254), "A team's name or id. Leads always get their own team (another team answers 403); "
                                  "admins get every team when it is left out.", TEXT_PARAMETER)


class PeriodFilters(Input):
    """The period and team of a report's query string (GET /api/v1/reports/targets), typed, as sent: the
    period's days and the team are read by scope_for, which says what is wrong with each."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    from_: PeriodFrom = Field(None, alias="from")
    to: PeriodTo = None
    team: ReportTeam = None


def scope_for(actor: User, start: Any = None, end: Any = None, team: Any = None,
              errors: Optional[FieldErrors] = None) -> Scope:
    """Check access and read the period and team: leads get their own team, admins any team or all."""
    require_role(actor, "lead", "admin", why=_l("Only team leads and admins see reports and dashboards."))
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
