"""Third-party plugins: a registered standard produces findings, an installed package is found through
its entry point, and crm_interaction_logged runs after the commit."""
import importlib.util
import shutil
import subprocess
import sys
import tomllib
from dataclasses import replace
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Finding, Interaction
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.policy import RuleInput, create_version
from crm.standards.base import CheckContext, Departure, InteractionFacts, Standard, hookimpl
from crm.standards.manager import collect_standards, make_plugin_manager
from crm.services.access import SYSTEM

PLUGIN_EXAMPLE = Path(__file__).parent / "plugin_example"


class CallbackNumberPlugin:
    """A throwaway plugin: on the phone, the agent reads back the customer's callback number."""

    @hookimpl
    def crm_standards(self):
        return [Standard(
            code="test.callback_number", title="Read back the callback number",
            description="On a phone call the agent confirms the number to call back on.",
            source="a test", kind="interaction", check=self.check, channels=frozenset({"phone"}),
        )]

    def check(self, facts, params, context):
        if "your number is" not in facts.transcript.lower():
            yield Departure("The agent did not read back the callback number.",
                            {"words": len(facts.transcript.split())})


def register(app, plugin):
    app.extensions["crm.plugins"].register(plugin)
    # Standards are collected once per app; a plugin registered later needs a fresh collection.
    app.extensions.pop("crm.standards_cache", None)


def call(customer, agent, **fields):
    """Log a phone call that meets the built-in standards, changing only the fields given."""
    defaults = dict(customer_id=customer.id, channel="phone", outcome="resolved",
                    summary="Customer asked for a callback about the invoice.",
                    transcript="Agent: Good morning, your number is 012-345 6789? Thank you for calling.")
    return log_interaction(InteractionInput(**{**defaults, **fields}), agent)


def test_a_registered_plugin_standard_enabled_in_a_new_policy_version_finds_departures(
        app, make_user, make_customer, api):
    register(app, CallbackNumberPlugin())
    version = create_version([RuleInput("test.callback_number", severity="high")], SYSTEM)
    agent, customer = make_user("agent"), make_customer()

    missed = call(customer, agent, transcript="Agent: Good morning, how can I help?")
    (finding,) = missed.findings
    assert (finding.standard, finding.severity, finding.mode) == ("test.callback_number", "high", "enforce")
    assert finding.policy_version_id == version.id
    assert finding.message == "The agent did not read back the callback number."
    assert db.session.scalar(select(func.count()).select_from(Finding)) == 1

    assert call(customer, agent).findings == []
    codes = [s["code"] for s in api(make_user("admin")).get("/api/v1/standards").get_json()["items"]]
    assert "test.callback_number" in codes


class InteractionListener:
    def __init__(self):
        self.calls = []

    @hookimpl
    def crm_interaction_logged(self, interaction, findings):
        # Another connection sees only what is committed.
        with db.engine.connect() as other:
            stored = other.scalar(select(func.count()).select_from(Interaction)
                                  .where(Interaction.id == interaction.id))
        self.calls.append((interaction.id, [(f.id, f.standard) for f in findings], stored))


def test_crm_interaction_logged_runs_after_the_commit_with_the_interaction_and_its_findings(
        app, make_user, make_customer):
    listener = InteractionListener()
    register(app, listener)
    logged = call(make_customer(), make_user("agent"), summary="Called.")
    assert [f.standard for f in logged.findings] == ["documentation.summary"]
    assert listener.calls == [(logged.interaction.id, [(logged.findings[0].id, "documentation.summary")], 1)]


class BrokenNotifier:
    @hookimpl
    def crm_interaction_logged(self, interaction, findings):
        raise RuntimeError("the chat webhook is down")


def test_a_failing_crm_interaction_logged_does_not_undo_the_interaction(
        app, make_user, make_customer, caplog):
    register(app, BrokenNotifier())
    logged = call(make_customer(), make_user("agent"), summary="Called.")
    interaction_id = logged.interaction.id
    db.session.rollback()  # whatever was not committed is gone now
    assert db.session.get(Interaction, interaction_id) is not None
    assert db.session.scalar(select(func.count()).select_from(Finding)
                             .where(Finding.interaction_id == interaction_id)) == 1
    assert f"a crm_interaction_logged hook failed for interaction {interaction_id}" in caplog.text
    assert "the chat webhook is down" in caplog.text


# --- an installed plugin package -----------------------------------------------------------------

def _setuptools_builds_wheels() -> bool:
    # setuptools before 70.1 builds wheels only with the separate `wheel` package installed.
    major, minor = (int(part) for part in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def install_with_pip(site: Path, work: Path) -> None:
    # Built from a copy: setuptools writes build/ and *.egg-info into the source tree. Installed into
    # `site`, not the shared venv, where every process loading entry points would see the plugin.
    source = shutil.copytree(PLUGIN_EXAMPLE, work / "source", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
                    "--no-index", "--quiet", "--target", str(site), str(source)],
                   check=True, capture_output=True, text=True, timeout=300)


def install_dist_info(site: Path, work: Path) -> None:
    """What pip leaves that entry-point discovery reads: the package, and a dist-info naming its
    entry points, taken from the example's own pyproject.toml."""
    project = tomllib.loads((PLUGIN_EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    shutil.copytree(PLUGIN_EXAMPLE / "crm_greeting", site / "crm_greeting",
                    ignore=shutil.ignore_patterns("__pycache__"))
    dist_info = site / f"{project['name'].replace('-', '_')}-{project['version']}.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {project['name']}\nVersion: {project['version']}\n", encoding="utf-8")
    sections = [f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in points.items())
                for group, points in project["entry-points"].items()]
    (dist_info / "entry_points.txt").write_text("\n".join(sections), encoding="utf-8")


@pytest.fixture
def site(tmp_path, monkeypatch):
    """A folder on sys.path to install into, forgotten with what was imported from it afterwards."""
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    sys.modules.pop("crm_greeting", None)
    yield site
    sys.modules.pop("crm_greeting", None)


@pytest.mark.parametrize("install", [
    pytest.param(install_with_pip, id="pip", marks=pytest.mark.skipif(
        not _setuptools_builds_wheels(),
        reason="the venv's setuptools cannot build a wheel without the `wheel` package")),
    pytest.param(install_dist_info, id="dist-info"),
])
def test_an_installed_plugin_package_is_found_through_its_entry_point(install, site, tmp_path):
    assert "greeting.name" not in collect_standards(make_plugin_manager(load_entry_points=True))
    install(site, tmp_path)

    pm = make_plugin_manager(load_entry_points=True)
    standards = collect_standards(pm)
    assert "greeting.name" in standards
    assert Path(pm.get_plugin("greeting").__file__).is_relative_to(site)

    greeting = standards["greeting.name"]
    params, errors = greeting.validate_params({})
    assert (params, errors) == ({"opening_lines": 2}, {})
    facts = InteractionFacts(
        channel="phone", direction="inbound", started_at=datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc),
        transcript="Agent: Good morning Mr Tan, how can I help?\nCustomer: About my bill.")
    assert list(greeting.check(facts, params, CheckContext())) == []
    nameless = replace(facts, transcript="Agent: Good morning, how can I help?\nCustomer: About my bill.")
    (departure,) = greeting.check(nameless, params, CheckContext())
    assert "did not greet the customer by name" in departure.message
