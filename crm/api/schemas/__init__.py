"""One typed schema per API request and response body (pydantic 2), the source of the OpenAPI
document's components (crm/api/openapi.py) and of the query parameters crm/inputs.py checks."""
from .base import keys  # noqa: F401
from .admin import Team, TeamChanges, TeamInput, TeamList, User, UserChanges, UserInput, UserList  # noqa: F401
from .common import Document, Error, PersonRef, TeamRef  # noqa: F401
from .customers import (Candidates, Customer, CustomerInput, CustomerList, CustomerMinimal, Email, Merge, Phone,  # noqa: F401
                        SavedCustomer)
from .departments import (Delivery, DeliveryList, Department, DepartmentChanges, DepartmentInput,  # noqa: F401
                          DepartmentList, FeedbackChanged, FeedbackChanges, InboxFeedback, InboxFeedbackList, NoBody,
                          RoutingRule, RoutingRuleInput, RoutingRuleList)
from .interactions import (CheckedFinding, CheckResult, Feedback, FeedbackInput, FeedbackSuggestion, Finding,  # noqa: F401
                           FindingList, Hold, Interaction, InteractionInput, InteractionList, InteractionResult, InteractionShown,
                           SuggestInput, SuggestResult, Transfer, TurnLanguage)
from .operations import (AuditEvent, AuditEventList, Call, CallEvent, CallEventAccepted, Case, CaseChanges,  # noqa: F401
                         CaseInput, CaseList, ComplianceReport, ComplianceRow, CustomerExport, FollowUpDone, Lookup,
                         TargetRow, TargetsReport)
from .policy import (Justification, PilotRate, PilotReport, PolicyPreview, PolicyPreviewInput, PolicyVersion,  # noqa: F401
                     PolicyVersionInput, Review, Rule, RuleInput, Standard, StandardList)
