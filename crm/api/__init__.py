"""The public JSON API, version 1 (API.md): bearer-token auth, one error format (crm/error_handlers.py)."""
from __future__ import annotations

from typing import Any, Callable, Optional, TypeVar

import orjson
from flask import Blueprint, Response, current_app, g, jsonify, request, url_for
from flask_babel import gettext as _
from pydantic import BaseModel, ValidationError

from ..limits import limit_api
from ..services.access import require_api_endpoint
from ..services.accounts import user_for_token
from ..services.errors import InvalidInput
from ..services.validation import (MAX_ID, I, UnreadInput, keys, read_input, reasons, unknown_keys,
                                  with_service_reasons)
from .errors import error_response

M = TypeVar("M", bound=BaseModel)
ID = f"int(min=1, max={MAX_ID})"  # the URL converter for an id: anything else is a 404, not a 500

bp = Blueprint("api", __name__, url_prefix="/api/v1")
limit_api(bp)  # one budget per token across every endpoint but the OpenAPI document (API.md, "Limits")

# Views that read nothing of their caller but its columns (the role): a user remembered from the last
# second is given to them in no database session, so a screen-pop neither opens nor tears one down.
COLUMNS_ONLY_ENDPOINTS = frozenset({"api.lookup_customer"})


@bp.before_request
def authenticate():
    """Every endpoint but the OpenAPI document needs a valid bearer token."""
    if request.endpoint == "api.openapi":
        return None
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    user = (user_for_token(secret.strip(), bound=request.endpoint not in COLUMNS_ONLY_ENDPOINTS)
            if scheme.lower() == "bearer" else None)
    if user is None:
        response = error_response(401, "unauthorized", "A valid bearer token is required.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="crm"'
        return response
    require_api_endpoint(user, request.endpoint)
    g.api_user = user
    return None


def created(body: Any, endpoint: str, status: int = 201, **values: Any) -> Response:
    """`body` as JSON with `status` (201: created) and the new record's address in `Location` (API.md):
    `endpoint` is the route that shows it, `values` its URL's parameters. `body` may be JSON already
    encoded (bytes, see `fast_json`)."""
    response = (current_app.response_class(body, mimetype="application/json") if isinstance(body, bytes)
                else jsonify(body))
    response.status_code = status
    response.headers["Location"] = url_for(endpoint, **values)
    return response


def no_content() -> Response:
    """204: done, nothing to say; no body, so no Content-Type either (not Flask's default text/html)."""
    response = current_app.response_class(status=204)
    del response.headers["Content-Type"]
    return response


def _json_default(value: Any) -> Any:
    return current_app.json.default(value)


def fast_json(body: Any) -> bytes:
    """`body` encoded as `jsonify` would (keys sorted; times, decimals and the like by the app's JSON
    provider), with orjson: a tenth of the CPU for an answer on a hot path (logging a contact)."""
    return orjson.dumps(body, default=_json_default, option=orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
                        | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS)


def json_body() -> dict:
    """The request's JSON object, or a 400 in the API's error format."""
    message = "The body must be a JSON object."
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # silent covers malformed JSON only, not "[" * 100000
        data, message = None, "The body is nested too deeply to read."
    if data is None and not request.is_json:  # say what to change, not that the object is missing
        message = _("The body must be JSON, sent with the header Content-Type: application/json.")
    if not isinstance(data, dict):
        from ..services.errors import ServiceError as _E

        err = _E(message)
        err.code, err.status = "bad_request", 400
        raise err
    return data


def query_of(model: type[I], check: Optional[Callable[[I], Any]] = None) -> I:
    """The request's query parameters read by `model`, the filters of one list operation: a value it cannot
    read is refused by name with API.md's error (the document's checks in crm/inputs.py come first), with
    the reasons `check` (the service's own, such as an unknown team) finds in the other values."""
    return read_input(model, request.args.to_dict(), check)


def body_of(model: type[M], check: Optional[Callable[[dict], Any]] = None, unknown_alone: bool = False) -> M:
    """The request's JSON object read by `model`, the body's one schema: unknown keys, types, choices and
    bounds are refused with every reason by field path (API.md), else the typed body is returned.

    `check` (the service's own validation, given the body's known keys as sent) adds the reasons only
    the service knows, such as an unknown team, for the fields the schema found nothing wrong with,
    so a client learns every problem in one answer.
    With `unknown_alone`, keys the schema does not know are answered alone, before the rest is judged
    (as the routing-rule endpoint always has).
    """
    data = json_body()
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        fields, unknown = reasons(exc, model), unknown_keys(exc)
    except UnreadInput as exc:  # a service's Input reads itself (services/validation.py)
        fields, unknown = dict(exc.fields), exc.unknown
    if unknown_alone and unknown:
        raise InvalidInput({name: why for name, why in fields.items() if name in unknown})
    if check is not None:
        sent = {k: v for k, v in data.items() if k in keys(model)}
        fields = with_service_reasons(fields, unknown, lambda: check(sent))
    raise InvalidInput(fields)


from . import admin, audit, calls, cases, customers, departments, findings, interactions, justifications, openapi, reports  # noqa: E402,F401  (registers the routes)
