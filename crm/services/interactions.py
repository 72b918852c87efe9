"""Logging an interaction: validate, check against the policy, store everything at once."""
from __future__ import annotations

from flask_babel import gettext as _
import hashlib
import json
import logging
from collections import namedtuple
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, Optional

from flask import current_app
from pydantic import AfterValidator, BeforeValidator, Field, PlainValidator, StrictBool, WithJsonSchema
from pydantic_core import PydanticCustomError
from sqlalchemy import Integer, bindparam, func, inspect, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.attributes import set_committed_value

from ..constraints import CHANNELS, LANGUAGE_CODES, LANGUAGE_TAG_PATTERN, MAX_FEEDBACK_ITEMS, MAX_HOLDS, MAX_TRANSFERS
from ..i18n import stored_message
from ..database import Direct, attach, attach_inserted, detached, write_transaction
from ..extensions import db
from ..models import (DIRECTIONS, FEEDBACK_CATEGORIES, OUTCOMES, Case, Customer, Feedback,
                      Finding, Interaction, PolicyVersion, Survey, Team, User)
from ..models.base import utcnow
from ..standards.base import CheckContext, Hold, InteractionFacts, Transfer
from . import pagination
from .access import require_customer_access, visible_findings
from .cases import advance_clock, audit_case_opened, audit_case_status, opens_case
from .errors import FieldErrors, InvalidInput, NotFound
from .calls import MAX_CALL_ID
from .validation import (MAX_ID, Due, Input, Part, Text, Time, UserRef, Whole, blank_none, clean_text, list_of_objects,
                         or_default, read_aware_time, read_text, refuse, text_problem)
from . import rollups, surveys
from . import routing
from .routing import FEEDBACK_SOURCES
from .policy import Result, applicable, evaluate, policy_in_force, standards, version_mark_columns

log = logging.getLogger(__name__)

MAX_TEXT = 100_000
FUTURE_GRACE = timedelta(minutes=5)
MAX_SHORT_TEXT = 200  # a feedback's product (its column's length), a transfer's target
MAX_LANGUAGE = 8  # the language column's length
MAX_AMOUNT = Decimal("9999999999.99")  # Numeric(12, 2)


def _amount(value: Any) -> Optional[Decimal]:
    """A non-negative amount of at most Numeric(12, 2), from a number or its text ("120.50")."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
            raise InvalidOperation
        amount = Decimal(str(value).strip())
        if not amount.is_finite() or amount < 0:
            raise InvalidOperation
    except (InvalidOperation, ValueError):
        # The API's form of a number; the log form reads the reader's own (crm/web/helpers.typed_amount).
        raise refuse(_("must be a non-negative amount, e.g. %(example)s", example="120.50")) from None
    if amount > MAX_AMOUNT:  # before rounding: 1e308 has too many digits to round to cents
        raise refuse(_('must be at most %(MAX_AMOUNT)s', MAX_AMOUNT=MAX_AMOUNT))
    return amount.quantize(Decimal("0.01"))


def _reasons(value: Any) -> dict[str, str]:
    """Standard code → the agent's reason for departing from it."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise refuse(_("must map standard codes to reasons"))
    known = standards()
    unknown = [code for code in value if code not in known]
    if unknown:
        raise refuse("; ".join(_('%(code)r is not a known standard', code=code) for code in unknown))
    reasons = {}
    for code, reason in value.items():
        try:
            text = read_text(reason)
            if text is not None and len(text) > MAX_TEXT:
                raise refuse(_('must be at most %(max_length)s characters', max_length=MAX_TEXT))
        except PydanticCustomError as exc:
            raise refuse(_('the reason for %(code)s %(problem)s', code=code, problem=exc.context["reason"])) from None
        if text is None:
            raise refuse(_('the reason for %(code)s %(problem)s', code=code, problem=_("must be text")))
        reasons[code] = text
    return reasons


class HoldInput(Part):
    seconds: Whole()
    apologized: StrictBool = False


class TransferInput(Part):
    type: Annotated[Literal["warm", "cold"], BeforeValidator(blank_none)]
    to: Text(MAX_SHORT_TEXT) = None


class FeedbackInput(Part):
    category: Annotated[Literal[FEEDBACK_CATEGORIES], BeforeValidator(blank_none)]
    text: Annotated[str, BeforeValidator(read_text)]
    product: Text(MAX_SHORT_TEXT) = None
    source: Annotated[Literal[FEEDBACK_SOURCES], BeforeValidator(or_default("agent"))] = Field(
        "agent", description="classifier: a suggestion the agent confirmed.")


def _supported_language(tag: Optional[str]) -> Optional[str]:
    """A tag in a language the standards and the classifier read ("ms", "ms-MY"), lower-cased."""
    if not tag:
        return tag
    tag = tag.lower()
    if tag.replace("_", "-").split("-")[0] not in LANGUAGE_CODES:
        raise refuse(_("is not a supported language: use one of %(codes)s", codes=", ".join(LANGUAGE_CODES)))
    return tag


