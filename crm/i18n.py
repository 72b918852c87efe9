"""Languages of the interface: which locale a reader gets, and messages stored to be read in any of them.

Pages, flashes and form errors are translated with Flask-Babel in the request's locale (the user's
own setting, else the browser's Accept-Language, else CRM_DEFAULT_LOCALE). Text read later by
someone else — a finding, an e-mail to a department or a customer — is rendered in the reader's
locale with `translator(locale)` or stored as a `Message` (msgid and parameters) and rendered at
display; its English text stays the stored copy the API and exports show.
"""
from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Optional

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent, parse_pattern
from babel.support import NullTranslations, Translations

# The interface's languages, in the order the switch lists them; the names are each language's own.
LOCALES: tuple[str, ...] = ("en", "ms", "cs", "fi", "ro")
LOCALE_NAMES: dict[str, str] = {
    "en": "English",
    "ms": "Bahasa Melayu",
    "cs": "Čeština",
    "fi": "Suomi",
    "ro": "Română",
}
TRANSLATIONS_DIR = Path(__file__).parent / "translations"


def normalise(code: Optional[str]) -> Optional[str]:
    """ "cs", "cs-CZ" or "CS_cz" → "cs"; None when the language is not one the interface speaks."""
    if not code:
        return None
    base = str(code).strip().replace("_", "-").split("-")[0].lower()
    return base if base in LOCALES else None


@lru_cache(maxsize=None)
def translations(locale: str) -> NullTranslations:
    """The compiled catalogue of `locale` (English and unknown locales read the msgids as they are)."""
    code = normalise(locale) or "en"
    if code == "en":
        return NullTranslations()
    return Translations.load(str(TRANSLATIONS_DIR), [code])


@lru_cache(maxsize=None)
def babel_locale(code: str) -> Locale:
    """babel's Locale of one of the interface's languages, parsed once (babel parses it at every call)."""
    return Locale.parse(code)


class Translator:
    """gettext and friends bound to one locale (and one reader's zone, for the times a message
    names), for text a reader outside this request will read."""

    def __init__(self, locale: Optional[str], zone: Optional[str] = None, mark_zone: bool = False):
        self.locale = normalise(locale) or "en"
        self._t = translations(self.locale)
        self._babel = babel_locale(self.locale)
        self.zone, self.mark_zone = zone or "UTC", mark_zone or zone is None

    def moment(self, at: datetime) -> str:
        """A time on the reader's clock, in the reader's language (services/zones.format_moment)."""
        from .services.zones import format_moment

        return format_moment(at, self.zone, self.locale, mark_zone=self.mark_zone)

    def gettext(self, string: str, **params: Any) -> str:
        text = self._t.gettext(string)
        return text % params if params else text

    def ngettext(self, singular: str, plural: str, num: int, **params: Any) -> str:
        params.setdefault("num", num)
        return self._t.ngettext(singular, plural, num) % params

    def number(self, value: float | int, digits: int = 1) -> str:
        if isinstance(value, int):
            return format_decimal(value, locale=self._babel)
        return format_decimal(value, format="0." + "0" * digits, locale=self._babel)

    def percent(self, value: float, digits: int = 1) -> str:
        """`value` per cent (96.8) as the language writes it: "96.8%" in English, "96,8 %" in Czech."""
        pattern = parse_pattern(self._babel.percent_formats[None].pattern)  # a copy: CLDR's is shared
        pattern.frac_prec = (digits, digits)
        return format_percent(value / 100, format=pattern, locale=self._babel)

    def join(self, items: Iterable[str]) -> str:
        """ "1, 2 and 3" in the locale's words."""
        items = [str(i) for i in items]
        if self.locale == "en" and len(items) > 2:
            return f"{', '.join(items[:-1])} and {items[-1]}"  # the house style: no serial comma
        return format_list(items, locale=self._babel) if items else ""


def translator(locale: Optional[str], zone: Optional[str] = None) -> Translator:
    return Translator(locale, zone)


@lru_cache(maxsize=256)
def _kept_translator(locale: Optional[str], zone: Optional[str] = None, mark_zone: bool = False) -> Translator:
    """A Translator per locale and zone as given, for messages (rendered at every check and display)."""
    return Translator(locale, zone, mark_zone)


# The English copy a finding stores (and exports show) names its times in UTC, saying so.
STORED = ("en", "UTC", True)


