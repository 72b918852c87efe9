"""Administration of the versioned service policy: versions, a new version, preview, pilot report."""
from __future__ import annotations

from flask_babel import gettext as _
import json
from datetime import date, datetime, timedelta, timezone
from typing import Optional

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from ...constraints import DayOutOfRange, as_utc, read_day, read_time
from ...i18n import for_reader
from ...models import CHANNELS, MODES, SEVERITIES
from ...services import findings as finding_service
from ...services import policy as policy_service
from ...services import promotion
from ...services.errors import Conflict, InvalidInput, NotFound
from ...services.teams import list_teams
from ..helpers import keep_refused, roles_required, take_refused, when
from .routes import bp

EXTRA_ROWS = 3


@bp.route("/policy")
@roles_required("admin")
def policy_versions():
    """List policy versions, the one in force first among equals, overdue reviews marked."""
    versions = policy_service.list_versions(current_user)
    current = policy_service.version_in_force()
    return render_template("admin/policy.html", versions=versions, current=current, today=date.today(),
                           teams={t.id: t.name for t in list_teams()})


def _param_text(value) -> str:
    return "" if value is None else (("on" if value else "") if isinstance(value, bool) else str(value))


def _rows_from_version(version) -> list[dict]:
    names = {t.id: t.name for t in list_teams()}
    return [{"standard": r.standard, "shown": r.standard, "json": "",
             "values": {k: _param_text(v) for k, v in (r.params or {}).items()}, "mode": r.mode,
             "severity": r.severity, "teams": ", ".join(names.get(t, str(t)) for t in r.teams or []),
             "channels": ", ".join(r.channels or [])} for r in version.rules]


def _rows_from_form(form) -> list[dict]:
    """Each rule row as posted: its fields, and its parameters as the fields of its standard.

    `shown` is the standard whose parameter fields the page showed; when the admin picked another
    standard since, its parameters start from their defaults. A JSON `params` (from scripts, or
    older pages) is still read.
    """
    rows = []
    for i in range(min(int(form.get("row_count", 0) or 0), 200) if (form.get("row_count") or "0").isdecimal() else 0):
        row = {k: (form.get(f"rules-{i}-{k}") or "").strip()
               for k in ("standard", "mode", "severity", "teams", "channels", "shown")}
        row["json"] = (form.get(f"rules-{i}-params") or "").strip()
        prefix = f"rules-{i}-p-"
        row["values"] = {key[len(prefix):]: value.strip() for key, value in form.items() if key.startswith(prefix)}
        row["flags"] = {key[len(f"rules-{i}-has-"):] for key in form if key.startswith(f"rules-{i}-has-")}
        rows.append(row)
    return rows


def _params_of(row: dict, i: int, errors: dict):
    """The parameters a row gives, typed by its standard's schema; None when they cannot be read."""
    if row["json"]:
        try:
            return json.loads(row["json"])
        except json.JSONDecodeError:
            errors.setdefault(f"rules[{i}].params", []).append('must be JSON, e.g. {"max_seconds": 45}')
            return None
    standard = policy_service.standards().get(row["standard"])
    if standard is None or row.get("shown") != row["standard"]:
        return {}  # a standard just picked: its defaults
    params = {}
    for p in standard.params:
        if p.type is bool:
            if p.name in row.get("flags", ()):  # the switch was on the page: unticked means off
                params[p.name] = p.name in row["values"] and row["values"][p.name] != ""
            continue
        text = row["values"].get(p.name, "")
        if text == "":
            continue  # left empty: the default
        if p.type in (int, float):
            try:
                params[p.name] = p.type(text.replace(",", ".")) if p.type is float else int(text)
            except (ValueError, OverflowError):
                errors.setdefault(f"rules[{i}].params.{p.name}", []).append(
                    "must be a whole number" if p.type is int else "must be a number")
        else:
            params[p.name] = text
    return params


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _rule_inputs(rows: list[dict]) -> tuple[list[policy_service.RuleInput], dict[str, list[str]]]:
    """Turn the form's rows into rule inputs; blank rows are skipped, positions kept for errors."""
    rules, errors, positions = [], {}, []
    for i, row in enumerate(rows):
        if not row["standard"]:
            continue
        params = _params_of(row, i, errors)
        # as typed: validate_rules judges every row and says what is wrong next to its position
        rules.append(policy_service.RuleInput.as_sent({
            "standard": row["standard"], "params": params, "mode": row["mode"] or "enforce",
            "severity": row["severity"] or None, "teams": _split(row["teams"]), "channels": _split(row["channels"])}))
        positions.append(i)
    return rules, errors, positions


