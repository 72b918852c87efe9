"""The building blocks of the API's schemas: pydantic models whose JSON Schema is the OpenAPI
document's components (crm/api/openapi.py assembles it).

Request bodies refuse unknown keys (`additionalProperties: false`); response bodies list every key
they always send. Optional fields are written `Optional[...]`; a nullable scalar becomes
`"type": [..., "null"]` as OpenAPI 3.1 spells it, anything else `anyOf` with null.
"""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal
from typing import Annotated, Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import GenerateJsonSchema

from ...services.validation import MAX_ID, NonBlank, Whole, keys

__all__ = ["Body", "Reply", "Query", "Field", "Optional", "Any", "Literal", "Annotated", "Id", "Count", "Time",
           "Day", "NonBlank", "text", "page_of", "keys", "OpenAPISchema", "date", "datetime", "ID_BOUNDS", "iso",
           "iso_date", "money"]

ID_BOUNDS = {"ge": 1, "le": MAX_ID}


class OpenAPISchema(GenerateJsonSchema):
    """pydantic's JSON Schema without titles, with OpenAPI 3.1's nullable scalars."""

    def field_title_should_be_set(self, schema) -> bool:
        return False

    def model_schema(self, schema):
        generated = super().model_schema(schema)
        generated.pop("title", None)
        if "description" in generated:  # a docstring's line breaks are not part of the text
            generated["description"] = " ".join(generated["description"].split())
        return generated

    def default_schema(self, schema):
        generated = super().default_schema(schema)
        if "default" in generated and generated["default"] is None and not _allows_null(generated):
            del generated["default"]  # "not given" for a field that may not be null: no default to state
        return generated

    def nullable_schema(self, schema):
        inner = self.generate_inner(schema["schema"])
        if isinstance(inner.get("type"), str) and not {"enum", "$ref", "anyOf", "const", "allOf"} & set(inner):
            return {**inner, "type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}


def _allows_null(schema: dict) -> bool:
    kinds = schema.get("type")
    return ("null" in kinds if isinstance(kinds, list) else kinds == "null") or any(
        _allows_null(option) for option in schema.get("anyOf", ()))


class Body(BaseModel):
    """A request body: unknown keys are refused, and NaN or Infinity are no number."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)


class Reply(BaseModel):
    """A response body: every key is always sent (null when it has no value)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Query(BaseModel):
    """The query parameters of one operation; each field is one parameter."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


Id = Whole(1, digits_as_text=False)  # a record's id: a JSON whole number a 32-bit column holds
Count = Annotated[int, Field(ge=0)]
Time = Annotated[datetime, Field(description="ISO 8601 with an offset; the server answers in UTC.")]
Day = date


def text(description: str = "", **constraints) -> Any:
    """A Field for text with a description (and max_length, pattern, examples, …)."""
    return Field(description=description or None, **constraints)


# --- how values read in an answer --------------------------------------------------------------------

def iso(at: Optional[datetime]) -> Optional[str]:
    """ISO 8601 in UTC with its offset; values fresh from a request may carry the client's zone."""
    if at is None:
        return None
    if at.tzinfo is None:  # stored times are aware; a naive one can only be UTC
        at = at.replace(tzinfo=timezone.utc)
    return at.astimezone(timezone.utc).isoformat()


def iso_date(day: Optional[date]) -> Optional[str]:
    return day.isoformat() if day is not None else None


def money(amount: Optional[Decimal]) -> Optional[str]:
    """Amounts travel as decimal strings ("120.50"): a JSON number would round them."""
    return None if amount is None else f"{Decimal(amount):.2f}"


NEXT_DESCRIPTION = "Opaque cursor of the next page."
TOTAL_DESCRIPTION = "How many items match the filters, across all pages."


def page_of(item: type, name: str, total: bool = False) -> type[Reply]:
    """The model of one page of `item`s: `items` and the `next` cursor (and the `total`)."""
    from pydantic import create_model

    fields: dict[str, Any] = {"items": (list[item], ...),
                              "next": (Optional[str], Field(description=NEXT_DESCRIPTION))}
    if total:
        fields["total"] = (Count, Field(description=TOTAL_DESCRIPTION))
    return create_model(name, __base__=Reply, __module__=item.__module__, **fields)
