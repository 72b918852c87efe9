"""Helpers shared by the web blueprints: role checks, form errors, template filters."""
from __future__ import annotations

from flask_babel import gettext as _
import json
import re

from datetime import datetime, timezone
from functools import lru_cache, wraps
from zoneinfo import ZoneInfo

from babel.numbers import NumberFormatError, parse_decimal
from flask import Flask, g
from markupsafe import Markup
from flask_babel import format_decimal, get_locale, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ..labels import N_
from ..services import zones
from ..services.contacts import format_phone
from ..services.errors import Forbidden
from ..services.policy import standards


# WTForms' own messages our fields can give (a time or number that cannot be read), in the catalogue
# for the languages WTForms has no catalogue of its own for (Malay).
WTFORMS_MESSAGES = (N_("Not a valid datetime value."), N_("Not a valid integer value."),
                    N_("Number must be at least %(min)s."))


@lru_cache(maxsize=None)
def _form_catalogue(locale: str):
    """WTForms' catalogue of `locale`, falling back to ours for what it lacks."""
    from babel.support import Translations
    from wtforms.i18n import messages_path

    from ..i18n import translations

    own = Translations.load(messages_path(), [locale], domain="wtforms")
    own.add_fallback(translations(locale))
    return own


class CrmForm(FlaskForm):
    """A form whose WTForms messages ("Not a valid datetime value.") read in the reader's language."""

    class Meta:
        def get_translations(self, form):
            return _form_catalogue(str(get_locale() or "en"))


def required():
    """WTForms' DataRequired in the words the services use ("is required"), in every language of the
    interface: WTForms' own "This field is required." has no Malay and read differently from the rest."""
    from wtforms.validators import DataRequired

    return DataRequired(message=_l("is required"))


def roles_required(*roles: str):
    """Log in first, then refuse (403) anyone whose role is not among `roles`."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                raise Forbidden(_("Your role does not give access to this page."))
            return view(*args, **kwargs)
        return wrapped
    return decorator


def apply_errors(form, fields: dict[str, list[str]]) -> list[str]:
    """Put each service error next to its form field; return the ones no field shows.

    Service field names follow the API's: "summary", "holds[1].seconds", "rules[0].params.x".
    """
    leftover = []
    for name, reasons in fields.items():
        field = _field_for(form, name)
        if field is not None:
            shown = list(field.errors if isinstance(field.errors, (list, tuple)) else [])
            field.errors = shown + [r for r in reasons if r not in shown]  # the form's own check may have said it
        else:
            leftover += [f"{name}: {r}" for r in reasons]
    return leftover


def labelled_errors(form, fields: dict[str, list[str]]) -> list[dict]:
    """The service's errors as a reader sees them: the field's label (not "ended_at") and its id, so a
    summary can link to the field and a script can show the message next to it."""
    out = []
    for name, reasons in fields.items():
        field = _field_for(form, name)
        for reason in reasons:
            out.append({"id": field.id if field is not None else None,
                        "label": str(field.label.text) if field is not None else name, "message": reason})
    return out


def _field_for(form, name: str):
    """The form field a service's field name points at, or None."""
    match = re.fullmatch(r"(\w+)(?:\[(\d+)\](?:\.(\w+))?)?", name)
    if not match:
        return None
    field = getattr(form, match.group(1), None)
    if field is None or not hasattr(field, "errors"):
        return None
    if match.group(2) is None:
        return None if hasattr(field, "entries") else field
    entries = getattr(field, "entries", None)
    index = int(match.group(2))
    if entries is None or index >= len(entries):
        return None
    entry = entries[index]
    sub = match.group(3)
    if sub is None:
        return entry if not hasattr(entry, "form") else None
    return getattr(getattr(entry, "form", None), sub, None)


def zone_name() -> str:
    """The IANA name of the zone the reader reads and types times in: their own choice, else their
    team's, else CRM_TIMEZONE (services/zones.py); before logging in, CRM_TIMEZONE."""
    return zones.reader_zone_name()


