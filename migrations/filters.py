"""Which database objects Alembic compares with the models: not the name-search indexes,
which each database keeps its own way (FTS5 on SQLite, the customer_name_words table of migration
0011 on PostgreSQL; pg_trgm before it)."""

UNMANAGED_PREFIXES = ("customer_name_fts", "customer_name_words", "ix_customers_search_name_trgm")


def include_object(obj, name, type_, reflected, compare_to):
    return not (name or "").startswith(UNMANAGED_PREFIXES)
