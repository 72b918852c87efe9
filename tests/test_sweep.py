"""The sweep of time-based standards over open work, `crm sweep` and `crm worker`."""
import logging
import os
import re
import signal
import threading
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta, timezone

import pytest
from sqlalchemy import select

from crm.services import worker
from crm.extensions import db
from crm.models import Finding
from crm.services import sweep
from crm.services.interactions import InteractionInput, log_interaction
from crm.services.policy import RuleInput, create_version, standards
from crm.services.sweep import SweepCount, run_sweep
from crm.services.access import SYSTEM

SWEEP_STANDARDS = ("callback.on_time", "case.keep_informed", "followup.after_resolution",
                   "response.first_reply")


@pytest.fixture
def contact(agent, customer, now):
    """Log a contact with the customer some time before `now`: contact(hours=30, channel="email")."""

    def log(*, days=0, hours=0, by=None, **fields):
        fields.setdefault("summary", "Customer asked when order 1042 will be delivered.")
        data = InteractionInput(customer_id=customer.id, started_at=now - timedelta(days=days, hours=hours),
                                **fields)
        return log_interaction(data, by or agent).interaction

    return log


def swept():
    """The standards of the findings the sweep stored (interaction checks store no dedupe key)."""
    return sorted(db.session.scalars(select(Finding.standard).where(Finding.dedupe_key.is_not(None))))


def sweep_finding():
    (finding,) = db.session.scalars(select(Finding).where(Finding.dedupe_key.is_not(None)))
    return finding


# --- response.first_reply ------------------------------------------------------------------------

def test_an_email_unanswered_for_30_hours_is_a_late_first_reply(contact, agent, now):
    inquiry = contact(hours=30, channel="email", direction="inbound")
    report = run_sweep(now)
    assert swept() == ["response.first_reply"]
    assert report.counts["response.first_reply"] == SweepCount(found=1, created=1)
    finding = sweep_finding()
    assert (finding.case_id, finding.customer_id, finding.agent_id, finding.team_id, finding.channel) == (
        inquiry.case_id, inquiry.customer_id, agent.id, agent.team_id, "email")
    assert (finding.mode, finding.severity, finding.status) == ("enforce", "medium", "open")
    assert finding.policy_version_id == inquiry.policy_version_id
    assert finding.dedupe_key == f"response.first_reply:case:{inquiry.case_id}:enforce"
    assert "No reply yet 30.0 h" in finding.message
    assert finding.evidence["hours"] == 24


def test_an_email_answered_within_24_hours_has_no_finding(contact, now):
    inquiry = contact(hours=30, channel="email", direction="inbound")
    contact(hours=20, channel="email", direction="outbound", case_id=inquiry.case_id)
    report = run_sweep(now)
    assert swept() == []
    assert report.counts == {code: SweepCount(0, 0) for code in SWEEP_STANDARDS}


# --- callback.on_time ----------------------------------------------------------------------------

def test_a_callback_due_yesterday_without_a_later_contact_is_missed(contact, now):
    promise = contact(hours=40, channel="phone", outcome="follow_up", follow_up_due=now - timedelta(hours=20))
    run_sweep(now)
    assert swept() == ["callback.on_time"]
    finding = sweep_finding()
    assert (finding.interaction_id, finding.case_id) == (promise.id, promise.case_id)
    assert finding.severity == "high"
    assert "has not happened; it is 20.0 h overdue" in finding.message


def test_a_later_contact_before_the_due_time_keeps_the_promise(contact, now):
    promise = contact(hours=40, channel="phone", outcome="follow_up", follow_up_due=now - timedelta(hours=20))
    contact(hours=30, channel="phone", direction="outbound", case_id=promise.case_id)
    run_sweep(now)
    assert swept() == []


# --- followup.after_resolution -------------------------------------------------------------------

def resolved_four_days_ago(contact):
    inquiry = contact(days=4, hours=2, channel="email", direction="inbound")
    contact(days=4, channel="email", direction="outbound", case_id=inquiry.case_id, outcome="resolved")
    return inquiry.case_id


def test_a_case_resolved_4_days_ago_without_contact_since_needs_a_follow_up(contact, now):
    case_id = resolved_four_days_ago(contact)
    run_sweep(now)
    assert swept() == ["followup.after_resolution"]
    assert sweep_finding().case_id == case_id


