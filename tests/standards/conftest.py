"""Fixtures for the built-in standards: a fresh plugin manager, contacts to check, a check runner, whether a
standard flags a transcript, and what the feedback classifier hears."""
from datetime import datetime, timezone
from typing import Callable, Optional

import pytest

from crm.standards.base import CheckContext, Departure, InteractionFacts
from crm.standards.builtin.classifier import classify
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
    """Run one standard on a contact as the core does: parameters validated, defaults filled in.

    One exception: courtesy.positive_language runs on the phrase lexicons alone unless a test turns the
    tone model on. These tests pin down what the lexicons read (each line beside its polite twin); the
    model, on in the default policy, is tested in test_standards_tone_model.py and measured on writers
    it never saw (docs/standards.md, "The tone model"), where its known false flags are listed."""

    def run(code: str, facts: InteractionFacts, context: CheckContext = CheckContext(), **params):
        if code == "courtesy.positive_language":
            params.setdefault("tone_model", False)
        standard = standards[code]
        assert standard.kind == "interaction"
        values, errors = standard.validate_params(params)
        assert not errors, errors
        departures = list(standard.check(facts, values, context))
        assert len(departures) <= 1, "a standard reports an interaction at most once"
        return departures

    return run


@pytest.fixture
def flagged(check, contact) -> Callable[[str, str, str], bool]:
    """Whether standard `code` reports a contact with this transcript in this language."""

    def run(code: str, transcript: str, language: str) -> bool:
        return bool(check(code, contact(transcript=transcript, language=language)))

    return run


class Heard:
    """What the feedback classifier suggests for a call: its transcript, language and the agent's summary."""

    @staticmethod
    def suggestions(transcript: str, language: str, summary: str = "") -> list:
        return classify(summary, transcript, language)

    def categories(self, transcript: str, language: str, summary: str = "") -> list[str]:
        return [s.category for s in self.suggestions(transcript, language, summary)]

    def products(self, transcript: str, language: str, summary: str = "") -> list[tuple[str, Optional[str]]]:
        return [(s.category, s.product) for s in self.suggestions(transcript, language, summary)]


@pytest.fixture
def heard() -> Heard:
    return Heard()
