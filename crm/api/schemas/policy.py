"""Standards, policy versions and their rules, draft previews and the pilot report."""
from __future__ import annotations

from datetime import time, timedelta, timezone
from typing import Union

from flask_babel import gettext as _
from pydantic import PlainValidator, WithJsonSchema

from ...constraints import CHANNELS, MAX_RULES
from ...i18n import for_reader
from ...models import MODES, SEVERITIES
from ...services.justification import MAX_REASON
from ...services import policy
from ...services.policy import TeamRef
from ...services.review import DECISIONS
from ...services.validation import Day, Time as TimeIn, read_aware_time, read_day_value, refuse, required
from .base import Annotated, Any, Body, Field, Literal, NonBlank, Optional, Reply, Time, date, datetime, iso, iso_date, page_of, text


def _period_bound(end: bool):
    """A period's start (`end` False) or end: a time with an offset, or a bare day (YYYY-MM-DD) read as
    that whole UTC day, as the reports read it: from its 00:00 UTC, or to the next day's 00:00 UTC."""
    def read(value: Any) -> Optional[datetime]:
        if isinstance(value, str) and len(value.strip()) == 10:
            day = read_day_value(value)
            try:
                return datetime.combine(day + timedelta(days=1) if end else day, time.min, timezone.utc)
            except OverflowError:
                raise refuse(_("is out of range")) from None
        return read_aware_time(value)
    return read


PeriodStart = Annotated[datetime, PlainValidator(required(_period_bound(end=False))),
                        WithJsonSchema({"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]})]
PeriodEnd = Annotated[datetime, PlainValidator(required(_period_bound(end=True))),
                      WithJsonSchema({"type": "string", "anyOf": [{"format": "date-time"}, {"format": "date"}]})]


class Standard(Reply):
    code: str
    title: str
    description: str
    source: str
    kind: Literal["interaction", "sweep"]
    channels: Optional[list[str]] = text("The channels it applies to; null: every channel.")
    default_severity: Literal[SEVERITIES]
    parameters: dict[str, Any] = text("JSON Schema of the standard's parameters, with defaults.")


StandardList = page_of(Standard, "StandardList")


class Rule(Reply):
    standard: str = text("A standard's code")
    params: dict[str, Any] = text("Checked against the standard's parameter schema; missing parameters take "
                                  "their defaults.")
    mode: Literal[MODES]
    severity: Literal[SEVERITIES]
    teams: list[Union[str, int]] = text("Team names (or ids) the rule applies to; empty: every team.")
    channels: list[Literal[CHANNELS]] = text("Channels the rule applies to; empty: every channel.")


RuleInput = policy.RuleInput  # the service's typed input is the body's schema


class PolicyVersion(Reply):
    number: int
    effective_from: Time
    review_by: Optional[date]
    note: str
    created_at: Time
    rules: list[Rule]

    @staticmethod
    def of(version: PolicyVersion, team_names: Optional[dict[int, str]] = None) -> dict:
        """A policy version with its rules; rule scopes name teams rather than numbering them."""
        from ...services.policy import Rule

        return {
            "number": version.number,
            "effective_from": iso(version.effective_from),
            "review_by": iso_date(version.review_by),
            "note": for_reader(version.note or "", version.note_l10n),
            "created_at": iso(version.created_at),
            "rules": [Rule.from_row(r).to_json(team_names) for r in version.rules],
        }


class PolicyVersionInput(Body):
    """Unknown keys are refused."""

    rules: list[RuleInput] = Field(min_length=1, max_length=MAX_RULES, description="The full set of rules of the new version.")
    note: Optional[str] = None
    review_by: Day() = None
    effective_from: TimeIn("With an offset; default now.") = None


class PolicyPreviewInput(Body):
    """Unknown keys are refused."""

    rules: list[RuleInput] = Field(min_length=1, max_length=MAX_RULES, description="The draft rules.")
    from_: PeriodStart = Field(alias="from", description="Start of the period: a time with an offset, or a day "
                                                          "(YYYY-MM-DD), from its 00:00 UTC as the reports read it.")
    to: PeriodEnd = text("End of the period, after `from`: a time with an offset, or a day (YYYY-MM-DD), "
                         "included whole (to the next day's 00:00 UTC).")
    team: Optional[TeamRef] = text("Only this team's interactions (a lead always previews their own team).",
                                       default=None)


class PreviewByStandard(Reply):
    standard: str
    mode: Literal[MODES]
    findings: int


class PreviewByAgent(Reply):
    agent_id: int
    agent: str
    findings: int


class PreviewByTeam(Reply):
    team_id: Optional[int]
    team: str
    findings: int


class PreviewExample(Reply):
    interaction_id: int
    message: str
    mode: Literal[MODES]


class PolicyPreview(Reply):
    """What the draft would have flagged; nothing is stored."""

    checked: int = text("Interactions the draft was run over.")
    flagged_interactions: int
    by_standard: list[PreviewByStandard]
    by_agent: list[PreviewByAgent]
    by_team: list[PreviewByTeam]
    examples: dict[str, list[PreviewExample]] = text("Standard code → a few interactions it would flag.")


class PilotRate(Reply):
    checked: int
    flagged: int
    rate: Optional[float] = text("Percent of checked flagged.")


class PilotRule(Reply):
    standard: str
    params: dict[str, Any]
    policy_version: int
    since: Time
    pilot_teams: list[Union[str, int]]
    pilot: PilotRate
    others_enforced: Optional[PilotRate]


class PilotReport(Reply):
    items: list[PilotRule]
    from_: Optional[date] = Field(alias="from", description="First day (UTC) of the contacts compared; null: "
                                                             "since the version came into force.")
    to: Optional[date] = text("Last day (UTC) of the contacts compared, included; null: up to now.")


class Review(Body):
    decision: Literal[DECISIONS]
    note: Optional[str] = None


class Justification(Body):
    reason: NonBlank = Field(max_length=MAX_REASON)
