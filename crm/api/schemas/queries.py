"""The query parameters of the API's list and report operations, one model an operation."""
from __future__ import annotations

from ...models import CASE_STATUSES, DELIVERY_STATUSES, FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, FINDING_STATUSES, MODES
from ...services.pagination import MAX_LIMIT
from ...services.reports import GROUPS
from typing import TypeVar

from pydantic import create_model

from .base import Annotated, Field, Literal, Optional, Query, date

Limit = Optional[Annotated[int, Field(ge=1, le=MAX_LIMIT)]]
LIMIT = Field(None, description=f"Page size, 1 to {MAX_LIMIT}.")
CURSOR = Field(None, description="The `next` of the previous page.")
# A day, or a time with an offset (the day it falls on in UTC counts); blank is refused, not a default.
DAY_OR_TIME = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?"
               "(?:Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$")


Q = TypeVar("Q", bound=Query)


def paged(query: type[Q]) -> type[Q]:
    """`query` with a page's two parameters, `limit` and `cursor`, after its own (a list operation)."""
    return create_model(query.__name__, __base__=query, __module__=query.__module__, __doc__=query.__doc__,
                        limit=(Limit, LIMIT), cursor=(Optional[str], CURSOR))


@paged
class Paged(Query):
    """A list's page, with no filters."""


class LookupQuery(Query):
    phone: Optional[str] = Field(None, description="A phone number, written any way.")
    email: Optional[str] = Field(None, description="An e-mail address.")
    account: Optional[str] = Field(None, description="An account number.")


class CustomerSearch(Query):
    # the view checks q itself, after the role: its message says which kind is short
    q: str = Field(description="A name (words of at least 3 characters), or a whole phone number, e-mail address "
                               "or account number.", min_length=3, pattern="[^\\s_]{3}",
                   json_schema_extra={"x-checked-by-view": True})
    limit: Limit = LIMIT


@paged
class FindingQuery(Query):
    status: Optional[Literal[FINDING_STATUSES]] = Field(None, description="Only findings in this status.")
    standard: Optional[str] = Field(None, description="Only findings of this standard's code.")
    team: Optional[str] = Field(None, description="Only this team's findings (name or id).")
    agent: Optional[str] = Field(None, description="Only this agent's findings (e-mail or id).")
    mode: Optional[Literal[MODES]] = Field(None, description="Only findings of rules in this mode.")


@paged
class InboxQuery(Query):
    status: Optional[Literal[("open", *FEEDBACK_STATUSES)]] = Field(
        None, description="Only items in this status; `open` is new, acknowledged and in progress.")
    category: Optional[Literal[FEEDBACK_CATEGORIES]] = Field(None, description="Only this category.")
    product: Optional[str] = Field(None, description="Only products whose name contains this, ignoring case.")
    since: Optional[date] = Field(None, description="Only items logged on or after this day (UTC).")
    until: Optional[date] = Field(None, description="Only items logged on or before this day (UTC).")
    group: Optional[str] = Field(None, description="Only items alike to one: their `group_key`.")


@paged
class DeliveryQuery(Query):
    status: Optional[Literal[DELIVERY_STATUSES]] = Field(None, description="Only deliveries in this status, e.g. dead.")


@paged
class CaseQuery(Query):
    status: Optional[Literal[("active", *CASE_STATUSES)]] = Field(
        None, description="Only cases in this status; `active` is open or pending.")
    owner: Optional[str] = Field(None, description="Only this owner's cases: a user id, an e-mail, or `me`.")
    team: Optional[str] = Field(None, description="Only this team's cases (name or id).")
    customer: Optional[str] = Field(None, description="Only this customer's cases (id).")
    overdue: Optional[bool] = Field(None, description="true: only open or pending cases with a promised follow-up "
                                                      "past due, or an inquiry unanswered beyond the first-reply "
                                                      "standard; false: the others.")


@paged
class AuditQuery(Query):
    actor: Optional[str] = Field(None, description="Who: a user id, or (part of) the e-mail recorded.")
    entity: Optional[str] = Field(None, description="The kind of record: case, customer, user, finding, feedback, "
                                                    "delivery, …")
    entity_id: Optional[Annotated[int, Field(ge=1)]] = Field(None, description="The record's id.")
    action: Optional[str] = Field(None, description="An action, or its beginning (`case.` for every change to "
                                                    "cases).")
    since: Optional[date] = Field(None, description="From this day (YYYY-MM-DD, UTC), inclusive.")
    until: Optional[date] = Field(None, description="Up to this day (YYYY-MM-DD, UTC), inclusive.")


class PeriodQuery(Query):
    from_: Optional[str] = Field(None, alias="from", pattern=DAY_OR_TIME,
                                 description="First day of the period (UTC), an ISO date or time; default: 29 days "
                                             "before `to`.", examples=["2026-11-01", "2026-11-01T00:00:00+08:00"])
    to: Optional[str] = Field(None, pattern=DAY_OR_TIME,
                              description="Last day of the period (UTC), included, an ISO date or time; default: "
                                          "today.")
    team: Optional[str] = Field(None, description="A team's name or id. Leads always get their own team (another "
                                                  "team answers 403); admins get every team when it is left out.")


class ComplianceQuery(Query):
    group_by: Literal[GROUPS] = Field("standard", description="How to group the figures; default standard.")
    from_: Optional[str] = PeriodQuery.model_fields["from_"]
    to: Optional[str] = PeriodQuery.model_fields["to"]
    team: Optional[str] = PeriodQuery.model_fields["team"]


class IdempotencyHeader(Query):
    idempotency_key: Optional[str] = Field(None, alias="Idempotency-Key", max_length=100,
                                           description="Up to 100 characters chosen by the client; a retry with the "
                                                       "same key answers 200 with the contact the first request "
                                                       "logged.")
