"""The `crm` command: run the server, set up the database, manage users, import, sweep.

Commands only parse options and print; the work is in crm/services (the worker loop in
crm/services/worker.py)."""
from __future__ import annotations

import logging
import sys
from datetime import datetime
from typing import Optional

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from . import MIGRATIONS_DIR, create_app
from .constraints import as_utc, read_time


def _app_factory(*_args, **_kwargs):
    return create_app()


def _crm_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crm")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


@click.group(cls=FlaskGroup, create_app=_app_factory, add_version_option=False)
@click.version_option(_crm_version(), "--version", prog_name="crm", message="%(prog)s %(version)s",
                      help="Show the CRM's version and exit.")
def main() -> None:
    """The CRM: `crm init`, `crm demo`, `crm serve` (`crm run` in development), `crm users …`,
    `crm import customers FILE`."""


def register_commands(app) -> None:
    """Put the CRM's commands on app.cli, where `crm` and the test runner find them."""
    from .simulator import calls_group

    for command in (init_command, demo_command, users_group, teams_group, import_group, sweep_command,
                    worker_command, serve_command, calls_group):
        app.cli.add_command(command)


def upgrade_database() -> None:
    """Bring the configured database to the newest schema (creates it when empty)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", MIGRATIONS_DIR)
    command.upgrade(cfg, "head")


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database and install the default policy; safe to run again."""
    from .services.policy import ensure_default_policy
    from .services.routing import ensure_fallback_department

    upgrade_database()
    version = ensure_default_policy()
    fallback = ensure_fallback_department()
    click.echo(f"Feedback that matches no routing rule goes to the '{fallback.slug}' department.")
    click.echo(f"Database ready: {_safe_url()}")
    if version is not None:
        click.echo(f"Policy version {version.number} created with the defaults of {len(version.rules)} standards.")


def _safe_url() -> str:
    from .extensions import db

    return db.engine.url.render_as_string(hide_password=True)


@click.command("demo")
@click.option("--customers", type=click.IntRange(min=0), default=240, show_default=True,
              help="How many demo customers (0 or more).")
@with_appcontext
def demo_command(customers: int) -> None:
    """Fill the database with deterministic demo data and print the logins."""
    from .services.demo import load_demo

    upgrade_database()
    logins = load_demo(customers)
    if not logins:
        click.echo("Demo data is already loaded.")
        from .services.demo import DEMO_LOGINS
        logins = DEMO_LOGINS
    from .config import base_url

    click.echo(f"Log in at {base_url()}/ with any of:")
    for role, email, password in logins:
        click.echo(f"  {role:<11} {email:<32} password: {password}")
    if not current_app.config.get("CRM_BASE_URL"):
        click.echo("Served at another address (a port, a host name, behind a proxy)? Set CRM_BASE_URL to it, "
                   "e.g. CRM_BASE_URL=https://crm.example.com: links sent to customers and staff start with it.")


@click.group("users")
def users_group() -> None:
    """Manage users."""


@users_group.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice(["agent", "lead", "department", "admin", "integration"]), required=True,
              help="integration: a phone system's user; token only, printed on creation.")
@click.option("--name", default="")
@click.option("--team", default=None, help="An existing team's name (see --create-team).")
@click.option("--create-team", is_flag=True, help="Create the --team when no team has that name yet.")
@click.option("--department", default=None, help="Department slug.")
@click.option("--password", default=None,
              help="Prompted for on a terminal when omitted (an integration has none); required in a script.")
@with_appcontext
def users_create(email, role, name, team, create_team, department, password) -> None:
    """Create a user."""
    from .services.access import SYSTEM
    from .services.accounts import UserInput, check_new_user, create_user
    from .services.errors import ServiceError
    from .services.validation import read_input

    def read(password):
        return read_input(UserInput, {"email": email, "name": name, "role": role, "team": team,
                                      "department": department, "password": password},
                          check=lambda given: check_new_user(given, create_team=create_team, dry=True))

    try:
        data = read(password)
        if password is None and role != "integration":
            _check_all_but_the_password(data, create_team)  # before asking for one
            if not sys.stdin.isatty():  # a script: "Aborted!" would say nothing
                raise click.UsageError("No terminal to ask for the password on: pass --password.")
            data = read(click.prompt("Password", hide_input=True, confirmation_prompt=True))
        user = create_user(data, actor=SYSTEM, create_team=create_team)
    except ServiceError as exc:
        if "team" in exc.fields:  # a typo should not make a new team, as the API's 422 does not
            from .services.teams import list_teams

            names = [t.name for t in list_teams()]
            exc.fields["team"] = exc.fields["team"] + [
                ("the teams are: " + ", ".join(names) if names else "there is no team yet")
                + "; add --create-team to create it"]
        _fail(exc)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")
    if user.role == "integration":
        from .services.accounts import create_token

        _, secret = create_token(user, "integration")
        click.echo(f"Its API token (shown once): {secret}")


