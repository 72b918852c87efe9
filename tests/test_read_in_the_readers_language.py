"""Texts stored to be read later follow the language the reader has when they read them: notices, and the
notes the app writes on policy versions."""
from html import unescape

from sqlalchemy import select

from crm.database import write_transaction
from crm.extensions import db
from crm.i18n import msg
from crm.models import PolicyVersion
from crm.services import policy
from crm.services.accounts import set_locale
from crm.services.notifications import notify


def test_a_notice_is_read_in_the_language_its_reader_has_now(client, auth, make_user):
    reader = set_locale(make_user("agent", team="Kuala Lumpur"), "ms")
    with write_transaction():
        notify(reader.id, "coaching", msg("%(name)s left you a coaching note on %(standard)s.",
                                          name="Pavel", standard="hold.apology"), "/me")
    auth.login(reader)
    assert "Pavel meninggalkan" in client.get("/me/notices").text
    set_locale(reader, "en")
    assert "Pavel left you a coaching note on hold.apology." in client.get("/me/notices").text
    set_locale(reader, "cs")
    assert "Pavel vám zanechal(a) koučovací poznámku" in client.get("/me/notices").text


def test_a_notice_stored_as_plain_text_is_shown_as_it_was_written(client, auth, make_user):
    reader = make_user("agent", team="Kuala Lumpur")
    with write_transaction():
        notify(reader.id, "test", "Written before notices were kept as messages.")
    set_locale(reader, "fi")
    auth.login(reader)
    assert "Written before notices were kept as messages." in client.get("/me/notices").text


def test_the_default_policy_note_is_read_in_the_readers_language(client, auth, make_user):
    admin = set_locale(make_user("admin"), "cs")
    policy.ensure_default_policy()
    auth.login(admin)
    page = client.get("/admin/policy").text
    assert "Defaults of every installed standard." not in page
    assert "Výchozí nastavení všech nainstalovaných standardů." in page
    # the API and exports keep the English copy
    assert db.session.scalar(select(PolicyVersion.note)) == "Defaults of every installed standard."


def test_a_promoted_pilots_note_follows_the_reader_unless_the_admin_wrote_one(client, auth, make_user):
    admin = set_locale(make_user("admin"), "fi")
    make_user("agent", team="Alpha")
    policy.create_version(policy.default_rules() + [
        policy.RuleInput("hold.max_duration", {"max_seconds": 45}, "pilot", teams=["Alpha"])], admin, note="pilot")
    auth.login(admin)
    shown = client.get("/admin/policy/pilot").text
    assert "Promote the pilot of" not in shown
    suggested = unescape(shown.split('id="promote-note-0" name="note" rows="3">')[1].split("</textarea>")[0])
    client.post("/admin/policy/pilot/promote", data={"version": "2", "position": "0", "note": suggested,
                                                     "confirm": "yes", "without_data": "yes"})
    version = db.session.scalar(select(PolicyVersion).where(PolicyVersion.number == 3))
    assert version.note.startswith("Promote the pilot of Holds are short (Longest acceptable single hold, in "
                                   "seconds: 45; piloted on Alpha in version 2)")
    set_locale(admin, "ro")
    assert "Promote the pilot of" not in client.get("/admin/policy").text
    set_locale(admin, "en")
    assert "Promote the pilot of Holds are short (Longest acceptable single hold, in seconds: 45; piloted on Alpha " \
           "in version 2) to enforced for every team." in client.get("/admin/policy").text


def test_the_audit_trail_names_records_and_fields_in_the_readers_words_and_keeps_typed_text(client, auth,
                                                                                          make_user):
    from crm.i18n import translator
    from crm.services import audit

    admin = set_locale(make_user("admin"), "cs")
    with write_transaction():
        audit.record("feedback.update", "feedback", 7, actor=admin, previous="new", status="done", answered=True,
                     note="Krabice vyměněna")
    auth.login(admin)
    page = client.get("/admin/audit").text
    cs = translator("cs")
    assert f'<option value="feedback">{cs.gettext("feedback")}</option>' in page  # a word, not the code
    row = page.split('<table id="audit">')[1]
    assert f"stav: {cs.gettext('new')} → {cs.gettext('done')}" in row
    assert "zodpovězeno: ano" in row and "poznámka: Krabice vyměněna" in row  # typed text as typed
    assert 'lang="en"' not in row and "answered: yes" not in row
    # the CSV keeps the names as recorded (in the order the database keeps the details: JSONB sorts them)
    line = next(row for row in client.get("/admin/audit.csv").text.splitlines() if "feedback.update" in row)
    assert all(part in line for part in ("status: new → done", "answered: yes", "note: Krabice vyměněna"))


