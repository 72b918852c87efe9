"""The agent desk: find the caller, see their history, log the contact."""
from __future__ import annotations

from flask_babel import get_locale, gettext as _
import re
from datetime import datetime, timezone

from phonenumbers import country_code_for_region
from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from ...api.schemas import CustomerExport  # the API's form of the export, the same download
from ...labels import label
from ...models import CHANNELS
from ...services import cases as case_service
from ...services import customers as customer_service
from ...services import interactions as interaction_service
from ...services import lookup as lookup_service
from ...services import screen_pop
from ...services.contacts import split_phones
from ...services import routing as routing_service
from ...services import accounts, privacy, surveys
from ...services.contacts import format_phone
from ...services.access import sees_every_finding_of
from ...services.errors import Conflict, InvalidInput, NotFound
from ...services.policy import policy_by_id, standards
from ..helpers import (apply_errors, form_status, labelled_errors, roles_required, typed_amount, typed_time,
                       wall_clock, zone_hint, zone_hints)
from ..cases.forms import FollowUpForm
from .forms import CustomerForm, InteractionForm, MergeForm

bp = Blueprint("desk", __name__)
DESK_ROLES = ("agent", "lead", "admin")


@bp.route("/desk")
@roles_required(*DESK_ROLES)
def index():
    """Show the agent's overdue work grouped (one line per customer and case), upcoming promises
    and recent contacts."""
    groups, late_promises, late_cases, late_case_total = case_service.overdue_work(current_user)
    recent = interaction_service.recent_contacts(current_user, 10)
    upcoming = interaction_service.upcoming_promises(current_user, 10)
    return render_template("desk/index.html", recent=recent, upcoming=upcoming, groups=groups,
                           late_promises=late_promises, late_cases=late_cases, late_case_total=late_case_total)


@bp.route("/search")
@roles_required(*DESK_ROLES)
def search():
    """Search by phone, e-mail, account number or name; the box asks for the results fragment."""
    query = request.args.get("q", "")
    results = lookup_service.search(current_user, query)
    # As the API does (GET /api/v1/customers?q=): too short a name is said so, not "Nobody matches".
    shown = dict(results=results, query=query, min_chars=lookup_service.MIN_FRAGMENT, blank=not query.strip(),
                 too_short=bool(query.strip()) and not lookup_service.searchable(query.strip()))
    if request.args.get("fragment"):
        return render_template("desk/_results.html", **shown)
    if len(results) == 1 and request.args.get("go"):
        return redirect(url_for("desk.customer", customer_id=results[0].id))
    return render_template("desk/search.html", **shown)


@bp.route("/lookup")
@roles_required(*DESK_ROLES)
def lookup():
    """The screen-pop: land on the profile when exactly one customer has this phone, e-mail or account."""
    args = {k: request.args.get(k, "") for k in ("phone", "email", "account")}
    try:
        found = screen_pop.find(current_user, **args)  # one statement, no ORM
        if found is not None and len(found) == 1:
            return redirect(url_for("desk.customer", customer_id=found[0]["id"]))
        result = lookup_service.lookup(current_user, **args)
    except InvalidInput:
        flash(_("A screen-pop needs exactly one of phone, email or account."), "error")
        return redirect(url_for("desk.index"))
    if result.unique:
        return redirect(url_for("desk.customer", customer_id=result.unique.id))
    query = next(v for v in args.values() if v)
    return render_template("desk/search.html", results=result.customers, query=query,
                           ambiguous=len(result.customers) > 1, screen_pop=True)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _preferences(text: str | None) -> tuple[dict, list[str]]:
    prefs, bad = {}, []
    for line in _lines(text):
        key, sep, value = line.partition(":")
        if not sep or not key.strip():
            bad.append(_('"%(line)s" is not "name: value"', line=line))
        else:
            prefs[key.strip()] = value.strip()
    return prefs, bad


