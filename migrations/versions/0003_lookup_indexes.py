"""lookup indexes: a customer's open cases without a scan

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_customer_status', ['customer_id', 'status', 'opened_at'], unique=False)
        batch_op.drop_index('ix_cases_customer_id')


def downgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_customer_id', ['customer_id'], unique=False)
        batch_op.drop_index('ix_cases_customer_status')
