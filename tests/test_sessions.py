"""Sessions end when they should: logout, password change or reset, deactivation, idle and absolute lifetimes."""
import time

from crm.services.accounts import reset_password, update_user
from crm.web.sessions import SEEN, SESSION_ID, STARTED
from web_helpers import PASSWORD, AuthActions


def logged_in(app, user):
    client = app.test_client()
    assert AuthActions(client).login(user).status_code == 302
    return client


def opens_the_desk(client) -> bool:
    response = client.get("/desk")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def copy_of(client, app):
    """Another browser holding a copy of this one's session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def test_a_copy_of_the_cookie_taken_before_logout_no_longer_opens_the_desk(app, agent):
    client = logged_in(app, agent)
    thief = copy_of(client, app)
    assert opens_the_desk(thief)
    AuthActions(client).logout()
    assert not opens_the_desk(thief)
    assert not opens_the_desk(client)


def test_logging_out_ends_the_sessions_in_every_browser(app, agent):
    desk, laptop = logged_in(app, agent), logged_in(app, agent)
    AuthActions(desk).logout()
    assert not opens_the_desk(laptop)
    assert opens_the_desk(logged_in(app, agent)), "logging in again works"


def test_a_password_change_ends_the_other_sessions_and_keeps_this_one(app, agent):
    here, elsewhere = logged_in(app, agent), logged_in(app, agent)
    old_cookie = copy_of(here, app)
    response = here.post("/account/password", data={"current_password": PASSWORD,
                                                    "new_password": "a brand new passphrase"})
    assert response.status_code == 302
    assert opens_the_desk(here)
    assert not opens_the_desk(elsewhere)
    assert not opens_the_desk(old_cookie)


def test_an_admin_password_reset_and_a_deactivation_end_the_users_sessions(app, agent, make_user):
    admin = make_user("admin")
    client = logged_in(app, agent)
    reset_password(admin, agent.id, "another long passphrase")
    assert not opens_the_desk(client)
    client = app.test_client()
    AuthActions(client).login(agent, "another long passphrase")
    assert opens_the_desk(client)
    update_user(agent.id, admin, active=False)
    assert not opens_the_desk(client)


def test_a_session_idle_longer_than_the_setting_ends(app, agent):
    client = logged_in(app, agent)
    idle = app.config["CRM_SESSION_IDLE_MINUTES"] * 60
    with client.session_transaction() as session:
        session[SEEN] = int(time.time() - idle + 60)
    assert opens_the_desk(client), "a minute inside the idle limit"
    with client.session_transaction() as session:
        session[SEEN] = int(time.time() - idle - 5)
    response = client.get("/desk", follow_redirects=True)
    assert "Your session has ended" in response.get_data(as_text=True)
    assert not opens_the_desk(client)


def test_a_busy_session_still_ends_at_its_absolute_lifetime(app, agent):
    client = logged_in(app, agent)
    with client.session_transaction() as session:
        session[STARTED] = int(time.time() - app.config["CRM_SESSION_MAX_HOURS"] * 3600 - 5)
    assert not opens_the_desk(client)


def test_the_lifetimes_are_settings(monkeypatch, tmp_path):
    from crm.config import from_environment

    monkeypatch.setenv("CRM_SESSION_IDLE_MINUTES", "15")
    monkeypatch.setenv("CRM_SESSION_MAX_HOURS", "8")
    config = from_environment(tmp_path)
    assert config["CRM_SESSION_IDLE_MINUTES"] == 15 and config["CRM_SESSION_MAX_HOURS"] == 8
    assert config["PERMANENT_SESSION_LIFETIME"].total_seconds() == 8 * 3600


def test_logging_in_starts_a_new_session(app, agent):
    client = app.test_client()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    AuthActions(client).login(agent)
    with client.session_transaction() as session:
        assert "planted" not in session
        first = session[SESSION_ID]
    AuthActions(client).logout()
    AuthActions(client).login(agent)
    with client.session_transaction() as session:
        assert session[SESSION_ID] != first


def test_keep_me_logged_in_makes_the_cookie_outlive_the_browser_only_when_asked(app, agent):
    client = app.test_client()
    client.post("/login", data={"email": agent.email, "password": PASSWORD})
    assert client.get_cookie("session").expires is None
    kept = app.test_client()
    kept.post("/login", data={"email": agent.email, "password": PASSWORD, "remember": "y"})
    assert kept.get_cookie("session").expires is not None
