"""Teams and departments."""
from __future__ import annotations

from typing import Optional

from flask_babel import gettext as _, lazy_gettext as _l

from sqlalchemy import func, or_, select

from ..database import once_more_after_a_race, write_transaction
from ..extensions import db
from ..models import Team, User
from . import audit, zones
from .access import SystemActor, require_role
from .errors import Conflict, FieldErrors, InvalidInput, NotFound
from .validation import MAX_ID


def _zone(value) -> Optional[str]:
    try:
        return zones.read_zone(value)
    except ValueError as exc:
        raise InvalidInput({"timezone": [str(exc)]}) from None


@once_more_after_a_race
def create_team(name: str, actor: User | SystemActor, timezone: Optional[str] = None) -> Team:
    """A new team; `timezone` (an IANA name) is the zone its members read times in, None: CRM_TIMEZONE."""
    require_role(actor, "admin", why=_l("Only an admin can create teams."))
    name = " ".join((name or "").split())
    errors = FieldErrors()  # every problem at once: the command line and the form say the zone's too
    if not name:
        errors.add("name", "is required")
    elif len(name) > 120:
        errors.add("name", "must be at most 120 characters")
    try:
        zone_name = _zone(timezone)
    except InvalidInput as exc:
        errors.fields.update(exc.fields)
    errors.raise_if_any()
    with write_transaction():
        # SQLite's lower() folds ASCII only, so the exact name is looked for too (else a UNIQUE error)
        existing = db.session.scalar(select(Team).where(
            or_(Team.name == name, func.lower(Team.name) == name.lower())).limit(1))
        if existing:
            raise Conflict(_('There is already a team called %(existing_name)s.', existing_name=existing.name), existing.id,
                           {"name": ["already exists"]})
        team = Team(name=name, timezone=zone_name)
        db.session.add(team)
        db.session.flush()
        audit.record("team.create", "team", team.id, actor=actor, actor_label="cli", name=name, timezone=zone_name)
    return team


def find_team(ref) -> Team:
    """The team numbered or named `ref` (any case)."""
    text = str(ref if ref is not None else "").strip()
    team = None
    if text.isascii() and text.isdecimal() and int(text) <= MAX_ID:
        team = db.session.get(Team, int(text))
    if team is None and text:
        team = db.session.scalar(select(Team).where(or_(Team.name == text, func.lower(Team.name) == text.lower()))
                                 .limit(1))
    if team is None:
        raise NotFound(_("No team %(team)r.", team=text[:60]))
    return team


def set_team_timezone(team_id: int, actor: User | SystemActor, timezone: Optional[str]) -> Team:
    """Set the zone a team works in (an IANA name); None or "" goes back to CRM_TIMEZONE. Members who
    chose no zone of their own read and type times in it from their next page."""
    require_role(actor, "admin", why=_l("Only an admin manages teams."))
    zone_name = _zone(timezone)
    with write_transaction():
        team = db.session.get(Team, team_id)
        if team is None:
            raise NotFound(_("No team %(team)r.", team=str(team_id)))
        if team.timezone != zone_name:
            audit.record("team.timezone", "team", team.id, actor=actor, actor_label="cli",
                         previous=team.timezone, timezone=zone_name)
            team.timezone = zone_name
    return team


def teams_with_member_counts(actor: User) -> list[tuple[Team, int]]:
    """Every team with how many users it has, by name."""
    require_role(actor, "admin", why=_l("Only an admin manages teams."))
    return [tuple(row) for row in db.session.execute(
        select(Team, func.count(User.id)).outerjoin(User).group_by(Team.id).order_by(Team.name))]


def list_teams() -> list[Team]:
    return list(db.session.scalars(select(Team).order_by(Team.name)))


def team_names() -> dict[int, str]:
    """Every team's name by id, for rule scopes that name teams rather than number them."""
    return {t.id: t.name for t in list_teams()}
