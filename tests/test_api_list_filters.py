"""A list endpoint's filter that names nothing, or cannot be read, is told by name (422), never a 500 and
never an empty list that looks like an answer."""
from __future__ import annotations


def test_findings_filters_naming_no_agent_team_or_standard_are_each_told(as_admin, assert_error):
    error = assert_error(as_admin.get("/api/v1/findings?agent=x&team=Nowhere&standard=no.such.rule"),
                         422, "invalid")
    assert error["fields"] == {"agent": ["no user 'x'"], "team": ["no team 'Nowhere'"],
                               "standard": ["no installed standard 'no.such.rule'"]}


def test_findings_filters_naming_a_real_agent_and_standard_answer_a_page(app, as_admin, agent):
    from crm.services.policy import standards

    with app.app_context():
        code = next(iter(standards()))
    for query in (f"agent={agent.email}", f"agent={agent.id}", f"standard={code}"):
        response = as_admin.get(f"/api/v1/findings?{query}")
        assert response.status_code == 200, (query, response.get_data(as_text=True))
        assert response.get_json()["items"] == []


def test_a_delivery_status_outside_the_list_is_422_naming_status(as_admin, assert_error):
    error = assert_error(as_admin.get("/api/v1/deliveries?status=lost"), 422, "invalid")
    assert list(error["fields"]) == ["status"]
    assert as_admin.get("/api/v1/deliveries?status=dead").status_code == 200


def test_report_queries_are_read_by_their_typed_filters(as_admin, assert_error):
    assert as_admin.get("/api/v1/reports/compliance").get_json()["group_by"] == "standard"
    assert as_admin.get("/api/v1/reports/compliance?group_by=agent").get_json()["group_by"] == "agent"
    assert_error(as_admin.get("/api/v1/reports/compliance?group_by=colour"), 422, "invalid")
    error = assert_error(as_admin.get("/api/v1/reports/targets?team=Nowhere"), 422, "invalid")
    assert error["fields"] == {"team": ["no team 'Nowhere'"]}


def test_the_documented_query_parameters_are_the_filters_the_services_read(client):
    from crm.services.audit import AuditFilters
    from crm.services.cases import CaseFilters
    from crm.services.department_inbox import InboxFilter
    from crm.services.findings import FindingFilters, PilotReportFilters
    from crm.services.outbox import DeliveryFilters
    from crm.services.reports import ComplianceFilters, PeriodFilters

    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path, filters in (("/api/v1/cases", CaseFilters), ("/api/v1/audit-events", AuditFilters),
                          ("/api/v1/departments/{slug}/feedback", InboxFilter), ("/api/v1/findings", FindingFilters),
                          ("/api/v1/deliveries", DeliveryFilters), ("/api/v1/reports/compliance", ComplianceFilters),
                          ("/api/v1/reports/targets", PeriodFilters),
                          ("/api/v1/policy/pilot-report", PilotReportFilters)):
        query = [p for p in paths[path]["get"]["parameters"] if p["in"] == "query"]
        paging = ["limit", "cursor"] if "report" not in path else []
        names = [field.alias or name for name, field in filters.model_fields.items()]
        assert [p["name"] for p in query] == [*names, *paging], path
        assert all(p["description"] for p in query), path
