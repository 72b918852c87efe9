"""One-click policy steps: promote a rule being piloted to an enforced rule for every team."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flask_babel import format_decimal, gettext, gettext as _, lazy_gettext as _l

from ..extensions import db
from ..labels import label
from ..models import CHANNELS, PolicyVersion, Team, User
from .access import require_role
from .errors import Conflict, NotFound
from .policy import RuleInput, create_version, standards, version_in_force


def pilot_rules(version: PolicyVersion) -> list:
    """The version's pilot rules, in the order the pilot report lists them."""
    return [rule for rule in version.rules if rule.mode == "pilot"]


@dataclass(frozen=True)
class Plan:
    """What promoting one pilot rule changes, as the confirmation tells it: the rules of the new version,
    the channels the pilot's parameters will be enforced on (empty: every channel), and the channels
    where the enforced rule of the same standard stays as it was (the pilot did not cover them)."""

    rules: list
    channels: list[str]
    kept: list[str]


def plan(version: PolicyVersion, position: int) -> Plan:
    """The new version's rules: the pilot rule enforced for every team on its channels, the enforced
    rules of the same standard kept for the channels the pilot did not cover, every other rule as it was."""
    promoted = pilot_rules(version)[position]
    standard = standards().get(promoted.standard)
    universe = [c for c in CHANNELS if standard is None or standard.applies_to_channel(c)]
    piloted = set(promoted.channels or universe)
    rules, kept = [], []
    for rule in version.rules:
        if rule is promoted:
            rules.append(RuleInput(rule.standard, dict(rule.params or {}), "enforce", rule.severity, (),
                                   list(rule.channels or ())))
            continue
        channels = list(rule.channels or ())
        if rule.standard == promoted.standard and rule.mode == "enforce":
            channels = [c for c in (channels or universe) if c not in piloted]
            if not channels:
                continue  # wholly replaced by the promoted rule
            kept += [c for c in channels if c not in kept]
        rules.append(RuleInput(rule.standard, dict(rule.params or {}), rule.mode, rule.severity,
                               list(rule.teams or ()), channels))
    return Plan(rules, list(promoted.channels or ()), [c for c in CHANNELS if c in kept])


def default_note(version: PolicyVersion, position: int) -> str:
    """The suggested note of the new version, in the reader's words: the standard's title and its
    parameters by their descriptions, not codes and JSON."""
    rule = pilot_rules(version)[position]
    standard = standards().get(rule.standard)
    described = {p.name: gettext(p.description).rstrip(".") for p in (standard.params if standard else ())}
    params = "; ".join(f"{described.get(k, k.replace('_', ' '))}: {_value(v)}" for k, v in (rule.params or {}).items())
    names = {t.id: t.name for t in db.session.scalars(db.select(Team))}
    teams = ", ".join(names.get(t, str(t)) for t in rule.teams or []) or _("every team")
    values = dict(standard=gettext(standard.title) if standard else rule.standard, params=params, teams=teams,
                  number=version.number, channels=", ".join(label(c) for c in rule.channels or ()))
    if rule.channels:
        return _("Promote the pilot of %(standard)s (%(params)s; piloted on %(teams)s in version %(number)s) "
                 "to enforced for every team on %(channels)s.", **values)
    return _("Promote the pilot of %(standard)s (%(params)s; piloted on %(teams)s in version %(number)s) "
             "to enforced for every team.", **values)


def _value(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (int, float)):
        return format_decimal(value)
    return str(value)


def promote_pilot(actor: User, version_number: int, position: int, note: Optional[str] = None) -> PolicyVersion:
    """A new version, effective now: the pilot rule enforced for every team on its channels, in place of
    the enforced rule(s) of the same standard there (see `plan`); every other rule as it was.

    `version_number` and `position` (among its pilot rules) name the rule as the report showed it;
    when another version has come into force since, nothing is written (409).
    """
    require_role(actor, "admin", why=_l("Only an admin can change the policy."))
    current = version_in_force()
    if current is None or current.number != version_number:
        raise Conflict(_("The policy changed since the report was shown; look at the pilot report again."))
    pilots = pilot_rules(current)
    if not 0 <= position < len(pilots):
        raise NotFound(_("No such pilot rule in the version in force."))
    text = (note or "").strip() or default_note(current, position)
    return create_version(plan(current, position).rules, actor, text, current.review_by, None)
