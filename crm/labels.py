"""Words people read for the values the CRM stores as codes: statuses, channels, roles, priorities.

The codes stay what the API and the database use; pages show `label(code)` in the reader's language.
"""
from __future__ import annotations

from flask_babel import gettext


def N_(text: str) -> str:
    """Mark a string for the catalogue; it is translated where it is shown."""
    return text


LABELS: dict[str, str] = {
    # roles
    "agent": N_("agent"), "lead": N_("lead"), "department": N_("department"), "admin": N_("admin"),
    "integration": N_("integration"),
    # channels
    "phone": N_("phone"), "email": N_("e-mail"), "chat": N_("chat"), "in_person": N_("in person"),
    "social": N_("social media"), "sms": N_("SMS"), "web": N_("web form"),
    # outcomes
    "resolved": N_("resolved"), "follow_up": N_("follow-up"), "escalated": N_("escalated"),
    "no_action": N_("no action"),
    # case statuses and priorities
    "open": N_("open"), "pending": N_("pending"), "closed": N_("closed"),
    "low": N_("low"), "normal": N_("normal"), "high": N_("high"), "urgent": N_("urgent"),
    # finding statuses, modes and severities
    "justified": N_("justified"), "upheld": N_("upheld"), "coached": N_("coached"),
    "dismissed": N_("dismissed"), "waived": N_("waived"), "withdrawn": N_("withdrawn"),
    "enforce": N_("enforced"), "pilot": N_("pilot"), "off": N_("off"),
    "medium": N_("medium"), "critical": N_("critical"),
    # feedback categories and statuses
    "product": N_("product"), "packaging": N_("packaging"), "marketing": N_("marketing"),
    "billing": N_("billing"), "other": N_("other"),
    "new": N_("new"), "acknowledged": N_("acknowledged"), "in_progress": N_("in progress"),
    "done": N_("done"), "declined": N_("declined"),
    # deliveries
    "delivered": N_("delivered"), "dead": N_("dead"),
    # directions
    "inbound": N_("inbound"), "outbound": N_("outbound"),
    # transfers
    "warm": N_("warm"), "cold": N_("cold"),
    # customer tiers
    "standard": N_("standard"), "silver": N_("silver"), "gold": N_("gold"), "platinum": N_("platinum"),
    # what a dashboard target is based on (crm/services/reports/targets.py)
    "answered": N_("answered"), "satisfied": N_("satisfied"), "reviewed": N_("reviewed"),
    "without_upheld": N_("without an upheld finding"), "written_inquiries": N_("written inquiries"),
    "answered_in_time": N_("answered in time"), "hours": N_("hours"), "contacts": N_("contacts"),
    "handled_hours": N_("handled hours"), "inquiries": N_("inquiries"), "resolved_in_time": N_("resolved in time"),
    "channels": N_("channels"), "best": N_("best"), "worst": N_("worst"),
    # the records the audit trail names
    "api_token": N_("API token"), "case": N_("case"), "coaching_note": N_("coaching note"),
    "customer": N_("customer"), "delivery": N_("delivery"), "feedback": N_("feedback"), "finding": N_("finding"),
    "interaction": N_("contact"), "policy_version": N_("policy version"), "routing_rule": N_("routing rule"),
    "team": N_("team"), "user": N_("user"),
    # languages of customers and transcripts
    "en": N_("English"), "ms": N_("Malay"), "cs": N_("Czech"), "fi": N_("Finnish"), "ro": N_("Romanian"),
}


# Titles of the dashboard's targets (crm/services/reports.py), translated where they are shown.
TARGET_TITLES = (
    N_("Satisfied survey answers (4-5 of 5)"),
    N_("Reviewed interactions with no upheld finding"),
    N_("Written inquiries answered within the reply standard"),
    N_("Handled contacts per handled hour"),
    N_("Inquiries resolved within 48 h"),
    N_("Largest gap in compliance between channels"),
)


