"""Customers: the profile, contact points, the screen-pop and merging."""
from __future__ import annotations

from ...constraints import CHANNELS, LANGUAGE_CODES, TIERS
from ...services import customers as customer_input
from ...services.contacts import format_phone
from .base import Annotated, Any, Body, Field, Id, Literal, Optional, Reply, Time, iso, page_of, text

_LANGUAGES = ", ".join(LANGUAGE_CODES[:-1]) + f" or {LANGUAGE_CODES[-1]}"
_TIERS = ", ".join(TIERS[:-1]) + f" or {TIERS[-1]}"


class Phone(Reply):
    value: str = text("E.164", examples=["+60123456789"])
    display: str = text("International display form", examples=["+60 12-345 6789"])
    raw: str = text("As it was written")


class Email(Reply):
    value: str = text("Case-folded address")


class Customer(Reply):
    id: int
    account_number: Optional[str]
    name: str
    company: Optional[str]
    language: Optional[str] = text(_LANGUAGES)
    preferred_channel: Optional[Literal[CHANNELS]]
    tier: Optional[str] = text(_TIERS)
    notes: Optional[str] = text("Know before you talk.")
    preferences: dict[str, Any]
    phones: list[Phone]
    emails: list[Email]
    merged_into_id: Optional[int] = Field(description="Set when merged into another customer.")
    created_at: Time
    updated_at: Time

    @staticmethod
    def of(c: Customer) -> dict:
        return {
            "id": c.id,
            "account_number": c.account_number,
            "name": c.name,
            "company": c.company,
            "language": c.language,
            "preferred_channel": c.preferred_channel,
            "tier": c.tier,
            "notes": c.notes,
            "preferences": dict(c.preferences or {}),
            "phones": [{"value": p.value, "display": format_phone(p.value), "raw": p.raw} for p in c.phones],
            "emails": [{"value": e.value} for e in c.emails],
            "merged_into_id": c.merged_into_id,
            "created_at": iso(c.created_at),
            "updated_at": iso(c.updated_at),
        }


class SavedCustomer(Customer):
    warnings: dict[str, list[str]] = Field(
        description="What to check with the customer, by field; saving was not refused. `phones`: each stored "
                    "number its country's numbering plan does not know (a digit short, a range not in use), "
                    "which a call from the customer's real number would not match. Empty when nothing is doubtful.",
        examples=[{"phones": ["+60 12-345 678 is not a number in use in Malaysia as far as its numbering plan "
                              "knows: check it with the customer"]}])

    @staticmethod
    def of(c: Customer) -> dict:
        return {**Customer.of(c), "warnings": customer_input.phone_warnings(c)}


CustomerInput = customer_input.CustomerInput  # the service's typed input is the body's schema


CustomerList = page_of(Customer, "CustomerList")


class Candidates(Reply):
    candidates: list[Customer]


class Merge(Body):
    duplicate_id: Id = Field(description="The customer folded into this one.")


class CustomerMinimal(Reply):
    """Only what a department needs to act: nothing else of the customer's profile or history."""

    id: int
    name: str
    preferred_channel: Optional[str]
    contact: Optional[str] = text("The phone or e-mail of the preferred channel.")
