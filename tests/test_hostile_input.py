"""Property: no route answers 5xx, whatever a path variable or query parameter holds, whoever asks.

Hypothesis walks app.url_map: every rule and method, as every kind of person of route_world,
with each path variable and query parameter filled from values that used to reach the database
(a NUL byte, bytes that are not UTF-8, ids past 2^31 and 2^63, negative numbers, 10 kB of text,
unknown enum values). The query parameters are the API's documented ones, and for pages the
ones their views read. Bounded examples keep it to a few seconds per database.
"""
from __future__ import annotations

import re
from urllib.parse import quote_from_bytes

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crm.api.openapi import document
from crm.services.accounts import create_token
from route_world import ACTORS, PASSWORD, build_world

HOSTILE: list[bytes] = [b"\x00", b"a\x00b", b"\xff\xfe", b"caf\xe9", str(2**31).encode(), str(2**63 + 1).encode(),
                        b"-1", b"0", b"1", b"x" * 10_000, b"9" * 5000, b"nonsense", b"", b"%", b"../../etc/passwd",
                        b"2026-13-45", "\ud800".encode("utf-8", "surrogatepass"),
                        "²".encode(), "٣".encode() * 12]
# The sweep's share: one value of each kind (the random walk draws from all of HOSTILE).
SWEEP: list[bytes] = [b"a\x00b", b"\xff\xfe", str(2**31).encode(), str(2**63 + 1).encode(), b"-1", b"x" * 10_000,
                      b"nonsense", "\ud800".encode("utf-8", "surrogatepass"), "²".encode(), "٣".encode() * 12]
# What the pages' views read from their query strings.
PAGE_PARAMETERS = ("q", "team", "agent", "standard", "status", "channel", "severity", "from", "to", "period",
                   "after", "phone", "email", "account", "since", "until", "group", "category", "product", "text",
                   "fragment", "go", "next", "logged")
VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
ROUTE_ORDER_LAST = ("auth.logout", "api.erase_customer", "desk.erase_customer")


def _routes(app) -> list[tuple[str, str, tuple[str, ...]]]:
    """(rule, method, query parameter names) for every rule and method of the app."""
    with app.test_request_context():
        paths = document()["paths"]
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ROUTE_ORDER_LAST:
            continue  # they end the session or erase the world's customer; test_roles covers them
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if rule.rule.startswith("/api/"):
                operation = paths.get(VARIABLE.sub(r"{\1}", rule.rule), {}).get(method.lower(), {})
                names = tuple(p.get("name", p.get("$ref", "").rpartition("/")[2]) for p in operation.get("parameters", [])
                              if p.get("in", "query") == "query")
            else:
                names = PAGE_PARAMETERS if method == "GET" else ()
            routes.append((rule.rule, method, names))
    return routes


@pytest.fixture
def walk(app, make_user, make_customer):
    """Build the world and a signed-in client per actor; return (routes, request function)."""
    world = build_world(make_user, make_customer)
    clients = {}
    for name, user in world.people.items():
        client, headers = app.test_client(), {}
        if user is not None:
            with app.app_context():
                client.post("/login", data={"email": user.email, "password": PASSWORD})
            headers = {"Authorization": f"Bearer {create_token(user, 'hostile')[1]}"}
        clients[name] = (client, headers)

    def call(rule: str, method: str, actor: str, variables: dict, query: dict) -> int:
        path = VARIABLE.sub(lambda m: quote_from_bytes(variables[m.group(1)], safe=b""), rule)
        query_string = b"&".join(quote_from_bytes(k.encode(), safe=b"").encode() + b"=" +
                                 quote_from_bytes(v, safe=b"").encode() for k, v in query.items()).decode("ascii")
        client, headers = clients[actor]
        kwargs = {"headers": headers} if path.startswith("/api/") else {}
        if method in ("POST", "PATCH", "PUT"):
            kwargs["json" if path.startswith("/api/") else "data"] = {}
        with app.app_context():  # a context per request, as in production
            response = client.open(path, method=method, query_string=query_string, buffered=True, **kwargs)
            response.get_data()
            response.close()
        return response.status_code

    return _routes(app), call


@settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                     HealthCheck.too_slow])
@given(data=st.data())
def test_no_route_answers_5xx_to_hostile_input(walk, data):
    routes, call = walk
    rule, method, names = data.draw(st.sampled_from(routes), label="route")
    actor = data.draw(st.sampled_from(sorted(ACTORS)), label="actor")
    variables = {name: data.draw(st.sampled_from(HOSTILE), label=name) for name in VARIABLE.findall(rule)}
    query = data.draw(st.dictionaries(st.sampled_from(names), st.sampled_from(HOSTILE), max_size=3)
                      if names else st.just({}), label="query")
    status = call(rule, method, actor, variables, query)
    assert status < 500, (method, rule, actor, variables, query, status)


def test_every_route_survives_every_hostile_value_as_an_admin(walk):
    """The exhaustive part, where it is cheap (an admin may use every route): each hostile value in
    every path variable; in each documented API query parameter on its own; in all of a page's
    query parameters at once."""
    routes, call = walk
    failures = []
    for rule, method, names in routes:
        variables = VARIABLE.findall(rule)
        real = {name: b"1" for name in variables}
        for value in SWEEP:
            tries = [({name: value for name in variables}, {})] if variables else []
            if rule.startswith("/api/"):
                tries += [(real, {name: value}) for name in names]
            elif names:
                tries.append((real, {name: value for name in names}))
            for path_values, query in tries:
                status = call(rule, method, "admin", path_values, query)
                if status >= 500:
                    failures.append((method, rule, path_values, {k: v[:20] for k, v in query.items()}, status))
    assert failures == []
