"""Notices for everyone; an agent's own findings, coaching notes and standing."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...services import notifications

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
