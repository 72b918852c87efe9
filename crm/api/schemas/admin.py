"""Users and teams (admin)."""
from __future__ import annotations

from ...constraints import TEAM_NAME_MAX
from ...i18n import LOCALES
from ...models import ROLES
from ...services import accounts, zones
from pydantic import StrictBool

from .base import Field, Literal, NonBlank, Optional, Reply, Body, Time, datetime, iso, page_of, text


class User(Reply):
    id: int
    email: str = Field(json_schema_extra={"format": "email"})
    name: str
    role: Literal[ROLES]
    team: Optional[str] = text("Team name")
    department: Optional[str] = text("Department slug")
    active: bool
    locale: Optional[Literal[LOCALES]] = text("The language the user reads the pages in; null: as their browser asks.",
                                              default=None)
    timezone: Optional[str] = text("The IANA time zone the user chose; null: their team's.", default=None)
    timezone_in_force: str = text("The zone the pages show and read the user's times in: their own, else their "
                                  "team's, else the organisation's (CRM_TIMEZONE).")
    created_at: Time
    last_login_at: Optional[datetime]
    token: str = text("Only when an `integration` user is created: its API token, shown this once.", default=None)

    @staticmethod
    def of(user: User) -> dict:
        return {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "role": user.role,
            "team": user.team.name if user.team is not None else None,
            "department": user.department.slug if user.department is not None else None,
            "active": user.active,
            "locale": user.locale,
            "timezone": user.timezone,
            "timezone_in_force": zones.zone_name_of(user),
            "created_at": iso(user.created_at),
            "last_login_at": iso(user.last_login_at),
        }


UserInput = accounts.UserInput  # the service's typed input is the body's schema


class UserChanges(Body):
    """Only the keys given change. Unknown keys are refused. A lead needs a team and a department member a
    department, given here or already theirs."""

    model_config = {"json_schema_extra": accounts.needs_unit()}

    role: Literal[ROLES] = None
    team: Optional[str] = text("Name of an existing team; null takes the user out of their team.", default=None)
    active: Optional[StrictBool] = text("false stops the user signing in and their tokens working; null changes "
                                  "nothing.", default=None)
    department: Optional[str] = text("Slug or name of a department; null takes the user out of it.", default=None)
    locale: Optional[Literal[("",) + LOCALES]] = text("The language the user reads the pages in; \"\" goes back to "
                                                      "their browser's language; null changes nothing.", default=None)
    timezone: zones.ZoneName("The IANA time zone the user reads and types times in, e.g. Europe/Prague; null or "
                             "\"\" goes back to their team's zone (else the organisation's).") = None


UserList = page_of(User, "UserList")


class Team(Reply):
    id: int
    name: str
    timezone: Optional[str] = text("The IANA time zone the team works in; null: the organisation's.", default=None)
    timezone_in_force: str = text("The zone the team's members read times in unless they chose their own: the "
                                  "team's, else the organisation's (CRM_TIMEZONE).")
    created_at: Time

    @staticmethod
    def of(team: Team) -> dict:
        return {"id": team.id, "name": team.name, "timezone": team.timezone,
                "timezone_in_force": zones.team_zone_name(team), "created_at": iso(team.created_at)}


class TeamInput(Body):
    name: NonBlank = Field(max_length=TEAM_NAME_MAX)
    timezone: zones.ZoneName("The IANA time zone the team works in, e.g. Europe/Prague; null or absent: the "
                             "organisation's (CRM_TIMEZONE).") = None


class TeamChanges(Body):
    """Only the keys given change. Unknown keys are refused."""

    timezone: zones.ZoneName("The IANA time zone the team works in; null or \"\" goes back to the organisation's "
                             "(CRM_TIMEZONE).") = None


TeamList = page_of(Team, "TeamList")
