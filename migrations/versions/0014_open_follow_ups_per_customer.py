"""open follow-ups per customer: a partial index the screen-pop reads its open follow-ups from

The screen-pop (crm/services/screen_pop.py) lists a customer's promised follow-ups not yet kept. Without
this index the database read every contact of the customer (ix_interactions_customer_started) and
looked each row up to test two columns: about a third of the history statement's time at ten contacts
per customer, and growing with a customer's history. Partial (only contacts with a follow-up still
open, a few per cent of them), so logging a contact without a promise does not write it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

OPEN = "follow_up_due IS NOT NULL AND follow_up_done_at IS NULL"


def upgrade():
    op.create_index('ix_interactions_customer_follow_up_open', 'interactions', ['customer_id', 'follow_up_due'],
                    unique=False, sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))


def downgrade():
    op.drop_index('ix_interactions_customer_follow_up_open', table_name='interactions')
