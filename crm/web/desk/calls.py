"""The desk's phone: the call popping up, the live hold timer, calls still to log, logging from a call."""
from __future__ import annotations

from flask_babel import gettext as _
import hashlib
from datetime import datetime

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from ...constraints import read_time
from ...services import calls as call_service
from ...services.errors import Conflict, Forbidden, NotFound
from ..helpers import roles_required, wall_clock
from .forms import InteractionForm
from .routes import DESK_ROLES, bp


def _epoch_ms(value: str | datetime) -> int:
    at = read_time(value) if isinstance(value, str) else value
    return int(at.timestamp() * 1000)


@bp.app_template_global("call_desk")
def call_desk() -> dict:
    """What the desk's call panel shows the signed-in agent: the live call, its hold, calls to log."""
    if not current_user.is_authenticated or current_user.role not in DESK_ROLES:
        return {"live": None, "to_log": [], "signature": ""}
    live = call_service.live_call(current_user)
    hold = live.open_hold if live is not None else None
    policy = call_service.hold_policy(current_user) if hold is not None else None
    apologised = hold is not None and hold["started_at"] in (live.hold_apologies or [])
    to_log = call_service.calls_to_log(current_user)
    state = repr((live and (live.id, live.updated_at, live.customer_id, live.candidate_ids, live.holds,
                            live.hold_apologies, live.answered_at), [(c.id, c.updated_at) for c in to_log]))
    return {
        "live": live,
        "candidates": call_service.candidates_of(live) if live is not None else [],
        "hold": hold,
        "hold_started_ms": _epoch_ms(hold["started_at"]) if hold else None,
        "policy": policy,
        "apology_needed": bool(policy and policy.apology_expected and not apologised),
        "to_log": to_log,
        "poll_ms": int(current_app.config.get("CRM_DESK_POLL_SECONDS", 2) * 1000),
        # Changes only when what the panel shows does, so polling replaces nothing needlessly.
        "signature": hashlib.sha256(state.encode()).hexdigest()[:16],
    }


@bp.route("/desk/calls/live")
@roles_required(*DESK_ROLES)
def live_calls():
    """The call panel as an HTML fragment, for the desk's short polling."""
    response = current_app.make_response(render_template("desk/_calls.html"))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/desk/calls/<call_id>/apology", methods=["POST"])
@roles_required(*DESK_ROLES)
def hold_apology(call_id: str):
    """The agent says they apologised to the caller for the hold."""
    try:
        call_service.mark_apology(call_id, current_user)
    except (NotFound, Forbidden, Conflict) as exc:
        flash(exc.message, "error")
    else:
        flash(_("Noted: you apologised for the hold."), "success")
    return redirect(url_for("desk.index"))


def prefill_from_call(form: InteractionForm, call_id: str) -> None:
    """Fill the log form with what the phone system measured of the call."""
    try:
        call = call_service.get_call(call_id, current_user)
    except (NotFound, Forbidden) as exc:
        flash(exc.message, "error")
        return
    if call.interaction_id is not None:
        flash(_('This call is already logged (contact %(interaction_id)s).', interaction_id=call.interaction_id), "info")
        return
    form.call_id.data = call.call_id
    form.channel.data = "phone"
    form.direction.data = call.direction or "inbound"
    form.started_at.data = wall_clock(call.answered_at or call.ringing_at) or form.started_at.data
    form.ended_at.data = wall_clock(call.ended_at)
    if call.queue_wait_seconds is not None:
        form.queue_wait_seconds.data = str(call.queue_wait_seconds)
    measured = call_service.measured_facts(call, None, [], [])
    while len(form.holds.entries) < min(len(measured.holds), form.holds.max_entries):
        form.holds.append_entry()
    for entry, hold in zip(form.holds.entries, measured.holds):
        entry.form.seconds.data = str(hold["seconds"])
        entry.form.apologized.data = hold["apologized"]
    while len(form.transfers.entries) < min(len(measured.transfers), form.transfers.max_entries):
        form.transfers.append_entry()
    for entry, transfer in zip(form.transfers.entries, measured.transfers):
        entry.form.kind.data = transfer["type"]
        entry.form.to.data = transfer["to"] or ""
    form.measured_call = call


def hold_limit_text(policy) -> str:
    """'60 s', or '60 s (enforced), 45 s (pilot)' when a pilot rule applies too."""
    if len(policy.limits) == 1:
        limit = policy.limits[0]
        if limit.mode == "pilot":
            return _("%(seconds)s s (pilot)", seconds=limit.seconds)
        return _("%(seconds)s s", seconds=limit.seconds)
    return ", ".join(_("%(seconds)s s (pilot)", seconds=limit.seconds) if limit.mode == "pilot"
                     else _("%(seconds)s s (enforced)", seconds=limit.seconds) for limit in policy.limits)


bp.add_app_template_filter(hold_limit_text, "hold_limit_text")