def local_zone() -> ZoneInfo:
    """The reader's zone (see zone_name)."""
    return zones.zone(zone_name())


def zone_hint(name: str | None = None) -> str:
    """What a typed time means, next to a time field: "Europe/Prague time (CET, UTC+01:00)"."""
    name = name or zone_name()
    return _("%(zone)s time (%(abbreviation)s)", zone=name, abbreviation=zones.abbreviation(name))


def zone_hints(name: str | None = None) -> str:
    """The hint of a time field for each stretch of last year to next year with its own offset, as JSON
    [[first local minute, hint], …] for a page to show the one of the day typed ("" when the zone
    keeps one offset): a July date typed in December reads in summer time, and the hint should say so."""
    name = name or zone_name()
    year = datetime.now(timezone.utc).year
    periods = zones.offset_periods(name, year - 1, year + 1)
    if len(periods) < 2:
        return ""
    return json.dumps([[start, _("%(zone)s time (%(abbreviation)s)", zone=name,
                                 abbreviation=zones.abbreviation(name, moment))] for start, moment in periods],
                      ensure_ascii=False)
def typed_amount(text: str | None) -> tuple[str | None, str | None]:
    """An amount typed in the reader's language ("120,50" in Finnish, "120.50" in English) as the
    service reads it, and what is wrong: Babel reads the locale's decimal and group marks."""
    text = (text or "").strip()
    if not text:
        return None, None
    for locale in (get_locale(), "en"):  # "120.50" typed on a Finnish page is still 120.50
        try:
            amount = parse_decimal(text, locale=locale, strict=True)
        except NumberFormatError:
            continue
        if amount.is_finite() and amount >= 0:
            return str(amount), None
    return None, _("must be a non-negative amount, e.g. %(example)s", example=format_decimal(120.5, "0.00"))


def typed_time(field, last_of_day: bool = False) -> tuple[datetime | None, str | None]:
    """The UTC moment of a time typed in a form field, read in the reader's zone, and what is wrong.

    A time the clocks skip that day is (None, the reason); an hour the clocks pass twice is its first
    time. A bare day ("2026-12-07") with `last_of_day` is due at the end of that day, 23:59:59 in the
    reader's zone.
    """
    value = field.data
    if value is None:
        return None, None
    raw = (field.raw_data[0] if getattr(field, "raw_data", None) else "") or ""
    try:
        if last_of_day and len(raw.strip()) == 10:
            return zones.end_of_day(value.date(), zone_name()), None
        return zones.to_utc(value, zone_name()), None
    except zones.ZoneGap as exc:
        return None, str(exc)
    except OverflowError:
        return None, _("is out of range: it must fall between the years 1 and 9999 in UTC")


@lru_cache(maxsize=1)
def zone_datalist() -> Markup:
    """Every zone name as the suggestions of the pickers' "Another zone" box (made once: ~600 names)."""
    return Markup('<datalist id="zone-names">{}</datalist>').format(
        Markup("").join(Markup('<option value="{}">').format(name) for name in zones.all_zones()))


def wall_clock(value: datetime | None) -> datetime | None:
    """A stored (UTC) moment as the naive wall-clock time a form field shows, in the reader's zone."""
    return value.astimezone(local_zone()).replace(second=0, microsecond=0, tzinfo=None) if value else None


def when(value: datetime | None) -> str:
    """A moment in the reader's zone (zone_name), written as the reader's language writes dates and
    times (CLDR through Babel), with its offset when that wall-clock time happens twice."""
    return zones.reader_time(value) if value is not None else ""


def clock(value: datetime | None) -> str:
    """The time of day alone, as `when` writes it ("14:30", "2:30 PG"): the end of a span."""
    return zones.reader_time(value, clock_only=True) if value is not None else ""


