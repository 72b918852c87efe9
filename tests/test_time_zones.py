"""Time zones: each reader sees and types times in their zone (their own, else their team's, else
CRM_TIMEZONE), every page says which, and a wall-clock time daylight saving skips is refused, never
guessed. The JSON API's contract (offsets required; a bare day ends in CRM_TIMEZONE) is unchanged."""
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from crm.extensions import db
from crm.models import Interaction, Team
from crm.services import zones
from crm.services.access import SYSTEM
from crm.services.accounts import set_timezone
from crm.services.teams import set_team_timezone

UTC = timezone.utc


def _team(name: str) -> Team:
    return db.session.scalar(select(Team).where(Team.name == name))


def _in_team_zone(make_user, team: str, zone: str, role: str = "agent", **kw):
    user = make_user(role, team=team, **kw)
    set_team_timezone(user.team_id, SYSTEM, zone)
    return user


def _error_after(page: str, field_id: str) -> str:
    """The error messages shown with the field whose control has this id."""
    block = page[page.index(f'id="{field_id}"'):].split("</div>")[0]
    return " ".join(re.findall(r'<small class="error" id="[^"]+">([^<]+)</small>', block))


# --- which zone is in force ----------------------------------------------------------------------

def test_the_zone_in_force_is_the_users_then_the_teams_then_crm_timezone(app, make_user):
    app.config["CRM_TIMEZONE"] = "Asia/Kuala_Lumpur"
    agent = make_user("agent", team="Praha")
    assert zones.zone_name_of(agent) == "Asia/Kuala_Lumpur"  # no team zone, no own zone: the organisation's
    set_team_timezone(agent.team_id, SYSTEM, "Europe/Prague")
    db.session.refresh(agent)
    assert zones.zone_name_of(agent) == "Europe/Prague"
    agent = set_timezone(agent, "America/New_York")
    assert zones.zone_name_of(agent) == "America/New_York"
    agent = set_timezone(agent, "")  # "Use my team's zone"
    assert agent.timezone is None and zones.zone_name_of(agent) == "Europe/Prague"
    app.config["CRM_TIMEZONE"] = "Not/AZone"  # a misconfigured default reads as UTC, not a 500
    assert zones.zone_name_of(make_user("admin")) == "UTC"


@pytest.mark.parametrize("given, read", [("Europe/Prague", "Europe/Prague"), (" europe/prague ", "Europe/Prague"),
                                         ("UTC", "UTC"), ("", None), (None, None)])
def test_zone_names_are_read_as_the_zone_database_spells_them(app, given, read):
    assert zones.read_zone(given) == read


@pytest.mark.parametrize("given", ["Mars/Olympus_Mons", "localtime", "Factory", "../../etc/passwd", "CET+1", "Europe/" + "x" * 80, "+01:00"])
def test_what_is_not_an_iana_zone_is_refused_with_a_reason(app, given):
    with pytest.raises(ValueError, match="is not a time zone"):
        zones.read_zone(given)


def test_a_zone_is_marked_with_its_letters_and_offset_or_the_offset_alone(app):
    winter, summer = datetime(2026, 1, 15, 12, tzinfo=UTC), datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert zones.abbreviation("Europe/Prague", winter) == "CET, UTC+01:00"
    assert zones.abbreviation("Europe/Prague", summer) == "CEST, UTC+02:00"
    assert zones.abbreviation("Asia/Kuala_Lumpur", winter) == "UTC+08:00"  # the database has no letters: "+08"
    assert zones.abbreviation("America/St_Johns", winter) == "NST, UTC-03:30"
    assert zones.abbreviation("UTC", winter) == "UTC"


# --- wall-clock times, daylight saving -----------------------------------------------------------