def _remap(fields: dict[str, list[str]], positions: list[int], rows: Optional[list[dict]] = None
           ) -> dict[str, list[str]]:
    """Service errors name rules by their index among non-blank rows; map back to form rows. A channel
    the service refuses is said in the reader's words (the service lists the codes, for the API; the form
    shows them under the field)."""
    out = {}
    for key, reasons in fields.items():
        if key.startswith("rules["):
            index, rest = key[6:].split("]", 1)
            if index.isdigit() and int(index) < len(positions):
                key = f"rules[{positions[int(index)]}]{rest}"
                if rest == ".channels" and rows is not None:
                    typed = _split(rows[positions[int(index)]]["channels"])
                    reasons = [_("“%(value)s” is not a channel", value=c) for c in typed if c not in CHANNELS] \
                        or reasons
        out.setdefault(key, []).extend(reasons)
    return out


def _parse_day(text: str, name: str, errors: dict):
    if not text:
        return None
    try:
        return read_day(text)
    except DayOutOfRange:
        errors.setdefault(name, []).append(_("is out of range"))
        return None
    except ValueError:
        errors.setdefault(name, []).append(_("must be a date, YYYY-MM-DD"))
        return None


@bp.route("/policy/new", methods=["GET", "POST"])
@roles_required("admin")
def new_policy_version():
    """Edit a full set of rules; preview it over a past period, or save it as a new version."""
    current = policy_service.version_in_force()
    errors: dict[str, list[str]] = {}
    preview = None
    today = date.today()
    if request.method == "GET":
        rows = _rows_from_version(current) if current else [
            {"standard": r.standard, "shown": r.standard, "json": "",
             "values": {k: _param_text(v) for k, v in (r.params or {}).items()}, "mode": r.mode,
             "severity": r.severity or "", "teams": "", "channels": ""} for r in policy_service.default_rules()]
        values = {"note": "", "review_by": (today + timedelta(days=90)).isoformat(), "effective_from": "",
                  "preview_from": (today - timedelta(days=30)).isoformat(), "preview_to": today.isoformat(),
                  "preview_team": ""}
    else:
        rows = _rows_from_form(request.form)
        values = {k: request.form.get(k, "").strip() for k in
                  ("note", "review_by", "effective_from", "preview_from", "preview_to", "preview_team")}
        rules, errors, positions = _rule_inputs(rows)
        try:
            if request.form.get("action") == "refresh":  # show the parameters of the standards just picked
                errors = {}
            elif request.form.get("action") == "preview":
                start = _parse_day(values["preview_from"], "preview_from", errors)
                end = _parse_day(values["preview_to"], "preview_to", errors)
                if errors:
                    raise InvalidInput(errors)
                preview = finding_service.preview(
                    current_user, rules, datetime.combine(start, datetime.min.time(), timezone.utc),
                    datetime.combine(end + timedelta(days=1), datetime.min.time(), timezone.utc),
                    values["preview_team"] or None)
            else:
                review_by = _parse_day(values["review_by"], "review_by", errors)
                effective = None
                if values["effective_from"]:
                    try:
                        effective = as_utc(read_time(values["effective_from"]))  # the form's time is UTC
                    except (ValueError, OverflowError):
                        errors.setdefault("effective_from", []).append(_("must be a date and time"))
                # Every field's reason at once: the form's own, and the service's for the fields the form
                # let through (a field the form refused already says why in the reader's words).
                for field, reasons in _remap(policy_service.version_errors(
                        rules, values["note"], effective)[0], positions, rows).items():
                    errors.setdefault(field, reasons)
                if errors:
                    raise InvalidInput(errors)
                version = policy_service.create_version(rules, current_user, values["note"], review_by, effective)
                flash(_("Policy version %(number)s is saved and applies from %(effective_from)s.",
                        number=version.number, effective_from=when(version.effective_from)), "success")
                return redirect(url_for("admin.policy_versions"))
        except InvalidInput as exc:
            errors = _remap(exc.fields, positions, rows) if exc.fields is not errors else errors
    while rows and not rows[-1]["standard"]:  # the blank rows of the last render
        rows.pop()
    rows += [{"standard": "", "shown": "", "json": "", "values": {}, "mode": "pilot", "severity": "", "teams": "",
              "channels": ""} for _ in range(EXTRA_ROWS)]
    for row in rows:  # a row shows the fields of the standard it names now, filled with what was given
        standard = policy_service.standards().get(row["standard"])
        row["params_shown"] = standard.params if standard else ()
        if row["json"] and standard:
            try:
                given = json.loads(row["json"])
                row["values"] = {k: _param_text(v) for k, v in given.items()} if isinstance(given, dict) else {}
            except json.JSONDecodeError:
                pass
        elif standard and row.get("shown") != row["standard"]:
            row["values"] = {p.name: _param_text(p.default) for p in standard.params}
        if standard:
            for p in standard.params:
                row["values"].setdefault(p.name, _param_text(p.default) if p.type is not bool else "")
    return render_template(
        "admin/policy_form.html", rows=rows, values=values, errors=errors, preview=preview,
        standards=policy_service.standards(), modes=MODES, severities=SEVERITIES, channels=CHANNELS,
        teams=list_teams(), current=current,
    ), (422 if errors else 200)


