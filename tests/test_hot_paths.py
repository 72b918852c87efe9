"""What the hot paths' shortcuts must not change: the screen-pop's fast path answers exactly what the
ORM serialisation (the response schemas' constructors) would; a cached bearer token stops working within a second of being revoked, even
by another process; a policy version another worker publishes is in force within a second."""
import time
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from crm.api import schemas
from crm.extensions import db
from crm.models import ApiToken, Customer, User
from crm.services import interactions as interaction_service
from crm.services import screen_pop
from crm.services.accounts import create_token, revoke_token
from crm.services.customers import merge_customers
from crm.services.interactions import InteractionInput, log_interaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def log(customer, agent, minutes=0, **fields):
    return log_interaction(InteractionInput(customer_id=customer.id, started_at=T0 + timedelta(minutes=minutes),
                                            **fields), agent).interaction


def orm_answer(customer_id, actor):
    """What GET /api/v1/lookup answered before the fast path: the ORM objects through the response schemas' constructors."""
    db.session.expire_all()
    customer = db.session.get(Customer, customer_id)
    actor = db.session.get(User, actor.id)
    return {
        "customer": schemas.Customer.of(customer),
        "recent_interactions": [schemas.Interaction.of(ix)
                                for ix in interaction_service.screen_pop_history(customer.id, actor, limit=5)],
        "open_cases": [schemas.Case.of(c) for c in interaction_service.open_cases(customer.id)],
        "open_follow_ups": [schemas.Interaction.of(ix)
                            for ix in interaction_service.open_follow_ups(customer.id)],
    }


def test_the_fast_answer_is_the_orm_answer_field_for_field(make_customer, make_user, agent, as_agent):
    lead = make_user("lead")
    customer = make_customer("Siti binti Rahman", phones=["+60 12-345 6789", "+44 7700 900123"],
                             emails=["siti@example.my"], account_number="ACC-7781", company="Kedai Ṣ",
                             language="ms", tier="gold", notes="Prefers mornings",
                             preferences={"callback": "after 10"})
    for minute in range(6):
        log(customer, agent, minute, summary=f"call {minute}", transcript="Agent: Selamat pagi")
    log(customer, agent, 7, summary="refund", amount="1200.5", approved_by=lead.id)
    promised = log(customer, agent, 9, summary="will call back", outcome="follow_up",
                   follow_up_due=(T0 + timedelta(days=2)).isoformat())
    log(customer, agent, 11, channel="email", summary="Written inquiry about the invoice")
    log(customer, agent, 12, summary="second promise", outcome="follow_up",
        follow_up_due=(T0 + timedelta(days=1)).isoformat())

    for query in ({"phone": "012-345 6789"}, {"email": "SITI@example.my"}, {"account": "acc-7781"}):
        response = as_agent.get("/api/v1/lookup", query_string=query)
        assert response.status_code == 200 and response.mimetype == "application/json"
        assert response.get_json() == orm_answer(customer.id, agent), query

    body = as_agent.get("/api/v1/lookup?account=acc-7781").get_json()
    assert [ix["summary"] for ix in body["open_follow_ups"]] == ["second promise", "will call back"]
    assert len(body["recent_interactions"]) == 5 and len(body["open_cases"]) >= 2
    assert promised.id in {ix["id"] for ix in body["open_follow_ups"]}
    assert any(ix["amount"] == "1200.50" and ix["approved_by"]["id"] == lead.id
               for ix in orm_answer(customer.id, agent)["recent_interactions"])


def test_candidates_are_the_orm_candidates(make_customer, as_agent):
    malaysian = make_customer("Siti Rahman", phones=["+60 12-345 6789"], emails=["s@example.my"])
    finnish = make_customer("Aino Korhonen", phones=["+358 12 345 6789"])
    response = as_agent.get("/api/v1/lookup?phone=0123456789")
    assert response.status_code == 300
    expected = {c.id: schemas.Customer.of(c) for c in (db.session.get(Customer, malaysian.id),
                                                             db.session.get(Customer, finnish.id))}
    assert {c["id"]: c for c in response.get_json()["candidates"]} == expected


def test_a_merged_customers_number_finds_the_survivor(make_customer, make_user, as_agent):
    survivor = make_customer("Jan Novák", phones=["+420 603 123 456"])
    duplicate = make_customer("Jan Novak", phones=["+420 777 123 456"])
    merge_customers(survivor.id, duplicate.id, make_user("lead"))
    body = as_agent.get("/api/v1/lookup?phone=777123456").get_json()
    assert body["customer"]["id"] == survivor.id


