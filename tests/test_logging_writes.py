"""What logging a contact writes, whatever way it is written: the batched inserts must leave the same
findings, roll-ups, surveys, cases and kept promises as the one-object-at-a-time writes they replaced,
and a failure anywhere in the write leaves nothing behind."""
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm.extensions import db
from crm.models import (ActivityDaily, Case, ComplianceDaily, Feedback, Finding, Interaction, Survey)
from crm.services import rollups
from crm.i18n import stored_message
from crm.services.interactions import InteractionInput, check_interaction, log_interaction

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
# Written by the ORM unit-of-work version of log_interaction (before the batched writes), once.
EXPECTED = Path(__file__).with_name("data") / "logging_writes.json"


def _contacts(customer, other, lead):
    """A day of contacts touching every write: new and existing cases, promises made and kept,
    holds without apology, an approval, a justification, a survey, feedback routed."""
    at = lambda minutes: T0 + timedelta(minutes=minutes)  # noqa: E731
    return [
        dict(customer_id=customer.id, started_at=at(0), ended_at=at(9), summary="Order late, will call back",
             outcome="follow_up", follow_up_due=at(60 * 24), holds=[{"seconds": 120, "apologized": False}]),
        dict(customer_id=customer.id, started_at=at(30), channel="email", summary="Written complaint about the box",
             feedback=[{"category": "packaging", "text": "The box arrived crushed"}]),
        dict(customer_id=customer.id, started_at=at(60), ended_at=at(68), direction="outbound",
             summary="Called back, order found and resolved", outcome="resolved", case_id="first-case",
             holds=[{"seconds": 400, "apologized": True}]),
        dict(customer_id=other.id, started_at=at(90), ended_at=at(96), summary="", outcome="resolved",
             holds=[{"seconds": 200, "apologized": False}],
             justifications={"hold.apology": "The customer asked to hold while finding the invoice"}),
        dict(customer_id=other.id, started_at=at(120), channel="chat", summary="Refund agreed for the broken kettle",
             amount="900", approved_by=lead.id, outcome="escalated", follow_up_due=at(60 * 30)),
        dict(customer_id=other.id, started_at=at(150), summary="Escalation followed up", outcome="resolved",
             direction="outbound"),
    ]


def _snapshot(ids: list[int]) -> dict:
    """Everything the contacts wrote, with ids replaced by the contact's position."""
    position = {ix_id: n for n, ix_id in enumerate(ids)}
    cases = {}
    for ix in db.session.scalars(select(Interaction).order_by(Interaction.id)):
        if ix.case_id is not None:
            cases.setdefault(ix.case_id, position[ix.id])

    def iso(value):
        return value.isoformat() if value else None

    return {
        "interactions": [[position[ix.id], cases.get(ix.case_id), iso(ix.follow_up_done_at), ix.policy_version_id
                          is not None] for ix in db.session.scalars(select(Interaction).order_by(Interaction.id))],
        "cases": [[cases[c.id], c.status, c.channel, c.subject, iso(c.opened_at), iso(c.first_reply_at),
                   iso(c.last_update_at), iso(c.resolved_at), iso(c.followed_up_at)]
                  for c in db.session.scalars(select(Case).order_by(Case.id))],
        "findings": sorted([position[f.interaction_id], cases.get(f.case_id), f.standard, f.mode, f.severity,
                            f.status, f.justification, f.channel,
                            f.escalation_level or 0, f.reviewer_id, f.dedupe_key]
                           for f in db.session.scalars(select(Finding))),
        "activity_daily": sorted([r.day.isoformat(), r.channel, r.contacts, r.handled_seconds, r.resolved]
                                 for r in db.session.scalars(select(ActivityDaily))),
        "compliance_daily": sorted([r.day.isoformat(), r.channel, r.standard, r.mode, r.flagged, r.upheld,
                                    r.coached, r.dismissed, r.waived]
                                   for r in db.session.scalars(select(ComplianceDaily))),
        "surveys": sorted([position[s.interaction_id], cases.get(s.case_id), s.channel, s.answered_at is None]
                          for s in db.session.scalars(select(Survey))),
        "feedback": [[position[fb.interaction_id], fb.category, fb.text, fb.status, fb.department_id is not None,
                      bool(fb.group_key)] for fb in db.session.scalars(select(Feedback).order_by(Feedback.id))],
    }


def _log_all(customer, other, agent, lead):
    """Log the contacts; (their ids, what the checks said of each just before it was logged)."""
    ids, checked, first_case = [], [], None
    for fields in _contacts(customer, other, lead):
        if fields.get("case_id") == "first-case":
            fields["case_id"] = first_case
        results = check_interaction(InteractionInput(**fields), agent).results
        checked.append(sorted((r.rule.standard, str(r.departure.message), stored_message(r.departure.message),
                               dict(r.departure.evidence or {})) for r in results))
        logged = log_interaction(InteractionInput(**fields), agent)
        first_case = first_case or logged.interaction.case_id
        ids.append(logged.interaction.id)
    return ids, checked


