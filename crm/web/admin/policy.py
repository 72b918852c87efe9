"""Administration of the versioned service policy: versions, a new version, preview, pilot report."""
from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...models import CHANNELS, MODES, SEVERITIES, PolicyVersion, Team
from ...services import findings as finding_service
from ...services import policy as policy_service
from ...services import promotion
from ...services.errors import Conflict, InvalidInput, NotFound
from ..helpers import roles_required
from .routes import bp

EXTRA_ROWS = 3


@bp.route("/policy")
@roles_required("admin")
def policy_versions():
    """List policy versions, the one in force first among equals, overdue reviews marked."""
    versions = db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.number.desc())).all()
    current = policy_service.version_in_force()
    return render_template("admin/policy.html", versions=versions, current=current, today=date.today(),
                           teams={t.id: t.name for t in db.session.scalars(select(Team))})


def _rows_from_version(version) -> list[dict]:
    names = {t.id: t.name for t in db.session.scalars(select(Team))}
    return [{"standard": r.standard, "params": json.dumps(r.params, ensure_ascii=False), "mode": r.mode,
             "severity": r.severity, "teams": ", ".join(names.get(t, str(t)) for t in r.teams or []),
             "channels": ", ".join(r.channels or [])} for r in version.rules]


def _rows_from_form(form) -> list[dict]:
    rows = []
    for i in range(int(form.get("row_count", 0) or 0)):
        row = {k: (form.get(f"rules-{i}-{k}") or "").strip()
               for k in ("standard", "params", "mode", "severity", "teams", "channels")}
        rows.append(row)
    return rows


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _rule_inputs(rows: list[dict]) -> tuple[list[policy_service.RuleInput], dict[str, list[str]]]:
    """Turn the form's rows into rule inputs; blank rows are skipped, positions kept for errors."""
    rules, errors, positions = [], {}, []
    for i, row in enumerate(rows):
        if not row["standard"]:
            continue
        try:
            params = json.loads(row["params"]) if row["params"] else {}
        except json.JSONDecodeError:
            errors.setdefault(f"rules[{i}].params", []).append('must be JSON, e.g. {"max_seconds": 45}')
            params = None
        rules.append(policy_service.RuleInput(standard=row["standard"], params=params, mode=row["mode"] or "enforce",
                                              severity=row["severity"] or None, teams=_split(row["teams"]),
                                              channels=_split(row["channels"])))
        positions.append(i)
    return rules, errors, positions


def _remap(fields: dict[str, list[str]], positions: list[int]) -> dict[str, list[str]]:
    """Service errors name rules by their index among non-blank rows; map back to form rows."""
    out = {}
    for key, reasons in fields.items():
        if key.startswith("rules["):
            index, rest = key[6:].split("]", 1)
            if index.isdigit() and int(index) < len(positions):
                key = f"rules[{positions[int(index)]}]{rest}"
        out.setdefault(key, []).extend(reasons)
    return out


def _parse_day(text: str, name: str, errors: dict):
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        errors.setdefault(name, []).append("must be a date, YYYY-MM-DD")
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
            {"standard": r.standard, "params": json.dumps(r.params), "mode": r.mode, "severity": r.severity or "",
             "teams": "", "channels": ""} for r in policy_service.default_rules()]
        values = {"note": "", "review_by": (today + timedelta(days=90)).isoformat(), "effective_from": "",
                  "preview_from": (today - timedelta(days=30)).isoformat(), "preview_to": today.isoformat(),
                  "preview_team": ""}
    else:
        rows = _rows_from_form(request.form)
        values = {k: request.form.get(k, "").strip() for k in
                  ("note", "review_by", "effective_from", "preview_from", "preview_to", "preview_team")}
        rules, errors, positions = _rule_inputs(rows)
        try:
            if request.form.get("action") == "preview":
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
                        effective = datetime.fromisoformat(values["effective_from"]).replace(tzinfo=timezone.utc)
                    except ValueError:
                        errors.setdefault("effective_from", []).append("must be a date and time")
                if errors:
                    raise InvalidInput(errors)
                version = policy_service.create_version(rules, current_user, values["note"], review_by, effective)
                flash(f"Policy version {version.number} is saved and applies from "
                      f"{version.effective_from:%Y-%m-%d %H:%M} UTC.", "success")
                return redirect(url_for("admin.policy_versions"))
        except InvalidInput as exc:
            errors = _remap(exc.fields, positions) if exc.fields is not errors else errors
    while rows and not rows[-1]["standard"]:  # the blank rows of the last render
        rows.pop()
    rows += [{"standard": "", "params": "", "mode": "pilot", "severity": "", "teams": "", "channels": ""}
             for _ in range(EXTRA_ROWS)]
    return render_template(
        "admin/policy_form.html", rows=rows, values=values, errors=errors, preview=preview,
        standards=policy_service.standards(), modes=MODES, severities=SEVERITIES, channels=CHANNELS,
        teams=db.session.scalars(select(Team).order_by(Team.name)).all(), current=current,
    ), (422 if errors else 200)


@bp.route("/policy/pilot")
@roles_required("lead", "admin")
def pilot_report():
    """How each pilot rule in force flags its pilot teams, beside the enforced rate elsewhere."""
    current = policy_service.version_in_force()
    report = finding_service.pilot_report(current_user)
    notes = [promotion.default_note(current, i) for i in range(len(report))] if current else []
    return render_template("admin/pilot.html", report=report, notes=notes,
                           version=current.number if current else None)


@bp.route("/policy/pilot/promote", methods=["POST"])
@roles_required("admin")
def promote_pilot():
    """Promote one pilot rule: a new version, effective now, with the rule enforced for every team."""
    version = request.form.get("version", type=int)
    position = request.form.get("position", type=int)
    if version is None or position is None:
        flash("Choose the pilot rule to promote on the pilot report.", "error")
        return redirect(url_for("admin.pilot_report"))
    try:
        new = promotion.promote_pilot(current_user, version, position, request.form.get("note"))
    except (Conflict, NotFound, InvalidInput) as exc:
        flash(exc.message, "error")
        return redirect(url_for("admin.pilot_report"))
    flash(f"Policy version {new.number} enforces the rule for every team from now on.", "success")
    return redirect(url_for("admin.policy_versions"))
