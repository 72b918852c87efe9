"""API: users, teams and the versioned policy (admin), and the standards anyone may read."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from flask import g, jsonify

from ..services import accounts
from ..services import policy as policy_service
from ..services import teams as team_service
from ..services.access import require_role
from ..services.errors import NotFound
from . import ID, body_of, bp, schemas


def _require_admin() -> None:
    require_role(g.api_user, "admin", why=_l("Only an admin can do this."))


@bp.get("/users")
def list_users():
    """List every user."""
    _require_admin()
    return jsonify({"items": [schemas.User.of(u) for u in accounts.list_users(g.api_user)], "next": None})


@bp.post("/users")
def create_user():
    """Create a user."""
    _require_admin()
    given = body_of(schemas.UserInput, check=lambda sent: accounts.check_new_user(
        schemas.UserInput.as_sent(sent)))
    user = accounts.create_user(given, g.api_user)
    body = schemas.User.of(user)
    if user.role == "integration":
        # It cannot log in to make its own: its first token is shown here, once.
        _, body["token"] = accounts.create_token(user, "integration")
    return jsonify(body), 201


@bp.patch(f"/users/<{ID}:user_id>")
def update_user(user_id: int):
    """Change a user's role, team, department, language, time zone or whether they may sign in."""
    _require_admin()
    changes = body_of(schemas.UserChanges).model_dump(exclude_unset=True)
    for name in ("team", "department", "timezone"):
        if name in changes and changes[name] is None:
            changes[name] = ""  # null takes the user out of their team or department, or back to the team's zone
    user = accounts.update_user(user_id, g.api_user, role=changes.get("role"), team=changes.get("team"),
                                active=changes.get("active"), department=changes.get("department"),
                                locale=changes.get("locale"), timezone=changes.get("timezone"))
    return jsonify(schemas.User.of(user))


@bp.get("/teams")
def list_teams():
    """List every team."""
    _require_admin()
    return jsonify({"items": [schemas.Team.of(t) for t in team_service.list_teams()], "next": None})


@bp.post("/teams")
def create_team():
    """Create a team."""
    _require_admin()
    given = body_of(schemas.TeamInput)
    return jsonify(schemas.Team.of(team_service.create_team(given.name, g.api_user, timezone=given.timezone))), 201


@bp.patch(f"/teams/<{ID}:team_id>")
def update_team(team_id: int):
    """Change a team's time zone."""
    _require_admin()
    changes = body_of(schemas.TeamChanges).model_dump(exclude_unset=True)
    team = team_service.find_team(team_id)
    if "timezone" in changes:
        team = team_service.set_team_timezone(team.id, g.api_user, changes["timezone"])
    return jsonify(schemas.Team.of(team))


@bp.get("/me")
def me():
    """The user the token belongs to, with the time zone in force for them."""
    return jsonify(schemas.User.of(g.api_user))


@bp.get("/standards")
def list_standards():
    """List every standard the installed plugins provide, with its parameter schema."""
    return jsonify({"items": [s.to_json() for s in policy_service.standards().values()], "next": None})


@bp.get("/policy")
def policy_in_force():
    """Show the policy version in force, with its rules."""
    version = policy_service.version_in_force()
    if version is None:
        raise NotFound("No policy version is in force.")
    return jsonify(schemas.PolicyVersion.of(version, team_service.team_names()))


@bp.post("/policy/versions")
def create_policy_version():
    """Write a new policy version from a full set of rules."""
    _require_admin()
    given = body_of(schemas.PolicyVersionInput, check=policy_service.check_rules_of)
    version = policy_service.create_version(given.rules, g.api_user,
                                            note=given.note or "", review_by=given.review_by,
                                            effective_from=given.effective_from)
    return jsonify(schemas.PolicyVersion.of(version, team_service.team_names())), 201