class Message(str):
    """A message to be read in the reader's language, whose str value is its English text.

    `msgid` (with %(name)s placeholders) is looked up in the reader's catalogue and filled with
    `params`; a parameter may itself be a Message (rendered in the same language), a list (joined as
    the language joins lists), a float (written with the language's decimal mark), an aware datetime
    (kept as the moment it is and written on the reader's clock, in the reader's language) or plain
    text (a quoted transcript line, shown as it is). Built with `msg()` and `nmsg()`, which `pybabel extract`
    knows as keywords (babel.cfg's neighbour setup.cfg [extract_messages]).
    """

    msgid: str
    plural: Optional[str]
    params: dict

    def __new__(cls, msgid: str, params: Optional[Mapping[str, Any]] = None, plural: Optional[str] = None):
        params = dict(params or {})
        self = super().__new__(cls, _render(msgid, plural, params, _kept_translator(*STORED)))
        self.msgid, self.plural, self.params = msgid, plural, params
        return self

    def render(self, locale: Optional[str], zone: Optional[str] = None) -> str:
        """The message in `locale`, its times on the clock of `zone` (an IANA name); without a zone,
        on the organisation's clock (CRM_TIMEZONE), each time saying its zone."""
        if zone is None:
            from .services.zones import default_zone_name

            return _render(self.msgid, self.plural, self.params, _kept_translator(locale, default_zone_name(), True))
        return _render(self.msgid, self.plural, self.params, _kept_translator(locale, zone))

    def to_json(self) -> dict:
        data: dict = {"id": self.msgid, "params": {k: _encode(v) for k, v in self.params.items()}}
        if self.plural is not None:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_json(cls, data: Mapping) -> "Message":
        msgid, params = data["id"], {k: _decode(v) for k, v in (data.get("params") or {}).items()}
        if msgid in RENAMED:  # a message stored before it was reworded: read it as it is worded now
            msgid, convert = RENAMED[msgid]
            params = {k: convert[k](v) if k in convert else v for k, v in params.items()}
        return cls(msgid, params, data.get("plural"))

    def __reduce__(self):
        return (Message, (self.msgid, self.params, self.plural))


class Phrase(Message):
    """A message read inside another without its closing full stop (a setting's description
    followed by its value, say)."""

    def __reduce__(self):
        return (Phrase, (self.msgid, self.params, self.plural))


def msg(msgid: str, **params: Any) -> Message:
    return Message(msgid, params)


def phrase(msgid: str, **params: Any) -> Phrase:
    return Phrase(msgid, params)


def nmsg(singular: str, plural: str, num: int, **params: Any) -> Message:
    """A message with plural forms: `num` chooses the form (Czech, Romanian and Finnish differ)."""
    return Message(singular, {**params, "num": num}, plural)


def _value(value: Any, t: Translator) -> Any:
    if isinstance(value, Message):
        if t is _kept_translator(*STORED):  # its English copy is what it is: rendered once, when it was made
            text = str.__str__(value)
        else:
            text = _render(value.msgid, value.plural, value.params, t)
        return text.rstrip(".") if isinstance(value, Phrase) else text
    if isinstance(value, (list, tuple)):
        return t.join(_value(v, t) for v in value)
    if isinstance(value, float):
        return t.number(value)
    if isinstance(value, datetime):
        return t.moment(value)
    return value


def _render(msgid: str, plural: Optional[str], params: dict, t: Translator) -> str:
    values = {k: _value(v, t) for k, v in params.items()}
    if plural is not None:
        return t._t.ngettext(msgid, plural, int(params.get("num", 0))) % values
    text = t._t.gettext(msgid)
    return text % values if values else text


