"""The versioned service policy: which rules are in force, and running them."""
from __future__ import annotations

import time

from flask_babel import gettext as _, lazy_gettext as _l
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any, Iterable, Literal, Optional, Sequence, Union

from pydantic import ConfigDict, Field, PlainValidator, WithJsonSchema

from flask import current_app
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session, selectinload

from ..constraints import MAX_RULE_TEAMS
from ..database import once_more_after_a_race, write_transaction
from ..extensions import db
from ..i18n import Message, msg, stored_message
from ..models import CHANNELS, MODES, SEVERITIES, PolicyRule, PolicyVersion, Team, User
from ..models.base import utcnow
from ..standards.base import CheckContext, Departure, InteractionFacts, Standard
from ..standards.manager import collect_standards
from . import audit
from .access import SYSTEM, SystemActor, require_role
from .errors import FieldErrors, InvalidInput
from .validation import Input, NonBlank, clean_text, refuse


def plugin_manager():
    return current_app.extensions["crm.plugins"]


def standards() -> dict[str, Standard]:
    """Every standard the installed plugins provide, by code (collected once per app)."""
    cache = current_app.extensions.setdefault("crm.standards_cache", {})
    if "all" not in cache:
        cache["all"] = collect_standards(plugin_manager())
    return cache["all"]


@dataclass(frozen=True)
class Rule:
    """A policy rule as the engine runs it: detached from the session, parameters validated."""

    id: Optional[int]
    standard: str
    params: dict
    mode: str
    severity: str
    teams: frozenset[int]
    channels: frozenset[str]

    def applies(self, team_id: Optional[int], channel: Optional[str]) -> bool:
        if self.mode == "off":
            return False
        if self.teams and team_id not in self.teams:
            return False
        if self.channels and channel not in self.channels:
            return False
        return True

    @classmethod
    def from_row(cls, row: PolicyRule) -> "Rule":
        return cls(row.id, row.standard, dict(row.params or {}), row.mode, row.severity,
                   frozenset(row.teams or ()), frozenset(row.channels or ()))

    def to_json(self, team_names: Optional[dict[int, str]] = None) -> dict:
        names = team_names or {}
        return {"standard": self.standard, "params": self.params, "mode": self.mode,
                "severity": self.severity, "teams": sorted(names.get(t, t) for t in self.teams),
                "channels": sorted(self.channels)}


@dataclass(frozen=True)
class Policy:
    version_id: int
    number: int
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Result:
    """A departure found by a rule: what becomes a Finding."""

    rule: Rule
    departure: Departure


# --- reading the policy ----------------------------------------------------------------------

def policy_number(version_id: Optional[int]) -> Optional[int]:
    """The number of a policy version, by its id. A version's number never changes, so the app keeps
    them rather than ask on every row."""
    if version_id is None:
        return None
    numbers = current_app.extensions.setdefault("crm.policy_numbers", {})
    if version_id not in numbers:
        numbers[version_id] = db.session.scalar(select(PolicyVersion.number).where(PolicyVersion.id == version_id))
    return numbers[version_id]


def version_in_force(at: Optional[datetime] = None) -> Optional[PolicyVersion]:
    at = at or utcnow()
    return db.session.scalar(
        select(PolicyVersion).where(PolicyVersion.effective_from <= at)
        .order_by(PolicyVersion.effective_from.desc(), PolicyVersion.number.desc()).limit(1)
        .options(selectinload(PolicyVersion.rules))
    )


def list_versions(actor: User) -> list[PolicyVersion]:
    """Every policy version, newest first."""
    require_role(actor, "admin", why=_l("Only an admin changes the policy."))
    return list(db.session.scalars(select(PolicyVersion).order_by(PolicyVersion.number.desc())))


def overdue_reviews(actor: User) -> list[PolicyVersion]:
    """Versions in force or still to come whose review-by date has passed."""
    require_role(actor, "admin", why=_l("Only an admin changes the policy."))
    current = version_in_force()
    stmt = select(PolicyVersion).where(PolicyVersion.review_by < date.today())
    if current is not None:
        stmt = stmt.where(PolicyVersion.effective_from >= current.effective_from)
    return list(db.session.scalars(stmt.order_by(PolicyVersion.number)))


