"""Settings read from the environment, with embedded defaults."""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path


DEFAULT_BASE_URL = "http://127.0.0.1:5000"  # `crm run`'s and scripts/run's address


def base_url() -> str:
    """Where links for customers and staff start, without the final "/": CRM_BASE_URL when it is set
    (behind a proxy only it knows the public address), else the address of the request being answered,
    else (a command or the worker, with no request) http://127.0.0.1:5000."""
    from flask import current_app, has_request_context, request

    configured = (current_app.config.get("CRM_BASE_URL") or "").strip()
    if configured:
        return configured.rstrip("/")
    if has_request_context():
        return request.url_root.rstrip("/")
    return DEFAULT_BASE_URL


def _secret_key(instance_path: Path) -> str:
    """Return CRM_SECRET_KEY, or a key generated once and kept in the instance folder."""
    if key := os.environ.get("CRM_SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    instance_path.mkdir(parents=True, exist_ok=True)
    # O_EXCL: two workers starting at once must end up with the same key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def database_url(instance_path: Path) -> str:
    url = os.environ.get("CRM_DATABASE_URL")
    if url:
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://"):]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        return url
    instance_path.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{instance_path / 'crm.sqlite'}"


def from_environment(instance_path: Path) -> dict:
    """Build the app's config mapping from CRM_* variables."""
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "CRM_DEFAULT_REGION": os.environ.get("CRM_DEFAULT_REGION", "MY").upper(),
        # The language of the pages for whoever has not chosen one and whose browser asks for none of
        # en, ms, cs, fi, ro; also of e-mails to departments and customers with no language set.
        "CRM_DEFAULT_LOCALE": (os.environ.get("CRM_DEFAULT_LOCALE") or "en").strip().lower(),
        # Where customers reach the CRM: links in e-mails (survey invitations) start with it. Unset (""),
        # a link built during a request starts with the address that request came to (base_url()).
        "CRM_BASE_URL": os.environ.get("CRM_BASE_URL", ""),
        "CRM_ESCALATE_AFTER_HOURS": float(os.environ.get("CRM_ESCALATE_AFTER_HOURS", "24")),
        "CRM_SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("CRM_SQLITE_BUSY_TIMEOUT_MS", "5000")),
        # How long a worker remembers whose a bearer token is (seconds, at most 1; 0 asks every time).
        "CRM_TOKEN_CACHE_SECONDS": float(os.environ.get("CRM_TOKEN_CACHE_SECONDS", "1")),
        # Processes validating a CSV import's rows: 1 (this process), a number, or "auto" (up to 4 from
        # 10,000 rows). A pool only pays on idle cores: on a busy 2-core machine it measured slower.
        "CRM_IMPORT_WORKERS": os.environ.get("CRM_IMPORT_WORKERS", "1"),
        **_session_settings(),
        **_limit_settings(),
        # Behind this many reverse proxies, the client's address is read from X-Forwarded-For.
        "CRM_TRUSTED_PROXIES": int(os.environ.get("CRM_TRUSTED_PROXIES", "0")),
        # Load the language detector and lemma dictionaries in the background at start-up, so the
        # first transcript in a language does not wait for its dictionary.
        "CRM_LANGUAGE_PRELOAD": os.environ.get("CRM_LANGUAGE_PRELOAD", "1").strip().lower() not in ("0", "false", "no", ""),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 16 * 1024 * 1024,
        "JSON_SORT_KEYS": False,
        **_delivery_settings(),
        **_call_settings(),
        **_workplace_settings(),
    }


def _call_settings() -> dict:
    """The desk's phone panel: calls measured by telephony (docs/calls.md)."""
    env = os.environ.get
    return {
        # An answered call not logged this many seconds after it ended shows under "calls to log".
        "CRM_CALLS_TO_LOG_AFTER": float(env("CRM_CALLS_TO_LOG_AFTER", "300")),
        # How often the desk asks for the call in progress.
        "CRM_DESK_POLL_SECONDS": float(env("CRM_DESK_POLL_SECONDS", "2")),
        # The hold timer turns amber at this share of the hold limit.
        "CRM_HOLD_WARN_RATIO": float(env("CRM_HOLD_WARN_RATIO", "0.75")),
    }


