"""Throttling: logins per account and per address, API requests per token, survey answers; no user enumeration."""
import uuid

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent

PASSWORD = "correct horse battery"  # what make_user gives everyone


@pytest.fixture
def limited(app):
    """The app with the production limits of API.md back on (conftest raises them for the rest)."""
    app.config.update(CRM_LOGIN_LIMIT="5 per minute;20 per hour", CRM_LOGIN_ADDRESS_LIMIT="30 per minute",
                      CRM_API_LIMIT="1200 per minute", CRM_SURVEY_LIMIT="10 per minute")
    return app


def login(client, email, password, address="192.0.2.10"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_the_limits_default_to_what_api_md_says(monkeypatch, tmp_path):
    from crm.config import from_environment

    for name in ("CRM_LOGIN_LIMIT", "CRM_LOGIN_ADDRESS_LIMIT", "CRM_API_LIMIT", "CRM_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    config = from_environment(tmp_path)
    assert config["CRM_LOGIN_LIMIT"] == "5 per minute;20 per hour"
    assert config["CRM_LOGIN_ADDRESS_LIMIT"] == "30 per minute"
    assert config["CRM_API_LIMIT"] == "1200 per minute"
    assert config["CRM_REDIS_URL"] is None


def dispose(*apps):
    """Close the database connections of the extra apps a test made (another server's)."""
    for other in apps:
        with other.app_context():
            db.engine.dispose()


def test_a_limit_that_does_not_parse_stops_the_start(app):
    from crm import create_app

    with pytest.raises(RuntimeError, match="CRM_API_LIMIT"):
        create_app({"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"], "SECRET_KEY": "x",
                    "CRM_API_LIMIT": "lots per fortnight"})


def test_wrong_passwords_in_a_row_lock_the_account_for_a_while_even_against_the_right_one(limited, make_user):
    agent = make_user("agent")
    client = limited.test_client()
    for _ in range(5):
        assert login(client, agent.email, "wrong password!").status_code == 422
    refused = login(client, agent.email, PASSWORD)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    page = refused.get_data(as_text=True)
    assert "Too many attempts. Try again in" in page
    # From another address too: the count is the account's.
    assert login(client, agent.email, PASSWORD, address="198.51.100.7").status_code == 429
    audited = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "login.throttled")).all()
    assert len(audited) == 2 and {e.entity_id for e in audited} == {agent.id}


def test_successful_logins_do_not_use_up_the_accounts_allowance(limited, make_user):
    agent = make_user("agent")
    for _ in range(6):
        client = limited.test_client()
        assert login(client, agent.email, PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(limited, make_user):
    limited.config["CRM_LOGIN_ADDRESS_LIMIT"] = "3 per minute"  # the mechanism, with fewer argon2 runs
    client = limited.test_client()
    for n in range(3):
        assert login(client, f"someone{n}@example.com", "guess guess guess").status_code == 422
    assert login(client, "someone9@example.com", "guess guess guess").status_code == 429
    assert login(client, "someone9@example.com", "guess guess guess", address="203.0.113.5").status_code == 422


def test_an_unknown_email_gets_the_same_answer_and_the_same_password_check(limited, make_user, monkeypatch):
    from crm.services import accounts

    agent = make_user("agent")
    checks = []

    class CountingHasher:
        """The real argon2 hasher, counting its verifications."""

        def __init__(self, real):
            self._real = real

        def verify(self, *args):
            checks.append(1)
            return self._real.verify(*args)

        def __getattr__(self, name):
            return getattr(self._real, name)

    monkeypatch.setattr(accounts, "_hasher", CountingHasher(accounts._hasher))
    client = limited.test_client()
    known = login(client, agent.email, "wrong password!")
    unknown = login(client, "nobody@example.com", "wrong password!")
    assert checks == [1, 1], "argon2 runs for the unknown e-mail as for the known one"
    assert known.status_code == unknown.status_code == 422
    assert known.get_data(as_text=True).replace(agent.email, "EMAIL") == \
        unknown.get_data(as_text=True).replace("nobody@example.com", "EMAIL")
    # Unknown accounts are throttled exactly like known ones: a 429 does not tell them apart.
    for _ in range(4):
        login(client, "nobody@example.com", "wrong password!")
    assert login(client, "nobody@example.com", "wrong password!").status_code == 429


def test_api_requests_are_limited_per_token_with_the_error_json(limited, make_user, api):
    limited.config["CRM_API_LIMIT"] = "3 per minute"
    agent = make_user("agent")
    mine, other = api(agent), api(agent)
    for _ in range(3):
        assert mine.get("/api/v1/standards").status_code == 200
    refused = mine.get("/api/v1/customers?q=novak")
    assert refused.status_code == 429 and refused.is_json
    assert refused.get_json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["Retry-After"]) >= 1
    assert other.get("/api/v1/standards").status_code == 200, "another token has its own budget"
    document = mine.get("/api/v1/openapi.json").get_json()  # the document itself is never refused
    assert "Retry-After" in document["components"]["responses"]["TooManyRequests"]["headers"]
    assert "429" in document["paths"]["/api/v1/customers"]["get"]["responses"]


