"""API: call events from a phone system, and the call as the CRM measured it."""
from __future__ import annotations

from flask import g, jsonify, url_for

from ..models import Call
from ..services import calls as call_service
from . import bp, json_body
from .serializers import customer_json, iso, person_ref


def call_json(call: Call) -> dict:
    return {
        "call_id": call.call_id,
        "direction": call.direction,
        "from": call.from_number,
        "to": call.to_number,
        "queue": call.queue,
        "customer": customer_json(call.customer) if call.customer is not None else None,
        "candidates": [customer_json(c) for c in call_service.candidates_of(call)],
        "agent": person_ref(call.agent),
        "started_at": iso(call.ringing_at or call.answered_at),
        "answered_at": iso(call.answered_at),
        "ended_at": iso(call.ended_at),
        "queue_wait_seconds": call.queue_wait_seconds,
        "holds": [{"started_at": h["started_at"], "ended_at": h["ended_at"], "seconds": h["seconds"]}
                  for h in call.holds or []],
        "transfers": [{"type": t["type"], "to": t.get("to"), "at": t["at"]} for t in call.transfers or []],
        "interaction_id": call.interaction_id,
    }


@bp.post("/calls/events")
def post_call_event():
    """Accept one event of a call; the same event sent again changes nothing."""
    call_service.may_send_events(g.api_user)  # the role before the body
    data = call_service.CallEventInput(**json_body())
    call, changed = call_service.record_event(data, g.api_user)
    # A phone system needs no more than this on its hot path; GET gives the call as measured.
    response = jsonify({"call_id": call.call_id, "changed": changed})
    response.status_code = 202
    response.headers["Location"] = url_for("api.get_call", call_id=call.call_id)
    return response


@bp.get("/calls/<call_id>")
def get_call(call_id: str):
    """Show the call as measured from its events."""
    return jsonify(call_json(call_service.get_call(call_id, g.api_user)))
