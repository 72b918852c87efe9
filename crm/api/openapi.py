"""API: the OpenAPI 3.1 document of /api/v1, assembled from the app's routes and the body schemas.

Nothing here restates a schema. The paths and their parameters come from the URL rules the app has
registered (path parameters from the rules' converters); each operation's words, statuses and
bodies from OPERATIONS below, which names the pydantic models of crm/api/schemas; the components
are those models' JSON Schema (`pydantic.json_schema.models_json_schema`). crm/inputs.py checks every
query parameter against this document, and scripts/api-check (Schemathesis) holds the server to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Optional

from flask import current_app, jsonify
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema
from werkzeug.routing import IntegerConverter

from . import bp
from . import schemas as s
from .schemas import queries as q
from .schemas.base import OpenAPISchema

JSON = "application/json"
REF = "#/components/schemas/{model}"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

ERROR_RESPONSES = {
    400: ("BadRequest", "The body is not a JSON object."),
    401: ("Unauthorized", "No valid bearer token (missing, unknown, revoked, or its user is inactive)."),
    403: ("Forbidden", "The token's user's role does not allow this."),
    404: ("NotFound", "No such record."),
    405: ("MethodNotAllowed", "The address does not take this method; `Allow` lists those it does."),
    409: ("Conflict", "The data clashes with an existing record; `existing_id` names it."),
    422: ("Invalid", "Some fields are not valid; `fields` gives every reason for each. Besides what the "
                     "schemas state: a NUL character, text that is not UTF-8 or a number no column holds is "
                     "refused anywhere, and so are values that clash with stored records (a case of another "
                     "customer, an expired cursor)."),
    429: ("TooManyRequests", "The token used up its requests for now (`CRM_API_LIMIT`); `Retry-After` says "
                             "when to try again."),
}
# Every operation may answer 401 (no token), 405 (a method the address does not take, or an id out of
# range under another method: routing tries the method first), 422 (crm/inputs.py refuses a NUL
# character, bytes that are not UTF-8 or a number no column holds, anywhere) and 429 (CRM_API_LIMIT).
ALWAYS = (401, 405, 422, 429)


@dataclass(frozen=True)
class Header:
    description: str
    type: str = "string"
    minimum: Optional[int] = None

    def json(self) -> dict:
        schema: dict = {"type": self.type}
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        return {"description": self.description, "schema": schema}


LOCATION = {"Location": Header("The address of the new record.")}
RETRY_AFTER = {"Retry-After": Header("Seconds to wait before trying again.", "integer", 1)}


@dataclass
class Op:
    """One operation: what it is for, and the models of its body, query and answers."""

    summary: str
    tags: tuple[str, ...]
    ok: dict[int, tuple]  # status → (description, model or None[, headers])
    errors: tuple[int, ...] = ()
    body: Optional[type[BaseModel]] = None
    body_description: str = ""
    body_required: bool = True
    query: Optional[type[BaseModel]] = None
    headers: Optional[type[BaseModel]] = None
    description: str = ""
    security: Optional[list] = None
    path_words: dict[str, str] = field(default_factory=dict)  # path parameter → its description
    extra_errors: dict = field(default_factory=dict)


PAGE = "One page; pass `next` as `cursor` for the one after."

OPERATIONS: dict[str, Op] = {
    "openapi": Op("This document.", ("meta",), {200: ("The OpenAPI document.", s.Document)}, security=[]),
    # --- customers
    "lookup_customer": Op(
        "The screen-pop: find the caller by exactly one of phone, email or account.", ("customers",),
        {200: ("Exactly one customer matches.", s.Lookup),
         300: ("Several customers match; every candidate is listed.", s.Candidates)}, (403, 404, 422),
        query=q.LookupQuery,
        description="A phone number may be written any common way (`+60 12-345 6789`, `0123456789`, "
                    "`(012) 345/6789`, `0060123456789`); a national number is read in the default region and the "
                    "other served regions. Never guesses: several matches answer 300."),
    "search_customers": Op("Search customers by name fragment, phone, e-mail or account number.", ("customers",),
                           {200: ("Exact identifier matches first, then name matches; one page.", s.CustomerList)},
                           (403, 422), query=q.CustomerSearch),
    "create_customer": Op("Create a customer.", ("customers",), {201: ("Created.", s.SavedCustomer, LOCATION)},
                          (400, 403, 409, 422), body=s.CustomerInput),
    "get_customer": Op("Show one customer.", ("customers",), {200: ("The customer.", s.Customer)}, (403, 404)),
    "update_customer": Op("Change the fields given; the others keep their values.", ("customers",),
                          {200: ("The customer as it is now.", s.SavedCustomer)}, (400, 403, 404, 409, 422),
                          body=s.CustomerInput,
                          body_description="Only the keys given change; `phones` and `emails` replace the lists."),
    "customer_interactions": Op("The customer's interactions, newest first, a page at a time.",
                                ("customers", "interactions"), {200: (PAGE, s.InteractionList)}, (403, 404, 422),
                                query=q.Paged),
    "merge_customer": Op("Fold a duplicate into this customer: its history and contact points move here.",
                         ("customers",), {200: ("The surviving customer.", s.Customer)}, (400, 403, 404, 422),
                         body=s.Merge),
    "export_customer": Op("Everything held about the customer: profile, contacts, cases, feedback, surveys (admin).",
                          ("customers",), {200: ("The customer's data.", s.CustomerExport)}, (403, 404)),
    "erase_customer": Op("Erase the customer's personal data (name, contact points, what they said); contacts' "
                         "channels, times and findings stay as anonymous statistics (admin).", ("customers",),
                         {204: ("Erased.", None)}, (403, 404)),
    # --- interactions
    "log_interaction": Op(
        "Log an interaction; it is checked against the policy in force.", ("interactions",),
        {201: ("Stored, with every finding (enforced and pilot) and feedback item.", s.InteractionResult, LOCATION),
         200: ("Already stored by an earlier request with this Idempotency-Key.", s.InteractionResult, LOCATION)},
        (400, 403, 404, 409, 422), body=s.InteractionInput, headers=q.IdempotencyHeader),
    "check_interaction": Op("Check a contact as logging would (same policy version, same findings); store nothing.",
                            ("interactions",), {200: ("What logging would produce.", s.CheckResult)},
                            (400, 403, 404, 409, 422), body=s.InteractionInput),
    "suggest_feedback": Op("The feedback the classifier hears in a summary and transcript, with the customer's "
                           "sentence.", ("feedback",), {200: ("One item per issue the customer raised.",
                                                              s.SuggestResult)}, (400, 403, 422), body=s.SuggestInput),
    "get_interaction": Op("Show one interaction with its findings and feedback.", ("interactions",),
                          {200: ("The interaction, with its survey link when it has one.", s.InteractionShown)},
                          (403, 404)),
    # --- admin
    "list_users": Op("List every user (admin).", ("admin",), {200: ("Every user.", s.UserList)}, (403,)),
    "create_user": Op("Create a user (admin).", ("admin",), {201: ("Created.", s.User)}, (400, 403, 409, 422),
                      body=s.UserInput),
    "update_user": Op("Change a user's role, team, department, language, time zone or whether they may sign in "
                      "(admin).", ("admin",),
                      {200: ("The user as they are now.", s.User)}, (400, 403, 404, 409, 422), body=s.UserChanges),
    "list_teams": Op("List every team (admin).", ("admin",), {200: ("Every team.", s.TeamList)}, (403,)),
    "create_team": Op("Create a team (admin).", ("admin",), {201: ("Created.", s.Team)}, (400, 403, 409, 422),
                      body=s.TeamInput),
    "update_team": Op("Change a team's time zone (admin).", ("admin",),
                      {200: ("The team as it is now.", s.Team)}, (400, 403, 404, 422), body=s.TeamChanges),
    "me": Op("The user the token belongs to, with the time zone in force for them (their own, else their "
             "team's, else the organisation's).", ("account",), {200: ("The user.", s.User)}, (403,)),
    "list_audit_events": Op("The audit trail newest first, with the total matching the filters (admin).", ("admin",),
                            {200: ("One page and the total.", s.AuditEventList)}, (403, 422), query=q.AuditQuery),
    # --- policy and findings
    "list_standards": Op("Every standard the installed plugins provide, with its parameter schema.", ("policy",),
                         {200: ("Every standard.", s.StandardList)}, (403,)),
    "policy_in_force": Op("The policy version in force, with its rules.", ("policy",),
                          {200: ("The version in force.", s.PolicyVersion)}, (403, 404)),
    "list_findings": Op("Findings newest first: agents see their own, leads their team's, admins all.", ("findings",),
                        {200: (PAGE, s.FindingList)}, (403, 422), query=q.FindingQuery),
    "preview_policy": Op("Run a draft set of rules over a past period's interactions; stores nothing (lead, admin).",
                         ("policy",), {200: ("What the draft would have flagged.", s.PolicyPreview)},
                         (400, 403, 422), body=s.PolicyPreviewInput),
    "pilot_report": Op("Each pilot rule in force: its rate on the pilot teams beside the enforced rate elsewhere, "
                       "over the contacts started from `from` to `to` while the version was in force (lead, admin).", ("policy",),
                       {200: ("One entry per pilot rule of the version in force.", s.PilotReport)}, (403, 422),
                       query=q.PilotReportQuery),
    "create_policy_version": Op("Write a new policy version from a full set of rules (admin).", ("policy",),
                                {201: ("The new version.", s.PolicyVersion)}, (400, 403, 422),
                                body=s.PolicyVersionInput),
    "review_finding": Op("Decide on a finding (the lead of the agent's team, or an admin). `coached` needs a note, "
                         "which becomes the agent's coaching note; `waived` accepts the agent's justification.",
                         ("findings",), {200: ("The finding with its decision.", s.Finding)},
                         (400, 403, 404, 409, 422), body=s.Review),
    "justify_finding": Op("Say why the contact departed from the standard (the agent's own finding, a lead's "
                          "team's, or any for an admin) while the lead has not decided; the finding becomes "
                          "`justified`.", ("findings",), {200: ("The finding, justified.", s.Finding)},
                          (400, 403, 404, 409, 422), body=s.Justification),
    "withdraw_justification": Op("Withdraw the justification while the lead has not decided; the finding is open "
                                 "again.", ("findings",), {200: ("The finding, open.", s.Finding)}, (403, 404, 409)),
    # --- cases
    "list_cases": Op("Cases newest first: agents and leads see their team's (and their own), admins all.",
                     ("cases",), {200: ("One page and the total; pass `next` as `cursor` for the one after.",
                                        s.CaseList)}, (403, 422), query=q.CaseQuery),
    "create_case": Op("Open a case by hand (logging a contact opens one too, see POST /interactions).", ("cases",),
                      {201: ("Opened.", s.Case, LOCATION)}, (400, 403, 404, 422), body=s.CaseInput),
    "get_case": Op("Show one case.", ("cases",), {200: ("The case.", s.Case)}, (403, 404)),
    "update_case": Op("Assign, change status or priority, close (with the resolution as `note`) or reopen; agents "
                      "and leads of the case's team, admins. Every change is audited.", ("cases",),
                      {200: ("The case as it is now.", s.Case)}, (400, 403, 404, 422), body=s.CaseChanges),
    "follow_up_done": Op("Mark the follow-up promised on this contact as kept, now. The sweep's callback standard "
                         "honours it: kept by the due time, no finding.", ("cases", "interactions"),
                         {200: ("The contact, with `follow_up_done_at` set.", s.Interaction)},
                         (400, 403, 404, 409, 422), body=s.FollowUpDone, body_required=False),
    # --- calls
    "post_call_event": Op(
        "One event of a call from the phone system. Repeating an event (same call_id, event and at) changes "
        "nothing; events may arrive in any order, but an `answered` before the call's `ringing` (or a `ringing` "
        "after its `answered`) is refused (409). Agents and leads send their own calls' events; admins and "
        "`integration` users anyone's.", ("calls",),
        {202: ("Accepted. `changed` is false for an event the call already had, and for one after the call's "
               "hangup (kept, but nothing after the hangup counts).", s.CallEventAccepted,
               {"Location": Header("The call as measured (GET).")})}, (400, 403, 409, 422), body=s.CallEvent),
    "get_call": Op("The call as measured: queue wait from ringing to answered, holds (a hold never ended by unhold "
                   "ends at hangup), transfers, the caller looked up by number, and the interaction logged from it. "
                   "The call's agent, their team lead, admins and integrations.", ("calls",),
                   {200: ("The call.", s.Call)}, (403, 404), path_words={"call_id": "The phone system's id of the call."}),
    # --- reports
    "compliance_report": Op("Compliance of the enforced rules per standard, agent, team, channel or ISO week; pilot "
                            "rules' figures apart (lead: own team, admin).", ("reports",),
                            {200: ("The report.", s.ComplianceReport)}, (403, 422), query=q.ComplianceQuery,
                            description="Read from the daily roll-up, so a year costs as little as a day. Periods "
                                        "are whole UTC days; default: the last 30 days."),
    "targets_report": Op("Every target of STANDARDS.md with its value, goal, whether it is met and the numbers behind "
                         "it (lead: own team, admin).", ("reports",),
                         {200: ("The targets, in the order of STANDARDS.md.", s.TargetsReport)}, (403, 422),
                         query=q.PeriodQuery),
    # --- departments, feedback, routing, deliveries
    "list_departments": Op("List every department (admin).", ("departments",),
                           {200: ("Every department.", s.DepartmentList)}, (403,)),
    "create_department": Op("Create a department (admin).", ("departments",), {201: ("Created.", s.Department)},
                            (400, 403, 409, 422), body=s.DepartmentInput),
    "update_department": Op("Change a department's name, e-mail addresses, webhook or fallback role (admin).",
                            ("departments",), {200: ("The department as it is now.", s.Department)},
                            (400, 403, 404, 422), body=s.DepartmentChanges),
    "department_feedback": Op("The feedback routed to a department, newest first (its members and admins).",
                              ("departments", "feedback"), {200: (PAGE, s.InboxFeedbackList)}, (403, 404, 422),
                              query=q.InboxQuery),
    "update_feedback": Op(
        "Move an item on (new → acknowledged → in progress → done or declined) and give the department's response "
        "(its members and admins).", ("feedback",), {200: ("The item as it is now.", s.FeedbackChanged)},
        (400, 403, 404, 409, 422), body=s.FeedbackChanges, path_words={"feedback_id": "The feedback item's id."},
        description="Steps may be skipped but never undone; done and declined need a response. A new response "
                    "shows on the customer's timeline and notifies the agent who heard it. `whole_group` applies "
                    "the change to every open item alike to this one."),
    "list_routing_rules": Op("The routing rules in the order they are tried: lower priority first (admin).",
                             ("routing",), {200: ("Every rule.", s.RoutingRuleList)}, (403,)),
    "create_routing_rule": Op(
        "Create a routing rule (admin).", ("routing",), {201: ("Created.", s.RoutingRule)}, (400, 403, 422),
        body=s.RoutingRuleInput,
        description="A rule claims an item when every condition it has holds: the category, the product glob, and "
                    "any one of the keywords (folded: case and accents ignored; `packag*` is a stem). The first rule "
                    "by priority decides; what none claims goes to the fallback department."),
    "delete_routing_rule": Op("Delete a routing rule (admin); items it routed keep their department.", ("routing",),
                              {204: ("Deleted.", None)}, (403, 404), path_words={"rule_id": "The routing rule's id."}),
    "list_deliveries": Op("The outbox's webhooks and e-mails, newest first (admin).", ("deliveries",),
                          {200: (PAGE, s.DeliveryList)}, (403, 422), query=q.DeliveryQuery),
    "retry_delivery": Op("Send a dead delivery again, with a fresh set of attempts (admin).", ("deliveries",),
                         {200: ("The delivery, pending again.", s.Delivery)}, (400, 403, 404, 409), body=s.NoBody,
                         body_required=False, body_description="None needed."),
}


# --- the assembler -----------------------------------------------------------------------------------

def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = [s.Error]
    for op in OPERATIONS.values():
        for model in (op.body, *(answer[1] for answer in op.ok.values())):
            if model is not None and model not in found:
                found.append(model)
    return found


@lru_cache(maxsize=1)
def components() -> tuple[dict, dict]:
    """(model → its $ref, every component schema): the models' JSON Schema, generated once."""
    models = _models()
    refs, defs = models_json_schema([(m, "validation") for m in models], ref_template=REF,
                                    schema_generator=OpenAPISchema)
    return {m: refs[(m, "validation")] for m in models}, defs.get("$defs", {})


