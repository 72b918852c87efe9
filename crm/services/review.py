"""The team lead's review: the queue, decisions with notes, coaching, and the escalation chain."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from flask_babel import gettext as _, ngettext
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Mapping, Optional, Sequence

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm.attributes import set_committed_value

from ..labels import label
from ..i18n import default_locale, msg, translator
from ..database import write_transaction
from ..extensions import db
from ..models import SEVERITIES, Case, CoachingNote, Customer, Finding, Interaction, User
from ..models.base import utcnow
from . import audit, pagination, rollups, zones
from .access import require_role
from .errors import Conflict, FieldErrors, Forbidden, NotFound
from .notifications import notify
from .outbox import enqueue_email

DECISIONS = ("upheld", "coached", "dismissed", "waived")
PENDING = ("open", "justified")
# critical first; the order of SEVERITIES is low → critical
_SEVERITY_RANK = {s: i for i, s in enumerate(reversed(SEVERITIES))}


@dataclass
class QueueFilters:
    standard: str = ""
    agent_id: Optional[int] = None
    channel: str = ""
    severity: str = ""
    start: Optional[datetime] = None
    end: Optional[datetime] = None
    team_id: Optional[int] = None  # admins only


def queue_filters(actor: User, args: Mapping[str, str], zone_name: str) -> QueueFilters:
    """The review queue's filters as a query string gives them, every one that cannot be read refused
    with its reason at once (InvalidInput), so the page says which and keeps the rest as typed.

    `from` and `to` are days on the reader's clock (zone `zone_name`), both included, of when the
    finding was made (its creation, not the contact's time).
    """
    from ..constraints import CHANNELS, DayOutOfRange, read_day
    from ..models import Team
    from .policy import standards
    from .validation import MAX_ID

    errors = FieldErrors()
    given = {name: (args.get(name) or "").strip() for name in ("standard", "agent", "channel", "severity", "team",
                                                                "from", "to")}
    if given["standard"] and given["standard"] not in standards():
        errors.add("standard", _("is not a standard: choose one from the list"))
    if given["channel"] and given["channel"] not in CHANNELS:
        errors.add("channel", _("must be one of %(choices)s", choices=", ".join(CHANNELS)))
    if given["severity"] and given["severity"] not in SEVERITIES:
        errors.add("severity", _("must be one of %(choices)s", choices=", ".join(SEVERITIES)))
    ids = {}
    for name in ("agent", "team"):
        text = given[name]
        if text and len(text) <= 10 and text.isascii() and text.isdigit() and int(text) <= MAX_ID:
            ids[name] = int(text)
        elif text:
            errors.add(name, _("must be a whole number"))
    if ids.get("agent") and ids["agent"] not in {u.id for u in reviewable_agents(actor)}:
        errors.add("agent", _("is not someone whose findings you review"))
    if actor.role != "admin":
        ids.pop("team", None)
    elif ids.get("team") and db.session.get(Team, ids["team"]) is None:
        errors.add("team", _("is not a team"))
    days = {}
    for name in ("from", "to"):
        if given[name]:
            try:
                days[name] = read_day(given[name])
            except DayOutOfRange:
                errors.add(name, _("is out of range"))
            except ValueError:
                errors.add(name, _("is not a date: write it as YYYY-MM-DD"))
    if "from" in days and "to" in days and days["to"] < days["from"]:
        errors.add("to", _("is before the From day"))
    errors.raise_if_any()
    tz = zones.zone(zone_name)

    def midnight(day) -> datetime:  # the start of a day on the reader's clock, in UTC
        return datetime.combine(day, datetime.min.time(), tz).astimezone(timezone.utc)

    return QueueFilters(
        standard=given["standard"], agent_id=ids.get("agent"), channel=given["channel"], severity=given["severity"],
        start=midnight(days["from"]) if "from" in days else None,
        end=midnight(days["to"] + timedelta(days=1)) if "to" in days else None, team_id=ids.get("team"))


def _scope(actor: User, team_id: Optional[int]):
    require_role(actor, "lead", "admin", why=_l("Only team leads and admins review findings."))
    if actor.role == "lead":
        if team_id not in (None, actor.team_id):
            raise Forbidden(_("A lead reviews their own team's findings."))
        # Not their own findings: an admin or another lead of the team decides those (decide()).
        return and_(Finding.team_id == actor.team_id,
                    or_(Finding.agent_id.is_(None), Finding.agent_id != actor.id))
    return Finding.team_id == team_id if team_id else None


def queue_page(actor: User, filters: QueueFilters = QueueFilters(), limit: int = 50,
               cursor: Optional[str] = None) -> pagination.Page:
    """Open enforced findings to review, time-based ones included: justified first, then by
    severity, then oldest first; a page at a time with the exact total."""
    stmt = select(Finding).where(Finding.status.in_(PENDING), Finding.mode == "enforce")
    scope = _scope(actor, filters.team_id)
    if scope is not None:
        stmt = stmt.where(scope)
    if filters.standard:
        stmt = stmt.where(Finding.standard == filters.standard)
    if filters.agent_id:
        stmt = stmt.where(Finding.agent_id == filters.agent_id)
    if filters.channel:
        stmt = stmt.where(Finding.channel == filters.channel)
    if filters.severity:
        stmt = stmt.where(Finding.severity == filters.severity)
    if filters.start:
        stmt = stmt.where(Finding.created_at >= filters.start)
    if filters.end:
        stmt = stmt.where(Finding.created_at < filters.end)
    severity_rank = case(_SEVERITY_RANK, value=Finding.severity, else_=len(SEVERITIES))
    order = [(case((Finding.status == "justified", 0), else_=1), False), (severity_rank, False),
             (Finding.created_at, False), (Finding.id, False)]
    return pagination.keyset_page(stmt, order, limit, cursor, scope=("review queue", filters))


def queue(actor: User, filters: QueueFilters = QueueFilters(), limit: int = 200) -> list[Finding]:
    """The first `limit` findings of the review queue, in its order."""
    return queue_page(actor, filters, limit, None).items


def queue_size(actor: User) -> int:
    stmt = select(func.count()).select_from(Finding).where(Finding.status.in_(PENDING), Finding.mode == "enforce")
    scope = _scope(actor, None)
    if scope is not None:
        stmt = stmt.where(scope)
    return db.session.scalar(stmt) or 0


def contact_times(findings: Sequence[Finding]) -> dict[int, datetime]:
    """When each finding's contact started, by interaction id (the queue shows the contact's time)."""
    ids = {f.interaction_id for f in findings if f.interaction_id}
    if not ids:
        return {}
    return dict(db.session.execute(
        select(Interaction.id, Interaction.started_at).where(Interaction.id.in_(ids))).all())


def reviewable_agents(actor: User) -> list[User]:
    """The people whose findings `actor` reviews, for the queue's filter: a lead's team, every team for an admin."""
    require_role(actor, "lead", "admin", why=_l("Only leads and admins review findings."))
    stmt = select(User).where(User.role.in_(("agent", "lead"))).order_by(User.name)
    if actor.role == "lead":
        stmt = stmt.where(User.team_id == actor.team_id)
    return list(db.session.scalars(stmt))


@dataclass
class FindingContext:
    """What a lead reads beside a finding: the contact, the customer, the contact's other findings, the case."""

    interaction: Optional[Interaction]
    customer: Optional[Customer]
    others: list[Finding]
    case: Optional[Case]


