"""The CRM's persistent model, one module per aggregate."""
from .audit import AuditEvent
from .customers import CHANNELS, ContactPoint, Customer
from .feedback import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Feedback
from .interactions import CASE_STATUSES, DIRECTIONS, OUTCOMES, WRITTEN_CHANNELS, Case, Interaction
from .people import ROLES, ApiToken, Department, Team, User
from .policy import FINDING_STATUSES, MODES, SEVERITIES, Finding, PolicyRule, PolicyVersion

__all__ = [
    "AuditEvent", "ApiToken", "CASE_STATUSES", "CHANNELS", "Case", "ContactPoint", "Customer",
    "DIRECTIONS", "Department", "FEEDBACK_CATEGORIES", "FEEDBACK_STATUSES", "FINDING_STATUSES",
    "Feedback", "Finding", "Interaction", "MODES", "OUTCOMES", "PolicyRule", "PolicyVersion",
    "ROLES", "SEVERITIES", "Team", "User", "WRITTEN_CHANNELS",
]