def policy_in_force(at: Optional[datetime] = None, mark: Optional[tuple] = None) -> Optional[Policy]:
    """The detached policy in force at `at`; versions never change once written, so it is cached.

    On the logging path only the version's id is read; its rules come from the cache. `mark` is
    what `version_mark()` gave in the caller's own statement: when given, the cached list of versions
    is used only while it is the list that mark describes, so a version published by any worker is in
    force from the next contact logged after its commit.
    """
    at = at or utcnow()
    best = None
    for effective_from, number, version_id in _timeline(mark):
        if effective_from <= at and (best is None or (effective_from, number) > best[:2]):
            best = (effective_from, number, version_id)
    if best is None:
        return None
    return _cached_policy(best[2], best[1])


TIMELINE_SECONDS = 1.0  # without a mark: how stale another worker's view of newly published versions may be


def version_mark_columns():
    """Two scalar subqueries that change whenever a policy version is published: the number of
    versions and the largest id (both, since on PostgreSQL ids can commit out of order). Versions are
    never edited or deleted, so an unchanged mark means an unchanged list of versions. Put them in a
    statement the caller runs anyway, and pass (count, max id) to `policy_in_force`."""
    pv = PolicyVersion.__table__
    return (select(func.count()).select_from(pv).scalar_subquery(),
            select(func.max(pv.c.id)).scalar_subquery())


def _timeline(mark: Optional[tuple] = None) -> tuple:
    """Every version's (effective_from, number, id), read again only when it may have changed.

    Logging asks for the version in force on every contact; versions are few and never change once
    written. A version published by this worker is seen at once (a flush of a PolicyVersion empties
    this); with a mark (see `version_mark_columns`), one published by another worker is seen by the
    next caller whose mark differs; without one, within TIMELINE_SECONDS.
    """
    held = current_app.extensions.get("crm.policy_timeline")
    now = time.monotonic()
    if held is not None and (held[2] == tuple(mark) if mark is not None else now < held[0]):
        return held[1]
    rows = tuple(db.session.execute(
        select(PolicyVersion.effective_from, PolicyVersion.number, PolicyVersion.id)).tuples())
    current_app.extensions["crm.policy_timeline"] = (
        now + TIMELINE_SECONDS, rows, (len(rows), max((r[2] for r in rows), default=None)))
    return rows


@event.listens_for(Session, "after_flush")
def _forget_timeline(session, flush_context) -> None:
    if any(isinstance(obj, PolicyVersion) for obj in (*session.new, *session.dirty, *session.deleted)):
        try:
            current_app.extensions.pop("crm.policy_timeline", None)
        except RuntimeError:  # no app context: nothing cached to forget
            pass


def policy_by_id(version_id: int) -> Optional[Policy]:
    """The detached policy version `version_id` (None when there is none), from the same cache."""
    policy = current_app.extensions.setdefault("crm.policy_cache", {}).get(version_id)
    if policy is not None:
        return policy
    number = db.session.scalar(select(PolicyVersion.number).where(PolicyVersion.id == version_id))
    return None if number is None else _cached_policy(version_id, number)


def _cached_policy(version_id: int, number: int) -> Policy:
    cache = current_app.extensions.setdefault("crm.policy_cache", {})
    policy = cache.get(version_id)
    if policy is None:
        rules = db.session.scalars(select(PolicyRule).where(PolicyRule.version_id == version_id)
                                   .order_by(PolicyRule.id))
        policy = Policy(version_id, number, tuple(Rule.from_row(r) for r in rules))
        cache[version_id] = policy
    return policy


def target_value(measure: str, team_id: Optional[int] = None, *, every_team: bool = False) -> Optional[int]:
    """The bound a rule in force sets for an aggregate measure (`Standard.targets`), else None.

    No standard is named here: a standard says which of its parameters bounds which measure, e.g.
    {"first_reply_hours": "hours"}. For one team (or for a report over every team, `team_id` None)
    only the rules covering it count, an enforced rule before a pilot and a team's own rule before a
    rule for everyone; `every_team` takes any rule in force whatever its teams (the case lists span
    teams).
    """
    policy = policy_in_force()
    known = standards()
    candidates = []
    for rule in (policy.rules if policy else ()):
        standard = known.get(rule.standard)
        param = standard.targets.get(measure) if standard is not None else None
        if param is None or rule.mode == "off":
            continue
        if not every_team and rule.teams and team_id not in rule.teams:
            continue
        value = (rule.params or {}).get(param)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            candidates.append(rule)
    if not every_team:
        candidates.sort(key=lambda r: (r.mode != "enforce", not r.teams))
    return candidates[0].params[known[candidates[0].standard].targets[measure]] if candidates else None


