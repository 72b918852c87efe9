"""Creating, editing and merging customers and their contact points."""
from __future__ import annotations

from flask_babel import gettext as _
from dataclasses import dataclass, field
from typing import Optional

from flask import current_app
from sqlalchemy import select, update

from ..database import write_transaction
from ..extensions import db
from ..models import CHANNELS, Case, ContactPoint, Customer, Feedback, Finding, Interaction, Survey, User
from ..text import fold
from . import audit
from .access import SystemActor, require_customer_access
from .contacts import normalize_account, normalize_email, normalize_phone
from .errors import Conflict, FieldErrors, NotFound
from .validation import clean_text, text_problem

from ..constraints import LANGUAGES, NAME_MAX, TIERS  # noqa: F401  (forms and the importer read them here too)

MAX_NAME = NAME_MAX  # the columns' lengths
MAX_COMPANY = NAME_MAX
MAX_NOTES = 10_000
MAX_PREFERENCES = 50
MAX_PREFERENCE_NAME = 100
MAX_PREFERENCE_VALUE = 1_000
_UNSET = object()


@dataclass
class CustomerInput:
    """What a form, the API or an import row says about a customer."""

    name: str = ""
    account_number: Optional[str] = None
    phones: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    company: Optional[str] = None
    language: Optional[str] = None
    preferred_channel: Optional[str] = None
    tier: Optional[str] = None
    notes: Optional[str] = None
    preferences: dict = field(default_factory=dict)


@dataclass
class _Clean:
    name: str
    account_number: Optional[str]
    phones: list[tuple[str, str]]  # (normalised, raw)
    emails: list[tuple[str, str]]
    company: Optional[str]
    language: Optional[str]
    preferred_channel: Optional[str]
    tier: Optional[str]
    notes: Optional[str]
    preferences: dict


def validate(data: CustomerInput, region: Optional[str] = None) -> _Clean:
    """Normalise every field of `data`, raising InvalidInput with every reason at once."""
    region = region or current_app.config["CRM_DEFAULT_REGION"]
    errors = FieldErrors()
    name = " ".join((clean_text(data.name, "name", errors) or "").split())
    if not name:
        if "name" not in errors.fields:
            errors.add("name", _("is required"))
    elif len(name) > MAX_NAME:
        errors.add("name", _('must be at most %(MAX_NAME)s characters', MAX_NAME=MAX_NAME))
    account = None
    account_text = clean_text(data.account_number, "account_number", errors)
    if account_text:
        try:
            account = normalize_account(account_text)
        except ValueError as exc:
            errors.add("account_number", str(exc))

    def contact_list(values, normaliser, field_name):
        seen, out = set(), []
        if values is None:
            return out
        if not isinstance(values, (list, tuple)):
            errors.add(field_name, _("must be a list of text"))
            return out
        for i, raw in enumerate(values):
            if not isinstance(raw, str):
                errors.add(field_name, _('item %(number)s must be text', number=i + 1))
                continue
            problem = text_problem(raw)
            if problem:
                errors.add(field_name, _('item %(number)s %(problem)s', number=i + 1, problem=problem))
                continue
            if not raw.strip():
                continue
            try:
                value = normaliser(raw)
            except ValueError as exc:
                errors.add(field_name, f"{raw.strip()!r} {exc}")
                continue
            if value not in seen:
                seen.add(value)
                out.append((value, raw.strip()))
        return out

    phones = contact_list(data.phones, lambda raw: normalize_phone(raw, region), "phones")
    emails = contact_list(data.emails, normalize_email, "emails")
    company = clean_text(data.company, "company", errors, MAX_COMPANY)
    language = clean_text(data.language, "language", errors)
    if language:
        language = language.lower()
        if language not in LANGUAGES:
            errors.add("language", _('must be one of %(choices)s', choices=', '.join(LANGUAGES)))
    channel = clean_text(data.preferred_channel, "preferred_channel", errors)
    if channel and channel not in CHANNELS:
        errors.add("preferred_channel", _('must be one of %(choices)s', choices=', '.join(CHANNELS)))
    tier = clean_text(data.tier, "tier", errors)
    if tier and tier not in TIERS:
        errors.add("tier", _('must be one of %(choices)s', choices=', '.join(TIERS)))
    notes = clean_text(data.notes, "notes", errors, MAX_NOTES)
    preferences = _preferences(data.preferences, errors)
    errors.raise_if_any()
    return _Clean(name, account, phones, emails, company, language, channel, tier, notes, preferences)


