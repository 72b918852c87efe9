"""Working cases: lists by owner, team and status, assignment, status and priority, closing and
reopening, and promised follow-ups marked kept. Every change is audited."""
from __future__ import annotations

from flask_babel import gettext as _
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator, ConfigDict, Field, PlainValidator

from sqlalchemy import and_, exists, func, or_, select, update
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..database import write_transaction
from ..extensions import db
from ..models import CASE_PRIORITIES, CASE_STATUSES, WRITTEN_CHANNELS, AuditEvent, Case, Customer, Interaction, Team, User
from ..models.base import utcnow
from . import audit, pagination, zones
from .access import require_customer_access
from .errors import Conflict, FieldErrors, Forbidden, InvalidInput, NotFound
from .validation import (MAX_ID, TEXT_PARAMETER, Input, Parameter, Text, Whole, blank_none, clean_text, or_default, read_text, refuse,
                         text_problem)

MAX_REF = 254  # a filter's reference to a user (an e-mail address at most) or a team

OPEN_STATUSES = ("open", "pending")  # work still to do
MAX_SUBJECT = 200
MAX_NOTE = 10_000
DEFAULT_FIRST_REPLY_HOURS = 24
CASE_ROLES = ("agent", "lead", "admin")


# --- who sees which case -----------------------------------------------------------------------

def _scope(actor: User):
    """The cases a person may work: agents and leads their team's (and their own), admins all."""
    require_customer_access(actor)
    if actor.role == "admin":
        return None
    mine = Case.owner_id == actor.id
    return or_(Case.team_id == actor.team_id, mine) if actor.team_id is not None else mine


def _may_work(actor: User, case: Case) -> bool:
    if actor.role == "admin":
        return True
    return case.owner_id == actor.id or (actor.team_id is not None and case.team_id == actor.team_id)


def get_case(actor: User, case_id: int) -> Case:
    """The case, if this person may work it: 404 when there is none, 403 when it is another team's."""
    require_customer_access(actor)
    case = db.session.get(Case, case_id) if 1 <= case_id <= MAX_ID else None
    if case is None:
        raise NotFound(_('No case %(case_id)s.', case_id=case_id))
    if not _may_work(actor, case):
        raise Forbidden(_("This case belongs to another team."))
    return case


# --- overdue -------------------------------------------------------------------------------------

# --- the case's clock ------------------------------------------------------------------------------

SYNCHRONOUS_CHANNELS = ("phone", "chat", "in_person")  # a contact on these answers as it happens


def cases_to_log_on(customer_id: int) -> list[Case]:
    """The customer's cases a contact may be filed on, newest first: every one but the closed ones (a
    contact on a resolved case is filed on it, and reopens it when it promises more; a closed case is
    final until someone reopens it, so a contact naming it opens a new case when it warrants one)."""
    return list(db.session.scalars(select(Case).where(Case.customer_id == customer_id, Case.status != "closed")
                                   .order_by(Case.opened_at.desc())))


def is_closed_case_of(customer_id: int, case_id: int) -> bool:
    """Whether `case_id` is a closed case of this customer (what the log form warns about)."""
    return bool(1 <= case_id <= MAX_ID and db.session.scalar(select(Case.id).where(
        Case.id == case_id, Case.customer_id == customer_id, Case.status == "closed")))


def opens_case(direction: str, channel: str, outcome: str) -> bool:
    """A written inquiry or a promised next step is open work, tracked as a case."""
    written_inquiry = direction == "inbound" and channel in WRITTEN_CHANNELS
    return written_inquiry or outcome in ("follow_up", "escalated")


def audit_case_opened(case: Case, actor: User) -> None:
    """A case a logged contact opened goes on the trail like one opened by hand."""
    audit.write("case.opened", "case", case.id, actor, customer_id=case.customer_id, subject=case.subject,
                priority=case.priority or "normal", owner=actor.name)


def audit_case_status(case: Case, was: str, actor: User) -> None:
    """A status a logged contact changed (resolved, or reopened) is audited like a change by hand."""
    if case.status != was:
        audit.write("case.updated", "case", case.id, actor, customer_id=case.customer_id,
                    changes={"status": [was, case.status]})