def _save_customer(form: CustomerForm, save):
    """Read the form as the service's input, call the service; on refusal put the reasons next to the
    fields (the preferences' lines too, in the same answer as the other fields' problems)."""
    region = lookup_service.phone_region(current_user)
    form.phones.description = _(
        "One per line, written any way; without a country code, a number is read as one in %(country)s "
        "(+%(code)s). It is stored in international form.",
        country=get_locale().territories.get(region, region), code=country_code_for_region(region))
    if not form.is_submitted() or (not form.validate() and "csrf_token" in form.errors):
        return None  # a failed field check does not stop the service's: every problem in one answer
    prefs, bad_prefs = _preferences(form.preferences.data)
    try:
        try:
            data = customer_service.CustomerInput(
                name=form.name.data or "", account_number=form.account_number.data,
                phones=split_phones(form.phones.data), emails=_lines(form.emails.data), company=form.company.data,
                language=form.language.data, preferred_channel=form.preferred_channel.data,
                tier=form.tier.data, notes=form.notes.data, preferences=prefs,
            )
            customer_service.validate(data)
        except InvalidInput as exc:
            # Every problem in one answer: a number or account another customer has, as well as
            # the lines that cannot be read at all.
            taken = customer_service.clashes(split_phones(form.phones.data), _lines(form.emails.data),
                                             form.account_number.data, getattr(form, "own_id", None))
            fields = {**exc.fields}
            for name, reasons in taken.items():
                fields[name] = fields.get(name, []) + reasons
            if bad_prefs:
                fields["preferences"] = fields.get("preferences", []) + bad_prefs
            raise InvalidInput(fields)
        if bad_prefs:
            raise InvalidInput({"preferences": bad_prefs})
        return save(data)
    except InvalidInput as exc:
        for msg in apply_errors(form, exc.fields):
            flash(msg, "error")
    except Conflict as exc:
        apply_errors(form, exc.fields)
        flash(exc.message, "error")
        form.conflict_id = exc.existing_id
    return None


def _warn_doubtful_phones(customer) -> None:
    """Saved, but a number its country does not know is said on the profile the form leads to."""
    for message in customer_service.phone_warnings(customer).get("phones", []):
        flash(message, "warning")


@bp.route("/customers/new", methods=["GET", "POST"])
@roles_required(*DESK_ROLES)
def new_customer():
    """Create a customer."""
    form = CustomerForm()
    if request.method == "GET":
        q = request.args.get("q", "").strip()
        if q and "@" in q:
            form.emails.data = q
        elif q and lookup_service.looks_like_phone(q):
            form.phones.data = q
        elif q:
            form.name.data = q
    customer = _save_customer(form, lambda data: customer_service.create_customer(data, current_user))
    if customer:
        flash(_('%(customer_name)s is saved.', customer_name=customer.name), "success")
        _warn_doubtful_phones(customer)
        return redirect(url_for("desk.customer", customer_id=customer.id))
    return render_template("desk/customer_form.html", form=form, customer=None), form_status(form)


@bp.route("/customers/<int:customer_id>/edit", methods=["GET", "POST"])
@roles_required(*DESK_ROLES)
def edit_customer(customer_id: int):
    """Edit a customer's details and contact points."""
    customer = customer_service.get_customer(customer_id, current_user)
    form = CustomerForm()
    if request.method == "GET":
        current = customer_service.as_input(customer)
        form.process(data={**current.given(), "phones": "\n".join(format_phone(c.value) for c in customer.phones),
                           "emails": "\n".join(current.given()["emails"]),
                           "preferences": "\n".join(f"{k}: {v}" for k, v in current.preferences.items()),
                           "language": current.language or "", "preferred_channel": current.preferred_channel or "",
                           "tier": current.tier or ""})
    form.own_id = customer_id
    saved = _save_customer(form, lambda data: customer_service.update_customer(customer_id, data, current_user))
    if saved:
        flash(_("Changes saved."), "success")
        _warn_doubtful_phones(saved)
        return redirect(url_for("desk.customer", customer_id=customer_id))
    return render_template("desk/customer_form.html", form=form, customer=customer), form_status(form)