def contact_of(finding: Finding) -> Optional[Interaction]:
    """The contact the finding is about (None for a sweep's finding about a case or a promise)."""
    return db.session.get(Interaction, finding.interaction_id) if finding.interaction_id else None


def finding_context(finding: Finding) -> FindingContext:
    ix = contact_of(finding)
    others = list(db.session.scalars(select(Finding).where(Finding.interaction_id == ix.id, Finding.id != finding.id))) \
        if ix is not None else []
    return FindingContext(
        interaction=ix,
        customer=db.session.get(Customer, finding.customer_id) if finding.customer_id else None,
        others=others,
        case=db.session.get(Case, finding.case_id) if finding.case_id else None)


def get_finding(actor: User, finding_id: int) -> Finding:
    """A finding the actor may see: agents their own, leads their team's, admins all."""
    require_role(actor, "agent", "lead", "admin", why=_l("Department members do not see findings."))
    finding = db.session.get(Finding, finding_id)
    if finding is None or (actor.role == "agent" and finding.agent_id != actor.id) or (
            actor.role == "lead" and finding.team_id != actor.team_id):
        raise NotFound(_('No finding %(finding_id)s you can see.', finding_id=finding_id))
    return finding


def decide_one(actor: User, finding_id: int, decision: str, note: str = "") -> Finding:
    """One finding's decision. A finding decided already is a conflict with that decision (409), not a
    mistake in the request; the other reasons are decide()'s."""
    f = get_finding(actor, finding_id)
    require_role(actor, "lead", "admin", why=_l("Only team leads and admins review findings."))
    if f.mode == "enforce" and f.status not in PENDING:
        raise Conflict(_('Finding %(f_id)s was already reviewed (%(status)s).', f_id=f.id, status=label(f.status)))
    finding, = decide(actor, [f.id], decision, note)
    return finding


