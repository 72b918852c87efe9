"""API: call events from a phone system, and the call as the CRM measured it."""
from __future__ import annotations

from flask import g, jsonify, url_for

from ..models import CALL_EVENTS, DIRECTIONS, Call
from ..services import calls as call_service
from ..services.errors import FieldErrors
from . import bp, json_body
from .openapi import _body, _errors, _nullable, _object, _opt_text, _ref, _response, _text, describe
from .serializers import check_values, customer_json, iso, person_ref, raise_all, reject_unknown


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
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, call_service.EVENT_FIELDS, errors)
    check_values(body, errors)
    raise_all(errors)
    data = call_service.CallEventInput(**{("from_" if k == "from" else k): v for k, v in body.items()})
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


_TIME = {"type": "string", "format": "date-time"}
_OPT_TIME = {"type": ["string", "null"], "format": "date-time"}

describe({
    "/api/v1/calls/events": {"post": {
        "operationId": "post_call_event", "tags": ["calls"],
        "summary": "One event of a call from the phone system. Repeating an event (same call_id, event and "
                   "at) changes nothing; events may arrive in any order. Agents and leads send their own "
                   "calls' events; admins and `integration` users anyone's.",
        "requestBody": _body("CallEvent"),
        "responses": {"202": _response("Accepted. `changed` is false for an event the call already had.",
                                       _ref("CallEventAccepted"), {"Location": {
                                           "description": "The call as measured (GET).", "schema": {"type": "string"}}}),
                      **_errors(400, 403, 422)},
    }},
    "/api/v1/calls/{call_id}": {"get": {
        "operationId": "get_call", "tags": ["calls"],
        "summary": "The call as measured: queue wait from ringing to answered, holds (a hold never ended by "
                   "unhold ends at hangup), transfers, the caller looked up by number, and the interaction "
                   "logged from it. The call's agent, their team lead, admins and integrations.",
        "parameters": [{"name": "call_id", "in": "path", "required": True, "schema": {"type": "string"},
                        "description": "The phone system's id of the call."}],
        "responses": {"200": _response("The call.", _ref("Call")), **_errors(403, 404)},
    }},
}, {
    "CallEvent": _object({
        "call_id": _text("The phone system's id of the call.", maxLength=120),
        "event": {"enum": list(CALL_EVENTS)},
        "at": {**_TIME, "description": "When it happened, ISO 8601 with an offset."},
        "direction": _nullable({"enum": list(DIRECTIONS)}),
        "from": _opt_text("The calling number, written any way.", maxLength=64),
        "to": _opt_text("The called number.", maxLength=64),
        "agent": {"type": ["integer", "string", "null"],
                  "description": "The agent's user id or e-mail; an agent's own token may leave it out."},
        "queue": _opt_text(maxLength=120),
        "transfer": _nullable(_object({"type": {"enum": ["warm", "cold"]}, "to": _opt_text(maxLength=200)},
                                      required=("type",))),
    }, required=("call_id", "event", "at"), description="Unknown keys are refused. `transfer` is required "
                                                          "when event is transfer."),
    "CallEventAccepted": _object({"call_id": _text(), "changed": {"type": "boolean"}},
                                 required=("call_id", "changed")),
    "MeasuredHold": _object({"started_at": _TIME, "ended_at": _OPT_TIME,
                             "seconds": {"type": ["integer", "null"], "description": "null while on hold."}},
                            required=("started_at", "ended_at", "seconds")),
    "MeasuredTransfer": _object({"type": {"enum": ["warm", "cold"]}, "to": _opt_text(), "at": _TIME},
                                required=("type", "to", "at")),
    "Call": _object({
        "call_id": _text(),
        "direction": _nullable({"enum": list(DIRECTIONS)}),
        "from": _opt_text(),
        "to": _opt_text(),
        "queue": _opt_text(),
        "customer": _nullable(_ref("Customer")),
        "candidates": {"type": "array", "items": _ref("Customer"),
                       "description": "Every customer with the calling number when more than one has it."},
        "agent": _nullable(_ref("PersonRef")),
        "started_at": _OPT_TIME,
        "answered_at": _OPT_TIME,
        "ended_at": _OPT_TIME,
        "queue_wait_seconds": {"type": ["integer", "null"], "description": "From ringing to answered."},
        "holds": {"type": "array", "items": _ref("MeasuredHold")},
        "transfers": {"type": "array", "items": _ref("MeasuredTransfer")},
        "interaction_id": {"type": ["integer", "null"]},
    }, required=("call_id", "direction", "from", "to", "queue", "customer", "candidates", "agent", "started_at",
                 "answered_at", "ended_at", "queue_wait_seconds", "holds", "transfers", "interaction_id")),
})
