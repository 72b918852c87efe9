"""No English left on a page read in Malay, Czech, Finnish or Romanian.

Every page of tests/route_world.py's world is rendered as each role that may see it, in each of
the four languages, and so is the error state of each form after a bad submit (left blank, and
filled with values nothing can read). A page fails when it shows an English string its catalogue
should have translated: a msgid of the catalogue (or a phrase of one, between its placeholders),
a message of a library the pages show (WTForms, email-validator, phonenumbers, pydantic), or a
sentence of English the catalogue never knew (written into the code without gettext).
"""
from __future__ import annotations

import re
import typing
from functools import lru_cache
from html import unescape
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from route_world import ACTORS, PASSWORD, build_world
from test_roles import ACCESS, route_keys

ROOT = Path(__file__).resolve().parents[1]
LANGUAGES = ("cs", "ms", "fi", "ro")
PAGE_ROLES = [name for name in ACTORS if name != "integration"]  # an integration never reads a page
# Routes a bad submit would end the session or delete the world's records.
NOT_SUBMITTED = {"auth.logout", "auth.login", "admin.delete_routing_rule", "desk.erase_customer"}
# Pages worth reading with a query, besides each route's bare address.
WITH_QUERY = ("/search?q=zzzz", "/search?q=%20%20", "/search?q=novak", "/lookup?phone=0123",
              "/lookup?email=nobody%40example.com", "/customers/new?q=012-345%206789")
# What people typed (route_world.build_world, and _bad below): their words, not the interface's.
TYPED = ("not an address", "Box arrived crushed", "Agent: Thank you for calling.", "The box was crushed",
         "Crushed box", "Apologise before a hold.", "Siti Rahman", "route test")
# Words English sentences are made of and none of the four languages writes as a word of its own.
ENGLISH_GLUE = {"the", "is", "must", "be", "of", "and", "has", "with", "should", "have", "this", "that", "are",
                "was", "were", "for", "your", "you", "not", "which", "been", "will", "can", "cannot", "an"}


def _po(path: Path, locale=None):
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _strings(message) -> tuple:
    return message if isinstance(message, tuple) else (message,)


def _phrases(text: str) -> list[str]:
    """The literal stretches of an English message worth looking for: between its placeholders and tags."""
    parts = re.split(r"%\(\w+\)[sdfr]|%[sdr]|\{[^}]*\}|<[^>]+>|\{\{.*?\}\}", text)
    out = []
    for part in parts:
        part = " ".join(part.split()).strip(" .,:;()\"'“”‘’-–—")
        words = re.findall(r"[A-Za-z]+", part)
        if part == " ".join(text.split()).strip(" .,:;") and len(part) >= 4 and words:
            out.append(part)  # the whole message
        elif len(words) >= 2 and len(part) >= 10:
            out.append(part)
    return out


def _library_messages() -> set[str]:
    """English messages the libraries behind the forms give, as their own sources list them."""
    import email_validator
    import phonenumbers
    import pydantic_core
    from pydantic_core import PydanticKnownError

    found = {m.id for m in _po(Path(__import__("wtforms").__file__).parent / "locale" / "wtforms.pot")
             if m.id and not isinstance(m.id, tuple)}
    for kind in typing.get_args(pydantic_core.core_schema.ErrorType):
        try:
            found.add(PydanticKnownError(kind).message_template)
        except (TypeError, KeyError, ValueError):
            pass
    for address in ("plain", "a@@b.com", "a@b", "a..b@example.com", "@example.com", "a@-b.com", "a b@example.com",
                    "a@example", ".a@example.com", "a@b.c", "a@[1.2.3.4]", "a@exa mple.com", "x" * 70 + "@example.com"):
        try:
            email_validator.validate_email(address, check_deliverability=False)
        except email_validator.EmailNotValidError as exc:
            found.add(str(exc))
    for number in ("abc", "+", "1", "+999 123", "0" * 30, "+60"):
        try:
            phonenumbers.parse(number, "MY")
        except phonenumbers.NumberParseException as exc:
            found.add(exc._msg)
    found.update(n.replace("_", " ").lower() for n in vars(phonenumbers.ValidationResult) if n.isupper())
    return found