def _without_null(schema: dict) -> dict:
    """A parameter's schema: a query string has no null, so the nullable branch goes."""
    schema = dict(schema)
    if "anyOf" in schema:
        options = [o for o in schema.pop("anyOf") if o != {"type": "null"}]
        if len(options) == 1:
            schema = {**options[0], **schema}
        else:
            schema["anyOf"] = options
    kinds = schema.get("type")
    if isinstance(kinds, list):
        kinds = [k for k in kinds if k != "null"]
        schema["type"] = kinds[0] if len(kinds) == 1 else kinds
    if schema.get("default", 0) is None:
        del schema["default"]
    return schema


def _parameters(model: type[BaseModel], where: str) -> list[dict]:
    properties = model.model_json_schema(schema_generator=OpenAPISchema)["properties"]
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        schema = _without_null(properties[key])
        description = schema.pop("description", "")
        out.append({"name": key, "in": where, "required": info.is_required(), "description": description,
                    "schema": schema})
    return out


def _path_parameters(rule) -> list[dict]:
    out = []
    for name in re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule):
        converter = rule._converters[name]
        op = OPERATIONS.get(rule.endpoint.partition(".")[2])
        words = (op.path_words if op else {}).get(name)
        if isinstance(converter, IntegerConverter):
            schema = {"type": "integer", "minimum": converter.min if converter.min is not None else 0,
                      "maximum": converter.max}
            words = words or f"The {name.removesuffix('_id').replace('_', ' ')}'s id."
        else:
            schema = {"type": "string"}
            longest = re.search(r"\{\d*,(\d+)\}", converter.regex)
            if longest:
                schema["maxLength"] = int(longest.group(1))
            words = words or f"The {'department' if name == 'slug' else name}'s {name}."
        out.append({"name": name, "in": "path", "required": True, "description": words, "schema": schema})
    return out