def test_a_typed_time_is_read_in_the_zone_and_stored_in_utc(app):
    assert zones.to_utc(datetime(2026, 11, 20, 14, 30), "Europe/Prague") == datetime(2026, 11, 20, 13, 30, tzinfo=UTC)
    assert zones.to_utc(datetime(2026, 6, 20, 14, 30), "Europe/Prague") == datetime(2026, 6, 20, 12, 30, tzinfo=UTC)
    assert zones.to_utc(datetime(2026, 11, 20, 14, 30), "Asia/Kuala_Lumpur") == \
        datetime(2026, 11, 20, 6, 30, tzinfo=UTC)


def test_a_time_in_the_spring_gap_is_refused_and_says_why(app):
    with pytest.raises(zones.ZoneGap, match=r"does not exist in Europe/Prague: on 2026-03-29 .* 60 minutes"):
        zones.to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Prague")
    with pytest.raises(zones.ZoneGap, match="America/New_York"):
        zones.to_utc(datetime(2026, 3, 8, 2, 0), "America/New_York")
    # either side of the gap is fine
    assert zones.to_utc(datetime(2026, 3, 29, 1, 59), "Europe/Prague") == datetime(2026, 3, 29, 0, 59, tzinfo=UTC)
    assert zones.to_utc(datetime(2026, 3, 29, 3, 0), "Europe/Prague") == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


def test_a_time_in_the_autumn_fold_is_its_first_occurrence_and_a_days_end_its_last(app):
    wall = datetime(2026, 10, 25, 2, 30)  # Prague: 02:30 CEST, then 02:30 CET an hour later
    assert zones.to_utc(wall, "Europe/Prague") == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert zones.to_utc(wall, "Europe/Prague", last=True) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def test_a_bare_day_ends_at_235959_in_the_zone(app):
    assert zones.end_of_day(date(2026, 12, 7), "Europe/Prague") == datetime(2026, 12, 7, 22, 59, 59, tzinfo=UTC)
    assert zones.end_of_day(date(2026, 12, 7), "Asia/Kuala_Lumpur") == datetime(2026, 12, 7, 15, 59, 59, tzinfo=UTC)
    assert zones.end_of_day(date(2026, 6, 7), "Europe/Prague") == datetime(2026, 6, 7, 21, 59, 59, tzinfo=UTC)
    # America/Santiago skipped 2022-09-04 00:00-01:00: the day before ends as usual, 23:59:59 local
    assert zones.end_of_day(date(2022, 9, 3), "America/Santiago") == datetime(2022, 9, 4, 3, 59, 59, tzinfo=UTC)


# --- the log form ---------------------------------------------------------------------------------

FORM = {"channel": "phone", "direction": "inbound", "summary": "Asked about a parcel"}


def test_the_log_form_says_which_zone_its_times_are_typed_in(client, auth, make_user, make_customer):
    customer = make_customer("Jan Novák")
    auth.login(_in_team_zone(make_user, "Praha", "Europe/Prague"))
    page = client.get(f"/customers/{customer.id}/interactions/new").get_data(as_text=True)
    for field_id in ("started_at", "ended_at", "follow_up_due"):
        assert re.search(rf'aria-describedby="{field_id}-hint"', page), field_id
        hint = re.search(rf'<small class="hint" id="{field_id}-hint">([^<]+)</small>', page).group(1)
        assert re.fullmatch(r"Europe/Prague time \((CET, UTC\+01:00|CEST, UTC\+02:00)\)", hint), hint
    assert re.search(r'id="zone-note">Times in Europe/Prague \(CES?T, UTC\+0[12]:00\)', page)