@bp.route("/policy/pilot")
@roles_required("lead", "admin")
def pilot_report():
    """How each pilot rule in force flags its pilot teams, beside the enforced rate elsewhere; after a
    refused promotion (redirected here), the reason beside its row and the note as typed."""
    refused = take_refused("admin.promote_pilot")
    if refused:
        return _pilot_page(refused["position"], refused["note"], refused["reason"], 422, refused.get("field", "confirm"))
    return _pilot_page()


def _pilot_page(refused: Optional[int] = None, note: Optional[str] = None, reason: str = "", status: int = 200,
                field: str = "confirm"):
    """The pilot report; after a refused promotion, the reason beside row `refused` and its note as typed."""
    current = policy_service.version_in_force()
    errors = {}
    try:  # the contacts compared: those started from `from` to `to` (UTC days), as the API reads them
        window = finding_service.pilot_window(request.args.get("from"), request.args.get("to"))
    except InvalidInput as exc:
        window, errors, status = finding_service.PilotWindow(), exc.fields, 422
    report = finding_service.pilot_report(current_user, window) if not errors else []
    notes = [for_reader(promotion.default_note(current, i)) for i in range(len(report))] if current else []
    plans = [promotion.plan(current, i) for i in range(len(report))] if current else []
    if refused is not None and refused < len(notes) and note is not None:
        notes[refused] = note
    return render_template("admin/pilot.html", report=report, notes=notes, plans=plans, refused=refused,
                           reason=reason, field=field, version=current.number if current else None,
                           errors=errors, args=request.args), status


@bp.route("/policy/pilot/promote", methods=["POST"])
@roles_required("admin")
def promote_pilot():
    """Promote one pilot rule: a new version, effective now, with the rule enforced for every team."""
    version = request.form.get("version", type=int)
    position = request.form.get("position", type=int)
    if version is None or position is None:
        flash(_("Choose the pilot rule to promote on the pilot report."), "error")
        return redirect(url_for("admin.pilot_report"))
    if request.form.get("confirm") != "yes":  # every team is judged by it from the next contact on
        keep_refused("admin.promote_pilot", position=position, note=request.form.get("note"),
                     reason=_("Tick the box to confirm that every team is held to this rule from now on."))
        return redirect(url_for("admin.pilot_report"))
    try:
        new = promotion.promote_pilot(current_user, version, position, request.form.get("note"),
                                      without_data=request.form.get("without_data") == "yes")
    except InvalidInput as exc:  # the pilot has checked no contacts: the reason beside its own tick
        field, reasons = next(iter(exc.fields.items()))
        keep_refused("admin.promote_pilot", position=position, note=request.form.get("note"),
                     reason=" ".join(str(r) for r in reasons), field=field)
        return redirect(url_for("admin.pilot_report"))
    except (Conflict, NotFound) as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.pilot_report"))
    flash(_('Policy version %(number)s enforces the rule for every team from now on.', number=new.number), "success")
    return redirect(url_for("admin.policy_versions"))
