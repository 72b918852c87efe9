"""Teams and departments."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l

from sqlalchemy import func, or_, select

from ..database import write_transaction
from ..extensions import db
from ..models import Team, User
from . import audit
from .access import SystemActor, require_role
from .errors import Conflict, InvalidInput


def create_team(name: str, actor: User | SystemActor) -> Team:
    require_role(actor, "admin", why=_l("Only an admin can create teams."))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput({"name": ["is required"]})
    if len(name) > 120:
        raise InvalidInput({"name": ["must be at most 120 characters"]})
    with write_transaction():
        # SQLite's lower() folds ASCII only, so the exact name is looked for too (else a UNIQUE error)
        existing = db.session.scalar(select(Team).where(
            or_(Team.name == name, func.lower(Team.name) == name.lower())).limit(1))
        if existing:
            raise Conflict(_('There is already a team called %(existing_name)s.', existing_name=existing.name), existing.id,
                           {"name": ["already exists"]})
        team = Team(name=name)
        db.session.add(team)
        db.session.flush()
        audit.record("team.create", "team", team.id, actor=actor, actor_label="cli", name=name)
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
