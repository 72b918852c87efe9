"""Administration of feedback routing: departments, routing rules with a tester, and dead deliveries."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l, ngettext
import re

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms import BooleanField, Form, PasswordField, SelectField, StringField, TextAreaField

from ...constraints import MIN_SECRET
from ...i18n import LOCALE_NAMES, LOCALES
from ...labels import label_choices
from ...models import DELIVERY_STATUSES, FEEDBACK_CATEGORIES
from ...services import departments as department_admin, outbox, routing
from ...services.errors import Conflict, InvalidInput
from ...services.validation import read_input
from ..helpers import CrmForm, apply_errors, required, roles_required
from .routes import bp


def _items(text: str | None) -> list[str]:
    """Lines or comma-separated entries of a text box, blank ones dropped."""
    return [part.strip() for part in re.split(r"[\n,]", text or "") if part.strip()]


class DepartmentForm(CrmForm):
    slug = StringField(_l("Slug"), description=_l("Lower-case letters, digits and dashes, e.g. packaging; cannot change."))
    name = StringField(_l("Name"), validators=[required()])
    emails = TextAreaField(_l("E-mail addresses"), description=_l("One per line; each gets every routed item when "
                                                           "the mail server (CRM_SMTP_URL) is set."))
    webhook_url = StringField(_l("Webhook URL"), description=_l("Receives a signed POST per routed item (optional)."))
    webhook_secret = PasswordField(_l("Webhook secret"), description=_l("At least %(MIN_SECRET)s characters; signs each webhook. "
                                                                 "Leave empty to keep the one set.", MIN_SECRET=MIN_SECRET))
    is_fallback = BooleanField(_l("Fallback: takes the feedback no rule claims"))
    locale = SelectField(_l("Language of its e-mails"), validate_choice=False,
                         choices=[("", _l("The default language"))] + [(code, LOCALE_NAMES[code]) for code in LOCALES])


class RuleForm(CrmForm):
    department = SelectField(_l("Department"), choices=[], validate_choice=False)
    category = SelectField(_l("Category"), choices=label_choices(FEEDBACK_CATEGORIES, blank=_l("any")),
                           validate_choice=False)
    product_pattern = StringField(_l("Product pattern"), description=_l('A glob, e.g. "Kettle*"; empty for any.'))
    keywords = TextAreaField(_l("Keywords"), description=_l('Any of them claims the item; one per line or comma-separated. '
                                                     'Case and accents are ignored; "packag*" is a stem.'))
    priority = StringField(_l("Priority"), default="100", description=_l("Lower is tried first."))


class RuleTestForm(Form):
    category = SelectField(_l("Category"), choices=label_choices(FEEDBACK_CATEGORIES), validate_choice=False)
    product = StringField(_l("Product"))
    text = TextAreaField(_l("What the customer said"), render_kw={"rows": 2})


# --- departments -------------------------------------------------------------------------------

@bp.route("/departments", methods=["GET", "POST"])
@roles_required("admin")
def departments():
    """List departments and add one."""
    form = DepartmentForm()
    if form.validate_on_submit():
        try:
            data = read_input(department_admin.DepartmentInput, {
                "slug": form.slug.data, "name": form.name.data, "emails": _items(form.emails.data),
                "webhook_url": form.webhook_url.data, "webhook_secret": form.webhook_secret.data,
                "is_fallback": bool(form.is_fallback.data)}, check=department_admin.check_new_department)
            dept = department_admin.create_department(data, current_user, locale=form.locale.data or None)
        except (InvalidInput, Conflict) as exc:
            for msg in apply_errors(form, exc.fields):
                flash(msg, "error")
        else:
            flash(_('Department %(dept_name)s is created.', dept_name=dept.name), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/departments.html", form=form,
                           departments=department_admin.list_departments(current_user)), (422 if form.errors else 200)


@bp.route("/departments/<slug>", methods=["GET", "POST"])
@roles_required("admin")
def edit_department(slug: str):
    """Change a department's name, addresses, webhook or fallback role."""
    dept = department_admin.get_department(slug, current_user)
    form = DepartmentForm()
    if not form.is_submitted():
        form.name.data, form.emails.data = dept.name, "\n".join(dept.emails or [])
        form.webhook_url.data, form.is_fallback.data = dept.webhook_url or "", dept.is_fallback
        form.locale.data = dept.locale or ""
    if form.validate_on_submit():
        given = {"name": form.name.data, "emails": _items(form.emails.data), "webhook_url": form.webhook_url.data,
                 "is_fallback": bool(form.is_fallback.data)}
        if form.webhook_secret.data:  # left empty: the secret set stays
            given["webhook_secret"] = form.webhook_secret.data
        try:
            department_admin.update_department(dept.slug, read_input(department_admin.DepartmentChanges, given),
                                               current_user, locale=form.locale.data or "")
        except InvalidInput as exc:
            for msg in apply_errors(form, exc.fields):
                flash(msg, "error")
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("admin.departments"))
    return render_template("admin/department_edit.html", form=form, dept=dept), (422 if form.errors else 200)