def _preferences(raw, errors: FieldErrors) -> dict:
    """Named preferences as text, e.g. {"contact time": "mornings"}; reasons go to `errors`."""
    raw = {} if raw is None else raw
    if not isinstance(raw, dict) or not all(isinstance(k, str) for k in raw):
        errors.add("preferences", _("must be an object of named preferences"))
        return {}
    if len(raw) > MAX_PREFERENCES:
        errors.add("preferences", _('must be at most %(MAX_PREFERENCES)s preferences', MAX_PREFERENCES=MAX_PREFERENCES))
        return {}
    out = {}
    for key, value in raw.items():
        reasons = FieldErrors()
        name = clean_text(key, "name", reasons, MAX_PREFERENCE_NAME)
        if name is None and not reasons:
            reasons.add("name", _("is required"))
        if value is None:
            reasons.add("value", _("must be text"))
        text = clean_text(value, "value", reasons, MAX_PREFERENCE_VALUE)
        for part, why in reasons.fields.items():
            for reason in why:
                errors.add("preferences", _('the %(part)s of preference %(key)r %(reason)s', part=part, key=key, reason=reason))
        if not reasons:
            out[name] = text or ""
    return out


def _check_unique(clean: _Clean, own_id: Optional[int]) -> None:
    """Raise Conflict naming the customer that already has one of these identifiers."""
    values = [v for v, _ in clean.phones + clean.emails]
    if values:
        clash = db.session.execute(
            select(ContactPoint.value, ContactPoint.customer_id, Customer.name)
            .join(Customer)
            .where(ContactPoint.value.in_(values), ContactPoint.customer_id != (own_id or 0))
        ).first()
        if clash:
            field_name = "emails" if "@" in clash.value else "phones"
            raise Conflict(
                _('%(value)s already belongs to %(clash_name)s (customer %(customer_id)s).', value=clash.value, clash_name=clash.name, customer_id=clash.customer_id),
                clash.customer_id, {field_name: [f"{clash.value} belongs to customer {clash.customer_id}"]},
            )
    if clean.account_number:
        other = db.session.execute(
            select(Customer.id, Customer.name).where(
                Customer.account_number == clean.account_number, Customer.id != (own_id or 0)
            )
        ).first()
        if other:
            raise Conflict(
                _('Account %(account_number)s already belongs to %(other_name)s (customer %(other_id)s).', account_number=clean.account_number, other_name=other.name, other_id=other.id),
                other.id, {"account_number": [f"belongs to customer {other.id}"]},
            )


def _apply(customer: Customer, clean: _Clean) -> None:
    customer.name = clean.name
    customer.search_name = fold(clean.name)
    customer.account_number = clean.account_number
    customer.company = clean.company
    customer.language = clean.language
    customer.preferred_channel = clean.preferred_channel
    customer.tier = clean.tier
    customer.notes = clean.notes
    customer.preferences = clean.preferences
    wanted = {v: raw for v, raw in clean.phones + clean.emails}
    for cp in list(customer.contact_points):
        if cp.value not in wanted:
            customer.contact_points.remove(cp)
        else:
            raw = wanted.pop(cp.value)
            # An edit that starts from as_input() passes back the normalised value; that is the
            # same number or address, not a new way of writing it, so the typed form stays.
            if raw != cp.value or not cp.raw:
                cp.raw = raw
    for value, raw in wanted.items():
        customer.contact_points.append(
            ContactPoint(kind="email" if "@" in value else "phone", value=value, raw=raw)
        )


def create_customer(data: CustomerInput, actor: User | SystemActor) -> Customer:
    require_customer_access(actor)
    clean = validate(data)
    with write_transaction():
        _check_unique(clean, None)
        customer = Customer()
        _apply(customer, clean)
        db.session.add(customer)
        db.session.flush()
        audit.record("customer.create", "customer", customer.id, actor=actor, actor_label="system")
    return customer


def get_customer(customer_id: int, actor: User) -> Customer:
    require_customer_access(actor)
    customer = db.session.get(Customer, customer_id)
    if customer is None or customer.erased_at is not None:
        raise NotFound(_('No customer %(customer_id)s.', customer_id=customer_id))
    return customer


