"""Calls measured by telephony: events in any order, the facts measured from them, the live desk."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator, Field, PlainValidator, WithJsonSchema

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from ..constraints import read_time
from ..database import write_transaction
from ..extensions import db
from ..models import CALL_EVENTS, DIRECTIONS, Call, User
from ..models.base import utcnow
from .access import require_role
from .errors import Conflict, FieldErrors, Forbidden, NotFound
from .validation import (MAX_ID, Input, Part, Text, UserRef, blank_none, read_aware_time, read_text,
                         required, text_problem)

CALL_ROLES = ("agent", "lead", "admin", "integration")  # may send call events
FOR_ANYONE = ("admin", "integration")  # may send and read events of any agent's calls
DESK_ROLES = ("agent", "lead", "admin")  # may take calls
MAX_CALL_ID = 120
MAX_NUMBER = 64
MAX_QUEUE = 120
MAX_TRANSFER_TO = 200
FUTURE_GRACE = timedelta(minutes=5)  # telephony clocks drift a little
LIVE_FOR = timedelta(hours=4)  # a call whose hangup never came stops popping after this
TO_LOG_WITHIN = timedelta(days=7)  # older unlogged calls leave the desk's "calls to log"
# Events at the same instant are read in the order a call goes through them.
_ORDER = {name: rank for rank, name in enumerate(CALL_EVENTS)}


class CallTransferInput(Part):
    type: Annotated[Literal["warm", "cold"], BeforeValidator(blank_none)]
    to: Text(MAX_TRANSFER_TO) = None


class CallEventInput(Input):
    """One event of POST /api/v1/calls/events (`from` is `from_` here). Unknown keys are refused;
    `transfer` is required when event is transfer."""

    call_id: Annotated[str, BeforeValidator(read_text),
                       Field(max_length=MAX_CALL_ID, description="The phone system's id of the call.")]
    event: Annotated[Literal[CALL_EVENTS], BeforeValidator(blank_none)]
    at: Annotated[datetime, PlainValidator(required(read_aware_time)), WithJsonSchema(
        {"type": "string", "format": "date-time", "description": "When it happened, ISO 8601 with an offset."})]
    direction: Annotated[Optional[Literal[DIRECTIONS]], BeforeValidator(blank_none)] = None
    from_: Annotated[Text(MAX_NUMBER), Field(alias="from", description="The calling number, written any way.")] = None
    to: Text(MAX_NUMBER, "The called number.") = None
    agent: UserRef("The agent's user id or e-mail; an agent's own token may leave it out.") = None
    queue: Text(MAX_QUEUE) = None
    transfer: Optional[CallTransferInput] = None


@dataclass(frozen=True)
class _CleanEvent:
    call_id: str
    event: str
    at: datetime
    direction: Optional[str]
    from_: Optional[str]
    to: Optional[str]
    agent: Any
    queue: Optional[str]
    transfer: Optional[dict]


def _iso(at: datetime) -> str:
    return at.astimezone(timezone.utc).isoformat()


def _time(value: str) -> datetime:
    return read_time(value)


def validate_event(data: CallEventInput) -> _CleanEvent:
    """The rules a well-typed event must still meet, every reason collected before raising."""
    errors = FieldErrors()
    if data.at > datetime.now(timezone.utc) + FUTURE_GRACE:
        errors.add("at", _("is in the future"))
    if data.event == "transfer" and data.transfer is None:
        errors.add("transfer", _("is required for a transfer: {type: warm|cold, to}"))
    errors.raise_if_any()
    transfer = data.transfer.model_dump() if data.transfer is not None else None
    return _CleanEvent(data.call_id, data.event, data.at, data.direction, data.from_, data.to, data.agent,
                       data.queue, transfer)


def _agent(ref: Any, errors: FieldErrors) -> Optional[User]:
    """The active desk user an event's `agent` (id, e-mail, or id as text) names."""
    if ref in (None, ""):
        return None
    user = None
    if isinstance(ref, int):
        user = db.session.get(User, ref) if 1 <= ref <= MAX_ID else None
    elif isinstance(ref, str) and not text_problem(ref):
        user = db.session.scalar(select(User).where(User.email == ref.strip().casefold()))
        if user is None and ref.isdecimal() and len(ref) <= len(str(MAX_ID)):
            user = db.session.get(User, int(ref)) if 1 <= int(ref) <= MAX_ID else None
    if user is None or not user.active or user.role not in DESK_ROLES:
        errors.add("agent", _("is not an active agent, lead or admin"))
        return None
    return user


