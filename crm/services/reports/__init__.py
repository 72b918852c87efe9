"""Reports for the dashboards and the API: compliance, targets, dismissals and recognition, read from roll-ups.

The package is split by purpose:

- `scope`: the period and the team a report covers (`Period`, `Scope`, `scope_for`);
- `compliance`: compliance per standard, agent, team, channel or week, and dismissal rates;
- `targets`: the aggregate targets of STANDARDS.md, consistency between channels, recognition;
- `dashboard`: every dashboard figure from as few scans as possible;
- `export`: the same tables as CSV.

Callers use the names below (`reports.compliance(...)`, `reports.targets(...)`): the functions, which
are bound here after every module is loaded, so `reports.targets` is the function, not the module.
"""
from __future__ import annotations

from .scope import DEFAULT_DAYS, MAX_DAYS, PERIODS, Period, PeriodFilters, Scope, scope_for
from .compliance import (CHANNEL_LABELS, COUNTERS, GROUPS, REVIEWED, UPHELD, ComplianceFilters, ComplianceReport,
                         compliance, compliance_row, dismissal_rates)
from .targets import (FIRST_REPLY_HOURS, RECOGNITION_COMPLIANCE, RECOGNITION_CSAT, RECOGNITION_MIN_CONTACTS,
                      RESOLUTION_HOURS, TARGETS, Target, TargetsReport, consistency, first_reply_hours,
                      recognition, targets)
from .dashboard import Dashboard, dashboard, team_choices
from .export import COMPLIANCE_COLUMNS, EXPORTS, export_csv

__all__ = [
    "CHANNEL_LABELS", "COMPLIANCE_COLUMNS", "COUNTERS", "DEFAULT_DAYS", "EXPORTS", "FIRST_REPLY_HOURS", "GROUPS",
    "MAX_DAYS", "PERIODS", "RECOGNITION_COMPLIANCE", "RECOGNITION_CSAT", "RECOGNITION_MIN_CONTACTS",
    "RESOLUTION_HOURS", "REVIEWED", "TARGETS", "UPHELD", "ComplianceFilters", "ComplianceReport", "Dashboard",
    "Period", "PeriodFilters", "Scope",
    "Target", "TargetsReport", "compliance", "compliance_row", "consistency", "dashboard", "dismissal_rates",
    "export_csv", "first_reply_hours", "recognition", "scope_for", "targets", "team_choices",
]
