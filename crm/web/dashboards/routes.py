"""The dashboard page and the CSV export of each of its tables."""
from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_login import current_user

from ...constraints import read_day
from ...services import reports
from ...services import review as review_service
from ...services.errors import InvalidInput
from ..helpers import roles_required
from .charts import bar_chart, line_chart

bp = Blueprint("dashboards", __name__, url_prefix="/dashboard")


@bp.context_processor
def chart_helpers() -> dict:
    """Offer the SVG chart helpers to this blueprint's templates."""
    return {"bar_chart": bar_chart, "line_chart": line_chart, "periods": reports.PERIODS}


def _unreadable_days() -> set[str]:
    """The period fields whose text a date input could not show (it would show them empty)."""
    def is_day(text: str) -> bool:
        try:
            read_day(text)
        except ValueError:
            return False
        return len(text) == 10

    return {name for name in ("from", "to") if request.args.get(name) and not is_day(request.args[name])}


def _window() -> tuple[Any, Any]:
    """The period asked for: the last 7, 30, 90 or 365 days (`period`), else `from`/`to`, else the last 30 days."""
    args = request.args
    days = args.get("period", type=int)
    if days not in reports.PERIODS and (args.get("from") or args.get("to")):
        return args.get("from"), args.get("to")
    period = reports.Period.last(days if days in reports.PERIODS else reports.DEFAULT_DAYS)
    return period.start, period.end


@bp.route("/")
@roles_required("lead", "admin")
def index():
    """Show compliance, targets, dismissals, consistency and recognition for a team and period."""
    start, end = _window()
    try:
        board = reports.dashboard(current_user, start, end, request.args.get("team") or None)
    except InvalidInput as exc:
        # the filters as typed, each reason beside its field, and the admin's teams still to pick from
        return render_template("dashboards/index.html", board=None, errors=exc.fields, args=request.args,
                               teams=reports.team_choices(current_user), as_text=_unreadable_days()), 422
    # The review queue's own count, so the dashboard and the queue never disagree about what waits.
    waiting = review_service.queue_page(current_user, review_service.QueueFilters(
        team_id=board.scope.team_id if current_user.role == "admin" else None), 1).total
    return render_template("dashboards/index.html", board=board, errors={}, args=request.args, waiting=waiting)


@bp.route("/export/<table>.csv")
@roles_required("lead", "admin")
def export(table: str):
    """Download one dashboard table as CSV, for the same team and period as the page."""
    start, end = _window()
    try:
        name, text = reports.export_csv(current_user, table, start, end, request.args.get("team") or None)
    except InvalidInput as exc:
        message = "; ".join(f"{field}: {', '.join(reasons)}" for field, reasons in exc.fields.items())
        return render_template("error.html", status=422, message=message), 422
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
