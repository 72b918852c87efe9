"""Fixtures for the built-in standards: a fresh plugin manager, contacts to check, and a check runner."""
from datetime import datetime, timezone
from typing import Callable

import pytest

from crm.standards.base import CheckContext, Departure, InteractionFacts
from crm.standards.manager import collect_standards, make_plugin_manager


@pytest.fixture
def plugin_manager():
    return make_plugin_manager(load_entry_points=False)


@pytest.fixture
def standards(plugin_manager):
    return collect_standards(plugin_manager)


@pytest.fixture
def contact() -> Callable[..., InteractionFacts]:
    """Build an inbound phone contact, changing only the facts a test is about."""

    def make(**facts) -> InteractionFacts:
        defaults = dict(
            channel="phone",
            direction="inbound",
            started_at=datetime(2024, 5, 6, 9, 30, tzinfo=timezone.utc),
        )
        return InteractionFacts(**{**defaults, **facts})

    return make


@pytest.fixture
def check(standards) -> Callable[..., list[Departure]]:
    """Run one standard on a contact as the core does: parameters validated, defaults filled in."""

    def run(code: str, facts: InteractionFacts, context: CheckContext = CheckContext(), **params):
        standard = standards[code]
        assert standard.kind == "interaction"
        values, errors = standard.validate_params(params)
        assert not errors, errors
        departures = list(standard.check(facts, values, context))
        assert len(departures) <= 1, "a standard reports an interaction at most once"
        return departures

    return run
