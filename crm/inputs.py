"""Where a request's input becomes typed values, for every web page and API route alike.

Three parts, all registered by `init_app` before any blueprint:

- URL converters: `int` (and its alias `id`) match only integers a column can hold, so
  `/customers/3000000000` is a 404 like any other missing record; the string and path converters
  refuse a NUL character the same way.
- A request hook that reads the raw query string and body before any view does:
  * a NUL character or bytes that are not UTF-8 in the query string answer 422 (the API's error
    JSON, or the error page naming the parameter);
  * a query parameter that names a record by number (`team`, `agent`, `owner`, …) must be an id a
    column can hold, else 422;
  * on the API, every query parameter the OpenAPI document describes is checked against its schema
    there (enums, lengths, integer ranges, date formats), so the document states exactly what the
    server enforces;
  * a JSON body with a NUL character or an unpaired surrogate in any key or string, or an integer no
    column can hold, answers 422 naming each field (PostgreSQL cannot store either, and a person
    never types them);
  * a form posted from a page with bytes that are not UTF-8 answers 422 naming the field (a browser
    always sends UTF-8 from our pages, so such a form comes from a tool, and guessing what it meant
    would store garbage). A NUL character a form carries is refused next to its field by the form's
    service (services/validation.py `clean_text`, which every stored text goes through), so the
    person sees the message where they typed, with every other reason.
- 405 answers keep the `Allow` header (see crm/web/__init__.py).
"""
from __future__ import annotations

import re
from typing import Any, Iterator, Optional
from urllib.parse import unquote_to_bytes

from flask import Flask, current_app, request
from flask_babel import gettext as _
from jsonschema import Draft202012Validator
from werkzeug.routing import IntegerConverter, PathConverter, UnicodeConverter, ValidationError

from .services.errors import InvalidInput

MAX_ID = 2**31 - 1  # ids and counts are 32-bit integer columns on every backend
MAX_STORED_INT = 2**63 - 1  # no column holds more, whatever it is
# Query parameters that name a record by its id (or, for some, by a name): digits must fit a column.
ID_PARAMETERS = frozenset({"team", "agent", "owner", "customer", "case", "user", "interaction", "department",
                           "team_id", "agent_id", "owner_id", "customer_id", "case_id", "user_id", "actor",
                           "entity_id"})
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class DbIdConverter(IntegerConverter):
    """`<int:x>` and `<id:x>`: a non-negative integer a database column can hold, else no match (404)."""

    def __init__(self, map, fixed_digits: int = 0, min: Optional[int] = None, max: Optional[int] = None,
                 signed: bool = False) -> None:
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=MAX_ID if max is None else max,
                         signed=signed)

    def to_python(self, value: str) -> int:
        # int() of thousands of digits is slow, then refused by Python's own limit: no match instead.
        if len(value.lstrip("-")) > len(str(self.max)):
            raise ValidationError()
        return super().to_python(value)


class IdConverter(DbIdConverter):
    """`<id:x>`: a record's id, 1 to 2^31 - 1."""

    def __init__(self, map, min: int = 1, max: int = MAX_ID) -> None:
        super().__init__(map, min=min, max=max)


class TextConverter(UnicodeConverter):
    """A path segment; one with a NUL character names nothing (404)."""

    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError()
        return value


class SafePathConverter(PathConverter):
    def to_python(self, value: str) -> str:
        if "\x00" in value:
            raise ValidationError()
        return value


CONVERTERS = {"int": DbIdConverter, "id": IdConverter, "default": TextConverter, "string": TextConverter,
              "path": SafePathConverter}


def init_app(app: Flask) -> None:
    """Register the converters (before the blueprints add their routes) and the input hook."""
    app.url_map.converters.update(CONVERTERS)
    app.before_request(check_input)


# --- the hook ----------------------------------------------------------------------------------

def check_input() -> None:
    """Refuse (422) what no route could store or match, before any view reads it."""
    errors: dict[str, list[str]] = {}
    for name, raw in _raw_pairs(request.query_string):
        reason = _text_problem(name) or _text_problem(raw)
        if reason:
            errors.setdefault(_label(name), []).append(reason)
    if not errors:
        for name, value in request.args.items(multi=True):
            if name in ID_PARAMETERS and value.strip().isdecimal() and not _fits(value.strip(), MAX_ID):
                errors.setdefault(name, []).append(f"must be an id from 1 to {MAX_ID}")
        if not errors and request.path.startswith("/api/"):
            errors.update(_document_problems())
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        if request.is_json:
            errors.update(_json_problems())
        elif request.mimetype in FORM_TYPES:
            errors.update(_form_problems())
    if errors:
        raise InvalidInput(errors, "Some of the request's values cannot be read.")


def _fits(digits: str, maximum: int) -> bool:
    """Whether decimal digits (of any script: int() and views' type=int read "٣" as 3) stay in range."""
    return len(digits) <= len(str(maximum)) and int(digits) <= maximum


