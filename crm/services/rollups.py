"""Daily roll-ups kept current as contacts are logged and findings reviewed, for the dashboards."""
from __future__ import annotations

from collections import namedtuple
from datetime import date
from functools import lru_cache
from typing import Callable, Iterable, Sequence

from sqlalchemy import bindparam, func, select, text

from ..database import Direct
from ..extensions import db
from ..models import ActivityDaily, ComplianceDaily, Finding, Interaction
from .policy import applicable, policy_by_id

REVIEW_COUNTERS = ("upheld", "coached", "dismissed", "waived")


def _upsert(model, key_columns: tuple[str, ...], rows: list[dict], counters: tuple[str, ...]) -> None:
    """Add each row's counters to the row with the same key, creating it when missing."""
    if not rows:
        return
    statement = _upsert_statement(db.engine.dialect.name, model, tuple(rows[0]), key_columns, counters)
    if len(rows) == 1:
        statement.run(rows[0])
    else:
        statement.execute_many(rows)


@lru_cache(maxsize=None)
def _upsert_statement(dialect: str, model, columns: tuple[str, ...], key_columns: tuple[str, ...],
                      counters: tuple[str, ...]):
    # The same SQL on SQLite and PostgreSQL, written once per shape as text with typed parameters:
    # SQLAlchemy's on_conflict_do_update() statements have no cache key, so they were compiled again
    # at every contact logged, which cost more than the write itself. Run on the DBAPI cursor (Direct).
    table = model.__table__

    def build():
        q = db.engine.dialect.identifier_preparer.quote  # the same quoting for every engine of a dialect
        name = q(table.name)
        sql = (f"INSERT INTO {name} ({', '.join(q(c) for c in columns)}) "
               f"VALUES ({', '.join(':' + c for c in columns)}) "
               f"ON CONFLICT ({', '.join(q(c) for c in key_columns)}) DO UPDATE SET "
               + ", ".join(f"{q(c)} = {name}.{q(c)} + excluded.{q(c)}" for c in counters))
        return text(sql).bindparams(*[bindparam(c, type_=table.c[c].type) for c in columns])
    return Direct(build)


def _day(ix: Interaction) -> date:
    return ix.started_at.date()


# The primary keys of the roll-ups (the conflict targets of their upserts).
ACTIVITY_KEY = ("team_id", "day", "agent_id", "channel", "policy_version_id")
COMPLIANCE_KEY = ("team_id", "day", "agent_id", "channel", "standard", "mode")


ACTIVITY_COUNTERS = ("contacts", "handled_seconds", "resolved")


def _logged_rows(ix: Interaction, flagged: Iterable[tuple[str, str]]) -> tuple[dict, list[dict]]:
    """A logged contact's activity row, and one compliance row per (standard, mode) it was flagged for."""
    base = {"day": _day(ix), "team_id": ix.team_id or 0, "agent_id": ix.agent_id, "channel": ix.channel}
    activity = {**base, "policy_version_id": ix.policy_version_id or 0, "contacts": 1,
                "handled_seconds": ix.duration_seconds or 0, "resolved": int(ix.outcome == "resolved")}
    rows = [{**base, "standard": standard, "mode": mode, "flagged": 1,
             "upheld": 0, "coached": 0, "dismissed": 0, "waived": 0}
            for standard, mode in sorted(set(flagged))]
    return activity, rows


def record_logged(ix: Interaction, flagged: Iterable[tuple[str, str]]) -> None:
    """Count one logged contact: its activity under the policy version that checked it, and its flags.

    What each rule checked is not written: it follows from the contacts of the version in force
    (`compliance_sums`). A flag row is written only per (standard, mode) the contact was flagged for.
    Called inside the logging transaction, so the roll-up never disagrees with the interactions.
    On PostgreSQL a flagged contact's rows go in one statement (one round trip to the server instead
    of two; logging puts them in its findings' INSERT instead, `logged_with`); SQLite, which runs in
    this process, takes them as two.
    """
    activity, rows = _logged_rows(ix, flagged)
    if rows and db.engine.dialect.name == "postgresql":
        shape, params = _logged_shape(activity, rows)
        _logged_statement(shape).run(params)
        return
    _upsert(ActivityDaily, ACTIVITY_KEY, [activity], ACTIVITY_COUNTERS)
    _upsert(ComplianceDaily, COMPLIANCE_KEY, rows, ("flagged",))