class Applicable(list):
    """What `applicable` answers: the rules, with the channel and team they were chosen for and each
    rule's check, so `evaluate` given them neither chooses again nor looks the standards up."""

    channel: Optional[str]
    team_id: Optional[int]
    checks: tuple


def _choose(rules: Iterable[Rule], channel: str, team_id: Optional[int], known: dict[str, Standard]) -> Applicable:
    chosen = Applicable()
    checks = []
    for rule in rules:
        standard = known.get(rule.standard)
        if (standard is not None and standard.kind == "interaction" and rule.applies(team_id, channel)
                and standard.applies_to_channel(channel)):
            chosen.append(rule)
            checks.append((rule, standard.check))
    chosen.channel, chosen.team_id, chosen.checks = channel, team_id, tuple(checks)
    return chosen


_CHOSEN_KEPT = 4096  # (rules, channel, team) choices kept per app; a policy has a few of each


def applicable(rules: Iterable[Rule], channel: str, team_id: Optional[int]) -> Applicable:
    """The per-interaction rules that check a contact on this channel by this team.

    A policy's rules (a tuple, as `policy_in_force` keeps them: versions never change once written)
    are chosen once per app, channel and team, while the installed standards stay the same; the tuple
    itself is kept with the choice, so its id cannot name another tuple while the choice is kept. A
    new list of rules (a draft) is chosen anew.
    """
    known = standards()
    if not isinstance(rules, tuple):
        return _choose(rules, channel, team_id, known)
    kept = current_app.extensions.setdefault("crm.applicable_cache", {})
    key = (id(rules), channel, team_id)
    held = kept.get(key)
    if held is None or held[0] is not rules or held[1] is not known:
        if len(kept) >= _CHOSEN_KEPT:
            kept.clear()
        held = kept[key] = (rules, known, _choose(rules, channel, team_id, known))
    chosen = held[2]
    copy = Applicable(chosen)  # the caller's own list
    copy.channel, copy.team_id, copy.checks = chosen.channel, chosen.team_id, chosen.checks
    return copy


def evaluate(rules: Iterable[Rule], facts: InteractionFacts, context: CheckContext,
             team_id: Optional[int]) -> list[Result]:
    """Run every applicable per-interaction rule; pure, so logging and preview share it."""
    if not (isinstance(rules, Applicable) and rules.channel == facts.channel and rules.team_id == team_id
            and len(rules) == len(rules.checks)):
        rules = applicable(rules, facts.channel, team_id)
    results = []
    for rule, check in rules.checks:
        for departure in check(facts, rule.params, context) or ():
            results.append(Result(rule, with_measurement(departure, facts) if facts.measured else departure))
    return results


def with_measurement(departure: Departure, facts: InteractionFacts) -> Departure:
    """The departure, its evidence saying so when it rests on measured facts.

    A check's evidence names the facts it judged ("holds", "transfers", "queue_wait_seconds"), so
    this needs no knowledge of any standard: a measured fact adds `"measured": true`, and what the
    agent typed for it, where that disagreed, goes under `"typed"`.
    """
    evidence = departure.evidence or {}
    judged = facts.measured.intersection(evidence)
    if not judged:
        return departure
    extra: dict = {"measured": True}
    typed = {name: facts.typed[name] for name in sorted(judged) if name in facts.typed}
    if typed:
        extra["typed"] = typed
    return Departure(departure.message, {**evidence, **extra})


# --- writing a new version ---------------------------------------------------------------------

def _team_ref(value: Any) -> Union[str, int]:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise refuse(_("must be a team name or id"))
    return value


# A team named by its name or id (which one is validate_rules' to find).
TeamRef = Annotated[Union[str, int], PlainValidator(_team_ref),
                    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}]})]


