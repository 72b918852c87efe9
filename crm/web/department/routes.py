"""The department inbox: list, filter, answer, group and chart the feedback routed to a department."""
from __future__ import annotations

from flask_babel import gettext as _, ngettext
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...labels import label, label_choices
from ...services import department_inbox as inbox, zones
from ...services.pagination import Page
from ...services.errors import Conflict, InvalidInput
from ..helpers import apply_errors, day, roles_required
from .forms import AnswerForm, InboxFilterForm, TrendsForm

bp = Blueprint("department", __name__, url_prefix="/department")
INBOX_ROLES = ("department", "admin")
CHART_WIDTH = 560


@bp.route("/")
@roles_required(*INBOX_ROLES)
def home():
    """Send a member to their department's inbox; show an admin every department."""
    departments = inbox.departments_for(current_user)
    if current_user.role == "department":
        return redirect(url_for("department.feedback_list", slug=departments[0].slug))
    return render_template("department/home.html", departments=departments)


@bp.route("/<slug>")
@roles_required(*INBOX_ROLES)
def feedback_list(slug: str):
    """The department's items, newest first, with filters and the groups of alike open items."""
    form = InboxFilterForm(request.args)
    if "status" not in request.args:
        form.status.data = "open"
    try:
        filters = inbox.InboxFilter(status=form.status.data, category=form.category.data, product=form.product.data,
                                    since=form.since.data, until=form.until.data, group=request.args.get("group"))
        dept, items, page = inbox.feedback_page(current_user, slug, filters, 50, request.args.get("cursor"),
                                                zones.reader_zone_name())
    except InvalidInput as exc:
        for msg in apply_errors(form, exc.fields):
            flash(msg, "error")
        dept, items, page = inbox.department_for(current_user, slug), [], Page([], None, 0)
    return render_template("department/inbox.html", dept=dept, items=items, form=form, page=page,
                           groups=inbox.groups(current_user, dept.slug), group=request.args.get("group"),
                           args={k: v for k, v in request.args.items() if k not in ("cursor", "n")}), \
        (422 if form.errors else 200)


@bp.route("/feedback/<int:feedback_id>", methods=["GET", "POST"])
@roles_required(*INBOX_ROLES)
def answer(feedback_id: int):
    """One item with the answer form: move it on, respond, and optionally answer its whole group."""
    item = inbox.get_item(current_user, feedback_id)
    form = AnswerForm()
    if not form.is_submitted():
        form.status.data = item.feedback.status
        form.response.data = item.feedback.response or ""
    if form.validate_on_submit():
        status = form.status.data if form.status.data != item.feedback.status else None
        response = form.response.data if (form.response.data or "").strip() != (item.feedback.response or "") else None
        try:
            changed = inbox.update_feedback(current_user, feedback_id, status=status, response=response,
                                            whole_group=bool(form.whole_group.data))
        except (InvalidInput, Conflict) as exc:
            for msg in apply_errors(form, exc.fields) or [exc.message]:
                flash(msg, "error")
        else:
            others = len(changed) - 1
            flash(" ".join([_("Saved.")] + ([ngettext("%(num)s alike item changed with it.",
                                                       "%(num)s alike items changed with it.", others)] if others else [])),
                  "success")
            return redirect(url_for("department.feedback_list", slug=item.feedback.department.slug))
    choices = [item.feedback.status] + list(inbox.TRANSITIONS[item.feedback.status])
    form.status.choices = label_choices(choices)
    return render_template("department/answer.html", item=item, form=form,
                           closed=item.feedback.status in inbox.CLOSED_STATUSES), (422 if form.errors else 200)


def _bars(rows: list[tuple[str, int]]) -> list[tuple[str, int, float]]:
    """Each (label, count) with its bar's length in the chart's units."""
    top = max((n for _, n in rows), default=0)
    return [(label, n, (n / top * CHART_WIDTH) if top else 0) for label, n in rows]


@bp.route("/<slug>/trends")
@roles_required(*INBOX_ROLES)
def trends(slug: str):
    """Counts by category, product and week, as bar charts with the numbers beside them."""
    form = TrendsForm(request.args)
    try:
        dept, data = inbox.trends(current_user, slug, form.since.data, form.until.data, zones.reader_zone_name())
    except InvalidInput as exc:
        apply_errors(form, exc.fields)
        dept, data = inbox.trends(current_user, slug, zone_name=zones.reader_zone_name())
    charts = [
        (_("By category"), _("category"), _bars([(label(c), n) for c, n in data.by_category])),
        (_("By product"), _("product"), _bars(data.by_product)),
        (_("By week"), _("week of"), _bars([(day(monday), n) for monday, n in data.by_week])),
    ]
    return render_template("department/trends.html", dept=dept, data=data, charts=charts, form=form,
                           chart_width=CHART_WIDTH), (422 if form.errors else 200)
