"""The administration API (users, teams, policy versions) and the standards anyone may read."""
import pytest

from crm.services.teams import create_team
from crm.services.access import SYSTEM


HOLD_RULES = [{"standard": "hold.max_duration", "params": {"max_seconds": 45}, "mode": "enforce",
               "severity": "high", "teams": [], "channels": ["phone"]},
              {"standard": "hold.apology"}]

ADMIN_ONLY = [
    ("get", "/api/v1/users", None),
    ("post", "/api/v1/users", {"email": "new@example.com", "role": "agent", "team": "Alpha"}),
    ("post", "/api/v1/users", {"email": 5}),  # refused for the role before the body is judged
    ("patch", "/api/v1/users/{id}", {"active": False}),
    ("get", "/api/v1/teams", None),
    ("post", "/api/v1/teams", {"name": "Beta"}),
    ("post", "/api/v1/policy/versions", {"rules": HOLD_RULES}),
    ("post", "/api/v1/policy/versions", "not an object"),
]


@pytest.mark.parametrize("role", ["agent", "lead", "department"])
@pytest.mark.parametrize("method, path, body", ADMIN_ONLY)
def test_only_admins_administer(api, make_user, role, method, path, body, assert_error):
    user = make_user(role)
    kwargs = {"json": body} if body is not None else {}
    response = getattr(api(user), method)(path.replace("{id}", str(user.id)), **kwargs)
    assert_error(response, 403, "forbidden")


# --- users ---------------------------------------------------------------------------------------

def test_admin_creates_a_user_who_then_appears_in_the_list(as_admin):
    create_team("Alpha", SYSTEM)
    response = as_admin.post("/api/v1/users", json={"email": "Aino@Example.FI", "name": "Aino Korhonen",
                                                    "role": "lead", "team": "alpha",
                                                    "password": "a long enough password"})
    assert response.status_code == 201
    user = response.get_json()
    assert user["email"] == "aino@example.fi" and user["role"] == "lead" and user["team"] == "Alpha"
    assert user["active"] is True and "password" not in user and "password_hash" not in user
    listed = as_admin.get("/api/v1/users").get_json()
    assert user in listed["items"] and listed["next"] is None


def test_a_department_member_is_created_with_their_department(as_admin, make_user):
    dept = make_user.department("billing")
    user = as_admin.post("/api/v1/users", json={"email": "b@example.com", "role": "department",
                                                "department": dept.slug, "password": "long enough pw"}).get_json()
    assert user["department"] == "billing" and user["team"] is None


def test_an_email_already_in_use_is_409_naming_the_user(as_admin, make_user, assert_error):
    existing = make_user("agent", email="taken@example.com")
    error = assert_error(as_admin.post("/api/v1/users", json={"email": "TAKEN@example.com", "role": "agent",
                                                                 "team": "Alpha", "password": "long enough pw"}),
                         409, "conflict")
    assert error["existing_id"] == existing.id


def test_every_user_field_error_is_reported_at_once(as_admin, assert_error):
    error = assert_error(as_admin.post("/api/v1/users", json={
        "email": "not-an-address", "role": "boss", "team": "Nowhere", "password": "short"}), 422, "invalid")
    assert set(error["fields"]) >= {"email", "role", "team", "password"}
    assert error["fields"]["password"] == ["must be at least 10 characters"]


@pytest.mark.parametrize("body, field", [
    ({"email": 5, "role": "agent"}, "email"),
    ({"email": "a@example.com", "role": ["agent"]}, "role"),
    ({"email": "a@example.com", "role": "agent", "password": 1234567890}, "password"),
    ({"email": "a@example.com", "role": "agent", "name": "x" * 201}, "name"),
    ({"email": "a@example.com", "role": "agent", "team": {"name": "Alpha"}}, "team"),
    ({"email": "a@example.com", "role": "agent", "admin": True}, "admin"),
])
def test_wrong_user_fields_are_422_not_500(as_admin, body, field, assert_error):
    assert field in assert_error(as_admin.post("/api/v1/users", json=body), 422, "invalid")["fields"]


def test_admin_changes_role_and_team_and_deactivates_a_user(as_admin, api, make_user, make_customer, assert_error):
    agent = make_user("agent", team="Alpha")
    create_team("Beta", SYSTEM)
    as_agent = api(agent)
    assert as_agent.get("/api/v1/standards").status_code == 200
    response = as_admin.patch(f"/api/v1/users/{agent.id}", json={"role": "lead", "team": "Beta"})
    assert response.status_code == 200
    assert (response.get_json()["role"], response.get_json()["team"]) == ("lead", "Beta")
    response = as_admin.patch(f"/api/v1/users/{agent.id}", json={"active": False})
    assert response.get_json()["active"] is False
    assert_error(as_agent.get("/api/v1/standards"), 401, "unauthorized")


