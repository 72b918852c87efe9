"""Signed-in sessions of the web pages: started at login, ended on logout and after idle or absolute lifetimes.

Flask keeps the session in a signed cookie. A copy of that cookie must stop working once the
session ends, so each user row carries a session version (User.session_version) and the session
holds the version it was opened under (User.get_id gives "id:version"). Logging out, a password
change or reset and a deactivation bump the version: every session of that user is refused at its
next request, on every server, with no session table to keep or clean.
"""
from __future__ import annotations

from flask_babel import gettext as _
import secrets
import time
from typing import Optional

from flask import Flask, current_app, flash, g, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import login_user, logout_user

from ..extensions import login_manager
from ..models import User
from ..services import accounts

STARTED = "crm_started"   # when the user logged in (epoch seconds)
SEEN = "crm_seen"         # their last request
SESSION_ID = "crm_sid"    # new at every login, so a login never continues an earlier session
_TOUCH_EVERY = 15         # seconds: rewrite the cookie at most this often for the idle clock


class PagesOnlySessionInterface(SecureCookieSessionInterface):
    """The signed-cookie session for the pages; none for the JSON API.

    The API authenticates every request by its bearer token and never reads or sets the session,
    so its requests skip the cookie's signature check and the rewrite of the response cookie (they
    get Flask's null session, which refuses writes). Nothing changes for the pages.
    """

    def open_session(self, app: Flask, request):
        if request.path.startswith("/api/"):
            return None  # Flask's null session
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = PagesOnlySessionInterface()
    login_manager.user_loader(load_user)
    app.before_request(_enforce_lifetimes)


def load_user(user_id: str) -> Optional[User]:
    """The user of a session, or None when the session was opened under an older version."""
    ident, _colon, version = user_id.partition(":")
    try:
        return accounts.session_user(int(ident), int(version))
    except ValueError:
        return None


def start(user: User, keep: Optional[bool] = False) -> None:
    """Begin a new session for `user`: nothing of the session before the login carries over.

    `keep` None keeps this browser's choice (a password change starts a new session in place).
    """
    if keep is None:
        keep = session.permanent
    session.clear()
    login_user(user, remember=False, fresh=True)
    # "Keep me logged in" keeps the cookie when the browser closes; the lifetimes still apply.
    session.permanent = bool(keep)
    now = int(time.time())
    session[STARTED] = session[SEEN] = now
    session[SESSION_ID] = secrets.token_urlsafe(16)


def end() -> None:
    """Forget the session in this browser (the caller has already ended the user's other sessions)."""
    logout_user()
    session.clear()


def _enforce_lifetimes() -> None:
    # The user of a request is the session's, never one an earlier request left on an app
    # context that outlived it (as a test's does).
    g.pop("_login_user", None)
    if "_user_id" not in session:
        return
    now = int(time.time())
    idle = current_app.config["CRM_SESSION_IDLE_MINUTES"] * 60
    absolute = current_app.config["CRM_SESSION_MAX_HOURS"] * 3600
    started, seen = session.get(STARTED), session.get(SEEN)
    if not isinstance(started, int) or not isinstance(seen, int) or now - seen > idle or now - started > absolute:
        end()
        flash(_("Your session has ended; please log in again."), "info")
        return
    if now - seen >= _TOUCH_EVERY:
        session[SEEN] = now