def advance_clock(case: Case, ix: Interaction) -> None:
    """Keep the case's clock true to the contact just logged: the first reply and the last update
    (a contact that answers: outbound, or on a live channel), the follow-up after resolving, and the
    status the contact's outcome resolves or reopens."""
    answers = ix.direction == "outbound" or ix.channel in SYNCHRONOUS_CHANNELS
    if answers:
        if case.first_reply_at is None:
            case.first_reply_at = ix.started_at
        if case.last_update_at is None or ix.started_at > case.last_update_at:
            case.last_update_at = ix.started_at
    if case.status == "resolved" and case.resolved_at and ix.started_at >= case.resolved_at:
        if case.followed_up_at is None:
            case.followed_up_at = ix.started_at
    if ix.outcome == "resolved" and case.status != "resolved":
        case.status = "resolved"
        case.resolved_at = ix.ended_at or ix.started_at
        case.followed_up_at = None
    elif ix.outcome in ("follow_up", "escalated") and case.status == "resolved":
        case.status, case.resolved_at, case.followed_up_at = "open", None, None


def first_reply_hours() -> int:
    """Hours a written inquiry may wait for its first reply: the policy's rule (any team's, read
    through `Standard.targets`), else 24."""
    from .policy import target_value

    return target_value("first_reply_hours", every_team=True) or DEFAULT_FIRST_REPLY_HOURS


def overdue_condition(now: datetime, reply_hours: int):
    """Open work late on a promise: a follow-up promised on the case is past due and not kept, or
    an inquiry has waited longer than the first-reply standard allows without an answer."""
    promise_late = exists().where(
        Interaction.case_id == Case.id, Interaction.follow_up_due < now, Interaction.follow_up_done_at.is_(None))
    unanswered = and_(Case.status == "open", Case.first_reply_at.is_(None),
                      Case.opened_at < now - timedelta(hours=reply_hours))
    return and_(Case.status.in_(OPEN_STATUSES), or_(promise_late, unanswered))


# --- lists -------------------------------------------------------------------------------------

def read_flag(value: Any) -> Optional[bool]:
    """true or false as a query string or a form writes it (blank: either)."""
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in ("true", "1", "yes", "on"):
        return True
    if text in ("false", "0", "no", "off"):
        return False
    raise refuse(_("must be true or false"))


