"""Daily roll-ups kept current as contacts are logged and findings reviewed, for the dashboards."""
from __future__ import annotations

from collections import Counter
from datetime import date
from functools import lru_cache
from typing import Iterable

from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import ActivityDaily, ComplianceDaily, Finding, Interaction

_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
REVIEW_COUNTERS = ("upheld", "coached", "dismissed", "waived")


def _upsert(model, key_columns: tuple[str, ...], rows: list[dict], counters: tuple[str, ...]) -> None:
    """Add each row's counters to the row with the same key, creating it when missing."""
    if not rows:
        return
    db.session.execute(_upsert_statement(db.engine.dialect.name, model, key_columns, counters), rows)


@lru_cache(maxsize=None)
def _upsert_statement(dialect: str, model, key_columns: tuple[str, ...], counters: tuple[str, ...]):
    # A Core statement built once and executed many: the ORM's bulk path and per-call
    # multi-VALUES statements cost more to compile than the write itself.
    table = model.__table__
    insert = _INSERTS[dialect](table)
    return insert.on_conflict_do_update(
        index_elements=list(key_columns),
        set_={c: table.c[c] + insert.excluded[c] for c in counters},
    )


def _day(ix: Interaction) -> date:
    return ix.started_at.date()


def record_logged(ix: Interaction, applied: Iterable[tuple[str, str]], flagged: Iterable[tuple[str, str]]) -> None:
    """Count one logged contact: its activity, each (standard, mode) it was checked against, and flags.

    Called inside the logging transaction, so the roll-up never disagrees with the interactions.
    """
    base = {"day": _day(ix), "team_id": ix.team_id or 0, "agent_id": ix.agent_id, "channel": ix.channel}
    handled = ix.duration_seconds or 0
    _upsert(ActivityDaily, ("day", "team_id", "agent_id", "channel"),
            [{**base, "contacts": 1, "handled_seconds": handled, "resolved": int(ix.outcome == "resolved")}],
            ("contacts", "handled_seconds", "resolved"))
    checked = Counter(applied)
    flags = Counter(flagged)
    rows = [{**base, "standard": standard, "mode": mode, "checked": n, "flagged": flags.get((standard, mode), 0),
             "upheld": 0, "coached": 0, "dismissed": 0, "waived": 0}
            for (standard, mode), n in checked.items()]
    _upsert(ComplianceDaily, ("day", "team_id", "agent_id", "channel", "standard", "mode"), rows,
            ("checked", "flagged"))


def record_review(finding: Finding, decision: str, previous: str) -> None:
    """Move a finding's count from its previous review state to the new decision."""
    if finding.interaction_id is None:
        return  # sweep findings are reported from cases, not from the per-contact roll-up
    ix = db.session.get(Interaction, finding.interaction_id)
    delta = {c: 0 for c in REVIEW_COUNTERS}
    if previous in delta:
        delta[previous] -= 1
    if decision in delta:
        delta[decision] += 1
    row = {"day": _day(ix), "team_id": ix.team_id or 0, "agent_id": ix.agent_id, "channel": ix.channel,
           "standard": finding.standard, "mode": finding.mode, "checked": 0, "flagged": 0, **delta}
    _upsert(ComplianceDaily, ("day", "team_id", "agent_id", "channel", "standard", "mode"), [row],
            REVIEW_COUNTERS)
