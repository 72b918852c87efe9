"""The outbox: deliveries written with the change that caused them, sent by `crm worker` with retries."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
import hashlib
import hmac
import json
import logging
import random
import smtplib
import ssl
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from http.client import HTTPException
from typing import Annotated, Any, Literal, Optional
from urllib.parse import unquote, urlsplit

from flask import current_app
from pydantic import BeforeValidator, ConfigDict
from sqlalchemy import or_, select, update

from ..i18n import reader_locale, translator
from ..labels import LABELS
from ..database import Direct, write_transaction
from ..extensions import db
from ..models import DELIVERY_STATUSES, Customer, Delivery, Department, Feedback, User
from ..models.base import utcnow
from . import audit, outbound, pagination
from .access import require_role
from .errors import Conflict, NotFound
from .validation import MAX_ID, Input, Parameter, blank_none

log = logging.getLogger(__name__)

EVENT_FEEDBACK_ROUTED = "feedback.routed"
USER_AGENT = "crm-outbox/1"
MAX_ERROR = 2000
MAX_ANSWER_READ = 64 * 1024  # enough of a receiver's answer to quote in an error


# --- writing deliveries (inside the caller's transaction) -------------------------------------------

def customer_minimal(customer: Customer) -> dict:
    """What a department needs to know of the customer: their name and how they like to be reached."""
    channel = customer.preferred_channel
    phones, emails = customer.phones, customer.emails
    preferred = emails if channel == "email" else phones if channel in ("phone", "sms") else []
    points = preferred or phones or emails
    contact = points[0].value if points else None
    return {"id": customer.id, "name": customer.name, "preferred_channel": channel, "contact": contact}


def feedback_minimal(fb: Feedback, department: Department) -> dict:
    return {
        "id": fb.id,
        "interaction_id": fb.interaction_id,
        "category": fb.category,
        "product": fb.product,
        "text": fb.text,
        "source": fb.source,
        "department": department.slug,
        "group_key": fb.group_key,
        "status": fb.status or "new",
        "created_at": (fb.created_at or utcnow()).isoformat(),
    }


def _key(fb: Feedback, kind: str) -> str:
    # Random, not derived from the row id: ids restart when a database is rebuilt, and a
    # receiver that remembers keys must never take a new delivery for one it has seen.
    return f"fbr-{fb.id}-{kind}-{uuid.uuid4().hex}"


def enqueue_feedback_routed(fb: Feedback, department: Department, customer: Customer) -> list[Delivery]:
    """Write the webhook (when the department has a URL) and one e-mail per address.

    E-mails are written only where CRM_SMTP_URL is set: without a mail server they could only
    fail until dead, and the item waits in the department's inbox either way.
    """
    body = {"event": EVENT_FEEDBACK_ROUTED, "feedback": feedback_minimal(fb, department),
            "customer": customer_minimal(customer)}
    deliveries = []
    if department.webhook_url:
        deliveries.append(Delivery(kind="webhook", event=EVENT_FEEDBACK_ROUTED, department_id=department.id,
                                   feedback_id=fb.id, target=department.webhook_url, payload=body,
                                   idempotency_key=_key(fb, "webhook"), status="pending", attempts=0,
                                   next_attempt_at=utcnow()))
    if current_app.config.get("CRM_SMTP_URL"):
        for address in department.emails or []:
            deliveries.append(Delivery(kind="email", event=EVENT_FEEDBACK_ROUTED, department_id=department.id,
                                       feedback_id=fb.id, target=address, payload={**body, **_mail(body, reader_locale(department))},
                                       idempotency_key=_key(fb, "email"), status="pending", attempts=0,
                                       next_attempt_at=utcnow()))
    db.session.add_all(deliveries)
    return deliveries


_insert_email = Direct(lambda: Delivery.__table__.insert(),
                      ("kind", "event", "target", "payload", "idempotency_key", "status", "attempts", "next_attempt_at"))


def enqueue_email(to: str, event: str, subject: str, text: str, key_prefix: str) -> None:
    """Write one e-mail to the outbox, in the caller's transaction (nothing without a mail server).

    One INSERT on the session's connection, not an instance left to the unit of work: a logged contact
    that invites its customer to the survey would otherwise pay a whole flush for this one row."""
    if not current_app.config.get("CRM_SMTP_URL"):
        return
    _insert_email.run(dict(kind="email", event=event, target=to, payload={"subject": subject, "text": text},
                           idempotency_key=f"{key_prefix}-{uuid.uuid4().hex}", status="pending", attempts=0,
                           next_attempt_at=utcnow()))


def _mail(body: dict, locale: str = "en") -> dict:
    """The e-mail to a department, in the department's language (its setting, else CRM_DEFAULT_LOCALE)."""
    t = translator(locale)
    fb, customer = body["feedback"], body["customer"]
    category = t.gettext(LABELS.get(fb["category"], fb["category"]))
    if fb["product"]:
        subject = t.gettext("New %(category)s feedback on %(product)s", category=category, product=fb["product"])
    else:
        subject = t.gettext("New %(category)s feedback", category=category)
    reach = customer["name"]
    if customer["preferred_channel"]:
        channel = t.gettext(LABELS.get(customer["preferred_channel"], customer["preferred_channel"]))
        reach = t.gettext("%(name)s, prefers %(channel)s", name=customer["name"], channel=channel)
    if customer["contact"]:
        reach = f"{reach}: {customer['contact']}"
    lines = [
        t.gettext("A customer's %(category)s feedback was routed to your department (%(department)s).",
                  category=category, department=fb["department"]),
        "",
        t.gettext("Product: %(product)s", product=fb["product"] or "-"),
        t.gettext("What the customer said: %(text)s", text=fb["text"]),
        "",
        t.gettext("Customer: %(customer)s", customer=reach),
        "",
        t.gettext("Answer it in the department inbox of the CRM (feedback %(id)s); the agent who heard it "
                  "will see your answer and can tell the customer.", id=fb["id"]),
    ]
    return {"subject": subject, "text": "\n".join(lines)}