def test_a_change_keeps_the_rules_of_a_new_user_an_agent_needs_a_team(as_admin, make_user, assert_error):
    agent = make_user("agent", team="Alpha")
    refused = assert_error(as_admin.patch(f"/api/v1/users/{agent.id}", json={"team": None}), 422, "invalid")
    assert list(refused["fields"]) == ["team"]
    department = as_admin.post("/api/v1/departments", json={"slug": "packaging", "name": "Packaging"})
    assert department.status_code == 201, department.get_json()
    for body in ({"department": "packaging"}, {"department": "../../../etc/passwd"}, {"department": "no-such"}):
        assert list(assert_error(as_admin.patch(f"/api/v1/users/{agent.id}", json=body), 422,
                                 "invalid")["fields"]) == ["department"]
    member = as_admin.patch(f"/api/v1/users/{agent.id}", json={"role": "department", "department": "packaging"})
    assert (member.get_json()["team"], member.get_json()["department"]) == (None, "packaging")
    assert list(assert_error(as_admin.patch(f"/api/v1/users/{agent.id}", json={"role": "agent"}), 422,
                             "invalid")["fields"]) == ["team"]
    back = as_admin.patch(f"/api/v1/users/{agent.id}", json={"role": "agent", "team": "Alpha"}).get_json()
    assert (back["team"], back["department"]) == ("Alpha", None)


@pytest.mark.parametrize("body, field", [
    ({"role": "boss"}, "role"), ({"role": None}, "role"), ({"active": "no"}, "active"),
    ({"team": "Nowhere"}, "team"), ({"team": 5}, "team"), ({"email": "x@example.com"}, "email"),
    ({"locale": "klingon"}, "locale"), ({"locale": ["cs"]}, "locale"),
])
def test_bad_user_changes_are_422(as_admin, make_user, body, field, assert_error):
    agent = make_user("agent")
    assert field in assert_error(as_admin.patch(f"/api/v1/users/{agent.id}", json=body), 422, "invalid")["fields"]


def test_admin_sets_a_users_language_and_empty_goes_back_to_the_browsers(as_admin, make_user):
    agent = make_user("agent")
    assert as_admin.patch(f"/api/v1/users/{agent.id}", json={"locale": "fi"}).get_json()["locale"] == "fi"
    assert as_admin.patch(f"/api/v1/users/{agent.id}", json={"active": True}).get_json()["locale"] == "fi"
    assert as_admin.patch(f"/api/v1/users/{agent.id}", json={"locale": ""}).get_json()["locale"] is None
    refused = as_admin.patch(f"/api/v1/users/{agent.id}", json={"locale": "de"}).get_json()["error"]["fields"]
    assert refused["locale"] == ['must be one of "", en, ms, cs, fi, ro']  # the empty choice shown, not ", "


def test_changing_an_unknown_user_is_404(as_admin, assert_error):
    assert_error(as_admin.patch("/api/v1/users/4242", json={"active": False}), 404, "not_found")


# --- teams ---------------------------------------------------------------------------------------

def test_admin_creates_and_lists_teams(as_admin):
    response = as_admin.post("/api/v1/teams", json={"name": "  Night   shift "})
    assert response.status_code == 201
    assert response.get_json()["name"] == "Night shift"
    assert [t["name"] for t in as_admin.get("/api/v1/teams").get_json()["items"]] == ["Night shift"]


def test_a_team_name_in_use_is_409_naming_the_team(as_admin, assert_error):
    team = create_team("Alpha", SYSTEM)
    assert assert_error(as_admin.post("/api/v1/teams", json={"name": "ALPHA"}), 409, "conflict")["existing_id"] == team.id


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 5}, {"name": "x" * 121}, {"name": "A", "id": 3},
                                  {"name": "Al\x00pha"}])
def test_a_bad_team_is_422(as_admin, body, assert_error):
    assert_error(as_admin.post("/api/v1/teams", json=body), 422, "invalid")


# --- standards and policy --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["agent", "lead", "department", "admin"])
def test_anyone_signed_in_reads_the_standards_with_their_parameter_schema(api, make_user, role):
    response = api(make_user(role)).get("/api/v1/standards")
    assert response.status_code == 200
    standards = {s["code"]: s for s in response.get_json()["items"]}
    hold = standards["hold.max_duration"]
    assert hold["kind"] == "interaction"
    assert hold["parameters"]["properties"]["max_seconds"]["default"] == 60


def test_the_policy_in_force_lists_its_rules(api, make_user):
    body = api(make_user("agent")).get("/api/v1/policy").get_json()
    assert body["number"] == 1
    rules = {r["standard"]: r for r in body["rules"]}
    assert rules["hold.max_duration"]["params"] == {"max_seconds": 60}
    assert rules["hold.max_duration"]["mode"] == "enforce"


