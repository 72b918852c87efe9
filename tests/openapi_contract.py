"""Every API call a test makes is held to the served OpenAPI document, with `jsonschema`.

`ApiClient` (conftest.py) hands each exchange to `check_exchange`: the response's body must match
the schema the document gives for its path, method and status, and a request body the server
accepted (2xx) must match the operation's `requestBody` schema, so the document can drift neither
from what the code sends nor from what it accepts. Exchanges the document cannot describe (a 404
of a path no route has, a body that is not JSON) are left alone.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Optional

from weakref import WeakKeyDictionary

from jsonschema import Draft202012Validator

METHODS = ("get", "put", "post", "delete", "patch")
_DOCUMENTS: "WeakKeyDictionary[Any, str]" = WeakKeyDictionary()  # the served document, per app


def _validator(document_text: str, pointer: str) -> Draft202012Validator:
    return _compiled(document_text, pointer)


@lru_cache(maxsize=512)
def _compiled(document_text: str, pointer: str) -> Draft202012Validator:
    """A validator of the schema at `pointer`, with the document's components for its $refs."""
    document = json.loads(document_text)
    node: Any = document
    for part in pointer.removeprefix("#/").split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    schema = {**node, "components": document["components"]} if isinstance(node, dict) else node
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def _resolve(document: dict, node: Any) -> Any:
    while isinstance(node, dict) and "$ref" in node and node["$ref"].startswith("#/components/responses/"):
        node = document["components"]["responses"][node["$ref"].rpartition("/")[2]]
    return node


def operation_for(document: dict, app, path: str, method: str) -> Optional[tuple[str, dict]]:
    """(document path, operation) serving `path` with `method`, or None when no route matches."""
    from werkzeug.exceptions import HTTPException

    adapter = app.url_map.bind("localhost")
    try:
        rule, _ = adapter.match(path.partition("?")[0], method=method.upper(), return_rule=True)
    except HTTPException:
        return None
    template = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
    operation = document["paths"].get(template, {}).get(method)
    return (template, operation) if operation is not None else None


def problems(validator: Draft202012Validator, value: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
            for e in validator.iter_errors(value)]


def check_exchange(client, path: str, method: str, body: Any, response) -> None:
    """Assert that the request body (when accepted) and the response are what the document says."""
    document_text = _DOCUMENTS.get(client.application)
    if document_text is None:
        document_text = _DOCUMENTS[client.application] = client.get("/api/v1/openapi.json").get_data(as_text=True)
    document = json.loads(document_text)
    found = operation_for(document, client.application, path, method)
    if found is None:
        return
    template, operation = found
    escaped = template.replace("~", "~0").replace("/", "~1")
    status = str(response.status_code)
    documented = operation["responses"].get(status)
    assert documented is not None, f"{method.upper()} {template} answered {status}, which the document does not list"
    documented = _resolve(document, documented)
    content = documented.get("content", {}).get("application/json")
    if content is not None:
        assert response.is_json, f"{method.upper()} {template} {status}: documented as JSON"
        if "$ref" in documented.get("content", {}).get("application/json", {}).get("schema", {}):
            pointer = documented["content"]["application/json"]["schema"]["$ref"]
        else:
            pointer = f"#/paths/{escaped}/{method}/responses/{status}/content/application~1json/schema"
        found_problems = problems(_validator(document_text, pointer), response.get_json())
        assert not found_problems, (f"{method.upper()} {template} {status} breaks the document:", found_problems)
    if body is not None and 200 <= response.status_code < 300 and "requestBody" in operation:
        pointer = f"#/paths/{escaped}/{method}/requestBody/content/application~1json/schema"
        found_problems = problems(_validator(document_text, pointer), body)
        assert not found_problems, (f"{method.upper()} {template} accepted a body the document refuses:",
                                    found_problems)


def example_problems(document: dict) -> list[str]:
    """Every `example`/`examples` value in the document checked against the schema it sits in."""
    document_text = json.dumps(document)
    found: list[str] = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            if "examples" in node and isinstance(node["examples"], list) and ("type" in node or "$ref" in node
                                                                              or "anyOf" in node or "enum" in node):
                schema = {k: v for k, v in node.items() if k not in ("examples", "example")}
                validator = Draft202012Validator({**schema, "components": document["components"]},
                                                 format_checker=Draft202012Validator.FORMAT_CHECKER)
                for example in node["examples"]:
                    found.extend(f"{pointer}: {p}" for p in problems(validator, example))
            if "example" in node and "schema" in node:
                validator = _validator(document_text, f"{pointer}/schema")
                found.extend(f"{pointer}: {p}" for p in problems(validator, node["example"]))
            for key, value in node.items():
                walk(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{pointer}/{i}")

    walk(document, "#")
    return found
