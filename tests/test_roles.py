"""Who may do what, route by route: every rule of app.url_map, tried as every kind of person.

ACCESS is the one table of DESIGN.md's roles, per route and method. A route without an entry
fails the test, and so does an entry for a route that no longer exists. "Allowed" means the
route does its work (any answer but 401, 403, a 404 for a record that exists, or the login page);
everyone else must be turned away by exactly those. To add a role, add it to route_world.ACTORS
and name it in the entries it may use.
"""
from __future__ import annotations

from crm.services.accounts import create_token
from route_world import ACTORS, PASSWORD, build_world

EVERYONE = "anonymous department other_agent other_lead agent admin integration"  # public pages
SIGNED_IN = "department other_agent other_lead agent admin"  # an integration has a token, no session
DESK = "other_agent other_lead agent admin"  # customers and contacts: every agent and lead, admins
TEAM_LEADS = "other_lead admin"  # the other lead's own team; the world's records are team Alpha's
OWNER = "agent"  # the agent who owns the record (their token, their coaching note)
WORKER = "agent admin"  # a record of team Alpha's work: its agent (and team), admins; not another team
DEPARTMENT = "department admin"
ADMIN = "admin"
PHONE_SYSTEM = f"{DESK} integration"  # call events and the screen-pop lookup

