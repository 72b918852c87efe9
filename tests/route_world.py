"""A small world of records and the people the route tests act as, shared by the role × route test
and the property test that walks app.url_map.

ACTORS names each kind of person a route is tried as; to add a role (e.g. `integration`), add a
line to ACTORS that makes such a user, and name it in the entries of tests/test_roles.py's ACCESS
table it may use.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Optional

from sqlalchemy import select

from crm.extensions import db
from crm.models import CoachingNote, Delivery, Survey
from crm.services import calls, cases, review, routing
from crm.services.accounts import create_token
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.surveys import token_for
from feedback_helpers import department

PASSWORD = "correct horse battery"  # make_user's default (tests/conftest.py)

# Who a route is tried as; "agent" logged the world's contact (team Alpha) and owns its findings.
ACTORS: dict[str, Callable[[Any], Optional[Any]]] = {
    "anonymous": lambda make_user: None,
    "department": lambda make_user: make_user("department", department="packaging"),
    "other_agent": lambda make_user: make_user("agent", team="Beta"),
    "other_lead": lambda make_user: make_user("lead", team="Beta"),
    "agent": lambda make_user: make_user("agent", team="Alpha"),
    "admin": lambda make_user: make_user("admin"),
    # a phone system: token only, it never logs in to the web pages
    "integration": lambda make_user: make_user("integration", password=None),
}


@dataclass
class World:
    people: dict[str, Any]
    values: dict[str, Any] = field(default_factory=dict)  # a path variable's name → a real record's key

    def path(self, rule, overrides: Optional[dict] = None) -> str:
        """The rule's address with each variable naming a record of the world."""
        values = {**self.values, **(overrides or {})}
        return rule.rule if not rule.arguments else _build(rule, {a: values[a] for a in rule.arguments})


def _build(rule, values: dict) -> str:
    from flask import current_app

    adapter = current_app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, values, method=next(iter(rule.methods - {"HEAD", "OPTIONS"})))


def build_world(make_user, make_customer) -> World:
    """Every kind of record a route's path names, owned by team Alpha's agent."""
    department("packaging", emails=[], webhook_url="http://127.0.0.1:9/hook")
    people = {name: make(make_user) for name, make in ACTORS.items()}
    agent, admin = people["agent"], people["admin"]
    alpha_lead = make_user("lead", team="Alpha")
    rule = routing.create_rule(routing.RoutingRuleInput(department="packaging", category="packaging"), admin)
    spare_rule = routing.create_rule(routing.RoutingRuleInput(department="packaging", category="product"), admin)
    customer = make_customer("Siti Rahman", phones=["012-345 6789"])
    logged = log_interaction(InteractionInput(
        customer_id=customer.id, holds=[{"seconds": 400, "apologized": False}], outcome="resolved",
        summary="Box arrived crushed", transcript="Agent: Thank you for calling.",
        feedback=[{"category": "packaging", "text": "The box was crushed"}]), agent)
    coached = logged.findings[-1]
    review.decide(alpha_lead, [coached.id], "coached", "Apologise before a hold.")
    token, _secret = create_token(agent, "route test")
    case = cases.create_case(agent, cases.CaseInput(customer_id=customer.id, subject="Crushed box"))
    call, _ = calls.record_event(calls.CallEventInput(
        call_id="route-test-call", event="ringing", at=datetime.now(timezone.utc).isoformat(),
        direction="inbound", from_="012-345 6789", agent=agent.id), agent)
    delivery = db.session.scalar(select(Delivery))
    survey = db.session.scalar(select(Survey))
    note = db.session.scalar(select(CoachingNote))
    return World(people, {
        "customer_id": customer.id, "interaction_id": logged.interaction.id, "finding_id": logged.findings[0].id,
        "feedback_id": logged.feedback[0].id, "delivery_id": delivery.id if delivery else 1,
        "rule_id": rule.id, "spare_rule_id": spare_rule.id, "user_id": agent.id, "team_id": agent.team_id, "token_id": token.id,
        "note_id": note.id, "call_id": call.call_id, "case_id": case.id, "code": "hold.apology", "slug": "packaging", "table": "targets", "filename": "no-such-file.css",
        "token": token_for(survey) if survey else "no-such-survey",
    })
