"""API: an agent justifies a finding after the contact, or withdraws the justification, until the lead decides."""
from __future__ import annotations

from flask import g, jsonify

from ..services import justification
from ..services.errors import FieldErrors
from . import bp, json_body, schemas
from .serializers import ID, check_values, finding_json, raise_all, reject_unknown


@bp.post(f"/findings/<{ID}:finding_id>/justification")
def justify_finding(finding_id: int):
    """Give (or change) the reason for a departure; the finding waits for the lead as justified."""
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, schemas.keys(schemas.Justification), errors)
    check_values(body, errors)
    raise_all(errors)
    return jsonify(finding_json(justification.justify(g.api_user, finding_id, body.get("reason"))))


@bp.delete(f"/findings/<{ID}:finding_id>/justification")
def withdraw_justification(finding_id: int):
    """Withdraw the reason: the finding is open again."""
    return jsonify(finding_json(justification.withdraw(g.api_user, finding_id)))