class InteractionInput(Input):
    """Every field of POST /api/v1/interactions; the web form fills the same. Unknown keys are refused."""

    customer_id: Whole(1)
    channel: Annotated[Literal[CHANNELS], BeforeValidator(blank_none)] = "phone"
    direction: Annotated[Literal[DIRECTIONS], BeforeValidator(blank_none)] = "inbound"
    started_at: Time("Default (null or blank): now. Without an offset, refused.") = None
    ended_at: Time() = None
    queue_wait_seconds: Optional[Whole()] = None
    holds: Annotated[Optional[list[HoldInput]], BeforeValidator(list_of_objects), Field(max_length=MAX_HOLDS)] = []
    transfers: Annotated[Optional[list[TransferInput]], BeforeValidator(list_of_objects),
                         Field(max_length=MAX_TRANSFERS)] = []
    summary: Text(MAX_TEXT) = None
    transcript: Text(MAX_TEXT) = None
    language: Annotated[Text(MAX_LANGUAGE), AfterValidator(_supported_language), WithJsonSchema(
        {"type": ["string", "null"], "maxLength": MAX_LANGUAGE, "pattern": LANGUAGE_TAG_PATTERN,
         "description": "A language tag whose language is one of " + ", ".join(LANGUAGE_CODES)
                        + " (a region may follow: ms-MY)."})] = None
    outcome: Annotated[Optional[Literal[OUTCOMES]], BeforeValidator(blank_none)] = None
    follow_up_due: Due("When the promised follow-up is due: a time with an offset, or a day (YYYY-MM-DD), due at "
                       "23:59:59 that day in the organisation's time zone (CRM_TIMEZONE).") = None
    case_id: Optional[Whole(1)] = None
    amount: Annotated[Optional[Decimal], PlainValidator(_amount), WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string"}, {"type": "null"}],
         "description": "Non-negative, e.g. 120.50."})] = None
    approved_by: UserRef("A user's id or e-mail.") = None
    justifications: Annotated[dict[str, str], PlainValidator(_reasons), WithJsonSchema(
        {"anyOf": [{"type": "object", "additionalProperties": {"type": "string"}}, {"type": "null"}],
         "description": "Standard code → the agent's reason; makes that finding `justified`."})] = {}
    feedback: Annotated[Optional[list[FeedbackInput]], BeforeValidator(list_of_objects),
                        Field(max_length=MAX_FEEDBACK_ITEMS)] = []
    call_id: Text(MAX_CALL_ID, "A call the phone system reported (POST /api/v1/calls/events): its measured "
                  "queue wait, holds and transfers are stored and judged; typed values that disagree are "
                  "kept in the findings' evidence under `typed`.") = None


@dataclass
class Logged:
    interaction: Interaction
    findings: list[Finding]
    feedback: list[Feedback]
    replayed: bool = False  # the same idempotency key logged this contact before


def parse_time(value: Any, errors: FieldErrors, name: str) -> Optional[datetime]:
    """An aware time (see validation.read_aware_time), or None with the reason added to `errors`."""
    try:
        return read_aware_time(value)
    except PydanticCustomError as exc:
        errors.add(name, exc.context["reason"])
        return None


@dataclass
class _Clean:
    customer_id: int
    channel: str
    direction: str
    started_at: datetime
    ended_at: Optional[datetime]
    queue_wait_seconds: Optional[int]
    holds: list[dict]
    transfers: list[dict]
    summary: str
    transcript: str
    language: Optional[str]
    outcome: Optional[str]
    follow_up_due: Optional[datetime]
    case_id: Optional[int]
    amount: Optional[Decimal]
    approved_by: Any
    justifications: dict[str, str]
    feedback: list[dict]
    call_id: Optional[str] = None


EARLIEST_START = datetime(2000, 1, 1, tzinfo=timezone.utc)  # a start before it is a typo (docs/api.md)


def time_problems(started: Optional[datetime], ended: Optional[datetime], holds: list,
                  now: Optional[datetime] = None) -> dict[str, list[str]]:
    """What is wrong with a contact's times, by field: an end before the start, a time in the future,
    a hold, or all holds together, longer than the contact when both its start and end are given.
    Values that could not be read are passed as None (or a hold as None) and skipped, so a form can tell these with its other
    errors in one answer."""
    errors = FieldErrors()
    now = now or datetime.now(timezone.utc)
    given_start, started = started, started or now
    if ended and ended < started:
        if given_start:
            errors.add("ended_at", _("is before the start of the contact"))
        else:  # the start left out is now: the missing start is what is wrong
            errors.add("started_at", _("is required with ended_at: left out, the contact starts now, after its end"))
    if given_start and given_start < EARLIEST_START:
        errors.add("started_at", _("is too long ago: a contact starts on 1 January 2000 or later"))
    # A contact is logged during or after it; a few minutes' grace covers unsynchronised clocks.
    for name, at in (("started_at", started), ("ended_at", ended)):
        if at is not None and at > now + FUTURE_GRACE:
            errors.add(name, _("is in the future"))
    if given_start and ended and ended >= given_start:
        length = int((ended - given_start).total_seconds())
        for i, seconds in enumerate(holds):
            if isinstance(seconds, int) and seconds > length:
                errors.add(f"holds[{i}].seconds", _("is longer than the contact (%(seconds)s s)", seconds=length))
        total = sum(s for s in holds if isinstance(s, int))
        if total > length and not any(k.startswith("holds") for k in errors.fields):
            errors.add("holds", _("add up to %(total)s s, longer than the contact (%(seconds)s s)",
                                  total=total, seconds=length))
    return errors.fields


def validate(data: InteractionInput) -> _Clean:
    """The rules a well-typed contact must still meet, every reason collected before raising."""
    errors = FieldErrors()
    now = datetime.now(timezone.utc)
    started, ended = data.started_at or now, data.ended_at
    # A call's holds are measured from its events (call_id), not typed: only typed ones are compared.
    errors.fields.update(time_problems(data.started_at, ended, [] if data.call_id else [h.seconds for h in data.holds], now))
    if data.follow_up_due is not None and data.follow_up_due < started:
        errors.add("follow_up_due", _("is before the contact: a follow-up is promised for later"))
    errors.raise_if_any()
    return _Clean(data.customer_id, data.channel, data.direction, started, ended, data.queue_wait_seconds,
                  [h.model_dump() for h in data.holds], [t.model_dump() for t in data.transfers],
                  data.summary or "", data.transcript or "", data.language, data.outcome, data.follow_up_due,
                  data.case_id, data.amount, data.approved_by, dict(data.justifications),
                  [f.model_dump() for f in data.feedback], data.call_id)


