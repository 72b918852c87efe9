"""API: the OpenAPI 3.1 document describing every endpoint of /api/v1."""
from __future__ import annotations

from flask import current_app, jsonify

from ..models import (CASE_PRIORITIES, CASE_STATUSES, CHANNELS, DIRECTIONS, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES,
                      FINDING_STATUSES, MODES, OUTCOMES, ROLES, SEVERITIES)
from ..services.pagination import MAX_LIMIT
from . import bp
from .serializers import MAX_ID

JSON = "application/json"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


def _text(description: str = "", **extra) -> dict:
    return {"type": "string", **({"description": description} if description else {}), **extra}


NONBLANK = {"minLength": 1, "pattern": "\\S"}  # text with something but spaces in it


def _opt_text(description: str = "", **extra) -> dict:
    return {"type": ["string", "null"], **({"description": description} if description else {}), **extra}


TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with an offset; the server answers in UTC."}
OPT_TIME = {"type": ["string", "null"], "format": "date-time"}
ID_SCHEMA = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def _object(properties: dict, required=(), additional: bool = False, description: str = "", **extra) -> dict:
    schema = {"type": "object", "properties": properties, "additionalProperties": additional, **extra}
    if required:
        schema["required"] = list(required)
    if description:
        schema["description"] = description
    return schema


def _list_of(name: str, total: bool = False) -> dict:
    properties = {"items": {"type": "array", "items": _ref(name)},
                  "next": {"type": ["string", "null"], "description": "Opaque cursor of the next page."}}
    if total:
        properties["total"] = {"type": "integer", "minimum": 0,
                               "description": "How many items match the filters, across all pages."}
    return _object(properties, required=("items", "next", "total") if total else ("items", "next"))


def _response(description: str, schema: dict | None = None, headers: dict | None = None) -> dict:
    out: dict = {"description": description}
    if schema is not None:
        out["content"] = {JSON: {"schema": schema}}
    if headers:
        out["headers"] = headers
    return out


def _errors(*statuses: int) -> dict:
    # Every operation may answer 401 (no token), 405 (a method the address does not take, or an id
    # out of range under another method: routing tries the method first) and 422 (crm/inputs.py
    # refuses a NUL character, bytes that are not UTF-8 or a number no column holds, anywhere), and
    # 429 (the token used up CRM_API_LIMIT).
    return {str(s): {"$ref": f"#/components/responses/{ERROR_RESPONSES[s][0]}"}
            for s in sorted({401, 405, 422, *statuses, 429})}


def _body(schema_name: str, description: str = "") -> dict:
    out = {"required": True, "content": {JSON: {"schema": _ref(schema_name)}}}
    if description:
        out["description"] = description
    return out


def _path_id(name: str, what: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": f"The {what}'s id.", "schema": ID_SCHEMA}


def _query(name: str, description: str, schema: dict | None = None, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema or {"type": "string"}}


ACCOUNT_PATTERN = "^\\s*(?:[A-Za-z0-9](?:\\s*[A-Za-z0-9-]){2,39}\\s*)?$"  # blank: none
# A user's role needs its unit: a lead a team, a department member a department.
NEEDS = {"allOf": [
    {"if": {"properties": {"role": {"const": "lead"}}, "required": ["role"]},
     "then": {"required": ["team"], "properties": {"team": {"type": "string", **NONBLANK}}}},
    {"if": {"properties": {"role": {"const": "department"}}, "required": ["role"]},
     "then": {"required": ["department"], "properties": {"department": {"type": "string", **NONBLANK}}}},
]}

# An address in a list of them; null and blank entries are skipped.
EMAIL_ITEM = {"anyOf": [{"type": "string", "format": "email"}, {"type": "string", "pattern": "^\\s*$"},
                        {"type": "null"}]}

LIMIT = {"$ref": "#/components/parameters/limit"}
CURSOR = {"$ref": "#/components/parameters/cursor"}
LOCATION = {"Location": {"description": "The address of the new record.", "schema": {"type": "string"}}}

ERROR_RESPONSES = {
    400: ("BadRequest", "The body is not a JSON object."),
    401: ("Unauthorized", "No valid bearer token (missing, unknown, revoked, or its user is inactive)."),
    403: ("Forbidden", "The token's user's role does not allow this."),
    404: ("NotFound", "No such record."),
    409: ("Conflict", "The data clashes with an existing record; `existing_id` names it."),
    405: ("MethodNotAllowed", "The address does not take this method; `Allow` lists those it does."),
    422: ("Invalid", "Some fields are not valid; `fields` gives every reason for each. Besides what the "
                     "schemas state: a NUL character, text that is not UTF-8 or a number no column holds is "
                     "refused anywhere, and so are values that clash with stored records (a case of another "
                     "customer, an expired cursor)."),
    429: ("TooManyRequests", "The token used up its requests for now (`CRM_API_LIMIT`); `Retry-After` says "
                             "when to try again."),
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before trying again.",
                               "schema": {"type": "integer", "minimum": 1}}}

