"""The crm command: init, users, tokens, CSV import and demo data."""
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import ApiToken, ContactPoint, Customer, PolicyVersion, User
from crm.services.accounts import user_for_token


def test_init_is_idempotent(runner):
    first = runner.invoke(args=["init"])
    second = runner.invoke(args=["init"])
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert db.session.scalar(select(func.count()).select_from(PolicyVersion)) == 1


def test_users_create_and_token(runner):
    result = runner.invoke(args=["users", "create", "Lead@Example.com", "--role", "lead", "--team", "Praha",
                                 "--create-team", "--name", "Pavel", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "lead@example.com"))
    assert user.role == "lead" and user.team.name == "Praha"
    token = runner.invoke(args=["users", "token", "lead@example.com"])
    secret = token.output.strip()
    assert user_for_token(secret).id == user.id
    assert db.session.scalar(select(ApiToken.token_hash)) != secret  # only the hash is kept


def test_users_create_refuses_an_unknown_team_and_lists_the_teams(runner):
    """A typo in --team must not quietly make a second team (the API refuses it with 422)."""
    from crm.models import Team

    db.session.add_all([Team(name="Praha"), Team(name="Kuala Lumpur")])
    db.session.commit()
    result = runner.invoke(args=["users", "create", "agent@example.com", "--role", "agent", "--team", "Prgaue",
                                 "--password", "a long password"])
    assert result.exit_code != 0
    assert "Prgaue" in result.output and "Praha" in result.output and "Kuala Lumpur" in result.output
    assert "--create-team" in result.output
    assert db.session.scalar(select(func.count()).select_from(User)) == 0
    assert db.session.scalar(select(func.count()).select_from(Team)) == 2

    result = runner.invoke(args=["users", "create", "agent@example.com", "--role", "agent", "--team", "praha",
                                 "--password", "a long password"])
    assert result.exit_code == 0, result.output  # an existing team, in any case
    assert db.session.scalar(select(User).where(User.email == "agent@example.com")).team.name == "Praha"


def test_users_create_reports_every_problem(runner):
    result = runner.invoke(args=["users", "create", "not-an-email", "--role", "lead", "--password", "short"])
    assert result.exit_code != 0
    assert "email" in result.output and "password" in result.output and "team" in result.output


def test_import_reports_rejected_rows_with_line_numbers(runner, tmp_path):
    path = tmp_path / "customers.csv"
    path.write_text(
        "name,account_number,phones,emails,language\n"
        "Jan Novák,CZ-1,+420 603 123 456,jan@example.cz,cs\n"
        ",CZ-2,,,\n"                                          # line 3: no name
        "Aino Korhonen,FI-1,040 123 4567;+358 50 111 2222,aino@example.fi,fi\n"
        "Copy Cat,CZ-3,00420603123456,,\n"                    # line 5: phone of line 2
        "Bad Phone,RO-1,12,,ro\n",                            # line 6: bad phone
        encoding="utf-8")
    result = runner.invoke(args=["import", "customers", str(path)])
    assert "Imported 2 customers; rejected 3 rows." in result.output
    assert "line 3: name: is required" in result.output
    assert "line 5: +420603123456 is also on line 2" in result.output
    assert "line 6: phones" in result.output
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 2
    assert db.session.scalar(select(func.count()).select_from(ContactPoint)) == 5


def test_a_file_not_in_utf8_is_refused_with_its_line_and_nothing_imported(runner, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("name,phones\nJan Novák,+420 603 123 456\n".encode("utf-8")
                     + "Jérôme Duval,+33 6 12 34 56 78\n".encode("cp1252"))
    result = runner.invoke(args=["import", "customers", str(path)])
    assert result.exit_code == 1
    assert "Imported 0 customers; rejected 1 rows." in result.output
    assert "line 3: is not UTF-8 text" in result.output
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 0


def test_import_skips_identifiers_already_in_the_database(runner, tmp_path, make_customer):
    make_customer("Jan Novák", phones=["+420 603 123 456"])
    path = tmp_path / "c.csv"
    path.write_text("name,phones\nJ. Novak,00420 603 123 456\nNew Person,+420 777 000 111\n", encoding="utf-8")
    result = runner.invoke(args=["import", "customers", str(path)])
    assert "Imported 1 customers; rejected 1 rows." in result.output


def test_demo_data_loads_once_and_prints_logins(runner):
    result = runner.invoke(args=["demo", "--customers", "25"])
    assert result.exit_code == 0, result.output
    assert "agent@demo.example.com" in result.output and "password: demo-password" in result.output
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 25
    again = runner.invoke(args=["demo", "--customers", "25"])
    assert "already loaded" in again.output
    assert db.session.scalar(select(func.count()).select_from(Customer)) == 25


def test_demo_refuses_a_negative_number_of_customers(runner):
    result = runner.invoke(args=["demo", "--customers", "-5"])
    assert result.exit_code == 2
    assert "Invalid value for '--customers': -5 is not in the range x>=0." in result.output
    assert "Log in at" not in result.output


def test_init_then_demo_as_scripts_run_does(runner):
    # The full default demo, as scripts/run loads it: every generated contact must be valid.
    assert runner.invoke(args=["init"]).exit_code == 0
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert runner.invoke(args=["init"]).exit_code == 0


def test_demo_customers_include_the_readme_examples(runner, app):
    from crm.models import User
    from crm.services.lookup import lookup

    runner.invoke(args=["demo", "--customers", "10"])
    agent = db.session.scalar(select(User).where(User.email == "agent@demo.example.com"))
    for typed, name in (("012-345 6789", "Siti Nurhaliza binti Rahman"), ("+420 603 123 456", "Jan Novák"),
                        ("040 123 4567", "Aino Korhonen")):
        assert lookup(agent, phone=typed).unique.name == name



def _env(tmp_path):
    import os

    return {**os.environ, "CRM_SECRET_KEY": "k" * 40, "CRM_DATABASE_URL": f"sqlite:///{tmp_path / 'w.sqlite'}",
            "CRM_LANGUAGE_PRELOAD": "0"}


def test_migration_commands_run_through_crm_db(tmp_path):
    """`crm db …` as an operator runs it (Flask-Migrate's commands, loaded on demand)."""
    import subprocess
    import sys
    from pathlib import Path

    crm = str(Path(sys.executable).with_name("crm"))

    def run(*args):
        return subprocess.run([crm, "db", *args], env=_env(tmp_path), capture_output=True, text=True, timeout=120)

    assert "(head)" not in run("current").stdout  # an empty database
    upgraded = run("upgrade")
    assert upgraded.returncode == 0, upgraded.stderr
    current = run("current")
    assert current.returncode == 0 and "(head)" in current.stdout, current.stdout + current.stderr
    assert "upgrade" in run("--help").stdout


def test_a_web_worker_does_not_load_the_migration_tools(tmp_path):
    """Alembic and Mako (~11 MB per worker) are loaded by `crm db …`, not by the app a worker serves."""
    import subprocess
    import sys

    code = "import sys; from crm import create_app; create_app(); print(sorted({'alembic', 'mako', 'flask_migrate'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_version_is_the_crm_s_own():
    import subprocess
    import sys
    from importlib.metadata import version
    from pathlib import Path

    out = subprocess.run([str(Path(sys.executable).with_name("crm")), "--version"], capture_output=True, text=True,
                         timeout=60, check=True).stdout
    assert out.strip() == f"crm {version('crm')}" and "Flask" not in out
