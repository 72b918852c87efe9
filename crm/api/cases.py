"""API: cases (lists with totals, opening by hand, assigning, status, closing) and kept follow-ups."""
from __future__ import annotations

from flask import g, jsonify, request

from ..services import cases as case_service
from ..services import pagination
from ..services.access import require_customer_access
from . import ID, body_of, bp, created, json_body, query_of, schemas


@bp.get("/cases")
def list_cases():
    """List the cases the caller may work, newest first, with the total matching the filters."""
    filters = query_of(case_service.CaseFilters, check=lambda sent: case_service.check_case_filters(g.api_user, sent))
    page = case_service.list_cases(g.api_user, filters, limit=pagination.clamp_limit(request.args.get("limit")),
                                   cursor=request.args.get("cursor"))
    return jsonify({"items": [schemas.Case.of(c) for c in page.items], "next": page.next, "total": page.total})


@bp.post("/cases")
def create_case():
    """Open a case by hand for a customer."""
    require_customer_access(g.api_user)  # the role before the body
    data = case_service.CaseInput(**json_body())
    case = case_service.create_case(g.api_user, data)
    return created(schemas.Case.of(case), "api.get_case", case_id=case.id)


@bp.get(f"/cases/<{ID}:case_id>")
def get_case(case_id: int):
    """Show one case."""
    return jsonify(schemas.Case.of(case_service.get_case(g.api_user, case_id)))


@bp.patch(f"/cases/<{ID}:case_id>")
def update_case(case_id: int):
    """Change a case's status, owner or priority, or add a note; closing needs the note."""
    changes = body_of(schemas.CaseChanges, check=lambda valid: case_service.check_case_changes(
        g.api_user, case_id, valid)).model_dump(exclude_unset=True)
    return jsonify(schemas.Case.of(case_service.update_case(g.api_user, case_id, changes)))


@bp.post(f"/interactions/<{ID}:interaction_id>/follow-up/done")
def follow_up_done(interaction_id: int):
    """Mark the follow-up promised on a contact as kept."""
    note = body_of(schemas.FollowUpDone).note if request.get_data() else None
    return jsonify(schemas.Interaction.of(case_service.mark_follow_up_done(g.api_user, interaction_id, note)))