def _approver(ref: Any, errors: FieldErrors) -> Optional[User]:
    """The user a reference (id, or e-mail address or id as text) names; ids past 2**31-1 name no one."""
    if ref in (None, ""):
        return None
    user = None
    if isinstance(ref, int) and not isinstance(ref, bool):
        user = db.session.get(User, ref) if 1 <= ref <= MAX_ID else None
    elif isinstance(ref, str) and not text_problem(ref):
        user = db.session.scalar(select(User).where(User.email == ref.strip().casefold()))
        # isdecimal, not isdigit: int() reads every decimal string, but not a digit such as "²"
        if user is None and ref.strip().isdecimal() and len(ref.strip()) <= len(str(MAX_ID)):
            number = int(ref.strip())
            user = db.session.get(User, number) if 1 <= number <= MAX_ID else None
    if user is None or not user.active:
        errors.add("approved_by", _("is not an active user"))
    return user


def facts_of(c: _Clean, agent: User, approver: Optional[User],
             measured: frozenset[str] = frozenset(), typed: Optional[dict] = None) -> InteractionFacts:
    return InteractionFacts(
        channel=c.channel, direction=c.direction, started_at=c.started_at, ended_at=c.ended_at,
        queue_wait_seconds=c.queue_wait_seconds,
        holds=tuple(Hold(h["seconds"], h["apologized"]) for h in c.holds),
        transfers=tuple(Transfer(t["type"], t["to"]) for t in c.transfers),
        summary=c.summary, transcript=c.transcript, language=c.language, outcome=c.outcome,
        follow_up_due=c.follow_up_due, amount=c.amount, agent_role=agent.role,
        agent_authority_limit=agent.authority_limit,
        approved_by_role=approver.role if approver else None,
        measured=measured, typed=dict(typed or {}),
    )


def _take_measurement(c: _Clean, actor: User, errors: FieldErrors):
    """Put a call's measured facts in place of the typed ones; (measurement or None)."""
    from . import calls

    if c.call_id is None:
        return None
    call = calls.call_for_logging(c.call_id, actor, errors)
    if call is None:
        return None
    m = calls.measured_facts(call, c.queue_wait_seconds, c.holds, c.transfers)
    c.queue_wait_seconds, c.holds, c.transfers = m.queue_wait_seconds, m.holds, m.transfers
    if m.started_at is not None and c.started_at != m.started_at:
        c.started_at = m.started_at
    if m.ended_at is not None:
        c.ended_at = m.ended_at
    if c.channel != "phone":
        errors.add("channel", _("must be phone for a call the telephony reported"))
    return m


def facts_of_row(ix: Interaction, users: Optional[dict[int, User]] = None) -> InteractionFacts:
    """The facts of a stored interaction, for previewing a draft policy over the past.

    `users` (id -> User) saves a query per interaction when many are previewed.
    """
    def user(user_id):
        if user_id is None:
            return None
        return users[user_id] if users and user_id in users else db.session.get(User, user_id)

    agent, approver = user(ix.agent_id), user(ix.approved_by_id)
    return InteractionFacts(
        channel=ix.channel, direction=ix.direction, started_at=ix.started_at, ended_at=ix.ended_at,
        queue_wait_seconds=ix.queue_wait_seconds,
        holds=tuple(Hold(int(h.get("seconds", 0)), bool(h.get("apologized"))) for h in ix.holds or ()),
        transfers=tuple(Transfer(t.get("type", "cold"), t.get("to")) for t in ix.transfers or ()),
        summary=ix.summary or "", transcript=ix.transcript or "", language=ix.language,
        outcome=ix.outcome, follow_up_due=ix.follow_up_due, amount=ix.amount,
        agent_role=agent.role if agent else "agent",
        agent_authority_limit=agent.authority_limit if agent else None,
        approved_by_role=approver.role if approver else None,
    )


MAX_IDEMPOTENCY_KEY = 100


def _idempotency(actor: User, key: Optional[str]) -> Optional[str]:
    if key is None:
        return None
    errors = FieldErrors()
    key = clean_text(key, "idempotency_key", errors, MAX_IDEMPOTENCY_KEY)
    if not key and "idempotency_key" not in errors.fields:
        errors.add("idempotency_key", _("must not be empty"))
    errors.raise_if_any()
    return f"{actor.id}:{key}"