def read_customer_ref(value: Any) -> Optional[int]:
    """A customer's id as a query string writes it (blank: any customer)."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ID:
        return value
    text = read_text(value) if not isinstance(value, int) else str(value)
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{1,10}", text) or not 1 <= int(text) <= MAX_ID:
        raise refuse(_("must be a customer id"))
    return int(text)


class CaseFilters(Input):
    """The filters of GET /api/v1/cases and of the case list page, typed; blank is no filter."""

    model_config = ConfigDict(extra="ignore")  # a query string carries more (cursor, limit)

    # one of CASE_STATUSES, or "active" (open or pending)
    status: Parameter(Annotated[Optional[Literal[("active", *CASE_STATUSES)]], BeforeValidator(blank_none)],
                      "Only cases in this status; `active` is open or pending.") = None
    owner: Parameter(Text(MAX_REF), "Only this owner's cases: a user id, an e-mail, or `me`.", TEXT_PARAMETER) = None
    team: Parameter(Text(MAX_REF), "Only this team's cases (name or id).", TEXT_PARAMETER) = None
    customer: Parameter(Annotated[Optional[int], PlainValidator(read_customer_ref)],
                        "Only this customer's cases (id).", TEXT_PARAMETER) = None
    overdue: Parameter(Annotated[Optional[bool], PlainValidator(read_flag)],
                       "true: only open or pending cases with a promised follow-up past due, or an inquiry unanswered "
                       "beyond the first-reply standard; false: the others.", {"type": "boolean"}) = None


def _user_id(ref: str, actor: User) -> Optional[int]:
    if ref == "me":
        return actor.id
    if re.fullmatch(r"[0-9]{1,10}", ref):
        number = int(ref)
        return number if 1 <= number <= MAX_ID and db.session.get(User, number) is not None else None
    return db.session.scalar(select(User.id).where(User.email == ref.casefold()[:254]))


def _team_id(ref: str) -> Optional[int]:
    if re.fullmatch(r"[0-9]{1,10}", ref):
        number = int(ref)
        return number if 1 <= number <= MAX_ID and db.session.get(Team, number) is not None else None
    return db.session.scalar(select(Team.id).where(func.lower(Team.name) == ref.lower()[:120]))


def check_case_filters(actor: User, filters: CaseFilters) -> tuple[Optional[int], Optional[int]]:
    """The owner's and team's ids the filters name (None: any); InvalidInput naming each one not found.
    Reads `owner` and `team` only, so it also judges values as sent (Input.as_sent)."""
    errors = FieldErrors()
    owner_id = team_id = None
    owner, team = (v.strip() if isinstance(v, str) and not text_problem(v) else None
                   for v in (filters.owner, filters.team))
    if owner:
        owner_id = _user_id(owner, actor)
        if owner_id is None:
            errors.add("owner", _('no user %(value)r', value=owner[:80]))
    if team:
        team_id = _team_id(team)
        if team_id is None:
            errors.add("team", _('no team %(value)r', value=team[:80]))
    errors.raise_if_any()
    if team_id is not None and actor.role != "admin" and team_id != actor.team_id:
        # Refused as the reports and the review queue refuse it, not answered with an empty list.
        raise Forbidden(_("You see the cases of your own team only."))
    return owner_id, team_id


def list_cases(actor: User, filters: CaseFilters, limit: int = 50, cursor: Optional[str] = None,
               now: Optional[datetime] = None, count_only: bool = False) -> pagination.Page:
    """The cases this person may work, filtered, newest first, with the exact total."""
    stmt = select(Case).options(joinedload(Case.owner), joinedload(Case.customer))
    scope = _scope(actor)
    if scope is not None:
        stmt = stmt.where(scope)
    owner_id, team_id = check_case_filters(actor, filters)
    if filters.status == "active":
        stmt = stmt.where(Case.status.in_(OPEN_STATUSES))
    elif filters.status:
        stmt = stmt.where(Case.status == filters.status)
    if filters.owner:
        stmt = stmt.where(Case.owner_id == owner_id)
    if filters.team:
        stmt = stmt.where(Case.team_id == team_id)
    if filters.customer is not None:
        stmt = stmt.where(Case.customer_id == filters.customer)
    if filters.overdue is not None:
        condition = overdue_condition(now or utcnow(), first_reply_hours())
        stmt = stmt.where(condition if filters.overdue else ~condition)
    if count_only:
        return pagination.Page([], None, pagination.count_rows(stmt))
    return pagination.keyset_page(stmt, [(Case.opened_at, True), (Case.id, True)], limit, cursor,
                                  scope=("cases", filters))


def count_cases(actor: User, filters: CaseFilters) -> int:
    """How many cases a list's filters match (a tab's number), without fetching any."""
    return list_cases(actor, filters, limit=1, count_only=True).total


def overdue_case_ids(case_ids: list[int], now: Optional[datetime] = None) -> set[int]:
    """Which of these cases are overdue, for marking them in a list."""
    if not case_ids:
        return set()
    condition = overdue_condition(now or utcnow(), first_reply_hours())
    return set(db.session.scalars(select(Case.id).where(Case.id.in_(case_ids), condition)))


# --- changes -----------------------------------------------------------------------------------

def possible_owners(actor: User, team_id: Optional[int] = None) -> list[User]:
    """Who a case can go to: the team's active agents and leads (everyone for an admin), and the actor."""
    require_customer_access(actor)
    stmt = select(User).where(User.active.is_(True), User.role.in_(CASE_ROLES)).order_by(User.name)
    if actor.role != "admin":
        stmt = stmt.where(User.team_id == (team_id if team_id is not None else actor.team_id))
    people = list(db.session.scalars(stmt))
    if actor not in people:
        people.insert(0, actor)
    return people


