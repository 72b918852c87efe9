"""Which case a contact is filed on, the same through the log form as through the API (API.md: a contact
joins the case `case_id` names unless that case is closed; then it opens a new one if it warrants one)."""
import re
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from crm.extensions import db
from crm.models import Case, Interaction


def _case(me, customer, status, note="Done."):
    case = me.post("/api/v1/cases", json={"customer_id": customer.id, "subject": f"A {status} case"}).get_json()
    if status != "open":
        assert me.patch(f"/api/v1/cases/{case['id']}", json={"status": status, "note": note}).status_code == 200
    return case["id"]


def _choices(page):
    return re.search(r'<select[^>]*name="case_id"[^>]*>(.*?)</select>', page, re.S).group(1)


def test_the_log_form_offers_a_resolved_case_as_the_api_takes_it_and_files_the_contact_on_it(
        client, auth, api, agent, customer):
    resolved = _case(api(agent), customer, "resolved")
    auth.login(agent)
    page = client.get(f"/customers/{customer.id}/interactions/new?case={resolved}").get_data(as_text=True)
    assert re.search(rf'<option selected value="{resolved}"|<option value="{resolved}" selected', _choices(page))
    started = (datetime.now(timezone.utc) - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(f"/customers/{customer.id}/interactions/new", data={
        "channel": "phone", "direction": "inbound", "started_at": started, "summary": "The refund is still missing",
        "outcome": "follow_up", "follow_up_due": "", "case_id": str(resolved)})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    ix = db.session.scalar(select(Interaction).order_by(Interaction.id.desc()))
    assert ix.case_id == resolved
    assert db.session.get(Case, resolved).status == "open"  # a follow-up reopens it, as through the API


def test_the_log_form_from_a_closed_case_says_the_contact_is_not_filed_on_it(client, auth, api, agent, customer):
    closed = _case(api(agent), customer, "closed")
    auth.login(agent)
    page = client.get(f"/customers/{customer.id}/interactions/new?case={closed}").get_data(as_text=True)
    assert f'value="{closed}"' not in _choices(page)
    assert f"Case #{closed} is closed" in page


def test_an_agent_asking_for_another_teams_cases_is_refused_as_in_the_other_lists(api, agent, beta_agent, make_user):
    refused = api(agent).get("/api/v1/cases?team=Beta")
    assert refused.status_code == 403 and refused.get_json()["error"]["code"] == "forbidden"
    assert api(agent).get("/api/v1/cases?team=Alpha").status_code == 200
    assert api(make_user("admin")).get("/api/v1/cases?team=Beta").status_code == 200