def _body_hash(data: InteractionInput) -> str:
    """The request's contact, whatever the order of its keys: what a retry must repeat."""
    body = json.dumps(data.model_dump(mode="json", warnings=False), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest()


def _replay(stored_key: Optional[str], actor: User, body_hash: Optional[str] = None) -> Optional[Logged]:
    """The contact an earlier request with this key logged, as that request answered it; a key
    that logged another contact (a different body) is refused rather than answered with that one."""
    if stored_key is None:
        return None
    ix = db.session.scalar(select(Interaction).where(Interaction.idempotency_key == stored_key))
    if ix is None:
        return None
    if body_hash is not None and ix.idempotency_hash is not None and ix.idempotency_hash != body_hash:
        raise InvalidInput({"idempotency_key": [_("was used for another contact: send a new key with a different body")]},
                           _("This Idempotency-Key was used for another contact."))
    feedback = list(db.session.scalars(select(Feedback).where(Feedback.interaction_id == ix.id).order_by(Feedback.id)))
    return Logged(ix, findings_of(ix, actor), feedback, replayed=True)


@dataclass
class Checked:
    """What logging a contact would produce, computed without storing anything."""

    results: list[Result]
    policy_number: Optional[int]
    justifications: dict[str, str]
    facts: InteractionFacts
    context: CheckContext


@dataclass
class _Prepared:
    customer_id: int
    team_name: Optional[str]  # the actor's team's name and time zone, read with the customer
    team_timezone: Optional[str]
    approver: Optional[User]
    measurement: Any
    facts: InteractionFacts
    context: CheckContext
    policy: Any
    results: list[Result]


def _contact_statement():
    """What logging reads besides the call: the customer, how many contacts they had before, the
    actor's team's name and time zone (the answer's times are on the reader's clock) and the policy
    versions' mark, in one statement built once. Nothing of it is cached between requests, so a change
    committed by any worker is seen by the next contact."""
    c, i, t = Customer.__table__, Interaction.__table__, Team.__table__
    previous = select(func.count()).select_from(i).where(i.c.customer_id == c.c.id).scalar_subquery()
    team_name, team_zone = (select(column).where(t.c.id == bindparam("team_id", type_=Integer)).scalar_subquery()
                            for column in (t.c.name, t.c.timezone))
    versions, last_version = version_mark_columns()
    return select(c.c.id, c.c.name, c.c.language, c.c.erased_at, c.c.merged_into_id, previous.label("previous"),
                  team_name.label("team_name"), team_zone.label("team_timezone"), versions.label("versions"),
                  last_version.label("last_version")
                  ).where(c.c.id == bindparam("customer_id", type_=Integer))


# Run on the DBAPI cursor: its columns are plain text and numbers (erased_at is only tested for NULL).
_read_contact = Direct(_contact_statement)
_Contact = namedtuple("_Contact", "id name language erased_at merged_into_id previous team_name team_timezone versions "
                                  "last_version")


def _prepare(c: "_Clean", actor: User) -> _Prepared:
    """The customer, approver, call measurement, facts, context, policy and check results of a
    validated contact (a call's measured facts replace the typed ones)."""
    errors = FieldErrors()
    row = _read_contact.first({"customer_id": c.customer_id, "team_id": actor.team_id})
    row = _Contact(*row) if row is not None else None
    if row is None or row.erased_at is not None:
        raise NotFound(_('No customer %(customer_id)s.', customer_id=c.customer_id), {"customer_id": ["no such customer"]})
    customer, previous = row, row.previous
    if row.merged_into_id:
        from .customers import resolve_merged
        customer = resolve_merged(db.session.get(Customer, row.id))
        previous = db.session.scalar(
            select(func.count()).select_from(Interaction).where(Interaction.customer_id == customer.id))
    case = None
    if c.case_id is not None:
        case = db.session.get(Case, c.case_id)
        if case is None or case.customer_id != customer.id:
            errors.add("case_id", _("is not a case of this customer"))
        elif case.status == "closed":  # a closed case is not open: the contact is judged (and filed) without it
            c.case_id, case = None, None
    approver = _approver(c.approved_by, errors)
    measurement = _take_measurement(c, actor, errors)
    errors.raise_if_any()
    facts = facts_of(c, actor, approver, measurement.measured if measurement else frozenset(),
                     measurement.typed if measurement else None)
    context = CheckContext(customer_language=customer.language, customer_name=customer.name,
                           previous_interactions=previous or 0,
                           case_status=case.status if case is not None else None)
    policy = policy_in_force(c.started_at, mark=(row.versions, row.last_version))
    rules = applicable(policy.rules, c.channel, actor.team_id) if policy else []
    results: list[Result] = evaluate(rules, facts, context, actor.team_id)
    return _Prepared(customer.id, row.team_name, row.team_timezone, approver, measurement, facts, context, policy, results)


def check_interaction(data: InteractionInput, actor: User) -> Checked:
    """Run the checks logging would run on this contact, under the same policy version; store nothing."""
    require_customer_access(actor)
    c = validate(data)
    p = _prepare(c, actor)
    return Checked(p.results, p.policy.number if p.policy else None, c.justifications, p.facts, p.context)


def log_interaction(data: InteractionInput, actor: User, idempotency_key: Optional[str] = None) -> Logged:
    """Validate, run the policy in force, and store the interaction with its findings and feedback.

    The checks run before the write lock is taken; everything is written in one transaction.
    With an idempotency key, a retried request answers with the contact the first one logged.
    """
    require_customer_access(actor)
    stored_key = _idempotency(actor, idempotency_key)
    body_hash = _body_hash(data) if stored_key else None
    replay = _replay(stored_key, actor, body_hash)
    if replay is not None:
        return replay
    c = validate(data)
    p = _prepare(c, actor)
    approver, measurement, policy, results = p.approver, p.measurement, p.policy, p.results

    customer_id, case_id = p.customer_id, c.case_id
    from .customers import hold_customer
    try:
        with write_transaction(after_reads=True):  # what came before only read
            hold_customer(customer_id)  # an erasure that came first is final; one that comes next waits
            row = dict(
                customer_id=customer_id, case_id=case_id, agent_id=actor.id, team_id=actor.team_id,
                channel=c.channel, direction=c.direction, started_at=_utc(c.started_at), ended_at=_utc(c.ended_at),
                queue_wait_seconds=c.queue_wait_seconds, holds=c.holds, transfers=c.transfers,
                summary=c.summary, transcript=c.transcript, language=c.language, outcome=c.outcome,
                follow_up_due=_utc(c.follow_up_due), follow_up_done_at=None, amount=c.amount,
                approved_by_id=approver.id if approver else None, justifications=c.justifications,
                policy_version_id=policy.version_id if policy else None, idempotency_key=stored_key,
                idempotency_hash=body_hash,
            )
            # The promises this contact keeps, before it is written (so it is not among them).
            _keep_promises(customer_id, case_id, c.started_at)
            case = None
            if case_id is None and _opens_case(c):
                new_case = Case(customer_id=customer_id, subject=(c.summary or "Inquiry")[:200] or "Inquiry",
                                channel=c.channel, owner_id=actor.id, team_id=actor.team_id,
                                opened_at=row["started_at"])
                advance_clock(new_case, SimpleNamespace(**row))  # reads the contact's own fields only
                case = _insert_case({column.key: new_case.__dict__[column.key] for column in Case.__table__.columns
                                     if new_case.__dict__.get(column.key) is not None})
                audit_case_opened(case, actor)
            elif case_id is not None:
                case = db.session.get(Case, case_id)
                was = case.status
                _advance_case_clock(case, row)
                audit_case_status(case, was, actor)
            if case is not None:
                row["case_id"] = case.id
            # The contact itself: one INSERT … RETURNING of its id, on the DBAPI cursor (created_at is
            # added to `row`); the answer's instance is made of the values written.
            row["id"] = _insert_interaction.scalar(row)
            ix = attach_inserted(Interaction, row)
            # What the answer shows of it, from what this request already holds (no lazy loads).
            set_committed_value(ix, "agent", actor)
            set_committed_value(ix, "approved_by", approver)
            set_committed_value(ix, "case", case)
            team = None if actor.team_id is None else attach(
                Team, {"id": actor.team_id, "name": p.team_name, "timezone": p.team_timezone})
            set_committed_value(ix, "team", team)
            state = inspect(actor, raiseerr=False)
            if state is not None and "team" in state.unloaded:
                # The answer's times are read on the actor's clock (their team's zone when they set
                # none): the team read with the customer, not another SELECT after the commit.
                set_committed_value(actor, "team", team)
            if measurement is not None:
                from .calls import link_interaction
                link_interaction(measurement.call.id, ix.id, measurement.typed, measurement.seen)
            findings = _write_findings(ix, results, policy, actor)
            surveys.open_for(ix, p.context.customer_language)
            items = [Feedback(interaction_id=ix.id, customer_id=customer_id, captured_by_id=actor.id,
                              category=f["category"], product=f["product"], text=f["text"], source=f["source"],
                              status="new")
                     for f in c.feedback]
            db.session.add_all(items)
            # Department, rule, group and outbox deliveries are written with the interaction: all or nothing.
            routing.route_feedback(items)
    except IntegrityError:
        # Two requests with one idempotency key raced; the other one stored the contact.
        replay = _replay(stored_key, actor, body_hash)
        if replay is None:
            raise
        return replay
    try:
        plugin_manager = current_app.extensions["crm.plugins"]
        plugin_manager.hook.crm_interaction_logged(interaction=ix, findings=findings)
    except Exception:  # the interaction is stored; a notifier's failure must not undo that
        log.exception("a crm_interaction_logged hook failed for interaction %s", ix.id)
    for item in items:
        try:
            current_app.extensions["crm.plugins"].hook.crm_feedback_routed(feedback=item)
        except Exception:  # the item is routed and stored; a plugin's failure must not undo that
            log.exception("a crm_feedback_routed hook failed for feedback %s", item.id)
    return Logged(ix, findings, items)


def _opens_case(c: _Clean) -> bool:
    return opens_case(c.direction, c.channel, c.outcome)


def _utc(at: Optional[datetime]) -> Optional[datetime]:
    """The time in UTC, as it is stored and read back (a request's times may carry the client's zone)."""
    return at.astimezone(timezone.utc) if at is not None else None


INTERACTION_COLUMNS = (
    "customer_id", "case_id", "agent_id", "team_id", "channel", "direction", "started_at", "ended_at",
    "queue_wait_seconds", "holds", "transfers", "summary", "transcript", "language", "outcome", "follow_up_due",
    "follow_up_done_at", "amount", "approved_by_id", "justifications", "policy_version_id", "idempotency_key",
    "idempotency_hash")
_insert_interaction = Direct(lambda: Interaction.__table__.insert().returning(Interaction.__table__.c.id),
                             INTERACTION_COLUMNS)


_CLOCK = ("status", "first_reply_at", "last_update_at", "resolved_at", "followed_up_at")  # what advance_clock sets
_case_updates: dict[tuple[str, ...], Direct] = {}


def _advance_case_clock(case: Case, row: dict) -> None:
    """Move the clock of the case a contact was logged on (cases.advance_clock), written with one
    UPDATE of the columns that changed rather than by the unit of work (a flush cost more than the rest
    of writing the contact); the session's instance shows the new values, with nothing left to flush."""
    clock = SimpleNamespace(**{key: getattr(case, key) for key in _CLOCK})
    advance_clock(clock, SimpleNamespace(**row))  # reads the contact's own fields only
    changed = {key: getattr(clock, key) for key in _CLOCK if getattr(clock, key) != getattr(case, key)}
    if not changed:
        return
    columns = tuple(changed)
    update_ = _case_updates.get(columns)
    if update_ is None:
        t = Case.__table__
        update_ = _case_updates[columns] = Direct(
            lambda: update(t).where(t.c.id == bindparam("case_id", type_=Integer))
            .values({key: bindparam(key, type_=t.c[key].type) for key in columns}))
    update_.run({**changed, "case_id": case.id})
    for key, value in changed.items():
        set_committed_value(case, key, value)


_case_inserts: dict[tuple[str, ...], Direct] = {}


def _insert_case(row: dict) -> Case:
    """Write a case the contact opens: one INSERT … RETURNING its id, not the unit of work; the columns
    left out of `row` take their defaults. The session's instance of it."""
    columns = tuple(row)
    insert = _case_inserts.get(columns)
    if insert is None:
        insert = _case_inserts[columns] = Direct(lambda: Case.__table__.insert().returning(Case.__table__.c.id),
                                                 columns)
    row["id"] = insert.scalar(row)
    return attach_inserted(Case, row)


def _keep_promises(customer_id: int, case_id: Optional[int], at: datetime) -> None:
    """A later contact with the customer (at `at`, on case `case_id` or none) keeps the follow-ups
    promised before it on the same case or on no case. Run before the contact itself is written."""
    # Core on the table: the ORM's UPDATE also evaluated the criteria against every object in the
    # session ("synchronize_session"), a third of this function's cost; the promises kept are rows of
    # other contacts, which this request has not loaded. Built once, with parameters, run on the cursor.
    params = {"customer": customer_id, "at": at}
    if case_id:
        params["case"] = case_id
    _PROMISES_KEPT[bool(case_id)].run(params)


def _promises_kept(on_a_case: bool):
    t = Interaction.__table__
    same_work = t.c.case_id == bindparam("case") if on_a_case else t.c.case_id.is_(None)
    return (update(t)
            .where(t.c.customer_id == bindparam("customer"), t.c.follow_up_due.is_not(None),
                   t.c.follow_up_done_at.is_(None), t.c.started_at < bindparam("at", type_=t.c.started_at.type),
                   or_(same_work, t.c.case_id.is_(None)))
            .values(follow_up_done_at=bindparam("at", type_=t.c.follow_up_done_at.type)))


_PROMISES_KEPT = {on_a_case: Direct(lambda on_a_case=on_a_case: _promises_kept(on_a_case))
                  for on_a_case in (False, True)}


FINDING_COLUMNS = ("interaction_id", "case_id", "customer_id", "agent_id", "team_id", "channel", "standard",
                   "policy_version_id", "mode", "severity", "message", "message_l10n", "evidence", "status",
                   "justification", "escalation_level", "created_at")
_FINDINGS_KEPT = 64  # statements kept, one per number of findings a contact has (a policy has a few rules)
_finding_inserts: dict[tuple, Direct] = {}


def _write_findings(ix: Interaction, results: list[Result], policy: Any, actor: User) -> list[Finding]:
    """A logged contact's findings and its daily roll-ups (`rollups.record_logged`). On PostgreSQL a
    flagged contact's roll-ups ride in its findings' INSERT (one round trip to the server, not two)."""
    flagged = {(r.rule.standard, r.rule.mode) for r in results}
    if not results:
        rollups.record_logged(ix, flagged)
        return []
    rows = [_finding(ix, r, policy.version_id) for r in results]
    if db.engine.dialect.name == "postgresql":
        return _insert_findings(rows, actor, _version_of(policy), rollups.logged_with(ix, flagged))
    findings = _insert_findings(rows, actor, _version_of(policy))
    rollups.record_logged(ix, flagged)
    return findings


def _findings_insert(n: int, rollup: Optional[tuple] = None):
    """One INSERT of `n` findings (every column with a Python-side default given, so nothing is left
    to the ORM's defaults) … RETURNING their ids; with a roll-ups' shape (PostgreSQL), their upserts
    in its WITH (`rollups.logged_ctes`)."""
    t = Finding.__table__
    if rollup is None:
        return (t.insert()
                .values([{c: bindparam(f"{c}_{i}", type_=t.c[c].type) for c in FINDING_COLUMNS} for i in range(n)])
                .returning(t.c.id))
    from sqlalchemy import text

    ctes, binds = rollups.logged_ctes(rollup)
    q = db.engine.dialect.identifier_preparer.quote
    values = ", ".join("(" + ", ".join(f":{c}_{i}" for c in FINDING_COLUMNS) + ")" for i in range(n))
    return text(f"WITH {ctes} INSERT INTO {q(t.name)} ({', '.join(q(c) for c in FINDING_COLUMNS)}) "
                f"VALUES {values} RETURNING {q('id')}").bindparams(
        *binds, *[bindparam(f"{c}_{i}", type_=t.c[c].type) for i in range(n) for c in FINDING_COLUMNS])


def _insert_findings(rows: list[dict], agent: User, version: Any, rollup: Optional[tuple] = None) -> list[Finding]:
    """Write a contact's findings in one statement, and answer them as instances outside the session
    carrying what the answer and the hooks read: every column, the policy version, agent and reviewer.
    `rollup`: (shape, parameters) of the contact's roll-ups to write in the same statement
    (`rollups.logged_with`, PostgreSQL).

    One multi-row INSERT … RETURNING rather than one per finding (or an executemany, which gives no
    ids back on SQLite). The ids come back in no promised order; both databases number the rows of one
    INSERT in the order of its VALUES (SQLite: each after the largest so far, the writer lock held;
    PostgreSQL: the sequence, row by row), so the sorted ids are the rows' in order.
    """
    if not rows:
        return []
    n = len(rows)
    key = (n, rollup[0] if rollup else None)
    insert = _finding_inserts.get(key)
    if insert is None:
        if len(_finding_inserts) >= _FINDINGS_KEPT:
            _finding_inserts.clear()
        insert = _finding_inserts[key] = Direct(lambda: _findings_insert(n, key[1]))
    now = utcnow()
    params = dict(rollup[1]) if rollup else {}
    for i, row in enumerate(rows):
        row["escalation_level"], row["created_at"] = 0, now
        for c in FINDING_COLUMNS:
            params[f"{c}_{i}"] = row[c]
    cursor = insert.execute(params)
    try:
        ids = sorted(r[0] for r in cursor.fetchall())
    finally:
        cursor.close()
    findings = []
    for row, id_ in zip(rows, ids):
        row["id"] = id_
        f = detached(Finding, {**_FINDING_NULLS, **row})
        set_committed_value(f, "policy_version", version)
        set_committed_value(f, "agent", agent)
        set_committed_value(f, "reviewer", None)
        findings.append(f)
    return findings


_FINDING_NULLS = {column.key: None for column in Finding.__table__.columns}  # what a new finding leaves out


def _version_of(policy) -> PolicyVersion:
    """The session's instance of the policy version that checked the contact, from what the request holds
    (its id and number; any other column is read when first used)."""
    return attach(PolicyVersion, {"id": policy.version_id, "number": policy.number})


def _finding(ix: Interaction, result: Result, version_id: int) -> dict:
    """The row of the finding a check result gives on a stored contact."""
    reason = (ix.justifications or {}).get(result.rule.standard)
    return dict(
        interaction_id=ix.id, case_id=ix.case_id, customer_id=ix.customer_id, agent_id=ix.agent_id,
        team_id=ix.team_id, channel=ix.channel, standard=result.rule.standard,
        policy_version_id=version_id, mode=result.rule.mode, severity=result.rule.severity,
        message=str(result.departure.message), message_l10n=stored_message(result.departure.message),
        evidence=dict(result.departure.evidence or {}),
        status="justified" if reason else "open", justification=reason,
    )


def get_interaction(interaction_id: int, actor: User) -> Interaction:
    require_customer_access(actor)
    ix = db.session.get(Interaction, interaction_id)
    if ix is None:
        raise NotFound(_('No interaction %(interaction_id)s.', interaction_id=interaction_id))
    return ix


def feedback_of(ix: Interaction) -> list[Feedback]:
    """The feedback items heard on the interaction, in the order they were logged."""
    return list(db.session.scalars(select(Feedback).where(Feedback.interaction_id == ix.id).order_by(Feedback.id)))


def findings_of(ix: Interaction, actor: User) -> list[Finding]:
    """The interaction's findings that `actor` may see (findings are personnel data)."""
    return list(db.session.scalars(findings_for(actor, Finding.interaction_id == ix.id).order_by(Finding.id)))


def findings_for(actor: User, *conditions):
    """A query for the findings matching `conditions` that `actor` may see."""
    stmt = select(Finding).where(*conditions)
    scope = visible_findings(actor)
    return stmt if scope is None else stmt.where(scope)


def timeline(customer_id: int, actor: User, limit: int = 20, cursor: Optional[str] = None):
    """The customer's interactions newest first, a page at a time: (items, next cursor)."""
    require_customer_access(actor)
    return _timeline_page(customer_id, limit, cursor)


def screen_pop_history(customer_id: int, actor: User, limit: int = 5) -> list[Interaction]:
    """The newest contacts the screen-pop shows, for the desk roles and integrations."""
    from .access import require_lookup_access

    require_lookup_access(actor)
    return _timeline_page(customer_id, limit, None)[0]


def _timeline_page(customer_id: int, limit: int, cursor: Optional[str]):
    stmt = (select(Interaction).where(Interaction.customer_id == customer_id)
            .options(joinedload(Interaction.agent), joinedload(Interaction.team)))
    page = pagination.keyset_page(stmt, [(Interaction.started_at, True), (Interaction.id, True)], limit, cursor,
                                  count=False, scope=("timeline", customer_id))
    return page.items, page.next


def open_follow_ups(customer_id: int) -> list[Interaction]:
    return list(db.session.scalars(
        select(Interaction).where(Interaction.customer_id == customer_id,
                                  Interaction.follow_up_due.is_not(None),
                                  Interaction.follow_up_done_at.is_(None))
        .options(joinedload(Interaction.agent), joinedload(Interaction.team))
        .order_by(Interaction.follow_up_due)))


def open_cases(customer_id: int) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.customer_id == customer_id, Case.status.in_(("open", "pending")))
        .order_by(Case.opened_at.desc())))