def _owner(ref: Any, errors: FieldErrors, field: str = "owner_id") -> Optional[User]:
    """The active agent, lead or admin an owner id names; None (with a reason) otherwise."""
    if isinstance(ref, str) and re.fullmatch(r"\s*[0-9]{1,10}\s*", ref):
        ref = int(ref)
    if isinstance(ref, bool) or not isinstance(ref, int) or not 1 <= ref <= MAX_ID:
        errors.add(field, _("must be a user id"))
        return None
    user = db.session.get(User, ref)
    if user is None or not user.active or user.role not in CASE_ROLES:
        errors.add(field, _("is not an active agent, lead or admin"))
        return None
    return user


def _check_owner_team(actor: User, owner: User, team_id: Optional[int], errors: FieldErrors,
                      field: str = "owner_id") -> None:
    """Agents and leads hand cases around inside their team; an admin assigns anyone."""
    if actor.role == "admin" or owner.id == actor.id:
        return
    if owner.team_id is None or owner.team_id != (team_id if team_id is not None else actor.team_id):
        errors.add(field, _("is not in the case's team"))


class CaseInput(Input):
    """POST /api/v1/cases and the "open a case" form. Unknown keys are refused."""

    customer_id: Whole(1)
    subject: Annotated[str, BeforeValidator(read_text), Field(min_length=1, max_length=MAX_SUBJECT)]
    priority: Annotated[Optional[Literal[CASE_PRIORITIES]], BeforeValidator(or_default("normal"))] = \
        Field("normal", description="null or left out: normal.")
    owner_id: Optional[Whole(1)] = Field(
        None, description="null or left out: the caller. Agents and leads assign within their team.")


def check_new_case(actor: User, data: CaseInput):
    """Every reason a new case cannot be opened, at once; else (customer, subject, priority, owner)."""
    require_customer_access(actor)
    errors = FieldErrors()
    customer = db.session.get(Customer, data.customer_id)
    if customer is None or customer.erased_at is not None:  # 404, as logging a contact answers it
        raise NotFound(_('No customer %(customer_id)s.', customer_id=data.customer_id),
                       {"customer_id": ["no such customer"]})
    if customer.merged_into_id:
        from .customers import resolve_merged

        customer = resolve_merged(customer)
    subject, priority = data.subject, data.priority
    owner = actor
    if data.owner_id is not None:
        owner = _owner(data.owner_id, errors) or actor
        if "owner_id" not in errors.fields:
            _check_owner_team(actor, owner, actor.team_id, errors)
    errors.raise_if_any()
    return customer, subject, priority, owner


def create_case(actor: User, data: CaseInput) -> Case:
    """Open a case by hand for a customer; the actor owns it unless an owner is named."""
    customer, subject, priority, owner = check_new_case(actor, data)
    now = utcnow()
    from .customers import hold_customer
    with write_transaction():
        hold_customer(customer.id)  # not re-opening the history of a customer erased meanwhile
        case = Case(customer_id=customer.id, subject=subject, priority=priority, status="open",
                    owner_id=owner.id, team_id=owner.team_id if owner.team_id is not None else actor.team_id,
                    opened_at=now, channel=None)
        db.session.add(case)
        db.session.flush()
        audit.record("case.opened", "case", case.id, actor, customer_id=customer.id, subject=subject,
                     priority=priority, owner=owner.name)
    return case


CASE_CHANGE_FIELDS = ("status", "owner_id", "priority", "note")


def check_case_changes(actor: User, case_id: int, changes: dict):
    """Every reason `changes` cannot be made to the case, at once; else (case, note, status, priority, owner)."""
    case = get_case(actor, case_id)
    errors = FieldErrors()
    for key in changes:
        if key not in CASE_CHANGE_FIELDS:
            errors.add(key, _('is not a field of this request (expected one of %(choices)s)', choices=', '.join(CASE_CHANGE_FIELDS)))
    note = None
    if "note" in changes:
        note = clean_text(changes["note"], "note", errors, MAX_NOTE)
    status = changes.get("status")
    if "status" in changes and status not in CASE_STATUSES:
        errors.add("status", _('must be one of %(choices)s', choices=', '.join(CASE_STATUSES)))
        status = None
    if status == "closed" and not note and "note" not in errors.fields \
            and not (case.status == "closed"):
        errors.add("note", _("is required to close a case: say how it was resolved"))
    priority = changes.get("priority")
    if "priority" in changes and priority not in CASE_PRIORITIES:
        errors.add("priority", _('must be one of %(choices)s', choices=', '.join(CASE_PRIORITIES)))
        priority = None
    owner = None
    if "owner_id" in changes:
        owner = _owner(changes["owner_id"], errors)
        if owner is not None:
            _check_owner_team(actor, owner, case.team_id, errors)
    errors.raise_if_any()
    return case, note, status, priority, owner


