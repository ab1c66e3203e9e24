"""Full-text search index for practices, kept up to date by the database itself.

Hand-written and vendor-aware (see portal/practices/search.py for how it is queried):

* SQLite: an FTS5 table ``practices_practice_fts`` (rowid = practice id; columns title, summary,
  partners and the practice's sources joined into one text), plus an ``fts5vocab`` view of its
  terms for typo suggestions. Triggers on ``practices_practice`` and ``practices_practicesource``
  keep it in step with every writer: the ORM, bulk_create, raw SQL, the admin, merges.
* PostgreSQL: a table ``practices_practice_search`` (practice id; a ``tsvector`` of all the fields,
  and one of the title alone, for ranking) with GIN indexes, and a word list
  ``practices_search_word`` with a pg_trgm GIN index for typo suggestions. Statement-level
  triggers with transition tables refresh only the rows a statement touched, so a bulk insert
  costs one refresh per statement, not per row.
* Both: an index ``practices_practice_public_idx`` on practices_practice (status, merged_into_id,
  with id and date_shared) so that search results are matched to published practices, and sorted
  by date, from the index rather than the wide rows. It belongs in Practice.Meta.indexes in the
  long run; it is here because models.py is not this migration's to change.

Both index the same text the same way: lower case, accents removed, split on anything that is
not a letter or digit (FTS5's unicode61 tokenizer; on PostgreSQL unaccent + a regular expression
before the 'simple' configuration, which neither stems nor drops stop words).

Caution for later migrations: on SQLite, Django rebuilds a table (new table, copy, drop, rename)
for many kinds of field change, and dropping a table drops its triggers. A migration that rebuilds
practices_practice or practices_practicesource must install these triggers again
(tests/practices/test_search.py checks that they exist after all migrations have run).
"""

from django.db import migrations

# --- SQLite ---------------------------------------------------------------------------------------

SQLITE_SOURCES = "(SELECT group_concat(s.text, ' ') FROM practices_practicesource s WHERE s.practice_id = {id})"

