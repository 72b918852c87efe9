"""Department administration: create, edit and list the departments feedback is routed to, each
with its e-mail addresses, webhook and whether it is the fallback (routing itself is in routing.py)."""
from __future__ import annotations

from typing import Annotated, Any, Optional

from pydantic import BeforeValidator, Field, StrictBool

from sqlalchemy import func, select

from flask_babel import gettext as _, lazy_gettext as _l

from ..constraints import (EMAIL_MAX, MAX_DEPARTMENT_EMAILS, MIN_SECRET, SLUG, SLUG_MAX, SLUG_PATTERN, SLUG_RULE,
                           TEAM_NAME_MAX)
from ..database import once_more_after_a_race, write_transaction
from ..extensions import db
from ..models import Department, User
from . import audit, outbound
from .access import SystemActor, require_role
from .contacts import normalize_email, reason
from .errors import Conflict, FieldErrors, NotFound
from .validation import EmailItem, Input, NonBlank, clean_text, clean_texts, read_text, refuse

MAX_EMAILS = 20
MAX_WEBHOOK_URL = 500
MAX_SECRET = 200


def read_slug(value: Any) -> Optional[str]:
    """A department's slug as typed (spaces around it dropped); its rule in words when it breaks it."""
    text = read_text(value)
    if text is not None and not SLUG.match(text):
        raise refuse(_("must be 2 to 60 lower-case letters, digits or dashes, e.g. packaging"))
    return text


class DepartmentChanges(Input):
    """Only the keys given change; null clears a field."""

    name: NonBlank = Field(None, max_length=TEAM_NAME_MAX)
    emails: Optional[list[EmailItem]] = Field(None, max_length=MAX_DEPARTMENT_EMAILS, description="Each gets an e-mail per routed item when "
                                                                "CRM_SMTP_URL is set; null and blank entries are skipped.")
    webhook_url: Optional[str] = Field(None, description="http(s) address that receives a signed POST per routed item.",
                                       max_length=MAX_WEBHOOK_URL)
    webhook_secret: Optional[str] = Field(None, description=f"Signs the webhooks (HMAC-SHA256); required with a URL, "
                                                            f"at least {MIN_SECRET} characters; never sent back.",
                                          max_length=MAX_SECRET)
    is_fallback: StrictBool = Field(None, description="Takes what no rule claims. Setting it moves the role from the "
                                                      "department that had it; it cannot be unset.")


class DepartmentInput(DepartmentChanges):
    """Unknown keys are refused."""

    slug: Annotated[str, BeforeValidator(read_slug)] = Field(description=f"{SLUG_RULE}; cannot change.",
                                                              pattern=SLUG_PATTERN)
    name: NonBlank = Field(max_length=TEAM_NAME_MAX)


def _given(data: DepartmentChanges, name: str) -> bool:
    """Whether `data` sets field `name` (on an update, a field not given stays as it is)."""
    return name in data.model_fields_set


def _emails(raw: Any, errors: FieldErrors) -> list[str]:
    out = []
    for text in clean_texts(raw, "emails", errors, EMAIL_MAX, _("must be a list of e-mail addresses")):
        try:
            normalized = normalize_email(text)
        except ValueError as exc:
            errors.add("emails", f"{text!r} {reason(exc)}")
            continue
        if normalized not in out:
            out.append(normalized)
    if len(out) > MAX_EMAILS:
        errors.add("emails", _('must be at most %(MAX_EMAILS)s addresses', MAX_EMAILS=MAX_EMAILS))
    return out


def _webhook_url(raw: Any, errors: FieldErrors) -> Optional[str]:
    text = clean_text(raw, "webhook_url", errors, MAX_WEBHOOK_URL)
    if text is None:
        return None
    problem = outbound.url_problem(text)
    if problem:
        errors.add("webhook_url", problem)
        return None
    return text


def _apply_department(dept: Department, data: DepartmentChanges, errors: FieldErrors, creating: bool,
                      locale: Any = None) -> dict:
    """Check and apply the given fields to dept (and `locale`, when not None); return what changed, for the
    audit trail."""
    changes: dict = {}
    if _given(data, "name") or creating:
        name = clean_text(data.name, "name", errors, TEAM_NAME_MAX)
        if name is None and "name" not in errors.fields:
            errors.add("name", _("is required"))
        elif name is not None:
            changes["name"] = name
    if _given(data, "emails"):
        changes["emails"] = _emails(data.emails, errors)
    url = dept.webhook_url
    if _given(data, "webhook_url"):
        url = changes["webhook_url"] = _webhook_url(data.webhook_url, errors)
    secret = dept.webhook_secret
    if _given(data, "webhook_secret"):
        secret = clean_text(data.webhook_secret, "webhook_secret", errors, MAX_SECRET)
        if secret is not None and len(secret) < MIN_SECRET:
            errors.add("webhook_secret", _('must be at least %(MIN_SECRET)s characters: it signs every webhook', MIN_SECRET=MIN_SECRET))
        changes["webhook_secret"] = secret
    if url and not secret and "webhook_secret" not in errors.fields:
        errors.add("webhook_secret", _("is required with a webhook URL (at least %(MIN_SECRET)s characters); the receiver checks each request's signature with it", MIN_SECRET=MIN_SECRET))
    if _given(data, "is_fallback"):
        if not isinstance(data.is_fallback, bool):
            errors.add("is_fallback", _("must be true or false"))
        elif dept.is_fallback and not data.is_fallback:
            errors.add("is_fallback", _("one department must take feedback no rule claims: "
                                      "make another department the fallback instead"))
        elif data.is_fallback != bool(dept.is_fallback):
            changes["is_fallback"] = data.is_fallback
    if locale is not None:  # "": the default language
        from ..i18n import LOCALES, normalise

        code = normalise(locale) if locale else None
        if locale and code is None:
            errors.add("locale", _("must be one of %(choices)s", choices=", ".join(LOCALES)))
        elif code != dept.locale:
            changes["locale"] = code
    if errors:
        return changes
    for name, value in changes.items():
        setattr(dept, name, value)
    return changes