def test_a_prague_agents_typed_times_are_prague_times(client, auth, make_user, make_customer):
    customer = make_customer("Jan Novák")
    auth.login(_in_team_zone(make_user, "Praha", "Europe/Prague"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **FORM, "started_at": "2025-11-20T14:30", "ended_at": "2025-10-26T02:30",  # the fold: first 02:30
        "follow_up_due": "2025-12-07"})
    assert response.status_code == 422  # the end is before the start, said next to Ended
    assert "is before the start" in _error_after(response.get_data(as_text=True), "ended_at")
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **FORM, "started_at": "2025-10-26T02:10", "ended_at": "2025-10-26T02:30", "follow_up_due": "2025-12-07"})
    assert response.status_code == 302, response.get_data(as_text=True)
    ix = db.session.scalar(select(Interaction))
    assert ix.started_at == datetime(2025, 10, 26, 0, 10, tzinfo=UTC)  # 02:10 CEST, the first of the two
    assert ix.ended_at == datetime(2025, 10, 26, 0, 30, tzinfo=UTC)
    assert ix.follow_up_due == datetime(2025, 12, 7, 22, 59, 59, tzinfo=UTC)  # a bare day ends in Prague
    shown = client.get(f"/interactions/{ix.id}").get_data(as_text=True)
    # the hour the clocks pass twice says which of the two it is
    assert "Oct 26, 2025, 2:10\u202fAM (CEST, UTC+02:00)" in shown and "Dec 7, 2025, 11:59\u202fPM" in shown


def test_a_time_the_clocks_skip_is_refused_next_to_its_field_and_nothing_is_stored(client, auth, make_user,
                                                                                  make_customer):
    customer = make_customer("Jan Novák")
    auth.login(_in_team_zone(make_user, "Praha", "Europe/Prague"))
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **FORM, "started_at": "2025-03-30T02:30", "follow_up_due": "2025-03-30T02:15"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "does not exist in Europe/Prague" in _error_after(page, "started_at")
    assert "does not exist in Europe/Prague" in _error_after(page, "follow_up_due")
    assert re.search(r'id="started_at"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="started_at"', page)
    assert _error_after(page, "ended_at") == ""
    assert db.session.scalar(select(Interaction)) is None
    # An end after any reading of the skipped start is not "before the start": only the real error shows.
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        **FORM, "started_at": "2026-03-29T02:30", "ended_at": "2026-03-29T03:40"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "does not exist in Europe/Prague" in _error_after(page, "started_at")
    assert _error_after(page, "ended_at") == ""


def test_the_same_contact_reads_in_each_readers_zone(client, auth, make_user, make_customer):
    customer = make_customer("Siti Rahman")
    prague = _in_team_zone(make_user, "Praha", "Europe/Prague")
    kl = _in_team_zone(make_user, "Kuala Lumpur", "Asia/Kuala_Lumpur")
    auth.login(prague)
    client.post(f"/customers/{customer.id}/interactions/new", data={**FORM, "started_at": "2025-11-20T14:30"})
    ix = db.session.scalar(select(Interaction))
    assert ix.started_at == datetime(2025, 11, 20, 13, 30, tzinfo=UTC)
    auth.logout()
    auth.login(kl)
    page = client.get(f"/interactions/{ix.id}").get_data(as_text=True)
    assert "Nov 20, 2025, 9:30\u202fPM" in page and "Times in Asia/Kuala_Lumpur (UTC+08:00)" in page


# --- choosing a zone --------------------------------------------------------------------------------

def test_a_user_chooses_their_own_zone_and_a_wrong_name_is_said_next_to_the_box(client, auth, make_user):
    user = _in_team_zone(make_user, "Praha", "Europe/Prague")
    auth.login(user)
    page = client.get("/me/").get_data(as_text=True)
    assert "Use my team&#39;s zone (Europe/Prague)" in page and 'for="other_timezone"' in page
    response = client.post("/me/zone", data={"timezone": "other", "other_timezone": "Mars/Olympus_Mons"})
    assert response.status_code == 422
    assert "is not a time zone" in _error_after(response.get_data(as_text=True), "other_timezone")
    response = client.post("/me/zone", data={"timezone": "other", "other_timezone": ""})
    assert response.status_code == 422
    assert "is required" in _error_after(response.get_data(as_text=True), "other_timezone")
    response = client.post("/me/zone", data={"timezone": "Not/Listed"})
    assert "is not a time zone" in _error_after(response.get_data(as_text=True), "timezone")
    response = client.post("/me/zone", data={"timezone": "other", "other_timezone": "america/argentina/buenos_aires",
                                             "next": "/me/"})
    assert response.status_code == 302 and response.location.endswith("/me/")
    page = client.get("/me/zone").get_data(as_text=True)
    assert "Times in America/Argentina/Buenos_Aires (UTC-03:00)" in page
    assert 'value="America/Argentina/Buenos_Aires"' in page  # not in the list: shown in the box
    assert client.post("/me/zone", data={"timezone": ""}).status_code == 302
    assert "Times in Europe/Prague" in client.get("/me/zone").get_data(as_text=True)


