"""Reports as CSV: what the dashboards show, one table at a time."""
from __future__ import annotations

from flask_babel import gettext as _

import csv
import io
from typing import Any

from ...models import User
from ..errors import NotFound

from .scope import Scope, scope_for
from .compliance import GROUPS, _compliance, _dismissals
from .targets import _board, _channel_rows, _consistency, _targets


# --- CSV export ---------------------------------------------------------------------------------

COMPLIANCE_COLUMNS = ("key", "label", "checked", "flagged", "upheld", "dismissed", "waived", "compliance_rate")
EXPORTS: dict[str, tuple[str, ...]] = {
    **{f"compliance-{g}": COMPLIANCE_COLUMNS for g in GROUPS},
    "pilot": COMPLIANCE_COLUMNS,
    "targets": ("code", "title", "value", "unit", "goal", "comparison", "met", "basis"),
    "dismissals": ("key", "label", "flagged", "reviewed", "upheld", "dismissed", "waived", "dismissal_rate"),
    "consistency": ("key", "label", "checked", "flagged", "compliance_rate", "gap"),
    "recognition": ("agent_id", "name", "team", "contacts", "checked", "flagged", "compliance_rate", "surveys",
                    "csat"),
}


def _rows_of(scope: Scope, table: str) -> list[dict]:
    if table.startswith("compliance-"):
        return _compliance(scope, table[len("compliance-"):]).rows
    if table == "pilot":
        return _compliance(scope, "standard").pilot
    if table == "targets":
        return _targets(scope)
    if table == "dismissals":
        return _dismissals(scope)
    if table == "consistency":
        return _consistency(_channel_rows(scope))["channels"]
    return _board(scope)


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet shows as text: formulas are neutralised, None is empty."""
    if value is None:
        return ""
    if isinstance(value, dict):
        value = "; ".join(f"{k}={'' if v is None else v}" for k, v in value.items())
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") and not _is_number(text) else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def export_csv(actor: User, table: str, start: Any = None, end: Any = None, team: Any = None) -> tuple[str, str]:
    """One dashboard table as CSV: (file name, text)."""
    scope = scope_for(actor, start, end, team)
    if table not in EXPORTS:
        raise NotFound(_('There is no table %(table)r to export.', table=table))
    rows = _rows_of(scope, table)
    columns = EXPORTS[table]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    team_part = f"-team{scope.team_id}" if scope.team_id is not None else ""
    return f"{table}{team_part}-{scope.period.start}-{scope.period.end}.csv", out.getvalue()