class RuleInput(Input):
    # One rule of a new policy version, typed: the body's schema in the API, built by the policy form, the
    # demo and promotion; which standard, teams and parameters it names is validate_rules' to judge.
    # (No docstring: it would become the OpenAPI component's description.)

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False)

    standard: NonBlank = Field(description="A standard's code")
    params: Optional[dict[str, Any]] = None
    mode: Literal[MODES] = "enforce"
    severity: Optional[Literal[SEVERITIES]] = None
    teams: Optional[list[TeamRef]] = Field(None, max_length=MAX_RULE_TEAMS)
    channels: Optional[list[Literal[CHANNELS]]] = Field(None, max_length=len(CHANNELS))

    def __init__(self, /, *given: Any, **data: Any) -> None:
        # positional values in field order, as rules are written in code: RuleInput("hold.apology", {}, "pilot")
        super().__init__(**dict(zip(type(self).model_fields, given)), **data)

    # inside a body (the API's rules) pydantic reads it as a model, so errors keep their path (`rules[0].mode`)
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


def validate_rules(raw_rules: Sequence[RuleInput]) -> list[Rule]:
    """Check every rule against its standard's schema; report every problem with its position."""
    known = standards()
    errors = FieldErrors()
    teams_by_key: dict = {}
    for team in db.session.scalars(select(Team)):
        teams_by_key[team.id] = team.id
        teams_by_key[str(team.id)] = team.id
        teams_by_key[team.name.lower()] = team.id
    clean, placed = [], []  # the rules read, and each one's position in the request
    if not raw_rules:
        errors.add("rules", _("a policy needs at least one rule"))
    for i, r in enumerate(raw_rules):
        where = f"rules[{i}]"
        standard = known.get(r.standard) if isinstance(r.standard, str) else None
        if standard is None:
            if isinstance(r.standard, str):
                errors.add(f"{where}.standard", _('no installed standard %(standard)r', standard=r.standard))
            else:
                errors.add(f"{where}.standard", _("must be the code of a standard"))
            continue
        if not isinstance(r.params, (dict, type(None))):
            errors.add(f"{where}.params", _("must be an object"))
            continue
        params, param_errors = standard.validate_params(r.params)
        for name, reasons in param_errors.items():
            for reason in reasons:
                errors.add(f"{where}.params.{name}", reason)
        mode = "enforce" if r.mode is None else r.mode  # not sent: the model's default
        if not isinstance(mode, str) or mode not in MODES:
            errors.add(f"{where}.mode", _('must be one of %(choices)s', choices=', '.join(MODES)))
        severity = r.severity or standard.default_severity
        if not isinstance(severity, str) or severity not in SEVERITIES:
            errors.add(f"{where}.severity", _('must be one of %(choices)s', choices=', '.join(SEVERITIES)))
        # Items are looked up in a dict and a set, so a list or an object among them (which
        # cannot be hashed) is reported rather than raising TypeError.
        team_ids, channels = [], []
        if not isinstance(r.teams or (), (list, tuple, set, frozenset)):
            errors.add(f"{where}.teams", _("must be a list of team names or ids"))
        else:
            for t in r.teams or ():
                if isinstance(t, bool) or not isinstance(t, (str, int)):
                    errors.add(f"{where}.teams", _('%(t)r is not a team name or id', t=t))
                    continue
                key = t.lower() if isinstance(t, str) else t
                if key not in teams_by_key:
                    errors.add(f"{where}.teams", _('no team %(t)r', t=t))
                else:
                    team_ids.append(teams_by_key[key])
        if not isinstance(r.channels or (), (list, tuple, set, frozenset)):
            errors.add(f"{where}.channels", _("must be a list of channels"))
        else:
            for c in r.channels or ():
                if not isinstance(c, str) or c not in CHANNELS:
                    errors.add(f"{where}.channels", _('%(c)r is not one of %(value)s', c=c, value=', '.join(CHANNELS)))
                else:
                    channels.append(c)
        clean.append(Rule(None, standard.code, params, mode, severity, frozenset(team_ids),
                          frozenset(channels)))
        placed.append(i)
    # Two rules of one standard in one mode for the same teams and channels say the same thing twice,
    # perhaps with other parameters: ambiguous, refused. A pilot beside the enforced rule, or a rule for
    # some teams or channels beside the general one, is not.
    seen: dict[tuple, int] = {}
    for n, rule in enumerate(clean):
        if not isinstance(rule.mode, str):  # refused above already
            continue
        scope = (rule.standard, rule.mode, rule.teams, rule.channels)
        if scope in seen:
            errors.add(f"rules[{placed[n]}].standard", _(
                'rules[%(other)s] already sets %(standard)s for the same teams and channels in this mode',
                other=seen[scope], standard=rule.standard))
        else:
            seen[scope] = placed[n]
    errors.raise_if_any()
    return clean


