"""The daily roll-ups the dashboards read count every contact logged at once by many connections: each
contact adds to the same activity and compliance rows (one agent, one day, one channel), so a lost
update would show as a dashboard that disagrees with the findings and interactions stored."""
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import distinct, func, select

from crm.extensions import db
from crm.models import ActivityDaily, ComplianceDaily, Finding, Interaction

THREADS, EACH = 6, 4


def test_contacts_logged_at_once_are_each_counted_in_the_roll_ups(live_server, agent, customer, token_for):
    from test_calls import http

    token = token_for(agent)
    started = (datetime.now(timezone.utc) - timedelta(hours=1)).replace(microsecond=0)
    ended = started + timedelta(minutes=10)
    bodies = []
    for i in range(THREADS * EACH):
        body = {"customer_id": customer.id, "channel": "phone", "started_at": started.isoformat(),
                "ended_at": ended.isoformat(), "outcome": "resolved" if i % 2 else "follow_up",
                "follow_up_due": None if i % 2 else (ended + timedelta(days=1)).isoformat(),
                "summary": "Parcel traced with the courier, new delivery booked for tomorrow morning"}
        if i % 3 != 2:  # two contacts in three are flagged: a long hold without an apology
            body["holds"] = [{"seconds": 400, "apologized": False}]
        bodies.append(body)
    start, statuses = threading.Barrier(THREADS), []
    lock = threading.Lock()

    def log(mine):
        start.wait()
        for body in mine:
            status, _ = http(live_server, token, "POST", "/api/v1/interactions", body)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=log, args=(bodies[k::THREADS],)) for k in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert statuses == [201] * len(bodies)

    db.session.expire_all()
    logged = db.session.scalar(select(func.count()).select_from(Interaction).where(Interaction.agent_id == agent.id))
    assert logged == len(bodies)
    activity = db.session.execute(
        select(func.sum(ActivityDaily.contacts), func.sum(ActivityDaily.handled_seconds), func.sum(ActivityDaily.resolved))
        .where(ActivityDaily.agent_id == agent.id)).one()
    assert tuple(activity) == (len(bodies), len(bodies) * 600, len(bodies) // 2)

    flagged_contacts = dict(db.session.execute(
        select(Finding.standard, func.count(distinct(Finding.interaction_id)))
        .where(Finding.agent_id == agent.id, Finding.mode == "enforce").group_by(Finding.standard)).all())
    assert flagged_contacts.get("hold.apology") == len(bodies) - len(bodies) // 3  # the long holds, each counted
    rolled_up = dict(db.session.execute(
        select(ComplianceDaily.standard, func.sum(ComplianceDaily.flagged))
        .where(ComplianceDaily.agent_id == agent.id, ComplianceDaily.mode == "enforce")
        .group_by(ComplianceDaily.standard)).all())
    assert rolled_up == flagged_contacts
