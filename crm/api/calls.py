"""API: call events from a phone system, and the call as the CRM measured it."""
from __future__ import annotations

from flask import g, jsonify

from ..services import calls as call_service
from . import bp, created, json_body, schemas


def _call(call) -> dict:
    return schemas.Call.of(call, call_service.candidates_of(call))


@bp.post("/calls/events")
def post_call_event():
    """Accept one event of a call; the same event sent again changes nothing."""
    call_service.may_send_events(g.api_user)  # the role before the body
    data = call_service.CallEventInput(**json_body())
    call, changed = call_service.record_event(data, g.api_user)
    # A phone system needs no more than this on its hot path; GET gives the call as measured.
    return created({"call_id": call.call_id, "changed": changed}, "api.get_call", 202, call_id=call.call_id)


@bp.get("/calls/<call_id>")
def get_call(call_id: str):
    """Show the call as measured from its events."""
    return jsonify(_call(call_service.get_call(call_id, g.api_user)))
