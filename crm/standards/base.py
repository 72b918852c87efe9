"""What a standard is, and the plain data its checks receive and return.

Checks see frozen dataclasses, never ORM objects, so the same check runs when an interaction is
logged, when a draft policy is previewed over past interactions, and in a plugin's own tests.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Callable, Iterable, Literal, Optional

import pluggy

hookimpl = pluggy.HookimplMarker("crm")


@dataclass(frozen=True)
class Param:
    """One parameter of a standard, with its default and bounds."""

    name: str
    type: type  # int, float, bool or str
    default: Any
    description: str
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    # The values allowed, when the parameter is a choice (the policy form shows a list to pick from).
    choices: Optional[tuple] = None

    def json_schema(self) -> dict:
        kind = {int: "integer", float: "number", bool: "boolean", str: "string"}[self.type]
        schema: dict[str, Any] = {"type": kind, "default": self.default, "description": self.description}
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.minimum is not None:
            schema["minimum"] = self.minimum
        if self.maximum is not None:
            schema["maximum"] = self.maximum
        return schema

    def coerce(self, value: Any) -> Any:
        """Return value as this parameter's type, or raise ValueError saying why not."""
        if self.type is bool:
            if isinstance(value, bool):
                return value
            raise ValueError("must be true or false")
        if self.type in (int, float):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError("must be a number")
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError("must be a finite number")  # and JSON columns cannot hold it
            try:
                if self.type is int and float(value) != int(value):
                    raise ValueError("must be a whole number")
                value = self.type(value)
            except OverflowError:  # float(10**400)
                raise ValueError("must be a finite number") from None
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"must be at least {self.minimum:g}")
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"must be at most {self.maximum:g}")
            if self.choices and value not in self.choices:
                raise ValueError(f"must be one of {', '.join(str(c) for c in self.choices)}")
            return value
        if not isinstance(value, str):
            raise ValueError("must be text")
        if "\x00" in value:  # PostgreSQL refuses it in the JSON column the parameters go to
            raise ValueError("must not contain a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate no database can store
            raise ValueError("must be valid Unicode text") from None
        if self.choices and value not in self.choices:
            raise ValueError(f"must be one of {', '.join(str(c) for c in self.choices)}")
        return value


@dataclass(frozen=True)
class Hold:
    seconds: int
    apologized: bool


@dataclass(frozen=True)
class Transfer:
    type: str  # "warm" or "cold"
    to: Optional[str] = None


@dataclass(frozen=True)
class InteractionFacts:
    """What a per-interaction check sees of one logged contact."""

    channel: str
    direction: str
    started_at: datetime
    ended_at: Optional[datetime] = None
    queue_wait_seconds: Optional[int] = None
    holds: tuple[Hold, ...] = ()
    transfers: tuple[Transfer, ...] = ()
    summary: str = ""
    transcript: str = ""
    language: Optional[str] = None
    outcome: Optional[str] = None
    follow_up_due: Optional[datetime] = None
    amount: Optional[Decimal] = None
    agent_role: str = "agent"
    # The agent's own limit when one is set on the user; None means the rule's parameter.
    agent_authority_limit: Optional[Decimal] = None
    approved_by_role: Optional[str] = None
    # Names of the facts above that were measured (e.g. by a phone system) rather than typed,
    # and what was typed for those where it disagreed. Checks need not read these: the engine
    # marks a departure whose evidence names a measured fact with "measured": true.
    measured: frozenset[str] = frozenset()
    typed: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckContext:
    """Read-only context around the interaction: the customer's history and the case."""

    customer_language: Optional[str] = None
    customer_name: Optional[str] = None
    previous_interactions: int = 0
    case_status: Optional[str] = None


@dataclass(frozen=True)
class Departure:
    """What a per-interaction check returns for each departure from its standard."""

    message: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class OverdueWork:
    """What a sweep check returns for each piece of open work past its standard.

    `dedupe_key` identifies the breach, so the sweep records it once however often it runs.
    """

    message: str
    dedupe_key: str
    customer_id: Optional[int] = None
    case_id: Optional[int] = None
    interaction_id: Optional[int] = None
    agent_id: Optional[int] = None
    team_id: Optional[int] = None
    channel: Optional[str] = None
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SweepContext:
    """What a sweep check receives: a database session to read from and the sweep's clock."""

    session: Any  # sqlalchemy.orm.Session; read only
    now: datetime


InteractionCheck = Callable[[InteractionFacts, dict, CheckContext], Iterable[Departure]]
SweepCheck = Callable[[SweepContext, dict], Iterable[OverdueWork]]


@dataclass(frozen=True)
class Standard:
    """A service standard a plugin provides."""

    code: str
    title: str
    description: str
    source: str  # the article(s) it comes from, e.g. "002: not held more than 60 seconds"
    kind: Literal["interaction", "sweep"]
    check: Callable[..., Iterable[Any]]
    params: tuple[Param, ...] = ()
    channels: Optional[frozenset[str]] = None  # None: every channel
    default_severity: str = "medium"
    # What a live view (the desk's hold timer) can show while a contact runs, named by fact, never
    # by standard: {"hold_seconds": "max_seconds"} says the parameter max_seconds bounds a running
    # hold; {"hold_apology": True} that a running hold calls for an apology.
    live: dict = field(default_factory=dict)
    # What the aggregate targets of reports and case lists read from the standard, named by measure,
    # never by standard: {"first_reply_hours": "hours"} says the parameter `hours` is the time a
    # written inquiry may wait for its first reply (the "written inquiries answered in time" target
    # and the overdue case list both use it).
    targets: dict = field(default_factory=dict)

    def defaults(self) -> dict:
        return {p.name: p.default for p in self.params}

    def validate_params(self, raw: Optional[dict]) -> tuple[dict, dict[str, list[str]]]:
        """Return (parameters with defaults filled in, errors by parameter name)."""
        raw = dict(raw or {})
        values, errors = {}, {}
        known = {p.name: p for p in self.params}
        for name in raw:
            if name not in known:
                errors[name] = [f"unknown parameter of {self.code}"]
        for p in self.params:
            if p.name not in raw:
                values[p.name] = p.default
                continue
            try:
                values[p.name] = p.coerce(raw[p.name])
            except ValueError as exc:
                errors[p.name] = [str(exc)]
        return values, errors

    def parameter_schema(self) -> dict:
        return {
            "type": "object",
            "properties": {p.name: p.json_schema() for p in self.params},
            "additionalProperties": False,
        }

    def applies_to_channel(self, channel: str) -> bool:
        return self.channels is None or channel in self.channels

    def to_json(self) -> dict:
        return {
            "code": self.code,
            "title": self.title,
            "description": self.description,
            "source": self.source,
            "kind": self.kind,
            "channels": sorted(self.channels) if self.channels else None,
            "default_severity": self.default_severity,
            "parameters": self.parameter_schema(),
        }


@dataclass(frozen=True)
class FeedbackSuggestion:
    """Feedback the classifier heard in a transcript, for the agent to confirm or discard."""

    category: str  # product, packaging, marketing, billing, other
    text: str
    product: Optional[str] = None
    matched: tuple[str, ...] = ()
    evidence: Optional[str] = None  # the customer's sentence that triggered it
    confidence: Optional[float] = None  # 0..1, how sure the classifier is