def _require_sender(actor: User, agent: Optional[User], call: Optional[Call]) -> None:
    """Agents and leads report their own calls only; admins and integrations anyone's."""
    require_role(actor, *CALL_ROLES, why=_l("Your role does not allow sending call events."))
    if actor.role in FOR_ANYONE:
        return
    if agent is not None and agent.id != actor.id:
        raise Forbidden(_("You can send events of your own calls only."))
    if call is not None and call.agent_id not in (None, actor.id):
        raise Forbidden(_("This call is another agent's."))


def may_send_events(actor: User) -> None:
    require_role(actor, *CALL_ROLES, why=_l("Your role does not allow sending call events."))


def record_event(data: CallEventInput, actor: User) -> tuple[Call, bool]:
    """Store one event of a call and measure the call again; (call, whether anything changed).

    The same event (call id, event, time) sent again changes nothing; events may come in any order.
    """
    may_send_events(actor)
    c = validate_event(data)
    errors = FieldErrors()
    agent = _agent(c.agent, errors)
    errors.raise_if_any()
    if agent is None and actor.role in ("agent", "lead"):
        agent = actor  # an agent's own softphone reports the agent's calls
    for attempt in (1, 2):
        try:
            with write_transaction():
                call = db.session.scalar(select(Call).where(Call.call_id == c.call_id).with_for_update())
                _require_sender(actor, agent, call)
                if call is None:
                    call = Call(call_id=c.call_id, events=[], candidate_ids=[], holds=[], transfers=[],
                                hold_apologies=[])
                    db.session.add(call)
                _refuse_out_of_order(call, c)
                changed = _apply(call, c, agent)
                if changed:
                    measure(call)
                    _identify_caller(call)
                    # Kept, but nothing happens on a call after it hangs up: the answer says so.
                    changed = call.ended_at is None or _time(_iso(c.at)) <= call.ended_at
                    if call.interaction_id is not None:
                        # Logged already: the contact and its findings follow the call, in this transaction.
                        from .interactions import follow_the_call
                        follow_the_call(call, actor)
            return call, changed
        except IntegrityError:
            # Two first events of one call raced to create it; the other one did, so add to it.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _refuse_out_of_order(call: Optional[Call], c: _CleanEvent) -> None:
    """A call is answered after it rings: an `answered` before the call's first `ringing`, or a `ringing`
    after its first `answered`, contradicts the events kept, and is refused (409) rather than kept with
    a queue wait nobody can measure. (Events may still arrive in any order; their times may not.)"""
    if call is None or c.event not in ("ringing", "answered"):
        return
    times = {"ringing": [], "answered": []}
    for e in call.events or []:
        if e["event"] in times:
            times[e["event"]].append(_time(e["at"]))
    if c.event == "answered" and times["ringing"] and c.at < min(times["ringing"]):
        raise Conflict(_("The call rang at %(at)s, after this answer.", at=_iso(min(times["ringing"]))),
                       fields={"at": [_("is before the call's ringing")]})
    if c.event == "ringing" and times["answered"] and c.at > min(times["answered"]):
        raise Conflict(_("The call was answered at %(at)s, before this ringing.", at=_iso(min(times["answered"]))),
                       fields={"at": [_("is after the call was answered")]})