def test_an_admin_sets_a_teams_zone_on_the_team_page(client, auth, make_user, admin):
    agent = make_user("agent", team="Helsinki")
    auth.login(admin)
    response = client.post(f"/admin/teams/{agent.team_id}", data={"timezone": "other", "other_timezone": "Helsinki"})
    assert response.status_code == 422
    assert "is not a time zone" in _error_after(response.get_data(as_text=True), "other_timezone")
    assert client.post(f"/admin/teams/{agent.team_id}", data={"timezone": "Europe/Helsinki"}).status_code == 302
    assert _team("Helsinki").timezone == "Europe/Helsinki"
    response = client.post("/admin/teams", data={"name": "Bucharest", "timezone": "Europe/Bucharest"})
    assert response.status_code == 302 and _team("Bucharest").timezone == "Europe/Bucharest"
    page = client.get("/admin/teams").get_data(as_text=True)
    assert "Europe/Helsinki" in page and "Europe/Bucharest" in page
    assert client.get("/admin/teams/999999").status_code == 404


# --- the API and the command line --------------------------------------------------------------------

def test_the_api_shows_the_zone_in_force_and_manages_team_zones(api, make_user, admin):
    agent = _in_team_zone(make_user, "Praha", "Europe/Prague")
    me = api(agent).get("/api/v1/me").get_json()
    assert (me["email"], me["timezone"], me["timezone_in_force"]) == (agent.email, None, "Europe/Prague")
    created = api(admin).post("/api/v1/teams", json={"name": "Kuala Lumpur", "timezone": "asia/kuala_lumpur"})
    assert created.status_code == 201
    assert created.get_json()["timezone"] == "Asia/Kuala_Lumpur"
    bad = api(admin).post("/api/v1/teams", json={"name": "Mars", "timezone": "Mars/Olympus_Mons"})
    assert bad.status_code == 422 and "timezone" in str(bad.get_json()) and _team("Mars") is None
    team_id = agent.team_id
    changed = api(admin).patch(f"/api/v1/teams/{team_id}", json={"timezone": "Europe/Vienna"}).get_json()
    assert (changed["timezone"], changed["timezone_in_force"]) == ("Europe/Vienna", "Europe/Vienna")
    assert api(agent).get("/api/v1/me").get_json()["timezone_in_force"] == "Europe/Vienna"
    cleared = api(admin).patch(f"/api/v1/teams/{team_id}", json={"timezone": None}).get_json()
    assert (cleared["timezone"], cleared["timezone_in_force"]) == (None, "UTC")
    assert api(admin).patch(f"/api/v1/teams/{team_id}", json={"timezone": 5}).status_code == 422
    assert api(admin).patch("/api/v1/teams/999999", json={}).status_code == 404
    assert api(agent).patch(f"/api/v1/teams/{team_id}", json={"timezone": "UTC"}).status_code == 403


def test_the_api_keeps_its_contract_whatever_the_callers_zone(api, make_user, make_customer):
    """Naive times are refused and a bare day ends in CRM_TIMEZONE (docs/api.md), for a Prague agent too."""
    agent = _in_team_zone(make_user, "Praha", "Europe/Prague")
    customer = make_customer("Jan Novák")
    naive = api(agent).post("/api/v1/interactions", json={
        "customer_id": customer.id, "channel": "phone", "summary": "x", "started_at": "2025-11-20T14:30:00"})
    assert naive.status_code == 422 and "offset" in str(naive.get_json())
    logged = api(agent).post("/api/v1/interactions", json={
        "customer_id": customer.id, "channel": "phone", "summary": "x", "started_at": "2025-11-20T14:30:00+01:00",
        "follow_up_due": "2025-12-07"}).get_json()["interaction"]
    assert logged["started_at"].startswith("2025-11-20T13:30:00")
    assert logged["follow_up_due"].startswith("2025-12-07T23:59:59")  # CRM_TIMEZONE, UTC in the tests


