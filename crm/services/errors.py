"""Errors a service raises; each carries every reason, and the web and API layers render them."""
from __future__ import annotations

from typing import Optional


class ServiceError(Exception):
    code = "error"
    status = 400

    def __init__(self, message: str, fields: Optional[dict[str, list[str]]] = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InvalidInput(ServiceError):
    """Input that cannot be accepted; `fields` maps each field to every reason."""

    code = "invalid"
    status = 422

    def __init__(self, fields: dict[str, list[str]], message: Optional[str] = None):
        if message is None:  # in the reader's language, as every other reason is
            from flask_babel import gettext

            message = gettext("Some fields are not valid.")
        super().__init__(message, fields)


class Conflict(ServiceError):
    """The data clashes with an existing record, named by `existing_id`."""

    code = "conflict"
    status = 409

    def __init__(self, message: str, existing_id: Optional[int] = None, fields=None):
        super().__init__(message, fields)
        self.existing_id = existing_id


class NotFound(ServiceError):
    code = "not_found"
    status = 404


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403


class FieldErrors:
    """Collects reasons per field so a service reports all of them at once."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def add(self, field: str, reason: str) -> None:
        self.fields.setdefault(field, []).append(reason)

    def __bool__(self) -> bool:
        return bool(self.fields)

    def raise_if_any(self) -> None:
        if self.fields:
            raise InvalidInput(self.fields)
