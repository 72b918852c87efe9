"""name words: on PostgreSQL, name search by btree range scans over the words of the names

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

PostgreSQL only (SQLite keeps its FTS5 trigram index). `customer_name_words` holds, for every
customer, each word of `search_name` that is at least 3 characters long, written with a leading
space (" novakova": a query word that starts a word of the name), and every suffix of at least 3
characters of those words ("novakova", "ovakova", ..., "ova": a query word found inside a word).
A query word then is a prefix, and a prefix is a range of one btree under COLLATE "C": " nov" to
" now" for the word starts, "ova" to "ovb" for the names containing it, read up to a bounded
number of rows however many names match (the pg_trgm GIN index had to collect every match
first: 79 ms for a common fragment at 1,000,000 customers).

Words are what `[[:space:]/'.,-]+` separates, as crm.services.lookup._WORDS. Statement-level
triggers with transition tables keep the table in step with customers (a COPY or a 5,000-row
INSERT is one set-based statement, not 5,000 calls); the pg_trgm index is dropped, since no query
uses it any more and every insert paid for it.
"""
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

# What a name's rows are (kept in one place: the triggers, this migration's fill and bench/generate.py
# all call it).
FUNCTION = r"""
CREATE FUNCTION crm_name_words(name text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT DISTINCT w FROM regexp_split_to_table(name, '[[:space:]/''.,-]+') AS t,
        LATERAL (SELECT ' ' || t WHERE length(t) >= 3
                 UNION ALL SELECT substr(t, i) FROM generate_series(1, length(t) - 2) AS i) AS s(w)
$$
"""
# Not STRICT, so the planner inlines it into the statement that calls it: called as a function
# for each name, it was planned (and JIT-compiled) for each, ~20 ms a name.

TRIGGER_FUNCTIONS = r"""
CREATE FUNCTION crm_name_words_insert() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    INSERT INTO customer_name_words (word, customer_id)
    SELECT w, n.id FROM new_rows AS n, crm_name_words(n.search_name) AS w;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_name_words_update() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    DELETE FROM customer_name_words AS cw
    USING old_rows AS o JOIN new_rows AS n ON n.id = o.id, crm_name_words(o.search_name) AS w
    WHERE n.search_name IS DISTINCT FROM o.search_name AND cw.word = w AND cw.customer_id = o.id;
    INSERT INTO customer_name_words (word, customer_id)
    SELECT w, n.id FROM old_rows AS o JOIN new_rows AS n ON n.id = o.id, crm_name_words(n.search_name) AS w
    WHERE n.search_name IS DISTINCT FROM o.search_name;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_name_words_delete() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    DELETE FROM customer_name_words AS cw USING old_rows AS o, crm_name_words(o.search_name) AS w
    WHERE cw.word = w AND cw.customer_id = o.id;
    RETURN NULL;
END $$;

CREATE FUNCTION crm_name_words_truncate() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $$
BEGIN
    TRUNCATE customer_name_words;
    RETURN NULL;
END $$;
"""

TRIGGERS = (
    "CREATE TRIGGER customers_name_words_insert AFTER INSERT ON customers "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_name_words_insert()",
    "CREATE TRIGGER customers_name_words_update AFTER UPDATE ON customers "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION crm_name_words_update()",
    "CREATE TRIGGER customers_name_words_delete AFTER DELETE ON customers "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION crm_name_words_delete()",
    "CREATE TRIGGER customers_name_words_truncate AFTER TRUNCATE ON customers "
    "FOR EACH STATEMENT EXECUTE FUNCTION crm_name_words_truncate()",
)

FILL = ("INSERT INTO customer_name_words (word, customer_id) "
        "SELECT w, c.id FROM customers AS c, crm_name_words(c.search_name) AS w ORDER BY 1")
# In word order, so a range's rows share heap pages until VACUUM (autovacuum, after this many inserts)
# sets the visibility map and the reads become index-only scans.


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(FUNCTION)
    op.execute(TRIGGER_FUNCTIONS)
    # No foreign key: the delete trigger removes a customer's rows, and a key checked for each of
    # ~10 rows per imported customer would cost more than the rows themselves.
    op.execute('CREATE TABLE customer_name_words (word text COLLATE "C" NOT NULL, customer_id integer NOT NULL)')
    op.execute("SET LOCAL jit = off")  # the estimates of the words per name are far too high: no JIT
    op.execute(FILL)
    op.execute("ALTER TABLE customer_name_words ADD CONSTRAINT customer_name_words_pkey "
               "PRIMARY KEY (word, customer_id)")
    for trigger in TRIGGERS:
        op.execute(trigger)
    op.execute("DROP INDEX IF EXISTS ix_customers_search_name_trgm")
    op.execute("ANALYZE customer_name_words")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_customers_search_name_trgm ON customers USING gin (search_name gin_trgm_ops)")
    for name in ("insert", "update", "delete", "truncate"):
        op.execute(f"DROP TRIGGER IF EXISTS customers_name_words_{name} ON customers")
        op.execute(f"DROP FUNCTION IF EXISTS crm_name_words_{name}()")
    op.execute("DROP TABLE IF EXISTS customer_name_words")
    op.execute("DROP FUNCTION IF EXISTS crm_name_words(text)")
