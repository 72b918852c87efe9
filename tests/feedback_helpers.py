"""Real parts for the feedback tests: a department's webhook receiver, an SMTP server, and set-up helpers."""
from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from crm.database import write_transaction
from crm.extensions import db
from crm.models import Department

SECRET = "a-department-secret-of-some-length"


class Receiver:
    """A department's webhook endpoint on 127.0.0.1, written the way API.md asks receivers to be.

    It checks X-CRM-Signature against the exact body bytes, answers 401 when it does not match,
    and acts on each X-CRM-Delivery key once: a repeat is answered 200 and otherwise ignored.
    `fail` answers that many requests with `fail_status` (500) first; `hold_first` keeps the first request's
    answer back (after acting on it) until `release()`, as a slow receiver would.
    """

    def __init__(self, secret: str = SECRET, fail: int = 0, hold_first: bool = False, delay: float = 0.0,
                 fail_status: int = 500):
        self.secret = secret
        self.fail = fail
        self.fail_status = fail_status
        self.hold_first = hold_first
        self.delay = delay
        self.arrivals: list[dict] = []  # every request: key, event, signature_ok, body, raw
        self.acted: list[str] = []  # keys acted on, in order
        self.holding = threading.Event()
        self._release = threading.Event()
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802  (http.server's naming)
                receiver._handle(self)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/crm-hook"

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        raw = request.rfile.read(int(request.headers.get("Content-Length") or 0))
        expected = "sha256=" + hmac.new(self.secret.encode(), raw, hashlib.sha256).hexdigest()
        signature_ok = hmac.compare_digest(expected, request.headers.get("X-CRM-Signature", ""))
        key = request.headers.get("X-CRM-Delivery", "")
        hold = False
        with self._lock:
            self.arrivals.append({"key": key, "event": request.headers.get("X-CRM-Event"),
                                  "signature_ok": signature_ok, "raw": raw,
                                  "body": json.loads(raw) if signature_ok else None})
            if self.fail > 0:
                self.fail -= 1
                status = self.fail_status
            elif not signature_ok:
                status = 401
            else:
                status = 200
                if key not in self.acted:
                    self.acted.append(key)
                    if self.hold_first:
                        self.hold_first, hold = False, True
        if hold:
            self.holding.set()
            self._release.wait(20)
        if self.delay:
            self._release.wait(self.delay)
        try:
            request.send_response(status)
            if 300 <= status < 400:
                request.send_header("Location", self.url + "/elsewhere")
            request.send_header("Content-Length", "2")
            request.end_headers()
            request.wfile.write(b"ok")
        except OSError:
            pass  # the sender is gone (killed mid-delivery): nothing to answer

    def release(self) -> None:
        self._release.set()

    def arrived(self, key: str) -> int:
        return sum(1 for a in self.arrivals if a["key"] == key)

    def acted_once_each(self) -> bool:
        return all(n == 1 for n in Counter(self.acted).values())

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def receiver():
    with Receiver() as r:
        yield r


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class MailInbox:
    """What a real SMTP server (aiosmtpd) received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, _server, _session, envelope):  # noqa: N802  (aiosmtpd's naming)
        from email import message_from_bytes
        from email.policy import default

        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=default)))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server():
    """An SMTP server on 127.0.0.1 at a free port: (smtp:// URL, MailInbox)."""
    from aiosmtpd.controller import Controller

    inbox = MailInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield f"smtp://127.0.0.1:{port}", inbox
    finally:
        controller.stop()


def department(slug: str, name: str | None = None, *, webhook_url: str | None = None, secret: str = SECRET,
               emails: list[str] | None = None, fallback: bool = False) -> Department:
    """A department straight in the database (the admin API is tested on its own)."""
    with write_transaction():
        if fallback:
            for other in db.session.scalars(db.select(Department).where(Department.is_fallback.is_(True))):
                other.is_fallback = False
        dept = Department(slug=slug, name=name or slug.title(), emails=emails or [], webhook_url=webhook_url,
                          webhook_secret=secret if webhook_url else None, is_fallback=fallback)
        db.session.add(dept)
    return dept


def log_feedback(agent, customer, *items, transcript: str = "", summary: str = "Customer gave feedback today."):
    """Log a phone contact carrying feedback items (dicts, or (category, text) pairs)."""
    from crm.services.interactions import InteractionInput, log_interaction

    feedback = [i if isinstance(i, dict) else {"category": i[0], "text": i[1]} for i in items]
    return log_interaction(InteractionInput(customer_id=customer.id, summary=summary, transcript=transcript,
                                            outcome="resolved", feedback=feedback), agent)
