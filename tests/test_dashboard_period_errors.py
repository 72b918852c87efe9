"""The dashboard's period and team filters: a period it cannot show is explained beside the field that
is wrong, and what the user picked stays in the form (the team included) to be corrected."""
import re

import pytest


def field_of(page: str, input_id: str) -> str:
    """The HTML of the `.field` holding the input with this id."""
    match = re.search(r'<div class="field[^"]*">(?:(?!<div class="field).)*?id="%s".*?</div>' % input_id, page, re.S)
    assert match, input_id
    return match.group(0)


@pytest.fixture
def admin_with_teams(make_user):
    make_user("lead", team="Alpha")
    make_user("lead", team="Beta")
    return make_user("admin")


def test_a_period_ending_before_it_starts_is_explained_beside_the_to_field(client, auth, make_user):
    auth.login(make_user("lead", team="Alpha"))
    response = client.get("/dashboard/?period=custom&from=2026-12-31&to=2026-01-01")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    to_field = field_of(page, "d-to")
    assert 'class="error"' in to_field and "must not be before" in to_field
    assert 'value="2026-01-01"' in to_field and 'aria-invalid="true"' in to_field
    assert 'value="2026-12-31"' in field_of(page, "d-from")
    assert 'id="dashboard-errors"' not in page  # said once, where it belongs


def test_a_day_in_another_format_is_shown_as_typed_with_its_reason(client, auth, make_user):
    auth.login(make_user("lead", team="Alpha"))
    page = client.get("/dashboard/?period=custom&from=31/12/2026&to=2027-01-05").get_data(as_text=True)
    from_field = field_of(page, "d-from")
    # a date input would show a value it cannot read as empty: the text stays visible to be corrected
    assert 'type="text"' in from_field and 'value="31/12/2026"' in from_field
    assert "must be a date (YYYY-MM-DD)" in from_field


def test_an_admin_keeps_the_team_picked_when_the_period_is_refused(client, auth, admin_with_teams):
    auth.login(admin_with_teams)
    good = client.get("/dashboard/").get_data(as_text=True)
    beta = re.search(r'<option value="(\d+)"[^>]*>Beta</option>', good).group(1)
    page = client.get(f"/dashboard/?period=custom&from=2026-12-31&to=2026-01-01&team={beta}").get_data(as_text=True)
    team_field = field_of(page, "d-team")
    assert ">Alpha</option>" in team_field
    assert re.search(r'<option value="%s"\s+selected\s*>Beta</option>' % beta, team_field), team_field


def test_a_readable_day_stays_a_date_field_when_the_period_is_refused(client, auth, make_user):
    auth.login(make_user("lead", team="Alpha"))
    page = client.get("/dashboard/?period=custom&from=2026-12-31&to=2026-01-01").get_data(as_text=True)
    assert 'type="date"' in field_of(page, "d-to") and 'type="date"' in field_of(page, "d-from")
