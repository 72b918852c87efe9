"""Fixtures: an app on a real database (SQLite, or PostgreSQL when CRM_TEST_DATABASE_URL is set),
emptied after every test, and factories for the little data each test needs."""
from __future__ import annotations

import itertools
import os
import shutil
import threading

import pytest
from sqlalchemy import create_engine, text
from werkzeug.serving import make_server

from crm import create_app
from crm.extensions import db as _db
from crm.services.access import SYSTEM
from web_helpers import PASSWORD, AuthActions

# Fixtures with real parts (an HTTP receiver, an SMTP server) shared by several test modules.
pytest_plugins = ["feedback_helpers"]

_counter = itertools.count(1)


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("CRM_TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A database migrated to the newest schema once per test run."""
    url = _database_url(tmp_path_factory)
    if url.startswith("postgresql"):
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    app = create_app(_test_config(url))
    with app.app_context():
        from crm.cli import upgrade_database

        upgrade_database()
        _db.engine.dispose()
    return url


def _test_config(url: str) -> dict:
    return {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": url,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "CRM_LOAD_PLUGINS": False,
        "CRM_DEFAULT_REGION": "MY",
        # Raised, not switched off, so the suite is never throttled; tests/test_limits.py puts
        # the production defaults back to test them.
        "CRM_LOGIN_LIMIT": "10000 per minute",
        "CRM_LOGIN_ADDRESS_LIMIT": "10000 per minute",
        "CRM_API_LIMIT": "100000 per minute",
        "CRM_SURVEY_LIMIT": "10000 per minute",
        "CRM_REDIS_URL": None,
        # The tests' receivers listen on loopback (docs/feedback.md, "Outbound safety").
        "CRM_ALLOW_PRIVATE_WEBHOOKS": True,
    }


def _empty_all_tables() -> None:
    tables = [t.name for t in reversed(_db.metadata.sorted_tables)]
    if _db.engine.dialect.name == "postgresql":
        _db.session.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    else:
        for name in tables:
            _db.session.execute(text(f"DELETE FROM {name}"))
    _db.session.commit()


@pytest.fixture
def app(database_url):
    """A fresh app (with its own plugin manager) on the test database, with the default policy."""
    app = create_app(_test_config(database_url))
    with app.app_context():
        from crm.services.policy import ensure_default_policy

        ensure_default_policy()
        yield app
        _db.session.rollback()
        _empty_all_tables()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a user: make_user("lead", team="Alpha")."""
    from crm.services.accounts import UserInput, create_user

    def make(role="agent", team="Alpha", email=None, department=None, password=PASSWORD, name=None):
        if role == "department" and department is None:
            department = make_department().slug
        email = email or f"{role}{next(_counter)}@example.com"
        team = team if role in ("agent", "lead") else None
        return create_user(UserInput(email=email, name=name or email.split("@")[0], role=role, team=team,
                                     department=department, password=password), SYSTEM, create_team=True)

    def make_department(slug=None):
        from crm.database import write_transaction
        from crm.models import Department

        slug = slug or f"dept{next(_counter)}"
        with write_transaction():
            dept = Department(slug=slug, name=slug.title(), emails=[])
            _db.session.add(dept)
        return dept

    make.department = make_department
    return make


@pytest.fixture
def make_customer(app):
    """Create a customer: make_customer("Jan Novák", phones=["+420 603 123 456"])."""
    from crm.services.customers import CustomerInput, create_customer

    def make(name="Jan Novák", **fields):
        return create_customer(CustomerInput(name=name, **fields), SYSTEM)

    return make


@pytest.fixture
def auth(client):
    return AuthActions(client)


class ApiClient:
    """Calls the JSON API with a bearer token of the given user."""

    def __init__(self, client, user):
        from crm.services.accounts import create_token

        self._client = client
        _, self.token = create_token(user, "tests")

    def _call(self, method, path, **kw):
        from openapi_contract import check_exchange

        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        response = getattr(self._client, method)(path, headers=headers, **kw)
        check_exchange(self._client, path, method, kw.get("json"), response)  # held to the OpenAPI document
        return response

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, json=None, **kw):
        return self._call("post", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self._call("patch", path, json=json, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


@pytest.fixture
def api(client):
    """api(user) gives a client that calls the API as that user."""
    return lambda user: ApiClient(client, user)


# --- the people most tests need: one of each role, and another team's ----------------------------
# A module that needs someone different (another name, a second team) overrides the fixture.

@pytest.fixture
def agent(make_user):
    """An agent of team Alpha."""
    return make_user("agent", team="Alpha", name="Aino Alpha")


@pytest.fixture
def lead(make_user, agent):
    """Team Alpha's lead (the team's agent exists first, as in a real team)."""
    return make_user("lead", team="Alpha", name="Lena Lead")


@pytest.fixture
def beta_agent(make_user):
    """An agent of another team, Beta."""
    return make_user("agent", team="Beta", name="Bogdan Beta")


@pytest.fixture
def beta_lead(make_user):
    """Team Beta's lead: a lead who is not Alpha's."""
    return make_user("lead", team="Beta", name="Bianca Beta")


@pytest.fixture
def department_user(make_user):
    """A member of a department of its own, who answers the feedback routed there."""
    return make_user("department")


@pytest.fixture
def admin(make_user):
    return make_user("admin", name="Ada Admin")


@pytest.fixture
def customer(make_customer):
    """A customer who writes by e-mail; a module that needs phones or notes makes its own."""
    return make_customer("Siti Aminah", emails=["siti@example.my"])


@pytest.fixture
def now():
    """This test's clock, to the second (what the database keeps)."""
    from crm.models.base import utcnow

    return utcnow().replace(microsecond=0)


@pytest.fixture
def assert_error():
    """Check an API answer is the error of API.md with this status and code; return its "error" object."""

    def check(response, status: int, code: str) -> dict:
        assert response.status_code == status, response.get_data(as_text=True)
        assert response.is_json
        error = response.get_json()["error"]
        assert error["code"] == code and error["message"]
        return error

    return check


@pytest.fixture
def as_agent(api, agent):
    return api(agent)


@pytest.fixture
def as_lead(api, lead):
    return api(lead)


@pytest.fixture
def as_admin(api, admin):
    return api(admin)


@pytest.fixture
def token_for(app):
    """token_for(user) creates an API token for the user and gives its secret."""
    from crm.services.accounts import create_token

    return lambda user, name="tests": create_token(user, name)[1]


# --- the real server and a real browser ----------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free port of 127.0.0.1; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def page(live_server):
    """A Chromium page whose relative URLs go to `live_server`."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CRM_REQUIRE_BROWSER"):
            pytest.fail(f"{CHROMIUM} is missing; scripts/test installs it (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(base_url=live_server)
        context.set_default_timeout(10_000)
        yield context.new_page()
        context.close()
        browser.close()