def as_input(customer: Customer) -> CustomerInput:
    """The customer's current values, as an edit starts from."""
    return CustomerInput(
        name=customer.name, account_number=customer.account_number,
        phones=[c.value for c in customer.phones], emails=[c.value for c in customer.emails],
        company=customer.company, language=customer.language,
        preferred_channel=customer.preferred_channel, tier=customer.tier, notes=customer.notes,
        preferences=dict(customer.preferences or {}),
    )


def update_customer(customer_id: int, data: CustomerInput, actor: User) -> Customer:
    """Replace the customer's fields and contact points with `data`."""
    require_customer_access(actor)
    clean = validate(data)
    with write_transaction():
        customer = db.session.get(Customer, customer_id)
        if customer is None or customer.erased_at is not None:
            raise NotFound(_('No customer %(customer_id)s.', customer_id=customer_id))
        if customer.merged_into_id:
            raise Conflict(_('Customer %(customer_id)s was merged into %(merged_into_id)s.', customer_id=customer_id, merged_into_id=customer.merged_into_id),
                           customer.merged_into_id)
        _check_unique(clean, customer.id)
        before = as_input(customer).__dict__
        _apply(customer, clean)
        after = as_input(customer).__dict__
        changed = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        audit.record("customer.update", "customer", customer.id, actor=actor, changed=sorted(changed))
    return customer


def merge_customers(primary_id: int, duplicate_id: int, actor: User) -> Customer:
    """Fold the duplicate into the primary: history and contact points move; audited."""
    require_customer_access(actor)
    errors = FieldErrors()
    if primary_id == duplicate_id:
        errors.add("duplicate_id", _("is the same customer"))
    errors.raise_if_any()
    with write_transaction():
        primary = db.session.get(Customer, primary_id)
        duplicate = db.session.get(Customer, duplicate_id)
        if primary is None or primary.erased_at or primary.merged_into_id:
            raise NotFound(_('No customer %(primary_id)s to merge into.', primary_id=primary_id))
        if duplicate is None or duplicate.erased_at or duplicate.merged_into_id:
            raise NotFound(_('No customer %(duplicate_id)s to merge.', duplicate_id=duplicate_id), {"duplicate_id": ["no such customer"]})
        moved = {}
        # Rows move by UPDATE, never through the ORM collections: taking a contact point out of
        # the duplicate's collection makes it an orphan (delete-orphan), and a lazy load of the
        # primary's collection autoflushes that delete before the append (the old 500).
        for model in (Interaction, Case, Finding, Feedback, Survey, ContactPoint):
            result = db.session.execute(
                update(model).where(model.customer_id == duplicate.id).values(customer_id=primary.id)
                .execution_options(synchronize_session=False)
            )
            moved[model.__tablename__] = result.rowcount
        # Records merged into the duplicate earlier now point at the survivor directly.
        db.session.execute(
            update(Customer).where(Customer.merged_into_id == duplicate.id).values(merged_into_id=primary.id)
            .execution_options(synchronize_session=False)
        )
        # Nothing is changed in the session yet, so forgetting what it loaded loses nothing and
        # makes every later read see the moved rows.
        db.session.expire_all()
        for attr in ("company", "language", "preferred_channel", "tier"):
            if getattr(primary, attr) is None:
                setattr(primary, attr, getattr(duplicate, attr))
        if duplicate.notes:
            primary.notes = f"{primary.notes}\n{duplicate.notes}" if primary.notes else duplicate.notes
        primary.preferences = {**(duplicate.preferences or {}), **(primary.preferences or {})}
        account = duplicate.account_number
        duplicate.account_number = None
        duplicate.merged_into_id = primary.id
        if account and not primary.account_number:
            db.session.flush()  # free the unique account number before the primary takes it
            primary.account_number = account
        audit.record("customer.merge", "customer", primary.id, actor=actor,
                     duplicate_id=duplicate.id, duplicate_account=account, moved=moved)
    return primary


def resolve_merged(customer: Customer) -> Customer:
    """Follow merges to the customer record that is in use now."""
    seen = set()
    while customer.merged_into_id and customer.id not in seen:
        seen.add(customer.id)
        customer = db.session.get(Customer, customer.merged_into_id)
    return customer
