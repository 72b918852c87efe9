"""Case pages: mine, my team's, overdue and pending, one case's work, kept follow-ups."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...labels import label
from ...services import cases as case_service
from ...services import customers as customer_service
from ...services.errors import Conflict, InvalidInput
from ..helpers import apply_errors, form_status, roles_required
from .forms import CaseForm, FollowUpForm, NewCaseForm

bp = Blueprint("cases", __name__)
CASE_ROLES = ("agent", "lead", "admin")
PAGE_SIZE = 50

# Each tab of the case list, as the service's filters.
VIEWS = {
    "mine": (_l("Mine"), dict(owner="me", status="active")),
    "team": (_l("Team"), dict(status="active")),
    "overdue": (_l("Overdue"), dict(status="active", overdue="true")),
    "pending": (_l("Pending"), dict(status="pending")),
    "resolved": (_l("Resolved"), dict(status="resolved")),
    "closed": (_l("Closed"), dict(status="closed")),
}


def _owner_choices(team_id):
    """Who a case can go to, as choices."""
    return [(str(u.id), f"{u.name} ({label(u.role)})") for u in case_service.possible_owners(current_user, team_id)]


def _safe_next(default: str) -> str:
    """Where to go back to: only a path on this site."""
    target = request.form.get("next") or request.args.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else default


@bp.route("/cases")
@roles_required(*CASE_ROLES)
def index():
    """List cases by tab (mine, team, overdue, pending), a page at a time with the total; with
    ?customer=<id>, every case of that customer (closed ones too), as the profile's "All cases" opens."""
    view, unknown_view = request.args.get("view", "mine"), None
    if view not in VIEWS:  # say so rather than quietly show another list
        view, unknown_view = "mine", view
    filters, customer = case_service.CaseFilters(**VIEWS[view][1]), None
    if request.args.get("customer"):
        ref = request.args["customer"].strip()
        if not ref.isdecimal() or len(ref) > 10:
            abort(404)
        customer = customer_service.get_customer(int(ref), current_user)  # NotFound when there is none
        filters, view = case_service.CaseFilters(customer=customer.id), None
    page = case_service.list_cases(current_user, filters, PAGE_SIZE, request.args.get("cursor"))
    counts = {name: case_service.count_cases(current_user, case_service.CaseFilters(**spec))
              for name, (_label, spec) in VIEWS.items()}
    return render_template("cases/list.html", page=page, view=view, views=VIEWS, counts=counts, customer=customer,
                           overdue=case_service.overdue_case_ids([c.id for c in page.items]),
                           unknown_view=unknown_view), 422 if unknown_view is not None and customer is None else 200


@bp.route("/cases/<int:case_id>", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def case(case_id: int):
    """One case: its facts, contacts and history; change status, priority or owner, close, reopen."""
    case = case_service.get_case(current_user, case_id)
    form = CaseForm()
    form.owner_id.choices = _owner_choices(case.team_id)
    if request.method == "GET":
        form.status.data, form.priority.data = case.status, case.priority
        form.owner_id.data = str(case.owner_id or "")
    elif form.validate_on_submit():
        changes = {"status": form.status.data, "priority": form.priority.data}
        if form.owner_id.data and form.owner_id.data != str(case.owner_id or ""):
            changes["owner_id"] = form.owner_id.data
        if (form.note.data or "").strip():
            changes["note"] = form.note.data
        try:
            case_service.update_case(current_user, case_id, changes)
        except InvalidInput as exc:
            for message in apply_errors(form, exc.fields):
                flash(message, "error")
        else:
            flash(_("The case is updated."), "success")
            return redirect(url_for("cases.case", case_id=case_id))
    return render_template("cases/case.html", case=case, form=form, reopen=case.status in ("resolved", "closed"),
                           interactions=case_service.interactions_of(case), history=case_service.history(case),
                           overdue=case.id in case_service.overdue_case_ids([case.id]),
                           follow_up_form=FollowUpForm()), form_status(form)


@bp.route("/cases/<int:case_id>/reopen", methods=["POST"])
@roles_required(*CASE_ROLES)
def reopen(case_id: int):
    """Reopen a resolved or closed case."""
    if not FollowUpForm().validate_on_submit():  # the CSRF token
        abort(400)
    case_service.update_case(current_user, case_id, {"status": "open"})
    flash(_("The case is open again."), "success")
    return redirect(url_for("cases.case", case_id=case_id))


@bp.route("/customers/<int:customer_id>/cases/new", methods=["GET", "POST"])
@roles_required(*CASE_ROLES)
def new(customer_id: int):
    """Open a case for this customer by hand."""
    customer = customer_service.get_customer(customer_id, current_user)
    form = NewCaseForm()
    form.owner_id.choices = _owner_choices(current_user.team_id)
    if request.method == "GET":
        form.owner_id.data = str(current_user.id)
    elif form.validate_on_submit():
        try:
            case = case_service.create_case(current_user, case_service.CaseInput(
                customer_id=customer.id, subject=form.subject.data, priority=form.priority.data,
                owner_id=form.owner_id.data or None))
        except InvalidInput as exc:
            for message in apply_errors(form, exc.fields):
                flash(message, "error")
        else:
            flash(_('Case #%(case_id)s is open.', case_id=case.id), "success")
            return redirect(url_for("cases.case", case_id=case.id))
    return render_template("cases/new.html", form=form, customer=customer), form_status(form)


@bp.route("/interactions/<int:interaction_id>/follow-up/done", methods=["POST"])
@roles_required(*CASE_ROLES)
def follow_up_done(interaction_id: int):
    """Mark the follow-up promised on a contact as kept, then go back where the agent was."""
    form = FollowUpForm()
    if not form.validate_on_submit():  # the CSRF token
        abort(400)
    try:
        ix = case_service.mark_follow_up_done(current_user, interaction_id, form.note.data)
    except (Conflict, InvalidInput) as exc:
        flash(exc.message, "error")
        return redirect(_safe_next(url_for("desk.index")))
    flash(_('The follow-up for %(customer_name)s is marked kept.', customer_name=ix.customer.name), "success")
    return redirect(_safe_next(url_for("desk.customer", customer_id=ix.customer_id)))
