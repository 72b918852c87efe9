"""The CRM's persistent model, one module per aggregate."""
from .audit import AuditEvent
from .calls import CALL_EVENTS, Call
from .customers import CHANNELS, ContactPoint, Customer
from .delivery import DELIVERY_KINDS, DELIVERY_STATUSES, Delivery
from .feedback import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Feedback, RoutingRule
from .interactions import CASE_PRIORITIES, CASE_STATUSES, DIRECTIONS, OUTCOMES, WRITTEN_CHANNELS, Case, Interaction
from .notifications import Notification
from .people import ROLES, ApiToken, Department, Team, User
from .policy import FINDING_STATUSES, MODES, SEVERITIES, Finding, PolicyRule, PolicyVersion
from .review import ActivityDaily, CoachingNote, ComplianceDaily, Survey

__all__ = [
    "ActivityDaily", "CALL_EVENTS", "Call", "CoachingNote", "ComplianceDaily", "DELIVERY_KINDS", "DELIVERY_STATUSES", "Delivery",
    "Notification", "RoutingRule", "Survey", "AuditEvent", "ApiToken", "CASE_PRIORITIES", "CASE_STATUSES", "CHANNELS", "Case", "ContactPoint", "Customer",
    "DIRECTIONS", "Department", "FEEDBACK_CATEGORIES", "FEEDBACK_STATUSES", "FINDING_STATUSES",
    "Feedback", "Finding", "Interaction", "MODES", "OUTCOMES", "PolicyRule", "PolicyVersion",
    "ROLES", "SEVERITIES", "Team", "User", "WRITTEN_CHANNELS",
]
