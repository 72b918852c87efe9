"""The plugin contract of the standards layer.

A plugin is any module or object with functions marked ``@hookimpl`` (from
``crm.standards.base``) named after the hooks below. Built-in standards are registered exactly
like third-party plugins, which are found through the ``crm.standards`` entry point group.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional, Sequence

import pluggy

if TYPE_CHECKING:  # pragma: no cover
    from ..models import Feedback, Finding, Interaction
    from .base import FeedbackSuggestion, Standard

hookspec = pluggy.HookspecMarker("crm")


@hookspec
def crm_standards() -> "Sequence[Standard]":
    """Return the standards this plugin provides.

    Each :class:`~crm.standards.base.Standard` carries its code (unique across plugins), title,
    description, source, parameter schema with defaults, the channels it applies to and its check.
    An ``interaction`` check is called as ``check(facts, params, context)`` and yields
    :class:`~crm.standards.base.Departure` objects; a ``sweep`` check is called as
    ``check(sweep_context, params)`` and yields :class:`~crm.standards.base.OverdueWork`.
    Checks must not write to the database: the core stores what they return.
    """


@hookspec
def crm_interaction_logged(interaction: "Interaction", findings: "Sequence[Finding]") -> None:
    """Called after an interaction and its findings are committed.

    For notifications and integrations. An exception here is logged and does not undo the
    interaction, which is already stored. Each finding carries every column, its `policy_version`
    (id and number; other columns read on use), `agent` and `reviewer` (None) without a query; it is
    not in the request's session, so change a finding through the review services, not by assigning.
    """


@hookspec
def crm_feedback_routed(feedback: "Feedback") -> None:
    """Called after a feedback item has been routed to a department and committed."""


@hookspec(firstresult=True)
def crm_classify_feedback(text: str, language: Optional[str]) -> "Optional[Sequence[FeedbackSuggestion]]":
    """Suggest feedback items heard in a summary or transcript; the first non-None answer wins.

    The built-in keyword classifier is registered ``trylast``, so any plugin can override it.
    Return ``None`` to let the next classifier answer, or a (possibly empty) list to decide.
    """