@bp.route("/customers/<int:customer_id>")
@roles_required(*DESK_ROLES)
def customer(customer_id: int):
    """The customer at a glance: who, preferences, promises, open cases, history."""
    customer = customer_service.get_customer(customer_id, current_user)
    if customer.merged_into_id:
        survivor = customer_service.resolve_merged(customer)
        flash(_('Customer %(customer_id)s was merged into this record.', customer_id=customer_id), "info")
        return redirect(url_for("desk.customer", customer_id=survivor.id))
    items, next_cursor = interaction_service.timeline(customer.id, current_user, 20, request.args.get("after"))
    details = interaction_service.timeline_details(current_user, [ix.id for ix in items])
    # Case changes and kept follow-ups belong on the timeline too, beside the contacts of this page.
    case_events = case_service.customer_case_events(
        customer.id, newer_than=items[-1].started_at if items and next_cursor else None,
        older_than=items[0].started_at if items and request.args.get("after") else None)
    return render_template(
        "desk/customer.html", customer=customer, timeline=items, next_cursor=next_cursor,
        findings=details.findings, feedback=details.feedback, ratings=details.ratings,
        follow_ups=interaction_service.open_follow_ups(customer.id),
        cases=interaction_service.open_cases(customer.id), merge_form=MergeForm(),
        case_events=case_events, follow_up_form=FollowUpForm(),
    )


@bp.route("/customers/<int:customer_id>/merge", methods=["POST"])
@roles_required(*DESK_ROLES)
def merge(customer_id: int):
    """Merge a duplicate record into this customer."""
    form = MergeForm()
    if not form.validate_on_submit():
        flash(_("Give the customer number of the duplicate to merge."), "error")
        return redirect(url_for("desk.customer", customer_id=customer_id))
    try:
        customer_service.merge_customers(customer_id, form.duplicate_id.data, current_user)
    except (InvalidInput, NotFound) as exc:
        flash(exc.message if not exc.fields else "; ".join(sum(exc.fields.values(), [])), "error")
    else:
        flash(_('Customer %(data)s is merged into this record.', data=form.duplicate_id.data), "success")
    return redirect(url_for("desk.customer", customer_id=customer_id))


def _typed_values(form: InteractionForm) -> tuple[dict, dict[str, list[str]]]:
    """The form's times in UTC, each read in the reader's zone, and its amount read in the reader's
    language, and by field what is wrong with them (a time the clocks skipped, an amount that is not
    one, is None with the reason: see helpers.typed_time and typed_amount)."""
    values, errors = {}, {}
    for name in ("started_at", "ended_at", "follow_up_due"):
        values[name], problem = typed_time(getattr(form, name), last_of_day=name == "follow_up_due")
        if problem:
            errors[name] = [problem]
    values["amount"], problem = typed_amount(form.amount.data)
    if problem:
        errors["amount"] = [problem]
    return values, errors


def _interaction_form(customer) -> InteractionForm:
    form = InteractionForm()
    hint, hints = zone_hint(), zone_hints()  # what a typed time means, next to each time field
    for name in ("started_at", "ended_at", "follow_up_due"):
        field = getattr(form, name)
        field.description = hint
        if hints:  # the zone changes its offset: the hint follows the day typed (workplace.js)
            field.render_kw = {**(field.render_kw or {}), "data-zone-hints": hints}
    form.case_id.choices = [("", _("new or none"))] + [
        (str(c.id), f"#{c.id} {c.subject[:60]}") for c in case_service.cases_to_log_on(customer.id)]
    form.approved_by.choices = [("", "—")] + [(str(u.id), f"{u.name} ({label(u.role)})")
                                              for u in accounts.approvers(current_user)]
    codes = [("", "—")] + [(code, f"{code} — {_(s.title)}") for code, s in standards().items()]
    for entry in form.justifications:
        entry.form.standard.choices = codes
    return form


def _filled(value) -> bool:
    return bool((value or "").strip()) if isinstance(value, str) or value is None else bool(value)


def _rows(entries, filled, build) -> tuple[list, list[int]]:
    """The rows of a list of sub-forms that hold anything, and the form index of each.

    Blank rows are left out; a half-filled row is sent as it is, so the service says what it
    lacks and the message lands next to that row's field.
    """
    items, where = [], []
    for i, entry in enumerate(entries):
        if filled(entry.form):
            items.append(build(entry.form))
            where.append(i)
    return items, where


