"""Creating, editing and merging customers and their contact points."""
from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated, Any, Optional

from flask_babel import gettext as _
from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainValidator, TypeAdapter,
                      ValidationError, ValidationInfo, WithJsonSchema, WrapValidator)
from pydantic_core import PydanticCustomError
from typing_extensions import TypedDict

from sqlalchemy import bindparam, select, update

from ..database import Direct, once_more_after_a_race, write_transaction
from ..extensions import db
from ..models import CHANNELS, Case, ContactPoint, Customer, Feedback, Finding, Interaction, Survey, User
from ..text import fold
from . import audit
from .access import SystemActor, require_customer_access
from .contacts import doubtful_phone, format_phone, normalize_account, normalize_email, normalize_phone, reason
from .errors import Conflict, FieldErrors, InvalidInput, NotFound
from .lookup import acting_user, phone_region
from .validation import Input, read_text, refuse, text_problem

from ..constraints import (ACCOUNT_PATTERN, LANGUAGE_CODES, LANGUAGES, MAX_CONTACT_POINTS, NAME_MAX,  # noqa: F401
                           NONBLANK_PATTERN, TIERS)  # (forms read LANGUAGES and TIERS here too)

MAX_NAME = NAME_MAX  # the columns' lengths
MAX_COMPANY = NAME_MAX
MAX_NOTES = 10_000
MAX_PREFERENCES = 50
MAX_PREFERENCE_NAME = 100
MAX_PREFERENCE_VALUE = 1_000
_UNSET = object()


# --- what a customer may be: one definition for the API, the form and the CSV importer ------------------
# Each field's reader (on crm/services/validation.py's) takes a value as a JSON body, a form or a CSV
# row gives it and returns it normalised, or refuses it with the reason a client reads.

class Written(str):
    """A phone number in E.164 or a case-folded e-mail address that remembers how it was written
    (`raw`): it compares and stores as the normalised value."""

    def __new__(cls, value: str, raw: Optional[str] = None) -> "Written":
        written = super().__new__(cls, value)
        written.raw = value if raw is None else raw
        return written


# The invisible controls that override or embed a text direction (U+202A–U+202E, U+2066–U+2069): in a
# name they only serve to make it read otherwise than it is ("\u202eevil" shows reversed in every list).
# The marks U+200E/U+200F, which right-to-left names may need, are kept.
_DIRECTION_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def _read_name(value: Any) -> str:
    """A customer's name, its spaces collapsed and direction overrides taken out."""
    name = " ".join((read_text(value) or "").translate(_DIRECTION_CONTROLS).split())
    if not name:
        raise refuse(_("is required"))
    if len(name) > MAX_NAME:
        raise refuse(_('must be at most %(MAX_NAME)s characters', MAX_NAME=MAX_NAME))
    return name


def _read_account(value: Any) -> Optional[str]:
    text = read_text(value)
    if text is None:
        return None
    try:
        return normalize_account(text)
    except ValueError as exc:
        raise refuse(reason(exc)) from None


def _bounded(max_length: int):
    def read(value: Any) -> Optional[str]:
        text = read_text(value)
        if text is not None and len(text) > max_length:
            raise refuse(_('must be at most %(max_length)s characters', max_length=max_length))
        return text
    return read


def _one_of(choices, lower: bool = False):
    def read(value: Any) -> Optional[str]:
        text = read_text(value)
        if text is not None and lower:
            text = text.lower()
        if text is not None and text not in choices:
            raise refuse(_('must be one of %(choices)s', choices=', '.join(choices)))
        return text
    return read


def _list_of_text(value: Any) -> Any:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise refuse(_("must be a list of text"))
    return value


def _contact(normaliser):
    """A reader of one phone or e-mail: normalised and `Written`, None when blank."""
    def read(value: Any, info: ValidationInfo) -> Optional[Written]:
        if not isinstance(value, str):
            raise refuse(_("must be text"))
        problem = text_problem(value)
        if problem:
            raise refuse(problem)
        raw = value.strip()
        if not raw:
            return None
        try:
            return Written(normaliser(raw, info), raw)
        except ValueError as exc:
            raise refuse(f"{raw!r} {reason(exc)}") from None
    return read


def _region(info: Optional[ValidationInfo] = None) -> str:
    """The region national numbers are read in: the importer's, else the one the lookup reads them in
    for the user the request acts for (their team's country), else the app's default."""
    return (info and info.context or {}).get("region") or phone_region(acting_user())


def _distinct(contacts: list) -> list[Written]:
    seen, out = set(), []
    for contact in contacts:
        if contact is not None and contact not in seen:
            seen.add(contact)
            out.append(contact)
    return out


