"""calls measured by telephony: the calls table

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

import crm.models.base

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def _json():
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')


def upgrade():
    op.create_table('calls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('call_id', sa.String(length=120), nullable=False),
    sa.Column('direction', sa.String(length=10), nullable=True),
    sa.Column('from_number', sa.String(length=64), nullable=True),
    sa.Column('to_number', sa.String(length=64), nullable=True),
    sa.Column('queue', sa.String(length=120), nullable=True),
    sa.Column('agent_id', sa.Integer(), nullable=True),
    sa.Column('customer_id', sa.Integer(), nullable=True),
    sa.Column('candidate_ids', _json(), nullable=False),
    sa.Column('events', _json(), nullable=False),
    sa.Column('ringing_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('answered_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('ended_at', crm.models.base.UTCDateTime(), nullable=True),
    sa.Column('queue_wait_seconds', sa.Integer(), nullable=True),
    sa.Column('holds', _json(), nullable=False),
    sa.Column('transfers', _json(), nullable=False),
    sa.Column('hold_apologies', _json(), nullable=False),
    sa.Column('interaction_id', sa.Integer(), nullable=True),
    sa.Column('typed', _json(), nullable=True),
    sa.Column('created_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.Column('updated_at', crm.models.base.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agent_id'], ['users.id'], name=op.f('fk_calls_agent_id_users')),
    sa.ForeignKeyConstraint(['customer_id'], ['customers.id'], name=op.f('fk_calls_customer_id_customers')),
    sa.ForeignKeyConstraint(['interaction_id'], ['interactions.id'], name=op.f('fk_calls_interaction_id_interactions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calls')),
    sa.UniqueConstraint('call_id', name=op.f('uq_calls_call_id')),
    sa.UniqueConstraint('interaction_id', name=op.f('uq_calls_interaction_id'))
    )
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.create_index('ix_calls_agent_ended', ['agent_id', 'ended_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_calls_customer_id'), ['customer_id'], unique=False)


def downgrade():
    with op.batch_alter_table('calls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calls_customer_id'))
        batch_op.drop_index('ix_calls_agent_ended')
    op.drop_table('calls')
