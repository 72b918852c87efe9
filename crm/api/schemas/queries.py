"""The query parameters of the API's list and report operations, one model an operation."""
from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, create_model

from ...services import audit, cases, findings, outbox, reports
from ...services import department_inbox as inbox
from ...services.pagination import MAX_LIMIT
from .base import Annotated, Field, Optional, Query

Limit = Optional[Annotated[int, Field(ge=1, le=MAX_LIMIT)]]
LIMIT = Field(None, description=f"Page size, 1 to {MAX_LIMIT}.")
CURSOR = Field(None, description="The `next` of the previous page.")

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
    cursor: Optional[str] = Field(None, description="The `next` of the previous page (the matches are ranked; "
                                                    "at most 500 names are).")


# A list's filters are the typed filters its service reads: the parameters (their descriptions too) come from them.
FindingQuery = paged(findings.FindingFilters)
InboxQuery = paged(inbox.InboxFilter)
DeliveryQuery = paged(outbox.DeliveryFilters)
CaseQuery = paged(cases.CaseFilters)
AuditQuery = paged(audit.AuditFilters)


# A report's period, team and grouping: the filters the reports read.
PeriodQuery = reports.PeriodFilters
ComplianceQuery = reports.ComplianceFilters
PilotReportQuery = findings.PilotReportFilters


class IdempotencyHeader(Query):
    idempotency_key: Optional[str] = Field(None, alias="Idempotency-Key", max_length=100,
                                           description="Up to 100 characters chosen by the client; a retry with the "
                                                       "same key answers 200 with the contact the first request "
                                                       "logged.")