def test_survey_answers_are_limited_per_address(limited):
    limited.config["CRM_SURVEY_LIMIT"] = "2 per minute"
    client = limited.test_client()
    for _ in range(2):
        assert client.post("/survey/not-a-token", data={"score": "5"}).status_code in (404, 400)
    refused = client.post("/survey/not-a-token", data={"score": "5"})
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_servers_sharing_redis_share_the_counts(app, make_user):
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/1"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    from crm import create_app

    same = ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "WTF_CSRF_ENABLED", "CRM_LOAD_PLUGINS")
    config = {**{name: app.config[name] for name in same}, "CRM_REDIS_URL": url, "RATELIMIT_KEY_PREFIX": f"crm-test-{uuid.uuid4()}",
              "CRM_API_LIMIT": "2 per minute"}
    agent = make_user("agent")
    from crm.services.accounts import create_token

    _, token = create_token(agent, "shared")
    headers = {"Authorization": f"Bearer {token}"}
    first, second = create_app(config), create_app(config)
    try:
        assert first.test_client().get("/api/v1/standards", headers=headers).status_code == 200
        assert second.test_client().get("/api/v1/standards", headers=headers).status_code == 200
        assert first.test_client().get("/api/v1/standards", headers=headers).status_code == 429
    finally:
        dispose(first, second)


def test_an_unreachable_redis_falls_back_to_counting_in_memory(app, make_user):
    pytest.importorskip("redis")
    from crm import create_app
    from crm.services.accounts import create_token
    from feedback_helpers import free_port

    same = ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "WTF_CSRF_ENABLED", "CRM_LOAD_PLUGINS")
    down = create_app({**{name: app.config[name] for name in same},
                       "CRM_REDIS_URL": f"redis://127.0.0.1:{free_port()}/1", "CRM_API_LIMIT": "2 per minute"})
    _, token = create_token(make_user("agent"), "fallback")
    client = down.test_client()
    try:
        answers = [client.get("/api/v1/standards", headers={"Authorization": f"Bearer {token}"}).status_code
                   for _ in range(3)]
    finally:
        dispose(down)
    assert answers[:2] == [200, 200] and answers[2] in (200, 429)


