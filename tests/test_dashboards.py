"""The dashboard pages: charts beside their tables, targets, access per role, the period and team chosen, CSV."""
import csv
import io
import re
from datetime import timedelta

import pytest

from crm.database import write_transaction
from crm.extensions import db
from crm.models import Finding, Survey
from crm.models.base import utcnow
from crm.services import rollups
from crm.services.interactions import InteractionInput, log_interaction
from crm.web.dashboards.charts import bar_chart, line_chart


@pytest.fixture
def contact(make_customer):
    customer = make_customer("Siti Aminah", emails=["siti@example.my"])

    def log(by, *, channel="phone", hold=None, days_ago=1):
        started = utcnow() - timedelta(days=days_ago)
        return log_interaction(InteractionInput(
            customer_id=customer.id, channel=channel, started_at=started, ended_at=started + timedelta(minutes=3),
            summary="Customer asked about the delivery date of order 1042.", transcript="Thank you for calling.",
            outcome="resolved", holds=[{"seconds": hold}] if hold else []), by)

    log.customer = customer
    return log


def rows_of(html: str, table_id: str) -> list[list[str]]:
    """The text of each body row's cells of the table with this id."""
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return [[re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_a_lead_sees_charts_beside_tables_of_their_team(client, auth, lead, agent, beta_agent, contact):
    contact(agent, hold=90)
    contact(agent, channel="email")
    contact(beta_agent)
    auth.login(lead)

    response = client.get("/dashboard/")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dashboard <span class=\"muted\">· Alpha" in html
    for group in ("standard", "agent", "team", "channel", "week"):
        assert f'<svg class="chart" id="chart-{group}"' in html
        assert f'<title id="chart-{group}-title">' in html and f'<table id="table-{group}">' in html
    assert '<polyline class="line"' in html  # weeks are a line chart
    assert rows_of(html, "table-agent") == [["Aino Alpha", "19", "2", "0", "0", "0", "89.5%"]]
    assert "Bogdan" not in html
    hold_row = next(r for r in rows_of(html, "table-standard") if r[0] == "Holds are short hold.max_duration")
    assert hold_row[1:3] == ["2", "1"] and hold_row[-1] == "50.0%"
    assert 'href="/static/charts.css"' in html


def test_every_target_shows_its_value_and_whether_it_is_met(client, auth, lead, agent, contact):
    contact(agent, hold=90)
    contact(agent, channel="email")
    with write_transaction():
        db.session.add_all([Survey(customer_id=contact.customer.id, agent_id=agent.id, team_id=agent.team_id,
                                   score=score, answered_at=utcnow() - timedelta(hours=5)) for score in (5, 3)])
    auth.login(lead)

    html = client.get("/dashboard/").get_data(as_text=True)

    targets = {row[0].split()[-1]: row[1:] for row in rows_of(html, "targets")}
    assert list(targets) == ["target.csat", "target.accuracy", "target.first_reply", "target.productivity",
                             "target.resolution_rate", "target.consistency"]
    assert targets["target.csat"][:3] == ["50.0%", "≥ 90.0%", "not met"]
    assert targets["target.productivity"][:3] == ["20.0 contacts/h", "≥ 20.0 contacts/h", "met"]
    assert targets["target.accuracy"][:3] == ["—", "≥ 95.0%", "no data"]
    assert targets["target.consistency"][:3] == ["20.0 points", "≤ 5.0 points", "not met"]
    assert "The largest gap in compliance between channels is <strong>20.0 points</strong>" in html


def test_dismissal_rates_recognition_and_pilot_sections_render(client, auth, lead, agent, contact):
    findings = contact(agent, hold=90).findings
    with write_transaction():
        for f in findings:
            f = db.session.get(Finding, f.id)
            previous, f.status = f.status, "dismissed"
            rollups.record_review(f, "dismissed", previous)
    auth.login(lead)

    html = client.get("/dashboard/").get_data(as_text=True)

    assert [r[-1] for r in rows_of(html, "dismissals")] == ["100.0%", "100.0%"]
    assert '<svg class="chart" id="chart-dismissals"' in html
    assert "No agent met every standard in this period yet." in html
    assert "No pilot rule checked a contact in this period." in html


def test_an_empty_period_says_so(client, auth, lead):
    auth.login(lead)
    html = client.get("/dashboard/").get_data(as_text=True)
    assert 'id="dashboard-empty"' in html and "<svg" not in html


def test_an_admin_picks_a_team_or_sees_all(client, auth, admin, agent, beta_agent, contact):
    contact(agent)
    contact(beta_agent)
    auth.login(admin)

    everyone = client.get("/dashboard/").get_data(as_text=True)
    assert [r[0] for r in rows_of(everyone, "table-team")] == ["Alpha", "Beta"]
    assert re.search(r'<select id="d-team" name="team"><option value="">All teams</option>', everyone)

    beta = client.get(f"/dashboard/?team={beta_agent.team_id}").get_data(as_text=True)
    assert [r[0] for r in rows_of(beta, "table-agent")] == ["Bogdan Beta"]
    assert f'<option value="{beta_agent.team_id}" selected>Beta</option>' in beta


def test_the_period_is_chosen_from_presets_or_dates(client, auth, lead, agent, contact):
    contact(agent, days_ago=20)
    auth.login(lead)
    today = utcnow().date()

    week = client.get("/dashboard/?period=7").get_data(as_text=True)
    assert f'value="{today - timedelta(days=6)}"' in week and 'id="dashboard-empty"' in week

    month = client.get(f"/dashboard/?period=custom&from={today - timedelta(days=25)}&to={today}")
    assert rows_of(month.get_data(as_text=True), "table-agent")[0][1] == "10"

    bad = client.get("/dashboard/?from=soon&to=2026-01-01")
    assert bad.status_code == 422
    assert "must be a date (YYYY-MM-DD) or an ISO 8601 time" in bad.get_data(as_text=True)


@pytest.mark.parametrize("role", ["agent", "department"])
def test_agents_and_department_members_are_refused(client, auth, make_user, role):
    auth.login(make_user(role))
    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/export/targets.csv").status_code == 403


def test_a_lead_cannot_look_at_another_team(client, auth, lead, beta_agent):
    auth.login(lead)
    response = client.get(f"/dashboard/?team={beta_agent.team_id}")
    assert response.status_code == 403 and "own team" in response.get_data(as_text=True)


def test_logged_out_visitors_are_sent_to_log_in(client):
    assert client.get("/dashboard/").status_code == 302


def test_the_nav_links_leads_and_admins_to_the_dashboard(client, auth, lead, agent):
    auth.login(agent)
    assert 'href="/dashboard/"' not in client.get("/me/notices").get_data(as_text=True)
    auth.logout()
    auth.login(lead)
    assert '<a href="/dashboard/">Dashboard</a>' in client.get("/me/notices").get_data(as_text=True)


# --- CSV export ---------------------------------------------------------------------------------

def test_each_table_exports_as_csv_for_the_same_scope(client, auth, lead, agent, contact):
    contact(agent, hold=90)
    auth.login(lead)
    html = client.get("/dashboard/").get_data(as_text=True)
    links = re.findall(r'href="(/dashboard/export/[^"]+)"', html)
    assert {re.search(r"export/([^.]+)\.csv", link).group(1) for link in links} == {
        "targets", "compliance-standard", "compliance-agent", "compliance-team", "compliance-channel",
        "compliance-week", "dismissals", "consistency", "recognition", "pilot"}

    response = client.get(next(link for link in links if "compliance-agent" in link).replace("&amp;", "&"))

    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert re.match(r'attachment; filename="compliance-agent-team\d+-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv"',
                    response.headers["Content-Disposition"])
    assert read_csv(response) == [{"key": str(agent.id), "label": "Aino Alpha", "checked": "10", "flagged": "2",
                                   "upheld": "0", "dismissed": "0", "waived": "0", "compliance_rate": "0.8"}]


def test_targets_export_every_target_with_met_and_basis(client, auth, lead, agent, contact):
    contact(agent)
    auth.login(lead)
    rows = read_csv(client.get("/dashboard/export/targets.csv?period=30"))
    assert [r["code"] for r in rows][:2] == ["target.csat", "target.accuracy"]
    productivity = rows[3]
    assert (productivity["value"], productivity["met"], productivity["basis"]) == (
        "20.0", "yes", "contacts=1; handled_hours=0.05")
    assert rows[0]["met"] == ""  # no surveys: neither met nor missed


def test_exported_names_cannot_become_spreadsheet_formulas(client, auth, make_user, lead, contact):
    sly = make_user("agent", team="Alpha", name="=HYPERLINK(\"http://x\")")
    contact(sly)
    auth.login(lead)
    (row,) = read_csv(client.get("/dashboard/export/compliance-agent.csv"))
    assert row["label"] == "'=HYPERLINK(\"http://x\")"


def test_unknown_tables_and_bad_periods_are_refused(client, auth, lead):
    auth.login(lead)
    assert client.get("/dashboard/export/salaries.csv").status_code == 404
    assert client.get("/dashboard/export/targets.csv?from=2026-02-01&to=2026-01-01").status_code == 422


# --- the chart helpers ----------------------------------------------------------------------------

def test_bar_charts_are_labelled_escaped_and_mark_the_goal():
    svg = bar_chart([{"label": "<script>", "gap": 7.0}, {"label": "E-mail", "gap": 0.0}, {"label": "SMS", "gap": None}],
                    "gap", chart_id="c", title="Points below the best", scale=1, unit=" pts", max_value=None,
                    goal=5, lower_is_better=True)
    assert str(svg).startswith('<svg class="chart" id="c"') and 'aria-labelledby="c-title c-desc"' in svg
    assert "<script>" not in svg and "&lt;script&gt;: 7.0 pts" in svg
    assert svg.count('class="row missed"') == 1 and 'class="goal"' in svg and "no data" in svg


def test_line_charts_break_where_a_week_has_no_data():
    rows = [{"label": f"2026-W0{i}", "rate": rate} for i, rate in enumerate((0.9, 0.95, None, 0.97), start=1)]
    svg = str(line_chart(rows, "rate", chart_id="w", title="By week"))
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 3
    assert "2026-W01: 90.0 %" in svg and ">W04<" in svg
