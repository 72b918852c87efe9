"""API: logging an interaction, with the findings and feedback it produced, and reading one back."""
from __future__ import annotations

import dataclasses

from flask import g, jsonify, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..models import Feedback
from ..services import interactions as interaction_service
from ..services.access import require_customer_access
from ..services.errors import FieldErrors
from . import bp, json_body
from .serializers import (ID, check_values, feedback_json, field_root, finding_json, interaction_json,
                          raise_all, reject_unknown)

INTERACTION_FIELDS = tuple(f.name for f in dataclasses.fields(interaction_service.InteractionInput))
LIST_FIELDS = ("holds", "transfers", "feedback", "justifications")  # null means none


def interaction_input(body: dict) -> interaction_service.InteractionInput:
    """The InteractionInput a POST body describes; unknown keys are refused, not ignored."""
    errors = FieldErrors()
    reject_unknown(body, INTERACTION_FIELDS, errors)
    check_values(body, errors)
    reported = {field_root(f) for f in errors.fields}
    data = interaction_service.InteractionInput(**{
        k: v for k, v in body.items()
        if k in INTERACTION_FIELDS and k not in reported and not (k in LIST_FIELDS and v is None)
    })
    raise_all(errors, lambda: interaction_service.validate(data))
    return data


@bp.post("/interactions")
def log_interaction():
    """Log an interaction; answer with the findings and feedback it produced.

    With an Idempotency-Key header, a retry answers 200 with the contact the first request logged.
    """
    require_customer_access(g.api_user)
    logged = interaction_service.log_interaction(interaction_input(json_body()), g.api_user,
                                                 request.headers.get("Idempotency-Key"))
    response = jsonify({
        "interaction": interaction_json(logged.interaction),
        "findings": [finding_json(f) for f in logged.findings],
        "feedback": [feedback_json(fb) for fb in logged.feedback],
    })
    response.status_code = 200 if logged.replayed else 201
    response.headers["Location"] = url_for("api.get_interaction", interaction_id=logged.interaction.id)
    return response


@bp.get(f"/interactions/<{ID}:interaction_id>")
def get_interaction(interaction_id: int):
    """Show one interaction with its findings and feedback."""
    ix = interaction_service.get_interaction(interaction_id, g.api_user)
    feedback = db.session.scalars(select(Feedback).where(Feedback.interaction_id == ix.id).order_by(Feedback.id))
    return jsonify({
        "interaction": interaction_json(ix),
        "findings": [finding_json(f) for f in interaction_service.findings_of(ix, g.api_user)],
        "feedback": [feedback_json(fb) for fb in feedback],
    })