def test_counting_in_memory_starts_no_thread_per_request(limited, make_user, api, monkeypatch):
    """The in-memory counters are tidied inline: no timer thread per request, the same refusals."""
    import threading
    import time

    from crm.limits import QuietMemoryStorage

    limited.config["CRM_API_LIMIT"] = "5 per 5 seconds"  # a window a loaded machine's 6 requests fit in
    caller = api(make_user("agent"))
    started = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda self: (started.append(getattr(self, "_target", None) or self.name), real_start(self)))
    statuses = [caller.get("/api/v1/standards").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    time.sleep(5.1)  # the window has passed: the counter starts again, and the stale one is tidied
    assert caller.get("/api/v1/standards").status_code == 200
    assert started == []
    from crm.extensions import limiter

    from crm.limits import SharedMemoryStorage

    # Without Redis: shared by the server's workers; the fallback's when an earlier test left Redis unreachable.
    assert isinstance(limiter.limiter.storage, (SharedMemoryStorage, QuietMemoryStorage))
    storage = QuietMemoryStorage()  # the fallback while Redis is away
    storage.incr("live", 60)
    storage._tidied -= QuietMemoryStorage.TIDY_EVERY
    storage.expirations["stale"], storage.storage["stale"] = time.time() - 1, 3
    storage.incr("live", 60)
    assert "stale" not in storage.storage, "counters past their window are dropped, as the timer did"
    assert storage.get("live") == 2


def test_workers_forked_from_one_server_count_one_budget(app):
    """crm serve makes the app (and its counters) in the master and forks the workers: what one worker
    counts, the others see, so the budget does not grow with the number of workers."""
    import os

    from limits import parse
    from limits.strategies import FixedWindowRateLimiter

    from crm.extensions import limiter
    from crm.limits import SharedMemoryStorage

    assert isinstance(limiter.limiter.storage, SharedMemoryStorage) or app.config.get("CRM_REDIS_URL")
    counter, budget = FixedWindowRateLimiter(SharedMemoryStorage()), parse("30 per hour")
    children = []
    for _ in range(3):  # three workers, each trying to spend the whole budget
        pid = os.fork()
        if pid == 0:
            allowed = sum(counter.hit(budget, "token:abc", "api") for _ in range(30))
            os._exit(allowed)
        children.append(pid)
    allowed = [os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children]
    assert sum(allowed) == 30, allowed
    assert not counter.hit(budget, "token:abc", "api") and counter.hit(budget, "token:other", "api")


def test_shared_counters_keep_keys_apart_and_reuse_passed_windows():
    import time

    from crm.limits import SharedMemoryStorage

    storage = SharedMemoryStorage()
    storage.SLOTS = 8  # a tiny table (the map is larger; only 8 slots are used): every key collides
    for n in range(8):
        assert storage.incr(f"k{n}", 60, amount=n + 1) == n + 1
    assert [storage.get(f"k{n}") for n in range(8)] == list(range(1, 9))
    storage.clear("k3")
    assert storage.get("k3") == 0 and storage.incr("k9", 60) == 1  # the cleared slot is reused
    assert storage.get("k4") == 5
    # A full table gives up the slot whose window ends soonest (k0's, the first counted) and no other.
    assert storage.incr("k10", 60) == 1 and storage.get("k0") == 0
    assert [storage.get(f"k{n}") for n in (1, 2, 4, 5, 6, 7, 9)] == [2, 3, 5, 6, 7, 8, 1]
    short = SharedMemoryStorage()
    assert short.incr("s", 0.05) == 1 and short.incr("s", 0.05) == 2
    time.sleep(0.06)
    assert short.get("s") == 0 and short.incr("s", 60) == 1  # its window passed: counted afresh


def test_the_api_budget_with_two_windows_refuses_at_the_shorter_and_says_how_long(limited, make_user, api):
    """Counted outside Flask-Limiter's resolution (crm.limits.Limiter): both windows of the setting
    count, the first one breached answers, and requests without a valid token count by address."""
    limited.config["CRM_API_LIMIT"] = "100 per hour;2 per minute"
    caller = api(make_user("agent"))
    assert [caller.get("/api/v1/standards").status_code for _ in range(3)] == [200, 200, 429]
    assert 1 <= int(caller.get("/api/v1/standards").headers["Retry-After"]) <= 60
    client = limited.test_client()
    statuses = [client.get("/api/v1/standards", environ_base={"REMOTE_ADDR": "192.0.2.99"}).status_code
                for _ in range(3)]
    assert statuses == [401, 401, 429]
    limited.config["CRM_API_LIMIT"] = "2 per hour;100 per minute"
    other = api(make_user("agent"))
    refused = [other.get("/api/v1/standards") for _ in range(3)][-1]
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 60, "the hour's window answers"
