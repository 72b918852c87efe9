"""Logging in and out."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import BooleanField, EmailField, PasswordField

from ...extensions import limiter
from ...limits import account_key, failed_login, setting
from ...services import accounts
from .. import sessions
from ..helpers import CrmForm, required

bp = Blueprint("auth", __name__)


class LoginForm(CrmForm):
    email = EmailField(_l("E-mail"), validators=[required()])
    password = PasswordField(_l("Password"), validators=[required()])
    remember = BooleanField(_l("Keep me logged in on this computer"))


def _safe_next(target: str | None) -> str:
    # Only same-site paths, so a crafted link cannot send a user elsewhere after login.
    if target and not urlsplit(target).netloc and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(setting("CRM_LOGIN_ADDRESS_LIMIT"), methods=["POST"], scope="login-address")
@limiter.limit(setting("CRM_LOGIN_LIMIT"), methods=["POST"], key_func=account_key, deduct_when=failed_login,
               scope="login-account")
def login():
    """Show the login form and log the user in."""
    if current_user.is_authenticated:
        return redirect(url_for("home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("E-mail or password is not right.")
        else:
            sessions.start(user, keep=form.remember.data)
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), (200 if not form.errors else 422)


@bp.route("/logout", methods=["POST"])
def logout():
    """Log the user out everywhere: every session of theirs ends, not only this one."""
    if current_user.is_authenticated:
        accounts.end_sessions(current_user._get_current_object())
    sessions.end()
    flash(_("You are logged out."), "info")
    return redirect(url_for("auth.login"))
