"""crm.database.Direct, the one driver-cursor mechanism of the hot paths (logging's writes, the
screen-pop's reads): what it reads is what the ORM reads, its writes belong to the request's
transaction, and its reads on read_cursor() see what is committed and leave the connection as taken."""
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from sqlalchemy import bindparam, literal, select

from crm.database import Direct, read_cursor, write_transaction
from crm.extensions import db
from crm.models import Interaction, Team
from crm.services.interactions import InteractionInput, log_interaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
I, TEAMS = Interaction.__table__, Team.__table__

_by_id = Direct(lambda: select(I.c.id, I.c.started_at, I.c.follow_up_done_at, I.c.amount, I.c.holds,
                               I.c.justifications, literal("recent").label("kind"))
                .where(I.c.id == bindparam("id")))
_insert_team = Direct(lambda: TEAMS.insert().returning(TEAMS.c.id), ("name",))
_team_named = Direct(select(TEAMS.c.id, TEAMS.c.created_at).where(TEAMS.c.name == bindparam("name")))


def logged(customer, agent, lead):
    return log_interaction(InteractionInput(
        customer_id=customer.id, started_at=T0, summary="refund", amount="1200.5", approved_by=lead.id,
        holds=[{"seconds": 40, "apologized": True}]), agent).interaction


def test_rows_read_what_the_orm_reads(make_customer, agent, lead):
    ix = logged(make_customer(), agent, lead)
    db.session.expire_all()
    orm = db.session.get(Interaction, ix.id)
    expected = {"id": ix.id, "started_at": orm.started_at, "follow_up_done_at": None, "amount": Decimal("1200.50"),
                "holds": orm.holds, "justifications": orm.justifications, "kind": "recent"}
    assert orm.started_at == T0 and orm.holds == [{"seconds": 40, "apologized": True}]

    in_session = _by_id.rows({"id": ix.id})
    db.session.commit()
    with read_cursor() as cursor:
        on_its_own = _by_id.rows({"id": ix.id}, cursor)
        nothing = _by_id.rows({"id": ix.id + 1000}, cursor)
    for rows in (in_session, on_its_own):
        assert rows == [expected]
        assert rows[0]["started_at"].tzinfo is not None  # aware UTC, as UTCDateTime gives
    assert nothing == []


def test_a_write_runs_in_the_requests_transaction(app):
    with pytest.raises(RuntimeError):
        with write_transaction():
            team_id = _insert_team.scalar({"name": "Gamma"})
            # The same transaction sees it before the commit, with its Python-side default filled in.
            (row,) = _team_named.rows({"name": "Gamma"})
            assert row["id"] == team_id
            assert abs(row["created_at"] - datetime.now(timezone.utc)) < timedelta(minutes=1)
            raise RuntimeError("the request failed")
    assert _team_named.rows({"name": "Gamma"}) == [], "the failed request's write was rolled back"

    with write_transaction():
        team_id = _insert_team.scalar({"name": "Gamma"})
    with read_cursor() as cursor:  # another connection: the write was committed
        assert [r["id"] for r in _team_named.rows({"name": "Gamma"}, cursor)] == [team_id]


def test_read_cursor_gives_the_connection_back_as_it_took_it(app):
    db.session.remove()
    db.engine.dispose()
    for _ in range(3):
        with read_cursor() as cursor:
            _team_named.rows({"name": "Alpha"}, cursor)
    with pytest.raises(Exception):
        with read_cursor() as cursor:
            _team_named.rows({"missing": "parameter"}, cursor)
    pooled = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
    try:
        assert pooled
        for connection in pooled:
            driver = connection.driver_connection
            if db.engine.dialect.name == "sqlite":
                assert not driver.in_transaction
            else:
                assert driver.autocommit is False and driver.info.transaction_status == 0  # IDLE
    finally:
        for connection in pooled:
            connection.close()


def test_a_begin_that_cannot_get_the_write_lock_leaves_no_transaction_open(app):
    """SQLite: another process holds the write lock past the busy timeout; the request fails, and its
    session does not believe a transaction is still open (statements after it would run outside any)."""
    if db.engine.dialect.name != "sqlite" or db.engine.url.database in (None, "", ":memory:"):
        pytest.skip("SQLite file databases only")
    import sqlite3

    from sqlalchemy.exc import OperationalError

    _team_named.rows({"name": "Alpha"})  # the request's reads, in a deferred transaction
    db.session.connection().connection.driver_connection.execute("PRAGMA busy_timeout=50")
    other = sqlite3.connect(db.engine.url.database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(OperationalError):
            with write_transaction(after_reads=True):
                _insert_team.scalar({"name": "Delta"})
        assert not db.session().in_transaction()
    finally:
        other.execute("ROLLBACK")
        other.close()
    with write_transaction():
        _insert_team.scalar({"name": "Delta"})
    assert len(_team_named.rows({"name": "Delta"})) == 1