def logged_with(ix: Interaction, flagged: Iterable[tuple[str, str]]) -> tuple[tuple, dict]:
    """What `record_logged` writes, as WITH clauses for another statement of the logging transaction
    (PostgreSQL only): (their shape, for `logged_ctes`; their parameters, named a_… and c<i>_…)."""
    return _logged_shape(*_logged_rows(ix, flagged))


def _logged_shape(activity: dict, rows: list[dict]) -> tuple[tuple, dict]:
    params = {f"a_{c}": v for c, v in activity.items()}
    for i, row in enumerate(rows):
        params.update({f"c{i}_{c}": v for c, v in row.items()})
    return (tuple(activity), tuple(rows[0]) if rows else (), len(rows)), params


@lru_cache(maxsize=64)
def logged_ctes(shape: tuple) -> tuple[str, tuple]:
    """PostgreSQL: the upserts of a contact's activity row and of its compliance rows, as the WITH
    clauses `activity` and `flags` (PostgreSQL runs a data-modifying WITH to completion whether or not
    the statement reads it), and their typed parameters. The flag rows are distinct (standard, mode)
    keys, so no row is updated twice by one statement."""
    activity_columns, flag_columns, flags = shape
    q = db.engine.dialect.identifier_preparer.quote

    def upsert(model, columns, key_columns, counters, prefixes) -> str:
        name = q(model.__table__.name)
        values = ", ".join("(" + ", ".join(f":{p}{c}" for c in columns) + ")" for p in prefixes)
        return (f"INSERT INTO {name} ({', '.join(q(c) for c in columns)}) VALUES {values} "
                f"ON CONFLICT ({', '.join(q(c) for c in key_columns)}) DO UPDATE SET "
                + ", ".join(f"{q(c)} = {name}.{q(c)} + excluded.{q(c)}" for c in counters) + " RETURNING 1")

    prefixes = [f"c{i}_" for i in range(flags)]
    ctes = f"activity AS ({upsert(ActivityDaily, activity_columns, ACTIVITY_KEY, ACTIVITY_COUNTERS, ['a_'])})"
    if flags:
        ctes += f", flags AS ({upsert(ComplianceDaily, flag_columns, COMPLIANCE_KEY, ('flagged',), prefixes)})"
    a, c = ActivityDaily.__table__, ComplianceDaily.__table__
    binds = (*[bindparam(f"a_{n}", type_=a.c[n].type) for n in activity_columns],
             *[bindparam(p + n, type_=c.c[n].type) for p in prefixes for n in flag_columns])
    return ctes, binds


@lru_cache(maxsize=64)
def _logged_statement(shape: tuple) -> Direct:
    def build():
        ctes, binds = logged_ctes(shape)
        return text(f"WITH {ctes} SELECT 1").bindparams(*binds)
    return Direct(build)


def record_review(finding: Finding, decision: str, previous: str) -> None:
    """Move a finding's count from its previous review state to the new decision."""
    if finding.interaction_id is None or finding.dedupe_key is not None:
        # Sweep findings (they carry a dedupe key, even those naming a promised callback's contact)
        # are overdue work reported from cases, not departures of the logged contact.
        return
    ix = db.session.get(Interaction, finding.interaction_id)
    delta = {c: 0 for c in REVIEW_COUNTERS}
    if previous in delta:
        delta[previous] -= 1
    if decision in delta:
        delta[decision] += 1
    row = {"day": _day(ix), "team_id": ix.team_id or 0, "agent_id": ix.agent_id, "channel": ix.channel,
           "standard": finding.standard, "mode": finding.mode, "flagged": 0, **delta}
    _upsert(ComplianceDaily, COMPLIANCE_KEY, [row], REVIEW_COUNTERS)


# --- reading -------------------------------------------------------------------------------------

