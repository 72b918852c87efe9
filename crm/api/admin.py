"""API: users, teams and the versioned policy (admin), and the standards anyone may read."""
from __future__ import annotations

from datetime import timezone

from flask import g, jsonify
from sqlalchemy import select

from ..constraints import read_day, read_time
from ..extensions import db
from ..models import User
from ..services import accounts
from ..services import policy as policy_service
from ..services import teams as team_service
from ..services.access import require_role
from ..services.errors import FieldErrors, NotFound
from . import bp, json_body
from .serializers import (ABSENT, ID, check_values, policy_version_json, raise_all, reject_unknown,
                          team_json, text_or_none, user_json)

USER_FIELDS = ("email", "name", "role", "team", "department", "password")
USER_CHANGES = ("role", "team", "active", "department")
RULE_FIELDS = ("standard", "params", "mode", "severity", "teams", "channels")
VERSION_FIELDS = ("rules", "note", "review_by", "effective_from")


def _require_admin() -> None:
    require_role(g.api_user, "admin", why="Only an admin can do this.")


def _text_fields(body: dict, names, errors: FieldErrors) -> dict:
    """The given text fields of body (null kept as None), checked to be text."""
    out = {}
    for name in names:
        # accounts.create_user does not bound the name; the column holds 200 characters
        value = text_or_none(body, name, errors, 200 if name == "name" else None)
        if value is not ABSENT:
            out[name] = value
    return out


def _team_names() -> dict[int, str]:
    return {t.id: t.name for t in team_service.list_teams()}


@bp.get("/users")
def list_users():
    """List every user."""
    _require_admin()
    users = db.session.scalars(select(User).order_by(User.role, User.name, User.id))
    return jsonify({"items": [user_json(u) for u in users], "next": None})


@bp.post("/users")
def create_user():
    """Create a user."""
    _require_admin()
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, USER_FIELDS, errors)
    check_values(body, errors)
    fields = _text_fields(body, USER_FIELDS, errors)
    raise_all(errors)
    user = accounts.create_user(accounts.UserInput(
        email=fields.get("email") or "", name=fields.get("name") or "", role=fields.get("role") or "",
        team=fields.get("team"), department=fields.get("department"), password=fields.get("password"),
    ), g.api_user)
    body = user_json(user)
    if user.role == "integration":
        # It cannot log in to make its own: its first token is shown here, once.
        _, body["token"] = accounts.create_token(user, "integration")
    return jsonify(body), 201


@bp.patch(f"/users/<{ID}:user_id>")
def update_user(user_id: int):
    """Change a user's role, team, department or whether they may sign in."""
    _require_admin()
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, USER_CHANGES, errors)
    check_values(body, errors)
    fields = _text_fields(body, ("role", "team", "department"), errors)
    if fields.get("role", "") is None:
        errors.add("role", "must be one of " + ", ".join(accounts.ROLES))
    for name in ("team", "department"):
        if name in fields and fields[name] is None:
            fields[name] = ""  # null takes the user out of their team or department
    active = body.get("active")
    if active is not None and not isinstance(active, bool):
        errors.add("active", "must be true or false")
    raise_all(errors)
    user = accounts.update_user(user_id, g.api_user, role=fields.get("role"), team=fields.get("team"),
                                active=active, department=fields.get("department"))
    return jsonify(user_json(user))


@bp.get("/teams")
def list_teams():
    """List every team."""
    _require_admin()
    return jsonify({"items": [team_json(t) for t in team_service.list_teams()], "next": None})


@bp.post("/teams")
def create_team():
    """Create a team."""
    _require_admin()
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, ("name",), errors)
    check_values(body, errors)
    name = text_or_none(body, "name", errors)
    raise_all(errors)
    return jsonify(team_json(team_service.create_team(name if isinstance(name, str) else "", g.api_user))), 201


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
    return jsonify(policy_version_json(version, _team_names()))


def _rule_input(i: int, raw, errors: FieldErrors):
    where = f"rules[{i}]"
    if not isinstance(raw, dict):
        errors.add(where, "must be an object")
        return None
    bad = len(errors.fields)
    for key in raw:
        if key not in RULE_FIELDS:
            errors.add(f"{where}.{key}", f"is not a field of a rule (expected one of {', '.join(RULE_FIELDS)})")
    standard = raw.get("standard")
    if not isinstance(standard, str) or not standard.strip():
        errors.add(f"{where}.standard", "is required: the code of a standard")
    params = raw.get("params")
    if params is not None and not isinstance(params, dict):
        errors.add(f"{where}.params", "must be an object")
    for name in ("mode", "severity"):
        if raw.get(name) is not None and not isinstance(raw[name], str):
            errors.add(f"{where}.{name}", "must be text")
    teams = raw.get("teams") or []
    if not isinstance(teams, list) or not all(
            isinstance(t, str) or (isinstance(t, int) and not isinstance(t, bool)) for t in teams):
        errors.add(f"{where}.teams", "must be a list of team names or ids")
    channels = raw.get("channels") or []
    if not isinstance(channels, list) or not all(isinstance(c, str) for c in channels):
        errors.add(f"{where}.channels", "must be a list of channels")
    if len(errors.fields) > bad:
        return None
    return policy_service.RuleInput(standard=standard.strip(), params=params, mode=raw.get("mode") or "enforce",
                                    severity=raw.get("severity"), teams=teams, channels=channels)


def _effective_from(value, errors: FieldErrors):
    if value is None:
        return None
    if isinstance(value, str):
        try:
            at = read_time(value)
            if at.tzinfo is None:
                errors.add("effective_from", "needs a time zone offset, e.g. +08:00")
                return None
            at.astimezone(timezone.utc)  # refuse times that do not exist in UTC
            return at
        except (ValueError, OverflowError):
            pass
    errors.add("effective_from", "must be an ISO 8601 time with an offset, e.g. 2026-01-01T00:00:00+08:00")
    return None


def _review_by(value, errors: FieldErrors):
    if value is None:
        return None
    if isinstance(value, str):
        try:
            return read_day(value)
        except ValueError:
            pass
    errors.add("review_by", "must be a date, YYYY-MM-DD")
    return None


@bp.post("/policy/versions")
def create_policy_version():
    """Write a new policy version from a full set of rules."""
    _require_admin()
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, VERSION_FIELDS, errors)
    check_values(body, errors)
    raw_rules = body.get("rules")
    rules = []
    if not isinstance(raw_rules, list):
        errors.add("rules", "is required: a list of rules")
    else:
        rules = [_rule_input(i, raw, errors) for i, raw in enumerate(raw_rules)]
    note = text_or_none(body, "note", errors)
    review_by = _review_by(body.get("review_by"), errors)
    effective_from = _effective_from(body.get("effective_from"), errors)
    raise_all(errors)
    version = policy_service.create_version(rules, g.api_user, note=note if isinstance(note, str) else "",
                                            review_by=review_by, effective_from=effective_from)
    return jsonify(policy_version_json(version, _team_names())), 201
