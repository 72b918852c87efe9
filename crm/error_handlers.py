"""Every error the app answers, API and pages alike, in one table registered from `create_app`.

A request under /api/ gets the API's error JSON (API.md); any other gets the app's error page. What
each HTTP status says is in `HTTP_ERRORS`; a service's own error (`ServiceError`) says its message,
and refused input its reasons. Throttling (429) keeps its own handler in `crm/limits.py` (the login
form shows it next to the password), listed here with the rest.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from flask import Flask, render_template, request
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from werkzeug.exceptions import HTTPException, InternalServerError

from .limits import too_many_requests
from .services.errors import Conflict, InvalidInput, ServiceError


@dataclass(frozen=True)
class HttpError:
    """What an HTTP error status says: its API code, and the messages of the JSON and of the page.

    A message of None is the exception's own description. `api_message` answers an /api/ address
    that names no endpoint (an endpoint's own error keeps the exception's description).
    """

    api_code: str
    api_message: Optional[object] = None  # lazy: said in the reader's language
    page_message: Optional[object] = None


HTTP_ERRORS: dict[int, HttpError] = {
    400: HttpError("bad_request"),
    404: HttpError("not_found", _l("No such resource."), _l("There is no page at this address.")),
    405: HttpError("method_not_allowed", _l("This method is not allowed here."), _l("This method is not allowed here.")),
    413: HttpError("too_large", _l("The request body is too large."), _l("The upload is too large.")),
    415: HttpError("unsupported_media_type"),
    500: HttpError("internal", _l("Something went wrong on our side; it has been logged."),
                   _l("Something went wrong on our side; it has been logged. Please try again.")),
}
# Headers an error response passes on: what the address does take, how to authenticate, when to retry.
PASSED_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def _is_api() -> bool:
    return request.path.startswith("/api/")


def service_error(exc: ServiceError):
    """A rule of a service refused the request: its status, code, message and every reason."""
    if _is_api():
        from .api.errors import error_response

        extra = {"existing_id": exc.existing_id} if isinstance(exc, Conflict) and exc.existing_id is not None else {}
        return error_response(exc.status, exc.code, exc.message, exc.fields, **extra)
    message = exc.message
    if isinstance(exc, InvalidInput):
        # Reached only when a page has no form to put the reasons next to (a bad link's query).
        message = "; ".join(f"{field}: {', '.join(r)}" for field, r in exc.fields.items()) or exc.message
    return render_template("error.html", status=exc.status, message=message), exc.status


def http_error(exc: HTTPException):
    """An HTTP error (no such address, wrong method, too large, a server error) in the app's own shape."""
    status = exc.code or 500
    known = HTTP_ERRORS.get(status)
    headers = {name: value for name, value in exc.get_headers() if name in PASSED_HEADERS}
    if isinstance(exc, InternalServerError):
        # Flask has logged the traceback; nobody gets it, nor Werkzeug's own wording.
        headers = {}
    if _is_api():
        from .api.errors import error_response

        in_endpoint = request.blueprint == "api" and status != 500
        message = (exc.description or exc.name) if in_endpoint or known is None or known.api_message is None \
            else known.api_message
        response = error_response(status, known.api_code if known else "error", str(message))
        response.headers.update(headers)
        return response
    if known is None:
        return exc  # Werkzeug's own page for a status the app has no words for (e.g. 401)
    message = known.page_message or getattr(exc, "description", None) or exc.name
    return render_template("error.html", status=status, message=str(message)), status, headers


# The one table: what is caught, and who answers it. Flask picks the most specific class.
ERROR_HANDLERS: tuple[tuple[type[Exception], Callable], ...] = (
    (ServiceError, service_error),
    (RateLimitExceeded, too_many_requests),
    (HTTPException, http_error),
)


def register_error_handlers(app: Flask) -> None:
    for caught, handler in ERROR_HANDLERS:
        app.register_error_handler(caught, handler)