def test_a_follow_up_contact_within_3_days_of_resolving_has_no_finding(contact, now):
    case_id = resolved_four_days_ago(contact)
    contact(days=2, channel="phone", direction="outbound", case_id=case_id)
    run_sweep(now)
    assert swept() == []


# --- case.keep_informed --------------------------------------------------------------------------

def answered_three_days_ago(contact):
    inquiry = contact(days=3, channel="email", direction="inbound")
    contact(hours=71, channel="email", direction="outbound", case_id=inquiry.case_id)
    return inquiry.case_id


def test_an_open_case_without_an_update_for_3_days_leaves_the_customer_uninformed(contact, now):
    case_id = answered_three_days_ago(contact)
    run_sweep(now)
    assert swept() == ["case.keep_informed"]
    assert sweep_finding().case_id == case_id
    assert "no update for 3.0 days since the last update" in sweep_finding().message


def test_an_update_within_2_days_keeps_the_customer_informed(contact, now):
    case_id = answered_three_days_ago(contact)
    contact(days=1, channel="email", direction="outbound", case_id=case_id)
    run_sweep(now)
    assert swept() == []


# --- each breach once ----------------------------------------------------------------------------

def test_sweeping_again_records_no_breach_twice(contact, now):
    contact(hours=30, channel="email", direction="inbound")
    first = run_sweep(now)
    second = run_sweep(now + timedelta(hours=1))
    assert first.counts["response.first_reply"] == SweepCount(found=1, created=1)
    assert second.counts["response.first_reply"] == SweepCount(found=1, created=0)
    assert swept() == ["response.first_reply"]


