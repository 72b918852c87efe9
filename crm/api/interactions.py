"""API: logging an interaction, with the findings and feedback it produced, and reading one back."""
from __future__ import annotations


from flask import g, jsonify, request, url_for

from ..services import interactions as interaction_service
from ..services import routing as routing_service
from ..standards.builtin.courtesy import analysis_of
from ..services.access import require_customer_access
from ..services.errors import FieldErrors
from . import bp, json_body, schemas
from .serializers import (ID, check_values, feedback_json, field_root, finding_json, interaction_json,
                          raise_all, reject_unknown)

INTERACTION_FIELDS = schemas.keys(schemas.InteractionInput)
ITEM_FIELDS = {"holds": schemas.keys(schemas.Hold), "transfers": schemas.keys(schemas.Transfer),
               "feedback": schemas.keys(schemas.FeedbackInput)}  # the objects in the body's lists
LIST_FIELDS = ("holds", "transfers", "feedback", "justifications")  # null means none


def interaction_input(body: dict) -> interaction_service.InteractionInput:
    """The InteractionInput a POST body describes; unknown keys are refused, not ignored."""
    errors = FieldErrors()
    reject_unknown(body, INTERACTION_FIELDS, errors)
    for name, allowed in ITEM_FIELDS.items():
        items = body.get(name)
        for i, item in enumerate(items if isinstance(items, list) else ()):
            if isinstance(item, dict):
                reject_unknown(item, allowed, errors, f"{name}[{i}]")
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


@bp.post("/interactions/check")
def check_interaction():
    """Check a contact as logging would, under the same policy version; store nothing."""
    require_customer_access(g.api_user)
    data = interaction_input(json_body())
    checked = interaction_service.check_interaction(data, g.api_user)
    suggestions = routing_service.suggest_feedback(g.api_user, data.summary, data.transcript, data.language)
    analysis = analysis_of(checked.facts, checked.context)
    return jsonify({
        "findings": [{
            "standard": r.rule.standard, "mode": r.rule.mode, "severity": r.rule.severity,
            "message": r.departure.message, "evidence": dict(r.departure.evidence or {}),
            "policy_version": checked.policy_number,
            "status": "justified" if checked.justifications.get(r.rule.standard) else "open",
        } for r in checked.results],
        "feedback_suggestions": [suggestion_json(s) for s in suggestions],
        "language": analysis.to_json(),
    })


@bp.post("/feedback/suggest")
def suggest_feedback():
    """Suggest the feedback a summary and transcript hold, each with the customer's sentence."""
    require_customer_access(g.api_user)
    body = json_body()
    errors = FieldErrors()
    reject_unknown(body, schemas.keys(schemas.SuggestInput), errors)
    check_values(body, errors)
    raise_all(errors)
    suggestions = routing_service.suggest_feedback(g.api_user, body.get("summary"), body.get("transcript"),
                                                   body.get("language"))
    return jsonify({"items": [suggestion_json(s) for s in suggestions]})


def suggestion_json(s) -> dict:
    return {"category": s.category, "product": s.product, "text": s.text,
            "department": s.department.slug if s.department is not None else None,
            "evidence": s.evidence, "confidence": s.confidence}


@bp.get(f"/interactions/<{ID}:interaction_id>")
def get_interaction(interaction_id: int):
    """Show one interaction with its findings and feedback."""
    ix = interaction_service.get_interaction(interaction_id, g.api_user)
    return jsonify({
        "interaction": interaction_json(ix),
        "findings": [finding_json(f) for f in interaction_service.findings_of(ix, g.api_user)],
        "feedback": [feedback_json(fb) for fb in interaction_service.feedback_of(ix)],
    })
