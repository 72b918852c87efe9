"""Forms of the department inbox: filters and the answer to an item.

Choices are not validated here: the services check every value and say what is wrong.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, SelectField, StringField, TextAreaField

from ...labels import label_choices
from ...models import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES
from ...services.department_inbox import MAX_RESPONSE
from ..helpers import CrmForm


def _label(value: str) -> str:
    return value.replace("_", " ")


class InboxFilterForm(Form):
    """Read from the query string, so a filtered inbox is a link one can share."""

    status = SelectField(_l("Status"), choices=[("open", _l("open")), ("", _l("any"))] + label_choices(FEEDBACK_STATUSES),
                         validate_choice=False, default="open")
    category = SelectField(_l("Category"), choices=label_choices(FEEDBACK_CATEGORIES, blank=_l("any")),
                           validate_choice=False)
    product = StringField(_l("Product"))
    since = StringField(_l("From"), render_kw={"type": "date"})
    until = StringField(_l("To"), render_kw={"type": "date"})


class TrendsForm(Form):
    since = StringField(_l("From"), render_kw={"type": "date"})
    until = StringField(_l("To"), render_kw={"type": "date"})


class AnswerForm(CrmForm):
    status = SelectField(_l("Status"), choices=label_choices(FEEDBACK_STATUSES), validate_choice=False)
    response = TextAreaField(_l("Response to the customer's issue"),
                             description=_l("Shown on the customer's history; the agent who heard it is told."),
                             render_kw={"maxlength": MAX_RESPONSE, "rows": 4})
    whole_group = BooleanField(_l("Apply to every open item alike to this one"))