def decide(actor: User, finding_ids: Sequence[int], decision: str, note: str = "") -> list[Finding]:
    """Record one decision on one or more findings, all or none; coaching writes a note for the agent."""
    require_role(actor, "lead", "admin", why=_l("Only team leads and admins review findings."))
    errors = FieldErrors()
    note = (note or "").strip()
    if not decision:  # never a default: one stray click must not uphold a finding
        errors.add("decision", _('choose a decision: %(choices)s', choices=', '.join(label(d) for d in DECISIONS)))
    elif decision not in DECISIONS:
        errors.add("decision", _('must be one of %(choices)s', choices=', '.join(DECISIONS)))
    if decision == "coached" and not note:
        errors.add("note", _("a coaching decision needs the coaching note for the agent"))
    if len(note) > 10_000:
        errors.add("note", _("must be at most 10,000 characters"))
    if not finding_ids:
        errors.add("findings", _("choose at least one finding"))
    errors.raise_if_any()
    with write_transaction():
        findings = list(db.session.scalars(select(Finding).where(Finding.id.in_(set(finding_ids)))))
        found = {f.id for f in findings}
        for missing in sorted(set(finding_ids) - found):
            errors.add("findings", _('no finding %(missing)s', missing=missing))
        for f in findings:
            if actor.role == "lead" and f.team_id != actor.team_id:
                raise Forbidden(_('Finding %(f_id)s is not of your team.', f_id=f.id))
            if actor.role == "lead" and f.agent_id == actor.id:  # the chain climbs: agent → lead → admin
                raise Forbidden(_('Finding %(f_id)s is on your own contact: an admin or another lead of your '
                                  'team decides it.', f_id=f.id))
            if f.mode != "enforce":
                errors.add("findings", _('finding %(f_id)s is from a pilot rule; pilot findings are not reviewed', f_id=f.id))
            elif f.status not in PENDING:
                errors.add("findings", _('finding %(f_id)s was already reviewed (%(status)s)', f_id=f.id, status=label(f.status)))
            elif decision == "waived" and f.status != "justified":
                errors.add("decision", _('finding %(f_id)s has no justification to accept; uphold or dismiss it', f_id=f.id))
        errors.raise_if_any()
        now = utcnow()
        for f in findings:
            previous = f.status
            # A conditional UPDATE decides between concurrent reviews: only the one that finds the
            # status it read changes it; the others answer 409 (the session's copy may be stale).
            changed = db.session.execute(
                update(Finding).where(Finding.id == f.id, Finding.status == previous)
                .values(status=decision, reviewer_id=actor.id, review_note=note or None, reviewed_at=now)
                .execution_options(synchronize_session=False))
            if changed.rowcount != 1:
                status = db.session.scalar(select(Finding.status).where(Finding.id == f.id))
                raise Conflict(_('Finding %(f_id)s was already reviewed (%(status)s).', f_id=f.id, status=label(status)))
            for key, value in (("status", decision), ("reviewer_id", actor.id), ("review_note", note or None),
                               ("reviewed_at", now)):
                set_committed_value(f, key, value)
            rollups.record_review(f, decision, previous)
            audit.record(f"finding.{decision}", "finding", f.id, actor=actor, previous=previous, note=note)
            if decision == "coached" and f.agent_id:
                db.session.add(CoachingNote(finding_id=f.id, agent_id=f.agent_id, author_id=actor.id, note=note))
                notify(f.agent_id, "coaching", msg("%(name)s left you a coaching note on %(standard)s.",
                                                    name=actor.name, standard=_standard_named(f.standard)),
                       "/me")
    return findings


def _standard_named(code: str):
    """A standard as a notice names it: its title, read in the reader's language (its code when it is
    no installed standard's)."""
    from .policy import standards

    standard = standards().get(code)
    return msg(standard.title) if standard is not None else code


# --- coaching notes, seen by the agent ------------------------------------------------------

def coaching_notes(agent: User) -> list[CoachingNote]:
    return list(db.session.scalars(select(CoachingNote).where(CoachingNote.agent_id == agent.id)
                                   .order_by(CoachingNote.acknowledged_at.is_not(None), CoachingNote.created_at.desc())))


def acknowledge(agent: User, note_id: int) -> CoachingNote:
    with write_transaction():
        note = db.session.get(CoachingNote, note_id)
        if note is None or note.agent_id != agent.id:
            raise NotFound(_("No such coaching note."))
        if note.acknowledged_at is None:
            note.acknowledged_at = utcnow()
            audit.record("coaching.acknowledge", "coaching_note", note.id, actor=agent)
            notify(note.author_id, "coaching.acknowledged",
                   msg("%(name)s acknowledged your coaching note.", name=agent.name), None)
    return note


