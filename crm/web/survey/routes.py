"""The survey a customer answers from the link after a resolved contact; no login."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import refresh

from ...extensions import limiter
from ...limits import setting
from ...services import surveys
from ...services.errors import Conflict, InvalidInput

bp = Blueprint("survey", __name__, url_prefix="/survey")


@bp.route("/<token>", methods=["GET", "POST"])
@limiter.limit(setting("CRM_SURVEY_LIMIT"), methods=["POST"], scope="survey")
def answer(token: str):
    """Ask how satisfied the customer was, 1 to 5, with an optional comment."""
    survey = surveys.by_token(token)
    # The customer reads the survey in their own language, whatever their browser says.
    g.crm_locale = surveys.customer_locale(survey.customer_id)
    refresh()
    errors, status = {}, 200
    if request.method == "POST":
        try:
            surveys.answer(token, request.form.get("score"), request.form.get("comment", ""))
        except InvalidInput as exc:
            errors, status = exc.fields, 422
        except Conflict:
            pass  # answered meanwhile (another tab): the page below thanks them all the same
        else:
            return render_template("survey/thanks.html")
    if survey.answered_at is not None:
        return render_template("survey/thanks.html", already=True)
    return render_template("survey/answer.html", survey=survey, contacted_at=surveys.contact_time(survey), errors=errors,
                           comment=request.form.get("comment", "")), status