@users_group.command("token")
@click.argument("email")
@click.option("--name", default="command line", help="What the token is for.")
@with_appcontext
def users_token(email, name) -> None:
    """Print a new API token for the user (only its hash is stored)."""
    from .services.accounts import create_token, user_by_email

    user = user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user {email}.")
    _, secret = create_token(user, name)
    click.echo(secret)


@click.group("teams")
def teams_group() -> None:
    """Manage teams and the time zone each works in."""


@teams_group.command("list")
@with_appcontext
def teams_list() -> None:
    """Print each team with its time zone (the organisation's, CRM_TIMEZONE, when it has none)."""
    from .services import zones
    from .services.teams import list_teams

    for team in list_teams():
        click.echo(f"{team.id}\t{team.name}\t{team.timezone or '(organisation: ' + zones.default_zone_name() + ')'}")


@teams_group.command("create")
@click.argument("name")
@click.option("--timezone", "zone_name", default=None, help="IANA time zone, e.g. Europe/Prague (default: CRM_TIMEZONE).")
@with_appcontext
def teams_create(name, zone_name) -> None:
    """Create a team."""
    from .services.access import SYSTEM
    from .services.errors import ServiceError
    from .services.teams import create_team

    try:
        team = create_team(name, SYSTEM, timezone=zone_name)
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"Created team {team.name} (id {team.id}), time zone {team.timezone or 'of the organisation'}.")


@teams_group.command("set-timezone")
@click.argument("team")
@click.argument("zone_name", metavar="TIMEZONE")
@with_appcontext
def teams_set_timezone(team, zone_name) -> None:
    """Set the IANA time zone TEAM (its name or id) works in; "" goes back to CRM_TIMEZONE."""
    from .services import zones
    from .services.access import SYSTEM
    from .services.errors import ServiceError
    from .services.teams import find_team, set_team_timezone

    try:
        found = set_team_timezone(find_team(team).id, SYSTEM, zone_name)
    except ServiceError as exc:
        _fail(exc)
    click.echo(f"Team {found.name} works in {found.timezone or zones.default_zone_name() + ' (the organisation)'}.")


@click.group("import")
def import_group() -> None:
    """Import data from files."""


