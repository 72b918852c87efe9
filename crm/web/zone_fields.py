"""The time-zone picker of the profile and team pages: a list of the common zones, and a box for any
other IANA name (with the whole zone database as suggestions). The services check the name."""
from __future__ import annotations

from typing import Optional

from flask_babel import gettext as _, lazy_gettext as _l
from wtforms import SelectField, StringField

from ..services import zones
from ..services.zones import MAX_ZONE_NAME

OTHER = "other"


def zone_choices(blank_label: str) -> list[tuple[str, str]]:
    """"" (the fallback: the team's or the organisation's zone), the common zones with their letters and
    offset now, and "another zone"."""
    return ([("", blank_label)]
            + [(name, f"{name} ({zones.abbreviation(name)})") for name in zones.COMMON_ZONES]
            + [(OTHER, _("Another zone (type its name below)"))])


class ZoneFields:
    """Mixed into a FlaskForm: `timezone` (the list) and `other_timezone` (the box)."""

    timezone = SelectField(_l("Time zone"), choices=[], validate_choice=False)
    other_timezone = StringField(
        _l("Another zone (IANA name)"),
        description=_l("Used when “Another zone” is chosen above, e.g. America/Argentina/Buenos_Aires."),
        render_kw={"maxlength": MAX_ZONE_NAME, "list": "zone-names", "autocomplete": "off",
                   "spellcheck": "false"})

    def fill_zone(self, current: Optional[str], blank_label: str) -> None:
        """Offer the choices; show `current` as chosen (a zone not in the list goes in the box)."""
        self.timezone.choices = zone_choices(blank_label)
        if not self.is_submitted():
            if current and current not in zones.COMMON_ZONES:
                self.timezone.data, self.other_timezone.data = OTHER, current
            else:
                self.timezone.data = current or ""

    def chosen_zone(self) -> tuple[str, str]:
        """The name given (blank: the fallback) and the form field a problem with it belongs to.

        A name typed in the box counts when the list says "Another zone" or was left at the fallback:
        typing a zone and not touching the list must not create the team in the organisation's zone."""
        typed = (self.other_timezone.data or "").strip()
        if self.timezone.data == OTHER or (typed and not (self.timezone.data or "").strip()):
            return typed, "other_timezone"
        return (self.timezone.data or "").strip(), "timezone"

    def zone_errors_to(self, fields: dict[str, list[str]]) -> dict[str, list[str]]:
        """A service's "timezone" reasons on the field the name came from; "is required" for an empty box."""
        given, where = self.chosen_zone()
        out = {k: v for k, v in fields.items() if k != "timezone"}
        if "timezone" in fields:
            out[where] = fields["timezone"]
        return out

    def missing_other(self) -> dict[str, list[str]]:
        """"Another zone" chosen with an empty box: say so on the box rather than fall back silently."""
        given, where = self.chosen_zone()
        return {"other_timezone": [_("is required")]} if where == "other_timezone" and not given else {}