def test_the_desks_screen_pop_lands_on_the_survivor_of_a_merge(client, auth, make_customer, make_user):
    survivor = make_customer("Jan Novák", phones=["+420 603 123 456"])
    duplicate = make_customer("Jan Novak", phones=["+420 777 123 456"], account_number="ACC-55")
    merge_customers(survivor.id, duplicate.id, make_user("lead"))
    auth.login(make_user("agent"))
    for query in ({"phone": "603 123 456"}, {"phone": "777 123 456"}):
        response = client.get("/lookup", query_string=query)
        assert response.status_code == 302 and response.location.endswith(f"/customers/{survivor.id}")


def test_an_erased_customer_is_not_found(make_customer, make_user, as_agent):
    from crm.services.privacy import erase_customer

    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    erase_customer(make_user("admin"), customer.id)
    assert as_agent.get("/api/v1/lookup?phone=603123456").status_code == 404


def test_a_customer_without_history_answers_empty_lists(make_customer, as_agent):
    customer = make_customer("Aino Korhonen", phones=["+358 40 123 4567"])
    body = as_agent.get("/api/v1/lookup?phone=040 123 4567").get_json()
    assert body["customer"]["id"] == customer.id
    assert body["recent_interactions"] == body["open_cases"] == body["open_follow_ups"] == []


@contextmanager
def statements_run():
    """Every statement the database driver is given while the block runs, however it was sent (the
    ORM, Core, or a cursor of the driver's own): counted by the driver's connections, opened afresh."""
    import sqlite3

    from sqlalchemy import event

    seen = []

    def counting(dbapi_connection, _record):
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.set_trace_callback(seen.append)
        else:  # psycopg
            class Counting(dbapi_connection.cursor_factory):
                def execute(self, query, *args, **kwargs):
                    seen.append(str(query))
                    return super().execute(query, *args, **kwargs)
            dbapi_connection.cursor_factory = Counting

    raw = None
    if db.engine.dialect.driver == "psycopg":
        # The screen-pop reads on psycopg's RawCursor (crm.database.read_cursor), which no connection's
        # cursor_factory makes: its statements are counted on the class for the block's time.
        import psycopg

        raw = psycopg.RawCursor
        raw_execute = raw.execute

        def counted(self, query, *args, **kwargs):
            seen.append(str(query))
            return raw_execute(self, query, *args, **kwargs)

        raw.execute = counted
    db.session.remove()
    db.engine.dispose()
    event.listen(db.engine, "connect", counting)
    try:
        yield seen
    finally:
        if raw is not None:
            raw.execute = raw_execute
        event.remove(db.engine, "connect", counting)
        db.session.remove()
        db.engine.dispose()


def selects(statements):
    return [s for s in statements if s.lstrip().upper().startswith("SELECT")]


def test_the_screen_pop_is_two_statements(app, make_customer, agent):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    log(customer, agent, 0, summary="call")
    with statements_run() as statements:
        answer = screen_pop.answer(agent, phone="603 123 456")
    assert answer.status == 200 and answer.customer_ids == [customer.id]
    assert len(selects(statements)) == 2, statements
    with statements_run() as statements:
        assert screen_pop.find(agent, email="nobody@example.com") == []
    assert len(selects(statements)) == 1, statements


def test_the_screen_pop_gives_its_connection_back_as_it_took_it(app, make_customer, agent):
    """No transaction left open, and on PostgreSQL no connection left in autocommit for the ORM to
    write through later (an ORM rollback would then undo nothing)."""
    make_customer("Jan Novák", phones=["+420 603 123 456"])
    db.session.remove()
    db.engine.dispose()
    for _ in range(3):
        screen_pop.answer(agent, phone="603 123 456")
    pooled = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
    try:
        assert pooled, "the screen-pop's connection went back to the pool"
        for connection in pooled:
            driver = connection.driver_connection
            if db.engine.dialect.name == "sqlite":
                assert not driver.in_transaction
            else:
                assert driver.autocommit is False and driver.info.transaction_status == 0  # IDLE
    finally:
        for connection in pooled:
            connection.close()


# --- the token cache ------------------------------------------------------------------------------

