"""The periodic sweep: time-based standards checked over open work, each breach recorded once."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Optional

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..i18n import stored_message
from ..database import dialect, write_transaction
from ..extensions import db
from ..models import Customer, Finding
from ..models.base import utcnow
from ..standards.base import SweepContext
from .policy import policy_in_force, standards

log = logging.getLogger(__name__)

# ON CONFLICT DO NOTHING is what lets two sweepers race on PostgreSQL without either failing.
_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


@dataclass
class SweepCount:
    """What the sweep saw for one standard: overdue work in scope, and findings it stored."""

    found: int = 0
    created: int = 0


@dataclass
class SweepReport:
    """What one run of the sweep found and stored, per standard."""

    now: datetime
    policy_version: Optional[int] = None  # the number of the version in force; None: no policy
    counts: dict[str, SweepCount] = field(default_factory=dict)
    # Standards whose check raised, with the error; the other standards were still swept.
    failed: dict[str, str] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return sum(c.found for c in self.counts.values())

    @property
    def created(self) -> int:
        return sum(c.created for c in self.counts.values())


def run_sweep(now: Optional[datetime] = None) -> SweepReport:
    """Run every sweep rule of the policy in force at `now` and store a finding per new breach.

    The checks only read; the findings are written afterwards in one transaction, where a breach
    already recorded (by an earlier run, or by a sweeper running at the same time) is skipped.
    """
    now = now or utcnow()
    if now.tzinfo is None:
        raise ValueError("the sweep's clock needs a time zone")
    report = SweepReport(now=now)
    policy = policy_in_force(now)
    if policy is None:
        return report
    report.policy_version = policy.number
    known = standards()
    context = SweepContext(session=db.session, now=now)
    rows: dict[str, dict] = {}
    for rule in policy.rules:
        if rule.mode == "off":
            continue
        standard = known.get(rule.standard)
        if standard is None:
            log.warning("policy version %s has a rule for %r, which no installed plugin provides",
                        policy.number, rule.standard)
            continue
        if standard.kind != "sweep":
            continue
        count = report.counts.setdefault(standard.code, SweepCount())
        try:
            overdue = list(standard.check(context, rule.params) or ())
        except Exception as exc:  # one broken plugin must not stop the other standards' sweeps
            log.exception("the sweep check of %s failed", standard.code)
            report.failed[standard.code] = f"{type(exc).__name__}: {exc}"
            # A failed statement leaves a PostgreSQL transaction unusable for the next check.
            db.session.rollback()
            continue
        erased = _erased({work.customer_id for work in overdue} - {None})
        for work in overdue:
            if not rule.applies(work.team_id, work.channel) or work.customer_id in erased:
                continue  # (an erased customer can no longer be contacted: no one is late with them)
            key = f"{work.dedupe_key}:{rule.mode}"
            if key in rows:
                continue  # two rules of one standard and mode cover this work; it is one breach
            count.found += 1
            rows[key] = dict(
                standard=standard.code, policy_version_id=policy.version_id, mode=rule.mode,
                severity=rule.severity, message=str(work.message), message_l10n=stored_message(work.message),
                evidence=dict(work.evidence or {}),
                customer_id=work.customer_id, case_id=work.case_id, interaction_id=work.interaction_id,
                agent_id=work.agent_id, team_id=work.team_id, channel=work.channel, status="open",
                dedupe_key=key,
            )
    if not rows:
        return report
    insert = _INSERTS[dialect()]
    statement = (insert(Finding).on_conflict_do_nothing(index_elements=["dedupe_key"])
                 .returning(Finding.standard))
    with write_transaction():
        created = db.session.scalars(statement, list(rows.values())).all()
    for code in created:
        report.counts[code].created += 1
    return report


def _erased(customer_ids: set[int]) -> set[int]:
    """Those of `customer_ids` whose personal data was erased."""
    found: set[int] = set()
    ids = sorted(customer_ids)
    for start in range(0, len(ids), 500):
        found.update(db.session.scalars(select(Customer.id).where(Customer.id.in_(ids[start:start + 500]),
                                                                  Customer.erased_at.is_not(None))))
    return found


def sweep_lines(report: SweepReport) -> list[str]:
    """One line per standard swept: what it found and stored, or why its check failed."""
    lines = []
    for code, count in report.counts.items():
        if code in report.failed:
            lines.append(f"{code}: check failed: {report.failed[code]}")
        else:
            noun = "finding" if count.created == 1 else "findings"
            lines.append(f"{code}: {count.found} overdue, {count.created} new {noun}")
    return lines