def _content(schema: dict) -> dict:
    return {JSON: {"schema": schema}}


def _operation(endpoint: str, op: Op, rule) -> dict:
    refs, _ = components()
    responses: dict[str, Any] = {}
    for status, (description, model, *headers) in op.ok.items():
        answer: dict[str, Any] = {"description": description}
        if model is not None:
            answer["content"] = _content(refs[model])
        if headers:
            answer["headers"] = {name: header.json() for name, header in headers[0].items()}
        responses[str(status)] = answer
    for status in sorted({*ALWAYS, *op.errors} if op.security != [] else op.errors):
        responses[str(status)] = {"$ref": f"#/components/responses/{ERROR_RESPONSES[status][0]}"}
    out: dict[str, Any] = {"operationId": endpoint, "summary": op.summary, "tags": list(op.tags)}
    if op.description:
        out["description"] = op.description
    if op.security is not None:
        out["security"] = op.security
    parameters = _path_parameters(rule)
    if op.query is not None:
        parameters += _parameters(op.query, "query")
    if op.headers is not None:
        parameters += _parameters(op.headers, "header")
    if parameters:
        out["parameters"] = parameters
    if op.body is not None:
        out["requestBody"] = {"required": op.body_required, "content": _content(refs[op.body])}
        if op.body_description:
            out["requestBody"]["description"] = op.body_description
    out["responses"] = responses
    return out


