"""The one definition of what the CRM's values may be, for the API's schemas, the services, the forms
and the CSV importer alike: channels, languages, tiers, slugs, secrets, and how ISO 8601 days and
times are read. Change a rule here and every way in follows.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

# --- contact channels and languages ---------------------------------------------------------------

CHANNELS = ("phone", "email", "chat", "in_person", "social", "sms", "web")
# The languages the standards, the survey and the demo teams speak: code → name for people.
LANGUAGES = {"en": "English", "ms": "Malay", "cs": "Czech", "fi": "Finnish", "ro": "Romanian"}
LANGUAGE_CODES = tuple(LANGUAGES)
LANGUAGE_MAX = 8  # a language tag as a contact may carry it ("en", "ms-MY", …)
# What a language field takes, told in the OpenAPI document: blank, or a tag of one of the languages in
# either case with an optional region ("ms", "ms-MY", "EN_gb").
LANGUAGE_TAG_PATTERN = "^(?:|(?:" + "|".join("".join(f"[{c.upper()}{c}]" for c in code) for code in LANGUAGE_CODES) \
    + ")(?:[-_][A-Za-z0-9]{1,5})?)$"

# --- people and teams --------------------------------------------------------------------------------

EMAIL_MAX = 254  # an e-mail address, as the columns hold it
TEAM_NAME_MAX = 120  # a team's or a department's name
PASSWORD_MIN = 10  # characters of a password

# --- customers ---------------------------------------------------------------------------------------

TIERS = ("standard", "silver", "gold", "platinum")
NAME_MAX = 200  # a customer's or company's name, a product's name
# Account numbers: 3 to 40 letters, digits or dashes once spaces are dropped; blank means none.
ACCOUNT_PATTERN = r"^\s*(?:[A-Za-z0-9](?:\s*[A-Za-z0-9-]){2,39}\s*)?$"

# --- departments ------------------------------------------------------------------------------------

SLUG_MAX = 60
SLUG_PATTERN = rf"^[a-z0-9][a-z0-9-]{{1,{SLUG_MAX - 1}}}$"
SLUG = re.compile(SLUG_PATTERN)
SLUG_RULE = f"2 to {SLUG_MAX} lower-case letters, digits or dashes"
MIN_SECRET = 16  # characters of a webhook signing secret

# --- lists in a request body ----------------------------------------------------------------------------
# Upper bounds on every list a body may carry: one request must not fan out into thousands of rows,
# webhooks or e-mails. Each is far above what a real contact, customer or policy needs.

MAX_HOLDS = 100  # holds typed for one contact
MAX_TRANSFERS = 20  # transfers of one contact
MAX_FEEDBACK_ITEMS = 20  # feedback items captured on one contact (each may be routed, sent and e-mailed)
MAX_CONTACT_POINTS = 20  # phones, and e-mail addresses, of one customer
MAX_DEPARTMENT_EMAILS = 20  # addresses a department's routed items are e-mailed to
MAX_RULES = 200  # rules of one policy version or preview
MAX_RULE_TEAMS = 200  # teams one rule names

# --- text everywhere -----------------------------------------------------------------------------------

NONBLANK_PATTERN = r"\S"  # text with something but spaces in it

# --- days and times ------------------------------------------------------------------------------------

TIME_EXAMPLE = "2026-11-23T14:05:00+01:00"


def read_time(text: str) -> datetime:
    """An ISO 8601 time as written (`Z` for UTC accepted); naive when it carries no offset.

    Raises ValueError when it is not one. Callers decide whether a missing offset is refused
    (anything a person typed in their own zone) or read as UTC (`as_utc`).
    """
    return datetime.fromisoformat(text.strip().replace("Z", "+00:00"))


def as_utc(at: datetime) -> datetime:
    """`at` made aware, a naive time being UTC; raises OverflowError when UTC cannot hold it
    (next to the years 1 and 9999)."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)
    aware.astimezone(timezone.utc)
    return aware


# The days a filter, a period or a deadline may name: a year inside the calendar's ends, so that the day
# after, the week before, a period's default start or midnight in any time zone is still a date.
FIRST_DAY, LAST_DAY = date(2, 1, 1), date(9998, 12, 31)


class DayOutOfRange(ValueError):
    """A well-written day the CRM cannot use (before FIRST_DAY or after LAST_DAY)."""


def usable_day(day: date) -> date:
    """`day` itself; raises DayOutOfRange when it is outside FIRST_DAY…LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayOutOfRange(day)
    return day


def read_day(text: str) -> date:
    """A day written YYYY-MM-DD; raises ValueError otherwise (DayOutOfRange outside FIRST_DAY…LAST_DAY)."""
    return usable_day(date.fromisoformat(text.strip()))


def read_utc_day(text: str) -> date:
    """A day, or the UTC day an ISO 8601 time falls on (naive: UTC); raises ValueError or OverflowError."""
    text = text.strip()
    if len(text) == 10:
        return read_day(text)
    return as_utc(read_time(text)).astimezone(timezone.utc).date()