def update_case(actor: User, case_id: int, changes: dict) -> Case:
    """Change a case's status, owner or priority, or add a note; each change is audited from → to.

    Closing needs a resolution note (the `note`); reopening a resolved or closed case clears its
    resolution. A change to nothing at all is not an error, and writes nothing.
    """
    case, note, status, priority, owner = check_case_changes(actor, case_id, changes)

    now = utcnow()
    diff: dict[str, list] = {}
    with write_transaction():
        case = db.session.get(Case, case_id)
        if status and status != case.status:
            diff["status"] = [case.status, status]
            if status in OPEN_STATUSES and case.status in ("resolved", "closed"):  # reopened
                case.resolved_at = case.closed_at = case.followed_up_at = None
                if case.resolution:
                    diff["resolution"] = [case.resolution, None]
                case.resolution = None
            if status in ("resolved", "closed"):
                if case.resolved_at is None:
                    case.resolved_at = now
                    case.followed_up_at = None
                if note:
                    diff["resolution"] = [case.resolution, note]
                    case.resolution = note
            if status == "closed":
                case.closed_at = now
            elif status != "closed":
                case.closed_at = None
            case.status = status
        if priority and priority != case.priority:
            diff["priority"] = [case.priority, priority]
            case.priority = priority
        if owner is not None and owner.id != case.owner_id:
            diff["owner"] = [case.owner.name if case.owner else None, owner.name]
            case.owner_id = owner.id
            if case.team_id is None:
                case.team_id = owner.team_id
        if diff or note:
            audit.record("case.updated", "case", case.id, actor, customer_id=case.customer_id,
                         changes=diff, **({"note": note} if note else {}))
    db.session.refresh(case)
    return case