def in_utc(value: datetime | None) -> str:
    """A moment on the UTC clock, as the reader's language writes it: for the forms that read UTC."""
    return zones.format_moment(value, "UTC", str(get_locale() or "en")) if value is not None else ""


def day(value, width: str = "medium") -> str:
    """A date (or the day of a moment on the reader's clock) as the reader's language writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(local_zone()).date()
    return zones.format_day(value, str(get_locale() or "en"), width)


def standard_title(code: str) -> str:
    """A standard's title in the reader's language; its code when no installed plugin provides it."""
    standard = standards().get(code)
    return _(standard.title) if standard else code


def init_app(app: Flask) -> None:
    app.config.setdefault("CRM_TIMEZONE", "UTC")
    app.jinja_env.filters["phone"] = format_phone
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["in_utc"] = in_utc
    app.jinja_env.filters["day"] = day
    app.jinja_env.filters["standard_title"] = standard_title
    app.jinja_env.globals["now"] = lambda: datetime.now(timezone.utc)
    from ..services.surveys import token_for

    app.jinja_env.globals["survey_token"] = token_for
    app.jinja_env.globals["zone_datalist"] = zone_datalist
    # When a UTC day (the grain of the dashboards' roll-ups) starts on the reader's clock, e.g. "01:00".
    app.jinja_env.globals["utc_midnight"] = lambda: clock(datetime.now(timezone.utc).replace(
        hour=0, minute=0, second=0, microsecond=0))

    @app.before_request
    def forget_reader_zone():
        """Each request finds its reader's zone afresh (a test's app context may span requests)."""
        g.pop("reader_zone", None)

    @app.context_processor
    def reader_zone():
        """The reader's zone for the note every page carries: "Times in Europe/Prague (CET, UTC+01:00)"."""
        def note() -> dict:
            name = zone_name()
            return {"name": name, "abbreviation": zones.abbreviation(name)}

        return {"reader_zone": note, "zone_hint": zone_hint}

    @app.context_processor
    def brand():
        """The product's name and logo (CRM_BRAND_NAME, CRM_BRAND_LOGO) for the header and titles."""
        from flask import url_for

        logo = (app.config.get("CRM_BRAND_LOGO") or "").strip()
        if logo and not logo.startswith(("https://", "http://", "/")):
            logo = url_for("static", filename=logo)
        return {"brand_name": app.config.get("CRM_BRAND_NAME") or "CRM", "brand_logo": logo}

    @app.context_processor
    def unread_notices():
        from flask_login import current_user

        from ..services.notifications import unread_count

        def count() -> int:
            return unread_count(current_user) if current_user.is_authenticated else 0

        return {"unread_notices": count}


def form_status(form) -> int:
    """422 when any field, however deeply nested in lists of sub-forms, shows an error; else 200."""
    return 422 if _has_errors(form) else 200


def _has_errors(form) -> bool:
    for field in form:
        entries = getattr(field, "entries", None)
        if entries is not None:
            if any(_has_errors(e.form) if hasattr(e, "form") else bool(e.errors) for e in entries):
                return True
        elif hasattr(field, "form") and not isinstance(field.errors, list):
            if _has_errors(field.form):
                return True
        elif field.errors:
            return True
    return False


# --- a refused form, shown again at the page's own address (Post/Redirect/Get) ---------------------

def keep_refused(form: str, **state) -> None:
    """Remember what a refused POST of `form` had chosen and typed, and why it was refused, for the GET
    it redirects to: a reload of that page then asks again instead of posting the form a second time.
    Reasons are kept as the text the reader read (lazy strings cannot be stored in the session cookie)."""
    from flask import session

    if "errors" in state:
        state["errors"] = {k: [str(m) for m in v] for k, v in (state["errors"] or {}).items()}
    session[f"refused.{form}"] = state


def take_refused(form: str) -> dict | None:
    """What `keep_refused` kept for `form`, once (the next GET shows it; a later one is a fresh form)."""
    from flask import session

    return session.pop(f"refused.{form}", None)