def _contacts(normaliser, item_schema: dict, description: Optional[str] = None) -> Any:
    item = Annotated[Optional[Written], PlainValidator(_contact(normaliser))]
    return Annotated[list[item], BeforeValidator(_list_of_text), Field(max_length=MAX_CONTACT_POINTS),
                     AfterValidator(_distinct), WithJsonSchema(
        {"type": ["array", "null"], "items": item_schema, "maxItems": MAX_CONTACT_POINTS,
         **({"description": description} if description else {})})]


def _read_preferences(value: Any) -> Any:
    """Named preferences: an object of at most MAX_PREFERENCES names (its values are read one by one)."""
    value = {} if value is None else value
    if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
        raise refuse(_("must be an object of named preferences"))
    if len(value) > MAX_PREFERENCES:
        raise refuse(_('must be at most %(MAX_PREFERENCES)s preferences', MAX_PREFERENCES=MAX_PREFERENCES))
    out = {}
    for key, item in value.items():
        try:
            name = _bounded(MAX_PREFERENCE_NAME)(key)
        except PydanticCustomError as exc:
            raise refuse(_('the %(part)s of preference %(key)r %(reason)s', part="name", key=key,
                           reason=exc.context["reason"])) from None
        if name is None:
            raise refuse(_('the %(part)s of preference %(key)r %(reason)s', part="name", key=key,
                           reason=_("is required")))
        out[name] = item
    return out


def _read_preference(value: Any) -> str:
    if value is None:
        raise refuse(_("must be text"))
    return _bounded(MAX_PREFERENCE_VALUE)(value) or ""


_TEXT = {"type": ["string", "null"]}
Name = Annotated[str, PlainValidator(_read_name), WithJsonSchema(
    {"type": "string", "minLength": 1, "maxLength": NAME_MAX, "pattern": NONBLANK_PATTERN,
     "description": "Required when creating."})]
AccountNumber = Annotated[Optional[str], PlainValidator(_read_account), WithJsonSchema(
    {**_TEXT, "pattern": ACCOUNT_PATTERN, "description": "3 to 40 letters, digits or dashes (spaces are dropped)"})]
Phones = _contacts(lambda raw, info: normalize_phone(raw, _region(info)), {"type": "string"},
                   "Written any common way; national numbers are read in the country of the caller's team "
                   "when the lookup serves it, else in the default region.")
Emails = _contacts(lambda raw, info: normalize_email(raw), {"anyOf": [
    {"type": "string", "format": "email"}, {"type": "string", "pattern": r"^\s*$"}, {"type": "null"}]})
Company = Annotated[Optional[str], PlainValidator(_bounded(MAX_COMPANY)), WithJsonSchema({**_TEXT, "maxLength": NAME_MAX})]
Language = Annotated[Optional[str], PlainValidator(_one_of(LANGUAGE_CODES, lower=True)),
                     WithJsonSchema({**_TEXT, "description": ", ".join(LANGUAGE_CODES[:-1]) + f" or {LANGUAGE_CODES[-1]}"})]
Channel = Annotated[Optional[str], PlainValidator(_one_of(CHANNELS)),
                    WithJsonSchema({"anyOf": [{"type": "string", "enum": list(CHANNELS)}, {"type": "null"}]})]
Tier = Annotated[Optional[str], PlainValidator(_one_of(TIERS)),
                 WithJsonSchema({"anyOf": [{"type": "string", "enum": list(TIERS)}, {"type": "null"}]})]
Notes = Annotated[Optional[str], PlainValidator(_bounded(MAX_NOTES)), WithJsonSchema(_TEXT)]
Preferences = Annotated[dict[str, Annotated[str, PlainValidator(_read_preference)]],
                        BeforeValidator(_read_preferences), WithJsonSchema(
    {"type": ["object", "null"], "additionalProperties": {"type": "string"},
     "description": 'Named preferences, e.g. {"contact time": "mornings"}.'})]


_READING_A_BODY: ContextVar[bool] = ContextVar("reading_a_customer_body", default=False)