def recent_contacts(agent: User, limit: int = 10) -> list[Interaction]:
    """The agent's own latest contacts, newest first."""
    require_customer_access(agent)
    return list(db.session.scalars(
        select(Interaction).where(Interaction.agent_id == agent.id)
        .order_by(Interaction.started_at.desc()).limit(limit)))


def upcoming_promises(agent: User, limit: int = 10, now: Optional[datetime] = None) -> list[Interaction]:
    """The agent's follow-ups promised for later and not kept yet, soonest first."""
    require_customer_access(agent)
    return list(db.session.scalars(
        select(Interaction).where(Interaction.agent_id == agent.id,
                                  Interaction.follow_up_due >= (now or datetime.now(timezone.utc)),
                                  Interaction.follow_up_done_at.is_(None))
        .order_by(Interaction.follow_up_due).limit(limit)))


@dataclass
class TimelineDetails:
    """What the timeline shows beside each contact, by interaction id: the findings `actor` may see,
    the feedback given, and the customer's answered survey."""

    findings: dict[int, list[Finding]] = field(default_factory=dict)
    feedback: dict[int, list[Feedback]] = field(default_factory=dict)
    ratings: dict[int, Survey] = field(default_factory=dict)


def timeline_details(actor: User, interaction_ids: list[int]) -> TimelineDetails:
    details = TimelineDetails()
    if not interaction_ids:
        return details
    for f in db.session.scalars(findings_for(actor, Finding.interaction_id.in_(interaction_ids))):
        details.findings.setdefault(f.interaction_id, []).append(f)
    for fb in db.session.scalars(select(Feedback).where(Feedback.interaction_id.in_(interaction_ids))):
        details.feedback.setdefault(fb.interaction_id, []).append(fb)
    details.ratings = {s.interaction_id: s for s in db.session.scalars(
        select(Survey).where(Survey.interaction_id.in_(interaction_ids), Survey.answered_at.is_not(None)))}
    return details