def test_a_token_revoked_here_is_refused_at_once(client, agent):
    token, secret = create_token(agent, "phone system")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 200
    revoke_token(agent, token.id)
    assert client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 401


@pytest.mark.parametrize("change", ["revoke", "deactivate"])
def test_a_token_revoked_by_another_process_is_refused_within_a_second(client, agent, change):
    token, secret = create_token(agent, "phone system")
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 200
    # Another worker's write: straight to the database, so this process's cache is not told.
    with db.engine.begin() as conn:
        if change == "revoke":
            conn.execute(update(ApiToken.__table__).where(ApiToken.__table__.c.id == token.id)
                         .values(revoked_at=datetime.now(timezone.utc)))
        else:
            conn.execute(update(User.__table__).where(User.__table__.c.id == agent.id).values(active=False))
    db.session.remove()  # as each served request does; the test's app context outlives the requests
    deadline = time.monotonic() + 1.0
    while True:
        asked_at = time.monotonic()
        if client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 401:
            break
        assert asked_at < deadline, "served a request made more than a second after the change"
        time.sleep(0.05)
    assert client.get("/api/v1/customers?q=Jan", headers=headers).status_code == 401


def test_a_cached_token_still_acts_as_its_user(client, agent, make_customer):
    _, secret = create_token(agent, "phone system")
    headers = {"Authorization": f"Bearer {secret}"}
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    for _ in range(3):  # the second and third requests come from the cache
        response = client.post("/api/v1/interactions", headers=headers,
                               json={"customer_id": customer.id, "summary": "called about the bill"})
        assert response.status_code == 201, response.get_data(as_text=True)
        assert response.get_json()["interaction"]["agent"] == {"id": agent.id, "name": agent.name}


def test_a_screen_pop_with_a_remembered_token_opens_no_database_session(client, agent, make_user, make_customer):
    customer = make_customer("Jan Novák", phones=["+420 603 123 456"])
    survivor = make_customer("Eva Dvořáková", phones=["+420 777 100 200"])
    duplicate = make_customer("Eva Dvorakova", phones=["+420 777 100 201"])
    merge_customers(survivor.id, duplicate.id, make_user("lead"))
    customer_id, survivor_id = customer.id, survivor.id
    _, secret = create_token(agent, "phone system")
    _, department_secret = create_token(make_user("department"), "inbox")
    for headers in ({"Authorization": f"Bearer {secret}"}, {"Authorization": f"Bearer {department_secret}"}):
        client.get("/api/v1/standards", headers=headers)  # the token is remembered from here on
    db.session.remove()
    response = client.get("/api/v1/lookup?phone=603123456", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.get_json()["customer"]["id"] == customer_id
    assert not db.session.registry.has(), "the request opened a session"
    # The uncommon paths work with that user too: a merge followed by the ORM, a role refused.
    response = client.get("/api/v1/lookup?phone=777100201", headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 200 and response.get_json()["customer"]["id"] == survivor_id
    refused = client.get("/api/v1/lookup?phone=603123456", headers={"Authorization": f"Bearer {department_secret}"})
    assert refused.status_code == 403


# --- the policy timeline cache ----------------------------------------------------------------------

def test_a_version_published_by_another_worker_is_in_force_within_a_second(make_user, make_customer):
    from crm.models import PolicyVersion

    agent, customer = make_user("agent"), make_customer()

    def call():
        return log_interaction(InteractionInput(
            customer_id=customer.id, holds=[{"seconds": 90, "apologized": False}], summary="Delivery",
            transcript="Agent: Thank you for calling.", outcome="resolved",
            started_at=datetime.now(timezone.utc)), agent)

    assert {f.policy_version.number for f in call().findings} == {1}  # and version 1 is now cached
    # Another worker publishes version 2, with no rules, straight to the database.
    with db.engine.begin() as conn:
        conn.execute(PolicyVersion.__table__.insert().values(
            number=2, note="elsewhere", effective_from=datetime.now(timezone.utc) - timedelta(minutes=1),
            created_at=datetime.now(timezone.utc)))
    db.session.remove()
    deadline = time.monotonic() + 1.0
    while True:
        asked_at = time.monotonic()
        logged = call()
        db.session.remove()
        if logged.findings == []:
            break
        assert asked_at < deadline, "version 2 not in force a second after it was published"
        time.sleep(0.05)
