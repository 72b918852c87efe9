"""Normalising phone numbers, e-mail addresses and account numbers."""
from __future__ import annotations

import re
from typing import Optional

import phonenumbers
from email_validator import EmailNotValidError, validate_email

_ACCOUNT_RE = re.compile(r"^[A-Z0-9][A-Z0-9-]{2,39}$")


def normalize_phone(raw: str, default_region: str) -> str:
    """Return the E.164 form of a phone number written any common way, or raise ValueError.

    "+60 12-345 6789", "012-345 6789" (default region MY), "(012) 345/6789" and "0060123456789"
    all give "+60123456789".
    """
    text = (raw or "").strip()
    if not text:
        raise ValueError("is empty")
    digits = re.sub(r"[^\d+]", "", text)
    # "00" is the international prefix in the five countries we serve; phonenumbers only
    # understands it when the default region uses it, so make it explicit.
    if digits.startswith("00"):
        text = "+" + digits[2:]
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException:
        raise ValueError("is not a phone number") from None
    if not phonenumbers.is_possible_number(number):
        raise ValueError("has the wrong number of digits for its country")
    # Validity against the numbering plan is deliberately not required: the metadata lags
    # behind new number ranges, and refusing a customer's real number is worse than a typo.
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
        raise ValueError("is empty")
    plain = _PLAIN_EMAIL.fullmatch(text)
    if (plain and len(text) <= 254 and len(plain["local"]) <= 64 and len(plain["domain"]) <= 253
            and plain["tld"].lower() not in _SPECIAL_USE):
        return text.casefold()
    try:
        # Internal domains (.local, .test) are real in on-premises set-ups; only the syntax must hold.
        checked = validate_email(text, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from None
    return checked.normalized.casefold()


def normalize_account(raw: str) -> str:
    """Upper-case account number without spaces; raise ValueError when malformed."""
    text = re.sub(r"\s+", "", raw or "").upper()
    if not _ACCOUNT_RE.match(text):
        raise ValueError("must be 3 to 40 letters, digits or dashes")
    return text


def looks_like_email(text: str) -> bool:
    return "@" in text


def looks_like_phone(text: str) -> bool:
    digits = re.sub(r"\D", "", text)
    return len(digits) >= 6 and not re.search(r"[A-Za-z]", text)
