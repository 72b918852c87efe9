"""Alembic environment: migrates the database the CRM app is configured for."""
from __future__ import annotations

from alembic import context
from flask import current_app

config = context.config

import importlib.util
import os

# The filter lives beside this file; Alembic does not put migrations/ on sys.path.
_spec = importlib.util.spec_from_file_location(
    "crm_migration_filters", os.path.join(os.path.dirname(__file__), "filters.py"))
_filters = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_filters)
include_object = _filters.include_object


def _app_context():
    try:
        current_app._get_current_object()
        return None
    except RuntimeError:  # run as plain `alembic upgrade head`
        from crm import create_app

        ctx = create_app().app_context()
        ctx.push()
        return ctx


def run_migrations() -> None:
    ctx = _app_context()
    try:
        from crm import models  # noqa: F401  (registers every table on the metadata)
        from crm.extensions import db

        engine = db.engine
        with engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                # Batch migrations rebuild tables; with foreign keys on, dropping the old copy
                # fails. The pragma only works outside a transaction, so set it on the driver.
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
            context.configure(
                connection=connection,
                target_metadata=db.metadata,
                include_object=include_object,
                render_as_batch=connection.dialect.name == "sqlite",
                compare_type=True,
            )
            with context.begin_transaction():
                context.run_migrations()
            connection.commit()
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
    finally:
        if ctx is not None:
            ctx.pop()


if context.is_offline_mode():
    raise SystemExit("Offline migrations are not supported; run against a database.")
run_migrations()
