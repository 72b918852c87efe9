"""roll-ups by policy version: activity_daily per policy version, compliance_daily without `checked`

What each rule checked is no longer written per rule: it follows from the contacts of
activity_daily and the rules of their policy version (crm.services.rollups.compliance_sums), so
compliance_daily keeps only flags and review outcomes, and only where something was flagged.

Both are keyed by (team_id, day, agent_id, channel, …) with no surrogate id, and on SQLite are
WITHOUT ROWID, so one team's rows of a period are stored together; (agent_id, day) and (day) serve an
agent's standing and every team at once.

The roll-ups are derived data: both tables are rebuilt here from interactions and findings, as
rollups.record_logged and rollups.record_review would have left them (on SQLite, 0004 and this
together took 13 s on a copy of the benchmark data with a million interactions).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

REVIEW_COUNTERS = ('upheld', 'coached', 'dismissed', 'waived')


def _day(column: str) -> str:
    """The UTC day of a stored timestamp (stored as naive UTC), as the Date column holds it."""
    if op.get_bind().dialect.name == 'postgresql':
        return f'CAST({column} AS DATE)'
    return f'date({column})'


def _whole_seconds(start: str, end: str) -> str:
    """int((end - start).total_seconds()) of Interaction.duration_seconds, exactly, in SQL."""
    if op.get_bind().dialect.name == 'postgresql':
        return f'CAST(TRUNC(EXTRACT(EPOCH FROM ({end} - {start}))) AS INTEGER)'
    # SQLite holds 'YYYY-MM-DD HH:MM:SS.ffffff'; strftime('%s') rounds fractions, so whole seconds
    # and microseconds are read apart, and integer division truncates toward zero like int().
    def micros(c):
        return (f"(CAST(strftime('%s', substr({c}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({c}, 21, 6) AS INTEGER))")
    return f'(({micros(end)} - {micros(start)}) / 1000000)'


def _activity_table(by_version: bool):
    if by_version:  # keyed by team and day first; on SQLite clustered that way (WITHOUT ROWID)
        op.create_table('activity_daily',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('agent_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('policy_version_id', sa.Integer(), nullable=False),
        sa.Column('contacts', sa.Integer(), nullable=False),
        sa.Column('handled_seconds', sa.Integer(), nullable=False),
        sa.Column('resolved', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'day', 'agent_id', 'channel', 'policy_version_id',
                                name=op.f('pk_activity_daily')),
        sqlite_with_rowid=False
        )
        with op.batch_alter_table('activity_daily', schema=None) as batch_op:
            batch_op.create_index('ix_activity_daily_agent_day', ['agent_id', 'day'], unique=False)
            batch_op.create_index('ix_activity_daily_day', ['day'], unique=False)
        return
    op.create_table('activity_daily',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('contacts', sa.Integer(), nullable=False),
    sa.Column('handled_seconds', sa.Integer(), nullable=False),
    sa.Column('resolved', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_daily')),
    sa.UniqueConstraint('day', 'team_id', 'agent_id', 'channel', name='uq_activity_daily_key')
    )
    with op.batch_alter_table('activity_daily', schema=None) as batch_op:
        batch_op.create_index('ix_activity_daily_team_day', ['team_id', 'day'], unique=False)


def _compliance_table(flags_only: bool):
    if flags_only:
        op.create_table('compliance_daily',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('agent_id', sa.Integer(), nullable=False),
        sa.Column('channel', sa.String(length=20), nullable=False),
        sa.Column('standard', sa.String(length=60), nullable=False),
        sa.Column('mode', sa.String(length=10), nullable=False),
        sa.Column('flagged', sa.Integer(), nullable=False),
        sa.Column('upheld', sa.Integer(), nullable=False),
        sa.Column('coached', sa.Integer(), nullable=False),
        sa.Column('dismissed', sa.Integer(), nullable=False),
        sa.Column('waived', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('team_id', 'day', 'agent_id', 'channel', 'standard', 'mode',
                                name=op.f('pk_compliance_daily')),
        sqlite_with_rowid=False
        )
        with op.batch_alter_table('compliance_daily', schema=None) as batch_op:
            batch_op.create_index('ix_compliance_daily_agent_day', ['agent_id', 'day'], unique=False)
            batch_op.create_index('ix_compliance_daily_day', ['day'], unique=False)
        return
    op.create_table('compliance_daily',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('standard', sa.String(length=60), nullable=False),
    sa.Column('mode', sa.String(length=10), nullable=False),
    sa.Column('checked', sa.Integer(), nullable=False),
    sa.Column('flagged', sa.Integer(), nullable=False),
    sa.Column('upheld', sa.Integer(), nullable=False),
    sa.Column('coached', sa.Integer(), nullable=False),
    sa.Column('dismissed', sa.Integer(), nullable=False),
    sa.Column('waived', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_compliance_daily')),
    sa.UniqueConstraint('day', 'team_id', 'agent_id', 'channel', 'standard', 'mode', name='uq_compliance_daily_key')
    )
    with op.batch_alter_table('compliance_daily', schema=None) as batch_op:
        batch_op.create_index('ix_compliance_daily_team_day', ['team_id', 'day'], unique=False)


def _drop_tables():
    for table in ('compliance_daily', 'activity_daily'):
        op.drop_table(table)  # its indexes go with it


def _fill_activity(with_version: bool):
    """Every interaction counted as record_logged counts it: per UTC day of its start, team (0: none),
    agent, channel and (with_version) policy version (0: none)."""
    version = ', COALESCE(policy_version_id, 0)' if with_version else ''
    op.execute(sa.text(f"""
        INSERT INTO activity_daily (day, team_id, agent_id, channel{', policy_version_id' if with_version else ''},
                                    contacts, handled_seconds, resolved)
        SELECT {_day('started_at')}, COALESCE(team_id, 0), agent_id, channel{version},
               COUNT(*),
               SUM(CASE WHEN ended_at IS NULL THEN 0 ELSE {_whole_seconds('started_at', 'ended_at')} END),
               SUM(CASE WHEN outcome = 'resolved' THEN 1 ELSE 0 END)
        FROM interactions
        GROUP BY {_day('started_at')}, COALESCE(team_id, 0), agent_id, channel{version}
    """))


def _fill_compliance(with_checked: bool):
    """Flags and review outcomes of findings on interactions, under the interaction's day, team, agent
    and channel. A contact counts once as flagged per standard and mode, however many findings of it
    logging wrote (sweep findings, which carry a dedupe key, are not flags of a logged contact); each
    finding's review decision counts, as rollups.record_review counts it. No row is written where
    nothing counts."""
    reviews = ', '.join(f"SUM(CASE WHEN f.status = '{s}' THEN 1 ELSE 0 END)" for s in REVIEW_COUNTERS)
    key = f"{_day('i.started_at')}, COALESCE(i.team_id, 0), i.agent_id, i.channel, f.standard, f.mode"
    op.execute(sa.text(f"""
        INSERT INTO compliance_daily (day, team_id, agent_id, channel, standard, mode,
                                      {'checked, ' if with_checked else ''}flagged, {', '.join(REVIEW_COUNTERS)})
        SELECT {key}, {'0, ' if with_checked else ''}
               COUNT(DISTINCT CASE WHEN f.dedupe_key IS NULL THEN f.interaction_id END), {reviews}
        FROM findings f JOIN interactions i ON i.id = f.interaction_id
        WHERE f.dedupe_key IS NULL
        GROUP BY {key}
    """))


def upgrade():
    _drop_tables()
    _activity_table(by_version=True)
    _compliance_table(flags_only=True)
    _fill_activity(with_version=True)
    _fill_compliance(with_checked=False)


def downgrade():
    """Back to one compliance row per rule checked: `checked` is written again from each version's rules."""
    from crm.services.policy import Rule, applicable

    bind = op.get_bind()
    rules_table = sa.table('policy_rules', sa.column('id', sa.Integer), sa.column('version_id', sa.Integer),
                           sa.column('standard', sa.String), sa.column('params', sa.JSON),
                           sa.column('mode', sa.String), sa.column('severity', sa.String),
                           sa.column('teams', sa.JSON), sa.column('channels', sa.JSON))
    rules: dict[int, list] = {}
    for r in bind.execute(sa.select(rules_table).order_by(rules_table.c.id)):
        rules.setdefault(r.version_id, []).append(Rule(r.id, r.standard, dict(r.params or {}), r.mode, r.severity,
                                                       frozenset(r.teams or ()), frozenset(r.channels or ())))
    activity = sa.table('activity_daily', sa.column('day', sa.Date), sa.column('team_id', sa.Integer),
                        sa.column('agent_id', sa.Integer), sa.column('channel', sa.String),
                        sa.column('policy_version_id', sa.Integer), sa.column('contacts', sa.Integer))
    checked: dict[tuple, int] = {}
    for day, team, agent, channel, version, contacts in bind.execute(sa.select(activity)):
        for rule in applicable(rules.get(version, ()), channel, team or None):
            key = (day, team, agent, channel, rule.standard, rule.mode)
            checked[key] = checked.get(key, 0) + contacts

    _drop_tables()
    _activity_table(by_version=False)
    _compliance_table(flags_only=False)
    _fill_activity(with_version=False)
    _fill_compliance(with_checked=True)
    table = sa.table('compliance_daily', sa.column('day', sa.Date), sa.column('team_id', sa.Integer),
                     sa.column('agent_id', sa.Integer), sa.column('channel', sa.String),
                     sa.column('standard', sa.String), sa.column('mode', sa.String),
                     sa.column('checked', sa.Integer),
                     *[sa.column(c, sa.Integer) for c in ('flagged',) + REVIEW_COUNTERS])
    names = ('day', 'team_id', 'agent_id', 'channel', 'standard', 'mode')
    existing = {tuple(r) for r in bind.execute(sa.select(*[table.c[n] for n in names]))}
    key_matches = sa.and_(*[table.c[n] == sa.bindparam(f'k_{n}') for n in names])
    updates = [{**{f'k_{n}': v for n, v in zip(names, key)}, 'n': n} for key, n in checked.items() if key in existing]
    if updates:
        bind.execute(table.update().where(key_matches).values(checked=sa.bindparam('n')), updates)
    inserts = [{**dict(zip(names, key)), 'checked': n, 'flagged': 0, **dict.fromkeys(REVIEW_COUNTERS, 0)}
               for key, n in checked.items() if key not in existing]
    if inserts:
        bind.execute(table.insert(), inserts)
