"""One-click policy steps: promote a rule being piloted to an enforced rule for every team."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import json
from typing import Optional

from ..extensions import db
from ..models import PolicyVersion, Team, User
from .access import require_role
from .errors import Conflict, NotFound
from .policy import RuleInput, create_version, version_in_force


def pilot_rules(version: PolicyVersion) -> list:
    """The version's pilot rules, in the order the pilot report lists them."""
    return [rule for rule in version.rules if rule.mode == "pilot"]


def default_note(version: PolicyVersion, position: int) -> str:
    rule = pilot_rules(version)[position]
    names = {t.id: t.name for t in db.session.scalars(db.select(Team))}
    teams = ", ".join(names.get(t, str(t)) for t in rule.teams or []) or "every team"
    return (f"Promote the pilot of {rule.standard} {json.dumps(rule.params, ensure_ascii=False)} "
            f"(piloted on {teams} in version {version.number}) to enforced for every team.")


def promote_pilot(actor: User, version_number: int, position: int, note: Optional[str] = None) -> PolicyVersion:
    """A new version, effective now: the pilot rule enforced for every team, in place of the enforced
    rule(s) of the same standard; every other rule as it was.

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
    promoted = pilots[position]
    rules = []
    for rule in current.rules:
        if rule is promoted:
            rules.append(RuleInput(rule.standard, dict(rule.params or {}), "enforce", rule.severity, (),
                                   list(rule.channels or ())))
        elif rule.standard == promoted.standard and rule.mode == "enforce":
            continue  # replaced by the promoted rule
        else:
            rules.append(RuleInput(rule.standard, dict(rule.params or {}), rule.mode, rule.severity,
                                   list(rule.teams or ()), list(rule.channels or ())))
    text = (note or "").strip() or default_note(current, position)
    return create_version(rules, actor, text, current.review_by, None)