SQLITE_INSTALL = [
    """
    CREATE VIRTUAL TABLE practices_practice_fts USING fts5(
        title, summary, partners, sources,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
    "CREATE VIRTUAL TABLE practices_practice_fts_vocab USING fts5vocab(practices_practice_fts, row)",
    # Searches look practices up by id among the published ones: this index answers
    # "status = 'published' AND merged_into_id IS NULL AND id = ?", and gives the date to sort by,
    # without reading the (wide) practice row. (SQLite has no INCLUDE; id is named to allow the seek.)
    "CREATE INDEX practices_practice_public_idx ON practices_practice (status, merged_into_id, id, date_shared)",
    f"""
    CREATE TRIGGER practices_practice_fts_insert AFTER INSERT ON practices_practice BEGIN
        INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources)
        VALUES (new.id, new.title, new.summary, new.partners, {SQLITE_SOURCES.format(id="new.id")});
    END
    """,
    # Only when the indexed text (or the id) changes: moderation steps leave the index alone.
    f"""
    CREATE TRIGGER practices_practice_fts_update AFTER UPDATE ON practices_practice
    WHEN old.id IS NOT new.id OR old.title IS NOT new.title OR old.summary IS NOT new.summary
         OR old.partners IS NOT new.partners
    BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = old.id;
        INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources)
        VALUES (new.id, new.title, new.summary, new.partners, {SQLITE_SOURCES.format(id="new.id")});
    END
    """,
    """
    CREATE TRIGGER practices_practice_fts_delete AFTER DELETE ON practices_practice BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = old.id;
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_insert AFTER INSERT ON practices_practicesource BEGIN
        UPDATE practices_practice_fts SET sources = {SQLITE_SOURCES.format(id="new.practice_id")}
        WHERE rowid = new.practice_id;
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_update AFTER UPDATE ON practices_practicesource
    WHEN old.practice_id IS NOT new.practice_id OR old.text IS NOT new.text
    BEGIN
        UPDATE practices_practice_fts SET sources = {SQLITE_SOURCES.format(id="old.practice_id")}
        WHERE rowid = old.practice_id;
        UPDATE practices_practice_fts SET sources = {SQLITE_SOURCES.format(id="new.practice_id")}
        WHERE rowid = new.practice_id;
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_delete AFTER DELETE ON practices_practicesource BEGIN
        UPDATE practices_practice_fts SET sources = {SQLITE_SOURCES.format(id="old.practice_id")}
        WHERE rowid = old.practice_id;
    END
    """,
    # Rows that existed before this migration.
    f"""
    INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources)
    SELECT p.id, p.title, p.summary, p.partners, {SQLITE_SOURCES.format(id="p.id")} FROM practices_practice p
    """,
]

SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS practices_practicesource_fts_delete",
    "DROP TRIGGER IF EXISTS practices_practicesource_fts_update",
    "DROP TRIGGER IF EXISTS practices_practicesource_fts_insert",
    "DROP TRIGGER IF EXISTS practices_practice_fts_delete",
    "DROP TRIGGER IF EXISTS practices_practice_fts_update",
    "DROP TRIGGER IF EXISTS practices_practice_fts_insert",
    "DROP INDEX IF EXISTS practices_practice_public_idx",
    "DROP TABLE IF EXISTS practices_practice_fts_vocab",
    "DROP TABLE IF EXISTS practices_practice_fts",
]

# --- PostgreSQL -----------------------------------------------------------------------------------

POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    CREATE TABLE practices_practice_search (
        practice_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        title tsvector NOT NULL
    )
    """,
    # document: every indexed field, for matching; title alone, for ranking. Both without word
    # positions (strip()): nothing needs them, and the smaller vectors are several times faster
    # to test when a common word makes PostgreSQL read the table rather than the index.
    "CREATE INDEX practices_practice_search_document ON practices_practice_search USING gin (document)",
    "CREATE INDEX practices_practice_search_title ON practices_practice_search USING gin (title)",
    # The published practices' ids and dates, readable from the index alone (index-only scan),
    # so that joining many matches to practices does not read the wide practice rows.
    "CREATE INDEX practices_practice_public_idx ON practices_practice (status, merged_into_id) INCLUDE (id, date_shared)",
    # Every word ever indexed (never pruned: a suggestion is only offered when it finds practices).
    "CREATE TABLE practices_search_word (word text PRIMARY KEY)",
    "CREATE INDEX practices_search_word_trgm ON practices_search_word USING gin (word gin_trgm_ops)",
    # The text as FTS5's unicode61 tokenizer sees it: lower case, no accents, words split on
    # anything that is not a letter or a digit.
    """
    CREATE FUNCTION practices_search_text(value text) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT regexp_replace(lower(unaccent(coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g')
    $$
    """,
    """
    CREATE FUNCTION practices_search_refresh(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        -- The ids are joined as a set (unnest), never tested with "= ANY(ids)": that is a linear
        -- search per row, which a bulk insert of thousands of rows turns into minutes.
        DELETE FROM practices_practice_search d
        USING (SELECT DISTINCT unnest(ids) AS id) t
        WHERE d.practice_id = t.id
          AND NOT EXISTS (SELECT 1 FROM practices_practice p WHERE p.id = t.id);
        INSERT INTO practices_practice_search (practice_id, document, title)
        SELECT v.id, strip(v.title || v.summary || v.partners || v.sources), strip(v.title)
        FROM (
            SELECT p.id,
                   to_tsvector('simple', practices_search_text(p.title)) AS title,
                   to_tsvector('simple', practices_search_text(p.summary)) AS summary,
                   to_tsvector('simple', practices_search_text(p.partners)) AS partners,
                   to_tsvector('simple', practices_search_text(s.text)) AS sources
            FROM (SELECT DISTINCT unnest(ids) AS id) t
            JOIN practices_practice p ON p.id = t.id
            LEFT JOIN (
                SELECT src.practice_id, string_agg(src.text, ' ' ORDER BY src.id) AS text
                FROM practices_practicesource src
                JOIN (SELECT DISTINCT unnest(ids) AS id) t2 ON t2.id = src.practice_id
                GROUP BY src.practice_id
            ) s ON s.practice_id = p.id
        ) v
        ON CONFLICT (practice_id) DO UPDATE SET document = EXCLUDED.document, title = EXCLUDED.title;
        INSERT INTO practices_search_word (word)
        SELECT DISTINCT w.lexeme
        FROM (SELECT DISTINCT unnest(ids) AS id) t
        JOIN practices_practice_search d ON d.practice_id = t.id
        CROSS JOIN LATERAL unnest(d.document) AS w
        ON CONFLICT DO NOTHING;
    END
    $$
    """,
    # One function for the three statement triggers on practices: only rows whose indexed text
    # changed are refreshed (plpgsql plans each branch when it first runs it, so a branch may name
    # a transition table that only some of the triggers declare).
    """
    CREATE FUNCTION practices_practice_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM practices_search_refresh(ARRAY(SELECT id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM practices_search_refresh(ARRAY(
                SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
                WHERE o.id IS NULL
                   OR (n.title, n.summary, n.partners) IS DISTINCT FROM (o.title, o.summary, o.partners)
                UNION
                SELECT o.id FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL
            ));
        ELSIF TG_OP = 'DELETE' THEN
            DELETE FROM practices_practice_search WHERE practice_id IN (SELECT id FROM old_rows);
        ELSIF TG_OP = 'TRUNCATE' THEN
            TRUNCATE practices_practice_search, practices_search_word;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE FUNCTION practices_practicesource_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM practices_search_refresh(ARRAY(SELECT DISTINCT practice_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM practices_search_refresh(ARRAY(
                SELECT n.practice_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.practice_id, n.text) IS DISTINCT FROM (o.practice_id, o.text)
                UNION
                SELECT o.practice_id FROM new_rows n JOIN old_rows o ON o.id = n.id
                WHERE (n.practice_id, n.text) IS DISTINCT FROM (o.practice_id, o.text)
            ));
        ELSIF TG_OP = 'DELETE' THEN
            PERFORM practices_search_refresh(ARRAY(SELECT DISTINCT practice_id FROM old_rows));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER practices_practice_search_insert AFTER INSERT ON practices_practice
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practice_search_update AFTER UPDATE ON practices_practice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practice_search_delete AFTER DELETE ON practices_practice
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practice_search_truncate AFTER TRUNCATE ON practices_practice
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practicesource_search_insert AFTER INSERT ON practices_practicesource
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practicesource_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practicesource_search_update AFTER UPDATE ON practices_practicesource
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practicesource_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practicesource_search_delete AFTER DELETE ON practices_practicesource
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practicesource_search_trigger()
    """,
    # pg_trgm's '%' uses a session setting; the function carries its own, low enough that every
    # word one edit away from a query word of five letters or more is a candidate (search.py
    # then keeps only the words that really are one edit away).
    """
    CREATE FUNCTION practices_search_similar_words(term text) RETURNS SETOF text
    LANGUAGE sql STABLE SET pg_trgm.similarity_threshold = 0.19 AS $$
        SELECT word FROM practices_search_word WHERE word % term
    $$
    """,
    # Rows that existed before this migration.
    "SELECT practices_search_refresh(ARRAY(SELECT id FROM practices_practice))",
]

