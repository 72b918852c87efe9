"""API: an agent justifies a finding after the contact, or withdraws the justification, until the lead decides."""
from __future__ import annotations

from flask import g, jsonify

from ..services import justification
from ..services.errors import FieldErrors
from . import bp, json_body
from .openapi import NONBLANK, _errors, _object, _path_id, _ref, _response, _text, describe
from .serializers import ID, check_values, finding_json, raise_all, reject_unknown


@bp.post(f"/findings/<{ID}:finding_id>/justification")
def justify_finding(finding_id: int):
    """Give (or change) the reason for a departure; the finding waits for the lead as justified."""
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, ("reason",), errors)
    check_values(body, errors)
    raise_all(errors)
    return jsonify(finding_json(justification.justify(g.api_user, finding_id, body.get("reason"))))


@bp.delete(f"/findings/<{ID}:finding_id>/justification")
def withdraw_justification(finding_id: int):
    """Withdraw the reason: the finding is open again."""
    return jsonify(finding_json(justification.withdraw(g.api_user, finding_id)))


describe({
    "/api/v1/findings/{finding_id}/justification": {
        "parameters": [_path_id("finding_id", "finding")],
        "post": {
            "operationId": "justify_finding", "tags": ["findings"],
            "summary": "Say why the contact departed from the standard (the agent's own finding, a lead's team's, "
                       "or any for an admin) while the lead has not decided; the finding becomes `justified`.",
            "requestBody": {"required": True, "content": {"application/json": {"schema": _object(
                {"reason": _text(maxLength=justification.MAX_REASON, **NONBLANK)}, required=("reason",))}}},
            "responses": {"200": _response("The finding, justified.", _ref("Finding")),
                          **_errors(400, 403, 404, 409, 422)},
        },
        "delete": {
            "operationId": "withdraw_justification", "tags": ["findings"],
            "summary": "Withdraw the justification while the lead has not decided; the finding is open again.",
            "responses": {"200": _response("The finding, open.", _ref("Finding")), **_errors(403, 404, 409)},
        },
    },
})
