"""The outbox with real parts: signed webhooks to an HTTP receiver, e-mail to an SMTP server, retries,
dead letters, a worker killed mid-delivery, and two workers at once on PostgreSQL."""
import json
import re
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import AuditEvent, Delivery, Feedback, Interaction
from crm.models.base import utcnow
from crm.services import outbox
from feedback_helpers import Receiver, department, log_feedback


@pytest.fixture
def fast(app):
    """Tiny backoff and timeouts, so a test of retries takes milliseconds."""
    app.config.update(CRM_DELIVERY_BACKOFF_BASE=0.01, CRM_DELIVERY_BACKOFF_CAP=0.02, CRM_DELIVERY_TIMEOUT=2,
                      CRM_DELIVERY_LEASE=0, CRM_DELIVERY_MAX_ATTEMPTS=8)
    return app


@pytest.fixture
def customer(make_customer):
    return make_customer("Siti Rahman", phones=["+60 12-345 6789"], emails=["siti@example.com"],
                         preferred_channel="phone", notes="VIP: never share", account_number="ACC-777")


def deliveries(**where) -> list[Delivery]:
    db.session.rollback()  # see what other connections (a worker) committed
    return list(db.session.scalars(select(Delivery).filter_by(**where).order_by(Delivery.id)
                                   .execution_options(populate_existing=True)))


def drain(until, timeout: float = 5.0) -> None:
    """Run the outbox as the worker does until `until()` holds."""
    deadline = time.monotonic() + timeout
    while not until():
        assert time.monotonic() < deadline, "the outbox did not settle in time"
        outbox.deliver_due(budget_seconds=1)
        time.sleep(0.01)


# --- writing the outbox ---------------------------------------------------------------------------

def test_routing_writes_one_signed_webhook_per_item_in_the_interactions_transaction(fast, agent, customer, receiver):
    department("packaging", webhook_url=receiver.url, fallback=True)
    logged = log_feedback(agent, customer, ("packaging", "The box arrived crushed."), ("other", "Lovely staff."))
    rows = deliveries()
    assert [(d.kind, d.feedback_id, d.status, d.attempts) for d in rows] == [
        ("webhook", logged.feedback[0].id, "pending", 0), ("webhook", logged.feedback[1].id, "pending", 0)]
    assert len({d.idempotency_key for d in rows}) == 2

    outbox.deliver_due()
    assert [d.status for d in deliveries()] == ["delivered", "delivered"]
    assert [a["signature_ok"] for a in receiver.arrivals] == [True, True]
    first = receiver.arrivals[0]
    assert first["event"] == "feedback.routed" and first["key"] == rows[0].idempotency_key
    body = first["body"]
    assert body["event"] == "feedback.routed"
    assert body["feedback"]["text"] == "The box arrived crushed." and body["feedback"]["department"] == "packaging"
    # Only what the department needs of the customer: never the notes or the account number.
    assert body["customer"] == {"id": customer.id, "name": "Siti Rahman", "preferred_channel": "phone",
                                "contact": "+60123456789"}
    assert "VIP" not in first["raw"].decode() and "ACC-777" not in first["raw"].decode()