# --- escalation --------------------------------------------------------------------------------

def escalate(now: Optional[datetime] = None) -> int:
    """Climb the chain for critical findings left unreviewed too long: lead → admins (managers).

    Returns how many findings climbed. Each climbs once; the in-app notice reaches every admin.
    """
    now = now or utcnow()
    hours = float(current_app.config.get("CRM_ESCALATE_AFTER_HOURS", 24))
    due = now - timedelta(hours=hours)
    with write_transaction():
        stale = list(db.session.scalars(select(Finding).where(
            Finding.severity == "critical", Finding.mode == "enforce", Finding.status.in_(PENDING),
            Finding.escalation_level == 0, Finding.created_at <= due)))
        if not stale:
            return 0
        admins = list(db.session.scalars(select(User).where(User.role == "admin", User.active.is_(True))))
        from ..config import base_url

        base = base_url()
        for f in stale:
            f.escalation_level, f.escalated_at = 1, now
            audit.record("finding.escalate", "finding", f.id, actor_label="system", level=1)
            waited = "%g" % hours
            message = msg("Critical finding %(id)s (%(standard)s) has waited over %(hours)s h for its team lead.",
                          id=f.id, standard=_standard_named(f.standard), hours=waited)
            for admin in admins:
                notify(admin.id, "escalation", message, f"/review/findings/{f.id}")
                # Also by e-mail when a mail server is set: an escalation must not wait for a login.
                t = translator(admin.locale or default_locale())
                enqueue_email(admin.email, "finding.escalated",
                              t.gettext("Escalated: critical finding %(id)s", id=f.id),
                              f"{message.render(t.locale, zones.zone_name_of(admin))}\n\n{base}/review/findings/{f.id}",
                              f"escalation-{f.id}")
    return len(stale)


# --- the agent's own standing ------------------------------------------------------------------

def agent_standing(agent: User, days: int = 30) -> dict:
    """The agent's compliance per standard and their personal targets over the last `days` days."""
    from ..models import Survey

    # The same "last N days" as the dashboards: today and the N - 1 days before it.
    since = utcnow().date() - timedelta(days=days - 1)
    since_at = datetime.combine(since, datetime.min.time(), tzinfo=timezone.utc)
    rows = sorted((r.standard, r.checked, r.flagged) for r in rollups.compliance_sums(
        lambda model: [model.agent_id == agent.id, model.day >= since], ("standard",)) if r.mode == "enforce")
    per_standard = [{"standard": s, "checked": c, "flagged": f,
                     "rate": round(100.0 * (1 - f / c), 1) if c else None} for s, c, f in rows]
    checked = sum(r["checked"] for r in per_standard)
    flagged = sum(r["flagged"] for r in per_standard)
    answered = db.session.execute(
        select(func.count(), func.sum(case((Survey.score >= 4, 1), else_=0)))
        .where(Survey.agent_id == agent.id, Survey.answered_at.is_not(None),
               Survey.answered_at >= since_at)).one()
    reviewed = db.session.execute(
        select(Finding.interaction_id, func.sum(case((Finding.status.in_(("upheld", "coached")), 1), else_=0)))
        .where(Finding.agent_id == agent.id, Finding.mode == "enforce", Finding.interaction_id.is_not(None),
               Finding.status.not_in(PENDING), Finding.created_at >= since_at)
        .group_by(Finding.interaction_id)).all()
    targets = [
        _target(_("Compliance with the standards"), 95.0,
                round(100.0 * (1 - flagged / checked), 1) if checked else None,
                ngettext("%(num)s check", "%(num)s checks", checked)),
        _target(_("Satisfied customers (CSAT 4–5 of 5)"), 90.0,
                round(100.0 * (answered[1] or 0) / answered[0], 1) if answered[0] else None,
                ngettext("%(num)s answer", "%(num)s answers", answered[0] or 0)),
        _target(_("Reviewed contacts with no upheld finding"), 95.0,
                round(100.0 * sum(1 for _row, n in reviewed if not n) / len(reviewed), 1) if reviewed else None,
                ngettext("%(num)s reviewed contact", "%(num)s reviewed contacts", len(reviewed))),
    ]
    return {"days": days, "per_standard": per_standard, "targets": targets}


def _target(label: str, goal: float, value: Optional[float], basis: str) -> dict:
    return {"label": label, "goal": goal, "value": value, "basis": basis,
            "met": None if value is None else value >= goal}
