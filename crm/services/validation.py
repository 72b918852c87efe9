"""How the services read their input: checks every stored text goes through, and the typed inputs.

PostgreSQL refuses a NUL character in any text or JSON column, and no database driver can
encode a lone surrogate ("\\ud800", which a JSON body may carry), so either would be a 500 on
write; the services refuse them here, with every other reason, as an InvalidInput.

A service's input is a pydantic model (`Input`) whose fields are read by the readers below (`Text`,
`Whole`, `Time`, `Day`, `UserRef`, on crm/constraints): the API validates a body with it, a form
builds it from request.form, and every reason comes back at once by API.md's field paths.
"""
from __future__ import annotations

import math
from datetime import date, datetime, time as dt_time
from typing import Annotated, Any, Callable, Optional, TypeVar, Union, get_args
from zoneinfo import ZoneInfo

from flask_babel import gettext as _, ngettext
from pydantic import (BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, StringConstraints, ValidationError,
                      WithJsonSchema)
from pydantic_core import PydanticCustomError

from ..constraints import NONBLANK_PATTERN, DayOutOfRange, as_utc, read_day, read_time, usable_day
from .errors import FieldErrors, InvalidInput

MAX_ID = 2**31 - 1  # ids and counts are 32-bit integer columns on every backend


def text_problem(value: str) -> Optional[str]:
    """Why `value` cannot be stored as text, or None when it can."""
    if "\x00" in value:
        return "must not contain a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text"
    return None


def clean_text(value: Any, field: str, errors: FieldErrors, max_length: Optional[int] = None) -> Optional[str]:
    """`value` stripped, None when blank or refused; each reason it cannot be stored goes to `errors`.

    `max_length` bounds the stripped text. None is blank, not an error; anything but text is.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        errors.add(field, _("must be text"))
        return None
    problem = text_problem(value)
    if problem:
        errors.add(field, problem)
        return None
    text = value.strip()
    if max_length is not None and len(text) > max_length:
        errors.add(field, _('must be at most %(max_length)s characters', max_length=max_length))
        return None
    return text or None


def clean_texts(raw: Any, field: str, errors: FieldErrors, max_length: int, not_a_list: str) -> list[str]:
    """The stripped, storable texts of a list (None or blank: none), blank items skipped; each reason an item
    cannot be stored, or `not_a_list` when `raw` is no list, goes to `errors`."""
    if raw in (None, ""):
        return []
    if not isinstance(raw, list):
        errors.add(field, not_a_list)
        return []
    return [text for text in (clean_text(item, field, errors, max_length) for item in raw) if text is not None]


def escape_unstorable(text: str) -> str:
    """`text` with a NUL or lone surrogate written as its escape ("\\x00"), for labels and audit
    records that keep what was typed rather than refuse it."""
    if not text_problem(text):
        return text
    return text.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


# --- typed inputs ------------------------------------------------------------------------------------
# A service's input is a pydantic model: the API validates a body with it, a form or the importer
# builds it from their own values, and the service receives typed, storable values. Each field's
# reader (a BeforeValidator/PlainValidator below) says why a value cannot be taken in the words of
# API.md, and every reason is collected into one InvalidInput keyed by field path (`holds[0].seconds`).

def refuse(reason: str) -> PydanticCustomError:
    """The error a reader raises: `reason` is what the client reads, already in their language."""
    return PydanticCustomError("crm", "{reason}", {"reason": reason})


def read_text(value: Any) -> Optional[str]:
    """Storable text, stripped; None when absent or blank."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise refuse(_("must be text"))
    problem = text_problem(value)
    if problem:
        raise refuse(problem)
    return value.strip() or None


def read_whole(value: Any) -> Optional[int]:
    """A whole number from a JSON number or the digits a form sends; None when absent or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise refuse(_("must be a whole number"))
    digits = value.strip().removeprefix("-") if isinstance(value, str) else ""
    if digits.isdecimal() and len(digits) <= 20:
        # isdecimal: int() reads any script's digits, not "²"; "-5" is a whole number the bound refuses
        return int(value.strip())
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        return int(value)
    if isinstance(value, int):
        return value
    raise refuse(_("must be a whole number"))


def list_of_objects(value: Any) -> Any:
    """A list (None: empty) whose items must all be objects; one that is not is the list's problem."""
    if value is None:
        return []
    if isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, (dict, BaseModel)):
                raise refuse(_("item %(number)s must be an object", number=i + 1))
    return value


