"""review, feedback routing and outbox

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""
from alembic import op
import sqlalchemy as sa
import crm.models.base
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
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

    op.create_table('routing_rules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('product_pattern', sa.String(length=200), nullable=True),
    sa.Column('keywords', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('priority', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_routing_rules_department_id_departments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_routing_rules'))
    )
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_routing_rules_department_id'), ['department_id'], unique=False)

    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('link', sa.String(length=300), nullable=True),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.Column('read_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at', 'created_at'], unique=False)

    op.create_table('surveys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('case_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('team_id', sa.Integer(), nullable=True),
    sa.Column('channel', sa.String(length=20), nullable=True),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.Column('answered_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_surveys_agent_id_users')),
    sa.ForeignKeyConstraint(['case_id'], ['cases.id'], name=op.f('fk_surveys_case_id_cases')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_surveys_customer_id_customers')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_surveys_interaction_id_interactions')),
    sa.ForeignKeyConstraint(['team_id'], ['teams.id'], name=op.f('fk_surveys_team_id_teams')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_surveys')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_surveys_interaction_id'))
    )
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_surveys_agent_id'), ['agent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_surveys_customer_id'), ['customer_id'], unique=False)
        batch_op.create_index('ix_surveys_team_answered', ['team_id', 'answered_at'], unique=False)

    op.create_table('coaching_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.Column('acknowledged_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_coaching_notes_agent_id_users')),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_coaching_notes_author_id_users')),
    sa.ForeignKeyConstraint(['finding_id'], ['findings.id'], name=op.f('fk_coaching_notes_finding_id_findings'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coaching_notes'))
    )
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.create_index('ix_coaching_notes_agent', ['agent_id', 'acknowledged_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coaching_notes_finding_id'), ['finding_id'], unique=False)

    op.create_table('deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('event', sa.String(length=60), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('feedback_id', sa.Integer(), nullable=True),
    sa.Column('target', sa.String(length=500), nullable=False),
    sa.Column('payload', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('idempotency_key', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.Column('locked_until', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('delivered_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_deliveries_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_deliveries_feedback_id_feedback'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliveries')),
    sa.UniqueConstraint('idempotency_key', name=op.f('uq_deliveries_idempotency_key'))
    )
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.create_index('ix_deliveries_due', ['status', 'next_attempt_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_deliveries_feedback_id'), ['feedback_id'], unique=False)

    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_fallback', sa.Boolean(), nullable=False, server_default=sa.false()))

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.add_column(sa.Column('routing_rule_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=20), nullable=False, server_default='agent'))
        batch_op.add_column(sa.Column('group_key', sa.String(length=64), nullable=True))
        batch_op.drop_index(batch_op.f('ix_feedback_department_id'))
        batch_op.create_index('ix_feedback_department_status', ['department_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_group_key'), ['group_key'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_feedback_routing_rule_id_routing_rules'), 'routing_rules', ['routing_rule_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation_level', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('escalated_at', crm.models.base.UTCDateTime(), nullable=True))



def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('escalated_at')
        batch_op.drop_column('escalation_level')

    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_feedback_routing_rule_id_routing_rules'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_feedback_group_key'))
        batch_op.drop_index('ix_feedback_department_status')
        batch_op.create_index(batch_op.f('ix_feedback_department_id'), ['department_id'], unique=False)
        batch_op.drop_column('group_key')
        batch_op.drop_column('source')
        batch_op.drop_column('routing_rule_id')

    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_column('is_fallback')

    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deliveries_feedback_id'))
        batch_op.drop_index('ix_deliveries_due')

    op.drop_table('deliveries')
    with op.batch_alter_table('coaching_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coaching_notes_finding_id'))
        batch_op.drop_index('ix_coaching_notes_agent')

    op.drop_table('coaching_notes')
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_index('ix_surveys_team_answered')
        batch_op.drop_index(batch_op.f('ix_surveys_customer_id'))
        batch_op.drop_index(batch_op.f('ix_surveys_agent_id'))

    op.drop_table('surveys')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_user_unread')

    op.drop_table('notifications')
    with op.batch_alter_table('routing_rules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_routing_rules_department_id'))

    op.drop_table('routing_rules')
    with op.batch_alter_table('compliance_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_compliance_daily_team_day')

    op.drop_table('compliance_daily')
    with op.batch_alter_table('activity_daily', schema=None) as batch_op:
        batch_op.drop_index('ix_activity_daily_team_day')

    op.drop_table('activity_daily')
