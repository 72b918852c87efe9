"""The query parameters of the API's list and report operations, one model an operation."""
from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, create_model

from ...services import audit, cases, findings, outbox
from ...services import department_inbox as inbox
from ...services.pagination import MAX_LIMIT
from ...services.reports import GROUPS
from .base import Annotated, Field, Literal, Optional, Query

Limit = Optional[Annotated[int, Field(ge=1, le=MAX_LIMIT)]]
LIMIT = Field(None, description=f"Page size, 1 to {MAX_LIMIT}.")
CURSOR = Field(None, description="The `next` of the previous page.")
# A day, or a time with an offset (the day it falls on in UTC counts); blank is refused, not a default.
DAY_OR_TIME = ("^[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:[.][0-9]+)?)?"
               "(?:Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$")


Q = TypeVar("Q", bound=BaseModel)


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


# A list's filters are the typed filters its service reads: the parameters (their descriptions too) come from them.
FindingQuery = paged(findings.FindingFilters)
InboxQuery = paged(inbox.InboxFilter)
DeliveryQuery = paged(outbox.DeliveryFilters)
CaseQuery = paged(cases.CaseFilters)
AuditQuery = paged(audit.AuditFilters)


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
