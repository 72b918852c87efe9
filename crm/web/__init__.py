"""The server-rendered pages: one blueprint per role area."""
from __future__ import annotations

from flask_babel import gettext as _, lazy_gettext as _l
from flask import Flask, redirect, render_template, request, url_for
from flask_login import current_user

from ..extensions import login_manager
from ..services.errors import Forbidden, InvalidInput, NotFound


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

    @app.errorhandler(Forbidden)
    def forbidden(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(403, "forbidden", exc.message)
        return render_template("error.html", status=403, message=exc.message), 403

    @app.errorhandler(NotFound)
    def not_found(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(404, "not_found", exc.message)
        return render_template("error.html", status=404, message=exc.message), 404

    @app.errorhandler(InvalidInput)
    def invalid_input(exc):
        # Reached only when a page has no form to put the reasons next to (a bad link's query).
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(422, "invalid", exc.message, exc.fields)
        reasons = "; ".join(f"{field}: {', '.join(r)}" for field, r in exc.fields.items()) or exc.message
        return render_template("error.html", status=422, message=reasons), 422

    @app.errorhandler(404)
    def page_not_found(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(404, "not_found", _("No such resource."))
        return render_template("error.html", status=404, message=_("There is no page at this address.")), 404

    @app.errorhandler(400)
    def bad_request(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(400, "bad_request", getattr(exc, "description", _("Bad request.")))
        return render_template("error.html", status=400, message=getattr(exc, "description", _("Bad request."))), 400

    @app.errorhandler(500)
    def server_error(exc):
        # Flask has logged the traceback; the person gets a page in the app's own shape.
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(500, "internal", _("Something went wrong on our side; it has been logged."))
        return render_template("error.html", status=500,
                               message=_("Something went wrong on our side; it has been logged. Please try again.")), 500

    @app.errorhandler(405)
    def method_not_allowed(exc):
        # Allow (RFC 9110) says what the address does take; the routing exception knows it.
        allow = {"Allow": ", ".join(sorted(exc.valid_methods or ()))} if getattr(exc, "valid_methods", None) else {}
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            response = error_response(405, "method_not_allowed", _("This method is not allowed here."))
            response.headers.update(allow)
            return response
        return render_template("error.html", status=405, message=_("This method is not allowed here.")), 405, allow

    @app.errorhandler(413)
    def too_large(exc):
        if request.path.startswith("/api/"):
            from ..api.errors import error_response
            return error_response(413, "too_large", _("The request body is too large."))
        return render_template("error.html", status=413, message=_("The upload is too large.")), 413

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