def test_two_sweepers_at_once_record_each_breach_once(app, contact, now, monkeypatch):
    contact(hours=30, channel="email", direction="inbound")
    both_checked = threading.Barrier(2, timeout=20)
    real_write_transaction = sweep.write_transaction

    @contextmanager
    def write_after_both_checked():
        # Both sweepers have found the breach before either writes: the race the insert must survive.
        both_checked.wait()
        with real_write_transaction():
            yield

    monkeypatch.setattr(sweep, "write_transaction", write_after_both_checked)
    reports, errors = [], []

    def sweeper():
        try:
            with app.app_context():
                reports.append(run_sweep(now))
        except BaseException as exc:  # reported below, so a failure names its cause
            errors.append(exc)

    threads = [threading.Thread(target=sweeper) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sorted(r.counts["response.first_reply"].created for r in reports) == [0, 1]
    assert swept() == ["response.first_reply"]


# --- what the policy says ------------------------------------------------------------------------

def test_a_pilot_rule_stores_pilot_findings_and_an_off_rule_nothing(contact, now):
    rules = [RuleInput("response.first_reply", mode="pilot"), RuleInput("case.keep_informed", mode="off")]
    create_version(rules, SYSTEM, effective_from=now - timedelta(days=60), allow_past=True)
    inquiry = contact(days=3, channel="email", direction="inbound")
    report = run_sweep(now)
    assert swept() == ["response.first_reply"]
    finding = sweep_finding()
    assert finding.mode == "pilot"
    assert finding.dedupe_key == f"response.first_reply:case:{inquiry.case_id}:pilot"
    assert set(report.counts) == {"response.first_reply"}


def test_a_rule_scoped_to_another_team_leaves_this_team_alone(contact, make_user, now):
    beta_agent = make_user("agent", team="Beta")
    create_version([RuleInput("response.first_reply", teams=["Beta"])], SYSTEM,
                   effective_from=now - timedelta(days=60), allow_past=True)
    contact(hours=30, channel="email", direction="inbound")
    report = run_sweep(now)
    assert swept() == []
    assert report.counts["response.first_reply"] == SweepCount(found=0, created=0)

    contact(hours=30, channel="email", direction="inbound", by=beta_agent)
    run_sweep(now)
    assert swept() == ["response.first_reply"]
    assert sweep_finding().team_id == beta_agent.team_id


def test_the_sweep_uses_the_policy_in_force_at_its_clock(contact, now):
    create_version([RuleInput("response.first_reply", params={"hours": 48})], SYSTEM,
                   effective_from=now + timedelta(hours=1))
    contact(hours=30, channel="email", direction="inbound")
    assert run_sweep(now + timedelta(hours=2)).counts["response.first_reply"].found == 0
    assert run_sweep(now).counts["response.first_reply"].found == 1


def test_a_broken_sweep_check_does_not_stop_the_others(contact, now, caplog):
    def broken(_context, _params):
        raise RuntimeError("plugin bug")

    known = standards()
    known["case.keep_informed"] = replace(known["case.keep_informed"], check=broken)
    contact(hours=30, channel="email", direction="inbound")
    report = run_sweep(now)
    assert report.failed == {"case.keep_informed": "RuntimeError: plugin bug"}
    assert report.counts["response.first_reply"].created == 1
    assert "the sweep check of case.keep_informed failed" in caplog.text


# --- crm sweep and crm worker --------------------------------------------------------------------

def test_crm_sweep_prints_the_counts_per_standard(runner, contact, now):
    contact(hours=30, channel="email", direction="inbound")
    result = runner.invoke(args=["sweep", "--now", now.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "callback.on_time: 0 overdue, 0 new findings",
        "case.keep_informed: 0 overdue, 0 new findings",
        "followup.after_resolution: 0 overdue, 0 new findings",
        "response.first_reply: 1 overdue, 1 new finding",
    ]
    again = runner.invoke(args=["sweep", "--now", (now + timedelta(hours=1)).isoformat()])
    assert "response.first_reply: 1 overdue, 0 new findings" in again.output


def test_crm_sweep_now_moves_the_clock(runner, contact, now):
    contact(hours=30, channel="email", direction="inbound")
    earlier = (now - timedelta(hours=10)).astimezone(timezone(timedelta(hours=1))).isoformat()
    result = runner.invoke(args=["sweep", "--now", earlier])
    assert "response.first_reply: 0 overdue, 0 new findings" in result.output
    assert runner.invoke(args=["sweep", "--now", "yesterday"]).exit_code == 2


def test_crm_sweep_refuses_a_time_without_an_offset(runner, contact, now):
    # 09:00 typed in Prague is not 09:00 UTC: the clock is not guessed, and nothing is swept.
    contact(hours=30, channel="email", direction="inbound")
    result = runner.invoke(args=["sweep", "--now", now.replace(tzinfo=None).isoformat()])
    assert result.exit_code == 2
    assert "needs an offset" in result.output and "overdue" not in result.output
    zulu = runner.invoke(args=["sweep", "--now", now.strftime("%Y-%m-%dT%H:%M:%SZ")])
    assert zulu.exit_code == 0 and "response.first_reply: 1 overdue, 1 new finding" in zulu.output


def test_crm_worker_once_runs_one_sweep(runner, contact, caplog):
    caplog.set_level(logging.INFO, logger="crm.worker")
    contact(hours=30, channel="email", direction="inbound")
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert swept() == ["response.first_reply"]
    runs = [r.getMessage() for r in caplog.records if " sweep: " in r.getMessage()]
    assert len(runs) == 1
    assert re.match(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00 sweep: ", runs[0])
    assert "response.first_reply: 1 overdue, 1 new finding" in runs[0]


def test_the_worker_logs_a_failed_run_carries_on_and_stops_on_sigterm(app, runner, monkeypatch, caplog):
    caplog.set_level(logging.INFO, logger="crm.worker")
    runs = []

    def flaky():
        runs.append("flaky")
        if runs.count("flaky") == 1:
            raise RuntimeError("database went away")
        if runs.count("flaky") == 3:
            os.kill(os.getpid(), signal.SIGTERM)
        return "ok"

    def steady():
        runs.append("steady")
        return "ok"

    monkeypatch.setattr(worker, "WORKER_JOBS", [worker.PeriodicJob("flaky", flaky),
                                                worker.PeriodicJob("steady", steady)])
    handler_before = signal.getsignal(signal.SIGTERM)
    result = runner.invoke(args=["worker", "--interval", "0.01"])
    assert result.exit_code == 0, result.output
    # The SIGTERM came during the third run of "flaky": the worker stopped before the next job.
    assert runs == ["flaky", "steady", "flaky", "steady", "flaky"]
    (failure,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "flaky failed; it runs again next interval" in failure.getMessage() and failure.exc_info
    assert "SIGTERM: stopping after the run under way" in caplog.text
    assert "worker stopped" in caplog.text
    assert signal.getsignal(signal.SIGTERM) is handler_before