def blank_none(value: Any) -> Any:
    """A form's blank choice is no choice."""
    return None if isinstance(value, str) and not value.strip() else value


def or_default(default: Any):
    """A reader for a choice where null or blank means `default` (anything else is judged as given)."""
    return lambda value: default if blank_none(value) is None else value


# Text with something but spaces in it ("is required" otherwise).
NonBlank = Annotated[str, StringConstraints(min_length=1, pattern=NONBLANK_PATTERN)]
NONBLANK_SCHEMA = {"type": "string", "minLength": 1, "pattern": NONBLANK_PATTERN}  # the same, in a schema's conditions
# An address in a list of them; null and blank entries are skipped (the service reads each address).
EmailItem = Annotated[Optional[str], WithJsonSchema({"anyOf": [{"type": "string", "format": "email"},
                                                               {"type": "string", "pattern": r"^\s*$"},
                                                               {"type": "null"}]})]


def Parameter(annotation: Any, description: str, schema: Optional[dict] = None) -> Any:
    """`annotation` as one query parameter of the OpenAPI document: its description there and, where the
    field's reader is code (a PlainValidator) or allows more than the document promises, the schema given
    (crm/inputs.py checks every query against it before the filters are read)."""
    if schema is None:
        return Annotated[annotation, Field(description=description)]
    return Annotated[annotation, WithJsonSchema({**schema, "description": description})]


TEXT_PARAMETER = {"type": "string"}
DAY_PARAMETER = {"format": "date", "type": "string"}


def Text(max_length: Optional[int] = None, description: Optional[str] = None) -> Any:
    """Optional storable text of at most `max_length` characters once stripped."""
    inner = Annotated[str, Field(max_length=max_length)] if max_length else str
    return Annotated[Optional[inner], BeforeValidator(read_text), Field(description=description)]


def read_json_whole(value: Any) -> Optional[int]:
    """A whole number as JSON writes one (7 or 7.0, never "7" or true); None when absent."""
    if isinstance(value, str):
        raise refuse(_("must be a whole number"))
    return read_whole(value)


def Whole(minimum: int = 0, maximum: int = MAX_ID, digits_as_text: bool = True) -> Any:
    """A whole number a 32-bit column holds, within [minimum, maximum]; a form sends it as digits."""
    reader = read_whole if digits_as_text else read_json_whole
    return Annotated[int, BeforeValidator(reader), Field(ge=minimum, le=maximum)]


class Part(BaseModel):
    """An object inside an input (a hold, a feedback item): unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


I = TypeVar("I", bound="Input")


class UnreadInput(InvalidInput):
    """An Input's values that could not be read; `unknown` holds the keys it does not have at all."""

    def __init__(self, fields: dict[str, list[str]], unknown: set[str]) -> None:
        super().__init__(fields)
        self.unknown = unknown


class Input(Part):
    """A service's typed input. Building one with values that cannot be read raises InvalidInput
    naming every field with every reason, exactly as the API answers it (API.md)."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise UnreadInput(reasons(exc, type(self)), unknown_keys(exc)) from None

    @classmethod
    def as_sent(cls, data: dict) -> "Input":
        """The values as sent, unread, for the service's own checks where the model refused some: a field
        not sent is None, and only the fields sent count as given (`model_fields_set`)."""
        sent = {name: data[name] for name in cls.model_fields if name in data}
        return cls.model_construct(_fields_set=set(sent), **{**dict.fromkeys(cls.model_fields), **sent})


def with_service_reasons(fields: dict[str, list[str]], unknown: set[str], check: Callable[[], Any]) -> dict:
    """`fields` (what a schema refused) with the reasons `check` (the service's own rules, such as an
    unknown team) gives for the fields the schema found nothing wrong with, so every problem is told at once."""
    try:
        check()
    except InvalidInput as exc:
        for name, why in exc.fields.items():
            if name not in fields and field_root(name) not in unknown:
                fields[name] = why
    return fields


def read_input(model: type[I], data: dict, check: Optional[Callable[[I], Any]] = None) -> I:
    """`model` built from `data` (a form's or the command line's values); when it cannot be, InvalidInput
    with every reason: the model's, and those `check` finds in the values as given."""
    try:
        return model(**data)
    except UnreadInput as exc:
        fields, unknown = dict(exc.fields), exc.unknown
    if check is not None:
        fields = with_service_reasons(fields, unknown, lambda: check(model.as_sent(data)))
    raise InvalidInput(fields)


