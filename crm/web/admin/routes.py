"""Administration: users and teams."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import itertools

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Length

from ...i18n import LOCALE_NAMES, LOCALES
from ...labels import label, label_choices
from ...models import ROLES
from ...services import accounts, audit
from ...services.pagination import Page
from ...services.errors import Conflict, InvalidInput
from ...services.departments import list_departments
from ...services.overview import admin_overview
from ...services import zones
from ...services.teams import create_team, find_team, list_teams, set_team_timezone, teams_with_member_counts
from ...services.validation import read_input
from ..helpers import CrmForm, apply_errors, form_status, required, roles_required
from ..zone_fields import ZoneFields

bp = Blueprint("admin", __name__, url_prefix="/admin")


class UserForm(CrmForm):
    email = EmailField(_l("E-mail"), validators=[required()])
    name = StringField(_l("Name"), validators=[required()])
    role = SelectField(_l("Role"), choices=label_choices(ROLES))
    team = SelectField(_l("Team"), choices=[], validate_choice=False)
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    password = PasswordField(_l("Password"), description=_l("At least 10 characters. An integration has none: "
                                                     "it uses the API token shown once it is created."))


class UserEditForm(CrmForm, ZoneFields):
    role = SelectField(_l("Role"), choices=label_choices(ROLES))
    team = SelectField(_l("Team"), choices=[], validate_choice=False)
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    # Each language named in its own words, as in the header's switch.
    locale = SelectField(_l("Language"), validate_choice=False, choices=[("", _l("As their browser asks"))]
                         + [(code, LOCALE_NAMES[code], {"lang": code}) for code in LOCALES])
    active = BooleanField(_l("Active"))
    new_password = PasswordField(_l("New password"), description=_l("Leave empty to keep the current one."))


class TeamForm(CrmForm, ZoneFields):
    name = StringField(_l("Team name"), validators=[required(), Length(max=120)])


class TeamZoneForm(CrmForm, ZoneFields):
    """A team's zone alone: the zone fields and nothing else."""


def _organisation_zone_label() -> str:
    return _("The organisation's zone (%(zone)s)", zone=zones.default_zone_name())


def _team_zone(form) -> tuple[str | None, dict[str, list[str]]]:
    """The zone the team form names (None: the organisation's), or the reasons it cannot be read."""
    missing = form.missing_other()
    if missing:
        return None, missing
    given = form.chosen_zone()[0]
    try:
        return zones.read_zone(given), {}
    except ValueError as exc:
        return None, form.zone_errors_to({"timezone": [str(exc)]})


def _fill_choices(form) -> None:
    form.team.choices = [("", "—")] + [(t.name, t.name) for t in list_teams()]
    if hasattr(form, "department"):
        form.department.choices = [("", "—")] + [(d.slug, d.name) for d in list_departments(current_user)]


@bp.route("/")
@roles_required("admin")
def home():
    """The admin's overview: counts and the latest audit events."""
    overview = admin_overview(current_user)
    return render_template("admin/home.html", counts=overview.counts, events=overview.events,
                           overdue=overview.overdue, readable=_readable)


@bp.route("/users", methods=["GET", "POST"])
@roles_required("admin")
def users():
    """List users and add one."""
    form = UserForm()
    _fill_choices(form)
    if form.validate_on_submit():
        try:
            data = read_input(accounts.UserInput, {
                "email": form.email.data, "name": form.name.data, "role": form.role.data,
                "team": form.team.data or None, "department": form.department.data or None,
                "password": form.password.data or None}, check=accounts.check_new_user)
            user = accounts.create_user(data, current_user)
        except (InvalidInput, Conflict) as exc:
            for msg in apply_errors(form, exc.fields):
                flash(msg, "error")
        else:
            if user.role == "integration":
                # It cannot log in to make a token: show its first one here, once, never in a cookie.
                _token, secret = accounts.create_token(user, "integration")
                return render_template("admin/integration_created.html", user=user, token=secret)
            flash(_('%(user_email)s can now log in as %(role)s.', user_email=user.email, role=label(user.role)), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/users.html", form=form, users=accounts.list_users(current_user)), form_status(form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_user(user_id: int):
    """Change a user's role, team, department, language, time zone or whether they may log in."""
    user = accounts.get_user(current_user, user_id)
    form = UserEditForm(obj=None)
    _fill_choices(form)
    form.fill_zone(user.timezone, _("Their team's zone (%(zone)s)", zone=zones.team_zone_name(user.team)))
    if not form.is_submitted():
        form.role.data, form.active.data = user.role, user.active
        form.team.data = user.team.name if user.team else ""
        form.department.data = user.department.slug if user.department else ""
        form.locale.data = user.locale or ""
    if form.validate_on_submit():
        try:
            if missing := form.missing_other():
                raise InvalidInput(missing)
            accounts.update_user(user.id, current_user, role=form.role.data, team=form.team.data or None,
                                 department=form.department.data or None, active=form.active.data,
                                 locale=form.locale.data, timezone=form.chosen_zone()[0])
            if form.new_password.data:
                accounts.reset_password(current_user, user.id, form.new_password.data)
        except InvalidInput as exc:
            for msg in apply_errors(form, form.zone_errors_to(exc.fields)):
                flash(msg, "error")
        except Conflict as exc:  # the last active admin: the message goes next to what was changed
            field = form.role if form.role.data != "admin" else form.active
            field.errors = [*field.errors, exc.message]
            return render_template("admin/user_edit.html", form=form, user=user), 409
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user), form_status(form)


