"""Times as the reader reads them: a finding keeps its times as moments and each page, notice and API
answer writes them on its reader's clock, in the reader's language; an hour the clocks pass twice
carries its offset; every page writes times in its locale's one format."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.i18n import msg
from crm.models import Finding, Notification
from crm.services import zones
from crm.services.access import SYSTEM
from crm.services.accounts import set_locale, set_timezone
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.notifications import notify
from crm.services.sweep import run_sweep
from crm.services.teams import set_team_timezone

UTC = timezone.utc
PRAGUE = ZoneInfo("Europe/Prague")


def _czech_clock(at: datetime) -> str:
    """How Czech writes a Prague moment: "23. 11. 2026 10:00" (day. month. year hour:minutes)."""
    local = at.astimezone(PRAGUE)
    return f"{local.day}. {local.month}. {local.year} {local.hour}:{local:%M}"


@pytest.fixture
def missed_callback(agent, lead, customer, now):
    """A callback promised 20 hours ago and never made, swept into a finding; the team works in Prague
    and the lead reads Czech."""
    due = now - timedelta(hours=20)
    log_interaction(InteractionInput(customer_id=customer.id, started_at=now - timedelta(hours=40), channel="phone",
                                     summary="Customer asked for a call back about order 1042.",
                                     outcome="follow_up", follow_up_due=due), agent)
    run_sweep(now)
    set_team_timezone(lead.team_id, SYSTEM, "Europe/Prague")
    set_locale(lead, "cs")
    return db.session.scalar(select(Finding).where(Finding.standard == "callback.on_time")), due


def test_a_missed_callback_keeps_its_due_time_as_a_moment_and_its_stored_copy_says_utc(missed_callback):
    finding, due = missed_callback
    assert finding.message_l10n["params"]["due"] == {"at": due.isoformat()}
    assert f"{due.hour % 12 or 12}:{due:%M}" in finding.message and " UTC has not happened" in finding.message


def test_the_review_queue_and_the_finding_write_the_due_time_on_the_leads_clock_in_czech(
        client, auth, lead, missed_callback):
    finding, due = missed_callback
    auth.login(lead)
    for url in ("/review/", f"/review/findings/{finding.id}"):
        page = client.get(url).get_data(as_text=True)
        assert f"Zpětné volání slíbené na {_czech_clock(due)}" in page, url
        assert "UTC has not happened" not in page


def test_the_agent_reads_it_on_their_own_clock_on_my_standing(client, auth, agent, missed_callback):
    finding, due = missed_callback
    set_timezone(agent, "Asia/Tokyo")
    auth.login(agent)
    tokyo = due.astimezone(ZoneInfo("Asia/Tokyo"))
    page = client.get("/me/").get_data(as_text=True)
    assert f"{tokyo:%b} {tokyo.day}, {tokyo.year}, {tokyo.hour % 12 or 12}:{tokyo:%M}" in page


def test_the_api_writes_the_message_on_the_callers_clock_and_keeps_iso_times_in_the_evidence(
        as_lead, missed_callback):
    finding, due = missed_callback
    (item,) = [f for f in as_lead.get("/api/v1/findings").get_json()["items"] if f["id"] == finding.id]
    local = due.astimezone(PRAGUE)
    assert f"{local:%b} {local.day}, {local.year}, {local.hour % 12 or 12}:{local:%M}" in item["message"]
    assert "UTC" not in item["message"]
    assert datetime.fromisoformat(item["evidence"]["follow_up_due"]) == due
    czech = as_lead.get("/api/v1/findings", headers={"Accept-Language": "cs"}).get_json()["items"]
    assert _czech_clock(due) in next(f["message"] for f in czech if f["id"] == finding.id)


def test_a_finding_stored_with_utc_text_reads_on_the_readers_clock(client, auth, lead, missed_callback):
    finding, due = missed_callback
    finding.message_l10n = {"id": "The callback promised for %(due)s UTC has not happened; it is %(elapsed)s overdue.",
                            "params": {"due": f"{due:%Y-%m-%d %H:%M}", "elapsed": finding.message_l10n["params"]["elapsed"]}}
    db.session.commit()
    auth.login(lead)
    page = client.get(f"/review/findings/{finding.id}").get_data(as_text=True)
    assert f"Zpětné volání slíbené na {_czech_clock(due.replace(second=0))}" in page


def test_a_notice_is_written_on_its_readers_clock(app, agent):
    set_timezone(agent, "Europe/Prague")
    notify(agent.id, "test", msg("The callback promised for %(due)s happened %(elapsed)s late.",
                                 due=datetime(2026, 11, 23, 9, 0, tzinfo=UTC), elapsed="1 h"))
    db.session.commit()
    assert db.session.scalar(select(Notification.message)).startswith("The callback promised for Nov 23, 2026, 10:00")


# --- the hour the clocks pass twice --------------------------------------------------------------

@pytest.mark.parametrize("locale, first, second", [
    ("en", "Oct 25, 2026, 2:30\u202fAM (CEST, UTC+02:00)", "Oct 25, 2026, 2:30\u202fAM (CET, UTC+01:00)"),
    ("cs", "25. 10. 2026 2:30 (CEST, UTC+02:00)", "25. 10. 2026 2:30 (CET, UTC+01:00)"),
])
def test_a_time_the_clocks_pass_twice_says_which_of_the_two_it_is(locale, first, second):
    assert zones.format_moment(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Europe/Prague", locale) == first
    assert zones.format_moment(datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "Europe/Prague", locale) == second
    # an hour later the wall clock is unambiguous again, and a time in Kuala Lumpur never is ambiguous
    assert "(" not in zones.format_moment(datetime(2026, 10, 25, 2, 30, tzinfo=UTC), "Europe/Prague", locale)
    assert "(" not in zones.format_moment(datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "Asia/Kuala_Lumpur", locale)


def test_a_contact_in_the_second_of_the_two_hours_shows_its_offset_on_its_page(client, auth, agent, customer):
    set_timezone(agent, "Europe/Prague")
    ix = log_interaction(InteractionInput(customer_id=customer.id, started_at="2025-10-26T02:30:00+01:00",
                                          summary="Called in the night."), agent).interaction
    auth.login(agent)
    page = client.get(f"/interactions/{ix.id}").get_data(as_text=True)
    assert "Oct 26, 2025, 2:30\u202fAM (CET, UTC+01:00)" in page


# --- one format per locale -----------------------------------------------------------------------

@pytest.mark.parametrize("locale, moment, clock", [
    ("en", "Nov 23, 2026, 2:05\u202fPM", "2:05\u202fPM"),
    ("ms", "23 Nov 2026, 2:05\u202fPTG", "2:05\u202fPTG"),
    ("cs", "23. 11. 2026 14:05", "14:05"),
    ("fi", "23.11.2026 14.05", "14.05"),
    ("ro", "23 nov. 2026, 14:05", "14:05"),
])
def test_each_language_writes_a_moment_and_its_clock_one_way(locale, moment, clock):
    at = datetime(2026, 11, 23, 14, 5, tzinfo=UTC)
    assert zones.format_moment(at, "UTC", locale) == moment
    assert zones.format_moment(at, "UTC", locale, clock_only=True) == clock


def test_a_contacts_span_is_written_in_one_format_in_malay(client, auth, agent, customer):
    set_locale(agent, "ms")
    set_timezone(agent, "Asia/Kuala_Lumpur")
    ix = log_interaction(InteractionInput(customer_id=customer.id, started_at="2026-11-23T16:30:00+08:00",
                                          ended_at="2026-11-23T16:40:00+08:00", summary="Order 1042."), agent).interaction
    auth.login(agent)
    page = client.get(f"/interactions/{ix.id}").get_data(as_text=True)
    assert "23 Nov 2026, 4:30\u202fPTG–4:40\u202fPTG" in page


# --- a user's zone, set by an admin --------------------------------------------------------------

def test_an_admin_sets_and_clears_a_users_zone_through_the_api(api, admin, agent):
    changed = api(admin).patch(f"/api/v1/users/{agent.id}", json={"timezone": "europe/prague"})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["timezone"] == changed.get_json()["timezone_in_force"] == "Europe/Prague"
    bad = api(admin).patch(f"/api/v1/users/{agent.id}", json={"timezone": "Mars/Olympus_Mons"})
    assert bad.status_code == 422 and "is not a time zone" in " ".join(bad.get_json()["error"]["fields"]["timezone"])
    untouched = api(admin).patch(f"/api/v1/users/{agent.id}", json={"role": "agent"}).get_json()
    assert untouched["timezone"] == "Europe/Prague"
    cleared = api(admin).patch(f"/api/v1/users/{agent.id}", json={"timezone": None}).get_json()
    assert cleared["timezone"] is None and cleared["timezone_in_force"] == "UTC"
    assert api(agent).patch(f"/api/v1/users/{agent.id}", json={"timezone": "UTC"}).status_code == 403


def test_an_admin_sets_a_users_zone_on_their_page_and_a_bad_name_is_refused_next_to_its_box(
        client, auth, admin, agent):
    auth.login(admin)
    page = client.get(f"/admin/users/{agent.id}").get_data(as_text=True)
    assert "Their team&#39;s zone (UTC)" in page and 'for="other_timezone"' in page
    form = {"role": "agent", "team": "Alpha", "active": "y", "locale": ""}
    response = client.post(f"/admin/users/{agent.id}", data={**form, "timezone": "other",
                                                             "other_timezone": "Prague"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    box = page[page.index('id="other_timezone"'):].split("</div>")[0]
    assert "is not a time zone" in box
    assert db.session.get(type(agent), agent.id).timezone is None
    response = client.post(f"/admin/users/{agent.id}", data={**form, "timezone": "Asia/Tokyo"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(agent), agent.id).timezone == "Asia/Tokyo"


# --- the review queue's filters ------------------------------------------------------------------

def _field_block(page: str, control_id: str) -> str:
    start = page.rindex('<div class="field', 0, page.index(f'id="{control_id}"'))
    return page[start:page.index("</div>", start)]


def test_the_review_queues_bad_filters_are_refused_next_to_their_fields_and_the_rest_kept(
        client, auth, lead, missed_callback):
    set_locale(lead, None)
    auth.login(lead)
    response = client.get("/review/?standard=no.such&severity=high&from=2026-13-01&to=yesterday&channel=fax")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "is not a standard" in _field_block(page, "f-standard")
    assert "is not a date" in _field_block(page, "f-from") and "is not a date" in _field_block(page, "f-to")
    assert "must be one of" in _field_block(page, "f-channel")
    assert 'aria-invalid="true" aria-describedby="f-from-error"' in _field_block(page, "f-from")
    assert 'value="2026-13-01"' in page and '<option value="high" selected>' in page  # as typed
    assert "Nothing is listed until the filters marked above are corrected." in page
    assert "Nothing waits for review" not in page


def test_the_review_queues_days_are_the_days_findings_were_made_on_the_readers_clock(
        client, auth, lead, missed_callback):
    finding, _due = missed_callback
    set_locale(lead, None)
    finding.created_at = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # 1 December, 00:30 in Prague
    db.session.commit()
    auth.login(lead)
    page = client.get("/review/").get_data(as_text=True)
    assert ">Found from</label>" in page and "the days the findings were made" in page
    shown = client.get("/review/?from=2026-12-01&to=2026-12-01").get_data(as_text=True)
    assert f'name="finding" value="{finding.id}"' in shown
    hidden = client.get("/review/?from=2026-11-30&to=2026-11-30").get_data(as_text=True)
    assert f'name="finding" value="{finding.id}"' not in hidden
    assert client.get("/review/?from=2026-12-02&to=2026-12-01").status_code == 422


def test_an_unknown_case_list_is_said_not_quietly_replaced(client, auth, agent):
    auth.login(agent)
    response = client.get("/cases?view=overdu")
    assert response.status_code == 422
    assert "There is no case list “overdu”" in response.get_data(as_text=True)
    assert client.get("/cases?view=overdue").status_code == 200


# --- a policy version's start --------------------------------------------------------------------

def test_a_backdated_policy_version_is_refused_with_every_other_problem_of_the_same_submit(client, auth, admin):
    from crm.models import PolicyVersion
    from crm.services import policy

    auth.login(admin)
    page = client.get("/admin/policy/new").get_data(as_text=True)
    assert ">Effective from, in UTC</label>" in page and 'aria-describedby="effective_from-hint"' in page
    assert "A version cannot start in the past." in page
    form = {"row_count": "1", "note": "x" * 2001, "review_by": "2027-03-01", "effective_from": "2020-01-01T09:00",
            "rules-0-standard": "hold.max_duration", "rules-0-params": '{"max_seconds": -4}', "rules-0-mode": "enforce",
            "action": "save"}
    response = client.post("/admin/policy/new", data=form)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    effective = page[page.index('id="effective_from"'):].split("</div>")[0]
    assert "is in the past" in effective
    assert "must be at least" in page  # the rule's parameter, in the same answer
    assert page[page.index('id="note"'):].split("</div>")[0].count('class="error"') == 1  # the note's length too
    assert [v.number for v in db.session.scalars(select(PolicyVersion))] == [policy.version_in_force().number]


def test_the_api_refuses_a_backdated_version_and_takes_one_starting_now_or_later(as_admin):
    from crm.services.policy import default_rules

    rules = [{"standard": r.standard, "mode": "enforce"} for r in default_rules()[:2]]
    past = as_admin.post("/api/v1/policy/versions", json={"rules": rules, "effective_from": "2020-01-01T00:00:00Z"})
    assert past.status_code == 422 and "is in the past" in " ".join(past.get_json()["error"]["fields"]["effective_from"])
    later = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    assert as_admin.post("/api/v1/policy/versions", json={"rules": rules, "effective_from": later}).status_code == 201
    assert as_admin.post("/api/v1/policy/versions", json={"rules": rules}).status_code == 201


def test_the_audit_trail_writes_the_times_an_event_recorded_on_the_readers_clock(client, auth, admin, agent, customer):
    from crm.services import audit
    from crm.services.cases import mark_follow_up_done

    set_timezone(admin, "Europe/Prague")
    ix = log_interaction(InteractionInput(customer_id=customer.id, started_at="2026-11-20T09:00:00Z",
                                          summary="Call me back.", outcome="follow_up",
                                          follow_up_due="2026-11-23T09:00:00Z"), agent).interaction
    mark_follow_up_done(agent, ix.id)
    auth.login(admin)
    page = client.get("/admin/audit?action=follow_up.").get_data(as_text=True)
    assert "due: Nov 23, 2026, 10:00\u202fAM" in page
    event = db.session.scalar(select(audit.AuditEvent).where(audit.AuditEvent.action == "follow_up.kept"))
    assert "due: 2026-11-23T09:00:00+00:00" in audit.readable(event)  # as stored, for the CSV