SCHEMAS: dict = {
    "Error": _object({
        "error": _object({
            "code": _text("not_found, invalid, conflict, forbidden, unauthorized, bad_request, …"),
            "message": _text("For people."),
            "fields": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                       "description": "Every reason, by field."},
            "existing_id": {"type": "integer", "description": "On a conflict: the record that clashes."},
        }, required=("code", "message", "fields")),
    }, required=("error",)),
    "Phone": _object({
        "value": _text("E.164", examples=["+60123456789"]),
        "display": _text("International display form", examples=["+60 12-345 6789"]),
        "raw": _text("As it was written"),
    }, required=("value", "display", "raw")),
    "Email": _object({"value": _text("Case-folded address")}, required=("value",)),
    "Customer": _object({
        "id": {"type": "integer"},
        "account_number": _opt_text(),
        "name": _text(),
        "company": _opt_text(),
        "language": _opt_text("en, ms, cs, fi or ro"),
        "preferred_channel": _nullable({"enum": list(CHANNELS)}),
        "tier": _opt_text("standard, silver, gold or platinum"),
        "notes": _opt_text("Know before you talk."),
        "preferences": {"type": "object"},
        "phones": {"type": "array", "items": _ref("Phone")},
        "emails": {"type": "array", "items": _ref("Email")},
        "merged_into_id": {"type": ["integer", "null"], "description": "Set when merged into another customer."},
        "created_at": TIME,
        "updated_at": TIME,
    }, required=("id", "account_number", "name", "company", "language", "preferred_channel", "tier", "notes",
                 "preferences", "phones", "emails", "merged_into_id", "created_at", "updated_at")),
    "CustomerInput": _object({
        "name": _text("Required when creating.", maxLength=200, **NONBLANK),
        "account_number": _opt_text("3 to 40 letters, digits or dashes (spaces are dropped)",
                                    pattern=ACCOUNT_PATTERN),
        "phones": {"type": ["array", "null"], "items": {"type": "string"},
                   "description": "Written any common way; national numbers are read in the default region."},
        "emails": {"type": ["array", "null"], "items": EMAIL_ITEM},
        "company": _opt_text(maxLength=200),
        "language": _opt_text("en, ms, cs, fi or ro"),
        "preferred_channel": _nullable({"enum": list(CHANNELS)}),
        "tier": _nullable({"enum": ["standard", "silver", "gold", "platinum"]}),
        "notes": _opt_text(),
        "preferences": {"type": ["object", "null"]},
    }, description="Unknown keys are refused. On PATCH, only the keys given change; null clears a field."),
    "CustomerList": _list_of("Customer"),
    "Candidates": _object({"candidates": {"type": "array", "items": _ref("Customer")}}, required=("candidates",)),
    "Lookup": _object({
        "customer": _ref("Customer"),
        "recent_interactions": {"type": "array", "items": _ref("Interaction"), "maxItems": 5,
                                "description": "Newest first."},
        "open_cases": {"type": "array", "items": _ref("Case")},
        "open_follow_ups": {"type": "array", "items": _ref("Interaction"),
                            "description": "Interactions whose promised follow-up is not yet kept."},
    }, required=("customer", "recent_interactions", "open_cases", "open_follow_ups")),
    "Merge": _object({"duplicate_id": {**ID_SCHEMA, "description": "The customer folded into this one."}},
                     required=("duplicate_id",)),
    "PersonRef": _object({"id": {"type": "integer"}, "name": _text()}, required=("id", "name")),
    "TeamRef": _object({"id": {"type": "integer"}, "name": _text()}, required=("id", "name")),
    "Hold": _object({"seconds": {"type": "integer", "minimum": 0},
                     "apologized": {"type": "boolean", "default": False}}, required=("seconds",)),
    "Transfer": _object({"type": {"enum": ["warm", "cold"]}, "to": _opt_text()}, required=("type",)),
    "FeedbackInput": _object({"category": {"enum": list(FEEDBACK_CATEGORIES)}, "text": _text(),
                              "product": _opt_text(maxLength=200),
                              "source": {"enum": ["agent", "classifier"], "default": "agent",
                                         "description": "classifier: a suggestion the agent confirmed."}},
                             required=("category", "text")),
    "InteractionInput": _object({
        "customer_id": ID_SCHEMA,
        "channel": {"enum": list(CHANNELS), "default": "phone"},
        "direction": {"enum": list(DIRECTIONS), "default": "inbound"},
        "started_at": {**OPT_TIME, "description": "Default: now. Without an offset, UTC."},
        "ended_at": OPT_TIME,
        "queue_wait_seconds": {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_ID},
        "holds": {"type": ["array", "null"], "items": _ref("Hold")},
        "transfers": {"type": ["array", "null"], "items": _ref("Transfer")},
        "summary": _opt_text(),
        "transcript": _opt_text(maxLength=100_000),
        "language": _opt_text(maxLength=8),
        "outcome": _nullable({"enum": list(OUTCOMES)}),
        "follow_up_due": OPT_TIME,
        "case_id": {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_ID},
        "amount": {"type": ["number", "string", "null"], "description": "Non-negative, e.g. 120.50."},
        "approved_by": {"type": ["integer", "string", "null"], "description": "A user's id or e-mail."},
        "justifications": {"type": ["object", "null"], "additionalProperties": {"type": "string"},
                           "description": "Standard code → the agent's reason; makes that finding `justified`."},
        "feedback": {"type": ["array", "null"], "items": _ref("FeedbackInput")},
        "call_id": _opt_text("A call the phone system reported (POST /api/v1/calls/events): its measured "
                             "queue wait, holds and transfers are stored and judged; typed values that "
                             "disagree are kept in the findings' evidence under `typed`.", maxLength=120),
    }, required=("customer_id",), description="Unknown keys are refused."),
    "Interaction": _object({
        "id": {"type": "integer"},
        "customer_id": {"type": "integer"},
        "case_id": {"type": ["integer", "null"]},
        "agent": _ref("PersonRef"),
        "team": _nullable(_ref("TeamRef")),
        "channel": {"enum": list(CHANNELS)},
        "direction": {"enum": list(DIRECTIONS)},
        "started_at": TIME,
        "ended_at": OPT_TIME,
        "queue_wait_seconds": {"type": ["integer", "null"]},
        "holds": {"type": "array", "items": _ref("Hold")},
        "transfers": {"type": "array", "items": _ref("Transfer")},
        "summary": _text(),
        "transcript": _text(),
        "language": _opt_text(),
        "outcome": _nullable({"enum": list(OUTCOMES)}),
        "follow_up_due": OPT_TIME,
        "follow_up_done_at": OPT_TIME,
        "amount": _opt_text("Decimal string, e.g. \"120.50\"."),
        "approved_by": _nullable(_ref("PersonRef")),
        "justifications": {"type": "object", "additionalProperties": {"type": "string"}},
        "policy_version": {"type": ["integer", "null"], "description": "Number of the policy version checked against."},
        "created_at": TIME,
    }, required=("id", "customer_id", "case_id", "agent", "team", "channel", "direction", "started_at",
                 "ended_at", "queue_wait_seconds", "holds", "transfers", "summary", "transcript", "language",
                 "outcome", "follow_up_due", "follow_up_done_at", "amount", "approved_by", "justifications",
                 "policy_version", "created_at")),
    "InteractionList": _list_of("Interaction"),
    "Finding": _object({
        "id": {"type": "integer"},
        "standard": _text("The standard's code"),
        "mode": {"enum": list(MODES)},
        "severity": {"enum": list(SEVERITIES)},
        "message": _text(),
        "evidence": {"type": "object"},
        "policy_version": {"type": "integer", "description": "The policy version's number."},
        "status": {"enum": list(FINDING_STATUSES)},
        "justification": _opt_text(),
        "interaction_id": {"type": ["integer", "null"]},
        "case_id": {"type": ["integer", "null"]},
        "agent_id": {"type": ["integer", "null"]},
        "reviewer_id": {"type": ["integer", "null"]},
        "review_note": _opt_text("The lead's note; for `coached`, the coaching note the agent reads."),
        "reviewed_at": OPT_TIME,
        "escalation_level": {"type": "integer", "description": "0 with the team lead; 1 escalated to admins."},
        "created_at": TIME,
    }, required=("id", "standard", "mode", "severity", "message", "evidence", "policy_version", "status",
                 "justification", "interaction_id", "case_id", "agent_id", "reviewer_id", "review_note",
                 "reviewed_at", "escalation_level", "created_at")),
    "Feedback": _object({
        "id": {"type": "integer"},
        "interaction_id": {"type": "integer"},
        "customer_id": {"type": "integer"},
        "category": {"enum": list(FEEDBACK_CATEGORIES)},
        "product": _opt_text(),
        "text": _text(),
        "department": _opt_text("Slug of the department it was routed to."),
        "status": {"enum": list(FEEDBACK_STATUSES)},
        "response": _opt_text(),
        "responded_at": OPT_TIME,
        "created_at": TIME,
    }, required=("id", "interaction_id", "customer_id", "category", "product", "text", "department", "status",
                 "response", "responded_at", "created_at")),
    "Case": _object({
        "id": {"type": "integer"},
        "customer_id": {"type": "integer"},
        "subject": _text(),
        "status": {"enum": list(CASE_STATUSES)},
        "priority": {"enum": list(CASE_PRIORITIES)},
        "channel": _opt_text(),
        "owner": _nullable(_ref("PersonRef")),
        "team_id": {"type": ["integer", "null"]},
        "opened_at": TIME,
        "first_reply_at": OPT_TIME,
        "last_update_at": OPT_TIME,
        "resolved_at": OPT_TIME,
        "followed_up_at": OPT_TIME,
        "closed_at": OPT_TIME,
        "resolution": _opt_text("The resolution note written when it was closed."),
    }, required=("id", "customer_id", "subject", "status", "priority", "channel", "owner", "team_id",
                 "opened_at", "first_reply_at", "last_update_at", "resolved_at", "followed_up_at",
                 "closed_at", "resolution")),
    "InteractionResult": _object({
        "interaction": _ref("Interaction"),
        "findings": {"type": "array", "items": _ref("Finding"),
                     "description": "Every finding of the policy in force, enforced and pilot alike."},
        "feedback": {"type": "array", "items": _ref("Feedback")},
    }, required=("interaction", "findings", "feedback")),
    "CheckedFinding": _object({
        "standard": _text("The standard's code"),
        "mode": {"enum": list(MODES)},
        "severity": {"enum": list(SEVERITIES)},
        "message": _text("What happened and what the standard asks, in plain words."),
        "evidence": {"type": "object", "description": "For courtesy findings: the language each agent turn "
                                                      "was judged in and the turns matched (or none)."},
        "policy_version": {"type": ["integer", "null"], "description": "The policy version's number."},
        "status": {"enum": ["open", "justified"]},
    }, required=("standard", "mode", "severity", "message", "evidence", "policy_version", "status")),
    "FeedbackSuggestion": _object({
        "category": {"enum": list(FEEDBACK_CATEGORIES)},
        "product": _opt_text(),
        "text": _text("The sentence the item is about."),
        "department": _opt_text("Slug of the department it would be routed to."),
        "evidence": _opt_text("The customer's sentence that triggered it."),
        "confidence": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
    }, required=("category", "product", "text", "department", "evidence", "confidence")),
    "TurnLanguage": _object({
        "index": {"type": "integer"},
        "speaker": {"type": ["string", "null"], "enum": ["agent", "customer", "event", None]},
        "label": _opt_text("The speaker label as written."),
        "language": {"type": ["string", "null"], "description": "en, ms, cs, fi or ro."},
        "confidence": {"type": "number"},
        "text": _text(),
    }, required=("index", "speaker", "label", "language", "confidence", "text")),
    "CheckResult": _object({
        "findings": {"type": "array", "items": _ref("CheckedFinding"),
                     "description": "Exactly what logging would produce now, enforced and pilot alike."},
        "feedback_suggestions": {"type": "array", "items": _ref("FeedbackSuggestion")},
        "language": _object({
            "transcript": {"type": ["string", "null"], "description": "The language most agent turns are in."},
            "turns": {"type": "array", "items": _ref("TurnLanguage")},
        }, required=("transcript", "turns")),
    }, required=("findings", "feedback_suggestions", "language")),
    "SuggestInput": _object({
        "summary": _opt_text(maxLength=100_000),
        "transcript": _opt_text(maxLength=100_000),
        "language": _opt_text("The contact's language, a tie-breaker for detection.", maxLength=8),
    }),
    "SuggestResult": _object({"items": {"type": "array", "items": _ref("FeedbackSuggestion")}},
                             required=("items",)),
    "User": _object({
        "id": {"type": "integer"},
        "email": _text(format="email"),
        "name": _text(),
        "role": {"enum": list(ROLES)},
        "team": _opt_text("Team name"),
        "department": _opt_text("Department slug"),
        "active": {"type": "boolean"},
        "created_at": TIME,
        "last_login_at": OPT_TIME,
        "token": _text("Only when an `integration` user is created: its API token, shown this once."),
    }, required=("id", "email", "name", "role", "team", "department", "active", "created_at", "last_login_at")),
    "UserInput": _object({
        "email": _text(format="email"),
        "name": _opt_text(maxLength=200),
        "role": {"enum": list(ROLES)},
        "team": _opt_text("Name of an existing team; a lead needs one."),
        "department": _opt_text("Slug or name of a department; a department member needs one."),
        "password": _opt_text("At least 10 characters; without one the user signs in with API tokens only.",
                              minLength=10),
    }, required=("email", "role"), description="Unknown keys are refused.", **NEEDS),
    "UserChanges": _object({
        "role": {"enum": list(ROLES)},
        "team": _opt_text("Name of an existing team; null takes the user out of their team."),
        "department": _opt_text("Slug or name of a department; null takes the user out of it."),
        "active": {"type": ["boolean", "null"],
                   "description": "false stops the user signing in and their tokens working; null changes nothing."},
    }, description="Only the keys given change. Unknown keys are refused. A lead needs a team and a "
                   "department member a department, given here or already theirs.", **NEEDS),
    "UserList": _list_of("User"),
    "Team": _object({"id": {"type": "integer"}, "name": _text(), "created_at": TIME},
                    required=("id", "name", "created_at")),
    "TeamInput": _object({"name": _text(maxLength=120, **NONBLANK)}, required=("name",)),
    "TeamList": _list_of("Team"),
    "Standard": _object({
        "code": _text(),
        "title": _text(),
        "description": _text(),
        "source": _text(),
        "kind": {"enum": ["interaction", "sweep"]},
        "channels": {"type": ["array", "null"], "items": {"type": "string"},
                     "description": "The channels it applies to; null: every channel."},
        "default_severity": {"enum": list(SEVERITIES)},
        "parameters": {"type": "object", "description": "JSON Schema of the standard's parameters, with defaults."},
    }, required=("code", "title", "description", "source", "kind", "channels", "default_severity", "parameters")),
    "StandardList": _list_of("Standard"),
    "Rule": _object({
        "standard": _text("A standard's code"),
        "params": {"type": "object", "description": "Checked against the standard's parameter schema; "
                                                     "missing parameters take their defaults."},
        "mode": {"enum": list(MODES)},
        "severity": {"enum": list(SEVERITIES)},
        "teams": {"type": "array", "items": {"type": ["string", "integer"]},
                  "description": "Team names (or ids) the rule applies to; empty: every team."},
        "channels": {"type": "array", "items": {"enum": list(CHANNELS)},
                     "description": "Channels the rule applies to; empty: every channel."},
    }, required=("standard", "params", "mode", "severity", "teams", "channels")),
    "RuleInput": _object({
        "standard": _text("A standard's code", **NONBLANK),
        "params": {"type": ["object", "null"]},
        "mode": {"enum": list(MODES), "default": "enforce"},
        "severity": _nullable({"enum": list(SEVERITIES)}),
        "teams": {"type": ["array", "null"], "items": {"type": ["string", "integer"]}},
        "channels": {"type": ["array", "null"], "items": {"enum": list(CHANNELS)}},
    }, required=("standard",)),
    "PolicyVersion": _object({
        "number": {"type": "integer"},
        "effective_from": TIME,
        "review_by": {"type": ["string", "null"], "format": "date"},
        "note": _text(),
        "created_at": TIME,
        "rules": {"type": "array", "items": _ref("Rule")},
    }, required=("number", "effective_from", "review_by", "note", "created_at", "rules")),
    "FindingList": _list_of("Finding", total=True),
    "PolicyPreviewInput": _object({
        "rules": {"type": "array", "items": _ref("RuleInput"), "minItems": 1, "description": "The draft rules."},
        "from": {**TIME, "description": "Start of the period (with an offset)."},
        "to": {**TIME, "description": "End of the period, after `from`."},
        "team": {"type": ["string", "integer", "null"],
                 "description": "Only this team's interactions (a lead always previews their own team)."},
    }, required=("rules", "from", "to"), description="Unknown keys are refused."),
    "PolicyPreview": _object({
        "checked": {"type": "integer", "description": "Interactions the draft was run over."},
        "flagged_interactions": {"type": "integer"},
        "by_standard": {"type": "array", "items": _object(
            {"standard": _text(), "mode": {"enum": list(MODES)}, "findings": {"type": "integer"}},
            required=("standard", "mode", "findings"))},
        "by_agent": {"type": "array", "items": _object(
            {"agent_id": {"type": "integer"}, "agent": _text(), "findings": {"type": "integer"}},
            required=("agent_id", "agent", "findings"))},
        "by_team": {"type": "array", "items": _object(
            {"team_id": {"type": ["integer", "null"]}, "team": _text(), "findings": {"type": "integer"}},
            required=("team_id", "team", "findings"))},
        "examples": {"type": "object", "description": "Standard code → a few interactions it would flag.",
                     "additionalProperties": {"type": "array", "items": _object(
                         {"interaction_id": {"type": "integer"}, "message": _text(), "mode": {"enum": list(MODES)}},
                         required=("interaction_id", "message", "mode"))}},
    }, required=("checked", "flagged_interactions", "by_standard", "by_agent", "by_team", "examples"),
        description="What the draft would have flagged; nothing is stored."),
    "PilotRate": _object({"checked": {"type": "integer"}, "flagged": {"type": "integer"},
                          "rate": {"type": ["number", "null"], "description": "Percent of checked flagged."}},
                         required=("checked", "flagged", "rate")),
    "PilotReport": _object({"items": {"type": "array", "items": _object({
        "standard": _text(),
        "params": {"type": "object"},
        "policy_version": {"type": "integer"},
        "since": TIME,
        "pilot_teams": {"type": "array", "items": {"type": ["string", "integer"]}},
        "pilot": _ref("PilotRate"),
        "others_enforced": _nullable(_ref("PilotRate")),
    }, required=("standard", "params", "policy_version", "since", "pilot_teams", "pilot", "others_enforced"))}},
        required=("items",)),
    "PolicyVersionInput": _object({
        "rules": {"type": "array", "items": _ref("RuleInput"), "minItems": 1,
                  "description": "The full set of rules of the new version."},
        "note": _opt_text(),
        "review_by": {"type": ["string", "null"], "format": "date"},
        "effective_from": {**OPT_TIME, "description": "With an offset; default now."},
    }, required=("rules",), description="Unknown keys are refused."),
}