def _interaction_input(form: InteractionForm, customer_id: int):
    holds, form.row_index_holds = _rows(
        form.holds, lambda h: _filled(h.seconds.data) or bool(h.apologized.data),
        lambda h: {"seconds": (h.seconds.data or "").strip() or None, "apologized": bool(h.apologized.data)})
    transfers, form.row_index_transfers = _rows(
        form.transfers, lambda t: _filled(t.kind.data) or _filled(t.to.data),
        lambda t: {"type": t.kind.data or None, "to": t.to.data})
    feedback, form.row_index_feedback = _rows(
        form.feedback, lambda f: _filled(f.category.data) or _filled(f.product.data) or _filled(f.text.data),
        lambda f: {"category": f.category.data, "product": f.product.data, "text": f.text.data})
    form.row_index_suggestions = [i for i, s in enumerate(form.suggestions) if s.confirmed.data]
    typed, typed_errors = _typed_values(form)

    def time_problems() -> dict[str, list[str]]:
        # Told in the same answer as what could not be read: the times' own problems (an end before
        # the start, a hold longer than the contact) among the values that could.
        seconds = [] if form.call_id.data else \
            [int(h["seconds"]) if str(h["seconds"] or "").isdecimal() else None for h in holds]
        # A start that could not be read (a time the clocks skipped) is not "now": the end is not
        # compared with anything until the start is fixed, so only the real error shows.
        ended = None if "started_at" in typed_errors else typed["ended_at"]
        return interaction_service.time_problems(typed["started_at"], ended, seconds)

    try:
        data = _read_interaction(form, customer_id, holds, transfers, feedback, typed)
    except InvalidInput as exc:
        raise InvalidInput({**time_problems(), **exc.fields, **typed_errors}) from None
    if typed_errors:  # a skipped time or an unreadable amount is not guessed: the form says why
        raise InvalidInput({**time_problems(), **typed_errors})
    return data


def _read_interaction(form: InteractionForm, customer_id: int, holds, transfers, feedback, typed: dict):
    return interaction_service.InteractionInput(
        customer_id=customer_id, channel=form.channel.data, direction=form.direction.data,
        started_at=typed["started_at"], ended_at=typed["ended_at"],
        queue_wait_seconds=(form.queue_wait_seconds.data or "").strip() or None,
        holds=holds, transfers=transfers,
        summary=form.summary.data, transcript=form.transcript.data, language=form.language.data or None,
        outcome=form.outcome.data or None, follow_up_due=typed["follow_up_due"],
        case_id=form.case_id.data or None, amount=typed["amount"],
        approved_by=form.approved_by.data or None,
        justifications={j.standard.data: j.reason.data for j in form.justifications
                        if j.standard.data and (j.reason.data or "").strip()},
        feedback=feedback
        + [{"category": s.category.data, "product": s.product.data, "text": s.text.data, "source": "classifier"}
           for s in form.suggestions if s.confirmed.data],
        call_id=form.call_id.data or None,
    )


def _half_filled(form: InteractionForm) -> dict[str, list[str]]:
    """Rows the service cannot see are incomplete: a reason with no standard, or the reverse."""
    fields: dict[str, list[str]] = {}
    for i, j in enumerate(form.justifications):
        has_standard, has_reason = bool(j.standard.data), _filled(j.reason.data)
        if has_standard and not has_reason:
            fields[f"justifications[{i}].reason"] = ["say why you departed from this standard"]
        elif has_reason and not has_standard:
            fields[f"justifications[{i}].standard"] = ["choose the standard this reason is for"]
    return fields


