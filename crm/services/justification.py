"""An agent's justification of a finding, given or withdrawn after the contact, until the lead decides."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from typing import Any

from ..database import write_transaction
from ..extensions import db
from ..models import Finding, User
from . import audit
from .access import require_role
from .errors import Conflict, FieldErrors, NotFound
from .validation import MAX_ID, clean_text

MAX_REASON = 10_000


def own_pending(actor: User, finding_id: int) -> Finding:
    """The finding, if it is the actor's own (a lead's team's, or any for an admin) and undecided."""
    require_role(actor, "agent", "lead", "admin", why=_l("Only agents, leads and admins justify findings."))
    finding = db.session.get(Finding, finding_id) if 1 <= finding_id <= MAX_ID else None
    visible = finding is not None and (
        actor.role == "admin" or finding.agent_id == actor.id
        or (actor.role == "lead" and finding.team_id == actor.team_id))
    if not visible:
        raise NotFound(_('No finding %(finding_id)s you can see.', finding_id=finding_id))
    if finding.mode != "enforce":
        raise Conflict(_("Pilot findings count against nobody; there is nothing to justify."),
                       fields={"reason": ["this finding is from a pilot rule"]})
    if finding.status not in ("open", "justified"):
        raise Conflict(_('Your lead has decided on this finding (%(status)s); it can no longer change.', status=finding.status),
                       fields={"reason": [f"the finding is {finding.status}"]})
    return finding


def justify(actor: User, finding_id: int, reason: Any) -> Finding:
    """Say why the contact departed from the standard; the finding waits for the lead as justified."""
    errors = FieldErrors()
    reason = clean_text(reason, "reason", errors, MAX_REASON)
    if reason is None and "reason" not in errors.fields:
        errors.add("reason", _("is required: say why you departed from the standard"))
    finding = own_pending(actor, finding_id)
    errors.raise_if_any()
    with write_transaction():
        finding = db.session.get(Finding, finding_id, with_for_update=True, populate_existing=True)
        if finding.status not in ("open", "justified"):
            raise Conflict(_('Your lead has just decided on this finding (%(status)s).', status=finding.status))
        previous = finding.justification
        finding.status, finding.justification = "justified", reason
        audit.record("finding.justified", "finding", finding.id, actor,
                     changes={"status": ["open" if previous is None else "justified", "justified"],
                              "justification": [previous, reason]})
    return finding


def withdraw(actor: User, finding_id: int) -> Finding:
    """Take a justification back: the finding is open again."""
    finding = own_pending(actor, finding_id)
    if finding.status != "justified":
        raise Conflict(_("This finding has no justification to withdraw."),
                       fields={"reason": ["there is no justification to withdraw"]})
    with write_transaction():
        finding = db.session.get(Finding, finding_id, with_for_update=True, populate_existing=True)
        if finding.status != "justified":
            raise Conflict(_('The finding is %(status)s now.', status=finding.status))
        previous = finding.justification
        finding.status, finding.justification = "open", None
        audit.record("finding.justification_withdrawn", "finding", finding.id, actor,
                     changes={"status": ["justified", "open"], "justification": [previous, None]})
    return finding