# --- the wire format ---------------------------------------------------------------------------

def webhook_body(payload: dict) -> bytes:
    """The exact bytes sent and signed: the same on every attempt, so a retry verifies the same."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def signature(secret: str, body: bytes) -> str:
    """The X-CRM-Signature header: HMAC-SHA256 of the body with the department's secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


# --- sending (crm worker) --------------------------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    max_attempts: int
    backoff_base: float
    backoff_cap: float
    timeout: float
    lease: float
    smtp_url: Optional[str]
    mail_from: str

    @classmethod
    def from_config(cls) -> "Settings":
        c = current_app.config
        return cls(max_attempts=max(1, int(c.get("CRM_DELIVERY_MAX_ATTEMPTS", 8))),
                   backoff_base=float(c.get("CRM_DELIVERY_BACKOFF_BASE", 30)),
                   backoff_cap=float(c.get("CRM_DELIVERY_BACKOFF_CAP", 3600)),
                   timeout=float(c.get("CRM_DELIVERY_TIMEOUT", 10)),
                   lease=float(c.get("CRM_DELIVERY_LEASE", 60)),
                   smtp_url=c.get("CRM_SMTP_URL"), mail_from=c.get("CRM_MAIL_FROM") or "crm@localhost")


def backoff(attempt: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Seconds to wait before the next attempt: exponential, with full jitter.

    Full jitter (a uniform draw up to the exponential bound) spreads the retries of many
    deliveries that failed together, so a receiver coming back up is not hit by all at once.
    """
    bound = min(cap, base * 2 ** max(0, attempt - 1))
    return (rng or random).uniform(0, bound)


@dataclass(frozen=True)
class Claim:
    """A delivery a worker holds until `lease_until`; plain data, usable outside any transaction."""

    id: int
    kind: str
    event: str
    target: str
    payload: dict
    key: str
    secret: Optional[str]
    attempts: int
    lease_until: datetime


def claim_next(settings: Settings, now: Optional[datetime] = None) -> Optional[Claim]:
    """Take the next due delivery for this worker, or None when nothing is due.

    On PostgreSQL the row is locked with FOR UPDATE SKIP LOCKED, so workers running at once
    each take a different row; the lease (locked_until) then keeps it theirs after the commit,
    and lapses by itself if the worker dies. SQLite's write lock serialises the claim.
    """
    while True:
        now = now or utcnow()
        with write_transaction():
            row = db.session.scalar(
                select(Delivery)
                .where(Delivery.status == "pending", Delivery.next_attempt_at <= now,
                       or_(Delivery.locked_until.is_(None), Delivery.locked_until <= now))
                .order_by(Delivery.next_attempt_at, Delivery.id)
                .limit(1)
                .with_for_update(skip_locked=True)
                # The session keeps objects across commits: read the row as it is now.
                .execution_options(populate_existing=True))
            if row is None:
                return None
            if row.attempts >= settings.max_attempts:
                # Claimed that many times and never finished: each worker died mid-send.
                row.status, row.locked_until = "dead", None
                row.last_error = row.last_error or "every attempt was cut short (the worker stopped mid-delivery)"
                continue
            row.attempts += 1
            # A lease shorter than the send timeout would let another worker take a row still
            # being sent; the clamp keeps a misconfiguration from sending twice.
            row.locked_until = now + timedelta(seconds=max(settings.lease, settings.timeout + 1))
            dept = db.session.get(Department, row.department_id) if row.department_id else None
            claim = Claim(row.id, row.kind, row.event, row.target, dict(row.payload or {}), row.idempotency_key,
                          dept.webhook_secret if dept else None, row.attempts, row.locked_until)
        return claim


def send(claim: Claim, settings: Settings) -> Optional[str]:
    """Send one delivery; None when the receiver took it, else why not (for last_error)."""
    try:
        if claim.kind == "webhook":
            return _send_webhook(claim, settings)
        if claim.kind == "email":
            return _send_email(claim, settings)
        return f"unknown delivery kind {claim.kind!r}"
    except Exception as exc:  # a sender bug must become a retry, not a lost row or a dead worker
        log.exception("delivery %s failed unexpectedly", claim.id)
        return f"{type(exc).__name__}: {exc}"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer other than 2xx: retried like any other, never followed."""

    def redirect_request(self, *_args, **_kwargs):
        return None


# Only http(s), and only to addresses checked as they are connected to (services/outbound.py).
_OPENER = urllib.request.OpenerDirector()
for _handler in (_NoRedirects(), outbound.CheckedHTTPHandler(), outbound.CheckedHTTPSHandler(),
                 urllib.request.HTTPDefaultErrorHandler(), urllib.request.HTTPErrorProcessor(),
                 urllib.request.UnknownHandler()):
    _OPENER.add_handler(_handler)


def _send_webhook(claim: Claim, settings: Settings) -> Optional[str]:
    if not claim.secret:
        return "the department has no webhook secret to sign with"
    if urlsplit(claim.target).scheme not in outbound.SCHEMES:
        return f"{claim.target} is not an http:// or https:// address"
    body = webhook_body(claim.payload)
    request = urllib.request.Request(claim.target, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": USER_AGENT,
        "X-CRM-Event": claim.event,
        "X-CRM-Delivery": claim.key,
        "X-CRM-Signature": signature(claim.secret, body),
    })
    try:
        with _OPENER.open(request, timeout=settings.timeout) as response:
            response.read(MAX_ANSWER_READ)
            return None  # urllib raises for anything but 2xx
    except urllib.error.HTTPError as exc:
        answer = exc.read(500).decode("utf-8", "replace").strip() if exc.fp else ""
        exc.close()
        return f"HTTP {exc.code} {exc.reason}" + (f": {answer}" if answer else "")
    except urllib.error.URLError as exc:
        return f"cannot reach {claim.target}: {exc.reason}"
    except TimeoutError:
        return f"no answer within {settings.timeout:g} s"
    except (OSError, HTTPException, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


def _send_email(claim: Claim, settings: Settings) -> Optional[str]:
    if not settings.smtp_url:
        return "CRM_SMTP_URL is not set"
    url = urlsplit(settings.smtp_url)
    if url.scheme not in ("smtp", "smtp+starttls", "smtps") or not url.hostname:
        return f"CRM_SMTP_URL must be smtp://, smtp+starttls:// or smtps://host:port, not {url.scheme}://"
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = claim.target
    message["Subject"] = claim.payload.get("subject") or claim.event
    # The idempotency key as Message-ID: a mail system that sees the same message twice after a
    # crash can drop the copy.
    message["Message-ID"] = f"<{claim.key}@crm>"
    message["X-CRM-Event"] = claim.event
    message["X-CRM-Delivery"] = claim.key
    message.set_content(claim.payload.get("text") or json.dumps(claim.payload, ensure_ascii=False, indent=2))
    default_port = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}[url.scheme]
    try:
        port = url.port or default_port
        if url.scheme == "smtps":
            client = smtplib.SMTP_SSL(url.hostname, port, timeout=settings.timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=settings.timeout)
        with client:
            if url.scheme == "smtp+starttls":
                client.starttls(context=ssl.create_default_context())
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
        return None
    except (smtplib.SMTPException, OSError, ValueError) as exc:
        return f"{type(exc).__name__}: {exc}"