CUSTOMER_ID = _path_id("customer_id", "customer")

PATHS: dict = {
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "openapi", "summary": "This document.", "tags": ["meta"], "security": [],
            "responses": {"200": _response("The OpenAPI document.", {"type": "object"})},
        },
    },
    "/api/v1/lookup": {
        "get": {
            "operationId": "lookup_customer", "tags": ["customers"],
            "summary": "The screen-pop: find the caller by exactly one of phone, email or account.",
            "description": "A phone number may be written any common way (`+60 12-345 6789`, `0123456789`, "
                           "`(012) 345/6789`, `0060123456789`); a national number is read in the default region "
                           "and the other served regions. Never guesses: several matches answer 300.",
            "parameters": [_query("phone", "A phone number, written any way."),
                           _query("email", "An e-mail address."),
                           _query("account", "An account number.")],
            "responses": {
                "200": _response("Exactly one customer matches.", _ref("Lookup")),
                "300": _response("Several customers match; every candidate is listed.", _ref("Candidates")),
                **_errors(403, 404, 422),
            },
        },
    },
    "/api/v1/customers": {
        "get": {
            "operationId": "search_customers", "tags": ["customers"],
            "summary": "Search customers by name fragment, phone, e-mail or account number.",
            "parameters": [
                _query("q", "A name (words of at least 3 characters), or a whole phone number, e-mail address "
                            "or account number.", {"type": "string", "minLength": 3, "pattern": "[^\\s_]{3}",
                             # the view checks q itself, after the role: its message says which kind is short
                             "x-checked-by-view": True}, required=True),
                LIMIT],
            "responses": {"200": _response("Exact identifier matches first, then name matches; one page.",
                                           _ref("CustomerList")),
                          **_errors(403, 422)},
        },
        "post": {
            "operationId": "create_customer", "tags": ["customers"], "summary": "Create a customer.",
            "requestBody": _body("CustomerInput"),
            "responses": {"201": _response("Created.", _ref("Customer"), LOCATION),
                          **_errors(400, 403, 409, 422)},
        },
    },
    "/api/v1/customers/{customer_id}": {
        "parameters": [CUSTOMER_ID],
        "get": {
            "operationId": "get_customer", "tags": ["customers"], "summary": "Show one customer.",
            "responses": {"200": _response("The customer.", _ref("Customer")), **_errors(403, 404)},
        },
        "patch": {
            "operationId": "update_customer", "tags": ["customers"],
            "summary": "Change the fields given; the others keep their values.",
            "requestBody": _body("CustomerInput", "Only the keys given change; `phones` and `emails` replace "
                                                  "the lists."),
            "responses": {"200": _response("The customer as it is now.", _ref("Customer")),
                          **_errors(400, 403, 404, 409, 422)},
        },
    },
    "/api/v1/customers/{customer_id}/interactions": {
        "parameters": [CUSTOMER_ID],
        "get": {
            "operationId": "customer_interactions", "tags": ["customers", "interactions"],
            "summary": "The customer's interactions, newest first, a page at a time.",
            "parameters": [LIMIT, CURSOR],
            "responses": {"200": _response("One page; pass `next` as `cursor` for the one after.",
                                           _ref("InteractionList")),
                          **_errors(403, 404, 422)},
        },
    },
    "/api/v1/customers/{customer_id}/merge": {
        "parameters": [CUSTOMER_ID],
        "post": {
            "operationId": "merge_customer", "tags": ["customers"],
            "summary": "Fold a duplicate into this customer: its history and contact points move here.",
            "requestBody": _body("Merge"),
            "responses": {"200": _response("The surviving customer.", _ref("Customer")),
                          **_errors(400, 403, 404, 422)},
        },
    },
    "/api/v1/interactions": {
        "post": {
            "operationId": "log_interaction", "tags": ["interactions"],
            "summary": "Log an interaction; it is checked against the policy in force.",
            "parameters": [{"name": "Idempotency-Key", "in": "header", "required": False,
                            "description": "Up to 100 characters chosen by the client; a retry with the same key "
                                           "answers 200 with the contact the first request logged.",
                            "schema": {"type": "string", "maxLength": 100}}],
            "requestBody": _body("InteractionInput"),
            "responses": {"201": _response("Stored, with every finding (enforced and pilot) and feedback item.",
                                           _ref("InteractionResult"), LOCATION),
                          "200": _response("Already stored by an earlier request with this Idempotency-Key.",
                                           _ref("InteractionResult"), LOCATION),
                          **_errors(400, 403, 404, 409, 422)},
        },
    },
    "/api/v1/interactions/check": {
        "post": {
            "operationId": "check_interaction", "tags": ["interactions"],
            "summary": "Check a contact as logging would (same policy version, same findings); store nothing.",
            "requestBody": _body("InteractionInput"),
            "responses": {"200": _response("What logging would produce.", _ref("CheckResult")),
                          **_errors(400, 403, 404, 409, 422)},
        },
    },
    "/api/v1/feedback/suggest": {
        "post": {
            "operationId": "suggest_feedback", "tags": ["feedback"],
            "summary": "The feedback the classifier hears in a summary and transcript, with the customer's sentence.",
            "requestBody": _body("SuggestInput"),
            "responses": {"200": _response("One item per issue the customer raised.", _ref("SuggestResult")),
                          **_errors(400, 403, 422)},
        },
    },
    "/api/v1/interactions/{interaction_id}": {
        "parameters": [_path_id("interaction_id", "interaction")],
        "get": {
            "operationId": "get_interaction", "tags": ["interactions"],
            "summary": "Show one interaction with its findings and feedback.",
            "responses": {"200": _response("The interaction.", _ref("InteractionResult")), **_errors(403, 404)},
        },
    },
    "/api/v1/users": {
        "get": {
            "operationId": "list_users", "tags": ["admin"], "summary": "List every user (admin).",
            "responses": {"200": _response("Every user.", _ref("UserList")), **_errors(403)},
        },
        "post": {
            "operationId": "create_user", "tags": ["admin"], "summary": "Create a user (admin).",
            "requestBody": _body("UserInput"),
            "responses": {"201": _response("Created.", _ref("User")), **_errors(400, 403, 409, 422)},
        },
    },
    "/api/v1/users/{user_id}": {
        "parameters": [_path_id("user_id", "user")],
        "patch": {
            "operationId": "update_user", "tags": ["admin"],
            "summary": "Change a user's role, team, department or whether they may sign in (admin).",
            "requestBody": _body("UserChanges"),
            "responses": {"200": _response("The user as they are now.", _ref("User")),
                          **_errors(400, 403, 404, 409, 422)},
        },
    },
    "/api/v1/teams": {
        "get": {
            "operationId": "list_teams", "tags": ["admin"], "summary": "List every team (admin).",
            "responses": {"200": _response("Every team.", _ref("TeamList")), **_errors(403)},
        },
        "post": {
            "operationId": "create_team", "tags": ["admin"], "summary": "Create a team (admin).",
            "requestBody": _body("TeamInput"),
            "responses": {"201": _response("Created.", _ref("Team")), **_errors(400, 403, 409, 422)},
        },
    },
    "/api/v1/standards": {
        "get": {
            "operationId": "list_standards", "tags": ["policy"],
            "summary": "Every standard the installed plugins provide, with its parameter schema.",
            "responses": {"200": _response("Every standard.", _ref("StandardList")), **_errors()},
        },
    },
    "/api/v1/policy": {
        "get": {
            "operationId": "policy_in_force", "tags": ["policy"],
            "summary": "The policy version in force, with its rules.",
            "responses": {"200": _response("The version in force.", _ref("PolicyVersion")), **_errors(404)},
        },
    },
    "/api/v1/findings": {
        "get": {
            "operationId": "list_findings", "tags": ["findings"],
            "summary": "Findings newest first: agents see their own, leads their team's, admins all.",
            "parameters": [_query("status", "Only findings in this status.", {"enum": list(FINDING_STATUSES)}),
                           _query("standard", "Only findings of this standard's code."),
                           _query("team", "Only this team's findings (name or id)."),
                           _query("agent", "Only this agent's findings (e-mail or id)."),
                           _query("mode", "Only findings of rules in this mode.", {"enum": list(MODES)}),
                           LIMIT, CURSOR],
            "responses": {"200": _response("One page; pass `next` as `cursor` for the one after.",
                                           _ref("FindingList")),
                          **_errors(403, 422)},
        },
    },
    "/api/v1/policy/preview": {
        "post": {
            "operationId": "preview_policy", "tags": ["policy"],
            "summary": "Run a draft set of rules over a past period's interactions; stores nothing (lead, admin).",
            "requestBody": _body("PolicyPreviewInput"),
            "responses": {"200": _response("What the draft would have flagged.", _ref("PolicyPreview")),
                          **_errors(400, 403, 422)},
        },
    },
    "/api/v1/policy/pilot-report": {
        "get": {
            "operationId": "pilot_report", "tags": ["policy"],
            "summary": "Each pilot rule in force: its rate on the pilot teams beside the enforced rate elsewhere "
                       "(lead, admin).",
            "responses": {"200": _response("One entry per pilot rule of the version in force.", _ref("PilotReport")),
                          **_errors(403)},
        },
    },
    "/api/v1/policy/versions": {
        "post": {
            "operationId": "create_policy_version", "tags": ["policy"],
            "summary": "Write a new policy version from a full set of rules (admin).",
            "requestBody": _body("PolicyVersionInput"),
            "responses": {"201": _response("The new version.", _ref("PolicyVersion")),
                          **_errors(400, 403, 422)},
        },
    },
}