def unknown_keys(exc: ValidationError) -> set[str]:
    """The top-level keys a model refused for not being its fields."""
    return {e["loc"][0] for e in exc.errors() if e["type"] == "extra_forbidden" and len(e["loc"]) == 1}


def field_path(loc: tuple) -> str:
    """pydantic's location as API.md writes it: `holds[0].seconds`."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def keys(model: type[BaseModel]) -> tuple[str, ...]:
    """The keys a body of `model` may carry, as a client writes them (`from`, not `from_`)."""
    return tuple(info.alias or name for name, info in model.model_fields.items())


def field_root(name: str) -> str:
    """The body key a field error is about: "holds[0].seconds" is about "holds"."""
    return name.split(".", 1)[0].split("[", 1)[0]


def _model_at(model: type[BaseModel], loc: tuple) -> Optional[type[BaseModel]]:
    """The model of the object at `loc` (list indexes skipped), to name its fields."""
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        found = _models_in(info.annotation) if info else []
        if not found:
            return None
        model = found[0]
    return model


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in get_args(annotation) for m in _models_in(arg)]


def _one_of(expected: str) -> str:
    """"'a', 'b' or 'c'" (pydantic's literal context) as our "a, b, c"; an empty choice as "" (not a stray
    ", ")."""
    return ", ".join(part.strip("' ") or '""' for part in expected.replace(" or ", ", ").split(", "))


def _reason(error: dict, model: type[BaseModel]) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "crm":
        return str(ctx["reason"])
    if kind == "missing" or (error.get("input") is None and kind.endswith(("_type", "_error", "_parsing"))):
        return _("is required")
    if kind == "extra_forbidden":
        owner = _model_at(model, error["loc"][:-1])
        # the names a client sends: a field's alias ("from"), not the Python name behind it ("from_")
        allowed = ", ".join(f.alias or name for name, f in owner.model_fields.items()) if owner else ""
        if len(error["loc"]) == 1:
            return _("is not a field of this request (expected one of %(choices)s)", choices=allowed)
        return _("is not a field of this object (expected one of %(choices)s)", choices=allowed)
    if kind in ("string_too_short", "too_short") and isinstance(error.get("input"), str) \
            and ctx.get("min_length", 1) > 1:
        return _("must be at least %(min_length)s characters", min_length=ctx["min_length"])
    if kind == "string_too_short" or (kind == "string_pattern_mismatch" and ctx.get("pattern") == NONBLANK_PATTERN):
        return _("is required")
    if kind == "too_long":  # a length bound pydantic judges after a reader: text or a list
        if isinstance(error.get("input"), str):
            return _("must be at most %(max_length)s characters", max_length=ctx["max_length"])
        return ngettext("must have at most %(num)s item", "must have at most %(num)s items", ctx["max_length"])
    if kind == "too_short":
        if isinstance(error.get("input"), str):
            return _("is required")
        if ctx.get("min_length", 1) <= 1:
            return _("must not be empty")
        return ngettext("must have at least %(num)s item", "must have at least %(num)s items", ctx["min_length"])
    if kind == "string_pattern_mismatch":
        return _("must match %(pattern)s", pattern=ctx["pattern"])
    if kind in ("finite_number", "float_type", "float_parsing"):
        return _("must be a finite number")
    if kind == "literal_error":
        return _("must be one of %(choices)s", choices=_one_of(ctx["expected"]))
    if kind in ("greater_than_equal", "greater_than"):
        return _("must be at least %(minimum)s", minimum=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return _("must be at most %(maximum)s", maximum=ctx.get("le", ctx.get("lt")))
    if kind == "string_too_long":
        return _("must be at most %(max_length)s characters", max_length=ctx["max_length"])
    if kind.startswith("int_"):
        return _("must be a whole number")
    if kind.startswith("bool_"):
        return _("must be true or false")
    if kind == "string_type":
        return _("must be text")
    if kind == "list_type":
        return _("must be a list")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("must be an object")
    return error["msg"]


def reasons(exc: ValidationError, model: type[BaseModel]) -> dict[str, list[str]]:
    """Every reason pydantic found, by API.md field path."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors():
        loc, reason = error["loc"], _reason(error, model)
        if loc and isinstance(loc[-1], int) and error["type"] != "model_type":
            # a bad value in a list of plain values is the list's problem: "channels", not "channels[0]"
            loc, reason = loc[:-1], _("item %(number)s %(problem)s", number=loc[-1] + 1, problem=reason)
        fields.setdefault(field_path(loc) or "body", []).append(reason)
    return fields