def test_logging_writes_what_the_unit_of_work_wrote(make_customer, agent, lead):
    customer = make_customer("Siti binti Rahman", emails=["siti@example.my"], phones=["+60 12-345 6789"])
    other = make_customer("Jan Novák", language="cs")
    ids, checked = _log_all(customer, other, agent, lead)
    db.session.expire_all()
    for ix_id, said in zip(ids, checked):  # each finding says what the check said, word for word
        stored = db.session.scalars(select(Finding).where(Finding.interaction_id == ix_id))
        assert sorted((f.standard, f.message, f.message_l10n, f.evidence) for f in stored) == said
    got = json.loads(json.dumps(_snapshot(ids)))
    assert got == json.loads(EXPECTED.read_text())


def test_the_answer_holds_the_findings_as_stored(make_customer, agent):
    logged = log_interaction(InteractionInput(customer_id=make_customer().id, started_at=T0, summary="",
                                              holds=[{"seconds": 300, "apologized": False}]), agent)
    assert logged.findings, "the default policy flags a long hold without an apology"
    stored = {f.id: (f.standard, f.message, f.interaction_id) for f in
              db.session.scalars(select(Finding).where(Finding.interaction_id == logged.interaction.id))}
    assert {f.id: (f.standard, f.message, f.interaction_id) for f in logged.findings} == stored


@pytest.mark.parametrize("failing", ["findings", "roll-ups"])
def test_a_failure_while_writing_leaves_nothing(make_customer, agent, monkeypatch, failing):
    """All or nothing: a contact whose findings or roll-ups cannot be written is not stored either."""
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    if failing == "roll-ups":  # the rows both ways of writing them make (on PostgreSQL, in the findings' INSERT)
        monkeypatch.setattr(rollups, "_logged_rows", fail)
    else:
        import crm.services.interactions as interactions

        monkeypatch.setattr(interactions, "_finding", fail)
    customer = make_customer()
    with pytest.raises(RuntimeError):
        log_interaction(InteractionInput(customer_id=customer.id, started_at=T0, outcome="follow_up",
                                         follow_up_due=T0 + timedelta(days=1), summary="",
                                         holds=[{"seconds": 300, "apologized": False}]), agent)
    db.session.rollback()
    for model in (Interaction, Case, Finding, ActivityDaily, ComplianceDaily, Survey):
        assert db.session.scalar(select(func.count()).select_from(model)) == 0, model.__name__


def test_two_requests_racing_with_one_idempotency_key_log_the_contact_once(make_customer, agent, monkeypatch):
    """The second of two requests with one key, which looked before the first had committed, meets the
    stored key when it writes (the database refuses the duplicate), and answers with the first contact."""
    import crm.services.interactions as interactions

    body = InteractionInput(customer_id=make_customer().id, started_at=T0, summary="Order late")
    first = log_interaction(body, agent, "call-7781")
    replay = interactions._replay
    looks = []

    def too_early(stored_key, actor, body_hash=None):  # the first look, as if the other had not committed yet
        looks.append(stored_key)
        return None if len(looks) == 1 else replay(stored_key, actor, body_hash)

    monkeypatch.setattr(interactions, "_replay", too_early)
    second = log_interaction(body, agent, "call-7781")
    assert len(looks) == 2 and second.replayed and second.interaction.id == first.interaction.id
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Interaction)) == 1


def test_several_findings_written_at_once_answer_as_stored_without_reading_again(make_customer, agent):
    """A contact flagged by several rules: its findings are written in one statement, each answered
    finding is the stored row of its own standard (ids not crossed), and what the answer and the
    crm_interaction_logged hooks read of them (every column, the policy version, the agent) needs no SQL."""
    from sqlalchemy import event

    from crm.models import User

    customer_id = make_customer().id
    db.session.commit()
    db.session.expunge_all()  # a request's own session: nothing of the policy loaded in it yet
    agent = db.session.get(User, agent.id)
    logged = log_interaction(InteractionInput(
        customer_id=customer_id, started_at=T0, ended_at=T0 + timedelta(minutes=30), summary="",
        queue_wait_seconds=3600, holds=[{"seconds": 900, "apologized": False}],
        transfers=[{"type": "cold", "to": "billing"}]), agent)
    assert len({f.standard for f in logged.findings}) >= 4, [f.standard for f in logged.findings]
    answered = [(f.id, f.standard, f.message, f.evidence, f.mode, f.severity, f.status, f.agent_id, f.team_id,
                 f.interaction_id, f.policy_version_id, f.escalation_level, f.created_at, f.reviewer_id,
                 f.dedupe_key) for f in logged.findings]
    statements = []
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        seen = [(f.policy_version.number, f.agent.email, f.reviewer, f.message_l10n) for f in logged.findings]
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert statements == [], "nothing of an answered finding is read back"
    assert {s[0] for s in seen} == {1} and {s[1] for s in seen} == {agent.email} and {s[2] for s in seen} == {None}
    db.session.expire_all()
    stored = [(f.id, f.standard, f.message, f.evidence, f.mode, f.severity, f.status, f.agent_id, f.team_id,
               f.interaction_id, f.policy_version_id, f.escalation_level, f.created_at, f.reviewer_id, f.dedupe_key)
              for f in db.session.scalars(select(Finding).where(Finding.interaction_id == logged.interaction.id)
                                          .order_by(Finding.id))]
    assert sorted(answered) == stored
    assert [f.id for f in logged.findings] == sorted(f.id for f in logged.findings), "in the order of the checks"
