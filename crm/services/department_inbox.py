"""The department inbox: feedback routed to a department, its answer, trends and groups of alike items."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Any, Literal, Optional

from pydantic import BeforeValidator, ConfigDict

from sqlalchemy import func, select

from flask_babel import gettext as _, lazy_gettext as _l

from ..constraints import DayOutOfRange, as_utc, read_day, usable_day
from ..i18n import msg, nmsg
from ..labels import LABELS, label
from ..database import write_transaction
from ..extensions import db
from ..models import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES, Customer, Department, Feedback, User
from ..models.base import utcnow
from . import audit, pagination, zones
from .access import require_role
from .errors import Conflict, FieldErrors, Forbidden, InvalidInput, NotFound
from .notifications import notify
from .outbox import customer_minimal
from .validation import DAY_PARAMETER, MAX_ID, TEXT_PARAMETER, Day, Input, Parameter, Text, blank_none, clean_text

MAX_PRODUCT = 200  # characters of a product's name
MAX_GROUP_KEY = 64

OPEN_STATUSES = ("new", "acknowledged", "in_progress")
CLOSED_STATUSES = ("done", "declined")
# Forward only: an item may skip a step (a duplicate is declined straight from new), but a closed
# item stays closed, since its answer has already reached the agent and maybe the customer.
TRANSITIONS = {
    "new": ("acknowledged", "in_progress", "done", "declined"),
    "acknowledged": ("in_progress", "done", "declined"),
    "in_progress": ("done", "declined"),
    "done": (),
    "declined": (),
}
MAX_RESPONSE = 5000
TREND_WEEKS = 12


# --- who may see what ------------------------------------------------------------------------------

def department_for(actor: User, slug: Any) -> Department:
    """The department whose inbox `actor` asks for: its own members and admins only."""
    require_role(actor, "department", "admin", why=_l("Only the department's members and admins see its inbox."))
    dept = db.session.scalar(select(Department).where(Department.slug == str(slug or "").lower()))
    if dept is None:
        raise NotFound(_('No department %(slug)r.', slug=slug))
    if actor.role != "admin" and actor.department_id != dept.id:
        raise Forbidden(_("This inbox belongs to another department."))
    return dept


def home_department(actor: User) -> Optional[Department]:
    """The department a member works in (None for admins, who see every inbox)."""
    if actor.role == "department":
        if actor.department is None:
            raise Forbidden(_("Your account belongs to no department; ask an admin to set one."))
        return actor.department
    if actor.role == "admin":
        return None
    raise Forbidden(_("Only department members and admins have an inbox."))


def departments_for(actor: User) -> list[Department]:
    """The inboxes `actor` may open."""
    home = home_department(actor)
    if home is not None:
        return [home]
    return list(db.session.scalars(select(Department).order_by(Department.name, Department.id)))


# --- listing -----------------------------------------------------------------------------------------

class InboxFilter(Input):
    """What the inbox shows, typed, from a query string or the inbox's filter form; blank is no filter."""

    model_config = ConfigDict(extra="ignore")  # a query string carries more (cursor, limit)

    # one of FEEDBACK_STATUSES, or "open" (new, acknowledged, in progress)
    status: Parameter(Annotated[Optional[Literal[("open", *FEEDBACK_STATUSES)]], BeforeValidator(blank_none)],
                      "Only items in this status; `open` is new, acknowledged and in progress.") = None
    category: Parameter(Annotated[Optional[Literal[FEEDBACK_CATEGORIES]], BeforeValidator(blank_none)],
                        "Only this category.") = None
    product: Parameter(Text(MAX_PRODUCT), "Only products whose name contains this, ignoring case.",
                       TEXT_PARAMETER) = None
    since: Parameter(Day(), "Only items logged on or after this day (UTC).", DAY_PARAMETER) = None
    until: Parameter(Day(), "Only items logged on or before this day (UTC).", DAY_PARAMETER) = None
    group: Parameter(Text(MAX_GROUP_KEY), "Only items alike to one: their `group_key`.", TEXT_PARAMETER) = None


def _date(value: Any, name: str, errors: FieldErrors) -> Optional[date]:
    if value in (None, ""):
        return None
    if isinstance(value, (date, str)):
        try:
            return usable_day(value) if isinstance(value, date) else read_day(value)
        except DayOutOfRange:
            errors.add(name, _("is out of range"))
            return None
        except ValueError:
            pass
    errors.add(name, _("must be a date, YYYY-MM-DD"))
    return None


