"""Departments, their feedback inboxes, routing rules and the outbox's deliveries."""
from __future__ import annotations

from pydantic import StrictBool

from ...models import DELIVERY_KINDS, DELIVERY_STATUSES, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES
from ...services import departments as department_admin
from ...services.department_inbox import MAX_RESPONSE
from ...services import routing
from ...services.routing import FEEDBACK_SOURCES
from ...services.validation import NONBLANK_SCHEMA
from .base import Body, Count, Field, Literal, NonBlank, Optional, Reply, Time, datetime, iso, page_of, text
from .customers import CustomerMinimal
from .interactions import Feedback



class Department(Reply):
    id: int
    slug: str
    name: str
    emails: list[str]
    webhook_url: Optional[str]
    webhook_secret_set: bool = text("Whether a signing secret is set.")
    is_fallback: bool
    created_at: Time

    @staticmethod
    def of(d: Department) -> dict:
        """A department as admins see it; the webhook secret itself is never sent back."""
        return {
            "id": d.id,
            "slug": d.slug,
            "name": d.name,
            "emails": list(d.emails or []),
            "webhook_url": d.webhook_url,
            "webhook_secret_set": bool(d.webhook_secret),
            "is_fallback": bool(d.is_fallback),
            "created_at": iso(d.created_at),
        }


DepartmentList = page_of(Department, "DepartmentList")


# The services' typed inputs are the bodies' schemas.
DepartmentChanges = department_admin.DepartmentChanges
DepartmentInput = department_admin.DepartmentInput


class InboxFeedback(Feedback):
    source: Literal[FEEDBACK_SOURCES]
    group_key: Optional[str] = text("Shared by near-identical items, so one answer can close them all.")
    alike_open: Count = text("Open items of this department with the same group key, this one included.")
    customer: CustomerMinimal

    @staticmethod
    def of(item) -> dict:
        fb = item.feedback
        return {**Feedback.of(fb), "source": fb.source, "group_key": fb.group_key, "alike_open": item.alike_open,
                "customer": item.customer}


InboxFeedbackList = page_of(InboxFeedback, "InboxFeedbackList", total=True)


class FeedbackChanged(InboxFeedback):
    also_updated: list[int] = text("Ids of the alike items changed with it (`whole_group`).")


class FeedbackChanges(Body):
    """At least one of status and response; `done` needs a response."""

    model_config = {"json_schema_extra": {
        "anyOf": [{"required": ["status"]}, {"required": ["response"]}],
        "allOf": [{"if": {"properties": {"status": {"const": "done"}}, "required": ["status"]},
                   "then": {"required": ["response"], "properties": {"response": NONBLANK_SCHEMA}}}]}}

    status: Literal[FEEDBACK_STATUSES] = text("An item never goes back to `new` (409).", default=None)
    response: Optional[str] = text("The department's answer to the customer's issue.", max_length=MAX_RESPONSE,
                                   default=None)
    whole_group: StrictBool = False


class RoutingRule(Reply):
    id: int
    department: str = text("The department's slug.")
    category: Optional[Literal[FEEDBACK_CATEGORIES]]
    product_pattern: Optional[str]
    keywords: list[str]
    priority: int
    active: bool
    created_at: Time

    @staticmethod
    def of(r: RoutingRule) -> dict:
        return {
            "id": r.id,
            "department": r.department.slug,
            "category": r.category,
            "product_pattern": r.product_pattern,
            "keywords": list(r.keywords or []),
            "priority": r.priority,
            "active": r.active,
            "created_at": iso(r.created_at),
        }


RoutingRuleList = page_of(RoutingRule, "RoutingRuleList")


RoutingRuleInput = routing.RoutingRuleInput  # the service's typed input is the body's schema


class Delivery(Reply):
    id: int
    kind: Literal[DELIVERY_KINDS]
    event: str
    department: Optional[str]
    feedback_id: Optional[int]
    target: str = text("The URL or e-mail address.")
    idempotency_key: str = text("Sent as X-CRM-Delivery; the same on every attempt.")
    status: Literal[DELIVERY_STATUSES]
    attempts: int
    next_attempt_at: Time
    last_error: Optional[str]
    delivered_at: Optional[datetime]
    created_at: Time

    @staticmethod
    def of(d: Delivery) -> dict:
        return {
            "id": d.id,
            "kind": d.kind,
            "event": d.event,
            "department": d.department.slug if d.department is not None else None,
            "feedback_id": d.feedback_id,
            "target": d.target,
            "idempotency_key": d.idempotency_key,
            "status": d.status,
            "attempts": d.attempts,
            "next_attempt_at": iso(d.next_attempt_at),
            "last_error": d.last_error,
            "delivered_at": iso(d.delivered_at),
            "created_at": iso(d.created_at),
        }


DeliveryList = page_of(Delivery, "DeliveryList", total=True)


class NoBody(Body):
    """None needed."""

    model_config = {"extra": "allow"}