ACCESS: dict[str, str] = {
    # public
    "GET home": EVERYONE, "GET ping": EVERYONE, "GET favicon": EVERYONE,
    "GET static": EVERYONE,  # tried with a missing file: a served file stays open in the test client
    "GET auth.login": EVERYONE, "POST auth.login": EVERYONE, "POST auth.logout": EVERYONE,
    "GET survey.answer": EVERYONE, "POST survey.answer": EVERYONE, "GET api.openapi": EVERYONE,
    "POST account.language": EVERYONE,  # the language switch: the user's setting, or this browser's choice
    # one's own account
    "POST account.password": SIGNED_IN, "GET account.tokens": SIGNED_IN, "POST account.tokens": SIGNED_IN,
    # another's token: "no such token" on the tokens page, nothing revoked (the test below)
    "POST account.revoke": SIGNED_IN,
    "GET me.standing": "other_agent other_lead agent admin", "POST me.acknowledge": OWNER,
    "GET me.notices": SIGNED_IN, "POST me.read_notices": SIGNED_IN,
    "GET me.zone": SIGNED_IN, "POST me.zone": SIGNED_IN,  # everyone's own time zone
    # the agent desk
    "GET desk.index": DESK, "GET desk.lookup": DESK, "GET desk.search": DESK, "POST desk.suggest_feedback": DESK,
    "GET desk.new_customer": DESK, "POST desk.new_customer": DESK, "GET desk.customer": DESK,
    "GET desk.edit_customer": DESK, "POST desk.edit_customer": DESK, "POST desk.merge": DESK,
    "GET desk.log_interaction": DESK, "POST desk.log_interaction": DESK, "GET desk.interaction": DESK,
    "GET desk.export_customer": ADMIN, "POST desk.erase_customer": ADMIN,
    # review and dashboards
    "GET review.queue": TEAM_LEADS, "POST review.decide": TEAM_LEADS,
    "GET review.finding": ADMIN, "POST review.finding": ADMIN,  # team Alpha's finding: not the other lead's
    "GET dashboards.index": TEAM_LEADS, "GET dashboards.export": TEAM_LEADS,
    # the department inbox
    "GET department.home": DEPARTMENT, "GET department.feedback_list": DEPARTMENT,
    "GET department.trends": DEPARTMENT, "GET department.answer": DEPARTMENT, "POST department.answer": DEPARTMENT,
    # administration
    "GET admin.home": ADMIN, "GET admin.users": ADMIN, "POST admin.users": ADMIN, "GET admin.edit_user": ADMIN,
    "POST admin.edit_user": ADMIN, "GET admin.teams": ADMIN, "POST admin.teams": ADMIN,
    "GET admin.edit_team": ADMIN, "POST admin.edit_team": ADMIN,
    "GET admin.departments": ADMIN, "POST admin.departments": ADMIN, "GET admin.edit_department": ADMIN,
    "POST admin.edit_department": ADMIN, "GET admin.routing_rules": ADMIN, "POST admin.routing_rules": ADMIN,
    "POST admin.delete_routing_rule": ADMIN, "GET admin.policy_versions": ADMIN,
    "GET admin.new_policy_version": ADMIN, "POST admin.new_policy_version": ADMIN, "GET admin.pilot_report": TEAM_LEADS,
    "GET admin.deliveries": ADMIN, "POST admin.retry_delivery": ADMIN, "POST admin.retry_dead_deliveries": ADMIN,
    # the API
    "GET api.lookup_customer": PHONE_SYSTEM, "GET api.search_customers": DESK, "POST api.create_customer": DESK,
    "GET api.get_customer": DESK, "PATCH api.update_customer": DESK, "GET api.customer_interactions": DESK,
    "POST api.merge_customer": DESK, "GET api.export_customer": ADMIN, "DELETE api.erase_customer": ADMIN,
    "POST api.log_interaction": DESK, "GET api.get_interaction": DESK,
    "GET api.list_findings": DESK, "POST api.review_finding": ADMIN,
    "GET api.list_standards": SIGNED_IN, "GET api.policy_in_force": SIGNED_IN,
    "POST api.preview_policy": TEAM_LEADS, "GET api.pilot_report": TEAM_LEADS, "POST api.create_policy_version": ADMIN,
    "GET api.compliance_report": TEAM_LEADS, "GET api.targets_report": TEAM_LEADS,
    "GET api.department_feedback": DEPARTMENT, "PATCH api.update_feedback": DEPARTMENT,
    "GET api.list_departments": ADMIN, "POST api.create_department": ADMIN, "PATCH api.update_department": ADMIN,
    "GET api.list_routing_rules": ADMIN, "POST api.create_routing_rule": ADMIN,
    "DELETE api.delete_routing_rule": ADMIN, "GET api.list_deliveries": ADMIN, "POST api.retry_delivery": ADMIN,
    "GET api.list_users": ADMIN, "POST api.create_user": ADMIN, "PATCH api.update_user": ADMIN,
    "GET api.list_teams": ADMIN, "POST api.create_team": ADMIN, "PATCH api.update_team": ADMIN,
    "GET api.me": SIGNED_IN,  # whoever holds a token (an integration is kept to its calls): themselves, their zone
    # calls measured by telephony: the world's call is the agent's (team Alpha)
    "POST api.post_call_event": PHONE_SYSTEM, "GET api.get_call": "agent admin integration",
    "GET desk.live_calls": DESK, "POST desk.hold_apology": DESK,  # another's call: a message, not an error
    # cases and follow-ups: the world's case and contact are team Alpha's agent's
    "GET cases.index": DESK, "GET cases.new": DESK, "POST cases.new": DESK,
    "GET cases.case": WORKER, "POST cases.case": WORKER, "POST cases.reopen": WORKER,
    "POST cases.follow_up_done": WORKER,
    "GET api.list_cases": DESK, "POST api.create_case": DESK, "GET api.get_case": WORKER,
    "PATCH api.update_case": WORKER, "POST api.follow_up_done": WORKER,
    # justifying a finding afterwards: its agent, the team's lead, admins
    "GET me.finding": OWNER, "POST me.finding": OWNER,  # one's own findings; others' are reviewed on /review
    "POST api.justify_finding": WORKER, "DELETE api.withdraw_justification": WORKER,
    # the audit trail and promoting a pilot rule
    "GET admin.audit_trail": ADMIN, "GET admin.audit_csv": ADMIN, "GET api.list_audit_events": ADMIN,
    "POST admin.promote_pilot": ADMIN,
    # checking a contact before it is logged, feedback suggestions, and why a standard exists
    "POST api.check_interaction": DESK, "POST api.suggest_feedback": DESK,
    "POST desk.check_interaction": DESK, "GET desk.standard": SIGNED_IN,
}