def test_the_command_line_creates_teams_with_a_zone_and_changes_it(runner):
    result = runner.invoke(args=["teams", "create", "Praha", "--timezone", "Europe/Prague"])
    assert result.exit_code == 0, result.output
    assert _team("Praha").timezone == "Europe/Prague"
    result = runner.invoke(args=["teams", "set-timezone", "praha", "Mars/Olympus_Mons"])
    assert result.exit_code != 0 and "is not a time zone" in result.output
    result = runner.invoke(args=["teams", "set-timezone", "Praha", "Europe/Vienna"])
    assert result.exit_code == 0 and "Europe/Vienna" in result.output
    assert "Praha\tEurope/Vienna" in runner.invoke(args=["teams", "list"]).output
    assert runner.invoke(args=["teams", "set-timezone", "Nowhere", "UTC"]).exit_code != 0


def test_the_command_line_names_every_problem_of_a_new_team_at_once(runner):
    result = runner.invoke(args=["teams", "create", "  ", "--timezone", "Mars/Olympus_Mons"])
    assert result.exit_code == 1
    assert "name: is required" in result.output and "timezone: is not a time zone" in result.output


# --- days on the dashboard -----------------------------------------------------------------------------

def test_the_dashboard_says_its_days_are_utc_days_in_the_leads_clock(client, auth, make_user):
    auth.login(_in_team_zone(make_user, "Praha", "Europe/Prague", role="lead"))
    page = client.get("/dashboard/").get_data(as_text=True)
    assert re.search(r'id="day-zone">Days and weeks on this dashboard are UTC days.*in Europe/Prague each runs '
                     r'from [12]:00\u202fAM to [12]:00\u202fAM the next day', page)


DUE_DAY = (datetime.now(timezone.utc) + timedelta(days=7)).date().isoformat()  # a promise is for later


def test_a_misspelt_crm_timezone_reads_as_utc_not_a_500(app, api, make_user, make_customer):
    app.config["CRM_TIMEZONE"] = "Europe/Pargue"
    agent, customer = make_user("agent"), make_customer("Jan Novák")
    response = api(agent).post("/api/v1/interactions", json={
        "customer_id": customer.id, "channel": "phone", "summary": "x", "follow_up_due": DUE_DAY})
    assert response.status_code == 201
    assert response.get_json()["interaction"]["follow_up_due"].startswith(f"{DUE_DAY}T23:59:59")


def test_a_reader_in_utc_is_told_so_once(client, auth, make_user):
    auth.login(make_user("agent"))  # no zone of their own, their team's or the organisation's: UTC
    page = client.get("/desk").get_data(as_text=True)
    assert 'id="zone-note">Times in UTC ·' in page and "(UTC)" not in page


@pytest.mark.parametrize("day, name, start", [
    # Santiago's clocks jump from 00:00 to 01:00 on 8 September 2024: the day starts at the jump,
    # 04:00 UTC, not an hour before it (23:00 of the 7th, local)
    (date(2024, 9, 8), "America/Santiago", datetime(2024, 9, 8, 4, 0, tzinfo=timezone.utc)),
    # the Azores' clocks go back from 01:00 to 00:00 on 27 October 2024: midnight comes twice,
    # and the day starts at its first
    (date(2024, 10, 27), "Atlantic/Azores", datetime(2024, 10, 27, 0, 0, tzinfo=timezone.utc)),
    (date(2024, 6, 1), "Europe/Prague", datetime(2024, 5, 31, 22, 0, tzinfo=timezone.utc)),
])
def test_a_day_filter_starts_at_the_days_first_moment_on_the_readers_clock(day, name, start):
    assert zones.start_of_day(day, name) == start
