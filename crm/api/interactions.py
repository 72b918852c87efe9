"""API: logging an interaction, with the findings and feedback it produced, and reading one back."""
from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from typing import Any

from flask import g, jsonify, request, url_for
from sqlalchemy import select

from ..extensions import db
from ..models import Feedback
from ..services import interactions as interaction_service
from ..services.access import require_customer_access
from ..services.errors import FieldErrors
from . import bp, json_body
from .serializers import (ID, MAX_ID, check_values, feedback_json, field_root, finding_json, interaction_json,
                          raise_all, reject_unknown)

INTERACTION_FIELDS = tuple(f.name for f in dataclasses.fields(interaction_service.InteractionInput))
LIST_FIELDS = ("holds", "transfers", "feedback", "justifications")  # null means none
MAX_AMOUNT = Decimal("9999999999.99")  # the column holds 12 digits, 2 after the point
MAX_LANGUAGE = 8
MAX_PRODUCT = 200


def _whole(value: Any):
    """The whole number the service would read from value, or None when it reads none."""
    if isinstance(value, bool) or value in (None, ""):
        return None
    try:
        number = int(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        return None
    if isinstance(value, float) and value != number:
        return None
    return number


def _guard(body: dict, errors: FieldErrors) -> None:
    """Refuse values the service's validation lets through but the database cannot store.

    Each is a gap in crm.services.interactions.validate (ids and counts past the 32-bit
    columns, amounts past Numeric(12, 2), over-long language and product, times that overflow
    when converted to UTC, and queue_wait_seconds, whose errors the service never raises);
    without this they would be 500s.
    """
    check_values(body, errors)
    reported = {field_root(f) for f in errors.fields}
    body = {key: value for key, value in body.items() if key not in reported}
    for name in ("customer_id", "case_id"):
        number = _whole(body.get(name))
        if number is not None and number > MAX_ID:
            errors.add(name, f"no such {name[:-3]}")
    approver = body.get("approved_by")  # a user id, or an e-mail address
    if isinstance(approver, str):
        approver = approver.strip() if approver.strip().isdigit() else None
    number = _whole(approver)
    if number is not None and number > MAX_ID:
        errors.add("approved_by", "is not an active user")
    wait = body.get("queue_wait_seconds")
    if wait not in (None, ""):
        number = _whole(wait)
        if number is None:
            errors.add("queue_wait_seconds", "must be a whole number")
        elif not 0 <= number <= MAX_ID:
            errors.add("queue_wait_seconds", f"must be between 0 and {MAX_ID}")
    amount = body.get("amount")
    if isinstance(amount, (int, float, str)) and not isinstance(amount, bool):
        try:
            if abs(Decimal(str(amount))) > MAX_AMOUNT:
                errors.add("amount", f"must be at most {MAX_AMOUNT}")
        except InvalidOperation:
            pass  # the service says what is wrong with it
    language = body.get("language")
    if isinstance(language, str) and len(language.strip()) > MAX_LANGUAGE:
        errors.add("language", f"must be a language code of at most {MAX_LANGUAGE} characters, e.g. en")
    feedback = body.get("feedback")
    for i, item in enumerate(feedback if isinstance(feedback, list) else []):
        product = item.get("product") if isinstance(item, dict) else None
        if isinstance(product, str) and len(product.strip()) > MAX_PRODUCT:
            errors.add(f"feedback[{i}].product", f"must be at most {MAX_PRODUCT} characters")
    for name in ("started_at", "ended_at", "follow_up_due"):
        value = body.get(name)
        if isinstance(value, str) and value.strip():
            try:
                at = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
                if at.tzinfo is not None:
                    at.astimezone(timezone.utc)  # naive times are taken as UTC and cannot overflow
            except ValueError:
                pass  # the service says what is wrong with it
            except OverflowError:
                errors.add(name, "is out of range")


def interaction_input(body: dict) -> interaction_service.InteractionInput:
    """The InteractionInput a POST body describes; unknown keys are refused, not ignored."""
    errors = FieldErrors()
    reject_unknown(body, INTERACTION_FIELDS, errors)
    _guard(body, errors)
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
        "findings": [finding_json(f) for f in interaction_service.findings_of(ix)],
        "feedback": [feedback_json(fb) for fb in feedback],
    })
