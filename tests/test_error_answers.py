"""Every error answers in the app's own shape (crm/error_handlers.py): the API's error JSON under
/api/, the app's error page elsewhere; never a traceback, never Werkzeug's own wording."""
import pytest

from crm.services.errors import Conflict


@pytest.fixture
def failing(app):
    """Routes that fail the ways a view can: a bug, and a service rule it does not catch."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the handler answers, not the test runner

    def bug():
        raise RuntimeError("a bug with a secret in its message")

    def clash():
        raise Conflict("There is already a customer with this e-mail.", 7)

    for prefix in ("/api/v1/test-only", "/test-only"):
        app.add_url_rule(f"{prefix}/bug", f"{prefix}-bug", bug)
        app.add_url_rule(f"{prefix}/clash", f"{prefix}-clash", clash)
    return app


def test_a_bug_is_a_500_in_the_error_json_without_the_traceback(failing, client):
    response = client.get("/api/v1/test-only/bug")
    assert response.status_code == 500 and response.is_json
    assert response.get_json() == {"error": {"code": "internal", "fields": {},
                                             "message": "Something went wrong on our side; it has been logged."}}


def test_a_bug_is_the_apps_error_page(failing, client):
    response = client.get("/test-only/bug")
    page = response.get_data(as_text=True)
    assert response.status_code == 500 and response.mimetype == "text/html"
    assert "Something went wrong on our side" in page and "secret" not in page and "Traceback" not in page


def test_a_service_rule_a_view_does_not_catch_answers_with_its_status_and_message(failing, client):
    api = client.get("/api/v1/test-only/clash")
    assert api.status_code == 409
    assert api.get_json()["error"] == {"code": "conflict", "message": "There is already a customer with this e-mail.",
                                       "fields": {}, "existing_id": 7}
    page = client.get("/test-only/clash")
    assert page.status_code == 409 and "There is already a customer with this e-mail." in page.get_data(as_text=True)


def test_an_address_with_no_endpoint_says_so_in_each_shape(client):
    api = client.get("/api/v1/no-such-thing")
    assert api.status_code == 404 and api.get_json()["error"]["code"] == "not_found"
    assert api.get_json()["error"]["message"] == "No such resource."
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "There is no page at this address." in page.get_data(as_text=True)


def test_a_wrong_method_says_which_methods_the_address_takes(client):
    api = client.delete("/api/v1/openapi.json")
    assert api.status_code == 405 and api.get_json()["error"]["code"] == "method_not_allowed"
    assert "GET" in api.headers["Allow"]
    page = client.delete("/login")
    assert page.status_code == 405 and "GET" in page.headers["Allow"] and page.mimetype == "text/html"
