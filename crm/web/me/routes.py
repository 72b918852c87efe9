"""Notices for everyone; an agent's own findings, coaching notes and standing."""
from __future__ import annotations

from flask_babel import gettext as _
from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ...services import accounts, findings, justification, notifications, review, zones
from ...services.errors import Conflict, InvalidInput
from ...services.policy import standards
from ..helpers import apply_errors, form_status, roles_required
from ..account.routes import _local_path
from ..zone_fields import ZoneFields

bp = Blueprint("me", __name__, url_prefix="/me")


class ZoneForm(FlaskForm, ZoneFields):
    """The reader's own zone: the zone fields and nothing else."""


def zone_form(user) -> ZoneForm:
    """The picker of the user's own zone; blank is "Use my team's zone", naming the zone that means."""
    form = ZoneForm()
    fallback = zones.team_zone_name(user.team)
    form.fill_zone(user.timezone, _("Use my team's zone (%(zone)s)", zone=fallback) if user.team
                   else _("Use the organisation's zone (%(zone)s)", zone=fallback))
    return form


@bp.route("/zone", methods=["GET", "POST"])
@login_required
def zone():
    """Choose the time zone the pages show and read times in (the team's by default)."""
    form = zone_form(current_user)
    if form.validate_on_submit():
        errors = form.missing_other()
        if not errors:
            try:
                accounts.set_timezone(current_user, form.chosen_zone()[0])
            except InvalidInput as exc:
                errors = exc.fields
        if errors:
            apply_errors(form, form.zone_errors_to(errors))
        else:
            g.pop("reader_zone", None)
            flash(_("Saved. Times are now shown and read in %(zone)s.", zone=zones.zone_name_of(current_user)),
                  "success")
            return redirect(_local_path(request.form.get("next")) or url_for("me.zone"))
    return render_template("me/zone.html", form=form), form_status(form)


@bp.route("/notices")
@login_required
def notices():
    """List the user's notices, newest first."""
    return render_template("me/notices.html", notices=notifications.recent(current_user))


@bp.route("/notices/read", methods=["POST"])
@login_required
def read_notices():
    """Mark one notice, or all, as read; follow the notice's link when it has one."""
    notice_id = request.form.get("id", type=int)
    notifications.mark_read(current_user, notice_id)
    target = request.form.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect(url_for("me.notices"))


@bp.route("/")
@roles_required("agent", "lead", "admin")
def standing():
    """The agent's own page: findings, coaching notes to acknowledge, compliance and targets."""
    mine, _cursor = findings.list_findings(current_user, agent=str(current_user.id), limit=50)  # a lead's own, not the team's
    return render_template("me/standing.html", findings=mine, notes=review.coaching_notes(current_user),
                           standing=review.agent_standing(current_user), zone_form=zone_form(current_user))


@bp.route("/coaching/<int:note_id>/acknowledge", methods=["POST"])
@roles_required("agent", "lead", "admin")
def acknowledge(note_id: int):
    """Acknowledge a coaching note; the lead who wrote it is told."""
    review.acknowledge(current_user, note_id)
    flash(_("Noted. Your lead can see you have read it."), "success")
    return redirect(url_for("me.standing"))


@bp.route("/findings/<int:finding_id>", methods=["GET", "POST"])
@roles_required("agent", "lead", "admin")
def finding(finding_id: int):
    """One of my findings in context; justify it (or withdraw the justification) until the lead decides."""
    f = review.get_finding(current_user, finding_id)
    if f.agent_id != current_user.id:  # a lead reads a team member's finding on the review page, not as their own
        abort(404)
    errors, reason, status = {}, request.form.get("reason", ""), 200
    if request.method == "POST":
        try:
            if request.form.get("action") == "withdraw":
                justification.withdraw(current_user, finding_id)
                flash(_("Your justification is withdrawn; the finding is open again."), "success")
            else:
                justification.justify(current_user, finding_id, reason)
                flash(_("Your reason is recorded; the finding waits for your lead as justified."), "success")
            return redirect(url_for("me.finding", finding_id=finding_id))
        except (InvalidInput, Conflict) as exc:
            errors, status = exc.fields or {"reason": [exc.message]}, 422 if isinstance(exc, InvalidInput) else 409
    ix = review.contact_of(f)
    return render_template("me/finding.html", f=f, ix=ix, standard=standards().get(f.standard), errors=errors,
                           reason=reason or (f.justification or ""),
                           open_to_change=f.mode == "enforce" and f.status in ("open", "justified")), status
