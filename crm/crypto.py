"""Secrets the CRM must use again but never keep readable: encrypted with Fernet, keyed from the secret key."""
from __future__ import annotations

import base64
import logging
from functools import lru_cache
from typing import Optional

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

log = logging.getLogger(__name__)


@lru_cache(maxsize=8)
def _fernet(secret_key: str) -> Fernet:
    # A key of its own, derived from the app's secret key: a session cookie signature and a
    # stored webhook secret never share key material.
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"crm webhook secrets").derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def encrypt(plain: str) -> str:
    return _fernet(current_app.config["SECRET_KEY"]).encrypt(plain.encode()).decode()


def decrypt(token: str) -> Optional[str]:
    """The secret, or None when it was encrypted under another secret key (it must be set again)."""
    try:
        return _fernet(current_app.config["SECRET_KEY"]).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        log.warning("a stored secret cannot be decrypted with this CRM_SECRET_KEY; set it again")
        return None
