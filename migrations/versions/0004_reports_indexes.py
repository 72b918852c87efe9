"""reports indexes: a team's cases and reviewed findings of a period, read from the index alone

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_team_opened', ['team_id', 'opened_at', 'channel', 'first_reply_at',
                                                       'resolved_at'], unique=False)
        batch_op.drop_index('ix_cases_team_id')  # the new index starts with team_id
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_team_mode_status', ['team_id', 'mode', 'status', 'created_at',
                                                               'interaction_id'], unique=False)
        batch_op.drop_index('ix_findings_team_status')  # (team_id, status, mode): the new one serves it


def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_team_status', ['team_id', 'status', 'mode'], unique=False)
        batch_op.drop_index('ix_findings_team_mode_status')
    with op.batch_alter_table('cases', schema=None) as batch_op:
        batch_op.create_index('ix_cases_team_id', ['team_id'], unique=False)
        batch_op.drop_index('ix_cases_team_opened')