def test_admin_writes_a_new_version_which_comes_into_force(as_admin, api, make_user):
    create_team("Alpha", SYSTEM)
    rules = [{**HOLD_RULES[0], "teams": ["alpha"]}, HOLD_RULES[1]]
    response = as_admin.post("/api/v1/policy/versions", json={"rules": rules, "note": "Shorter holds",
                                                              "review_by": "2027-01-31"})
    assert response.status_code == 201
    version = response.get_json()
    assert version["number"] == 2 and version["note"] == "Shorter holds" and version["review_by"] == "2027-01-31"
    in_force = api(make_user("lead")).get("/api/v1/policy").get_json()
    assert in_force["number"] == 2
    hold = {r["standard"]: r for r in in_force["rules"]}["hold.max_duration"]
    assert hold == {"standard": "hold.max_duration", "params": {"max_seconds": 45}, "mode": "enforce",
                    "severity": "high", "teams": ["Alpha"], "channels": ["phone"]}
    apology = {r["standard"]: r for r in in_force["rules"]}["hold.apology"]
    assert apology["mode"] == "enforce" and apology["params"] == {"accept_transcript_phrase": True}


def test_a_version_effective_later_is_not_yet_in_force(as_admin):
    response = as_admin.post("/api/v1/policy/versions", json={"rules": HOLD_RULES,
                                                              "effective_from": "2999-01-01T00:00:00+08:00"})
    assert response.status_code == 201
    assert response.get_json()["effective_from"] == "2998-12-31T16:00:00+00:00"
    assert as_admin.get("/api/v1/policy").get_json()["number"] == 1


def test_every_rule_problem_is_reported_with_its_position(as_admin, assert_error):
    error = assert_error(as_admin.post("/api/v1/policy/versions", json={"rules": [
        {"standard": "no.such.standard"},
        {"standard": "hold.max_duration", "params": {"max_seconds": -5, "colour": "red"}, "mode": "sometimes",
         "severity": "apocalyptic", "teams": ["Nowhere"], "channels": ["pigeon"]},
    ]}), 422, "invalid")
    assert set(error["fields"]) == {"rules[0].standard", "rules[1].params.max_seconds", "rules[1].params.colour",
                                    "rules[1].mode", "rules[1].severity", "rules[1].teams", "rules[1].channels"}


def test_two_rules_of_one_standard_for_the_same_contacts_are_refused_naming_the_second(as_admin, assert_error):
    create_team("Alpha", SYSTEM)
    twice = HOLD_RULES + [{**HOLD_RULES[0], "params": {"max_seconds": 90}}]
    error = assert_error(as_admin.post("/api/v1/policy/versions", json={"rules": twice}), 422, "invalid")
    assert list(error["fields"]) == ["rules[2].standard"] and "rules[0]" in error["fields"]["rules[2].standard"][0]
    # a pilot beside the enforced rule, or the same standard on other channels, is no ambiguity
    apart = HOLD_RULES + [{**HOLD_RULES[0], "mode": "pilot", "teams": ["Alpha"]},
                          {**HOLD_RULES[0], "channels": ["chat"]}]
    assert as_admin.post("/api/v1/policy/versions", json={"rules": apart}).status_code == 201


@pytest.mark.parametrize("body, field", [
    ({}, "rules"),
    ({"rules": []}, "rules"),
    ({"rules": "hold.apology"}, "rules"),
    ({"rules": ["hold.apology"]}, "rules[0]"),
    ({"rules": [{"standard": 5}]}, "rules[0].standard"),
    ({"rules": [{"standard": "hold.apology", "params": [1]}]}, "rules[0].params"),
    ({"rules": [{"standard": "hold.apology", "teams": [["Alpha"]]}]}, "rules[0].teams"),
    ({"rules": [{"standard": "hold.apology", "teams": "Alpha"}]}, "rules[0].teams"),
    ({"rules": [{"standard": "hold.apology", "channels": [{"x": 1}]}]}, "rules[0].channels"),
    ({"rules": [{"standard": "hold.apology", "mode": ["pilot"]}]}, "rules[0].mode"),
    ({"rules": [{"standard": "hold.apology", "weight": 3}]}, "rules[0].weight"),
    ({"rules": [{"standard": "hold.max_duration", "params": {"max_seconds": 10**400}}]},
     "rules[0].params.max_seconds"),
    ({"rules": [{"standard": "hold.max_duration", "params": {"max_seconds": float("inf")}}]},
     "rules[0].params.max_seconds"),
    ({"rules": HOLD_RULES, "review_by": "next year"}, "review_by"),
    ({"rules": HOLD_RULES, "review_by": 2027}, "review_by"),
    ({"rules": HOLD_RULES, "effective_from": "soon"}, "effective_from"),
    ({"rules": HOLD_RULES, "effective_from": "2027-01-01T00:00:00"}, "effective_from"),
    ({"rules": HOLD_RULES, "effective_from": "0001-01-01T00:00:00+05:00"}, "effective_from"),
    ({"rules": HOLD_RULES, "note": ["x"]}, "note"),
    ({"rules": HOLD_RULES, "version": 3}, "version"),
])
def test_a_malformed_version_is_422_not_500(as_admin, body, field, assert_error):
    assert field in assert_error(as_admin.post("/api/v1/policy/versions", json=body), 422, "invalid")["fields"]