# --- a logged call measured again --------------------------------------------------------------

def follow_the_call(call: Any, actor: Any = None) -> None:
    """Inside the transaction of a call event that changed a call already logged (a late `unhold`,
    `hold` or `transfer`): the contact takes the call's new measurement, and the findings that judged
    measured facts are judged again under the policy version that judged the contact.

    A finding no longer true is withdrawn (status `withdrawn`, out of the review queue, its flag and any
    review taken off the daily roll-ups); one still true keeps its status and gets the new message and
    evidence; a departure the new measurement shows and no finding held is a new finding.
    The checks of unmeasured facts (courtesy, follow-ups…) are not run again: nothing they read changed.
    """
    from dataclasses import replace

    from . import audit
    from .calls import measured_facts
    from .policy import policy_by_id

    ix = db.session.get(Interaction, call.interaction_id, with_for_update=True, populate_existing=True)
    if ix is None:
        return
    typed = call.typed or {}
    m = measured_facts(call, typed.get("queue_wait_seconds"), typed.get("holds") or [], typed.get("transfers") or [])
    old_holds = ix.holds or []
    # An apology stored for a hold (typed, marked on the desk, or found in the transcript) stays with it.
    holds = [{**h, "apologized": bool(h["apologized"] or (i < len(old_holds) and old_holds[i].get("apologized")))}
             for i, h in enumerate(m.holds)]
    if (holds, m.transfers, m.queue_wait_seconds) == (old_holds, ix.transfers or [], ix.queue_wait_seconds):
        return
    audit.record("interaction.remeasured", "interaction", ix.id, actor, actor_label="telephony",
                 changes={"holds": [old_holds, holds], "transfers": [ix.transfers or [], m.transfers],
                          "queue_wait_seconds": [ix.queue_wait_seconds, m.queue_wait_seconds]})
    ix.holds, ix.transfers, ix.queue_wait_seconds = holds, m.transfers, m.queue_wait_seconds
    call.typed = m.typed or None
    policy = policy_by_id(ix.policy_version_id) if ix.policy_version_id else None
    if policy is None:
        return
    facts = replace(facts_of_row(ix), measured=m.measured, typed=dict(m.typed))
    customer = db.session.get(Customer, ix.customer_id)
    previous = db.session.scalar(select(func.count()).select_from(Interaction).where(
        Interaction.customer_id == ix.customer_id, Interaction.id < ix.id))
    context = CheckContext(customer_language=customer.language if customer else None,
                           customer_name=customer.name if customer else None, previous_interactions=previous or 0,
                           case_status=ix.case.status if ix.case is not None else None)
    results = [r for r in evaluate(applicable(policy.rules, ix.channel, ix.team_id), facts, context, ix.team_id)
               if (r.departure.evidence or {}).get("measured")]
    _rejudge(ix, results, policy, actor)