def history(case: Case, limit: int = 100) -> list[AuditEvent]:
    """The case's audited changes, newest first."""
    return list(db.session.scalars(
        select(AuditEvent).where(AuditEvent.entity == "case", AuditEvent.entity_id == case.id)
        .options(joinedload(AuditEvent.actor)).order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


def interactions_of(case: Case) -> list[Interaction]:
    return list(db.session.scalars(
        select(Interaction).where(Interaction.case_id == case.id)
        .options(joinedload(Interaction.agent)).order_by(Interaction.started_at.desc(), Interaction.id.desc())))


def customer_case_events(customer_id: int, newer_than: Optional[datetime] = None,
                         older_than: Optional[datetime] = None, limit: int = 50) -> list[AuditEvent]:
    """The audited case changes and kept follow-ups of a customer within a span, for the timeline."""
    stmt = select(AuditEvent).where(
        AuditEvent.entity.in_(("case", "interaction")),
        AuditEvent.action.in_(("case.opened", "case.updated", "follow_up.kept")),
        AuditEvent.entity_id.is_not(None),
        or_(and_(AuditEvent.entity == "case",
                 AuditEvent.entity_id.in_(select(Case.id).where(Case.customer_id == customer_id))),
            and_(AuditEvent.entity == "interaction",
                 AuditEvent.entity_id.in_(select(Interaction.id).where(Interaction.customer_id == customer_id)))))
    if newer_than is not None:
        stmt = stmt.where(AuditEvent.at >= newer_than)
    if older_than is not None:
        stmt = stmt.where(AuditEvent.at < older_than)
    return list(db.session.scalars(stmt.options(joinedload(AuditEvent.actor))
                                   .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(limit)))


# --- follow-ups ----------------------------------------------------------------------------------

def mark_follow_up_done(actor: User, interaction_id: int, note: Any = None) -> Interaction:
    """Mark the follow-up promised on a contact as kept, now.

    The sweep's callback standard reads the same field: kept by its due time, no finding; kept
    late, a finding that says how late. Agents and leads mark their team's promises, admins any.
    """
    require_customer_access(actor)
    errors = FieldErrors()
    note = clean_text(note, "note", errors, MAX_NOTE)
    errors.raise_if_any()
    ix = db.session.get(Interaction, interaction_id) if 1 <= interaction_id <= MAX_ID else None
    if ix is None:
        raise NotFound(_('No interaction %(interaction_id)s.', interaction_id=interaction_id))
    if actor.role != "admin" and ix.agent_id != actor.id and (actor.team_id is None or ix.team_id != actor.team_id):
        raise Forbidden(_("This follow-up was promised by another team."))
    if ix.follow_up_due is None:
        raise InvalidInput({"follow_up_due": [_("no follow-up was promised on this contact")]},
                           _("No follow-up was promised on this contact."))
    if ix.follow_up_done_at is not None:
        raise Conflict(_('This follow-up was already kept on %(follow_up_done_at)s.',
                         follow_up_done_at=zones.reader_time(_aware(ix.follow_up_done_at))))
    now = utcnow()
    with write_transaction():
        # One conditional UPDATE decides between concurrent requests (the session's copy may be stale).
        kept = db.session.execute(
            update(Interaction).where(Interaction.id == interaction_id, Interaction.follow_up_done_at.is_(None))
            .values(follow_up_done_at=now).execution_options(synchronize_session=False))
        if kept.rowcount != 1:  # another request got there first
            raise Conflict(_("This follow-up was already kept."))
        set_committed_value(ix, "follow_up_done_at", now)
        late = now > _aware(ix.follow_up_due)
        audit.record("follow_up.kept", "interaction", ix.id, actor, customer_id=ix.customer_id,
                     case_id=ix.case_id, due=_aware(ix.follow_up_due).isoformat(), late=late,
                     **({"note": note} if note else {}))
    db.session.refresh(ix)
    return ix


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)


# --- the agent's home ----------------------------------------------------------------------------

@dataclass
class OverdueGroup:
    """Overdue promises to one customer, shown as one line that links to the work: the case when
    they all belong to one, else the customer's page."""

    customer_id: int
    customer_name: str
    case_id: Optional[int]
    count: int
    oldest_due: datetime
    summary: str


def overdue_work(actor: User, now: Optional[datetime] = None, limit: int = 50):
    """The agent's overdue follow-ups grouped by customer, and their overdue cases.

    Returns (groups, total overdue promises, cases, total overdue cases).
    """
    now = now or utcnow()
    late = (Interaction.agent_id == actor.id, Interaction.follow_up_due < now,
            Interaction.follow_up_done_at.is_(None))
    grouped = db.session.execute(
        select(Interaction.customer_id, func.count(), func.min(Interaction.follow_up_due), func.min(Interaction.id),
               func.count(func.distinct(Interaction.case_id)), func.min(Interaction.case_id),
               func.count(Interaction.case_id))
        .where(*late).group_by(Interaction.customer_id)
        .order_by(func.min(Interaction.follow_up_due)).limit(limit)).all()
    promises = db.session.scalar(select(func.count()).select_from(Interaction).where(*late)) or 0
    names = {}
    summaries = {}
    if grouped:
        names = dict(db.session.execute(select(Customer.id, Customer.name)
                                        .where(Customer.id.in_({g[0] for g in grouped}))).all())
        summaries = dict(db.session.execute(select(Interaction.id, Interaction.summary)
                                            .where(Interaction.id.in_({g[3] for g in grouped}))).all())
    groups = []
    for customer_id, count, oldest, first_id, cases, some_case, on_cases in grouped:
        one_case = some_case if cases == 1 and on_cases == count else None
        groups.append(OverdueGroup(customer_id, names.get(customer_id, f"Customer {customer_id}"), one_case,
                                   count, _aware(oldest), summaries.get(first_id) or ""))
    cases_page = list_cases(actor, CaseFilters(owner="me", overdue="true"), limit=20, now=now)
    return groups, promises, cases_page.items, cases_page.total
