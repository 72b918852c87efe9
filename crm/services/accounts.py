"""Users, passwords, logins and API tokens."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import hashlib
import secrets
from typing import Annotated, Any, Literal, Optional

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BeforeValidator, ConfigDict, Field
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import joinedload

from ..constraints import EMAIL_MAX, NAME_MAX, PASSWORD_MIN, TEAM_NAME_MAX

from ..database import once_more_after_a_race, write_transaction
from ..extensions import db
from ..models import ROLES, ApiToken, Department, Team, User
from ..models.base import utcnow
from . import audit, token_cache
from .contacts import normalize_email, reason
from .access import SystemActor, require_role
from .errors import Conflict, FieldErrors, Forbidden, InvalidInput, NotFound
from .validation import MAX_ID, NONBLANK_SCHEMA, Input, Text, clean_text, escape_unstorable, read_text, refuse, text_problem

# OWASP Password Storage Cheat Sheet: Argon2id, 19 MiB of memory, 2 iterations, 1 lane.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the e-mail is unknown, so a failed login takes as long either way.
_DUMMY_HASH = _hasher.hash("not a real password")

MIN_PASSWORD_LENGTH = PASSWORD_MIN
MAX_EMAIL = EMAIL_MAX  # the columns' lengths
MAX_NAME = NAME_MAX
MAX_TEAM_NAME = TEAM_NAME_MAX
TOKEN_PREFIX = "crm_"


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: Optional[User], password: str) -> bool:
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False
    return ok and user is not None and bool(user.password_hash)


def user_by_id(user_id: int) -> Optional[User]:
    return db.session.get(User, user_id)


def session_user(user_id: int, session_version: int) -> Optional[User]:
    """The user a web session was opened for, or None when it may no longer be used: the user is gone
    or inactive, the session was opened under an older version (crm/web/sessions.py), or the user is an
    integration, whose tokens call the API and which has no web session, even one from a former role."""
    # The team comes in the same statement: every page reads its time zone (crm/services/zones.py).
    user = db.session.get(User, user_id, options=[joinedload(User.team)]) if 1 <= user_id <= MAX_ID else None
    if user is None or not user.active or user.role == "integration" or user.session_version != session_version:
        return None
    return user


def _end_sessions(user: User) -> None:
    """Inside a write transaction: every session opened before now is refused from its next request."""
    user.session_version = (user.session_version or 0) + 1


def end_sessions(user: User) -> None:
    """Log the user out everywhere (the web's "Log out")."""
    with write_transaction():
        user = db.session.merge(user)
        _end_sessions(user)
        audit.record("logout", "user", user.id, actor=user)


def list_users(actor: User) -> list[User]:
    """Every user, by role, then name, for an admin."""
    require_role(actor, "admin", why=_l("Only an admin manages users."))
    return list(db.session.scalars(select(User).order_by(User.role, User.name, User.id)))


def get_user(actor: User, user_id: int) -> User:
    """The user, for an admin to edit: 404 when there is none."""
    require_role(actor, "admin", why=_l("Only an admin manages users."))
    user = db.session.get(User, user_id) if 1 <= user_id <= MAX_ID else None
    if user is None:
        raise NotFound(_('No user %(user_id)s.', user_id=user_id))
    return user


def approvers(actor: Optional[User] = None) -> list[User]:
    """The active leads and admins, who may approve what is past an agent's authority; for `actor`, the
    leads of their own team and the admins (not another team's lead, who knows nothing of the case)."""
    who = User.role == "admin"
    team_id = getattr(actor, "team_id", None) if actor is not None else None
    if actor is None:
        who = User.role.in_(("lead", "admin"))
    elif team_id is not None:
        who = or_(who, and_(User.role == "lead", User.team_id == team_id))
    return list(db.session.scalars(select(User).where(who, User.active.is_(True)).order_by(User.name)))


def user_by_email(email: str) -> Optional[User]:
    if not isinstance(email, str) or text_problem(email):
        return None  # no stored address has a NUL in it, and PostgreSQL refuses to compare one
    return db.session.scalar(select(User).where(User.email == email.strip().casefold()))


def authenticate(email: str, password: str) -> Optional[User]:
    """Return the active user with these credentials, auditing the attempt either way."""
    user = user_by_email(email)
    # An integration (a phone system) has no password and never signs in to the web pages.
    ok = (check_password(user, password) and user is not None and user.active
          and user.role != "integration")
    with write_transaction():
        if ok:
            user.last_login_at = utcnow()
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            audit.record("login.success", "user", user.id, actor=user)
        else:
            audit.record("login.failure", "user", user.id if user else None,
                         actor_label=escape_unstorable((email or "").strip().casefold())[:254])
    return user if ok else None


def record_throttled_login(email: str) -> None:
    """Audit a login refused by the rate limits, whoever it names (known or not)."""
    email = email if isinstance(email, str) else ""
    user = user_by_email(email)
    with write_transaction():
        audit.record("login.throttled", "user", user.id if user else None,
                     actor_label=escape_unstorable(email.strip().casefold())[:254])


def needs_unit() -> dict:
    """A user's role needs its unit, as the JSON Schema says it: a lead a team, a department member a
    department (the service says so too, with the reason)."""
    return {"allOf": [
        {"if": {"properties": {"role": {"const": role}}, "required": ["role"]},
         "then": {"required": [unit], "properties": {unit: NONBLANK_SCHEMA}}}
        for role, unit in (("lead", "team"), ("department", "department"))]}


def read_password(value: Any) -> Optional[str]:
    """A password as typed (never stripped: spaces count), of at least PASSWORD_MIN characters."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise refuse(_("must be text"))
    if text_problem(value):
        raise refuse(text_problem(value))
    if len(value) < MIN_PASSWORD_LENGTH:
        raise refuse(_('must be at least %(MIN_PASSWORD_LENGTH)s characters', MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH))
    return value


class UserInput(Input):
    """Unknown keys are refused."""

    model_config = ConfigDict(json_schema_extra=needs_unit())

    email: str = Field(json_schema_extra={"format": "email"})
    name: Text(MAX_NAME) = None
    role: Literal[ROLES]
    team: Text(MAX_TEAM_NAME, "Name of an existing team; a lead needs one.") = None
    department: Text(MAX_TEAM_NAME, "Slug or name of a department; a department member needs one.") = None
    password: Annotated[Optional[Annotated[str, Field(min_length=MIN_PASSWORD_LENGTH)]], BeforeValidator(read_password),
                        Field(description=f"At least {MIN_PASSWORD_LENGTH} characters; without one the user "
                                          "signs in with API tokens only.")] = None


def _resolve_team(name: Optional[str], errors: FieldErrors, create: bool, dry: bool = False) -> Optional[Team]:
    """The team called `name`; with `create`, one not there yet is made (with `dry` too, only allowed)."""
    if not name:
        return None
    team = db.session.scalar(select(Team).where(func.lower(Team.name) == name.strip().lower()))
    if team is None:
        if create and not dry:
            team = Team(name=name.strip())
            db.session.add(team)
        elif not create:
            errors.add("team", _('no team called %(name)r', name=name))
    return team


def _resolve_department(ref: Optional[str], errors: FieldErrors) -> Optional[Department]:
    if not ref:
        return None
    dept = db.session.scalar(
        select(Department).where((Department.slug == ref.strip().lower()) | (Department.name == ref.strip()))
    )
    if dept is None:
        errors.add("department", _('no department %(ref)r', ref=ref))
    return dept


def validate_password(password: Optional[str], errors: FieldErrors, field: str = "password") -> None:
    if password is None:
        return
    if not isinstance(password, str):
        errors.add(field, _("must be text"))
    elif text_problem(password):
        errors.add(field, text_problem(password))
    elif len(password) < MIN_PASSWORD_LENGTH:
        errors.add(field, _('must be at least %(MIN_PASSWORD_LENGTH)s characters', MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH))


def check_new_user(data: UserInput, create_team: bool = False, dry: bool = False) -> tuple[
        str, Optional[str], Optional[Team], Optional[Department]]:
    """Every reason `data` cannot be a new user, at once; else (e-mail, name, team, department).
    With `create_team`, a team not yet there is created (inside the caller's transaction), or with `dry`
    only allowed."""
    errors = FieldErrors()
    email = clean_text(data.email, "email", errors, MAX_EMAIL) or ""
    if "email" not in errors.fields:
        try:
            email = normalize_email(email)
        except ValueError as exc:
            errors.add("email", reason(exc))
            email = ""
    name = clean_text(data.name, "name", errors, MAX_NAME)
    if not isinstance(data.role, str) or data.role not in ROLES:
        errors.add("role", _('must be one of %(choices)s', choices=', '.join(ROLES)))
    if data.role == "integration":
        if data.password:
            errors.add("password", _("must be left out: an integration uses API tokens only and cannot log in"))
    elif not data.password:
        errors.add("password", _('is required: at least %(MIN_PASSWORD_LENGTH)s characters', MIN_PASSWORD_LENGTH=MIN_PASSWORD_LENGTH))
    if data.role != "integration":
        validate_password(data.password, errors)
    team_name = clean_text(data.team, "team", errors, MAX_TEAM_NAME)
    department_ref = clean_text(data.department, "department", errors, MAX_TEAM_NAME)
    # A team belongs to agents and leads, a department to its members: ignore the other.
    if data.role in ROLES and data.role not in ("agent", "lead"):
        team_name = None
    if data.role in ROLES and data.role != "department":
        department_ref = None
    team = _resolve_team(team_name, errors, create_team, dry)
    department = _resolve_department(department_ref, errors)
    if data.role == "department" and department is None and "department" not in errors.fields:
        errors.add("department", _("a department member needs a department"))
    if data.role in ("agent", "lead") and not team_name and "team" not in errors.fields:
        errors.add("team", _("an agent needs a team") if data.role == "agent" else _("a team lead needs a team"))
    errors.raise_if_any()
    return email, name, team, department


@once_more_after_a_race
def create_user(data: UserInput, actor: User | SystemActor, create_team: bool = False) -> User:
    """Create a user; the command line and the demo act as `SYSTEM`."""
    require_role(actor, "admin", why=_l("Only an admin can create users."))
    with write_transaction():
        email, name, team, department = check_new_user(data, create_team)
        existing = user_by_email(email)
        if existing is not None:
            raise Conflict(_('%(email)s is already a user (id %(existing_id)s).', email=email, existing_id=existing.id), existing.id,
                           {"email": ["already in use"]})
        user = User(
            email=email,
            name=name or email.split("@")[0],
            role=data.role,
            team=team,
            department=department,
            password_hash=hash_password(data.password) if data.password and data.role != "integration" else None,
        )
        db.session.add(user)
        db.session.flush()
        audit.record("user.create", "user", user.id, actor=actor, actor_label="cli", role=user.role)
    return user


def _active_admins(lock: bool = False) -> int:
    """How many active admins there are; with `lock`, their rows stay locked to the end of the
    transaction, so two admins demoting each other at once cannot both succeed (PostgreSQL;
    SQLite's write transaction already runs one writer at a time)."""
    stmt = select(User.id).where(User.role == "admin", User.active.is_(True))
    if lock and db.engine.dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return len(db.session.scalars(stmt).all())


def update_user(user_id: int, actor: User, role: Optional[str] = None, team: Optional[str] = None,
                active: Optional[bool] = None, department: Optional[str] = None,
                locale: Optional[str] = None, timezone: Optional[str] = None) -> User:
    """An admin changes a user; None leaves a field as it is, "" clears a team, department, language or
    time zone (the user then reads times in their team's zone, as with set_timezone)."""
    from ..i18n import LOCALES, normalise
    from . import zones

    if actor.role != "admin":
        raise Forbidden(_("Only an admin can change users."))
    errors = FieldErrors()
    if role is not None and (not isinstance(role, str) or role not in ROLES):
        errors.add("role", _('must be one of %(choices)s', choices=', '.join(ROLES)))
    if active is not None and not isinstance(active, bool):
        errors.add("active", _("must be true or false"))
    locale_code = normalise(locale) if isinstance(locale, str) else None
    if locale not in (None, "") and locale_code is None:
        errors.add("locale", _("must be one of %(choices)s", choices=", ".join(LOCALES)))
    zone_name = None
    try:
        zone_name = zones.read_zone(timezone)
    except ValueError as exc:
        errors.add("timezone", str(exc))
    # None leaves the team or department as it is; "" takes the user out of it.
    team_name = clean_text(team, "team", errors, MAX_TEAM_NAME)
    department_ref = clean_text(department, "department", errors, MAX_TEAM_NAME)
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is None:
            raise NotFound(_('No user %(user_id)s.', user_id=user_id))
        new_team = _resolve_team(team_name, errors, create=False) if team_name else None
        new_dept = _resolve_department(department_ref, errors) if department_ref else None
        # The rule create_user applies, checked whenever this change touches it (so a user
        # already without a team can still be deactivated).
        role_changes = role is not None and role != user.role
        final_role = role if role is not None else user.role
        # A team belongs to agents and leads, a department to its members (as create_user has it): one
        # named for another role is refused rather than ignored, and a role change drops the other.
        if team_name and final_role not in ("agent", "lead") and "team" not in errors.fields:
            errors.add("team", _("only agents and team leads belong to a team"))
        if department_ref and final_role != "department" and "department" not in errors.fields:
            errors.add("department", _("only department members belong to a department"))
        if (final_role in ("agent", "lead") and (role_changes or team is not None)
                and (new_team if team is not None else user.team) is None and "team" not in errors.fields):
            errors.add("team", _("a team lead needs a team") if final_role == "lead" else _("an agent needs a team"))
        if (final_role == "department" and (role_changes or department is not None)
                and (new_dept if department is not None else user.department) is None
                and "department" not in errors.fields):
            errors.add("department", _("a department member needs a department"))
        errors.raise_if_any()
        loses_admin = user.role == "admin" and user.active and (
            (role is not None and role != "admin") or active is False)
        if loses_admin and _active_admins(lock=True) <= 1:
            raise Conflict(_("This is the last active admin: make another user an admin first, "
                           "or nobody could administer the CRM."), existing_id=user.id)
        changes = {}
        if role is not None and role != user.role:
            changes["role"] = [user.role, role]
            user.role = role
            if role != "department" and user.department is not None and department is None:
                changes["department"] = ""
                user.department = None
            if role not in ("agent", "lead") and user.team is not None and team is None:
                changes["team"] = ""
                user.team = None
            if role == "integration":
                user.password_hash = None  # token only from now on
        if team is not None:
            changes["team"] = team
            user.team = new_team
        if department is not None:
            changes["department"] = department
            user.department = new_dept
        if locale is not None and locale_code != user.locale:
            changes["locale"] = [user.locale, locale_code]
            user.locale = locale_code
        if timezone is not None and zone_name != user.timezone:
            changes["timezone"] = [user.timezone, zone_name]
            user.timezone = zone_name
        if active is not None and active != user.active:
            changes["active"] = active
            user.active = active
            if not active:
                _end_sessions(user)
        audit.record("user.update", "user", user.id, actor=actor, **changes)
    return user


def reset_password(actor: User, user_id: int, new: str) -> None:
    """An admin sets a new password for someone who lost theirs."""
    if actor.role != "admin":
        raise Forbidden(_("Only an admin can reset passwords."))
    errors = FieldErrors()
    validate_password(new, errors, "new_password")
    errors.raise_if_any()
    with write_transaction():
        user = db.session.get(User, user_id)
        if user is None:
            raise NotFound(_('No user %(user_id)s.', user_id=user_id))
        user.password_hash = hash_password(new)
        _end_sessions(user)
        audit.record("user.password_reset", "user", user.id, actor=actor)


def change_password(user: User, current: str, new: str) -> None:
    errors = FieldErrors()
    if not check_password(user, current):
        errors.add("current_password", _("is not your current password"))
    validate_password(new, errors, "new_password")
    errors.raise_if_any()
    with write_transaction():
        user = db.session.merge(user)
        user.password_hash = hash_password(new)
        _end_sessions(user)
        audit.record("user.password", "user", user.id, actor=user)


# --- API tokens --------------------------------------------------------------------------

def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user: User, name: str = "API token") -> tuple[ApiToken, str]:
    """Create a token and return it with its secret, which is never stored and shown once."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    name = escape_unstorable((name or "").strip())[:100] or "API token"
    with write_transaction():
        token = ApiToken(user_id=user.id, name=name, token_hash=_digest(secret), prefix=secret[:10])
        db.session.add(token)
        db.session.flush()
        audit.record("token.create", "api_token", token.id, actor=user, name=name)
    return token, secret


def revoke_token(user: User, token_id: int) -> None:
    with write_transaction():
        token = db.session.get(ApiToken, token_id)
        if token is None or (token.user_id != user.id and user.role != "admin"):
            raise NotFound(_("No such token."))
        if token.revoked_at is None:
            token.revoked_at = utcnow()
            audit.record("token.revoke", "api_token", token.id, actor=user)


def user_for_token(secret: str, bound: bool = True) -> Optional[User]:
    """The active user a bearer token belongs to, or None. Not `bound`, a user remembered from the
    last second may come in no session: for a caller that reads only the user's columns."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    # The API's hottest path: every request passes here, so an answer is kept for up to a second.
    digest = _digest(secret)
    user = token_cache.recall(digest, bound)
    if user is not None:
        return user
    read_at = token_cache.started()
    user = db.session.scalar(
        select(User).join(ApiToken, ApiToken.user_id == User.id)
        .where(ApiToken.token_hash == digest, ApiToken.revoked_at.is_(None), User.active.is_(True)))
    if user is not None:
        token_cache.remember(digest, user, read_at)
    return user


def tokens_of(user: User) -> list[ApiToken]:
    return list(db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.created_at.desc())
    ))


def set_timezone(user: User, name: Optional[str]) -> User:
    """Set the zone `user` reads and types times in; None or "" goes back to their team's zone."""
    from . import zones

    try:
        code = zones.read_zone(name)
    except ValueError as exc:
        raise InvalidInput({"timezone": [str(exc)]}) from None
    with write_transaction():
        user = db.session.get(User, user.id)
        if user.timezone != code:
            audit.record("user.timezone", "user", user.id, actor=user, previous=user.timezone, timezone=code)
            user.timezone = code
    return user


def set_locale(user: User, locale: Optional[str]) -> User:
    """Set the language `user` reads the pages in; None or "" goes back to the browser's language."""
    from ..i18n import LOCALES, normalise

    code = normalise(locale) if locale else None
    if locale and code is None:
        raise InvalidInput({"locale": [_("must be one of %(choices)s", choices=", ".join(LOCALES))]})
    with write_transaction():
        user = db.session.get(User, user.id)
        if user.locale != code:
            audit.record("user.locale", "user", user.id, actor=user, previous=user.locale, locale=code)
            user.locale = code
    return user