def _apply(call: Call, c: _CleanEvent, agent: Optional[User]) -> bool:
    at = _iso(c.at)
    if any(e["event"] == c.event and e["at"] == at for e in call.events or []):
        return False
    entry: dict = {"event": c.event, "at": at}
    if agent is not None:
        entry["agent_id"] = agent.id
    if c.transfer is not None and c.event == "transfer":
        entry["transfer"] = c.transfer
    call.events = [*(call.events or []), entry]
    # Descriptive fields: the first event that gives one sets it.
    for name, value in (("direction", c.direction), ("from_number", c.from_), ("to_number", c.to),
                        ("queue", c.queue)):
        if value is not None and getattr(call, name) is None:
            setattr(call, name, value)
    return True


def _seconds(start: datetime, end: datetime) -> int:
    return max(0, int((end - start).total_seconds() + 0.5))


def measure(call: Call) -> None:
    """Recompute what the events say: times, queue wait, holds, transfers and the agent."""
    events = sorted(call.events or [], key=lambda e: (_time(e["at"]), _ORDER[e["event"]]))
    first = {}
    for e in events:
        first.setdefault(e["event"], _time(e["at"]))
    call.ringing_at, call.answered_at, call.ended_at = first.get("ringing"), first.get("answered"), first.get("hangup")
    call.queue_wait_seconds = (_seconds(call.ringing_at, call.answered_at)
                               if call.ringing_at and call.answered_at and call.answered_at >= call.ringing_at
                               else None)
    holds, transfers, open_since = [], [], None
    for e in events:
        at = _time(e["at"])
        if call.ended_at is not None and at > call.ended_at:
            break  # nothing happens on a call after it hangs up
        if e["event"] == "hold" and open_since is None:
            open_since = at
        elif e["event"] == "unhold" and open_since is not None:
            holds.append({"started_at": _iso(open_since), "ended_at": _iso(at), "seconds": _seconds(open_since, at)})
            open_since = None
        elif e["event"] == "transfer":
            transfers.append({**e.get("transfer", {}), "at": e["at"]})
    if open_since is not None:
        # A hold never ended by unhold ends at hangup.
        end = call.ended_at
        holds.append({"started_at": _iso(open_since), "ended_at": _iso(end) if end else None,
                      "seconds": _seconds(open_since, end) if end else None})
    call.holds, call.transfers = holds, transfers
    answered_by = [e["agent_id"] for e in events if e["event"] == "answered" and e.get("agent_id")]
    anyone = [e["agent_id"] for e in events if e.get("agent_id")]
    call.agent_id = (answered_by or anyone or [call.agent_id])[0]


def _identify_caller(call: Call) -> None:
    """Look the customer up by the calling number, as the screen-pop does; never guess."""
    from .lookup import by_phone

    if call.customer_id is not None or not call.caller_number:
        return
    found = by_phone(call.caller_number).customers
    if len(found) == 1:
        call.customer_id, call.candidate_ids = found[0].id, []
    else:
        call.candidate_ids = [c.id for c in found]


def get_call(call_id: str, actor: User) -> Call:
    """The call as measured; agents see their own calls, leads their team's, admins and integrations all."""
    require_role(actor, *CALL_ROLES, why=_l("Your role does not allow reading calls."))
    call = db.session.scalar(select(Call).where(Call.call_id == call_id)) if not text_problem(call_id) else None
    if call is None:
        raise NotFound(_('No call %(call_id)r.', call_id=call_id))
    if actor.role in FOR_ANYONE or call.agent_id == actor.id:
        return call
    if actor.role == "lead" and call.agent is not None and call.agent.team_id == actor.team_id:
        return call
    raise Forbidden(_("This call is another agent's."))


def candidates_of(call: Call) -> list:
    from ..models import Customer
    from .lookup import _live

    if not call.candidate_ids:
        return []
    rows = db.session.scalars(select(Customer).where(Customer.id.in_(call.candidate_ids)))
    order = {cid: i for i, cid in enumerate(call.candidate_ids)}
    return sorted(_live(rows), key=lambda c: order.get(c.id, len(order)))


# --- the agent's desk ------------------------------------------------------------------------

def _log_after() -> timedelta:
    return timedelta(seconds=current_app.config.get("CRM_CALLS_TO_LOG_AFTER", 300))


