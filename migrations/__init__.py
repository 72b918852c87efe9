"""The Alembic migrations, installed as the package `crm.migrations` (see setup.py)."""