# Routes that change what later requests see go last, each on a record of its own.
LAST = ("api.erase_customer", "api.delete_routing_rule", "admin.delete_routing_rule", "auth.logout")
OWN_RECORD = {"admin.delete_routing_rule": {"rule_id": "spare_rule_id"}}


def route_keys(app) -> list[tuple[str, object, str]]:
    """(table key, rule, method) for every rule and method the app answers, in a safe order."""
    keys = [(f"{method} {rule.endpoint}", rule, method) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return sorted(keys, key=lambda k: (k[1].endpoint in LAST, LAST.index(k[1].endpoint) if k[1].endpoint in LAST
                                       else 0, k[0]))


def turned_away(response, path: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302, 303) and "/login" in location and not path.startswith("/login")


def test_the_table_names_every_route_and_only_routes_that_exist(app):
    keys = {key for key, _, _ in route_keys(app)}
    assert sorted(keys - set(ACCESS)) == [], "routes without an entry in ACCESS"
    assert sorted(set(ACCESS) - keys) == [], "entries in ACCESS for routes that do not exist"
    for key, who in ACCESS.items():
        assert set(who.split()) <= set(ACTORS), (key, who)


def test_every_route_lets_in_exactly_the_roles_the_table_names(app, make_user, make_customer):
    world = build_world(make_user, make_customer)
    clients = {}
    for name, user in world.people.items():
        client = app.test_client()
        headers = {}
        if user is not None:
            if user.role != "integration":  # token only: it cannot log in to the pages
                with app.app_context():
                    assert client.post("/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
            headers = {"Authorization": f"Bearer {create_token(user, 'roles')[1]}"}
        clients[name] = (client, headers)

    wrong, errors = [], []
    for key, rule, method in route_keys(app):
        allowed = set(ACCESS.get(key, "").split())
        overrides = {arg: world.values[other] for arg, other in OWN_RECORD.get(rule.endpoint, {}).items()}
        path = world.path(rule, overrides)
        for name in ACTORS:
            client, headers = clients[name]
            kwargs = {"headers": headers} if path.startswith("/api/") else {}
            if method in ("POST", "PATCH", "PUT"):
                kwargs["json" if path.startswith("/api/") else "data"] = {}
            with app.app_context():  # a context of its own, as in production: flask-login keeps the user on g
                response = client.open(path, method=method, **kwargs)
                response.close()  # a streamed answer (a CSV export) ends inside its own context
            if response.status_code >= 500:
                errors.append(f"{key} as {name}: {response.status_code}")
            elif allowed != set(ACTORS) and turned_away(response, path) == (name in allowed):
                wrong.append(f"{key} as {name}: {response.status_code} "
                             f"({'should be allowed' if name in allowed else 'should be turned away'})")
    assert errors == []
    assert wrong == [], "\n".join(wrong)


def test_revoking_another_users_token_revokes_nothing(client, auth, make_user):
    owner, other = make_user("agent", team="Alpha"), make_user("agent", team="Beta")
    token, secret = create_token(owner, "phone system")
    auth.login(other)
    response = client.post(f"/account/tokens/{token.id}/revoke", follow_redirects=True)
    assert "No such token." in response.get_data(as_text=True)
    assert client.get("/api/v1/lookup?phone=1", headers={"Authorization": f"Bearer {secret}"}).status_code != 401


def test_no_one_may_act_and_the_system_acts_under_its_own_name(app, admin):
    """Services name who acts: a person, or SYSTEM (the command line, the demo); None is no one."""
    import pytest
    from sqlalchemy import select

    from crm.extensions import db
    from crm.models import AuditEvent
    from crm.services.access import SYSTEM
    from crm.services.errors import Forbidden
    from crm.services.teams import create_team

    with pytest.raises(Forbidden):
        create_team("Gamma", None)
    by_system, by_admin = create_team("Gamma", SYSTEM), create_team("Delta", admin)
    events = {e.entity_id: e for e in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "team.create"))}
    assert (events[by_system.id].actor_id, events[by_system.id].actor_label) == (None, "cli")
    assert (events[by_admin.id].actor_id, events[by_admin.id].actor_label) == (admin.id, admin.email)
