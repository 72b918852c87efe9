"""The user's own account: API tokens and password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ...services import accounts
from ...services.errors import InvalidInput, NotFound
from .. import sessions
from ..helpers import apply_errors

bp = Blueprint("account", __name__, url_prefix="/account")


class TokenForm(FlaskForm):
    name = StringField("What the token is for", validators=[DataRequired(), Length(max=100)])


class PasswordForm(FlaskForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField("New password", validators=[DataRequired()])


class RevokeForm(FlaskForm):
    pass


@bp.route("/tokens", methods=["GET", "POST"])
@login_required
def tokens():
    """List the user's API tokens and create a new one (its secret is shown once)."""
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        _, secret = accounts.create_token(current_user, form.name.data)
        form.name.data = ""
    return render_template("account/tokens.html", form=form, secret=secret, tokens=accounts.tokens_of(current_user),
                           revoke_form=RevokeForm(), password_form=PasswordForm())


@bp.route("/tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id: int):
    """Revoke one of the user's tokens."""
    if RevokeForm().validate_on_submit():
        try:
            accounts.revoke_token(current_user, token_id)
            flash("The token is revoked; programs using it are refused from now on.", "success")
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
            flash("Your password is changed; you are logged out everywhere else.", "success")
            return redirect(url_for("account.tokens"))
    return render_template("account/tokens.html", form=TokenForm(formdata=None), secret=None,
                           tokens=accounts.tokens_of(current_user), revoke_form=RevokeForm(),
                           password_form=form), 422
