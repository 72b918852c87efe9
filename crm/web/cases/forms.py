"""Forms of the case pages. Choices are not validated here: the case service checks every value."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField

from ...models import CASE_PRIORITIES, CASE_STATUSES
from ...services.cases import MAX_NOTE, MAX_SUBJECT


class CaseForm(FlaskForm):
    """Change a case: status, priority, owner, and a note (the resolution when closing)."""

    status = SelectField("Status", choices=[(s, s) for s in CASE_STATUSES], validate_choice=False)
    priority = SelectField("Priority", choices=[(p, p) for p in CASE_PRIORITIES], validate_choice=False)
    owner_id = SelectField("Owner", choices=[], validate_choice=False)
    note = TextAreaField("Note", description="Needed to close: say how it was resolved. Kept in the case's history.",
                         render_kw={"maxlength": MAX_NOTE, "rows": 3})


class NewCaseForm(FlaskForm):
    subject = StringField("Subject", render_kw={"maxlength": MAX_SUBJECT})
    priority = SelectField("Priority", choices=[(p, p) for p in CASE_PRIORITIES], default="normal",
                           validate_choice=False)
    owner_id = SelectField("Owner", choices=[], validate_choice=False)


class FollowUpForm(FlaskForm):
    note = StringField("What was done (optional)", render_kw={"maxlength": MAX_NOTE})
