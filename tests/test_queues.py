"""Queues people work through page with true totals, and the dashboard counts what the queue holds."""
import re
from datetime import datetime, timedelta, timezone

from crm.database import write_transaction
from crm.extensions import db
from crm.models import Finding, PolicyVersion


def _open_findings(agent, count, standard="hold.apology", interaction_id=None):
    version = db.session.scalar(db.select(PolicyVersion.id))
    now = datetime.now(timezone.utc)
    with write_transaction():
        db.session.add_all(Finding(
            agent_id=agent.id, team_id=agent.team_id, standard=standard, policy_version_id=version, mode="enforce",
            severity="medium", message=f"departure {i}", status="open", interaction_id=interaction_id,
            created_at=now - timedelta(minutes=i)) for i in range(count))


def test_a_lead_pages_through_every_open_finding_and_the_dashboard_counts_the_same(client, auth, make_user):
    lead = make_user("lead", team="Alpha")
    agent = make_user("agent", team="Alpha")
    _open_findings(agent, 100)
    _open_findings(agent, 24, standard="callback.on_time")  # the sweep's time-based findings
    _open_findings(make_user("agent", team="Beta"), 5)  # another team's
    auth.login(lead)

    seen, url = [], "/review/"
    while url:
        page = client.get(url).data.decode()
        assert "124 waiting" in page
        seen += re.findall(r'name="finding" value="(\d+)"', page)
        following = re.search(r'rel="next" class="button secondary" href="([^"]+)"', page)
        url = following.group(1).replace("&amp;", "&") if following else None
    assert len(seen) == len(set(seen)) == 124
    assert "101–124 of <strong>124</strong> findings" in page

    dashboard = client.get("/dashboard/").data.decode()
    assert re.search(r"<strong>124</strong> waiting for review", dashboard)
    filtered = client.get("/review/?standard=callback.on_time").data.decode()
    assert "24 waiting" in filtered


def test_the_findings_api_carries_the_total_across_pages(api, make_user):
    agent = make_user("agent", team="Alpha")
    _open_findings(agent, 7)
    lead = api(make_user("lead", team="Alpha"))
    first = lead.get("/api/v1/findings?limit=5").get_json()
    assert first["total"] == 7 and len(first["items"]) == 5
    second = lead.get("/api/v1/findings", query_string={"limit": 5, "cursor": first["next"]}).get_json()
    assert second["total"] == 7 and len(second["items"]) == 2 and second["next"] is None


def test_a_cursor_is_refused_by_another_list_and_by_the_same_list_with_other_filters(api, make_user, make_customer):
    agent = make_user("agent", team="Alpha")
    _open_findings(agent, 3)
    admin = api(make_user("admin"))
    customer = make_customer()
    for i in range(3):
        admin.post("/api/v1/cases", json={"customer_id": customer.id, "subject": f"Case {i}", "team": "Alpha"})
    cursor = admin.get("/api/v1/findings?limit=1").get_json()["next"]
    assert admin.get("/api/v1/findings", query_string={"limit": 1, "cursor": cursor}).status_code == 200
    for url, query in [("/api/v1/cases", {}), ("/api/v1/audit-events", {}), ("/api/v1/findings", {"status": "open"}),
                       (f"/api/v1/customers/{customer.id}/interactions", {})]:
        refused = admin.get(url, query_string={**query, "cursor": cursor})
        assert refused.status_code == 422, url
        assert "is not a cursor of this list" in refused.get_json()["error"]["fields"]["cursor"][0]


def test_the_audit_trail_filters_pages_reads_and_exports(client, auth, api, make_user, make_customer):
    admin = make_user("admin")
    agent = make_user("agent", team="Alpha")
    customer = make_customer()
    me = api(agent)
    case_ids = [me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": f"Case {i}"}).get_json()["id"]
                for i in range(55)]
    me.patch(f"/api/v1/cases/{case_ids[0]}", json={"status": "closed", "note": "Sorted."})
    auth.login(admin)

    page = client.get(f"/admin/audit?actor={agent.email}&action=case.").data.decode()
    assert "1–50 of <strong>56</strong> events" in page
    following = re.search(r'rel="next" class="button secondary" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert "51–56 of <strong>56</strong> events" in client.get(following).data.decode()

    one = client.get(f"/admin/audit?entity=case&entity_id={case_ids[0]}&action=case.updated").data.decode()
    assert "status: open → closed" in one and "resolution: — → Sorted." in one and '"changes"' not in one

    bad = client.get("/admin/audit?since=yesterday&entity_id=x")
    assert bad.status_code == 422 and b"must be a date" in bad.data and b"must be a record" in bad.data
    for url in ("/admin/audit?from=notadate", "/admin/audit.csv?from=notadate", "/admin/audit?to=2099-99-99"):
        refused = client.get(url)  # `from`/`to`, as the reports say it, are read, not dropped
        assert refused.status_code == 422 and b"must be a date" in refused.data, url

    csv_text = client.get(f"/admin/audit.csv?entity=case&entity_id={case_ids[0]}").data.decode()
    assert csv_text.splitlines()[0] == "id,at,actor,action,record,record_id,changes,ip"
    assert len(csv_text.splitlines()) == 3 and "status: open → closed" in csv_text

    listed = api(admin).get("/api/v1/audit-events?action=case.opened&limit=10").get_json()
    assert listed["total"] == 55 and len(listed["items"]) == 10
    assert api(agent).get("/api/v1/audit-events").status_code == 403
