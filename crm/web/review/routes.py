"""The review queue: leads (their team) and admins (all) decide on findings, one or many at a time."""
from __future__ import annotations

import re
from datetime import datetime, time, timezone

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user
from sqlalchemy import select

from ...labels import label
from ...extensions import db
from ...models import CHANNELS, SEVERITIES, Case, Customer, Finding, Interaction, Team, User
from ...services import review as review_service
from ...services.errors import Forbidden, InvalidInput
from ...services.validation import MAX_ID
from ...services.interactions import open_cases, open_follow_ups
from ...services.policy import standards
from ..helpers import roles_required

bp = Blueprint("review", __name__, url_prefix="/review")
PAGE_SIZE = 50


def _day(name: str, end: bool = False):
    raw = request.args.get(name, "")
    try:
        day = datetime.strptime(raw, "%Y-%m-%d").date()
    except ValueError:
        return None
    at = datetime.combine(day, time.max if end else time.min, timezone.utc)
    return at


def _filters() -> review_service.QueueFilters:
    args = request.args
    return review_service.QueueFilters(
        standard=args.get("standard", ""), agent_id=args.get("agent", type=int), channel=args.get("channel", ""),
        severity=args.get("severity", ""), start=_day("from"), end=_day("to", end=True),
        team_id=args.get("team", type=int) if current_user.role == "admin" else None)


@bp.route("/")
@roles_required("lead", "admin")
def queue():
    """Show the findings waiting for a decision, with filters."""
    page = review_service.queue_page(current_user, _filters(), PAGE_SIZE, request.args.get("cursor"))
    findings = page.items
    ids = {f.interaction_id for f in findings if f.interaction_id}
    contact_times = dict(db.session.execute(
        select(Interaction.id, Interaction.started_at).where(Interaction.id.in_(ids))).all()) if ids else {}
    agents_stmt = select(User).where(User.role.in_(("agent", "lead"))).order_by(User.name)
    if current_user.role == "lead":
        agents_stmt = agents_stmt.where(User.team_id == current_user.team_id)
    return render_template(
        "review/queue.html", findings=findings, standards=standards(), channels=CHANNELS, severities=SEVERITIES,
        agents=db.session.scalars(agents_stmt).all(), teams=db.session.scalars(select(Team).order_by(Team.name)).all(),
        args=request.args, decisions=review_service.DECISIONS, contact_times=contact_times, page=page,
        filter_args={k: v for k, v in request.args.items() if k not in ("cursor", "n")})


@bp.route("/decide", methods=["POST"])
@roles_required("lead", "admin")
def decide():
    """Apply one decision, with its note, to the chosen findings."""
    # ASCII digits of an id a column holds: str.isdigit() says yes to "²" and to 30 digits alike
    ids = [int(v) for v in request.form.getlist("finding") if re.fullmatch(r"[0-9]{1,10}", v) and int(v) <= MAX_ID]
    back = request.form.get("next", "")
    back = back if back.startswith("/") and not back.startswith("//") else url_for("review.queue")
    try:
        done = review_service.decide(current_user, ids, request.form.get("decision", ""), request.form.get("note", ""))
    except InvalidInput as exc:
        for reasons in exc.fields.values():
            for reason in reasons:
                flash(reason, "error")
        return redirect(back)
    except Forbidden as exc:
        flash(exc.message, "error")
        return redirect(back)
    flash(ngettext('%(num)s finding is now %(status)s.', '%(num)s findings are now %(status)s.', len(done), status=label(done[0].status)), "success")
    return redirect(back)


@bp.route("/findings/<int:finding_id>", methods=["GET", "POST"])
@roles_required("lead", "admin")
def finding(finding_id: int):
    """One finding in the context of its contact and customer, with the decision form."""
    f = review_service.get_finding(current_user, finding_id)
    errors, status = {}, 200
    decision, note = request.form.get("decision", ""), request.form.get("note", "")
    if request.method == "POST":
        try:
            review_service.decide(current_user, [f.id], decision, note)
        except InvalidInput as exc:
            errors, status = exc.fields, 422
        else:
            flash(_('Finding %(f_id)s is now %(status)s.', f_id=f.id, status=label(f.status)), "success")
            return redirect(url_for("review.queue"))
    ix = db.session.get(Interaction, f.interaction_id) if f.interaction_id else None
    customer = db.session.get(Customer, f.customer_id) if f.customer_id else None
    others = db.session.scalars(select(Finding).where(Finding.interaction_id == ix.id, Finding.id != f.id)).all() \
        if ix is not None else []
    return render_template(
        "review/finding.html", f=f, ix=ix, customer=customer, others=others,
        case=db.session.get(Case, f.case_id) if f.case_id else None, standard=standards().get(f.standard),
        decisions=review_service.DECISIONS, decision=decision, note=note, errors=errors,
        follow_ups=open_follow_ups(customer.id) if customer else [],
        cases=open_cases(customer.id) if customer else []), status