@bp.route("/teams", methods=["GET", "POST"])
@roles_required("admin")
def teams():
    """List teams and add one."""
    form = TeamForm()
    form.fill_zone(None, _organisation_zone_label())
    if form.validate_on_submit():
        zone_name, errors = _team_zone(form)
        try:
            if errors:
                raise InvalidInput(errors)
            team = create_team(form.name.data, current_user, timezone=zone_name)
        except (InvalidInput, Conflict) as exc:
            apply_errors(form, form.zone_errors_to(exc.fields))
        else:
            flash(_('Team %(team_name)s is created.', team_name=team.name), "success")
            return redirect(url_for("admin.teams"))
    return render_template("admin/teams.html", form=form, teams=teams_with_member_counts(current_user),
                           organisation_zone=zones.default_zone_name()), form_status(form)


@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@roles_required("admin")
def edit_team(team_id: int):
    """Set the time zone a team works in: its members' pages show and read times in it."""
    team = find_team(team_id)
    form = TeamZoneForm()
    form.fill_zone(team.timezone, _organisation_zone_label())
    if form.validate_on_submit():
        zone_name, errors = _team_zone(form)
        try:
            if errors:
                raise InvalidInput(errors)
            set_team_timezone(team.id, current_user, zone_name)
        except InvalidInput as exc:
            apply_errors(form, form.zone_errors_to(exc.fields))
        else:
            flash(_("The team %(team_name)s works in %(zone)s.", team_name=team.name,
                    zone=zone_name or zones.default_zone_name()), "success")
            return redirect(url_for("admin.teams"))
    return render_template("admin/team_edit.html", form=form, team=team), form_status(form)
from . import departments, policy  # noqa: E402,F401  (registers their pages on this blueprint)


# --- the audit trail ------------------------------------------------------------------------------

def _readable(event) -> list[str]:
    """What an audit event changed, its times on the reader's clock."""
    return audit.readable(event, zones.reader_time, in_words=True)


def _audit_filters() -> audit.AuditFilters:
    args = request.args.to_dict()
    # `from` and `to`, as the reports and dashboards call a period, read as the trail's `since` and
    # `until` (a bad day is then refused with the field's reason, not dropped unread).
    for alias, name in (("from", "since"), ("to", "until")):
        if alias in args and name not in args:
            args[name] = args.pop(alias)
    return audit.AuditFilters(**args)


@bp.route("/audit")
@roles_required("admin")
def audit_trail():
    """The audit trail: filter by who, record, action and period; page through it; read what changed."""
    errors = {}
    try:
        page = audit.events_page(current_user, _audit_filters(), 50, request.args.get("cursor"),
                                 zones.reader_zone_name())
    except InvalidInput as exc:
        errors, page = exc.fields, Page([], None, 0)
    entities = audit.entities(current_user)
    args = {k: v for k, v in request.args.items() if k not in ("cursor", "n") and v}
    # the boxes show what was typed, read or not
    return render_template("admin/audit.html", page=page, filters=request.args, errors=errors, entities=entities,
                           args=args, readable=_readable), 422 if errors else 200


@bp.route("/audit.csv")
@roles_required("admin")
def audit_csv():
    """Download the filtered audit trail as CSV."""
    lines = audit.export_csv(current_user, _audit_filters(), zones.reader_zone_name())
    first = next(lines)  # checks the filters (422 page) before the download starts
    return Response(stream_with_context(itertools.chain([first], lines)), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="audit-trail.csv"'})