def test_a_failure_while_writing_the_outbox_stores_nothing_of_the_interaction(fast, agent, customer, receiver,
                                                                            monkeypatch):
    department("packaging", webhook_url=receiver.url, fallback=True)

    def broken(*_args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(outbox, "enqueue_feedback_routed", broken)
    with pytest.raises(RuntimeError):
        log_feedback(agent, customer, ("packaging", "The box arrived crushed."))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 0
    assert db.session.scalar(select(func.count()).select_from(Feedback)) == 0
    assert deliveries() == []


def test_a_department_without_webhook_or_mail_server_gets_its_inbox_only(fast, agent, customer):
    department("packaging", emails=["pack@example.com"], fallback=True)
    assert fast.config["CRM_SMTP_URL"] is None
    log_feedback(agent, customer, ("packaging", "The box arrived crushed."))
    assert deliveries() == []
    assert db.session.scalar(select(Feedback)).department.slug == "packaging"


# --- retries -----------------------------------------------------------------------------------------

def test_a_receiver_that_fails_then_recovers_gets_the_delivery_once_with_the_same_key_and_bytes(fast, agent,
                                                                                                 customer):
    with Receiver(fail=2) as flaky:
        department("packaging", webhook_url=flaky.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."))
        drain(lambda: deliveries()[0].status == "delivered")
    (row,) = deliveries()
    assert row.attempts == 3 and row.last_error is None and row.delivered_at is not None
    assert len(flaky.arrivals) == 3 and flaky.acted == [row.idempotency_key]
    assert {a["key"] for a in flaky.arrivals} == {row.idempotency_key}
    assert len({a["raw"] for a in flaky.arrivals}) == 1  # the same signed bytes on every attempt


def test_a_failed_attempt_is_retried_later_with_backoff_and_the_error_kept(app, agent, customer):
    app.config.update(CRM_DELIVERY_BACKOFF_BASE=30, CRM_DELIVERY_BACKOFF_CAP=60, CRM_DELIVERY_TIMEOUT=2)
    with Receiver(fail=1) as flaky:
        department("packaging", webhook_url=flaky.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."))
        before = utcnow()
        report = outbox.deliver_due()
        assert (report.delivered, report.retry) == (0, 1)
        (row,) = deliveries()
        assert row.status == "pending" and row.attempts == 1 and row.locked_until is None
        assert row.last_error.startswith("HTTP 500")
        # Full jitter: anywhere from now to base * 2**0 seconds on.
        assert before <= row.next_attempt_at <= before + timedelta(seconds=31)
        assert outbox.deliver_due().delivered == 0  # not due yet
        assert len(flaky.arrivals) == 1


def test_backoff_grows_exponentially_up_to_the_cap_with_full_jitter():
    class Highest:
        def uniform(self, low, high):
            return high

    assert [outbox.backoff(n, 30, 3600, Highest()) for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]
    assert all(0 <= outbox.backoff(4, 1, 100) <= 8 for _ in range(100))


def test_wrong_secret_unreachable_receiver_and_redirects_are_failures_not_deliveries(fast, agent, customer):
    with Receiver(secret="the-receiver-knows-another-secret") as strict:
        department("packaging", webhook_url=strict.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."))
        outbox.deliver_due(limit=1)
        assert deliveries()[0].last_error.startswith("HTTP 401") and strict.acted == []
    with Receiver(fail=1, fail_status=307) as moved:
        _retarget(moved.url)
        outbox.deliver_due(limit=1)
        assert deliveries()[0].last_error.startswith("HTTP 307") and moved.acted == []
        assert len(moved.arrivals) == 1  # the redirect was not followed
    dead_port = Receiver()
    dead_port.server.server_close()  # a port nobody listens on any more
    _retarget(dead_port.url)
    outbox.deliver_due(limit=1)
    (row,) = deliveries()
    assert row.last_error.startswith("cannot reach") and row.status == "pending" and row.attempts == 3


def _retarget(url: str) -> None:
    """Point the delivery elsewhere and make it due now."""
    row = deliveries()[0]
    row.target, row.next_attempt_at = url, utcnow()
    db.session.commit()


# --- dead letters ------------------------------------------------------------------------------------

def test_after_max_attempts_a_delivery_is_dead_and_the_admin_retries_it_from_the_page(fast, agent, customer, client,
                                                                                      auth, make_user):
    fast.config["CRM_DELIVERY_MAX_ATTEMPTS"] = 3
    with Receiver(fail=1000) as down:
        department("packaging", webhook_url=down.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."))
        drain(lambda: deliveries()[0].status == "dead")
        (row,) = deliveries()
        assert row.attempts == 3 and len(down.arrivals) == 3 and row.last_error.startswith("HTTP 500")
        outbox.deliver_due()
        assert len(down.arrivals) == 3  # dead stays dead

        admin = make_user("admin")
        auth.login(admin)
        page = client.get("/admin/deliveries").get_data(as_text=True)
        assert f"<td>{row.id}</td>" in page and "HTTP 500" in page and down.url in page
        assert "No delivered deliveries." in client.get("/admin/deliveries?status=delivered").get_data(as_text=True)
        assert client.get("/admin/deliveries?after=garbage").status_code == 200

        down.fail = 0  # the department fixed its receiver
        response = client.post(f"/admin/deliveries/{row.id}/retry")
        assert response.status_code == 302
        (row,) = deliveries()
        assert (row.status, row.attempts) == ("pending", 0) and row.last_error.startswith("HTTP 500")
        drain(lambda: deliveries()[0].status == "delivered")
        assert down.acted == [row.idempotency_key]
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "delivery.retry")).actor_id == admin.id


def test_the_deliveries_page_names_the_statuses_in_the_readers_language(client, auth, make_user):
    auth.login(make_user("admin"))
    page = client.get("/admin/deliveries?status=pending", headers={"Accept-Language": "cs"}).get_data(as_text=True)
    tabs = re.findall(r'href="/admin/deliveries\?status=(\w+)"[^>]*>([^<]*)</a>', page)
    # a pending delivery waits to be sent, not for the customer as a pending case does
    assert tabs == [("pending", "čeká na odeslání"), ("delivered", "doručeno"), ("dead", "nedoručitelné")]


def test_retry_every_dead_delivery_at_once(fast, agent, customer, client, auth, make_user):
    fast.config["CRM_DELIVERY_MAX_ATTEMPTS"] = 1
    with Receiver(fail=1000) as down:
        department("packaging", webhook_url=down.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."), ("packaging", "Torn wrapping."))
        drain(lambda: all(d.status == "dead" for d in deliveries()))
        auth.login(make_user("admin"))
        assert client.post("/admin/deliveries/retry-dead").status_code == 302
        assert [d.status for d in deliveries()] == ["pending", "pending"]


def test_the_deliveries_api_lists_dead_ones_and_retries_them(fast, agent, customer, api, make_user):
    fast.config["CRM_DELIVERY_MAX_ATTEMPTS"] = 1
    with Receiver(fail=1000) as down:
        department("packaging", webhook_url=down.url, fallback=True)
        log_feedback(agent, customer, ("packaging", "Dented corner."))
        drain(lambda: deliveries()[0].status == "dead")
    as_admin = api(make_user("admin"))
    listed = as_admin.get("/api/v1/deliveries?status=dead").get_json()
    (item,) = listed["items"]
    assert item["status"] == "dead" and item["attempts"] == 1 and item["last_error"].startswith("HTTP 500")
    assert item["kind"] == "webhook" and item["department"] == "packaging" and listed["next"] is None
    assert as_admin.get("/api/v1/deliveries?status=delivered").get_json()["items"] == []
    retried = as_admin.post(f"/api/v1/deliveries/{item['id']}/retry")
    assert retried.status_code == 200 and retried.get_json()["status"] == "pending"
    assert as_admin.post("/api/v1/deliveries/999999/retry").status_code == 404
    assert as_admin.get("/api/v1/deliveries?status=lost").status_code == 422
    as_agent = api(agent)
    assert as_agent.get("/api/v1/deliveries").status_code == 403
    assert as_agent.post(f"/api/v1/deliveries/{item['id']}/retry").status_code == 403


def test_a_delivered_delivery_is_not_sent_again(fast, agent, customer, receiver, api, make_user):
    department("packaging", webhook_url=receiver.url, fallback=True)
    log_feedback(agent, customer, ("packaging", "Dented corner."))
    outbox.deliver_due()
    (row,) = deliveries()
    response = api(make_user("admin")).post(f"/api/v1/deliveries/{row.id}/retry")
    assert response.status_code == 409 and response.get_json()["error"]["code"] == "conflict"


# --- e-mail over real SMTP ------------------------------------------------------------------------------

def test_each_department_address_gets_an_email_over_smtp(fast, agent, customer, smtp_server):
    url, mailbox = smtp_server
    fast.config.update(CRM_SMTP_URL=url, CRM_MAIL_FROM="crm@shop.example")
    department("packaging", emails=["pack@shop.example", "lead.pack@shop.example"], fallback=True)
    log_feedback(agent, customer, {"category": "packaging", "text": "The box arrived crushed.", "product": "Kettle"})
    rows = deliveries(event="feedback.routed")
    assert [(d.kind, d.target) for d in rows] == [("email", "pack@shop.example"), ("email", "lead.pack@shop.example")]
    # the resolved contact also invites the customer to the satisfaction survey
    assert outbox.deliver_due().delivered == 3
    assert sorted(rcpt for rcpts, _ in mailbox.messages for rcpt in rcpts) == ["lead.pack@shop.example",
                                                                              "pack@shop.example",
                                                                              "siti@example.com"]
    _, message = next(m for m in mailbox.messages if m[0] == ["pack@shop.example"])
    assert message["From"] == "crm@shop.example" and message["Subject"] == "New packaging feedback on Kettle"
    assert message["X-CRM-Delivery"] in {d.idempotency_key for d in rows}
    text = message.get_content()
    assert "The box arrived crushed." in text and "Siti Rahman" in text and "VIP" not in text


def test_an_unreachable_mail_server_is_retried(fast, agent, customer):
    from feedback_helpers import free_port

    fast.config["CRM_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    department("packaging", emails=["pack@shop.example"], fallback=True)
    log_feedback(agent, customer, ("packaging", "Crushed."))
    assert outbox.deliver_due(limit=2).retry == 2  # the department's e-mail and the survey invitation
    (row,) = deliveries(event="feedback.routed")
    assert row.status == "pending" and "Connection refused" in row.last_error


# --- crash safety: a worker killed mid-delivery ---------------------------------------------------------

def _start_worker(database_url: str, log_path) -> subprocess.Popen:
    env = {**os.environ, "CRM_DATABASE_URL": database_url, "CRM_SECRET_KEY": "test-secret",
           "CRM_DELIVERY_POLL": "0.05", "CRM_DELIVERY_TIMEOUT": "1", "CRM_DELIVERY_LEASE": "0",
           "CRM_DELIVERY_BACKOFF_BASE": "0.01", "CRM_DELIVERY_BACKOFF_CAP": "0.02",
           "CRM_ALLOW_PRIVATE_WEBHOOKS": "1"}
    log = open(log_path, "ab")
    try:
        return subprocess.Popen([sys.executable, "-c", "from crm.cli import main; main()", "worker",
                                 "--interval", "3600"], env=env, stdout=log, stderr=subprocess.STDOUT)
    finally:
        log.close()


def test_a_worker_killed_mid_delivery_loses_nothing_and_the_receiver_acts_once(database_url, fast, agent,
                                                                                customer, tmp_path):
    log_path = tmp_path / "worker.log"
    with Receiver(hold_first=True) as slow:
        department("packaging", webhook_url=slow.url, fallback=True)
        for text in ("Crushed box.", "Dented lid.", "Torn wrapping."):
            log_feedback(agent, customer, ("packaging", text))
        keys = [d.idempotency_key for d in deliveries()]

        worker = _start_worker(database_url, log_path)
        try:
            assert slow.holding.wait(30), log_path.read_text()
            worker.send_signal(signal.SIGKILL)  # mid-delivery: the receiver acted, the worker never heard back
            worker.wait(10)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait(10)
        slow.release()
        held = slow.arrivals[0]["key"]
        claimed = [d for d in deliveries() if d.idempotency_key == held][0]
        assert claimed.status == "pending" and claimed.attempts == 1 and claimed.locked_until is not None

        worker = _start_worker(database_url, log_path)
        try:
            deadline = time.monotonic() + 30
            while not all(d.status == "delivered" for d in deliveries()):
                assert time.monotonic() < deadline and worker.poll() is None, log_path.read_text()
                time.sleep(0.05)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(15)
    assert sorted(slow.acted) == sorted(keys) and slow.acted_once_each()
    assert slow.arrived(held) == 2  # sent again after the lease lapsed; the receiver ignored the repeat
    assert all(a["signature_ok"] for a in slow.arrivals)
    assert {d.idempotency_key: d.attempts for d in deliveries()}[held] == 2


def test_a_delivery_whose_every_attempt_was_cut_short_goes_dead(fast, agent, customer, receiver):
    fast.config["CRM_DELIVERY_MAX_ATTEMPTS"] = 2
    department("packaging", webhook_url=receiver.url, fallback=True)
    log_feedback(agent, customer, ("packaging", "Crushed."))
    settings = outbox.Settings.from_config()
    for _ in range(2):  # claimed, and the worker died before finishing
        claim = outbox.claim_next(settings)
        row = deliveries()[0]
        row.locked_until = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert claim.attempts == 2 and outbox.claim_next(settings) is None
    (row,) = deliveries()
    assert row.status == "dead" and "cut short" in row.last_error and receiver.arrivals == []


# --- several workers at once on PostgreSQL ------------------------------------------------------------

def test_two_workers_at_once_never_send_the_same_delivery_twice(fast, agent, customer):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("several workers need PostgreSQL (FOR UPDATE SKIP LOCKED); SQLite runs one worker")
    with Receiver(delay=0.005) as counting:
        department("packaging", webhook_url=counting.url, fallback=True)
        for first in (0, 20):  # a contact carries at most 20 feedback items
            log_feedback(agent, customer, *[("packaging", f"Crushed box number {n}.") for n in range(first, first + 20)])
        keys = {d.idempotency_key for d in deliveries()}
        reports, start = [], threading.Barrier(2)

        def worker():
            with fast.app_context():
                start.wait()
                reports.append(outbox.deliver_due(budget_seconds=20))

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    assert sorted(a["key"] for a in counting.arrivals) == sorted(keys)  # each arrived exactly once
    assert sum(r.delivered for r in reports) == 40 and all(r.delivered for r in reports)
    assert all(d.status == "delivered" and d.attempts == 1 for d in deliveries())


def test_the_worker_command_runs_the_deliveries_on_their_own_short_period(runner, fast, agent, customer, receiver,
                                                                           caplog):
    import logging

    caplog.set_level(logging.INFO, logger="crm.worker")
    fast.config["CRM_DELIVERY_POLL"] = 0.5
    department("packaging", webhook_url=receiver.url, fallback=True)
    log_feedback(agent, customer, ("packaging", "Crushed."))
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "deliveries every 0.5 s" in caplog.text and "sweep every 300 s" in caplog.text
    assert "deliveries: 1 delivered, 0 to retry, 0 dead" in caplog.text
    assert [d.status for d in deliveries()] == ["delivered"]
    assert json.loads(receiver.arrivals[0]["raw"])["feedback"]["text"] == "Crushed."