def _encode(value: Any) -> Any:
    if isinstance(value, Phrase):
        return {"phrase": value.to_json()}
    if isinstance(value, Message):
        return {"msg": value.to_json()}
    if isinstance(value, (list, tuple)):
        return {"list": [_encode(v) for v in value]}
    if isinstance(value, datetime):
        return {"at": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "phrase" in value:
        message = Message.from_json(value["phrase"])
        return Phrase(message.msgid, message.params, message.plural)
    if isinstance(value, dict) and "msg" in value:
        return Message.from_json(value["msg"])
    if isinstance(value, dict) and "list" in value:
        return [_decode(v) for v in value["list"]]
    if isinstance(value, dict) and "at" in value:
        return datetime.fromisoformat(value["at"])
    return value


# msgid once stored → (its msgid now, how each changed parameter is read): findings keep their msgid
# and parameters, so a reworded message would otherwise fall back to its old English copy.
RENAMED: dict[str, tuple[str, dict[str, Callable[[Any], Any]]]] = {}


def renamed(old: str, new: str, **convert: Callable[[Any], Any]) -> None:
    """Render messages stored under msgid `old` as `new`, reading the parameters named in `convert`
    with the function given (e.g. a time once stored as UTC text, now kept as the moment)."""
    RENAMED[old] = (new, convert)


def stored_message(message: Any) -> Optional[dict]:
    """What a finding keeps to render `message` in any language: None for plain text."""
    return message.to_json() if isinstance(message, Message) else None


def render_stored(text: str, stored: Optional[Mapping], locale: Optional[str], zone: Optional[str] = None) -> str:
    """A stored message in `locale` with its times on the clock of `zone`: from its msgid and
    parameters when kept, else its English text."""
    if not stored:
        return text
    try:
        return Message.from_json(stored).render(locale, zone)
    except (KeyError, TypeError, ValueError):
        return text  # a catalogue entry whose placeholders do not fit: the English copy is still true


def for_reader(text: Any, stored: Optional[Mapping] = None) -> Any:
    """A message (or a finding's stored text and `message_l10n`) as this request's reader reads it:
    in the request's language, its times on the reader's clock (the token's user's for the API)."""
    from flask_babel import get_locale

    from .services.zones import reader_zone_name

    here = str(get_locale() or "en")
    if isinstance(text, Message):
        return text.render(here, reader_zone_name())
    return render_stored(text, stored, here, reader_zone_name()) if stored else text


def default_locale() -> str:
    """CRM_DEFAULT_LOCALE, for readers who have not chosen (and outside any request)."""
    from flask import current_app, has_app_context

    return (normalise(current_app.config.get("CRM_DEFAULT_LOCALE")) if has_app_context() else None) or "en"


def reader_locale(reader: Any) -> str:
    """The language of a user or department (its `locale`), else CRM_DEFAULT_LOCALE."""
    return normalise(getattr(reader, "locale", None)) or default_locale()


# --- Flask -------------------------------------------------------------------------------------

def select_locale() -> str:
    """The request's locale: a page's own (the survey's customer), the user's setting, a choice made
    before logging in, the browser's Accept-Language, then CRM_DEFAULT_LOCALE.

    The JSON API follows Accept-Language only (else English), so its clients see no change unless
    they ask for one.
    """
    from flask import g, has_request_context, request, session
    from flask_login import current_user

    default = default_locale()
    if not has_request_context():
        return default
    if forced := getattr(g, "crm_locale", None):
        return forced
    asked = request.accept_languages.best_match(LOCALES)
    if request.blueprint == "api":
        return asked or "en"
    user = current_user._get_current_object() if current_user else None
    if user is not None and getattr(user, "is_authenticated", False) and normalise(getattr(user, "locale", None)):
        return normalise(user.locale)
    chosen = normalise(session.get("locale"))
    return chosen or asked or default


def init_app(app) -> None:
    from flask import g
    from flask_babel import Babel, get_locale, refresh

    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS_DIR))
    Babel(app, locale_selector=select_locale, default_timezone=app.config.get("CRM_TIMEZONE") or "UTC")
    # Whitespace inside {% trans %} blocks is folded, so a sentence wrapped over lines is one msgid.
    app.jinja_env.policies["ext.i18n.trimmed"] = True

    @app.before_request
    def choose_locale_afresh():
        """Each request chooses its own locale (Flask-Babel keeps the choice on `g`, which a request
        shares with an application context already pushed, as in a CLI command or a test)."""
        g.pop("crm_locale", None)
        if "_flask_babel" in g:  # nothing chosen yet (a request's own app context): nothing to forget
            refresh()

    @app.context_processor
    def locale_context():
        code = str(get_locale() or "en")
        return {"current_locale": code, "locale_names": LOCALE_NAMES, "locales": LOCALES}

    from .labels import init_app as init_labels

    init_labels(app)

    def here() -> str:
        return str(get_locale() or "en")

    app.jinja_env.filters["decimal"] = lambda value, digits=1: Translator(here()).number(float(value), digits)
    app.jinja_env.filters["percent"] = lambda value, digits=1: Translator(here()).percent(value, digits)
    # A finding's message in the reader's language, its times on the reader's clock.
    app.jinja_env.filters["finding_message"] = lambda f: for_reader(f.message, f.message_l10n)
    app.jinja_env.filters["in_locale"] = for_reader


__all__ = ["LOCALES", "LOCALE_NAMES", "Message", "Translator", "init_app", "msg", "nmsg", "normalise", "reader_locale", "default_locale",
           "for_reader", "renamed", "Phrase", "phrase",
           "render_stored", "select_locale", "stored_message", "translator", "Locale"]