def _audit_view(changes: dict) -> dict:
    """The changes as the audit trail keeps them: never the secret itself."""
    out = dict(changes)
    if "webhook_secret" in out:
        out["webhook_secret"] = "(changed)" if out["webhook_secret"] else "(cleared)"
    return out


def list_departments(actor: User) -> list[Department]:
    require_role(actor, "admin", why=_l("Only an admin manages departments."))
    return list(db.session.scalars(select(Department).order_by(Department.name, Department.id)))


def get_department(slug: str, actor: User) -> Department:
    require_role(actor, "admin", why=_l("Only an admin manages departments."))
    dept = db.session.scalar(select(Department).where(Department.slug == (slug or "").lower()))
    if dept is None:
        raise NotFound(_('No department %(slug)r.', slug=slug))
    return dept


def _new_slug(data: DepartmentInput, errors: FieldErrors) -> Optional[str]:
    slug = clean_text(data.slug, "slug", errors, SLUG_MAX)
    if slug is None and "slug" not in errors.fields:
        errors.add("slug", _("is required"))
    elif slug is not None and not SLUG.match(slug):
        errors.add("slug", _("must be 2 to 60 lower-case letters, digits or dashes, e.g. packaging"))
    return slug


def check_new_department(data: DepartmentInput) -> None:
    """Every reason `data` cannot be a new department, at once (a clash with an existing slug aside)."""
    errors = FieldErrors()
    slug = _new_slug(data, errors)
    _apply_department(Department(slug=slug or "", name="", emails=[], is_fallback=False), data, errors, creating=True)
    errors.raise_if_any()


@once_more_after_a_race
def create_department(data: DepartmentInput, actor: User | SystemActor, locale: Optional[str] = None) -> Department:
    """A new department; `locale` is the language of its e-mails (None: CRM_DEFAULT_LOCALE)."""
    require_role(actor, "admin", why=_l("Only an admin manages departments."))
    errors = FieldErrors()
    slug = _new_slug(data, errors)
    dept = Department(slug=slug or "", name="", emails=[], is_fallback=False)
    with write_transaction():
        changes = _apply_department(dept, data, errors, creating=True, locale=locale)
        existing = None
        if slug and "slug" not in errors.fields:
            existing = db.session.scalar(select(Department).where(func.lower(Department.slug) == slug))
        if existing is not None and not errors:
            raise Conflict(_('There is already a department %(slug)s.', slug=existing.slug), existing.id,
                           {"slug": ["already exists"]})
        if existing is not None:
            errors.add("slug", _("already exists"))
        errors.raise_if_any()
        if dept.is_fallback:
            _clear_other_fallbacks(dept)
        db.session.add(dept)
        db.session.flush()
        audit.record("department.create", "department", dept.id, actor=actor, actor_label="cli", slug=slug,
                     **_audit_view(changes))
    return dept


def update_department(slug: str, data: DepartmentChanges, actor: User, locale: Optional[str] = None) -> Department:
    """Change the fields `data` gives, and with `locale` the language of its e-mails ("": the default)."""
    require_role(actor, "admin", why=_l("Only an admin manages departments."))
    errors = FieldErrors()
    with write_transaction():
        dept = db.session.scalar(select(Department).where(Department.slug == (slug or "").lower())
                                 .with_for_update().execution_options(populate_existing=True))
        if dept is None:
            raise NotFound(_('No department %(slug)r.', slug=slug))
        changes = _apply_department(dept, data, errors, creating=False, locale=locale)
        errors.raise_if_any()
        if changes.get("is_fallback"):
            _clear_other_fallbacks(dept)
        if changes:
            audit.record("department.update", "department", dept.id, actor=actor, slug=dept.slug,
                         **_audit_view(changes))
    return dept


def _clear_other_fallbacks(dept: Department) -> None:
    for other in db.session.scalars(select(Department).where(Department.is_fallback.is_(True))):
        if other is not dept:
            other.is_fallback = False