def _workplace_settings() -> dict:
    env = os.environ.get
    return {
        # House prefixes of account numbers, so a bare 100001 typed in the search finds ACC-100001.
        "CRM_ACCOUNT_PREFIXES": env("CRM_ACCOUNT_PREFIXES", "ACC-"),
        # The product's name and logo in the header (a static file name or an https:// or / path).
        "CRM_BRAND_NAME": env("CRM_BRAND_NAME", "CRM"),
        "CRM_BRAND_LOGO": env("CRM_BRAND_LOGO", ""),
    }


def _delivery_settings() -> dict:
    """How `crm worker` sends the outbox: SMTP server, retries, timeouts (docs/feedback.md)."""
    env = os.environ.get
    return {
        "CRM_SMTP_URL": env("CRM_SMTP_URL") or None,
        "CRM_MAIL_FROM": env("CRM_MAIL_FROM", "crm@localhost"),
        "CRM_DELIVERY_MAX_ATTEMPTS": int(env("CRM_DELIVERY_MAX_ATTEMPTS", "8")),
        "CRM_DELIVERY_BACKOFF_BASE": float(env("CRM_DELIVERY_BACKOFF_BASE", "30")),
        "CRM_DELIVERY_BACKOFF_CAP": float(env("CRM_DELIVERY_BACKOFF_CAP", "3600")),
        "CRM_DELIVERY_TIMEOUT": float(env("CRM_DELIVERY_TIMEOUT", "10")),
        "CRM_DELIVERY_LEASE": float(env("CRM_DELIVERY_LEASE", "60")),
        "CRM_DELIVERY_POLL": float(env("CRM_DELIVERY_POLL", "5")),
        # Webhooks to loopback, link-local or private addresses (services/outbound.py): tests, demo.
        "CRM_ALLOW_PRIVATE_WEBHOOKS": env("CRM_ALLOW_PRIVATE_WEBHOOKS", "").lower() in ("1", "true", "yes"),
    }


def _session_settings() -> dict:
    """How long a web session lasts (crm/web/sessions.py) and how its cookie is sent."""
    env = os.environ.get
    idle = float(env("CRM_SESSION_IDLE_MINUTES", "60"))
    absolute = float(env("CRM_SESSION_MAX_HOURS", "12"))
    https = env("CRM_BASE_URL", "").lower().startswith("https://")
    return {
        "CRM_SESSION_IDLE_MINUTES": idle,
        "CRM_SESSION_MAX_HOURS": absolute,
        # A kept ("keep me logged in") session's cookie outlives the browser, never the session.
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=absolute),
        # Served over https, the cookies never travel in the clear.
        "SESSION_COOKIE_SECURE": https,
        "REMEMBER_COOKIE_SECURE": https,
    }


def _limit_settings() -> dict:
    """Rate limits in Flask-Limiter's notation (API.md, "Limits") and where the counters live."""
    env = os.environ.get
    return {
        "CRM_LOGIN_LIMIT": env("CRM_LOGIN_LIMIT", "5 per minute;20 per hour"),
        "CRM_LOGIN_ADDRESS_LIMIT": env("CRM_LOGIN_ADDRESS_LIMIT", "30 per minute"),
        "CRM_API_LIMIT": env("CRM_API_LIMIT", "1200 per minute"),
        "CRM_SURVEY_LIMIT": env("CRM_SURVEY_LIMIT", "10 per minute"),
        # Shared by every server when set, so a load balancer cannot spread an attack thin.
        "CRM_REDIS_URL": env("CRM_REDIS_URL") or None,
        "RATELIMIT_KEY_PREFIX": "crm",
    }