def read_aware_time(value: Any) -> Optional[datetime]:
    """An aware time from ISO 8601 text with an offset (blank: None), or from a datetime (naive: UTC).

    Text without an offset is refused: read as UTC, a Kuala Lumpur agent's 09:00 would be stored
    eight hours off.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        try:
            value = read_time(value)
        except ValueError:
            raise refuse(_("must be an ISO 8601 time, e.g. 2026-11-23T14:05:00+01:00")) from None
        if value.tzinfo is None:
            raise refuse(_("needs a time zone offset, e.g. 2026-11-23T14:05:00+08:00 or …Z for UTC"))
    elif not isinstance(value, datetime):
        raise refuse(_("must be an ISO 8601 time"))
    try:
        return as_utc(value)
    except OverflowError:
        raise refuse(_("is out of range: it must fall between the years 1 and 9999 in UTC")) from None


# How an optional time reads in the API document: blank is the same as null (the web form sends blank).
TIME_IN_SCHEMA = {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "string", "maxLength": 0},
                            {"type": "null"}]}


def organisation_zone() -> ZoneInfo:
    """The organisation's time zone (CRM_TIMEZONE), in which an API request's bare day ends (whoever
    calls: the pages use the reader's own zone, crm/services/zones.py). A name the zone database does
    not know counts as UTC."""
    from . import zones

    return zones.zone(zones.default_zone_name())


def read_due(value: Any) -> Optional[datetime]:
    """A deadline: an aware time as read_aware_time reads it, or a day (YYYY-MM-DD), which is due at the
    end of that day, 23:59:59 in the organisation's time zone."""
    if isinstance(value, str) and len(value.strip()) == 10:  # YYYY-MM-DD: no time can be that short
        end = datetime.combine(read_day_value(value), END_OF_DAY, tzinfo=organisation_zone())
        try:
            return as_utc(end)
        except OverflowError:
            raise refuse(_("is out of range: it must fall between the years 1 and 9999 in UTC")) from None
    return read_aware_time(value)


END_OF_DAY = dt_time(23, 59, 59)
DAY_IN_SCHEMA = {"type": "string", "format": "date"}


def Due(description: str) -> Any:
    """An optional deadline: a time with an offset, or a day that ends in the organisation's zone."""
    return Annotated[Optional[datetime], PlainValidator(read_due), WithJsonSchema(
        {"anyOf": [*TIME_IN_SCHEMA["anyOf"][:1], DAY_IN_SCHEMA, *TIME_IN_SCHEMA["anyOf"][1:]],
         "description": description})]


def Time(description: Optional[str] = None) -> Any:
    """An optional aware time (see read_aware_time)."""
    return Annotated[Optional[datetime], PlainValidator(read_aware_time),
                     WithJsonSchema({**TIME_IN_SCHEMA, **({"description": description} if description else {})})]


MAX_EMAIL = 254


def read_user_ref(value: Any) -> Union[int, str, None]:
    """A user's id, or an e-mail address (or id) as text; which user it names is the service's to find."""
    if isinstance(value, str):
        text = read_text(value)
        if text is not None and len(text) > MAX_EMAIL:
            raise refuse(_('must be at most %(max_length)s characters', max_length=MAX_EMAIL))
        return text
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise refuse(_("must be a user id or e-mail address"))
    return value


def UserRef(description: str) -> Any:
    """An optional reference to a user (see read_user_ref)."""
    return Annotated[Union[int, str, None], PlainValidator(read_user_ref), WithJsonSchema(
        {"anyOf": [{"type": "integer"}, {"type": "string"}, {"type": "null"}], "description": description})]


def required(reader):
    """`reader` for a field that must have a value: absent, null or blank is "is required"."""
    def read(value: Any) -> Any:
        result = reader(value)
        if result is None:
            raise refuse(_("is required"))
        return result
    return read


def read_day_value(value: Any) -> Optional[date]:
    """A day written YYYY-MM-DD (blank: None)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, date) and not isinstance(value, datetime):
            return usable_day(value)
        if not isinstance(value, str):
            raise ValueError
        return read_day(value)
    except DayOutOfRange:
        raise refuse(_("is out of range")) from None
    except ValueError:
        raise refuse(_("must be a date, YYYY-MM-DD")) from None


def Day(description: Optional[str] = None) -> Any:
    """An optional day (see read_day_value)."""
    return Annotated[Optional[date], PlainValidator(read_day_value), WithJsonSchema(
        {"type": ["string", "null"], "format": "date", **({"description": description} if description else {})})]
