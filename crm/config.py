"""Settings read from the environment, with embedded defaults."""
from __future__ import annotations

import os
import secrets
from pathlib import Path


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
        # Where customers reach the CRM: links in e-mails (survey invitations) start with it.
        "CRM_BASE_URL": os.environ.get("CRM_BASE_URL", "http://127.0.0.1:5000"),
        "CRM_ESCALATE_AFTER_HOURS": float(os.environ.get("CRM_ESCALATE_AFTER_HOURS", "24")),
        "CRM_SQLITE_BUSY_TIMEOUT_MS": int(os.environ.get("CRM_SQLITE_BUSY_TIMEOUT_MS", "5000")),
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
    }
