"""languages: each user's and department's language, and findings kept to be read in any language

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('locale', sa.String(length=8), nullable=True))
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_l10n', sa.JSON().with_variant(JSONB(), 'postgresql'), nullable=True))


def downgrade():
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('message_l10n')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_column('locale')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('locale')
