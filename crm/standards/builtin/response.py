"""Time-based standards, checked by the periodic sweep: replies, callbacks, follow-ups and updates."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Iterator

from sqlalchemy import func, or_, select

from ...models import WRITTEN_CHANNELS, Case, Interaction
from ...i18n import Message, msg, nmsg, renamed
from ..base import OverdueWork, Param, Standard, SweepContext, hookimpl
from .wording import N_, span

# Each query selects candidates with plain comparisons against times computed here, which use the
# indexes and read the same on SQLite and PostgreSQL; "this column plus N hours" differs between
# them, so the precise test against each row's own deadline is done in Python.


def _days(count: int) -> Message:
    return nmsg("%(num)s day", "%(num)s days", count)


def _channel(code: str) -> Message:
    """The channel as the reader calls it (the codes are the API's)."""
    from ...labels import LABELS

    return msg(LABELS.get(code, code))


def _lookback(days: int) -> Param:
    return Param("lookback_days", int, days, N_("How far back the sweep looks, in days."), minimum=1)


def check_first_reply(ctx: SweepContext, params: dict) -> Iterator[OverdueWork]:
    allowed = timedelta(hours=params["hours"])
    cases = ctx.session.scalars(
        select(Case)
        .where(
            Case.channel.in_(WRITTEN_CHANNELS),
            Case.opened_at >= ctx.now - timedelta(days=params["lookback_days"]),
            Case.opened_at < ctx.now - allowed,
        )
        .order_by(Case.id)
    )
    for case in cases:
        deadline = case.opened_at + allowed
        if case.first_reply_at is None:
            message = msg("No reply yet %(elapsed)s after this %(channel)s inquiry was opened; the standard "
                          "is a first reply within %(hours)s h.", elapsed=span(ctx.now - case.opened_at),
                          channel=_channel(case.channel), hours=params["hours"])
        elif case.first_reply_at > deadline:
            message = msg("The first reply came %(elapsed)s after this %(channel)s inquiry was opened; the "
                          "standard is within %(hours)s h.", elapsed=span(case.first_reply_at - case.opened_at),
                          channel=_channel(case.channel), hours=params["hours"])
        else:
            continue
        yield OverdueWork(
            message=message,
            dedupe_key=f"response.first_reply:case:{case.id}",
            customer_id=case.customer_id,
            case_id=case.id,
            agent_id=case.owner_id,
            team_id=case.team_id,
            channel=case.channel,
            evidence={
                "opened_at": case.opened_at.isoformat(),
                "first_reply_at": case.first_reply_at.isoformat() if case.first_reply_at else None,
                "hours": params["hours"],
            },
        )


NOT_CALLED_BACK = N_("The callback promised for %(due)s has not happened; it is %(elapsed)s overdue.")
CALLED_BACK_LATE = N_("The callback promised for %(due)s happened %(elapsed)s late.")


def _utc_text(text: object) -> object:
    """A due time as findings stored it before it was kept as a moment: "2026-11-23 09:00", in UTC."""
    try:
        return datetime.strptime(str(text), "%Y-%m-%d %H:%M").replace(tzinfo=timezone.utc)
    except ValueError:
        return text


renamed("The callback promised for %(due)s UTC has not happened; it is %(elapsed)s overdue.", NOT_CALLED_BACK,
        due=_utc_text)
renamed("The callback promised for %(due)s UTC happened %(elapsed)s late.", CALLED_BACK_LATE, due=_utc_text)


def check_callback(ctx: SweepContext, params: dict) -> Iterator[OverdueWork]:
    grace = timedelta(minutes=params["grace_minutes"])
    promises = ctx.session.scalars(
        select(Interaction)
        .where(
            Interaction.follow_up_due >= ctx.now - timedelta(days=params["lookback_days"]),
            Interaction.follow_up_due < ctx.now - grace,
            # Comparing two columns is portable, and leaves out the promises kept on time or early.
            or_(Interaction.follow_up_done_at.is_(None),
                Interaction.follow_up_done_at > Interaction.follow_up_due),
        )
        .order_by(Interaction.id)
    )
    for interaction in promises:
        due, done = interaction.follow_up_due, interaction.follow_up_done_at
        # The due time is kept as the moment it is: each reader sees it on their own clock.
        if done is None:
            message = msg(NOT_CALLED_BACK, due=due, elapsed=span(ctx.now - due))
        elif done > due + grace:
            message = msg(CALLED_BACK_LATE, due=due, elapsed=span(done - due))
        else:
            continue
        yield OverdueWork(
            message=message,
            dedupe_key=f"callback.on_time:interaction:{interaction.id}",
            customer_id=interaction.customer_id,
            case_id=interaction.case_id,
            interaction_id=interaction.id,
            agent_id=interaction.agent_id,
            team_id=interaction.team_id,
            channel=interaction.channel,
            evidence={
                "follow_up_due": due.isoformat(),
                "follow_up_done_at": done.isoformat() if done else None,
                "grace_minutes": params["grace_minutes"],
            },
        )


def check_follow_up(ctx: SweepContext, params: dict) -> Iterator[OverdueWork]:
    allowed = timedelta(days=params["days"])
    cases = ctx.session.scalars(
        select(Case)
        .where(
            Case.status == "resolved",
            Case.resolved_at >= ctx.now - timedelta(days=params["lookback_days"]),
            Case.resolved_at < ctx.now - allowed,
            or_(Case.followed_up_at.is_(None), Case.followed_up_at > Case.resolved_at),
        )
        .order_by(Case.id)
    )
    for case in cases:
        if case.followed_up_at is None:
            message = msg("No follow-up contact %(elapsed)s after the case was resolved; the standard is "
                          "within %(days)s.", elapsed=span(ctx.now - case.resolved_at), days=_days(params["days"]))
        elif case.followed_up_at > case.resolved_at + allowed:
            message = msg("The follow-up contact came %(elapsed)s after the case was resolved; the standard "
                          "is within %(days)s.", elapsed=span(case.followed_up_at - case.resolved_at),
                          days=_days(params["days"]))
        else:
            continue
        yield OverdueWork(
            message=message,
            dedupe_key=f"followup.after_resolution:case:{case.id}",
            customer_id=case.customer_id,
            case_id=case.id,
            agent_id=case.owner_id,
            team_id=case.team_id,
            channel=case.channel,
            evidence={
                "resolved_at": case.resolved_at.isoformat(),
                "followed_up_at": case.followed_up_at.isoformat() if case.followed_up_at else None,
                "days": params["days"],
            },
        )


def check_keep_informed(ctx: SweepContext, params: dict) -> Iterator[OverdueWork]:
    cutoff = ctx.now - timedelta(days=params["days"])
    cases = ctx.session.scalars(
        select(Case)
        .where(
            Case.status == "open",
            # Implied by the next line, since updates come after opening, but it lets the
            # (status, opened_at) index narrow the scan.
            Case.opened_at < cutoff,
            func.coalesce(Case.last_update_at, Case.opened_at) < cutoff,
        )
        .order_by(Case.id)
    )
    for case in cases:
        last_heard = case.last_update_at or case.opened_at
        if case.last_update_at:
            message = msg("The customer has had no update for %(elapsed)s since the last update; the "
                          "standard is an update at least every %(days)s.",
                          elapsed=span(ctx.now - last_heard), days=_days(params["days"]))
        else:
            message = msg("The customer has had no update for %(elapsed)s since the case was opened; the "
                          "standard is an update at least every %(days)s.",
                          elapsed=span(ctx.now - last_heard), days=_days(params["days"]))
        yield OverdueWork(
            message=message,
            # A new silent spell after an update is a new breach, so the key names where it began.
            dedupe_key=f"case.keep_informed:case:{case.id}:{last_heard.isoformat()}",
            customer_id=case.customer_id,
            case_id=case.id,
            agent_id=case.owner_id,
            team_id=case.team_id,
            channel=case.channel,
            evidence={"last_update_at": last_heard.isoformat(), "days": params["days"]},
        )


@hookimpl
def crm_standards():
    return [
        Standard(
            code="response.first_reply",
            title=N_("First reply to written inquiries"),
            description=N_("An inquiry by e-mail, chat, social media, web form or SMS gets a first reply "
                        "within the given number of hours of being opened."),
            source="004: a standard response time could be within 24 hours of receiving a customer's "
                   "request (Romanian article on meeting customer-service performance "
                   "standards, FAQ examples); 000: set acceptable response times for electronic "
                   "communication (Malay article on customer-service performance standards, 'Komunikasi')",
            kind="sweep",
            check=check_first_reply,
            params=(
                Param("hours", int, 24, N_("Hours allowed for the first reply."), minimum=1),
                _lookback(30),
            ),
            channels=frozenset(WRITTEN_CHANNELS),
            targets={"first_reply_hours": "hours"},
        ),
        Standard(
            code="callback.on_time",
            title=N_("Callbacks on time"),
            description=N_("A callback or follow-up promised to the customer happens by its due time."),
            source="000: set acceptable parameters for returning calls (Malay article on "
                   "customer-service performance standards, 'Komunikasi')",
            kind="sweep",
            check=check_callback,
            params=(
                Param("grace_minutes", int, 0, N_("Minutes of lateness tolerated after the due time."),
                      minimum=0),
                _lookback(30),
            ),
            channels=None,
            default_severity="high",
        ),
        Standard(
            code="followup.after_resolution",
            title=N_("Follow up after resolving"),
            description=N_("A resolved case gets a follow-up contact with the customer within the given "
                        "number of days."),
            source="001: follow up with customers after the service interaction (4 standards, #3) and, "
                   "once the problem is resolved, contact the customer again (7 standards, #6) (Czech "
                   "article on customer-service standards)",
            kind="sweep",
            check=check_follow_up,
            params=(
                Param("days", int, 3, N_("Days allowed for the follow-up contact."), minimum=1),
                _lookback(60),
            ),
            channels=None,
            default_severity="low",
        ),
        Standard(
            code="case.keep_informed",
            title=N_("Keep the customer informed"),
            description=N_("While a case is open the customer hears from us at least every given number "
                        "of days."),
            source="001: keep the customer informed throughout the whole process (7 standards, #7) "
                   "(Czech article on customer-service standards)",
            kind="sweep",
            check=check_keep_informed,
            params=(Param("days", int, 2, N_("Longest silence allowed on an open case, in days."), minimum=1),),
            channels=None,
        ),
    ]
