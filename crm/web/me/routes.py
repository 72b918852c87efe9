"""Notices for everyone; an agent's own findings, coaching notes and standing."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import findings, notifications, review
from ..helpers import roles_required

bp = Blueprint("me", __name__, url_prefix="/me")


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
    mine, _ = findings.list_findings(current_user, limit=50)
    return render_template("me/standing.html", findings=mine, notes=review.coaching_notes(current_user),
                           standing=review.agent_standing(current_user))


@bp.route("/coaching/<int:note_id>/acknowledge", methods=["POST"])
@roles_required("agent", "lead", "admin")
def acknowledge(note_id: int):
    """Acknowledge a coaching note; the lead who wrote it is told."""
    review.acknowledge(current_user, note_id)
    flash("Noted. Your lead can see you have read it.", "success")
    return redirect(url_for("me.standing"))
