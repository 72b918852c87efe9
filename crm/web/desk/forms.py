"""Forms of the agent desk: customers and interactions.

Choices are not validated here: the services check every value and say what is wrong.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l, pgettext
from flask_babel.speaklater import LazyString
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField,
                     HiddenField, IntegerField, SelectField, StringField, TextAreaField)
from wtforms.validators import NumberRange, Optional

from ...labels import label_choices
from ...models import CHANNELS, DIRECTIONS, FEEDBACK_CATEGORIES, OUTCOMES
from ...services.customers import LANGUAGES, MAX_COMPANY, MAX_NAME, MAX_NOTES, TIERS
from ...services.interactions import MAX_SHORT_TEXT
from ..helpers import CrmForm, required

LANGUAGE_CHOICES = label_choices(LANGUAGES, blank="—")


def _choices(values, blank=True):
    return label_choices(values, blank="—" if blank else None)


class CustomerForm(CrmForm):
    # maxlength only helps the browser; the service checks each length and reports it here.
    name = StringField(_l("Name"), validators=[required()], render_kw={"maxlength": MAX_NAME})
    account_number = StringField(_l("Account number"))
    phones = TextAreaField(_l("Phone numbers"), description=_l("Written any way; several on separate lines or separated by ; or ,"))
    emails = TextAreaField(_l("E-mail addresses"), description=_l("One per line."))
    company = StringField(_l("Company"), render_kw={"maxlength": MAX_COMPANY})
    language = SelectField(_l("Preferred language"), choices=LANGUAGE_CHOICES, validate_choice=False)
    preferred_channel = SelectField(_l("Preferred channel"), choices=_choices(CHANNELS), validate_choice=False)
    tier = SelectField(_l("Tier"), choices=_choices(TIERS), validate_choice=False)
    notes = TextAreaField(_l("Know before you talk"), description=_l("What the next agent should know first."),
                          render_kw={"maxlength": MAX_NOTES})
    preferences = TextAreaField(_l("Preferences"), description=_l('One per line as "name: value", e.g. "contact time: mornings".'))


class MergeForm(CrmForm):
    duplicate_id = IntegerField(_l("Customer number of the duplicate"), validators=[required(), NumberRange(min=1)])


class HoldForm(Form):
    # Text, not a number input: a browser silently empties a number field holding letters, and
    # the hold would vanish; the service says what is wrong instead.
    seconds = StringField(_l("Hold (seconds)"), render_kw={"inputmode": "numeric"})
    apologized = BooleanField(_l("Apologised"))


def _transfer_target() -> str:
    # "To" alone is the end of a period on the filters: the target of a transfer has its own context.
    return pgettext("transfer target", "To")


class TransferForm(Form):
    kind = SelectField(_l("Transfer"), choices=label_choices(("warm", "cold"), blank="—"), validate_choice=False)
    to = StringField(LazyString(_transfer_target))


class FeedbackForm(Form):
    category = SelectField(_l("Category"), choices=_choices(FEEDBACK_CATEGORIES), validate_choice=False)
    product = StringField(_l("Product"), render_kw={"maxlength": MAX_SHORT_TEXT})
    text = StringField(_l("What the customer said"))


class SuggestionForm(Form):
    """A feedback item the classifier heard; sent only when the agent ticks it (and may correct it)."""

    confirmed = BooleanField(_l("Send"))
    category = SelectField(_l("Category"), choices=_choices(FEEDBACK_CATEGORIES), validate_choice=False)
    product = StringField(_l("Product"), render_kw={"maxlength": MAX_SHORT_TEXT})
    text = StringField(_l("What the customer said"))
    routed_to = HiddenField()  # the department it would reach, shown beside it


class JustificationForm(Form):
    standard = SelectField(_l("Standard"), choices=[("", "—")], validate_choice=False)
    reason = StringField(_l("Why"))


class InteractionForm(CrmForm):
    channel = SelectField(_l("Channel"), choices=_choices(CHANNELS, blank=False), validate_choice=False)
    direction = SelectField(_l("Direction"), choices=_choices(DIRECTIONS, blank=False), validate_choice=False)
    started_at = DateTimeLocalField(_l("Started"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    ended_at = DateTimeLocalField(_l("Ended"), format="%Y-%m-%dT%H:%M", validators=[Optional()])
    queue_wait_seconds = StringField(_l("Queue wait (seconds)"), render_kw={"inputmode": "numeric"})
    holds = FieldList(FormField(HoldForm), min_entries=3, max_entries=20)
    transfers = FieldList(FormField(TransferForm), min_entries=2, max_entries=10)
    summary = TextAreaField(_l("Summary"), description=_l("What happened, so the next agent can pick up."))
    transcript = TextAreaField(_l("Transcript or notes of what was said"))
    language = SelectField(_l("Language of the contact"), choices=LANGUAGE_CHOICES, validate_choice=False)
    outcome = SelectField(_l("Outcome"), choices=_choices(OUTCOMES), validate_choice=False)
    # A bare day (sent by a browser without a date-time picker, or a script) is due at its end.
    follow_up_due = DateTimeLocalField(_l("Follow-up due"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%d"],
                                       validators=[Optional()])
    case_id = SelectField(_l("Case"), choices=[("", _l("new or none"))], validate_choice=False)
    amount = StringField(_l("Refund or credit"), render_kw={"inputmode": "decimal"})
    approved_by = SelectField(_l("Approved by"), choices=[("", "—")], validate_choice=False)
    justifications = FieldList(FormField(JustificationForm), min_entries=2, max_entries=10)
    feedback = FieldList(FormField(FeedbackForm), min_entries=2, max_entries=10)
    suggestions = FieldList(FormField(SuggestionForm), min_entries=0, max_entries=20)
    call_id = HiddenField()  # logged from a call the telephony measured (desk/calls.py)
