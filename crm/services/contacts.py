"""Normalising phone numbers, e-mail addresses and account numbers."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

import phonenumbers
from phonenumbers import PhoneMetadata
from email_validator import EmailNotValidError, validate_email

from ..labels import N_

_ACCOUNT_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


# The functions below raise their reasons in English, marked for the catalogue with N_ (they run in hot
# paths and outside requests); `reason()` gives a reason in the reader's language where it is shown.
def reason(exc: ValueError) -> str:
    """Why a phone number, e-mail address or account number could not be read, in the reader's language."""
    from flask_babel import gettext

    return gettext(str(exc))


# What people type between two phone numbers in one box: a new line, ";", "," or a "/" with a space
# beside it ("345/6789" is one number written with a slash).
_PHONE_SEPARATORS = re.compile(r"[\n\r;,]+|\s+/\s*|\s*/\s+")


def split_phones(text: Optional[str]) -> list[str]:
    """The numbers of a box that holds several: "012-345 6789; +420 603 123 456" gives both."""
    return [part.strip() for part in _PHONE_SEPARATORS.split(text or "") if part.strip()]


def normalize_phone(raw: str, default_region: str) -> str:
    """Return the E.164 form of a phone number written any common way, or raise ValueError.

    "+60 12-345 6789", "012-345 6789" (default region MY), "(012) 345/6789" and "0060123456789"
    all give "+60123456789".
    """
    text = (raw or "").strip()
    if not text:
        raise ValueError(N_("is empty"))
    fast = _fast_phone(text, default_region)
    if fast is not None:
        return fast
    digits = re.sub(r"[^\d+]", "", text)
    # "00" is the international prefix in the five countries we serve; phonenumbers only
    # understands it when the default region uses it, so make it explicit.
    if digits.startswith("00"):
        text = "+" + digits[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise ValueError(N_("is not a phone number")) from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError(N_("has the wrong number of digits for its country"))
    if number.italian_leading_zero and not text.startswith("+") and not phonenumbers.is_valid_number(number):
        # A national number whose prefix could not be taken off ("012-345" in MY would become
        # "+60 012345"): too short or too long for the country, and stored so it never matches a call.
        # A number written in international form is the writer's own (and what is stored reads back
        # so, an edit must not refuse it): it is kept, and saving it names it (phone_warnings).
        raise ValueError(N_("has the wrong number of digits for its country"))
    # Validity against the numbering plan is deliberately not required: the metadata lags
    # behind new number ranges, and refusing a customer's real number is worse than a typo.
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_E164_SEPARATORS = re.compile(r"[ \t\-.]")  # not "(": "+44 (0)20 …" needs the full parser
_NATIONAL_SEPARATORS = re.compile(r"[ \t\-./()]")
_E164 = re.compile(r"\+([1-9]\d{6,14})")
_NATIONAL = re.compile(r"\d{4,17}")


@lru_cache(maxsize=None)
def _plain(code: int, region: Optional[str] = None):
    """(metadata, national prefixes) when the full parser, given a number of this country, strips at
    most a literal national prefix from it (no carrier codes, no rewriting); None otherwise."""
    regions = phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(code)
    if not regions:
        return None
    meta = PhoneMetadata.metadata_for_region_or_calling_code(code, region or regions[0])
    if meta is None or meta.country_code != code or meta.national_prefix_transform_rule is not None:
        return None
    pattern = meta.national_prefix_for_parsing
    if pattern is None:
        return meta, ()
    if not re.fullmatch(r"\d+(\|\d+)*", pattern):
        return None
    return meta, tuple(pattern.split("|"))


@lru_cache(maxsize=None)
def _country_code(region: str) -> Optional[int]:
    """The region's calling code (phonenumbers looks it up at ~80 µs a call), None for no region."""
    try:
        return phonenumbers.country_code_for_region(region)
    except Exception:
        return None


def _possible(code: int, national: str) -> Optional[str]:
    return f"+{code}{national}" if _possible_length(code, len(national)) else None


@lru_cache(maxsize=4096)
def _possible_length(code: int, length: int) -> bool:
    """Whether a national number of `length` digits (no leading 0) is possible in country `code`:
    phonenumbers decides it by the country's possible lengths alone, so it is asked once per pair."""
    number = phonenumbers.PhoneNumber(country_code=code, national_number=int("1" * length))
    return phonenumbers.is_possible_number(number)


def _fast_phone(text: str, region: str) -> Optional[str]:
    """The E.164 form of a number written in E.164 ("+420 212 345 678") or in the default region's
    plain national form ("011-1234 5678" in MY), in ~10 µs instead of a full parse's ~100 µs; None
    leaves the number to the full parser, which also words a refusal. Gives exactly what the full
    parser gives (tests/test_import_fast.py compares them); a customer import is mostly such numbers."""
    match = _E164.fullmatch(_E164_SEPARATORS.sub("", text))
    if match is not None:
        digits = match.group(1)
        for size in (1, 2, 3):  # country codes are prefix-free: the first known one is the one
            code = int(digits[:size])
            if code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                national, plain = digits[size:], _plain(code)
                if not national or national[0] == "0" or plain is None or national.startswith(plain[1] or "\0"):
                    return None
                return _possible(code, national)
        return None
    digits = _NATIONAL_SEPARATORS.sub("", text)
    if _NATIONAL.fullmatch(digits) is None:
        return None
    code = _country_code(region)
    plain = _plain(code, region) if code else None
    if plain is None:
        return None
    meta, prefixes = plain
    prefix = meta.national_prefix
    if (not prefix or prefixes[:1] != (prefix,) or not digits.startswith(prefix) or str(code).startswith(prefix)
            or (meta.international_prefix and re.match(meta.international_prefix, digits))):
        return None
    national = digits[len(prefix):]
    if (not national or national[0] == "0" or any(national.startswith(p) for p in prefixes)
            or re.fullmatch(meta.general_desc.national_number_pattern, national) is None):
        return None
    return _possible(code, national)


def doubtful_phone(e164: str) -> Optional[str]:
    """The region code of a stored number its country's numbering plan does not know (a digit short,
    an unused range), None when the plan knows it. Such a number is kept, since the plan lags behind
    new ranges, but the person who typed it is told to check it."""
    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return None
    if phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.region_code_for_country_code(number.country_code)


def try_normalize_phone(raw: str, default_region: str) -> Optional[str]:
    try:
        return normalize_phone(raw, default_region)
    except ValueError:
        return None


def format_phone(e164: str) -> str:
    """The international display form, "+60 12-345 6789"."""
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


# Plain ASCII addresses, the overwhelming majority, are checked here in ~1 µs; anything else
# (quoted or international parts, odd dots, special-use domains) goes to email_validator,
# which costs ~80 µs an address and made it the slowest step of a customer import.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PLAIN_EMAIL = re.compile(rf"(?P<local>{_ATOM}(?:\.{_ATOM})*)@(?P<domain>(?:{_LABEL}\.)+(?P<tld>[A-Za-z]{{2,63}}))")
_SPECIAL_USE = {"arpa", "invalid", "local", "localhost", "onion", "test"}


def normalize_email(raw: str) -> str:
    """Return the case-folded address, or raise ValueError saying what is wrong."""
    text = (raw or "").strip()
    if not text:
        raise ValueError(N_("is empty"))
    plain = _PLAIN_EMAIL.fullmatch(text)
    if (plain and len(text) <= 254 and len(plain["local"]) <= 64 and len(plain["domain"]) <= 253
            and plain["tld"].lower() not in _SPECIAL_USE):
        return text.casefold()
    try:
        # Internal domains (.local, .test) are real in on-premises set-ups; only the syntax must hold.
        checked = validate_email(text, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError:
        # email_validator words its reasons in English only; the reader gets one of ours.
        raise ValueError(N_("needs exactly one @ sign") if text.count("@") != 1
                         else N_("is not a valid e-mail address")) from None
    return checked.normalized.casefold()


def normalize_account(raw: str) -> str:
    """Upper-case account number without spaces; raise ValueError when malformed."""
    text = re.sub(r"\s+", "", raw or "").upper()
    if not _ACCOUNT_RE.match(text):
        raise ValueError(N_("must be 3 to 40 letters, digits or dashes"))
    return text


def looks_like_email(text: str) -> bool:
    return "@" in text


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) >= 6 and not re.search(r"[A-Za-z]", text)
