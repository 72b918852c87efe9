"""Bodies every part of the API shares: the error, and references to people and teams."""
from __future__ import annotations

from .base import Field, Optional, Reply, text


class ErrorDetail(Reply):
    code: str = text("not_found, invalid, conflict, forbidden, unauthorized, bad_request, …")
    message: str = text("For people.")
    fields: dict[str, list[str]] = Field(description="Every reason, by field.")
    existing_id: int = Field(None, description="On a conflict: the record that clashes.")


class Error(Reply):
    """The one error body of every 4xx answer (API.md)."""

    error: ErrorDetail


class PersonRef(Reply):
    id: int
    name: str

    @staticmethod
    def of(user) -> Optional[dict]:
        return None if user is None else {"id": user.id, "name": user.name}


class TeamRef(Reply):
    id: int
    name: str

    @staticmethod
    def of(team) -> Optional[dict]:
        return None if team is None else {"id": team.id, "name": team.name}


class Document(Reply):
    """This OpenAPI document."""

    model_config = {"extra": "allow"}
    openapi: str
    info: dict
    paths: dict
    components: dict


__all__ = ["Error", "ErrorDetail", "PersonRef", "TeamRef", "Document", "Optional"]
