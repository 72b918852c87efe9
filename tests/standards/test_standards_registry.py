"""The built-in plugins: every standard of STANDARDS.md, cited, with a usable parameter schema."""
import json
import re

import pytest

from crm.standards.base import FeedbackSuggestion, hookimpl

INTERACTION_STANDARDS = {
    "hold.max_duration", "hold.apology", "transfer.warm", "transfer.right_first_time",
    "queue.max_wait", "documentation.summary", "courtesy.thanks", "courtesy.positive_language",
    "resolution.next_step", "authority.limit",
}
SWEEP_STANDARDS = {
    "response.first_reply", "callback.on_time", "followup.after_resolution", "case.keep_informed",
}
ARTICLES = {"000", "001", "002", "003", "004"}


def test_the_built_in_plugins_provide_every_standard(standards):
    assert set(standards) == INTERACTION_STANDARDS | SWEEP_STANDARDS
    assert {code for code, s in standards.items() if s.kind == "sweep"} == SWEEP_STANDARDS


@pytest.mark.parametrize("code", sorted(INTERACTION_STANDARDS | SWEEP_STANDARDS))
def test_every_standard_cites_the_articles_it_comes_from(standards, code):
    source = standards[code].source
    cited = re.findall(r"\b(\d{3}):", source)
    assert source.startswith(tuple(ARTICLES)), source
    assert cited and set(cited) <= ARTICLES, source
    assert "article" in source


@pytest.mark.parametrize("code", sorted(INTERACTION_STANDARDS | SWEEP_STANDARDS))
def test_every_standard_describes_itself_and_its_defaults_are_valid(standards, code):
    standard = standards[code]
    assert standard.title and standard.description
    assert standard.default_severity in ("low", "medium", "high", "critical")
    assert standard.validate_params({}) == (standard.defaults(), {})
    json.dumps(standard.to_json())


def test_the_defaults_are_the_articles_numbers(standards):
    assert standards["hold.max_duration"].defaults() == {"max_seconds": 60}
    assert standards["queue.max_wait"].defaults() == {"max_seconds": 60}
    assert standards["response.first_reply"].defaults()["hours"] == 24
    assert standards["authority.limit"].defaults() == {"agent_limit": 100.0}
    assert standards["authority.limit"].default_severity == "high"


def test_parameters_of_the_wrong_type_are_rejected(standards):
    _, errors = standards["hold.max_duration"].validate_params({"max_seconds": "sixty"})
    assert errors == {"max_seconds": ["must be a number"]}
    _, errors = standards["hold.max_duration"].validate_params({"max_seconds": 60.5})
    assert errors == {"max_seconds": ["must be a whole number"]}
    _, errors = standards["hold.apology"].validate_params({"accept_transcript_phrase": "yes"})
    assert errors == {"accept_transcript_phrase": ["must be true or false"]}


def test_parameters_below_their_minimum_are_rejected(standards):
    _, errors = standards["hold.max_duration"].validate_params({"max_seconds": 0})
    assert errors == {"max_seconds": ["must be at least 1"]}
    _, errors = standards["authority.limit"].validate_params({"agent_limit": -1})
    assert errors == {"agent_limit": ["must be at least 0"]}
    _, errors = standards["transfer.right_first_time"].validate_params({"max_transfers": -1})
    assert errors == {"max_transfers": ["must be at least 0"]}


def test_unknown_parameters_are_rejected(standards):
    _, errors = standards["queue.max_wait"].validate_params({"max_seconds": 30, "max_minutes": 1})
    assert errors == {"max_minutes": ["unknown parameter of queue.max_wait"]}
    _, errors = standards["transfer.warm"].validate_params({"strict": True})
    assert errors == {"strict": ["unknown parameter of transfer.warm"]}


def test_valid_parameters_are_coerced_to_their_type(standards):
    values, errors = standards["authority.limit"].validate_params({"agent_limit": 250})
    assert errors == {} and values == {"agent_limit": 250.0}
    assert isinstance(values["agent_limit"], float)


class ProductTeamClassifier:
    @hookimpl
    def crm_classify_feedback(self, text, language):
        return [FeedbackSuggestion(category="product", text=text)]


class UndecidedClassifier:
    @hookimpl
    def crm_classify_feedback(self, text, language):
        return None


def test_another_plugins_classifier_answers_before_the_built_in_one(plugin_manager):
    plugin_manager.register(ProductTeamClassifier())
    [suggestion] = plugin_manager.hook.crm_classify_feedback(text="The box arrived crushed.", language="en")
    assert suggestion.category == "product"


def test_the_built_in_classifier_answers_when_other_plugins_pass(plugin_manager):
    plugin_manager.register(UndecidedClassifier())
    [suggestion] = plugin_manager.hook.crm_classify_feedback(text="The box arrived crushed.", language="en")
    assert suggestion.category == "packaging"
