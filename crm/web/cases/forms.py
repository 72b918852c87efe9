"""Forms of the case pages. Choices are not validated here: the case service checks every value."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField, TextAreaField

from ...labels import label_choices
from ...models import CASE_PRIORITIES, CASE_STATUSES
from ...services.cases import MAX_NOTE, MAX_SUBJECT
from ..helpers import CrmForm


class CaseForm(CrmForm):
    """Change a case: status, priority, owner, and a note (the resolution when closing)."""

    status = SelectField(_l("Status"), choices=label_choices(CASE_STATUSES), validate_choice=False)
    priority = SelectField(_l("Priority"), choices=label_choices(CASE_PRIORITIES), validate_choice=False)
    owner_id = SelectField(_l("Owner"), choices=[], validate_choice=False)
    note = TextAreaField(_l("Note"), description=_l("Needed to close: say how it was resolved. Kept in the case's history."),
                         render_kw={"maxlength": MAX_NOTE, "rows": 3})


class NewCaseForm(CrmForm):
    subject = StringField(_l("Subject"), render_kw={"maxlength": MAX_SUBJECT})
    priority = SelectField(_l("Priority"), choices=label_choices(CASE_PRIORITIES), default="normal",
                           validate_choice=False)
    owner_id = SelectField(_l("Owner"), choices=[], validate_choice=False)


class FollowUpForm(CrmForm):
    note = StringField(_l("What was done (optional)"), render_kw={"maxlength": MAX_NOTE})