# The keys of a rule, as a body or a form gives them.
RULE_FIELDS = tuple(RuleInput.model_fields)


def check_rules_of(body: dict) -> None:
    """Every reason the rules of a request body (as sent) cannot make a policy; InvalidInput if any."""
    validate_rules(rule_inputs(body.get("rules")))


def rule_inputs(raw: Any) -> list[RuleInput]:
    """The RuleInputs of a body's rules as sent, each in its place (an item that is not an object
    has no standard), for validate_rules to judge."""
    if not isinstance(raw, list):
        return []
    return [RuleInput.as_sent(r if isinstance(r, dict) else {}) for r in raw]


# How far in the past a version's start may be and still count as "now": the time a form takes to send.
BACKDATE_SLACK = timedelta(minutes=5)


def version_errors(raw_rules: Sequence[RuleInput], note: str = "", effective_from: Optional[datetime] = None,
                   allow_past: bool = False) -> tuple[dict[str, list[str]], list[Rule], str]:
    """Every reason a new version could not be written, at once (by field), with its rules and note read.

    A version starting in the past is refused unless `allow_past` (the first, default policy): contacts
    logged since were checked under the version then in force, and their findings keep it.
    """
    errors = FieldErrors()
    note = clean_text(note, "note", errors, 2000) or ""
    if effective_from is not None and effective_from.tzinfo is None:
        errors.add("effective_from", _("needs a time zone offset"))
    elif effective_from is not None and not allow_past and effective_from < utcnow() - BACKDATE_SLACK:
        errors.add("effective_from", _("is in the past: a new version applies from now or later, since the contacts "
                                       "logged meanwhile were checked under the version then in force; leave it "
                                       "empty to start now"))
    rules: list[Rule] = []
    try:
        rules = validate_rules(raw_rules)
    except InvalidInput as exc:
        for field, reasons in exc.fields.items():
            for reason in reasons:
                errors.add(field, reason)
    return errors.fields, rules, note


@once_more_after_a_race
def create_version(raw_rules: Sequence[RuleInput], actor: User | SystemActor, note: str | Message = "",
                   review_by: Optional[date] = None,
                   effective_from: Optional[datetime] = None, allow_past: bool = False) -> PolicyVersion:
    """Write a new policy version from a full set of rules; earlier versions never change. It starts
    now, or later; `allow_past` lets a start in the past through (the default policy, tests' history).
    A note the app writes is a `Message`: its English copy is stored, and each reader reads it in theirs."""
    require_role(actor, "admin", why=_l("Only an admin can change the policy."))
    note_l10n = stored_message(note)
    errors, rules, note = version_errors(raw_rules, note, effective_from, allow_past)
    if errors:
        raise InvalidInput(errors)
    with write_transaction():
        number = (db.session.scalar(select(func.max(PolicyVersion.number))) or 0) + 1
        version = PolicyVersion(
            number=number, note=note, note_l10n=note_l10n, review_by=review_by,
            effective_from=effective_from or utcnow(), created_by_id=actor.id,
            rules=[PolicyRule(standard=r.standard, params=r.params, mode=r.mode, severity=r.severity,
                              teams=sorted(r.teams), channels=sorted(r.channels)) for r in rules],
        )
        db.session.add(version)
        db.session.flush()
        audit.record("policy.version", "policy_version", version.id, actor=actor, actor_label="system",
                     number=number, rules=len(rules))
    return version


def default_rules() -> list[RuleInput]:
    """Every installed standard with its own defaults, enforced everywhere."""
    return [RuleInput(standard=s.code, params=s.defaults(), mode="enforce", severity=s.default_severity)
            for s in standards().values()]


def ensure_default_policy() -> Optional[PolicyVersion]:
    """Create version 1 from the standards' defaults when no policy exists yet."""
    if db.session.scalar(select(func.count()).select_from(PolicyVersion)):
        return None
    return create_version(default_rules(), SYSTEM, note=msg("Defaults of every installed standard."),
                          effective_from=datetime(2000, 1, 1, tzinfo=utcnow().tzinfo), allow_past=True)