def _start(day: date, zone_name: Optional[str] = None) -> datetime:
    """Where `day` begins on the reader's clock (`zone_name`; a UTC day when None, as the API reads it)."""
    return zones.start_of_day(day, zone_name)


def _where(dept: Department, c: InboxFilter, zone_name: Optional[str] = None) -> list:
    conditions = [Feedback.department_id == dept.id]
    if c.status == "open":
        conditions.append(Feedback.status.in_(OPEN_STATUSES))
    elif c.status:
        conditions.append(Feedback.status == c.status)
    if c.category:
        conditions.append(Feedback.category == c.category)
    if c.product:
        conditions.append(func.lower(Feedback.product).contains(c.product.lower(), autoescape=True))
    if c.since:
        conditions.append(Feedback.created_at >= _start(c.since, zone_name))
    if c.until:
        conditions.append(Feedback.created_at < _start(c.until + timedelta(days=1), zone_name))
    if c.group:
        conditions.append(Feedback.group_key == c.group)
    return conditions


@dataclass(frozen=True)
class InboxItem:
    """One item as a department sees it: the feedback, the customer's name and preferred contact
    (nothing more of their profile), and how many open items are alike."""

    feedback: Feedback
    customer: dict
    alike_open: int


def _items(rows: list[Feedback], dept: Department) -> list[InboxItem]:
    customers = {c.id: c for c in db.session.scalars(
        select(Customer).where(Customer.id.in_({fb.customer_id for fb in rows})))} if rows else {}
    keys = {fb.group_key for fb in rows if fb.group_key}
    alike = dict(db.session.execute(
        select(Feedback.group_key, func.count()).where(Feedback.department_id == dept.id,
                                                       Feedback.group_key.in_(keys),
                                                       Feedback.status.in_(OPEN_STATUSES))
        .group_by(Feedback.group_key)).all()) if keys else {}
    return [InboxItem(fb, customer_minimal(customers[fb.customer_id]), alike.get(fb.group_key, 0)) for fb in rows]


def list_feedback(actor: User, slug: Any, filters: InboxFilter, limit: int = 50,
                  cursor: Optional[str] = None) -> tuple[Department, list[InboxItem], Optional[str]]:
    """The department's items newest first, filtered: (department, page, next cursor)."""
    dept, items, page = feedback_page(actor, slug, filters, limit, cursor)
    return dept, items, page.next


def feedback_page(actor: User, slug: Any, filters: InboxFilter, limit: int = 50, cursor: Optional[str] = None,
                  zone_name: Optional[str] = None) -> tuple[Department, list[InboxItem], pagination.Page]:
    """The department's items newest first, filtered: (department, items, the page with its total); the
    days of `since` and `until` on `zone_name`'s clock (the page's reader's), UTC days when None."""
    dept = department_for(actor, slug)
    if filters.since and filters.until and filters.until < filters.since:
        raise InvalidInput({"until": [_("is before since")]})
    stmt = select(Feedback).where(*_where(dept, filters, zone_name))
    page = pagination.keyset_page(stmt, [(Feedback.created_at, True), (Feedback.id, True)], limit, cursor,
                                  scope=("department feedback", dept.id, filters, zone_name))
    return dept, _items(page.items, dept), page


def get_item(actor: User, feedback_id: int) -> InboxItem:
    fb = db.session.get(Feedback, feedback_id) if 1 <= feedback_id <= MAX_ID else None
    if fb is None or fb.department is None:
        require_role(actor, "department", "admin", why=_l("Only the department's members and admins see its inbox."))
        raise NotFound(_('No feedback %(feedback_id)s.', feedback_id=feedback_id))
    dept = department_for(actor, fb.department.slug)
    return _items([fb], dept)[0]


@dataclass(frozen=True)
class Group:
    """Open items alike enough to share one answer."""

    key: str
    count: int
    example: Feedback