class CustomerInput(Input):
    """What a form, the API (POST and PATCH /api/v1/customers) or an import row says about a customer,
    read and normalised: phones in E.164 and e-mails case-folded, each with the text as written.
    Unknown keys are refused. On PATCH, only the keys given change; null clears a field."""

    model_config = ConfigDict(validate_assignment=True)  # `data.phones = [...]` reads the numbers too

    name: Name = Field("", json_schema_extra=lambda schema: schema.pop("default", None))  # required to create
    account_number: AccountNumber = None
    phones: Phones = Field(default_factory=list)
    emails: Emails = Field(default_factory=list)
    company: Company = None
    language: Language = None
    preferred_channel: Channel = None
    tier: Tier = None
    notes: Notes = None
    preferences: Preferences = Field(default_factory=dict)

    def __init__(self, /, **data: Any) -> None:
        if _READING_A_BODY.get():  # model_validate (the API's body_of): pydantic's errors, by field path
            BaseModel.__init__(self, **data)
            return
        try:
            super().__init__(**data)
        except InvalidInput as exc:
            raise InvalidInput(_one_field_for_preferences(exc.fields)) from None

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> "CustomerInput":
        # pydantic runs a model's own __init__ for model_validate too: tell it a body is being read.
        token = _READING_A_BODY.set(True)
        try:
            return super().model_validate(obj, **options)
        finally:
            _READING_A_BODY.reset(token)

    def given(self) -> dict:
        """The values as a client would send them again (phones and e-mails normalised)."""
        return {**self.__dict__, "phones": [str(v) for v in self.phones], "emails": [str(v) for v in self.emails],
                "preferences": dict(self.preferences)}


