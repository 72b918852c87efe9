"""What the hot paths read once and keep must not hide a change: a policy version or a team's name
changed by another worker is what the very next logged contact uses, with no second of grace; SQLite
writers queue for the write lock and get it as soon as it is free; the screen-pop still finds a
customer however many stored forms a value has."""
import threading
import time
from datetime import datetime, timedelta, timezone

from sqlalchemy import update

from crm.database import WriterLock
from crm.extensions import db
from crm.models import PolicyVersion, Team


def _log(as_agent, customer, **fields):
    response = as_agent.post("/api/v1/interactions", json={
        "customer_id": customer.id, "summary": "Delivery", "outcome": "resolved",
        "holds": [{"seconds": 90, "apologized": False}], **fields})
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def test_a_version_another_worker_publishes_is_in_force_for_the_next_contact(as_agent, customer):
    assert {f["policy_version"] for f in _log(as_agent, customer)["findings"]} == {1}  # version 1 now held
    # Another worker publishes version 2, with no rules, straight to the database (this process's
    # caches are not told), then the next contact is logged at once: no second to wait.
    with db.engine.begin() as conn:
        conn.execute(PolicyVersion.__table__.insert().values(
            number=2, note="elsewhere", effective_from=datetime.now(timezone.utc) - timedelta(minutes=1),
            created_at=datetime.now(timezone.utc)))
    db.session.remove()
    answer = _log(as_agent, customer)
    assert answer["findings"] == []
    assert answer["interaction"]["policy_version"] == 2


def test_a_version_not_yet_effective_is_not_in_force(as_agent, customer):
    with db.engine.begin() as conn:
        conn.execute(PolicyVersion.__table__.insert().values(
            number=2, note="next month", effective_from=datetime.now(timezone.utc) + timedelta(days=30),
            created_at=datetime.now(timezone.utc)))
    db.session.remove()
    answer = _log(as_agent, customer)
    assert answer["interaction"]["policy_version"] == 1
    assert answer["findings"]


def test_a_team_renamed_elsewhere_shows_in_the_next_answer(as_agent, agent, customer):
    assert _log(as_agent, customer)["interaction"]["team"] == {"id": agent.team_id, "name": "Alpha"}
    with db.engine.begin() as conn:
        conn.execute(update(Team.__table__).where(Team.__table__.c.id == agent.team_id).values(name="Alpha Desk"))
    db.session.remove()
    assert _log(as_agent, customer)["interaction"]["team"] == {"id": agent.team_id, "name": "Alpha Desk"}


def test_a_logged_contact_reads_back_as_it_was_answered(as_agent, customer, lead):
    answer = _log(as_agent, customer, amount="900", approved_by=lead.id, outcome="follow_up",
                  follow_up_due="2030-01-01T10:00:00+00:00", channel="email")
    stored = as_agent.get(f"/api/v1/interactions/{answer['interaction']['id']}").get_json()
    assert stored["interaction"] == answer["interaction"]
    assert stored["interaction"]["approved_by"] == {"id": lead.id, "name": lead.name}
    assert stored["interaction"]["case_id"] is not None  # a promised follow-up opens a case


# --- the SQLite writers' lock ------------------------------------------------------------------------

def test_a_writer_waits_for_the_lock_and_gets_it_as_soon_as_it_is_free(tmp_path):
    # Two locks on one database, as two worker processes have (each opens the lock file itself).
    first, second = WriterLock(str(tmp_path / "crm.sqlite"), 5.0), WriterLock(str(tmp_path / "crm.sqlite"), 5.0)
    assert first.acquire()
    got_at = []

    def wait_for_it():
        got_at.append((second.acquire(), time.monotonic()))
        second.release()

    waiter = threading.Thread(target=wait_for_it)
    waiter.start()
    time.sleep(0.2)
    assert not got_at, "the second writer went in while the first held the lock"
    released_at = time.monotonic()
    first.release()
    waiter.join(5)
    acquired, at = got_at[0]
    assert acquired
    assert at - released_at < 0.05  # handed over within milliseconds, not after a busy-handler sleep


def test_a_writer_that_cannot_get_the_lock_in_time_is_told_so(tmp_path):
    first, second = WriterLock(str(tmp_path / "crm.sqlite"), 5.0), WriterLock(str(tmp_path / "crm.sqlite"), 0.1)
    assert first.acquire()
    started = time.monotonic()
    assert second.acquire() is False  # then SQLite's own busy timeout decides, as without the lock
    assert time.monotonic() - started < 1.0
    first.release()
    assert second.acquire()
    second.release()


def test_concurrent_loggers_all_succeed(app, agent, customer):
    from crm.services.interactions import InteractionInput, log_interaction

    if db.engine.dialect.name != "sqlite":
        return
    agent_id, customer_id, failures = agent.id, customer.id, []

    def logger():
        with app.app_context():
            try:
                me = db.session.get(type(agent), agent_id)
                for n in range(5):
                    log_interaction(InteractionInput(customer_id=customer_id, summary=f"call {n}"), me)
            except Exception as exc:  # noqa: BLE001 - reported below
                failures.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=logger) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []


# --- the screen-pop's parameters ---------------------------------------------------------------------

def test_an_account_is_found_with_more_house_prefixes_than_parameters(app, as_agent, make_customer):
    from crm.services import screen_pop

    prefixes = [f"P{n}-" for n in range(screen_pop.SLOTS + 2)]
    app.config["CRM_ACCOUNT_PREFIXES"] = ",".join(prefixes)
    customer = make_customer("Eva Dvořáková", account_number=f"{prefixes[-1]}100001")
    response = as_agent.get("/api/v1/lookup?account=100001")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.get_json()["customer"]["id"] == customer.id
