"""Throttling with Flask-Limiter: logins per account and per address, API requests per token, survey answers.

The limits are settings in Flask-Limiter's notation (API.md, "Limits"), read at each request so a
test or a benchmark can raise them. A refused request answers 429 with `Retry-After`: the API's
error JSON, the login form with the reason next to the password, or the app's error page.
"""
from __future__ import annotations

import hashlib
import time

from flask import Flask, current_app, render_template, request
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from limits import parse_many
from limits.storage import MemoryStorage

from .extensions import limiter


LIMIT_SETTINGS = ("CRM_LOGIN_LIMIT", "CRM_LOGIN_ADDRESS_LIMIT", "CRM_API_LIMIT", "CRM_SURVEY_LIMIT")


def init_app(app: Flask) -> None:
    # A limit that does not parse would be skipped at every request: refuse to start instead.
    for name in LIMIT_SETTINGS:
        try:
            parse_many(app.config[name])
        except ValueError as exc:
            raise RuntimeError(f"{name}={app.config[name]!r} is not a limit such as '5 per minute;20 per hour' "
                               f"({exc})") from None
    app.config["RATELIMIT_STORAGE_URI"] = app.config.get("CRM_REDIS_URL") or f"{QuietMemoryStorage.SCHEME}://"
    # Redis gone away: count in this process's memory until it is back, never answer 500.
    app.config.setdefault("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True)
    limiter.init_app(app)  # a refused request is answered by too_many_requests (crm/error_handlers.py)
    if getattr(limiter, "_fallback_storage", None) is not None:
        # Flask-Limiter makes the fallback a stock MemoryStorage (no setting chooses it): count there
        # with the same storage as without Redis.
        limiter._fallback_storage = QuietMemoryStorage()
        limiter._fallback_limiter = type(limiter._fallback_limiter)(limiter._fallback_storage)


class QuietMemoryStorage(MemoryStorage):
    """limits' in-memory counters, tidied by the request that finds them untidied for a second.

    The stock memory storage starts a new timer thread whenever its last one has finished, which
    under steady traffic is nearly every request (~18 % of a screen-pop's CPU, and a wait for the
    thread to start). Reading a counter already drops it once its window has passed
    (`MemoryStorage.get`), so the timer only frees memory: the same tidying done inline at most once
    a second keeps the counts, the windows and the limits exactly as they were.
    """

    SCHEME = "crm-memory"
    STORAGE_SCHEME = [SCHEME]  # registered with limits under this scheme by its metaclass
    TIDY_EVERY = 1.0  # seconds

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.timer.cancel()  # the one timer the base class starts at once
        self._tidied = time.monotonic()

    def _MemoryStorage__schedule_expiry(self) -> None:  # replaces the base class's timer thread
        now = time.monotonic()
        if now - self._tidied >= self.TIDY_EVERY:
            self._tidied = now
            self._MemoryStorage__expire_events()


def setting(name: str):
    """A limit read from the app's config at request time."""
    return lambda: current_app.config[name]


def account_key() -> str:
    """The account a login names, however it is typed; unknown e-mails are counted just the same."""
    email = request.form.get("email", "")
    return "account:" + hashlib.sha256(email.strip().casefold().encode("utf-8", "replace")).hexdigest()


def token_key() -> str:
    """The bearer token of an API request (its digest: the counters never hold the secret)."""
    _, _, secret = request.headers.get("Authorization", "").partition(" ")
    if not secret.strip():
        return "address:" + (get_remote_address() or "")
    return "token:" + hashlib.sha256(secret.strip().encode("utf-8", "replace")).hexdigest()


def failed_login(response) -> bool:
    """Only a refused login counts against the account: a success answers with a redirect."""
    return response.status_code != 302


def retry_after() -> int:
    current = limiter.current_limit
    if current is None:
        return 60
    return max(1, int(current.reset_at - time.time()))


def too_many_requests(exc: RateLimitExceeded):
    wait = retry_after()
    message = f"Too many attempts. Try again in {wait} seconds."
    if request.path.startswith("/api/"):
        from .api.errors import error_response

        response = error_response(429, "too_many_requests", f"Too many requests. Try again in {wait} seconds.")
    elif request.endpoint == "auth.login":
        from .services import accounts
        from .web.auth.routes import LoginForm

        accounts.record_throttled_login(request.form.get("email", ""))
        form = LoginForm()
        form.password.errors = [message]
        response = current_app.make_response((render_template("auth/login.html", form=form), 429))
    else:
        response = current_app.make_response(
            (render_template("error.html", status=429, message=message), 429))
    response.headers["Retry-After"] = str(wait)
    return response
