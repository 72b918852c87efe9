"""API: cases (lists with totals, opening by hand, assigning, status, closing) and kept follow-ups."""
from __future__ import annotations

from flask import g, jsonify, request, url_for

from ..models import CASE_PRIORITIES, CASE_STATUSES
from ..services import cases as case_service
from ..services import pagination
from ..services.errors import FieldErrors
from . import bp, json_body
from .openapi import NONBLANK, CURSOR, LIMIT, ID_SCHEMA, LOCATION, _errors, _list_of, _object, _opt_text, _path_id, _query, \
    _ref, _response, _text, describe
from .serializers import ID, case_json, check_values, interaction_json, raise_all, reject_unknown

CASE_FIELDS = ("customer_id", "subject", "priority", "owner_id")


@bp.get("/cases")
def list_cases():
    """List the cases the caller may work, newest first, with the total matching the filters."""
    args = request.args
    page = case_service.list_cases(
        g.api_user,
        case_service.CaseFilters(status=args.get("status", ""), owner=args.get("owner", ""),
                                 team=args.get("team", ""), customer=args.get("customer", ""),
                                 overdue=args.get("overdue", "")),
        limit=pagination.clamp_limit(args.get("limit")), cursor=args.get("cursor"))
    return jsonify({"items": [case_json(c) for c in page.items], "next": page.next, "total": page.total})


@bp.post("/cases")
def create_case():
    """Open a case by hand for a customer."""
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, CASE_FIELDS, errors)
    check_values(body, errors)
    data = case_service.CaseInput(customer_id=body.get("customer_id"), subject=body.get("subject"),
                                  priority=body.get("priority", "normal"), owner_id=body.get("owner_id"))
    raise_all(errors, lambda: case_service.check_new_case(g.api_user, data))
    case = case_service.create_case(g.api_user, data)
    response = jsonify(case_json(case))
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_case", case_id=case.id)
    return response


@bp.get(f"/cases/<{ID}:case_id>")
def get_case(case_id: int):
    """Show one case."""
    return jsonify(case_json(case_service.get_case(g.api_user, case_id)))


@bp.patch(f"/cases/<{ID}:case_id>")
def update_case(case_id: int):
    """Change a case's status, owner or priority, or add a note; closing needs the note."""
    body = json_body()
    errors = FieldErrors()
    check_values(body, errors)
    raise_all(errors)
    return jsonify(case_json(case_service.update_case(g.api_user, case_id, body)))


@bp.post(f"/interactions/<{ID}:interaction_id>/follow-up/done")
def follow_up_done(interaction_id: int):
    """Mark the follow-up promised on a contact as kept."""
    body = json_body() if request.get_data() else {}
    errors = FieldErrors()
    reject_unknown(body, ("note",), errors)
    check_values(body, errors)
    raise_all(errors)
    return jsonify(interaction_json(case_service.mark_follow_up_done(g.api_user, interaction_id, body.get("note"))))


CASE_ID = _path_id("case_id", "case")

describe({
    "/api/v1/cases": {
        "get": {
            "operationId": "list_cases", "tags": ["cases"],
            "summary": "Cases newest first: agents and leads see their team's (and their own), admins all.",
            "parameters": [
                _query("status", "Only cases in this status; `active` is open or pending.",
                       {"enum": ["active", *CASE_STATUSES]}),
                _query("owner", "Only this owner's cases: a user id, an e-mail, or `me`."),
                _query("team", "Only this team's cases (name or id)."),
                _query("customer", "Only this customer's cases (id)."),
                _query("overdue", "true: only open or pending cases with a promised follow-up past due, or an "
                                  "inquiry unanswered beyond the first-reply standard; false: the others.",
                       {"type": "boolean"}),
                LIMIT, CURSOR],
            "responses": {"200": _response("One page and the total; pass `next` as `cursor` for the one after.",
                                           _ref("CaseList")),
                          **_errors(403, 422)},
        },
        "post": {
            "operationId": "create_case", "tags": ["cases"],
            "summary": "Open a case by hand (logging a contact opens one too, see POST /interactions).",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CaseInput")}}},
            "responses": {"201": _response("Opened.", _ref("Case"), LOCATION), **_errors(400, 403, 422)},
        },
    },
    "/api/v1/cases/{case_id}": {
        "parameters": [CASE_ID],
        "get": {
            "operationId": "get_case", "tags": ["cases"], "summary": "Show one case.",
            "responses": {"200": _response("The case.", _ref("Case")), **_errors(403, 404)},
        },
        "patch": {
            "operationId": "update_case", "tags": ["cases"],
            "summary": "Assign, change status or priority, close (with the resolution as `note`) or reopen; "
                       "agents and leads of the case's team, admins. Every change is audited.",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _ref("CaseChanges")}}},
            "responses": {"200": _response("The case as it is now.", _ref("Case")),
                          **_errors(400, 403, 404, 422)},
        },
    },
    "/api/v1/interactions/{interaction_id}/follow-up/done": {
        "parameters": [_path_id("interaction_id", "interaction")],
        "post": {
            "operationId": "follow_up_done", "tags": ["cases", "interactions"],
            "summary": "Mark the follow-up promised on this contact as kept, now. The sweep's callback standard "
                       "honours it: kept by the due time, no finding.",
            "requestBody": {"required": False, "content": {"application/json": {"schema": _object(
                {"note": _opt_text("What was done.", maxLength=case_service.MAX_NOTE)})}}},
            "responses": {"200": _response("The contact, with `follow_up_done_at` set.", _ref("Interaction")),
                          "409": {"$ref": "#/components/responses/Conflict"},
                          **_errors(400, 403, 404, 422)},
        },
    },
}, {
    "CaseList": _list_of("Case", total=True),
    "CaseInput": _object({
        "customer_id": ID_SCHEMA,
        "subject": _text(maxLength=case_service.MAX_SUBJECT, **NONBLANK),
        "priority": {"enum": [*CASE_PRIORITIES, None], "default": "normal",
                     "description": "null or left out: normal."},
        "owner_id": {**ID_SCHEMA, "type": ["integer", "null"], "description": "null or left out: the caller. Agents and leads assign within their team."},
    }, required=("customer_id", "subject"), description="Unknown keys are refused."),
    "CaseChanges": _object({
        "status": {"enum": list(CASE_STATUSES),
                   "description": "`closed` needs `note` (the resolution); `open` or `pending` reopens."},
        "owner_id": ID_SCHEMA,
        "priority": {"enum": list(CASE_PRIORITIES)},
        "note": _opt_text("A note for the record; the resolution when closing.", maxLength=case_service.MAX_NOTE),
    }, description="Only the keys given change. Unknown keys are refused."),
})