def _raw_pairs(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The (name, value) pairs of a query string or form body, percent-decoded but not yet text."""
    for part in data.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        yield unquote_to_bytes(name.replace(b"+", b" ")), unquote_to_bytes(value.replace(b"+", b" "))


def _text_problem(raw: bytes) -> Optional[str]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return "must be UTF-8 text"
    if "\x00" in text:
        return "must not contain a NUL character"
    return None


def _label(raw_name: bytes) -> str:
    """A parameter's name as the error can show it, even when the name itself is the problem."""
    return raw_name.decode("utf-8", "replace").replace("\x00", "\\x00") or "(unnamed)"


def _json_problems() -> dict[str, list[str]]:
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # the view answers 400 for a body nested too deeply to read
        return {}
    errors: dict[str, list[str]] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:  # a loop, not recursion: a body may nest as deep as the parser goes
        path, value = stack.pop()
        if isinstance(value, str):
            reason = _string_problem(value)
            if reason:
                errors.setdefault(path or "(body)", []).append(reason)
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_STORED_INT:
                errors.setdefault(path or "(body)", []).append("is too large a number to store")
        elif isinstance(value, dict):
            for key, item in value.items():
                reason = _string_problem(key)
                child = f"{path}.{key}" if path else key
                if reason:
                    child = (f"{path}." if path else "") + key.encode("utf-8", "backslashreplace").decode()
                    child = child.replace("\x00", "\\x00")
                    errors.setdefault(child, []).append(f"its name {reason}")
                    continue
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}[{i}]", item) for i, item in enumerate(value))
    return errors


def _string_problem(value: str) -> Optional[str]:
    if "\x00" in value:
        return "must not contain a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode text (an unpaired surrogate is not)"
    return None


def _form_problems() -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if request.mimetype == "application/x-www-form-urlencoded":
        for name, raw in _raw_pairs(request.get_data(cache=True)):
            try:
                name.decode("utf-8")
                raw.decode("utf-8")
            except UnicodeDecodeError:
                errors.setdefault(_label(name), []).append("must be UTF-8 text")
    return errors


# --- the API's query parameters, checked against the OpenAPI document --------------------------

def _document_problems() -> dict[str, list[str]]:
    """Every way the query strays from the document. A parameter whose view checks it (after the
    role, with a more telling message) is left to the view unless another one is refused here too,
    so the answer still gives every reason at once."""
    parameters = _query_parameters(request.url_rule.rule if request.url_rule else None, request.method)
    errors: dict[str, list[str]] = {}
    left_to_view = set()
    args = request.args
    for name, validator, schema in parameters:
        if validator is None or name not in args:
            continue
        for value in args.getlist(name):
            for problem in validator.iter_errors(_typed(value, schema)):
                errors.setdefault(name, []).append(_reason(problem))
        if schema.get("x-checked-by-view"):
            left_to_view.add(name)
    return errors if set(errors) - left_to_view else {}


def _reason(problem) -> str:
    """The schema's complaint in the words the rest of the API uses."""
    expected = problem.validator_value
    if problem.validator == "enum":
        return f"must be one of {', '.join(map(str, expected))}"
    if problem.validator == "minLength":
        return f"must be at least {expected} characters"
    if problem.validator == "maxLength":
        return f"must be at most {expected} characters"
    if problem.validator == "minimum":
        return f"must be at least {expected}"
    if problem.validator == "maximum":
        return f"must be at most {expected}"
    if problem.validator == "type":
        return "must be a whole number" if "integer" in str(expected) else f"must be of type {expected}"
    if problem.validator == "format":
        return {"date": "must be a day: YYYY-MM-DD"}.get(expected, f"must be a {expected}")
    if problem.validator == "pattern":
        from .services.reports.scope import DAY_OR_TIME  # the reports' from/to: say the format, not the regex
        if expected == DAY_OR_TIME:
            return _("must be a date (YYYY-MM-DD) or an ISO 8601 time")
        return f"must match {expected}"
    return problem.message


_INTEGER = re.compile(r"-?[0-9]{1,20}")


def _typed(value: str, schema: dict) -> Any:
    """The query string's text as the JSON value its schema expects (an integer where one is allowed)."""
    types = schema.get("type")
    types = types if isinstance(types, list) else [types]
    if ("integer" in types or "number" in types) and _INTEGER.fullmatch(value):
        return int(value)
    if "boolean" in types and value in ("true", "false"):
        return value == "true"
    return value


_ANNOTATIONS = frozenset({"type", "description", "title", "examples", "default", "deprecated"})


def _query_parameters(rule: Optional[str], method: str) -> list[tuple[str, Optional[Draft202012Validator], dict]]:
    """(name, validator, schema) of each query parameter the document gives the route's operation."""
    if rule is None:
        return []
    cache = current_app.extensions.setdefault("crm.query_validators", {})  # the document is per app
    key = (rule, method)
    if key not in cache:
        from .api.openapi import document

        doc = document()
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)
        operation = doc["paths"].get(path, {}).get(method.lower(), {})
        found = []
        for parameter in operation.get("parameters", []):
            if "$ref" in parameter:
                parameter = doc["components"]["parameters"][parameter["$ref"].rpartition("/")[2]]
            schema = parameter.get("schema", {"type": "string"})
            if parameter.get("in") != "query":
                continue
            # A query value is text: a schema asking for text and nothing more cannot refuse it, and
            # skipping its validator saves ~15 µs a parameter on every call (the screen-pop's three).
            validator = (None if schema.get("type") == "string" and set(schema) <= _ANNOTATIONS else
                         Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER))
            found.append((parameter["name"], validator, schema))
        cache[key] = found
    return cache[key]
