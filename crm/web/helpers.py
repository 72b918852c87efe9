"""Helpers shared by the web blueprints: role checks, form errors, template filters."""
from __future__ import annotations

from datetime import datetime, timezone
from functools import wraps
from zoneinfo import ZoneInfo

from flask import Flask, abort, current_app
from flask_login import current_user, login_required

from ..services.contacts import format_phone
from ..services.errors import Forbidden


def roles_required(*roles: str):
    """Log in first, then refuse (403) anyone whose role is not among `roles`."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                raise Forbidden("Your role does not give access to this page.")
            return view(*args, **kwargs)
        return wrapped
    return decorator


def apply_errors(form, fields: dict[str, list[str]]) -> list[str]:
    """Put each service error next to its form field; return the ones no field shows."""
    leftover = []
    for name, reasons in fields.items():
        field = getattr(form, name.split("[")[0].split(".")[0], None)
        if field is not None and hasattr(field, "errors"):
            errors = list(field.errors) if isinstance(field.errors, (list, tuple)) else []
            field.errors = errors + list(reasons)
        else:
            leftover += [f"{name}: {r}" for r in reasons]
    return leftover


def local_zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("CRM_TIMEZONE", "UTC"))


def when(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    return value.astimezone(local_zone()).strftime(fmt)


def init_app(app: Flask) -> None:
    app.config.setdefault("CRM_TIMEZONE", "UTC")
    app.jinja_env.filters["phone"] = format_phone
    app.jinja_env.filters["when"] = when
    app.jinja_env.globals["now"] = lambda: datetime.now(timezone.utc)
    from ..services.surveys import token_for

    app.jinja_env.globals["survey_token"] = token_for

    @app.context_processor
    def unread_notices():
        from flask_login import current_user

        from ..services.notifications import unread_count

        def count() -> int:
            return unread_count(current_user) if current_user.is_authenticated else 0

        return {"unread_notices": count}