@lru_cache(maxsize=None)
def english_words(locale: str) -> frozenset:
    """The words the interface's English is written with that `locale`'s catalogue never writes."""
    template = _po(ROOT / "crm" / "translations" / "messages.pot")
    catalogue = _po(ROOT / "crm" / "translations" / locale / "LC_MESSAGES" / "messages.po", locale)
    english = {w for m in template if m.id for s in _strings(m.id) for w in re.findall(r"[a-z]+", s.casefold())}
    own = {w for m in catalogue if m.id for s in _strings(m.string) for w in re.findall(r"\w+", s.casefold())}
    return frozenset(english - own)


@lru_cache(maxsize=None)
def english_pattern(locale: str) -> re.Pattern:
    """One pattern for every English phrase a page in `locale` must not show."""
    catalogue = _po(ROOT / "crm" / "translations" / locale / "LC_MESSAGES" / "messages.po", locale)
    written = " ".join(" ".join(s.split()) for m in catalogue if m.id for s in _strings(m.string)).casefold()
    own_words = set(re.findall(r"\w+", written))
    phrases = set()
    for m in catalogue:
        if not m.id or not all(_strings(m.string)):
            continue
        for english in _strings(m.id):
            if english.strip() in (s.strip() for s in _strings(m.string)):
                continue  # the language writes it the same ("CSV", "SMS")
            phrases.update(_phrases(english))
    phrases.update(p for message in _library_messages() for p in _phrases(message))
    # A phrase the language itself writes ("standard", "Portal") says nothing about a missing translation.
    kept = sorted((p for p in phrases if p.casefold() not in written
                   and not (" " not in p and p.casefold() in own_words)), key=len, reverse=True)
    return re.compile(r"(?<![\w.@/-])(?:" + "|".join(re.escape(p) for p in kept) + r")(?![\w@-]|\.\w)")


def visible_text(page: str) -> str:
    """What a reader sees and hears: text, and the labels of controls (title, aria-label, placeholder)."""
    # The language switch names each language in its own words ("English" stays English).
    page = re.sub(r'<form class="language-switch".*?</form>', " ", page, flags=re.S)
    page = re.sub(r'<select id="locale" name="locale">.*?</select>', " ", page, flags=re.S)
    page = re.sub(r"<(script|style|code|pre)[^>]*>.*?</\1>", " ", page, flags=re.S)
    # A passage marked as English (the audit trail quotes its records as the API and the CSV give them).
    page = re.sub(r'<(\w+) lang="en">[^<]*</\1>', " ", page)
    attributes = re.findall(r'\s(?:title|aria-label|placeholder|alt)="([^"]*)"', page)
    text = unescape(" ".join([re.sub(r"<[^>]+>", " | ", page), *attributes]))
    for typed in TYPED:
        text = text.replace(typed, " ")
    return text


def english_on(page: str, locale: str) -> list[str]:
    """The English a page in `locale` shows, each with a little of the text around it."""
    text = visible_text(page)
    flat = " ".join(text.split())
    left = {f"{m.group(0)!r} in “{flat[max(0, m.start() - 30):m.end() + 30]}”"
            for m in english_pattern(locale).finditer(flat)}
    vocabulary = english_words(locale)
    for chunk in text.split("|"):  # English no catalogue knows, e.g. a library's or a hard-coded one
        words = re.findall(r"[A-Za-z]+", chunk)
        glue = {w.lower() for w in words} & ENGLISH_GLUE
        # whole words, not the parts of a code ("hold.apology") or an address
        plain = re.findall(r"(?<![\w.@/-])[^\W\d_]+(?![\w@/-]|\.\w)", chunk)
        if (len(glue) >= 2 and len(words) >= 4) or (
                len(plain) >= 2 and all(w.casefold() in vocabulary for w in plain)):
            left.add(" ".join(chunk.split()))
    return sorted(left)


