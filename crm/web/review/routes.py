"""The review queue: leads (their team) and admins (all) decide on findings, one or many at a time."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ...labels import label
from ...models import CHANNELS, SEVERITIES
from ...services import review as review_service
from ...services.errors import Forbidden, InvalidInput
from ...services.pagination import Page
from ...services.validation import MAX_ID
from ...services.interactions import open_cases, open_follow_ups
from ...services.policy import standards
from ...services.teams import list_teams
from ..helpers import keep_refused, roles_required, take_refused, zone_name

bp = Blueprint("review", __name__, url_prefix="/review")
PAGE_SIZE = 50


@bp.route("/")
@roles_required("lead", "admin")
def queue():
    """Show the findings waiting for a decision, with filters; after a refused bulk decision (redirected
    here), the findings still chosen, the decision and note as typed, and each reason by its field."""
    refused = take_refused("review.decide")
    if refused:
        return _queue(request.args, refused["ids"], refused["decision"], refused["note"], refused["errors"], 422)
    return _queue(request.args)


def _queue(args, chosen=(), decision: str = "", note: str = "", errors=None, status: int = 200):
    """The queue under `args`' filters; after a refused bulk decision, the findings still chosen, the
    decision and note as typed, and each reason next to its field. A filter that cannot be read is
    refused next to its field (nothing listed), the others kept as they were typed."""
    try:
        filters = review_service.queue_filters(current_user, args, zone_name())
        page = review_service.queue_page(current_user, filters, PAGE_SIZE, args.get("cursor"))
    except InvalidInput as exc:
        page, errors, status = Page([], None, 0), {**exc.fields, **(errors or {})}, 422
    return render_template(
        "review/queue.html", findings=page.items, standards=standards(), channels=CHANNELS, severities=SEVERITIES,
        agents=review_service.reviewable_agents(current_user), teams=list_teams(),
        args=args, decisions=review_service.DECISIONS, contact_times=review_service.contact_times(page.items),
        page=page, chosen=set(chosen), decision=decision, note=note, errors=errors or {},
        filter_args={k: v for k, v in args.items() if k not in ("cursor", "n")}), status


@bp.route("/decide", methods=["POST"])
@roles_required("lead", "admin")
def decide():
    """Apply one decision, with its note, to the chosen findings."""
    # ASCII digits of an id a column holds: str.isdigit() says yes to "²" and to 30 digits alike
    ids = [int(v) for v in request.form.getlist("finding") if re.fullmatch(r"[0-9]{1,10}", v) and int(v) <= MAX_ID]
    back = request.form.get("next", "")
    back = back if back.startswith("/") and not back.startswith("//") else url_for("review.queue")
    decision, note = request.form.get("decision", ""), request.form.get("note", "")
    try:
        done = review_service.decide(current_user, ids, decision, note)
    except InvalidInput as exc:  # the same page again, at its own address, nothing chosen or typed lost
        keep_refused("review.decide", ids=ids, decision=decision, note=note, errors=exc.fields)
        return redirect(back if urlsplit(back).path == url_for("review.queue") else url_for("review.queue"))
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
    context = review_service.finding_context(f)
    customer = context.customer
    return render_template(
        "review/finding.html", f=f, ix=context.interaction, customer=customer, others=context.others,
        case=context.case, standard=standards().get(f.standard),
        decisions=review_service.DECISIONS, decision=decision, note=note, errors=errors,
        follow_ups=open_follow_ups(customer.id) if customer else [],
        cases=open_cases(customer.id) if customer else []), status