def live_call(agent: User, now: Optional[datetime] = None) -> Optional[Call]:
    """The agent's call in progress (ringing, talking or on hold), or the one that just ended unlogged.

    A call that ended stays here, with its log link, until it is logged or moves to "calls to log".
    """
    now = now or utcnow()
    just_ended = (Call.interaction_id.is_(None) & Call.answered_at.is_not(None)
                  & (Call.ended_at > now - _log_after()))
    return db.session.scalar(
        select(Call).where(Call.agent_id == agent.id, Call.updated_at >= now - LIVE_FOR,
                           Call.ended_at.is_(None) | just_ended)
        .order_by(Call.ended_at.is_not(None), Call.updated_at.desc(), Call.id.desc()).limit(1))


def calls_to_log(agent: User, now: Optional[datetime] = None) -> list[Call]:
    """Answered calls of the agent that ended a while ago and are not logged yet (CRM_CALLS_TO_LOG_AFTER)."""
    now = now or utcnow()
    after = _log_after()
    return list(db.session.scalars(
        select(Call).where(Call.agent_id == agent.id, Call.interaction_id.is_(None),
                           Call.answered_at.is_not(None), Call.ended_at <= now - after,
                           Call.ended_at >= now - TO_LOG_WITHIN)
        .order_by(Call.ended_at.desc()).limit(20)))


@dataclass(frozen=True)
class HoldLimit:
    seconds: int
    mode: str  # enforce or pilot


@dataclass(frozen=True)
class HoldPolicy:
    """What the live hold timer measures a hold against, for one agent on the phone."""

    limits: tuple[HoldLimit, ...] = ()
    apology_expected: bool = False
    warn_ratio: float = 0.75

    @property
    def limit(self) -> Optional[int]:
        return min((limit.seconds for limit in self.limits), default=None)

    @property
    def warn_at(self) -> Optional[int]:
        return int(self.limit * self.warn_ratio) if self.limit else None


def hold_policy(agent: User, channel: str = "phone") -> HoldPolicy:
    """The hold rules of the policy in force for the agent's team and channel, pilot rules included.

    A standard says what it bounds while a contact runs (`Standard.live`); no standard is named here.
    """
    from .policy import applicable, policy_in_force, standards

    policy = policy_in_force()
    rules = applicable(policy.rules, channel, agent.team_id) if policy else []
    known = standards()
    limits, apology = set(), False
    for rule in rules:
        live = known[rule.standard].live
        bound = live.get("hold_seconds")
        if isinstance(rule.params.get(bound), (int, float)):
            limits.add(HoldLimit(int(rule.params[bound]), rule.mode))
        apology = apology or bool(live.get("hold_apology"))
    return HoldPolicy(tuple(sorted(limits, key=lambda limit: (limit.seconds, limit.mode))), apology,
                      current_app.config.get("CRM_HOLD_WARN_RATIO", 0.75))


def mark_apology(call_id: str, actor: User) -> Call:
    """The agent says they apologised for the hold running now (or the last one)."""
    with write_transaction():
        call = db.session.scalar(select(Call).where(Call.call_id == call_id).with_for_update()) \
            if not text_problem(call_id) else None
        if call is None:
            raise NotFound(_('No call %(call_id)r.', call_id=call_id))
        if call.agent_id != actor.id:
            raise Forbidden(_("This call is another agent's."))
        if not call.holds:
            raise Conflict(_("The call has no hold to apologise for."))
        started = call.holds[-1]["started_at"]
        if started not in (call.hold_apologies or []):
            call.hold_apologies = [*(call.hold_apologies or []), started]
    return call


# --- logging a call --------------------------------------------------------------------------

@dataclass
class Measured:
    """The facts of a call an interaction takes instead of typed ones, and what disagreed."""

    call: Call
    started_at: Optional[datetime]
    ended_at: Optional[datetime]
    queue_wait_seconds: Optional[int]
    holds: list[dict]
    transfers: list[dict]
    measured: frozenset[str]
    typed: dict = field(default_factory=dict)  # fact name -> what was typed, where it disagrees
    # What the call's row said when measured (holds, transfers, queue wait), to see a change before the write.
    seen: tuple = ()