def build_document() -> dict:
    """The document of the operations this app has registered, so it never promises a route it lacks."""
    _, schemas = components()
    paths: dict[str, dict] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith(f"{bp.name}."):
            continue
        endpoint = rule.endpoint.partition(".")[2]
        op = OPERATIONS.get(endpoint)
        if op is None:  # tests/test_api_openapi.py names the route that lacks a description
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(endpoint, op, rule)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "CRM API",
            "version": "1",
            "description": "The public JSON API of the CRM. JSON in and out; times are ISO 8601 with an offset. "
                           "Errors are always the `Error` object, never a stack trace or an HTML page.",
        },
        "security": [{"bearerAuth": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer",
                               "description": "A token from `crm users token EMAIL` or the web UI's token page."},
            },
            "responses": {
                name: {"description": description, "content": _content({"$ref": REF.format(model="Error")}),
                       **({"headers": {k: h.json() for k, h in RETRY_AFTER.items()}}
                          if name == "TooManyRequests" else {})}
                for name, description in ERROR_RESPONSES.values()
            },
            "schemas": schemas,
        },
    }


def document() -> dict:
    """The app's document, built once per app (its routes do not change once it serves)."""
    cache = current_app.extensions.setdefault("crm.openapi", {})
    if "document" not in cache:
        cache["document"] = build_document()
    return cache["document"]


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document; it needs no token."""
    return jsonify(document())
