"""The migrations build exactly the schema the models describe."""
import importlib.util

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from crm import MIGRATIONS_DIR
from crm.extensions import db


def _migrations_filter():
    spec = importlib.util.spec_from_file_location("crm_migrations_env_filter", f"{MIGRATIONS_DIR}/filters.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.include_object


def test_upgrade_head_gives_the_schema_of_the_models(app):
    # The test database was built by `alembic upgrade head` from empty (conftest.database_url).
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": _migrations_filter(), "compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_name_search_index_exists(app):
    from sqlalchemy import inspect, text

    if db.engine.dialect.name == "sqlite":
        names = inspect(db.engine).get_table_names()
        assert "customer_name_fts" in names
    else:
        assert db.session.scalar(text(
            "SELECT count(*) FROM pg_indexes WHERE indexname = 'customer_name_words_pkey'")) == 1
