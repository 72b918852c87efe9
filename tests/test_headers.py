"""Security headers and cookies: a strict CSP with nothing inline, no framing, no sniffing, Secure cookies on https."""
import re
from pathlib import Path

import pytest

import crm

TEMPLATES = Path(crm.__file__).parent / "templates"


def csp(response) -> dict:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (part.strip() for part in policy.split(";")) if d}


@pytest.mark.parametrize("path", ["/login", "/survey/not-a-token", "/api/v1/openapi.json", "/api/v1/standards",
                                  "/static/app.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    response.close()  # a static file is streamed from disk
    policy = csp(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_a_logged_in_page_carries_them_too(client, make_user):
    agent = make_user("agent")
    client.post("/login", data={"email": agent.email, "password": "correct horse battery"})
    response = client.get("/desk")
    assert response.status_code == 200
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]


def test_no_template_has_inline_script_or_style():
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:", re.I)
    offenders = [f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
                 for path in TEMPLATES.rglob("*.html") for match in inline.finditer(path.read_text())]
    assert offenders == []


def test_cookies_are_secure_when_the_crm_is_served_over_https(app, make_user, monkeypatch, tmp_path):
    from crm.config import from_environment

    monkeypatch.setenv("CRM_BASE_URL", "https://crm.example.com")
    assert from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is True
    monkeypatch.setenv("CRM_BASE_URL", "http://127.0.0.1:5000")
    assert from_environment(tmp_path)["SESSION_COOKIE_SECURE"] is False

    app.config["SESSION_COOKIE_SECURE"] = True
    agent = make_user("agent")
    client = app.test_client()
    response = client.post("/login", data={"email": agent.email, "password": "correct horse battery"},
                           base_url="https://crm.example.com")
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
