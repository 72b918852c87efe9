"""Forms of the agent desk: customers and interactions.

Choices are not validated here: the services check every value and say what is wrong.
"""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateTimeLocalField, FieldList, Form, FormField,
                     HiddenField, IntegerField, SelectField, StringField, TextAreaField)
from wtforms.validators import DataRequired, NumberRange, Optional

from ...models import CHANNELS, DIRECTIONS, FEEDBACK_CATEGORIES, OUTCOMES
from ...services.customers import LANGUAGES, MAX_COMPANY, MAX_NAME, MAX_NOTES, TIERS
from ...services.interactions import MAX_SHORT_TEXT

LANGUAGE_CHOICES = [("", "—")] + list(LANGUAGES.items())


def _choices(values, blank=True):
    out = [(v, v.replace("_", " ")) for v in values]
    return ([("", "—")] + out) if blank else out


class CustomerForm(FlaskForm):
    # maxlength only helps the browser; the service checks each length and reports it here.
    name = StringField("Name", validators=[DataRequired()], render_kw={"maxlength": MAX_NAME})
    account_number = StringField("Account number")
    phones = TextAreaField("Phone numbers", description="One per line, written any way.")
    emails = TextAreaField("E-mail addresses", description="One per line.")
    company = StringField("Company", render_kw={"maxlength": MAX_COMPANY})
    language = SelectField("Preferred language", choices=LANGUAGE_CHOICES, validate_choice=False)
    preferred_channel = SelectField("Preferred channel", choices=_choices(CHANNELS), validate_choice=False)
    tier = SelectField("Tier", choices=_choices(TIERS), validate_choice=False)
    notes = TextAreaField("Know before you talk", description="What the next agent should know first.",
                          render_kw={"maxlength": MAX_NOTES})
    preferences = TextAreaField("Preferences", description='One per line as "name: value", e.g. "contact time: mornings".')


class MergeForm(FlaskForm):
    duplicate_id = IntegerField("Customer number of the duplicate", validators=[DataRequired(), NumberRange(min=1)])


class HoldForm(Form):
    # Text, not a number input: a browser silently empties a number field holding letters, and
    # the hold would vanish; the service says what is wrong instead.
    seconds = StringField("Hold (seconds)", render_kw={"inputmode": "numeric"})
    apologized = BooleanField("Apologised")


class TransferForm(Form):
    kind = SelectField("Transfer", choices=[("", "—"), ("warm", "warm"), ("cold", "cold")], validate_choice=False)
    to = StringField("To")


class FeedbackForm(Form):
    category = SelectField("Category", choices=_choices(FEEDBACK_CATEGORIES), validate_choice=False)
    product = StringField("Product", render_kw={"maxlength": MAX_SHORT_TEXT})
    text = StringField("What the customer said")


class SuggestionForm(Form):
    """A feedback item the classifier heard; sent only when the agent ticks it (and may correct it)."""

    confirmed = BooleanField("Send")
    category = SelectField("Category", choices=_choices(FEEDBACK_CATEGORIES), validate_choice=False)
    product = StringField("Product", render_kw={"maxlength": MAX_SHORT_TEXT})
    text = StringField("What the customer said")
    routed_to = HiddenField()  # the department it would reach, shown beside it


class JustificationForm(Form):
    standard = SelectField("Standard", choices=[("", "—")], validate_choice=False)
    reason = StringField("Why")


class InteractionForm(FlaskForm):
    channel = SelectField("Channel", choices=_choices(CHANNELS, blank=False), validate_choice=False)
    direction = SelectField("Direction", choices=_choices(DIRECTIONS, blank=False), validate_choice=False)
    started_at = DateTimeLocalField("Started", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    ended_at = DateTimeLocalField("Ended", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    queue_wait_seconds = StringField("Queue wait (seconds)", render_kw={"inputmode": "numeric"})
    holds = FieldList(FormField(HoldForm), min_entries=3, max_entries=20)
    transfers = FieldList(FormField(TransferForm), min_entries=2, max_entries=10)
    summary = TextAreaField("Summary", description="What happened, so the next agent can pick up.")
    transcript = TextAreaField("Transcript or notes of what was said")
    language = SelectField("Language of the contact", choices=LANGUAGE_CHOICES, validate_choice=False)
    outcome = SelectField("Outcome", choices=_choices(OUTCOMES), validate_choice=False)
    follow_up_due = DateTimeLocalField("Follow-up due", format="%Y-%m-%dT%H:%M", validators=[Optional()])
    case_id = SelectField("Case", choices=[("", "new or none")], validate_choice=False)
    amount = StringField("Refund or credit", render_kw={"inputmode": "decimal"})
    approved_by = SelectField("Approved by", choices=[("", "—")], validate_choice=False)
    justifications = FieldList(FormField(JustificationForm), min_entries=2, max_entries=10)
    feedback = FieldList(FormField(FeedbackForm), min_entries=2, max_entries=10)
    suggestions = FieldList(FormField(SuggestionForm), min_entries=0, max_entries=20)
    call_id = HiddenField()  # logged from a call the telephony measured (desk/calls.py)
