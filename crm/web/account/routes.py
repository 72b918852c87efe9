"""The user's own account: API tokens, password and language; the language switch in every page's header."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import Length

from ...i18n import LOCALE_NAMES, LOCALES, normalise
from ...services import accounts
from ...services.errors import InvalidInput, NotFound
from .. import sessions
from ..helpers import CrmForm, apply_errors, required

bp = Blueprint("account", __name__, url_prefix="/account")


class TokenForm(CrmForm):
    name = StringField(_l("What the token is for"), validators=[required(), Length(max=100)])


class PasswordForm(CrmForm):
    current_password = PasswordField(_l("Current password"), validators=[required()])
    new_password = PasswordField(_l("New password"), validators=[required()])


class RevokeForm(CrmForm):
    pass


class LanguageForm(CrmForm):
    # Each language is named in its own words, so whoever cannot read the current one finds theirs.
    locale = SelectField(_l("Language"), choices=[("", _l("As my browser asks"))] + [(code, LOCALE_NAMES[code]) for code in LOCALES],
                         validate_choice=False)


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """List the user's API tokens and create a new one (its secret is shown once)."""
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        _token, secret = accounts.create_token(current_user, form.name.data)
        form.name.data = ""
    return render_template("account/tokens.html", form=form, secret=secret, tokens=accounts.tokens_of(current_user),
                           revoke_form=RevokeForm(), password_form=PasswordForm(),
                           language_form=LanguageForm(locale=current_user.locale or ""))


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke one of the user's tokens."""
    if RevokeForm().validate_on_submit():
        try:
            accounts.revoke_token(current_user, token_id)
            flash(_("The token is revoked; programs using it are refused from now on."), "success")
        except NotFound as exc:
            flash(exc.message, "error")
    return redirect(url_for("account.tokens"))


@bp.route("/password", methods=["POST"])
@login_required
def password():
    """Change the user's password."""
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current_password.data, form.new_password.data)
        except InvalidInput as exc:
            apply_errors(form, exc.fields)
        else:
            # The change ended every session of the user; this browser goes on in a new one.
            sessions.start(accounts.user_by_id(current_user.id), keep=None)
            flash(_("Your password is changed; you are logged out everywhere else."), "success")
            return redirect(url_for("account.tokens"))
    return render_template("account/tokens.html", form=TokenForm(formdata=None), secret=None,
                           tokens=accounts.tokens_of(current_user), revoke_form=RevokeForm(),
                           password_form=form, language_form=LanguageForm(locale=current_user.locale or "")), 422


@bp.route("/language", methods=["POST"])
def language():
    """Choose the language of the pages: the user's setting when logged in, this browser's otherwise."""
    form = LanguageForm()
    back = _local_path(request.form.get("next")) or url_for("home")
    if not form.validate_on_submit():
        flash(_("The language was not changed; please try again."), "error")
        return redirect(back)
    code = normalise(form.locale.data)
    if form.locale.data and code is None:
        flash(_("The language was not changed: choose one from the list."), "error")
        return redirect(back)
    if current_user.is_authenticated:
        accounts.set_locale(current_user, code)
    if code:
        session["locale"] = code
    else:
        session.pop("locale", None)
    return redirect(back)


def _local_path(target: str | None) -> str | None:
    """`target` when it is a path on this site (no scheme, no host, no backslash tricks), else None."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 for ch in target):
        return None
    return target