def call_for_logging(call_id: str, actor: User, errors: FieldErrors) -> Optional[Call]:
    call = db.session.scalar(select(Call).where(Call.call_id == call_id))
    if call is None:
        errors.add("call_id", _("is not a call the telephony reported"))
        return None
    if call.agent_id != actor.id and actor.role != "admin":
        errors.add("call_id", _("is another agent's call"))
        return None
    if call.interaction_id is not None:
        raise Conflict(_('Call %(call_id)s is already logged as interaction %(interaction_id)s.', call_id=call_id, interaction_id=call.interaction_id),
                       call.interaction_id, {"call_id": ["is already logged"]})
    return call


def measured_facts(call: Call, typed_queue: Optional[int], typed_holds: list[dict],
                   typed_transfers: list[dict], now: Optional[datetime] = None) -> Measured:
    """The measured queue wait, holds and transfers; typed values that disagree are set apart.

    A hold keeps the apology the agent typed for it, or marked on the desk while it ran.
    A typed hold within a second of the measured one agrees with it.
    """
    now = now or utcnow()
    apologised = set(call.hold_apologies or [])
    holds = []
    for i, h in enumerate(call.holds or []):
        seconds = h["seconds"] if h["seconds"] is not None else _seconds(_time(h["started_at"]), now)
        typed_apology = i < len(typed_holds) and bool(typed_holds[i].get("apologized"))
        holds.append({"seconds": seconds, "apologized": h["started_at"] in apologised or typed_apology})
    transfers = [{"type": t["type"], "to": t.get("to")} for t in call.transfers or []]
    measured = {"holds", "transfers"}
    typed: dict = {}
    if call.queue_wait_seconds is not None:
        measured.add("queue_wait_seconds")
        if typed_queue is not None and abs(typed_queue - call.queue_wait_seconds) > 1:
            typed["queue_wait_seconds"] = typed_queue
    typed_seconds = [h["seconds"] for h in typed_holds]
    if typed_holds and (len(typed_seconds) != len(holds)
                        or any(abs(a - b["seconds"]) > 1 for a, b in zip(typed_seconds, holds))):
        typed["holds"] = typed_holds
    if typed_transfers and [t["type"] for t in typed_transfers] != [t["type"] for t in transfers]:
        typed["transfers"] = typed_transfers
    queue = call.queue_wait_seconds if call.queue_wait_seconds is not None else typed_queue
    return Measured(call, call.answered_at or call.ringing_at, call.ended_at, queue, holds, transfers,
                    frozenset(measured), typed, _seen(call))


def _seen(call: Call) -> tuple:
    return json.dumps([call.holds or [], call.transfers or [], call.queue_wait_seconds], sort_keys=True),


def link_interaction(call_pk: int, interaction_id: int, typed: dict, seen: tuple = ()) -> None:
    """Inside the logging transaction: tie the call to its interaction, once.

    The row is read again, locked, and its values replace the ones this session read before the write
    (populate_existing): a concurrent log of the same call that committed first is seen here, and this
    one is refused with the 409 a later log gets, instead of a second interaction for one call."""
    call = db.session.scalar(select(Call).where(Call.id == call_pk).with_for_update()
                             .execution_options(populate_existing=True))
    if call.interaction_id is not None:
        raise Conflict(_('Call %(call_id)s is already logged as interaction %(interaction_id)s.', call_id=call.call_id, interaction_id=call.interaction_id),
                       call.interaction_id, {"call_id": ["is already logged"]})
    if seen and _seen(call) != seen:
        # An event changed the call after it was measured for this contact (and before the event could
        # find the contact to correct): refused rather than stored with the old measurement.
        raise Conflict(_("The call was measured again while it was being logged; send the contact again."),
                       fields={"call_id": [_("was measured again while it was being logged")]})
    call.interaction_id = interaction_id
    call.typed = typed or None
