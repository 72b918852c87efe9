"""Outbound safety: webhooks only over http(s) to public addresses, checked when saved and when sent;
webhook secrets encrypted at rest."""
import pytest
from sqlalchemy import select, text

from crm.extensions import db
from crm.models import Delivery, Department
from crm.services import outbox
from feedback_helpers import SECRET, Receiver, department, log_feedback

PRIVATE = ["http://127.0.0.1:8080/hook", "http://localhost/hook", "http://10.1.2.3/hook", "http://192.168.1.20/hook",
           "http://172.16.0.9/hook", "http://169.254.169.254/latest/meta-data", "http://[::1]/hook",
           "http://[::ffff:127.0.0.1]/hook", "http://0.0.0.0/hook", "http://100.64.0.1/hook", "http://[fe80::1]/hook"]


@pytest.fixture
def strict(app):
    """The production setting: no webhooks into private networks."""
    app.config["CRM_ALLOW_PRIVATE_WEBHOOKS"] = False
    return app


@pytest.mark.parametrize("url", PRIVATE)
def test_a_webhook_into_a_private_network_is_refused_when_saved(strict, as_admin, url):
    department("packaging")
    response = as_admin.patch("/api/v1/departments/packaging", json={"webhook_url": url, "webhook_secret": SECRET})
    assert response.status_code == 422, response.get_json()
    assert "private network" in response.get_json()["error"]["fields"]["webhook_url"][0]


@pytest.mark.parametrize("url", ["ftp://files.example.com/x", "file:///etc/passwd", "gopher://x.example/"])
def test_only_http_and_https_webhooks_are_taken(as_admin, url):
    department("packaging")
    response = as_admin.patch("/api/v1/departments/packaging", json={"webhook_url": url, "webhook_secret": SECRET})
    assert response.status_code == 422 and "http://" in response.get_json()["error"]["fields"]["webhook_url"][0]


def test_a_public_address_is_taken(strict, as_admin):
    department("packaging")
    response = as_admin.patch("/api/v1/departments/packaging",
                              json={"webhook_url": "https://93.184.215.14/crm-hook", "webhook_secret": SECRET})
    assert response.status_code == 200, response.get_json()


def test_private_webhooks_are_taken_when_the_setting_allows_them(app, as_admin):
    assert app.config["CRM_ALLOW_PRIVATE_WEBHOOKS"]  # the tests' and the demo's setting
    department("packaging")
    response = as_admin.patch("/api/v1/departments/packaging",
                              json={"webhook_url": "http://127.0.0.1:9/hook", "webhook_secret": SECRET})
    assert response.status_code == 200


def test_a_webhook_saved_earlier_is_refused_again_when_sent(app, make_user, make_customer, receiver):
    department("packaging", webhook_url=receiver.url, fallback=True)  # saved while allowed
    log_feedback(make_user("agent"), make_customer("Siti Rahman"), ("packaging", "Crushed box."))
    app.config["CRM_ALLOW_PRIVATE_WEBHOOKS"] = False
    outbox.deliver_due(limit=5)
    (row,) = db.session.scalars(select(Delivery).where(Delivery.kind == "webhook")
                                .execution_options(populate_existing=True))
    assert row.status == "pending" and "private address" in row.last_error
    assert receiver.arrived(row.idempotency_key) == 0


def test_webhook_secrets_are_stored_encrypted_and_never_shown_back(as_admin):
    department("packaging")
    response = as_admin.patch("/api/v1/departments/packaging",
                              json={"webhook_url": "http://127.0.0.1:9/hook", "webhook_secret": SECRET})
    assert SECRET not in response.get_data(as_text=True) and response.get_json()["webhook_secret_set"] is True
    stored = db.session.execute(text("SELECT webhook_secret FROM departments WHERE slug = 'packaging'")).scalar()
    assert SECRET not in stored and stored.startswith("gAAAA")  # a Fernet token
    db.session.expire_all()
    assert db.session.scalar(select(Department.webhook_secret).where(Department.slug == "packaging")) == SECRET
    listed = as_admin.get("/api/v1/departments").get_data(as_text=True)
    assert SECRET not in listed and "gAAAA" not in listed


def test_a_secret_encrypted_under_another_secret_key_reads_as_unset(app):
    department("packaging", webhook_url="http://127.0.0.1:9/hook")
    app.config["SECRET_KEY"] = "another-secret-key"
    db.session.expire_all()
    assert db.session.scalar(select(Department.webhook_secret).where(Department.slug == "packaging")) is None
