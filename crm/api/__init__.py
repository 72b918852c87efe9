"""The public JSON API, version 1 (API.md): bearer-token auth, one error format (crm/error_handlers.py)."""
from __future__ import annotations

from flask import Blueprint, g, request

from ..extensions import limiter
from ..limits import setting, token_key
from ..services.access import require_api_endpoint
from ..services.accounts import user_for_token
from .errors import error_response

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# One budget per token across every endpoint (API.md, "Limits").
limiter.shared_limit(setting("CRM_API_LIMIT"), scope="api", key_func=token_key,
                     exempt_when=lambda: request.endpoint == "api.openapi")(bp)


@bp.before_request
def authenticate():
    """Every endpoint but the OpenAPI document needs a valid bearer token."""
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    user = user_for_token(secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        response = error_response(401, "unauthorized", "A valid bearer token is required.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="crm"'
        return response
    require_api_endpoint(user, request.endpoint)
    g.api_user = user
    return None


def json_body() -> dict:
    """The request's JSON object, or a 400 in the API's error format."""
    message = "The body must be a JSON object."
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # silent covers malformed JSON only, not "[" * 100000
        data, message = None, "The body is nested too deeply to read."
    if not isinstance(data, dict):
        from ..services.errors import ServiceError as _E

        err = _E(message)
        err.code, err.status = "bad_request", 400
        raise err
    return data


from . import admin, audit, calls, cases, customers, departments, findings, interactions, justifications, openapi, reports  # noqa: E402,F401  (registers the routes)
