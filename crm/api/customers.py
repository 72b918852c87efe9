"""API: the screen-pop lookup, customer search, and creating, editing, merging, exporting and erasing customers."""
from __future__ import annotations

from typing import Optional

from flask import current_app, g, jsonify, request
from flask_babel import gettext as _

from ..services import customers as customer_service
from ..services import interactions as interaction_service
from ..services import lookup as lookup_service
from ..services import pagination, privacy, screen_pop
from ..services.access import require_customer_access, require_lookup_access
from ..services.errors import FieldErrors, InvalidInput, NotFound
from . import ID, body_of, bp, created, no_content, schemas

RECENT = 5
SEARCH_LIMIT = 20
TIMELINE_LIMIT = 20


def customer_input(current: Optional[customer_service.CustomerInput] = None) -> customer_service.CustomerInput:
    """The body's fields laid over `current` (the customer being changed; none for a new one); null
    clears a field. Every reason, the body's and the service's, comes back in one answer."""
    def lay(body: customer_service.CustomerInput) -> customer_service.CustomerInput:
        if current is None:
            return body
        return current.model_copy(update={name: getattr(body, name) for name in body.model_fields_set})

    body = body_of(customer_service.CustomerInput, check=lambda given: customer_service.validate(
        lay(customer_service.CustomerInput.model_construct(_fields_set=set(given), **given))))  # the name as sent
    return customer_service.validate(lay(body))


@bp.get("/lookup")
def lookup_customer():
    """Find the caller by exactly one of phone, email or account: the screen-pop."""
    actor = g.api_user
    query = request.args  # `in` first: a missing key's lookup raises (and builds) a BadRequestKeyError
    args = {k: query[k] if k in query else "" for k in ("phone", "email", "account")}
    given = [k for k, v in args.items() if v.strip()]
    if len(given) != 1:
        require_lookup_access(actor)  # who may not look anyone up hears that first
        # The error is told under the parameters the client sent (?account= blank: "account"), not
        # always under "phone"; with none sent, under all three.
        named = given or [k for k in args if k in query] or list(args)
        raise InvalidInput({k: ["give exactly one of phone, email or account"] for k in named},
                           "Give exactly one of phone, email or account.")
    fast = screen_pop.answer(actor, **args)  # two statements, no ORM; None for a merged customer
    if fast is not None:
        return current_app.response_class(fast.body, status=fast.status, mimetype="application/json")
    result = lookup_service.lookup(actor, **args)
    if not result.customers:
        raise NotFound("No customer matches.")
    if result.unique is None:
        return jsonify({"candidates": [schemas.Customer.of(c) for c in result.customers]}), 300
    customer = result.unique
    recent = interaction_service.screen_pop_history(customer.id, actor, limit=RECENT)
    return jsonify({
        "customer": schemas.Customer.of(customer),
        "recent_interactions": [schemas.Interaction.of(ix) for ix in recent],
        "open_cases": [schemas.Case.of(c) for c in interaction_service.open_cases(customer.id)],
        "open_follow_ups": [schemas.Interaction.of(ix) for ix in interaction_service.open_follow_ups(customer.id)],
    })


@bp.get("/customers")
def search_customers():
    """Search customers by name fragment, phone, e-mail or account number."""
    require_customer_access(g.api_user)
    errors = FieldErrors()
    q = request.args.get("q", "").strip()
    if not q:
        errors.add("q", _("is required: a name, phone number, e-mail address or account number"))
    elif not lookup_service.searchable(q):
        errors.add("q", _("is too short: a name search needs a word of at least %(count)s characters, or give a "
                          "whole phone number, e-mail address or account number", count=lookup_service.MIN_FRAGMENT))
    limit, offset = SEARCH_LIMIT, 0
    try:
        limit = pagination.clamp_limit(request.args.get("limit"), default=SEARCH_LIMIT)
    except InvalidInput as exc:
        errors.fields.update(exc.fields)
    try:
        offset = pagination.decode_offset(request.args.get("cursor"), lookup_service.NAME_CANDIDATES)
    except InvalidInput as exc:
        errors.fields.update(exc.fields)
    if errors:
        raise InvalidInput(errors.fields, f"q {errors.fields['q'][0]}." if "q" in errors.fields else None)
    # The matches are ranked, not keyed: a page is a slice of the ranking, one more asked to know
    # whether another page follows (at most NAME_CANDIDATES names are ranked: README, "Lookup").
    found = lookup_service.search(g.api_user, q, offset + limit + 1)
    more = len(found) > offset + limit
    return jsonify({"items": [schemas.Customer.of(c) for c in found[offset:offset + limit]],
                    "next": pagination.encode_offset(offset + limit) if more else None})


@bp.post("/customers")
def create_customer():
    """Create a customer."""
    require_customer_access(g.api_user)
    data = customer_input()
    customer = customer_service.create_customer(data, g.api_user)
    return created(schemas.SavedCustomer.of(customer), "api.get_customer", customer_id=customer.id)


@bp.get(f"/customers/<{ID}:customer_id>")
def get_customer(customer_id: int):
    """Show one customer."""
    return jsonify(schemas.Customer.of(customer_service.get_customer(customer_id, g.api_user)))


@bp.patch(f"/customers/<{ID}:customer_id>")
def update_customer(customer_id: int):
    """Change the fields the body gives; the others keep their values."""
    current = customer_service.get_customer(customer_id, g.api_user)
    data = customer_input(customer_service.as_input(current))
    given = set(request.get_json()) & set(customer_service.CustomerInput.model_fields)  # the body was read above
    return jsonify(schemas.SavedCustomer.of(customer_service.update_customer(customer_id, data, g.api_user, only=given)))


@bp.get(f"/customers/<{ID}:customer_id>/interactions")
def customer_interactions(customer_id: int):
    """List the customer's interactions, newest first, a page at a time."""
    customer_service.get_customer(customer_id, g.api_user)  # 403 or 404 before judging the query
    limit = pagination.clamp_limit(request.args.get("limit"), default=TIMELINE_LIMIT)
    items, next_cursor = interaction_service.timeline(customer_id, g.api_user, limit, request.args.get("cursor"))
    return jsonify({"items": [schemas.Interaction.of(ix) for ix in items], "next": next_cursor})


@bp.post(f"/customers/<{ID}:customer_id>/merge")
def merge_customer(customer_id: int):
    """Fold the duplicate named in the body into this customer."""
    require_customer_access(g.api_user)
    duplicate_id = body_of(schemas.Merge).duplicate_id
    return jsonify(schemas.Customer.of(customer_service.merge_customers(customer_id, duplicate_id, g.api_user)))


@bp.get(f"/customers/<{ID}:customer_id>/export")
def export_customer(customer_id: int):
    """Everything held about the customer, as one JSON document (admin)."""
    return jsonify(schemas.CustomerExport.of(privacy.export_customer(g.api_user, customer_id)))


@bp.delete(f"/customers/<{ID}:customer_id>")
def erase_customer(customer_id: int):
    """Erase the customer's personal data, keeping anonymous statistics (admin)."""
    privacy.erase_customer(g.api_user, customer_id)
    return no_content()