def _form_fields(page: str, action: str, blank: bool) -> dict[str, str]:
    """The fields of the page's form that posts to `action` (any form when none does) as a browser sends
    them: left blank (a select on its first choice), or each with a value nothing can read as what it is
    for (a select on its last choice, a radio button on one it offers: a browser sends nothing else)."""
    forms = re.findall(r"<form\b([^>]*)>(.*?)</form>", page, flags=re.S)
    chosen = [body for attrs, body in forms if f'action="{action}"' in attrs] or [body for _, body in forms]
    fields: dict[str, str] = {}
    for body in chosen:
        for name, options in re.findall(r'<select\b[^>]*\bname="([^"]+)"[^>]*>(.*?)</select>', body, flags=re.S):
            fields[name] = (re.findall(r'<option[^>]*value="([^"]*)"', options) or [""])[0 if blank else -1]
        body = re.sub(r"<select\b.*?</select>", " ", body, flags=re.S)
        for tag in re.findall(r"<(?:input|textarea)\b[^>]*>", body):
            name = re.search(r'\bname="([^"]+)"', tag)
            kind = re.search(r'\btype="([^"]+)"', tag)
            if not name or name.group(1) in ("csrf_token", "locale", "next") or name.group(1) in fields:
                continue
            if kind and kind.group(1) in ("radio", "checkbox") and blank:
                continue
            if kind and kind.group(1) in ("radio", "checkbox", "hidden", "submit"):
                value = re.search(r'\bvalue="([^"]*)"', tag)
                fields[name.group(1)] = value.group(1) if value else "y"
            else:
                fields[name.group(1)] = "" if blank else _bad(name.group(1))
    return fields


def _bad(name: str) -> str:
    """A value nothing can read as what the field is for."""
    return "12; +999 1" if "phone" in name else "not an address" if "email" in name else "?! zz"


@pytest.mark.parametrize("locale", LANGUAGES)
def test_no_page_or_form_error_shows_english_in_another_language(app, make_user, make_customer, locale):
    app.config["CRM_DEFAULT_LOCALE"] = locale  # notices are written in it for people with no setting
    world = build_world(make_user, make_customer)
    headers = {"Accept-Language": locale}
    problems, seen = [], 0
    for name in PAGE_ROLES:
        user = world.people[name]
        client = app.test_client()
        if user is not None:
            with app.app_context():
                assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302

        def read(method, path, **kwargs):
            nonlocal seen
            with app.app_context():
                response = client.open(path, method=method, headers=headers, follow_redirects=True, **kwargs)
                page = response.get_data(as_text=True)
                response.close()
            if response.status_code >= 500:
                problems.append(f"{method} {path} as {name}: {response.status_code}")
            if not response.content_type.startswith("text/html") or "/survey/" in path:
                return  # the survey speaks the customer's language (tests/test_translations.py)
            seen += 1
            if "<html" in page and f'<html lang="{locale}"' not in page:
                problems.append(f"{method} {path} as {name}: not in {locale}")
            left = english_on(page, locale)
            if left:
                problems.append(f"{method} {path} as {name}: {left}")

        for key, rule, method in route_keys(app):
            if name not in ACCESS.get(key, "").split() or rule.endpoint.startswith(("api.", "static")):
                continue
            path = world.path(rule)
            if method == "GET":
                read("GET", path)
                continue
            if rule.endpoint in NOT_SUBMITTED:
                continue
            with app.app_context():
                form_page = client.get(path, headers=headers).get_data(as_text=True) if "GET" in rule.methods else ""
            read("POST", path, data=_form_fields(form_page, path, blank=True))  # left blank
            fields = _form_fields(form_page, path, blank=False) or {f: _bad(f) for f in ("text", "reason", "note")}
            read("POST", path, data=fields)  # filled with nonsense
        if user is not None and name in ACCESS["GET desk.search"].split():
            for path in WITH_QUERY:
                read("GET", path)
    assert seen > 100
    assert problems == [], "\n".join(problems)


def test_the_check_finds_english_a_page_left_untranslated():
    """The detector itself: a msgid, a phrase around a placeholder, a library's message and a bare
    English sentence are each found; the Czech they were translated to is not."""
    page = ('<html lang="cs"><p>Save</p><p>Zákazník 5 neexistuje.</p><li>An email address must have an @-sign.</li>'
            "<td>resolved</td><span>Results for “x”</span><p>Please ring the customer back before it is too late</p>"
            "<p>Uložit</p></html>")
    found = [s.split(" in “")[0] for s in english_on(page, "cs")]  # each without the text around it
    assert {"'Save'", "'resolved'", "'Results for'"} <= set(found)
    assert any("@-sign" in s for s in found) and any("ring the customer back" in s for s in found)
    assert not any("Uložit" in s or "neexistuje" in s for s in found)