def _to_form_rows(form: InteractionForm, fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """The service's row numbers ("transfers[0].type") as the form's rows ("transfers[1].kind")."""
    out: dict[str, list[str]] = {}
    manual_feedback = len(getattr(form, "row_index_feedback", []))
    for name, reasons in fields.items():
        match = re.fullmatch(r"(holds|transfers|feedback)\[(\d+)\](.*)", name)
        if match:
            kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
            where = getattr(form, f"row_index_{kind}", [])
            if kind == "feedback" and index >= manual_feedback:
                kind, index, where = "suggestions", index - manual_feedback, getattr(form, "row_index_suggestions", [])
            if index < len(where):
                rest = ".kind" if kind == "transfers" and rest == ".type" else rest
                name = f"{kind}[{where[index]}]{rest}"
        out.setdefault(name, []).extend(reasons)
    return out


def _suggest(form: InteractionForm) -> None:
    """Fill the form's suggestions from the classifier; ticks already given stay on the same items."""
    suggestions = routing_service.suggest_feedback(current_user, form.summary.data, form.transcript.data,
                                                   form.language.data or None)
    ticked = {(s.category.data, (s.text.data or "").strip()) for s in form.suggestions if s.confirmed.data}
    while form.suggestions.entries:
        form.suggestions.pop_entry()
    for s in suggestions[:form.suggestions.max_entries]:
        form.suggestions.append_entry({"confirmed": (s.category, s.text) in ticked, "category": s.category,
                                       "product": s.product or "", "text": s.text,
                                       "routed_to": s.department.name})
    form.suggested = True


@bp.route("/desk/suggest-feedback", methods=["POST"])
@roles_required(*DESK_ROLES)
def suggest_feedback():
    """Answer the form's "Suggest feedback" button with the suggestion rows, as an HTML fragment."""
    form = InteractionForm()
    try:
        _suggest(form)
    except InvalidInput as exc:
        return render_template("desk/_suggestions.html", form=form,
                               problems=[f"{k}: {r}" for k, rs in exc.fields.items() for r in rs]), 422
    return render_template("desk/_suggestions.html", form=form)


@bp.route("/standards/<code>")
@login_required
def standard(code: str):
    """Why a standard exists: what it asks, the article it comes from, and its parameters.

    With ?version=<policy version id>, the parameters that version runs it with (a pilot's own).
    """
    known = standards()
    if code not in known:
        raise NotFound(_('No standard %(code)r.', code=code[:60]))
    rules = []
    version_id = request.args.get("version", type=int)
    version = policy_by_id(version_id) if version_id and 1 <= version_id <= 2**31 - 1 else None
    if version is not None:
        rules = [r for r in version.rules if r.standard == code]
    return render_template("desk/standard.html", standard=known[code], version=version, rules=rules)


def _check(form: InteractionForm, customer_id: int) -> dict:
    """What logging the form would flag now, for the "Check before saving" panel; stores nothing."""
    try:
        checked = interaction_service.check_interaction(_interaction_input(form, customer_id), current_user)
    except (InvalidInput, NotFound) as exc:
        fields = _to_form_rows(form, getattr(exc, "fields", {}) or {})
        return {"problems": labelled_errors(form, fields) or [{"id": None, "label": "", "message": exc.message}],
                "fields": fields}
    return {"checked": checked.results, "policy_number": checked.policy_number}


@bp.route("/customers/<int:customer_id>/interactions/check", methods=["POST"])
@roles_required(*DESK_ROLES)
def check_interaction(customer_id: int):
    """Answer the form's "Check before saving" button with what would be flagged, as an HTML fragment."""
    customer = customer_service.get_customer(customer_id, current_user)
    form = _interaction_form(customer)
    result = _check(form, customer.id)
    result.pop("fields", None)
    return render_template("desk/_check.html", standards=standards(), **result), \
        (422 if "problems" in result else 200)


@bp.route("/customers/<int:customer_id>/interactions/new", methods=["GET", "POST"])
@roles_required(*DESK_ROLES)
def log_interaction(customer_id: int):
    """Log a contact with the customer; show the findings right after."""
    customer = customer_service.get_customer(customer_id, current_user)
    form = _interaction_form(customer)
    if request.method == "GET":
        form.started_at.data = wall_clock(datetime.now(timezone.utc))
        form.language.data = customer.language or ""
        # A contact is logged while it happens, mostly on the phone: not in the channel the customer
        # prefers to be written to. A link from a call or a chat may name the channel it came in on.
        form.channel.data = request.args.get("channel") if request.args.get("channel") in CHANNELS else "phone"
        if request.args.get("case", "").isdecimal():  # "Log a contact" from a case's page
            form.case_id.data = request.args["case"]
            if case_service.is_closed_case_of(customer.id, int(request.args["case"][:10])):
                # Said before saving: the contact is filed as the API files it, not on the closed case.
                form.case_id.description = _(
                    "Case #%(id)s is closed: this contact is not filed on it, and opens a new case if it "
                    "needs one. Reopen the case first to log on it.", id=request.args["case"][:10])
        if request.args.get("call"):
            from .calls import prefill_from_call
            prefill_from_call(form, request.args["call"])
    if request.method == "POST" and request.form.get("check"):
        # Without JavaScript the check button submits the form: show it again with the check, and
        # each problem next to its field too.
        result = _check(form, customer.id)
        apply_errors(form, result.pop("fields", {}))
        return render_template("desk/interaction_form.html", form=form, customer=customer,
                               standards=standards(), **result)
    if request.method == "POST" and request.form.get("suggest"):
        # Without JavaScript the suggest button submits the form: show it again with suggestions.
        try:
            _suggest(form)
        except InvalidInput as exc:
            for msg in apply_errors(form, exc.fields):
                flash(msg, "error")
        return render_template("desk/interaction_form.html", form=form, customer=customer)
    if form.validate_on_submit():
        try:
            half = _half_filled(form)
            try:
                data = _interaction_input(form, customer.id)
                if half:  # report the service's reasons in the same answer, and store nothing
                    interaction_service.validate(data)
            except InvalidInput as exc:
                raise InvalidInput({**exc.fields, **half}) from None
            if half:
                raise InvalidInput(half)
            logged = interaction_service.log_interaction(data, current_user)
        except InvalidInput as exc:
            for msg in apply_errors(form, _to_form_rows(form, exc.fields)):
                flash(msg, "error")
        except (NotFound, Conflict) as exc:  # Conflict: the call was logged already
            flash(exc.message, "error")
        else:
            flash(_("The contact is logged."), "success")
            return redirect(url_for("desk.interaction", interaction_id=logged.interaction.id, logged=1))
    return render_template("desk/interaction_form.html", form=form, customer=customer), form_status(form)


@bp.route("/interactions/<int:interaction_id>")
@roles_required(*DESK_ROLES)
def interaction(interaction_id: int):
    """One contact in full, with the findings the policy produced."""
    ix = interaction_service.get_interaction(interaction_id, current_user)
    return render_template("desk/interaction.html", ix=ix, findings=interaction_service.findings_of(ix, current_user),
                           sees_every_finding=sees_every_finding_of(current_user, ix.agent_id, ix.team_id),
                           feedback=interaction_service.feedback_of(ix),
                           just_logged=bool(request.args.get("logged")), standards=standards(),
                           survey=surveys.survey_of(ix.id))


@bp.route("/customers/<int:customer_id>/export.json")
@roles_required("admin")
def export_customer(customer_id: int):
    """Download everything held about the customer (admin)."""
    response = jsonify(CustomerExport.of(privacy.export_customer(current_user, customer_id)))
    response.headers["Content-Disposition"] = f'attachment; filename="customer-{customer_id}.json"'
    return response


@bp.route("/customers/<int:customer_id>/erase", methods=["POST"])
@roles_required("admin")
def erase_customer(customer_id: int):
    """Erase the customer's personal data once the admin has typed ERASE to confirm."""
    if request.form.get("confirm", "").strip() != "ERASE":
        flash(_("Type ERASE to confirm; nothing was erased."), "error")
        return redirect(url_for("desk.customer", customer_id=customer_id))
    privacy.erase_customer(current_user, customer_id)
    flash(_("Customer %(customer_id)s's personal data is erased; anonymous statistics remain.", customer_id=customer_id), "success")
    return redirect(url_for("desk.index"))


from . import calls  # noqa: E402,F401  (registers the call pages on this blueprint)
