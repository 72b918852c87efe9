"""notices and the app's policy notes kept as messages: read in the reader's language at reading time

A notice (an answer to feedback, a coaching note, an escalation) was written once, in the language its
reader had then, and stayed so after they changed it; a policy version's note written by the app
("Defaults of every installed standard.", a promoted pilot) stayed English. Both now keep the message's
catalogue key and parameters beside the text (as findings' message_l10n does), and the pages render
them in the language of whoever reads. Old notices keep their text; version 1's default note is read as
the message it always was.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
DEFAULTS = "Defaults of every installed standard."


def upgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_l10n', JSON, nullable=True))
    with op.batch_alter_table('policy_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('note_l10n', JSON, nullable=True))
    versions = sa.table('policy_versions', sa.column('note', sa.Text), sa.column('created_by_id', sa.Integer),
                        sa.column('note_l10n', JSON))
    op.execute(versions.update().where(versions.c.note == DEFAULTS, versions.c.created_by_id.is_(None))
               .values(note_l10n={"id": DEFAULTS, "params": {}}))


def downgrade():
    with op.batch_alter_table('policy_versions', schema=None) as batch_op:
        batch_op.drop_column('note_l10n')
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_column('message_l10n')
