"""The server-rendered pages: one blueprint per role area."""
from __future__ import annotations

from flask import Flask, redirect, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..extensions import login_manager


def register_web(app: Flask) -> None:
    from .account.routes import bp as account_bp
    from .admin.routes import bp as admin_bp
    from .auth.routes import bp as auth_bp
    from .cases.routes import bp as cases_bp
    from .dashboards.routes import bp as dashboards_bp
    from .department.routes import bp as department_bp
    from .desk.routes import bp as desk_bp
    from .me.routes import bp as me_bp
    from .review.routes import bp as review_bp
    from .survey.routes import bp as survey_bp

    for bp in (auth_bp, desk_bp, account_bp, admin_bp, me_bp, review_bp, survey_bp, dashboards_bp,
               department_bp, cases_bp):
        app.register_blueprint(bp)

    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to continue.")
    login_manager.login_message_category = "info"

    from . import sessions

    sessions.init_app(app)

    @app.route("/")
    def home():
        """Send each role to its own starting page."""
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login"))
        if current_user.role == "admin":
            return redirect(url_for("admin.home"))
        if current_user.role == "department":
            return redirect(url_for("department.home"))
        return redirect(url_for("desk.index"))

    @app.route("/favicon.ico")
    def favicon():
        """Browsers ask for /favicon.ico whatever the page says."""
        return redirect(url_for("static", filename="favicon.svg"), code=301)

    @app.route("/ping")
    def ping():
        return "ok"
