"""The OpenAPI document: served without a token, and true to every route and to the JSON actually sent."""
import re

import pytest

from crm.services.access import SYSTEM

METHODS = {"get", "put", "post", "delete", "patch"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.get_json()


def routes(app) -> set[tuple[str, str]]:
    """(path template, method) of every rule of the API blueprint, in OpenAPI's spelling."""
    found = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((path, method.lower()))
    return found


def operations(spec):
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation


def resolve(spec, node):
    while isinstance(node, dict) and "$ref" in node:
        section, kind, name = node["$ref"].removeprefix("#/").split("/")
        node = spec[section][kind][name]
    return node


def conforms(spec, value, schema, where="$") -> list[str]:
    """The places where value breaks schema (the subset of JSON Schema the document uses)."""
    schema = resolve(spec, schema)
    if "anyOf" in schema:
        if all(conforms(spec, value, option, where) for option in schema["anyOf"]):
            return [f"{where}: matches none of anyOf"]
        return []
    problems = []
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    kinds = schema.get("type")
    if kinds is not None:
        kinds = kinds if isinstance(kinds, list) else [kinds]
        checks = {"string": lambda v: isinstance(v, str), "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
                  "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
                  "array": lambda v: isinstance(v, list), "object": lambda v: isinstance(v, dict)}
        if not any(checks[k](value) for k in kinds):
            return [f"{where}: {value!r} is not {kinds}"]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                problems.append(f"{where}: {name} missing")
        for name, item in value.items():
            if name in properties:
                problems += conforms(spec, item, properties[name], f"{where}.{name}")
            elif schema.get("additionalProperties") is False:
                problems.append(f"{where}: {name} is not documented")
            elif isinstance(schema.get("additionalProperties"), dict):
                problems += conforms(spec, item, schema["additionalProperties"], f"{where}.{name}")
    if isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            problems += conforms(spec, item, schema["items"], f"{where}[{i}]")
    return problems


def test_the_document_needs_no_token_and_is_openapi_3_1(client, spec):
    assert spec["openapi"].startswith("3.1")
    assert spec["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": spec["components"]["securitySchemes"]["bearerAuth"]["description"]}
    assert spec["security"] == [{"bearerAuth": []}]
    assert spec["paths"]["/api/v1/openapi.json"]["get"]["security"] == []


def test_every_route_is_documented_and_every_documented_route_exists(app, spec):
    documented = {(path, method) for path, method, _ in operations(spec)}
    actual = routes(app)
    assert actual - documented == set(), "routes missing from the OpenAPI document"
    assert documented - actual == set(), "documented operations the app does not have"


def test_each_operation_id_names_the_endpoint_serving_it(app, spec):
    adapter = app.url_map.bind("localhost")
    for path, method, operation in operations(spec):
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        endpoint, _ = adapter.match(concrete, method=method.upper())
        assert endpoint == f"api.{operation['operationId']}", (path, method)


def test_every_reference_resolves(spec):
    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                resolve(spec, node)  # raises KeyError when dangling
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(spec)


def test_path_parameters_are_declared_and_secured_operations_answer_401(spec):
    for path, method, operation in operations(spec):
        declared = {resolve(spec, p)["name"] for p in spec["paths"][path].get("parameters", [])
                    + operation.get("parameters", []) if resolve(spec, p)["in"] == "path"}
        assert declared == set(re.findall(r"\{([^}]+)\}", path)), (path, method)
        assert operation["summary"] and operation["responses"]
        if operation.get("security") != []:
            assert "401" in operation["responses"], (path, method)
        if method in ("post", "patch"):
            assert "requestBody" in operation and "400" in operation["responses"], (path, method)
        for status, response in operation["responses"].items():
            if status.startswith(("4", "5")):
                schema = resolve(spec, response)["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}, (path, method, status)


def test_the_json_sent_matches_the_documented_schemas(app, spec, api, make_user, make_customer):
    from crm.services.teams import create_team

    def check(response, status, path, method):
        assert response.status_code == status, response.get_data(as_text=True)
        documented = spec["paths"][path][method]["responses"][str(status)]
        schema = resolve(spec, documented)["content"]["application/json"]["schema"]
        assert conforms(spec, response.get_json(), schema) == []
        return response.get_json()

    create_team("Alpha", SYSTEM)
    agent = api(make_user("agent", team="Alpha"))
    admin = api(make_user("admin"))
    customer = check(agent.post("/api/v1/customers", json={
        "name": "Siti Rahman", "phones": ["012-345 6789"], "emails": ["siti@example.com"], "account_number": "MY-1",
        "language": "ms", "preferences": {"contact_time": "morning"}}), 201, "/api/v1/customers", "post")
    make_customer("Aino Korhonen", phones=["+358 12 345 6789"])
    check(agent.post("/api/v1/interactions", json={
        "customer_id": customer["id"], "holds": [{"seconds": 90}], "transfers": [{"type": "cold", "to": "billing"}],
        "outcome": "follow_up", "follow_up_due": "2030-01-01T09:00:00+08:00", "amount": 12, "summary": "Refund",
        "justifications": {"hold.apology": "Forgot"}, "feedback": [{"category": "product", "text": "Too loud"}],
    }), 201, "/api/v1/interactions", "post")
    check(agent.get("/api/v1/lookup?email=siti@example.com"), 200, "/api/v1/lookup", "get")
    check(agent.get("/api/v1/lookup?phone=0123456789"), 300, "/api/v1/lookup", "get")
    check(agent.get("/api/v1/customers?q=siti"), 200, "/api/v1/customers", "get")
    interactions = check(agent.get(f"/api/v1/customers/{customer['id']}/interactions"), 200,
                         "/api/v1/customers/{customer_id}/interactions", "get")
    check(agent.get(f"/api/v1/interactions/{interactions['items'][0]['id']}"), 200,
          "/api/v1/interactions/{interaction_id}", "get")
    check(agent.patch(f"/api/v1/customers/{customer['id']}", json={"tier": "gold"}), 200,
          "/api/v1/customers/{customer_id}", "patch")
    check(admin.get("/api/v1/users"), 200, "/api/v1/users", "get")
    check(admin.get("/api/v1/teams"), 200, "/api/v1/teams", "get")
    check(agent.get("/api/v1/standards"), 200, "/api/v1/standards", "get")
    check(agent.get("/api/v1/policy"), 200, "/api/v1/policy", "get")
    check(admin.post("/api/v1/policy/versions", json={"rules": [{"standard": "hold.apology", "teams": ["Alpha"]}],
                                                      "review_by": "2030-01-01"}),
          201, "/api/v1/policy/versions", "post")
    check(agent.post("/api/v1/customers", json={"name": ""}), 422, "/api/v1/customers", "post")
    check(agent.post("/api/v1/customers", json={"name": "X", "emails": ["SITI@example.com"]}), 409,
          "/api/v1/customers", "post")
    check(agent.get("/api/v1/users"), 403, "/api/v1/users", "get")


def test_every_example_in_the_document_matches_its_schema(spec):
    from openapi_contract import example_problems

    assert example_problems(spec) == []


def test_the_contract_check_refuses_a_response_or_an_accepted_body_the_document_does_not_allow(
        client, api, make_user):
    """Every ApiClient call is held to the document (conftest.py); the check itself must bite."""
    from openapi_contract import check_exchange

    agent = api(make_user("agent"))
    created = agent.post("/api/v1/customers", json={"name": "Siti Rahman", "tier": "gold"})
    assert created.status_code == 201
    # The same answer with a field of the wrong type, then with an undocumented status.
    created.set_data(created.get_data(as_text=True).replace('"tier":"gold"', '"tier":7'))
    with pytest.raises(AssertionError, match="breaks the document"):
        check_exchange(client, "/api/v1/customers", "post", None, created)
    created.status_code = 418
    with pytest.raises(AssertionError, match="does not list"):
        check_exchange(client, "/api/v1/customers", "post", None, created)
    created.status_code = 201
    created.set_data(created.get_data(as_text=True).replace('"tier":7', '"tier":"gold"'))
    with pytest.raises(AssertionError, match="accepted a body the document refuses"):
        check_exchange(client, "/api/v1/customers", "post", {"name": "Siti", "shoe_size": 9}, created)


def test_the_403_an_integration_token_gets_is_documented_where_it_is_answered(api, make_user):
    """Every exchange is held to the document (openapi_contract.py): an undocumented 403 fails here."""
    integration = api(make_user("integration", password=None))
    for path in ("/api/v1/me", "/api/v1/policy", "/api/v1/standards"):
        assert integration.get(path).status_code == 403


def test_the_customer_search_documents_its_cursor(spec):
    names = {p["name"] for p in spec["paths"]["/api/v1/customers"]["get"]["parameters"]}
    assert {"q", "limit", "cursor"} <= names
