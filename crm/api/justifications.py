"""API: an agent justifies a finding after the contact, or withdraws the justification, until the lead decides."""
from __future__ import annotations

from flask import g, jsonify

from ..services import justification
from . import ID, body_of, bp, schemas


@bp.post(f"/findings/<{ID}:finding_id>/justification")
def justify_finding(finding_id: int):
    """Give (or change) the reason for a departure; the finding waits for the lead as justified."""
    justification.own_pending(g.api_user, finding_id)  # 403, 404 or 409 before the body: who may comes first
    reason = body_of(schemas.Justification).reason
    return jsonify(schemas.Finding.of(justification.justify(g.api_user, finding_id, reason)))


@bp.delete(f"/findings/<{ID}:finding_id>/justification")
def withdraw_justification(finding_id: int):
    """Withdraw the reason: the finding is open again."""
    return jsonify(schemas.Finding.of(justification.withdraw(g.api_user, finding_id)))
