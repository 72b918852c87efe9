"""Fixtures: an app on a real database (SQLite, or PostgreSQL when CRM_TEST_DATABASE_URL is set),
emptied after every test, and factories for the little data each test needs."""
from __future__ import annotations

import itertools
import os

import pytest
from sqlalchemy import create_engine, text

from crm import create_app
from crm.extensions import db as _db

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


PASSWORD = "correct horse battery"


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
                                     department=department, password=password), None, create_team=True)

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
        return create_customer(CustomerInput(name=name, **fields), None)

    return make


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user, password=PASSWORD):
        return self._client.post("/login", data={"email": user.email, "password": password})

    def logout(self):
        return self._client.post("/logout")


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