def _one_field_for_preferences(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """A preference's value refused ("preferences.contact time") is told under "preferences", the one
    field a form has for them (the API, validating the body itself, names the key)."""
    out: dict[str, list[str]] = {}
    for name, why in fields.items():
        if name.startswith("preferences."):
            key = name[len("preferences."):]
            why = [_('the %(part)s of preference %(key)r %(reason)s', part="value", key=key, reason=r) for r in why]
            name = "preferences"
        out.setdefault(name, []).extend(why)
    return out


# A CSV row is read by the same fields, as a TypedDict: a chunk of rows is validated in one call, with
# no model instance per row; a refused row comes back as its ValidationError.
CustomerRow = TypedDict("CustomerRow", {  # type: ignore[misc]
    name: Annotated[(info.annotation, *info.metadata)] for name, info in CustomerInput.model_fields.items()})


def _refused_row(value: Any, handler) -> Any:
    try:
        return handler(value)
    except ValidationError as exc:
        return exc.with_traceback(None)  # no cycle through this frame: reference counting frees it


ROWS = TypeAdapter(list[Annotated[CustomerRow, WrapValidator(_refused_row)]])


def validate(data: CustomerInput) -> CustomerInput:
    """`data` when it can be saved as a customer; InvalidInput with every reason otherwise.

    The fields were read when `data` was built; what is left is the name a new customer must have.
    """
    if not data.name:
        raise InvalidInput({"name": [_("is required")]})
    return data


def _clashes(values: list[str], account: Optional[str], own_id: Optional[int]) -> tuple[dict[str, list[str]], list]:
    """Every normalised phone, e-mail and account number here that another customer already has."""
    fields: dict[str, list[str]] = {}
    found = []
    if values:
        rows = db.session.execute(
            select(ContactPoint.value, ContactPoint.customer_id, Customer.name)
            .join(Customer)
            .where(ContactPoint.value.in_(values), ContactPoint.customer_id != (own_id or 0))
            .order_by(ContactPoint.id)
        ).all()
        for clash in rows:
            field_name = "emails" if "@" in clash.value else "phones"
            fields.setdefault(field_name, []).append(f"{clash.value} belongs to customer {clash.customer_id}")
            found.append((_('%(value)s already belongs to %(clash_name)s (customer %(customer_id)s).',
                            value=clash.value, clash_name=clash.name, customer_id=clash.customer_id),
                          clash.customer_id))
    if account:
        other = db.session.execute(
            select(Customer.id, Customer.name).where(Customer.account_number == account, Customer.id != (own_id or 0))
        ).first()
        if other:
            fields["account_number"] = [f"belongs to customer {other.id}"]
            found.append((_('Account %(account_number)s already belongs to %(other_name)s (customer %(other_id)s).',
                            account_number=account, other_name=other.name, other_id=other.id), other.id))
    return fields, found


def clashes(phones: list[str], emails: list[str], account: Optional[str],
            own_id: Optional[int] = None) -> dict[str, list[str]]:
    """The identifiers among these, as typed, that already belong to another customer, by field.

    Lines that cannot be read are skipped (their own error says why): a form can then tell a bad
    e-mail address and a phone number taken by someone else in the same answer."""
    region = _region()
    values = [_readable(normalize_phone, p, region) for p in phones] + [_readable(normalize_email, e) for e in emails]
    account = _readable(normalize_account, account) if account else None
    return _clashes([v for v in values if v], account, own_id)[0]


def _readable(normalise, raw: str, *args) -> Optional[str]:
    """The normalised value, or None for a line that cannot be read (its own error says why)."""
    try:
        return normalise(raw, *args)
    except ValueError:
        return None


def _check_unique(clean: CustomerInput, own_id: Optional[int]) -> None:
    """Raise Conflict naming every identifier another customer already has (the first customer by id)."""
    fields, found = _clashes([str(v) for v in clean.phones + clean.emails], clean.account_number, own_id)
    if found:
        raise Conflict(" ".join(m for m, _id in found), found[0][1], fields)


def _apply(customer: Customer, clean: CustomerInput) -> None:
    customer.name = clean.name
    customer.search_name = fold(clean.name)
    customer.account_number = clean.account_number
    customer.company = clean.company
    customer.language = clean.language
    customer.preferred_channel = clean.preferred_channel
    customer.tier = clean.tier
    customer.notes = clean.notes
    customer.preferences = clean.preferences
    wanted = {str(v): v.raw for v in clean.phones + clean.emails}
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


def lock_customer(customer_id: int, fields: Optional[dict[str, list[str]]] = None) -> Customer:
    """Inside a write transaction: the customer as stored now (not as this session read it earlier), its
    row locked until the transaction ends (PostgreSQL; on SQLite the transaction holds the write lock
    already), so an erasure, an edit and a logged contact of one customer happen one after the other.
    An erased customer is NotFound (API.md: erasure is final); a merged one is left to the caller."""
    customer = db.session.get(Customer, customer_id, with_for_update=True, populate_existing=True)
    if customer is None or customer.erased_at is not None:
        raise NotFound(_('No customer %(customer_id)s.', customer_id=customer_id), fields)
    db.session.expire(customer, ["contact_points"])  # the contact points as stored now, too
    return customer


_erased_at = Direct(lambda: select(Customer.__table__.c.erased_at)  # on logging's path: no ORM execution
                    .where(Customer.__table__.c.id == bindparam("id")).with_for_update(read=True))


def hold_customer(customer_id: int) -> None:
    """Inside a write transaction that adds to a customer's history (a contact, a case): take a share
    lock on the customer's row (PostgreSQL; SQLite's write lock is held already), so an erasure waits
    for the write or the write sees the erasure and is refused (NotFound) instead of re-adding personal
    data to an erased customer."""
    row = _erased_at.first({"id": customer_id})
    if row is None or row[0] is not None:
        raise NotFound(_('No customer %(customer_id)s.', customer_id=customer_id), {"customer_id": ["no such customer"]})


@once_more_after_a_race
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


def phone_warnings(customer: Customer) -> dict[str, list[str]]:
    """What the person who saved `customer` should check, by field: each stored number its country's
    numbering plan does not know (a digit short, a range not in use). The number is kept (the plan lags
    behind new ranges), so saving is not refused; but a mistyped number never matches the caller's, so
    the form and the API say so beside the phones."""
    from flask_babel import get_locale

    territories = get_locale().territories if get_locale() is not None else {}
    doubts = []
    for point in customer.phones:
        region = doubtful_phone(point.value)
        if region:
            doubts.append(_("%(number)s is not a number in use in %(country)s as far as its numbering plan "
                            "knows: check it with the customer", number=format_phone(point.value),
                            country=territories.get(region, region)))
    return {"phones": doubts} if doubts else {}


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


@once_more_after_a_race
def update_customer(customer_id: int, data: CustomerInput, actor: User,
                    only: Optional[set[str]] = None) -> Customer:
    """Replace the customer's fields and contact points with `data` (`only`: just these fields, the
    others keep the values stored when the change is written, as PATCH promises).

    The customer is read again and locked inside the write transaction, so concurrent edits happen
    one after the other: each replaces the phones and e-mails as a whole, none is undone by an older
    read, and an erasure that came first is final (NotFound)."""
    require_customer_access(actor)
    clean = validate(data)
    with write_transaction():
        customer = lock_customer(customer_id)
        if customer.merged_into_id:
            raise Conflict(_('Customer %(customer_id)s was merged into %(merged_into_id)s.', customer_id=customer_id, merged_into_id=customer.merged_into_id),
                           customer.merged_into_id)
        if only is not None:
            clean = validate(as_input(customer).model_copy(update={name: getattr(data, name) for name in only}))
        _check_unique(clean, customer.id)
        before = as_input(customer).given()
        _apply(customer, clean)
        after = as_input(customer).given()
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
