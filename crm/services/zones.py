"""Time zones: which zone a person reads and types times in, and reading a typed wall-clock time.

The zone in force for a person is their own choice (User.timezone), else their team's
(Team.timezone), else the organisation's (CRM_TIMEZONE, default UTC). Names are IANA names
("Europe/Prague"), checked against the zone database zoneinfo reads.

Times are stored in UTC; a time typed without an offset (the web forms' "14:30") is read in the
typist's zone. Daylight-saving time makes two kinds of wall-clock time special:

- a time in the spring gap (02:30 on the day Prague's clocks go from 02:00 to 03:00) does not exist:
  it is refused with a reason that says so (ZoneGap);
- a time in the autumn fold (02:30 on the day the clocks go from 03:00 back to 02:00) happens twice:
  the first of the two (still summer time) is taken. A deadline's "end of the day" takes the last.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Optional
from zoneinfo import ZoneInfo, available_timezones

from flask import current_app, has_app_context
from flask_babel import gettext as _

MAX_ZONE_NAME = 64
END_OF_DAY = time(23, 59, 59)

# The zones offered first in the pickers: where the CRM's teams and customers mostly are, then the
# world's big business zones. Any other IANA name may be typed.
COMMON_ZONES = (
    "UTC",
    "Asia/Kuala_Lumpur", "Asia/Singapore", "Asia/Jakarta", "Asia/Bangkok", "Asia/Manila",
    "Asia/Hong_Kong", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul", "Asia/Kolkata", "Asia/Dubai",
    "Australia/Sydney", "Pacific/Auckland",
    "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "Europe/Prague",
    "Europe/Vienna", "Europe/Warsaw", "Europe/Helsinki", "Europe/Bucharest", "Europe/Athens",
    "Europe/Istanbul", "Africa/Johannesburg",
    "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
)


class ZoneGap(ValueError):
    """A wall-clock time that does not exist in a zone (the clocks jumped over it)."""


NOT_PLACES = frozenset({"localtime", "Factory"})


@lru_cache(maxsize=1)
def known_zones() -> dict[str, str]:
    """Every IANA name the zone database has, by its lower-case form (to forgive "europe/prague"); not
    "localtime" (the server's own zone, whatever it is) nor "Factory" (a placeholder with no offset)."""
    return {name.lower(): name for name in available_timezones() if name not in NOT_PLACES}


@lru_cache(maxsize=1)
def all_zones() -> tuple[str, ...]:
    return tuple(sorted(known_zones().values()))


def canonical(name: Any) -> Optional[str]:
    """The zone's IANA name as the database spells it, or None when `name` names no zone."""
    if not isinstance(name, str):
        return None
    text = name.strip()
    if not text or len(text) > MAX_ZONE_NAME:
        return None
    return known_zones().get(text.lower())


def read_zone(value: Any) -> Optional[str]:
    """A zone name given by a person: None or blank is None, an IANA name its canonical spelling;
    anything else raises ValueError with the reason in the reader's language."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    name = canonical(value)
    if name is None:
        raise ValueError(_("is not a time zone: give an IANA name such as Europe/Prague or Asia/Kuala_Lumpur"))
    return name


@lru_cache(maxsize=512)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def default_zone_name() -> str:
    """The organisation's zone (CRM_TIMEZONE); a name the database does not know counts as UTC."""
    configured = current_app.config.get("CRM_TIMEZONE", "UTC") if has_app_context() else "UTC"
    return canonical(configured) or "UTC"


def zone_name_of(user: Any) -> str:
    """The zone in force for `user`: their own, else their team's, else CRM_TIMEZONE."""
    own = canonical(getattr(user, "timezone", None))
    if own:
        return own
    return canonical(_team_zone_of(user)) or default_zone_name()


def _team_zone_of(user: Any) -> Optional[str]:
    """The zone set on the user's team: from the team when it is loaded already, else one column read
    (every page asks this; loading the whole team for it cost a page ~1.7 ms, bench/tz_pages.py)."""
    from sqlalchemy import inspect, select

    from ..extensions import db
    from ..models import Team

    state = inspect(user, raiseerr=False)
    if state is None or "team" not in state.unloaded:
        team = getattr(user, "team", None)
        return getattr(team, "timezone", None) if team is not None else None
    team_id = getattr(user, "team_id", None)
    return db.session.scalar(select(Team.timezone).where(Team.id == team_id)) if team_id is not None else None


def reader_zone_name() -> str:
    """The zone of whoever this request answers: the API token's user, else the logged-in user, else
    (outside a request, or before logging in) CRM_TIMEZONE. Found once per request."""
    from flask import g, has_request_context

    if not has_request_context():
        return default_zone_name()
    if "reader_zone" not in g:
        from flask_login import current_user

        reader = g.get("api_user") or (current_user if current_user and current_user.is_authenticated else None)
        g.reader_zone = zone_name_of(reader) if reader is not None else default_zone_name()
    return g.reader_zone


def reader_time(at: datetime, clock_only: bool = False) -> str:
    """`at` as this request's reader reads it: their zone, their language (format_moment)."""
    from flask_babel import get_locale

    return format_moment(at, reader_zone_name(), str(get_locale() or "en"), clock_only)


def team_zone_name(team: Any) -> str:
    """The zone a team's days are read in: its own, else CRM_TIMEZONE."""
    return (canonical(getattr(team, "timezone", None)) if team is not None else None) or default_zone_name()


def zone_of(user: Any) -> ZoneInfo:
    return zone(zone_name_of(user))


def offset_text(at: datetime) -> str:
    """"UTC+01:00", "UTC−03:30", "UTC" for an aware time's offset."""
    offset = at.utcoffset() or timedelta(0)
    if not offset:
        return "UTC"
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def abbreviation(name: str, at: Optional[datetime] = None) -> str:
    """How a time in zone `name` is marked now (or at `at`): "CET, UTC+01:00", "UTC+08:00", "UTC".

    The letters come from the zone database; where it has none ("+08") the offset alone is given.
    """
    return zone_mark((at or datetime.now(timezone.utc)).astimezone(zone(name)))


def zone_mark(local: datetime) -> str:
    """How an aware local time is marked: its zone letters and offset ("CEST, UTC+02:00"), or the
    offset alone where the zone database has no letters."""
    letters, offset = local.tzname() or "", offset_text(local)
    if not letters or letters[0] in "+-" or letters == offset or letters == "UTC":
        return offset
    return f"{letters}, {offset}"


@lru_cache(maxsize=64)
def offset_periods(name: str, first_year: int, last_year: int) -> tuple[tuple[str, datetime], ...]:
    """Where zone `name` changes its offset from `first_year` to `last_year`: each period's first local
    wall-clock minute a typed time is read in it ("2026-03-29T03:00", as a datetime-local field writes
    it; "" for the first; after the repeated autumn hour, which to_utc reads as the earlier offset) and
    a UTC moment inside it. One period for a zone without daylight saving in those years."""
    tz, start = zone(name), datetime(first_year, 1, 1, 12, tzinfo=timezone.utc)
    periods: list[tuple[str, datetime]] = [("", start)]
    day, end = start, datetime(last_year, 12, 31, 12, tzinfo=timezone.utc)
    while day < end:
        following = day + timedelta(days=1)
        if following.astimezone(tz).utcoffset() != day.astimezone(tz).utcoffset():
            moment = day  # the change falls within this day: find its minute
            while moment.astimezone(tz).utcoffset() == day.astimezone(tz).utcoffset():
                moment += timedelta(minutes=15)
            local = moment.astimezone(tz)
            back = day.astimezone(tz).utcoffset() - local.utcoffset()
            # clocks going back repeat an hour, which a typed time takes in the first (earlier) offset
            first = local.replace(tzinfo=None) + max(back, timedelta(0))
            periods.append((first.strftime("%Y-%m-%dT%H:%M"), moment))
        day = following
    return tuple(periods)


def is_ambiguous(local: datetime) -> bool:
    """Whether an aware local time's wall clock reads the same twice that day (the autumn hour
    the clocks pass twice): then only its offset tells which of the two it is."""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def format_moment(at: datetime, name: str, locale: str, clock_only: bool = False, mark_zone: bool = False) -> str:
    """A moment on the clock of zone `name`, written as `locale` writes dates and times (CLDR through
    Babel: the medium date and the short time, joined by the locale's own pattern), e.g.
    "Nov 23, 2026, 10:00 AM", "23. 11. 2026 10:00"; `clock_only` gives the time alone.

    A wall-clock time the zone passes twice carries its zone letters and offset, "2:30 AM (CET,
    UTC+01:00)", so the reader can tell the two apart; `mark_zone` adds them always (for text read
    where the zone is not otherwise said, such as the stored English copy of a finding).
    Naive times are UTC, as stored.
    """
    from ..i18n import babel_locale, normalise

    loc = babel_locale(normalise(locale) or "en")
    date_pattern, time_pattern, joined = _patterns(loc)
    local = (at if at.tzinfo is not None else at.replace(tzinfo=timezone.utc)).astimezone(zone(name))
    text = time_pattern.apply(local, loc)
    if not clock_only:
        text = joined.replace("{0}", text).replace("{1}", date_pattern.apply(local, loc))
    if mark_zone:
        return f"{text} {zone_mark(local)}"
    return f"{text} ({zone_mark(local)})" if is_ambiguous(local) else text


@lru_cache(maxsize=None)
def _patterns(loc: Any) -> tuple[Any, Any, str]:
    """The locale's medium date and short time patterns (parsed once: Babel's format_date and
    format_time look them up and parse them at every call, ~5× the cost) and how it joins them."""
    return (loc.date_formats["medium"], loc.time_formats["short"],
            str(loc.datetime_formats["medium"]).replace("'", ""))


def format_day(day: date, locale: str, width: str = "medium") -> str:
    """A calendar day as `locale` writes it (Babel's medium date): "Nov 23, 2026", "23. 11. 2026"."""
    from ..i18n import babel_locale, normalise

    loc = babel_locale(normalise(locale) or "en")
    return (_patterns(loc)[0] if width == "medium" else loc.date_formats[width]).apply(day, loc)


def to_utc(wall: datetime, name: str, last: bool = False) -> datetime:
    """The UTC moment of the wall-clock time `wall` (naive) in zone `name`.

    A time the clocks skipped raises ZoneGap; one they passed twice is the first of the two (the
    last with `last`, as the end of a day should be).
    """
    if wall.tzinfo is not None:
        return wall.astimezone(timezone.utc)
    tz = zone(name)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(timezone.utc)
    second = wall.replace(tzinfo=tz, fold=1).astimezone(timezone.utc)
    if first.astimezone(tz).replace(tzinfo=None) != wall and second.astimezone(tz).replace(tzinfo=None) != wall:
        raise ZoneGap(gap_reason(wall, name))
    return max(first, second) if last else min(first, second)


def gap_reason(wall: datetime, name: str) -> str:
    tz = zone(name)
    before = wall.replace(tzinfo=tz, fold=0).utcoffset()
    after = wall.replace(tzinfo=tz, fold=1).utcoffset()
    jump = abs(int(((before or timedelta(0)) - (after or timedelta(0))).total_seconds() // 60))
    return _("does not exist in %(zone)s: on %(day)s the clocks jump %(minutes)s minutes forward at this time; "
             "give a time before or after the jump",
             zone=name, day=wall.date().isoformat(), minutes=jump or 60)


def start_of_day(day: date, name: Optional[str] = None) -> datetime:
    """The first moment of `day` on the clock of zone `name` (UTC when None), in UTC: where a day
    filter a person typed begins. A zone whose clocks jump over midnight starts the day at the jump."""
    if name is None:
        return datetime.combine(day, time.min, timezone.utc)
    # fold=0 is the offset in force before midnight: for a midnight the clocks skip, that is the jump
    # itself (fold=1 would give the hour before, the previous day's last); for a midnight that comes
    # twice, its first time.
    return datetime.combine(day, time.min, zone(name)).astimezone(timezone.utc)


def end_of_day(day: date, name: str) -> datetime:
    """23:59:59 of `day` in zone `name`, in UTC: when something due that day is late."""
    try:
        return to_utc(datetime.combine(day, END_OF_DAY), name, last=True)
    except ZoneGap:  # a zone whose clocks jumped over 23:59:59 that day: the moment just before the jump
        wall = datetime.combine(day, END_OF_DAY)
        return min(wall.replace(tzinfo=zone(name), fold=fold).astimezone(timezone.utc) for fold in (0, 1))



def ZoneName(description: str) -> Any:
    """An optional IANA zone name in a request body (see read_zone): null or "" is none."""
    from pydantic import PlainValidator, WithJsonSchema
    from typing import Annotated

    from .validation import refuse

    def read(value: Any) -> Optional[str]:
        if value is not None and not isinstance(value, str):
            raise refuse(_("must be text"))
        try:
            return read_zone(value)
        except ValueError as exc:
            raise refuse(str(exc)) from None

    return Annotated[Optional[str], PlainValidator(read), WithJsonSchema(
        {"type": ["string", "null"], "maxLength": MAX_ZONE_NAME, "description": description,
         "examples": ["Europe/Prague"]})]