# --- routing rules ---------------------------------------------------------------------------------

@bp.route("/routing", methods=["GET", "POST"])
@roles_required("admin")
def routing_rules():
    """List the rules in the order they are tried, add one, and try a sample item against them."""
    form = RuleForm()
    form.department.choices = [(d.slug, d.name) for d in department_admin.list_departments(current_user)]
    if form.validate_on_submit():
        try:
            data = read_input(routing.RoutingRuleInput, {
                "department": form.department.data, "category": form.category.data or None,
                "product_pattern": form.product_pattern.data, "keywords": _items(form.keywords.data),
                "priority": (form.priority.data or "").strip() or None}, check=routing.validate_rule)
            rule = routing.create_rule(data, current_user)
        except InvalidInput as exc:
            for msg in apply_errors(form, exc.fields):
                flash(msg, "error")
        else:
            flash(_('Rule %(rule_id)s sends matching feedback to %(department_name)s.', rule_id=rule.id, department_name=rule.department.name), "success")
            return redirect(url_for("admin.routing_rules"))
    tester = RuleTestForm(request.args)
    decision = None
    if "text" in request.args:
        try:
            decision = routing.try_routing(current_user, tester.category.data, tester.product.data, tester.text.data)
        except InvalidInput as exc:
            apply_errors(tester, exc.fields)
    status = 422 if form.errors or tester.errors else 200
    return render_template("admin/routing.html", form=form, rules=routing.list_rules(current_user),
                           tester=tester, decision=decision), status


@bp.route("/routing/<int:rule_id>/delete", methods=["POST"])
@roles_required("admin")
def delete_routing_rule(rule_id: int):
    """Delete a routing rule; the items it routed keep their department."""
    routing.delete_rule(rule_id, current_user)
    flash(_('Rule %(rule_id)s is deleted.', rule_id=rule_id), "success")
    return redirect(url_for("admin.routing_rules"))


# --- deliveries --------------------------------------------------------------------------------

@bp.route("/deliveries")
@roles_required("admin")
def deliveries():
    """The outbox by status, the dead ones first, with their last error and a retry button."""
    status = request.args.get("status", "dead")
    if status not in DELIVERY_STATUSES:
        status = "dead"
    try:
        page = outbox.deliveries_page(current_user, status, 50, request.args.get("cursor"))
    except InvalidInput:  # a mangled "next" link: start from the newest
        page = outbox.deliveries_page(current_user, status, 50)
    return render_template("admin/deliveries.html", deliveries=page.items, status=status, statuses=DELIVERY_STATUSES,
                           page=page)


@bp.route("/deliveries/<int:delivery_id>/retry", methods=["POST"])
@roles_required("admin")
def retry_delivery(delivery_id: int):
    """Send one delivery again with a fresh set of attempts."""
    try:
        outbox.retry(delivery_id, current_user)
    except Conflict as exc:
        flash(exc.message, "error")
    else:
        flash(_('Delivery %(delivery_id)s will be sent again by the worker.', delivery_id=delivery_id), "success")
    return redirect(url_for("admin.deliveries", status=request.form.get("status", "dead")))


@bp.route("/deliveries/retry-dead", methods=["POST"])
@roles_required("admin")
def retry_dead_deliveries():
    """Send every dead delivery again."""
    count = outbox.retry_all_dead(current_user)
    flash(ngettext('%(num)s dead delivery will be sent again by the worker.', '%(num)s dead deliveries will be sent again by the worker.', count), "success")
    return redirect(url_for("admin.deliveries"))