def test_case_numbers_transfers_and_chart_units_read_as_each_language_writes_them(api, client, auth, make_user,
                                                                                  make_customer):
    from crm.i18n import translator

    assert translator("ro").gettext("%(number)s (to %(to)s)", number=1, to="Billing") == "1 (către Billing)"
    agent = set_locale(make_user("agent", team="Praha"), "cs")
    case = api(agent).post("/api/v1/cases", json={"customer_id": make_customer().id, "subject": "Parcel lost"})
    auth.login(agent)
    assert f"Případ č. {case.get_json()['id']}" in client.get(f"/cases/{case.get_json()['id']}").text
    assert translator("cs")._t.pgettext("percentage points, after a number on a chart", "pts") == "p. b."


def test_the_readme_lists_every_crm_command_and_installs_the_wheel_from_where_it_is_built(app):
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text()
    commands = readme.split("## The `crm` command")[1].split("\n## ")[0]
    assert [name for name in sorted(app.cli.commands) if f"crm {name}" not in commands] == []
    package = readme.split("From a built package")[1].split("```sh")[1].split("```")[0]
    assert "pip install dist/crm-*.whl" in package  # `pip wheel -w dist .` puts it there
    assert package.index("export CRM_BASE_URL=") < package.index("crm init && crm demo")


def test_a_contacts_page_claims_it_meets_every_standard_only_to_whom_sees_its_findings(client, auth, make_user,
                                                                                       make_customer):
    from datetime import datetime, timezone

    from crm.services.interactions import InteractionInput, log_interaction

    agent, colleague = make_user("agent", team="Alpha"), make_user("agent", team="Alpha")
    lead, other_lead = make_user("lead", team="Alpha"), make_user("lead", team="Beta")
    logged = log_interaction(InteractionInput(
        customer_id=make_customer().id, holds=[{"seconds": 200, "apologized": False}], outcome="resolved",
        summary="Asked about the delivery of the order", started_at=datetime.now(timezone.utc)), agent)
    assert logged.findings
    url = f"/interactions/{logged.interaction.id}"
    for reader in (colleague, other_lead):
        auth.login(reader)
        page = client.get(url).text
        assert "meets every standard" not in page and 'id="findings-not-yours"' in page
        auth.logout()
    auth.login(lead)
    page = client.get(url).text
    assert "meets every standard" not in page and "findings-not-yours" not in page and "hold.max_duration" in page


def test_a_coaching_notice_names_the_standard_by_its_title_in_the_readers_language(client, auth, make_user,
                                                                                   make_customer):
    from datetime import datetime, timezone

    from crm.i18n import translator
    from crm.services import review
    from crm.services.interactions import InteractionInput, log_interaction

    agent, lead = make_user("agent", team="Alpha"), make_user("lead", team="Alpha", name="Lena Lead")
    logged = log_interaction(InteractionInput(
        customer_id=make_customer().id, holds=[{"seconds": 200, "apologized": True}], outcome="resolved",
        summary="Asked about the delivery of the order", started_at=datetime.now(timezone.utc)), agent)
    finding = next(f for f in logged.findings if f.standard == "hold.max_duration")
    review.decide(lead, [finding.id], "coached", "Offer a callback instead of a long hold.")
    set_locale(agent, "fi")
    auth.login(agent)
    page = client.get("/me/notices").text
    title = translator("fi").gettext(policy.standards()["hold.max_duration"].title)
    assert title in page and "hold.max_duration" not in page
