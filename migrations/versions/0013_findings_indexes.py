"""findings indexes: drop the two no query reads, written at every finding logged

Every finding logged updates each index of the table. No query filters or sorts findings by their case
(cases' own work is found through the cases table) or by their policy version alone (the pilot report
also names the standard, which ix_findings_standard_created answers); policy versions and cases are never
deleted, so no foreign-key check needs them either. The six that stay: the primary key, the unique
dedupe key (the sweep), interaction (a contact's findings), customer (merging customers), agent and
status (an agent's own), standard and time (filters), team, mode, status, time (queues, reports).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index('ix_findings_case_id')
        batch_op.drop_index('ix_findings_policy_version_id')


def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index('ix_findings_policy_version_id', ['policy_version_id'], unique=False)
        batch_op.create_index('ix_findings_case_id', ['case_id'], unique=False)