def _rejudge(ix: Interaction, results: list[Result], policy: Any, actor: Any) -> None:
    """Match the contact's findings of measured facts to the checks' new results, per (standard, mode),
    in order: pairs are kept (message and evidence renewed), findings left over are withdrawn,
    results left over become findings. The roll-ups follow: a (standard, mode) the contact is no
    longer flagged for loses its flag, a new one gains it."""
    from collections import defaultdict

    from . import audit
    from ..models import ComplianceDaily

    live = list(db.session.scalars(select(Finding).where(
        Finding.interaction_id == ix.id, Finding.dedupe_key.is_(None), Finding.status != "withdrawn")
        .order_by(Finding.id).with_for_update()))
    flagged_before = {(f.standard, f.mode) for f in live}
    held: dict[tuple, list[Finding]] = defaultdict(list)
    for f in live:
        if (f.evidence or {}).get("measured"):
            held[(f.standard, f.mode)].append(f)
    found: dict[tuple, list[Result]] = defaultdict(list)
    for r in results:
        found[(r.rule.standard, r.rule.mode)].append(r)
    withdrawn, new_rows = [], []
    for key in sorted(set(held) | set(found)):
        old, new = held.get(key, []), found.get(key, [])
        for f, r in zip(old, new):
            f.message, f.message_l10n = str(r.departure.message), stored_message(r.departure.message)
            f.evidence = dict(r.departure.evidence or {})
        withdrawn += old[len(new):]
        new_rows += [_finding(ix, r, policy.version_id) for r in new[len(old):]]
    for f in withdrawn:
        previous = f.status
        f.status = "withdrawn"
        rollups.record_review(f, "withdrawn", previous)  # a review already taken comes off the roll-ups
        audit.record("finding.withdrawn", "finding", f.id, actor, actor_label="telephony",
                     changes={"status": [previous, "withdrawn"]}, reason="the call was measured again")
    db.session.flush()
    if new_rows:
        agent = db.session.get(User, ix.agent_id) if ix.agent_id else None
        for f in _insert_findings(new_rows, agent, _version_of(policy)):
            audit.record("finding.created", "finding", f.id, actor, actor_label="telephony",
                         reason="the call was measured again")
    flagged_after = {(f.standard, f.mode) for f in live if f.status != "withdrawn"}
    flagged_after |= {(row["standard"], row["mode"]) for row in new_rows}
    base = {"day": ix.started_at.date(), "team_id": ix.team_id or 0, "agent_id": ix.agent_id, "channel": ix.channel,
            "upheld": 0, "coached": 0, "dismissed": 0, "waived": 0}
    changes = [{**base, "standard": s, "mode": mode, "flagged": 1 if (s, mode) in flagged_after else -1}
               for s, mode in sorted(flagged_before ^ flagged_after)]
    rollups._upsert(ComplianceDaily, rollups.COMPLIANCE_KEY, changes, ("flagged",))