def groups(actor: User, slug: Any, limit: int = 20) -> list[Group]:
    """The department's open groups of two or more alike items, biggest first."""
    dept = department_for(actor, slug)
    counted = db.session.execute(
        select(Feedback.group_key, func.count(), func.min(Feedback.id))
        .where(Feedback.department_id == dept.id, Feedback.status.in_(OPEN_STATUSES),
               Feedback.group_key.is_not(None))
        .group_by(Feedback.group_key).having(func.count() > 1)
        .order_by(func.count().desc(), func.min(Feedback.id)).limit(limit)).all()
    examples = {fb.id: fb for fb in db.session.scalars(
        select(Feedback).where(Feedback.id.in_([first for _, _, first in counted])))} if counted else {}
    return [Group(key, count, examples[first]) for key, count, first in counted]


# --- trends -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Trends:
    since: date
    until: date
    by_category: list[tuple[str, int]]
    by_product: list[tuple[str, int]]
    by_week: list[tuple[date, int]]  # Monday of each week in the period, zeros included
    total: int


def trends(actor: User, slug: Any, since: Any = None, until: Any = None,
           zone_name: Optional[str] = None) -> tuple[Department, Trends]:
    """Counts of the department's items by category, product and week over a period (default 12 weeks),
    the days and weeks on `zone_name`'s clock (the reader's; UTC when None)."""
    dept = department_for(actor, slug)
    errors = FieldErrors()
    clock = zones.zone(zone_name) if zone_name else timezone.utc
    today = utcnow().astimezone(clock).date()
    until_day = _date(until, "until", errors) or today
    since_day = _date(since, "since", errors) or (until_day - timedelta(weeks=TREND_WEEKS) + timedelta(days=1))
    if since_day > until_day:
        errors.add("until", _("is before since"))
    elif (until_day - since_day).days > 3 * 366:
        errors.add("since", _("the period may be at most three years"))
    errors.raise_if_any()
    within = (Feedback.department_id == dept.id, Feedback.created_at >= _start(since_day, zone_name),
              Feedback.created_at < _start(until_day + timedelta(days=1), zone_name))
    by_category = dict(db.session.execute(
        select(Feedback.category, func.count()).where(*within).group_by(Feedback.category)).all())
    by_product = db.session.execute(
        select(Feedback.product, func.count()).where(*within)
        .group_by(Feedback.product).order_by(func.count().desc(), Feedback.product).limit(15)).all()
    monday = since_day - timedelta(days=since_day.weekday())
    weeks: dict[date, int] = {}
    while monday <= until_day:
        weeks[monday] = 0
        monday += timedelta(weeks=1)
    # Weeks are counted here rather than in SQL: each database names the week differently.
    for (created,) in db.session.execute(select(Feedback.created_at).where(*within)):
        day = as_utc(created).astimezone(clock).date()
        weeks[day - timedelta(days=day.weekday())] += 1
    return dept, Trends(
        since=since_day, until=until_day,
        by_category=[(c, by_category.get(c, 0)) for c in FEEDBACK_CATEGORIES],
        by_product=[(p or "(no product)", n) for p, n in by_product],
        by_week=list(weeks.items()),
        total=sum(by_category.values()),
    )


# --- answering ---------------------------------------------------------------------------------------