def finish(claim: Claim, error: Optional[str], settings: Settings) -> str:
    """Record the attempt's outcome: "delivered", "retry", "dead", or "lost" when the lease lapsed.

    The update only applies while this worker's lease holds, so a worker that took too long
    cannot overwrite what the worker that took the row over recorded.
    """
    now = utcnow()
    mine = (Delivery.id == claim.id, Delivery.status == "pending", Delivery.locked_until == claim.lease_until)
    if error is None:
        values: dict[str, Any] = {"status": "delivered", "delivered_at": now, "locked_until": None,
                                  "last_error": None}
        outcome = "delivered"
    elif claim.attempts >= settings.max_attempts:
        values = {"status": "dead", "locked_until": None, "last_error": error[:MAX_ERROR]}
        outcome = "dead"
    else:
        wait = backoff(claim.attempts, settings.backoff_base, settings.backoff_cap)
        values = {"next_attempt_at": now + timedelta(seconds=wait), "locked_until": None,
                  "last_error": error[:MAX_ERROR]}
        outcome = "retry"
    with write_transaction():
        done = db.session.execute(update(Delivery).where(*mine).values(**values)
                                  .execution_options(synchronize_session=False)).rowcount
    if not done:
        log.warning("delivery %s: the lease lapsed before the attempt ended; another worker owns it", claim.id)
        return "lost"
    if error is not None:
        log.info("delivery %s attempt %s failed (%s): %s", claim.id, claim.attempts, outcome, error)
    return outcome