POSTGRES_REMOVE = [
    "DROP TRIGGER IF EXISTS practices_practicesource_search_delete ON practices_practicesource",
    "DROP TRIGGER IF EXISTS practices_practicesource_search_update ON practices_practicesource",
    "DROP TRIGGER IF EXISTS practices_practicesource_search_insert ON practices_practicesource",
    "DROP TRIGGER IF EXISTS practices_practice_search_truncate ON practices_practice",
    "DROP TRIGGER IF EXISTS practices_practice_search_delete ON practices_practice",
    "DROP TRIGGER IF EXISTS practices_practice_search_update ON practices_practice",
    "DROP TRIGGER IF EXISTS practices_practice_search_insert ON practices_practice",
    "DROP FUNCTION IF EXISTS practices_search_similar_words(text)",
    "DROP FUNCTION IF EXISTS practices_practicesource_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_practice_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_search_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS practices_search_text(text)",
    "DROP INDEX IF EXISTS practices_practice_public_idx",
    "DROP TABLE IF EXISTS practices_search_word",
    "DROP TABLE IF EXISTS practices_practice_search",
    # The extensions stay: other objects may use them.
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRES_INSTALL, POSTGRES_REMOVE),
}


def install(apps, schema_editor):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        raise RuntimeError(
            f"Practice search supports SQLite and PostgreSQL, not {schema_editor.connection.vendor}."
        )
    for sql in statements[0]:
        schema_editor.execute(sql, params=None)


def remove(apps, schema_editor):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    for sql in statements[1] if statements else []:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(install, remove),
    ]