@import_group.command("customers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_customers(path) -> None:
    """Import customers from a CSV file; report every rejected row with its line number."""
    from .services.importer import import_customers_csv

    with click.progressbar(length=0, label="Importing", show_pos=True) as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        report = import_customers_csv(path, progress=progress)
    click.echo(f"Imported {report.imported} customers; rejected {len(report.rejected)} rows.")
    for line, reason in report.rejected:
        click.echo(f"  line {line}: {reason}", err=True)
    if report.rejected:
        sys.exit(1 if not report.imported else 0)


def _iso_time(_ctx, _param, value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    try:
        at = read_time(value)
        if at.tzinfo is None:
            # Refused rather than guessed, as the API does: an admin in Prague typing 09:00 means
            # 08:00 UTC, and a sweep an hour off opens (or misses) findings an hour off.
            raise click.BadParameter("needs an offset, e.g. 2026-01-31T09:00:00+01:00 or 2026-01-31T08:00:00Z; "
                                     "a time without one is not guessed")
        return as_utc(at)
    except (ValueError, OverflowError):
        raise click.BadParameter("must be an ISO 8601 time, e.g. 2026-01-31T09:00:00+01:00") from None


@click.command("sweep")
@click.option("--now", "now", callback=_iso_time, metavar="ISO",
              help="The sweep's clock, with its offset, e.g. 2026-01-31T09:00:00+01:00 or "
                   "2026-01-31T08:00:00Z. Default: now.")
@with_appcontext
def sweep_command(now: Optional[datetime]) -> None:
    """Check the time-based standards over open work once and print, per standard, what was found."""
    from .services.sweep import run_sweep, sweep_lines

    report = run_sweep(now)
    if report.policy_version is None:
        click.echo("No policy version is in force; nothing to sweep.")
        return
    lines = sweep_lines(report)
    if not lines:
        click.echo(f"Policy version {report.policy_version} switches on no time-based standards.")
    for line in lines:
        click.echo(line)
    if report.failed:
        sys.exit(1)


@click.command("worker")
@click.option("--interval", type=click.FloatRange(min=0, min_open=True), default=300.0, show_default=True,
              help="Seconds from the start of one run to the start of the next.")
@click.option("--once", is_flag=True, help="Run every job once and exit.")
@with_appcontext
def worker_command(interval: float, once: bool) -> None:
    """Run the periodic jobs (deliveries, the sweep of time-based standards, escalation) until SIGTERM or Ctrl-C."""
    from .services import worker

    if not logging.getLogger().handlers:
        # Nothing configured logging (a plain `crm worker`): log to stderr.
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    worker.serve(list(worker.WORKER_JOBS), interval, once)


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True)
@click.option("--workers", type=click.IntRange(min=1), default=None, envvar="WEB_CONCURRENCY",
              help="Worker processes (default: WEB_CONCURRENCY, else one per core).")
@click.option("--threads", type=click.IntRange(min=1), default=2, envvar="CRM_THREADS", show_default=True,
              help="Threads per worker running requests (CRM_THREADS).")
@click.option("--keep-alive", "keep_alive", type=click.IntRange(0, 3600), default=75, envvar="CRM_KEEP_ALIVE",
              show_default=True, help="Seconds an idle connection is kept open for its next request, which must "
              "also send its headers within them (CRM_KEEP_ALIVE); 0 closes each connection after its answer.")
def serve_command(host: str, port: int, workers: Optional[int], threads: int, keep_alive: int) -> None:
    """Serve the app in production (granian): the app loaded once, then forked into the workers.
    SIGHUP replaces the workers; SIGTERM or Ctrl-C stops."""
    import errno
    import socket
    import threading
    import urllib.request  # noqa: F401  (imported here, not by the thread that uses it: _say_when_ready)

    from flask.cli import ScriptInfo

    from . import serve

    # The workers share their socket (SO_REUSEPORT), which would also share a port another server
    # listens on, the kernel handing connections to either at random: refuse it instead.
    try:
        socket.create_server((host, port)).close()
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise click.ClickException(f"{host}:{port} is already in use (another server, perhaps an earlier "
                                       f"`crm serve`, still runs): stop it, or choose another --port.") from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    app = click.get_current_context().ensure_object(ScriptInfo).load_app()
    workers = workers or serve.default_workers()
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    click.echo(f"Starting on {url} with {workers} worker(s) × {threads} thread(s); "
               f"loading the language analysis first takes a few seconds…")
    threading.Thread(target=_say_when_ready, args=(url,), daemon=True).start()
    serve.serve(app, host, port, workers, threads, keep_alive)


def _say_when_ready(url: str, within: float = 300.0) -> None:
    """Print "Ready" once the server answers (its /ping), so nobody opens the browser too soon."""
    import time
    import urllib.request

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "ping", timeout=2) as answer:
                if answer.status == 200:
                    click.echo(f"Ready: {url}")
                    return
        except OSError:
            pass
        time.sleep(0.25)
def _check_all_but_the_password(data, create_team: bool) -> None:
    """Raise InvalidInput with every reason `data` cannot be a new user but the password still to ask for."""
    from .services.accounts import check_new_user
    from .services.errors import InvalidInput

    try:
        check_new_user(data, create_team=create_team, dry=True)
    except InvalidInput as exc:
        fields = {k: v for k, v in exc.fields.items() if k != "password"}
        if fields:
            raise InvalidInput(fields) from None


def _fail(exc) -> None:
    lines = [exc.message] + [f"  {field}: {r}" for field, reasons in exc.fields.items() for r in reasons]
    raise click.ClickException("\n".join(lines))
