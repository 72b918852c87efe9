"""The API's error JSON, as API.md defines it."""
from __future__ import annotations

from typing import Optional

from flask import jsonify


def error_response(status: int, code: str, message: str, fields: Optional[dict] = None, **extra):
    body = {"error": {"code": code, "message": message, "fields": fields or {}, **extra}}
    response = jsonify(body)
    response.status_code = status
    return response