COUNTERS = ("checked", "flagged", "upheld", "coached", "dismissed", "waived")
_FLAG_COUNTERS = COUNTERS[1:]
DIMENSIONS = ("standard", "agent_id", "team_id", "channel", "day")


@lru_cache(maxsize=None)
def _row_type(dims: tuple[str, ...]):
    return namedtuple("ComplianceSums", (*dims, "mode", *COUNTERS))


def compliance_sums(where: Callable[[type], list], dims: Sequence[str]) -> list:
    """Per (dims…, mode): contacts checked, flagged, and their findings' review outcomes.

    `where(model)` gives the conditions selecting the rows of a roll-up model (both roll-ups have
    day, team_id, agent_id and channel). `dims` are among standard, agent_id, team_id, channel, day.

    Flags and reviews are summed in SQL from `compliance_daily`. What was checked is derived: the
    contacts of `activity_daily` are summed in SQL per the dims (but standard), team, channel and
    policy version, and each sum counts once for every rule of that version applying to that team
    and channel (`policy.applicable`, as logging ran them), under the rule's standard and mode.
    """
    dims = tuple(dims)
    unknown = set(dims) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"cannot group the roll-ups by {', '.join(sorted(unknown))}")
    tallies: dict[tuple, list[int]] = {}

    columns = [getattr(ComplianceDaily, d) for d in dims]
    flags = (select(*columns, ComplianceDaily.mode, *[func.sum(getattr(ComplianceDaily, c)) for c in _FLAG_COUNTERS])
             .where(*where(ComplianceDaily)).group_by(*columns, ComplianceDaily.mode))
    width = len(dims) + 1
    for row in db.session.execute(flags):
        tallies[tuple(row[:width])] = [0, *(int(v or 0) for v in row[width:])]

    # Contacts per (dims but standard) and what decides the rules that checked them. team_id goes
    # last: grouping by it first tempts SQLite (without ANALYZE) to walk the whole (team_id, day)
    # index for its order when the rows are chosen by agent and day instead.
    by = [d for d in dims if d not in ("standard", "team_id")]
    by += [c for c in ("channel", "policy_version_id") if c not in by] + ["team_id"]
    activity = (select(*[getattr(ActivityDaily, c) for c in by], func.sum(ActivityDaily.contacts))
                .where(*where(ActivityDaily)).group_by(*[getattr(ActivityDaily, c) for c in by]))
    at = {c: i for i, c in enumerate(by)}
    team, channel, version = at["team_id"], at["channel"], at["policy_version_id"]
    key_of = [at.get(d) for d in dims]  # None marks where the standard goes
    pairs_of: dict[tuple, tuple[tuple[str, str], ...]] = {}
    contacts: dict[tuple, int] = {}
    for row in db.session.execute(activity):
        decides = (row[version], row[channel], row[team])
        pairs = pairs_of.get(decides)
        if pairs is None:
            pairs = pairs_of[decides] = _checked_pairs(*decides)
        if pairs and row[-1]:
            group = (tuple(None if i is None else row[i] for i in key_of), pairs)
            contacts[group] = contacts.get(group, 0) + int(row[-1])
    standard_at = dims.index("standard") if "standard" in dims else None
    for (values, pairs), n in contacts.items():
        for standard, mode in pairs:
            key = values if standard_at is None else values[:standard_at] + (standard,) + values[standard_at + 1:]
            tally = tallies.get(key + (mode,))
            if tally is None:
                tallies[key + (mode,)] = [n, 0, 0, 0, 0, 0]
            else:
                tally[0] += n

    make = _row_type(dims)
    return [make(*key, *counts) for key, counts in tallies.items()]


def _checked_pairs(version_id: int, channel: str, team_id: int) -> tuple[tuple[str, str], ...]:
    """The (standard, mode) of each rule of the version that checked a contact on this channel by this team.

    A pair comes once per rule, as each rule is a check (two rules of one standard both count).
    """
    policy = policy_by_id(version_id) if version_id else None
    if policy is None:
        return ()
    return tuple((r.standard, r.mode) for r in applicable(policy.rules, channel, team_id or None))
