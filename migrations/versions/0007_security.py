"""security: session versions that end every session of a user; webhook secrets encrypted at rest

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""
import base64

from alembic import op
import sqlalchemy as sa

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def _fernet():
    # The key derivation of crm/crypto.py, frozen here as this revision applied it.
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF
    from flask import current_app

    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"crm webhook secrets").derive(current_app.config["SECRET_KEY"].encode())
    return Fernet(base64.urlsafe_b64encode(key))


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.alter_column('webhook_secret', existing_type=sa.String(length=200), type_=sa.String(length=500),
                              existing_nullable=True)
    departments = sa.table('departments', sa.column('id', sa.Integer), sa.column('webhook_secret', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(departments.c.id, departments.c.webhook_secret)
                              .where(departments.c.webhook_secret.isnot(None))).all()
    if rows:
        fernet = _fernet()
        for row in rows:
            token = fernet.encrypt(row.webhook_secret.encode()).decode()
            connection.execute(departments.update().where(departments.c.id == row.id).values(webhook_secret=token))


def downgrade():
    departments = sa.table('departments', sa.column('id', sa.Integer), sa.column('webhook_secret', sa.String))
    connection = op.get_bind()
    rows = connection.execute(sa.select(departments.c.id, departments.c.webhook_secret)
                              .where(departments.c.webhook_secret.isnot(None))).all()
    if rows:
        fernet = _fernet()
        for row in rows:
            plain = fernet.decrypt(row.webhook_secret.encode()).decode()
            connection.execute(departments.update().where(departments.c.id == row.id).values(webhook_secret=plain))
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.alter_column('webhook_secret', existing_type=sa.String(length=500), type_=sa.String(length=200),
                              existing_nullable=True)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('session_version')