DOCUMENT: dict = {
    "openapi": "3.1.0",
    "info": {
        "title": "CRM API",
        "version": "1",
        "description": "The public JSON API of the CRM. JSON in and out; times are ISO 8601 with an offset. "
                       "Errors are always the `Error` object, never a stack trace or an HTML page.",
    },
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer",
                           "description": "A token from `crm users token EMAIL` or the web UI's token page."},
        },
        "parameters": {
            "limit": _query("limit", f"Page size, 1 to {MAX_LIMIT}.",
                            {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
            "cursor": _query("cursor", "The `next` of the previous page."),
        },
        "responses": {
            name: _response(description, _ref("Error"), RETRY_AFTER if name == "TooManyRequests" else None)
            for name, description in ERROR_RESPONSES.values()
        },
        "schemas": SCHEMAS,
    },
}


METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def describe(paths: dict, schemas: dict | None = None) -> None:
    """Add the description of another API module's routes, so each module documents its own."""
    for path, item in paths.items():
        PATHS.setdefault(path, {}).update(item)
    SCHEMAS.update(schemas or {})


def document() -> dict:
    """DOCUMENT with only the operations this app has registered, so it never promises a route it lacks.

    Each operation's operationId is its endpoint's name; a route with no description here fails
    tests/test_api_openapi.py.
    """
    registered = {rule.endpoint.partition(".")[2] for rule in current_app.url_map.iter_rules()
                  if rule.endpoint.startswith(f"{bp.name}.")}
    paths = {}
    for path, item in PATHS.items():
        kept = {key: value for key, value in item.items()
                if key not in METHODS or value["operationId"] in registered}
        if any(key in METHODS for key in kept):
            paths[path] = kept
    return {**DOCUMENT, "paths": paths}


@bp.get("/openapi.json")
def openapi():
    """Serve the OpenAPI document; it needs no token."""
    return jsonify(document())
