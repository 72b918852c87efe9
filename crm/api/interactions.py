"""API: logging an interaction, with the findings and feedback it produced, and reading one back."""
from __future__ import annotations


from flask import g, jsonify, request

from ..i18n import for_reader
from ..services import interactions as interaction_service
from ..services import routing as routing_service
from ..services import surveys
from ..standards.builtin.courtesy import analysis_of
from ..services.access import require_customer_access
from . import ID, bp, created, fast_json, json_body, schemas


@bp.post("/interactions")
def log_interaction():
    """Log an interaction; answer with the findings and feedback it produced.

    With an Idempotency-Key header, a retry answers 200 with the contact the first request logged.
    """
    require_customer_access(g.api_user)
    logged = interaction_service.log_interaction(interaction_service.InteractionInput(**json_body()), g.api_user,
                                                 request.headers.get("Idempotency-Key"))
    return created(fast_json({
        "interaction": schemas.Interaction.of(logged.interaction),
        "findings": [schemas.Finding.of(f) for f in logged.findings],
        "feedback": [schemas.Feedback.of(fb) for fb in logged.feedback],
    }), "api.get_interaction", 200 if logged.replayed else 201, interaction_id=logged.interaction.id)


@bp.post("/interactions/check")
def check_interaction():
    """Check a contact as logging would, under the same policy version; store nothing."""
    require_customer_access(g.api_user)
    data = interaction_service.InteractionInput(**json_body())
    checked = interaction_service.check_interaction(data, g.api_user)
    suggestions = routing_service.suggest_feedback(g.api_user, data.summary, data.transcript, data.language)
    analysis = analysis_of(checked.facts, checked.context)
    return jsonify({
        "findings": [{
            "standard": r.rule.standard, "mode": r.rule.mode, "severity": r.rule.severity,
            "message": for_reader(r.departure.message), "evidence": dict(r.departure.evidence or {}),
            "policy_version": checked.policy_number,
            "status": "justified" if checked.justifications.get(r.rule.standard) else "open",
        } for r in checked.results],
        "feedback_suggestions": [schemas.FeedbackSuggestion.of(s) for s in suggestions],
        "language": analysis.to_json(),
    })


@bp.post("/feedback/suggest")
def suggest_feedback():
    """Suggest the feedback a summary and transcript hold, each with the customer's sentence."""
    require_customer_access(g.api_user)
    data = schemas.SuggestInput(**json_body())
    suggestions = routing_service.suggest_feedback(g.api_user, data.summary, data.transcript, data.language)
    return jsonify({"items": [schemas.FeedbackSuggestion.of(s) for s in suggestions]})


@bp.get(f"/interactions/<{ID}:interaction_id>")
def get_interaction(interaction_id: int):
    """Show one interaction with its findings, feedback and the customer's survey link (API.md)."""
    ix = interaction_service.get_interaction(interaction_id, g.api_user)
    return jsonify({
        "interaction": schemas.Interaction.of(ix),
        "findings": [schemas.Finding.of(f) for f in interaction_service.findings_of(ix, g.api_user)],
        "feedback": [schemas.Feedback.of(fb) for fb in interaction_service.feedback_of(ix)],
        "survey_url": surveys.link_of(ix.id),
    })
