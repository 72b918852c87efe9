"""A lightweight CRM for customer-service teams, with service standards enforced by plugins."""
from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Optional

import click
from flask import Flask

from . import config as config_module
from .extensions import csrf, db, login_manager

# The top-level migrations/ folder, installed as crm.migrations (setup.py): found the same way in
# a checkout, an editable install and a wheel.
MIGRATIONS_DIR = str(resources.files("crm.migrations"))


def create_app(config: Optional[dict] = None) -> Flask:
    """Build the app: config, extensions, plugins, blueprints, error handlers, CLI."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(config_module.from_environment(Path(app.instance_path)))
    if config:
        app.config.update(config)
    if app.config.get("CRM_TRUSTED_PROXIES"):
        # The limits and the audit trail need the client's address, not the proxy's.
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["CRM_TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    register_extensions(app)
    register_plugins(app)
    register_inputs(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    preload_language(app)
    return app


def preload_language(app: Flask) -> None:
    """Warm the language analysis up in a background thread when a process serves its first request.

    Only serving processes pay for it (not `crm worker` or `crm sweep`), and only once; never in tests.
    """
    if app.testing or not app.config.get("CRM_LANGUAGE_PRELOAD"):
        return
    import threading

    from .standards import language

    @app.before_request
    def start_language_preload():
        if not language.preloading.is_set():
            language.preloading.set()
            threading.Thread(target=language.warm_up, name="crm-language-preload", daemon=True).start()


class MigrationCommands(click.Group):
    """`crm db …` (Flask-Migrate's commands), imported only when one is run: Flask-Migrate imports
    Alembic and Mako, ~11 MB that every web worker held (docs/benchmarks.md, memory per web worker)."""

    def __init__(self, name: str):
        from flask.cli import with_appcontext

        @with_appcontext
        def options(directory, x_arg):  # as Flask-Migrate's own group: read by Migrate.get_config()
            from flask import g

            g.directory, g.x_arg = directory, x_arg

        super().__init__(name, callback=options, help="Perform database migrations (Alembic, through Flask-Migrate).",
                         params=[click.Option(["-d", "--directory"], default=None,
                                              help='Migration script directory (default is "migrations")'),
                                 click.Option(["-x", "--x-arg"], multiple=True,
                                              help="Additional arguments consumed by custom env.py scripts")])

    def _commands(self) -> click.Group:
        from flask import current_app
        from flask_migrate import Migrate
        from flask_migrate.cli import db as commands

        app = current_app._get_current_object()
        if "migrate" not in app.extensions:
            Migrate().init_app(app, db, directory=MIGRATIONS_DIR)
            app.cli.add_command(self, name=self.name)  # init_app put its own group there; keep this one
        return commands

    def list_commands(self, ctx: click.Context) -> list[str]:
        return self._commands().list_commands(ctx)

    def get_command(self, ctx: click.Context, name: str):
        return self._commands().get_command(ctx, name)


def register_extensions(app: Flask) -> None:
    from .database import configure_engine
    from .headers import init_app as init_headers
    from .i18n import init_app as init_i18n
    from .limits import init_app as init_limits

    if str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        from .database import json_loads

        # psycopg reads json columns with the standard library's json.loads: orjson in its place
        # (16 values a screen-pop, ~12 % of its CPU in process; bench/README.md, "Round 15").
        app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {}).setdefault("json_deserializer", json_loads)
    db.init_app(app)
    app.cli.add_command(MigrationCommands("db"))  # `crm db …`: Alembic through Flask-Migrate, loaded when run
    csrf.init_app(app)
    login_manager.init_app(app)
    init_limits(app)
    init_headers(app)
    init_i18n(app)
    with app.app_context():
        configure_engine(db.engine, app.config["CRM_SQLITE_BUSY_TIMEOUT_MS"])


def register_plugins(app: Flask) -> None:
    from .standards.manager import make_plugin_manager

    app.extensions["crm.plugins"] = make_plugin_manager(
        load_entry_points=app.config.get("CRM_LOAD_PLUGINS", True)
    )


def register_inputs(app: Flask) -> None:
    from .inputs import init_app as init_inputs

    init_inputs(app)  # URL converters first: the blueprints' routes use them


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .web import register_web

    app.register_blueprint(api_bp)
    csrf.exempt(api_bp)
    register_web(app)


def register_error_handlers(app: Flask) -> None:
    from .error_handlers import register_error_handlers as register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .web.helpers import init_app as init_helpers

    init_helpers(app)


def register_commands(app: Flask) -> None:
    from .cli import register_commands as register

    register(app)