@dataclass
class Report:
    delivered: int = 0
    retry: int = 0
    dead: int = 0
    lost: int = 0

    def line(self) -> str:
        return (f"{self.delivered} delivered, {self.retry} to retry, {self.dead} dead"
                + (f", {self.lost} taken over by another worker" if self.lost else ""))


def deliver_due(budget_seconds: float = 30.0, limit: Optional[int] = None) -> Report:
    """Send what is due, one delivery at a time, until nothing is due or the budget is spent.

    One at a time: a claim holds one row for one send, so the lease only has to outlast one
    timeout, and several workers share the queue evenly.
    """
    settings = Settings.from_config()
    report = Report()
    deadline = time.monotonic() + budget_seconds
    sent = 0
    while time.monotonic() < deadline and (limit is None or sent < limit):
        claim = claim_next(settings)
        if claim is None:
            break
        outcome = finish(claim, send(claim, settings), settings)
        setattr(report, outcome, getattr(report, outcome) + 1)
        sent += 1
    return report


# --- the dead letters (admin) ---------------------------------------------------------------------

def list_deliveries(actor: User, status: Optional[str] = None, limit: int = 50,
                    cursor: Optional[str] = None) -> tuple[list[Delivery], Optional[str]]:
    """Deliveries newest first, optionally of one status: (page, next cursor)."""
    page = deliveries_page(actor, status, limit, cursor)
    return page.items, page.next


class DeliveryFilters(Input):
    """The filters of GET /api/v1/deliveries and of the deliveries page, typed; blank is no filter."""

    model_config = ConfigDict(extra="ignore")  # a query string carries more (cursor, limit)

    status: Parameter(Annotated[Optional[Literal[DELIVERY_STATUSES]], BeforeValidator(blank_none)],
                      "Only deliveries in this status, e.g. dead.") = None


def deliveries_page(actor: User, status: Optional[str] = None, limit: int = 50,
                    cursor: Optional[str] = None) -> pagination.Page:
    """Deliveries newest first, optionally of one status, a page at a time with the exact total."""
    require_role(actor, "admin", why=_l("Only an admin sees the deliveries."))
    status = DeliveryFilters(status=status).status
    stmt = select(Delivery)
    if status:
        stmt = stmt.where(Delivery.status == status)
    return pagination.keyset_page(stmt, [(Delivery.created_at, True), (Delivery.id, True)], limit, cursor,
                                  scope=("deliveries", status))


def _requeue(delivery: Delivery, actor: User) -> None:
    previous = delivery.status
    # A fresh set of attempts: the admin retries because the cause is fixed.
    delivery.status, delivery.attempts, delivery.locked_until = "pending", 0, None
    delivery.next_attempt_at = utcnow()
    audit.record("delivery.retry", "delivery", delivery.id, actor=actor, previous=previous,
                 target=delivery.target, last_error=delivery.last_error)


def retry(delivery_id: int, actor: User) -> Delivery:
    """Send a dead (or waiting) delivery again as soon as a worker is free."""
    require_role(actor, "admin", why=_l("Only an admin retries deliveries."))
    with write_transaction():
        delivery = (db.session.get(Delivery, delivery_id, with_for_update=True, populate_existing=True)
                    if 1 <= delivery_id <= MAX_ID else None)
        if delivery is None:
            raise NotFound(_('No delivery %(delivery_id)s.', delivery_id=delivery_id))
        if delivery.status == "delivered":
            raise Conflict(_('Delivery %(delivery_id)s was already delivered; the receiver has it.', delivery_id=delivery_id), delivery.id,
                           {"status": ["is delivered"]})
        _requeue(delivery, actor)
    return delivery


def retry_all_dead(actor: User) -> int:
    """Retry every dead delivery; return how many."""
    require_role(actor, "admin", why=_l("Only an admin retries deliveries."))
    with write_transaction():
        dead = list(db.session.scalars(select(Delivery).where(Delivery.status == "dead").with_for_update()
                                       .execution_options(populate_existing=True)))
        for delivery in dead:
            _requeue(delivery, actor)
    return len(dead)
