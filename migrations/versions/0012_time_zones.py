"""time zones: a team's zone and a user's own choice (None: the team's, then CRM_TIMEZONE)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('timezone')
    with op.batch_alter_table('teams', schema=None) as batch_op:
        batch_op.drop_column('timezone')