def update_feedback(actor: User, feedback_id: int, status: Any = None, response: Any = None,
                    whole_group: bool = False) -> list[Feedback]:
    """Move an item on (and its open alike items, with `whole_group`), with the department's answer.

    A new answer shows on the customer's timeline and notifies the agent who heard the feedback.
    Returns the items changed, the one asked for first.
    """
    item = get_item(actor, feedback_id).feedback
    errors = FieldErrors()
    status = clean_text(status, "status", errors, 20)
    if status is not None and status not in FEEDBACK_STATUSES:
        errors.add("status", _('must be one of %(choices)s', choices=', '.join(s for s in FEEDBACK_STATUSES if s != 'new')))
    response = clean_text(response, "response", errors, MAX_RESPONSE)
    if status is None and response is None and not errors:
        errors.add("status", _("give a new status, a response, or both"))
    if not isinstance(whole_group, bool):
        errors.add("whole_group", _("must be true or false"))
    errors.raise_if_any()
    with write_transaction():
        # Read again under the write lock: another member may have moved it meanwhile.
        item = db.session.get(Feedback, item.id, with_for_update=True, populate_existing=True)
        if item.status not in CLOSED_STATUSES:
            if status == item.status:
                status = None
            if response == item.response:
                response = None
            if response is not None and status is None and item.status == "new":
                # An answered item is at least acknowledged: never "answered but new".
                status = "acknowledged"
        _check_move(item, status, response)
        # The alike items follow the opened item to its status and answer, also when the item itself does
        # not change: "answer them all" opens an item already moved on, and the group catches up with it.
        group_status = status or item.status
        group_response = response if response is not None else item.response
        alike = [fb for fb in db.session.scalars(
            select(Feedback).where(Feedback.department_id == item.department_id,
                                   Feedback.group_key == item.group_key, Feedback.id != item.id,
                                   Feedback.status.in_(OPEN_STATUSES))
            .order_by(Feedback.id).with_for_update().execution_options(populate_existing=True))
            if (fb.status, fb.response) != (group_status, group_response)
            and _can_move(fb, group_status, group_response)] if whole_group and item.group_key else []
        if status is None and response is None and not alike:
            raise InvalidInput({"status": [f"nothing to change: the item is {item.status.replace('_', ' ')} "
                                           "and has this response already"]})
        now = utcnow()
        answered: dict[int, list[Feedback]] = {}
        changes = ([(item, status, response)] if status is not None or response is not None else []) \
            + [(fb, group_status, group_response) for fb in alike]
        for fb, to_status, to_response in changes:
            if _apply(fb, to_status, to_response, actor, now, grouped_with=item.id if fb is not item else None) \
                    and fb.captured_by_id:
                answered.setdefault(fb.captured_by_id, []).append(fb)
        # One notice per agent, however many alike items of theirs one answer closed.
        for agent_id, items in answered.items():
            _notify_answered(agent_id, items, group_response)
    return [item] + alike


def _check_move(fb: Feedback, status: Optional[str], response: Optional[str]) -> None:
    if fb.status in CLOSED_STATUSES:
        raise Conflict(_('This item is %(status)s; a closed item keeps its answer.', status=fb.status), fb.id,
                       {"status": [f"is {fb.status} already"]})
    if status is not None and status != fb.status and status not in TRANSITIONS[fb.status]:
        raise Conflict(_('An item that is %(current)s cannot go back to %(status)s.', current=label(fb.status), status=label(status)), fb.id,
                       {"status": [f"can go from {fb.status} to {', '.join(TRANSITIONS[fb.status])}"]})
    if status in CLOSED_STATUSES and not (response or fb.response):
        raise InvalidInput({"response": [f"is required to mark the item {status}: "
                                         "the agent passes it on to the customer"]})


def _can_move(fb: Feedback, status: Optional[str], response: Optional[str]) -> bool:
    try:
        _check_move(fb, status, response)
    except (Conflict, InvalidInput):
        return False
    return True


def _apply(fb: Feedback, status: Optional[str], response: Optional[str], actor: User, now: datetime,
           grouped_with: Optional[int]) -> bool:
    """Move one item; True when it got a new answer."""
    previous = fb.status
    if status is not None:
        fb.status = status
    answered = response is not None and response != fb.response
    if answered:
        fb.response, fb.responded_at, fb.responded_by_id = response, now, actor.id
    audit.record("feedback.update", "feedback", fb.id, actor=actor, previous=previous, status=fb.status,
                 answered=answered, **({"grouped_with": grouped_with} if grouped_with else {}))
    return answered


def _notify_answered(agent_id: int, items: list[Feedback], response: str) -> None:
    """Tell the agent who heard the feedback that the department answered it (once for alike items)."""
    first = items[0]
    names = [db.session.get(Customer, fb.customer_id).name for fb in items]
    category, status = msg(LABELS.get(first.category, first.category)), msg(LABELS.get(first.status, first.status))
    if len(items) == 1:
        message = msg("%(department)s answered the %(category)s feedback of %(name)s (%(status)s): %(response)s",
                      department=first.department.name, category=category, name=names[0], status=status,
                      response=_quote(response))
    else:
        shown = names[:3] + ([nmsg("%(num)s more", "%(num)s more", len(names) - 3)] if len(names) > 3 else [])
        message = nmsg("%(department)s answered %(num)s alike %(category)s feedback item you captured "
                       "(%(names)s, %(status)s): %(response)s",
                       "%(department)s answered %(num)s alike %(category)s feedback items you captured "
                       "(%(names)s, %(status)s): %(response)s", len(items),
                       department=first.department.name, category=category, names=shown, status=status,
                       response=_quote(response))
    notify(agent_id, "feedback.answered", message, f"/interactions/{first.interaction_id}")


def _quote(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
