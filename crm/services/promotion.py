"""One-click policy steps: promote a rule being piloted to an enforced rule for every team."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from flask_babel import gettext as _, lazy_gettext as _l

from ..extensions import db
from ..i18n import Message, for_reader, msg, phrase
from ..labels import LABELS
from ..models import CHANNELS, PolicyVersion, Team, User
from .access import require_role
from .errors import Conflict, InvalidInput, NotFound
from .policy import RuleInput, create_version, standards, version_in_force


def pilot_checked(actor: User) -> list[int]:
    """How many contacts each pilot rule in force has checked, in the pilot report's order."""
    from .findings import pilot_report

    return [row["pilot"]["checked"] for row in pilot_report(actor)]


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


def default_note(version: PolicyVersion, position: int) -> Message:
    """The suggested note of the new version, kept as a message so each reader reads it in their words:
    the standard's title and its parameters by their descriptions, not codes and JSON."""
    rule = pilot_rules(version)[position]
    standard = standards().get(rule.standard)
    described = {p.name: p.description for p in (standard.params if standard else ())}
    params = [msg("%(setting)s: %(value)s", setting=phrase(described[k]) if k in described else k.replace("_", " "),
                  value=_value(v)) for k, v in (rule.params or {}).items()]
    names = {t.id: t.name for t in db.session.scalars(db.select(Team))}
    teams = [names.get(t, str(t)) for t in rule.teams or []] or msg("every team")
    values = dict(standard=msg(standard.title) if standard else rule.standard, params=params,
                  teams=teams, number=version.number, channels=[msg(LABELS.get(c, c)) for c in rule.channels or ()])
    if rule.channels:
        return msg("Promote the pilot of %(standard)s (%(params)s; piloted on %(teams)s in version %(number)s) "
                   "to enforced for every team on %(channels)s.", **values)
    return msg("Promote the pilot of %(standard)s (%(params)s; piloted on %(teams)s in version %(number)s) "
               "to enforced for every team.", **values)


def _value(value):
    if isinstance(value, bool):
        return msg("yes") if value else msg("no")
    if isinstance(value, float):
        return format(value, "g")  # as set: a threshold of 0.85 is not to be rounded to one digit
    return value


def promote_pilot(actor: User, version_number: int, position: int, note: Optional[str] = None,
                  without_data: bool = False) -> PolicyVersion:
    """A new version, effective now: the pilot rule enforced for every team on its channels, in place of
    the enforced rule(s) of the same standard there (see `plan`); every other rule as it was.

    `version_number` and `position` (among its pilot rules) name the rule as the report showed it;
    when another version has come into force since, nothing is written (409). A pilot that has checked
    no contact yet has shown nothing about the rule: it is promoted only when `without_data` says so.
    """
    require_role(actor, "admin", why=_l("Only an admin can change the policy."))
    current = version_in_force()
    if current is None or current.number != version_number:
        raise Conflict(_("The policy changed since the report was shown; look at the pilot report again."))
    pilots = pilot_rules(current)
    if not 0 <= position < len(pilots):
        raise NotFound(_("No such pilot rule in the version in force."))
    if not without_data and not pilot_checked(actor)[position]:
        raise InvalidInput({"without_data": [_(
            "This pilot has checked no contacts yet, so nothing shows how the rule works: tick the box to "
            "promote it without pilot data.")]})
    suggested = default_note(current, position)
    typed = " ".join((note or "").split())
    # The suggestion sent back as it was shown (in the admin's language) stays the app's message, read
    # in each reader's language; a note the admin wrote is kept as written.
    text = suggested if not typed or typed == " ".join(for_reader(suggested).split()) else typed
    return create_version(plan(current, position).rules, actor, text, current.review_by, None)