# Codes whose word depends on what they describe: a delivery that is pending waits to be sent, while a
# pending case waits for the customer.
DELIVERY_LABELS: dict[str, str] = {"pending": N_("waiting to be sent")}


def delivery_label(code) -> str:
    """The reader's word for a delivery's status."""
    text = DELIVERY_LABELS.get(str(code))
    return gettext(text) if text else label(code)


def label(code) -> str:
    """The reader's word for a stored code; an unknown code is shown as it is, underscores as spaces."""
    if code is None:
        return ""
    text = LABELS.get(str(code))
    return gettext(text) if text else str(code).replace("_", " ")


# The fields of a case whose changes its history and the customer's timeline show; status and priority
# hold codes, shown as their words.
CASE_FIELDS: dict[str, str] = {"status": N_("status"), "priority": N_("priority"), "owner": N_("owner"),
                               "resolution": N_("resolution")}


def case_change(name: str, change) -> str:
    """One change of a case in the reader's words: "stav: otevřený → uzavřený"."""
    coded = name in ("status", "priority")
    before, after = ((label(v) if coded else v) or "—" for v in change)
    field = gettext(CASE_FIELDS[name]) if name in CASE_FIELDS else name.replace("_", " ")
    return f"{field}: {before} → {after}"


# The names of what an audit event records (services' audit.record(...) details), as the trail's page
# shows them; a name not here is shown as it is, underscores as spaces.
AUDIT_FIELDS: dict[str, str] = {
    "previous": N_("previous"), "status": N_("status"), "note": N_("note"), "answered": N_("answered"),
    "case_id": N_("case"), "category": N_("category"), "changed": N_("changed"), "customer_id": N_("customer"),
    "department": N_("department"), "due": N_("due"), "duplicate_account": N_("duplicate account"),
    "duplicate_id": N_("duplicate"), "file": N_("file"), "imported": N_("imported"), "keywords": N_("keywords"),
    "last_error": N_("last error"), "late": N_("late"), "level": N_("level"), "locale": N_("language"),
    "moved": N_("moved"), "name": N_("name"), "number": N_("number"), "owner": N_("owner"),
    "priority": N_("priority"), "product_pattern": N_("product pattern"), "rejected": N_("rejected"),
    "role": N_("role"), "rules": N_("rules"), "slug": N_("short name"), "subject": N_("subject"),
    "target": N_("target"), "timezone": N_("time zone"), "team": N_("team"), "active": N_("active"),
    "grouped_with": N_("grouped with"), "resolution": N_("resolution"), "emails": N_("e-mail addresses"),
    "phones": N_("phone numbers"), "language": N_("language"), "tier": N_("tier"), "notes": N_("notes"),
    "email": N_("e-mail"), "agent_id": N_("agent"), "author_id": N_("author"), "finding_id": N_("finding"),
    "reason": N_("reason"), "count": N_("count"), "kept": N_("kept"),
}
# Fields whose values are our codes (shown as their words); other values are shown as they were typed.
AUDIT_CODED = frozenset({"previous", "status", "to", "from", "role", "priority", "category", "tier", "channel",
                         "outcome", "mode", "severity"})


def audit_field(name: str) -> str:
    """The reader's word for a field an audit event names."""
    text = AUDIT_FIELDS.get(name)
    return gettext(text) if text else name.replace("_", " ")


def label_choices(codes, blank: str | None = None) -> list:
    """A select's (code, word) choices, the words in the reader's language when the form is drawn."""
    from flask_babel import lazy_gettext

    choices = [(code, lazy_gettext(LABELS[code]) if code in LABELS else code.replace("_", " ")) for code in codes]
    return ([("", blank)] if blank is not None else []) + choices


def translated(text) -> str:
    """A marked string (a standard's title, a parameter's description) in the reader's language."""
    return gettext(text) if text else ""


def init_app(app) -> None:
    app.jinja_env.filters["label"] = label
    app.jinja_env.filters["delivery_label"] = delivery_label
    app.jinja_env.filters["tr"] = translated
    app.jinja_env.globals["case_change"] = case_change
