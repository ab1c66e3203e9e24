"""The practice search index, defined once for SQLite and PostgreSQL; search.py queries it.

The index holds the text of **every** practice, whatever its state: which of them a reader may
see is decided by ``Practice.objects.published()`` alone (the facet sets of facets.py are built
from it), never by the index. So the triggers follow only the text: a practice's titles and
summaries in every language, its partners and the texts of its sources.

* SQLite: an FTS5 table ``practices_practice_fts`` (rowid = practice id) and an ``fts5vocab`` view
  of its words, for typo suggestions.
* PostgreSQL: a table ``practices_practice_search`` (a ``tsvector`` of all the text, and one of the
  titles alone, for ranking) with GIN indexes, and a word list ``practices_search_word`` with a
  pg_trgm index, for typo suggestions. Statement-level triggers refresh the rows a statement
  touched, so a bulk insert costs one refresh, not one per row.
* Both: ``practices_practice_public_idx`` on practices_practice (status, merged_into_id, with the
  id and date), so that the SQL path of a search (apply_search) reads the published practices'
  ids and dates from an index rather than from the wide rows.

Both index the text the same way: lower case, accents removed, split on anything that is not a
letter or digit (FTS5's unicode61 tokenizer; on PostgreSQL unaccent and a regular expression
before the 'simple' configuration, which neither stems nor drops stop words).

``install()`` drops every object that this or an earlier definition created, then creates the
current one and fills it from the tables, so a database ends the same whether it was migrated
from an older definition or from nothing. A migration calls it when the definition changes; the
earlier migrations that called it are then made to call nothing (they ran against older
tables). On SQLite, Django rebuilds a table (copy, drop, rename) for many field changes, which
drops its triggers: a migration that rebuilds practices_practice or practices_practicesource must
call ``install()`` as well.
"""

from django.db.backends.base.schema import BaseDatabaseSchemaEditor

TITLE = ("title", "title_en", "title_fr", "title_es")
SUMMARY = ("summary", "summary_en", "summary_fr", "summary_es")
TEXT = (*TITLE, *SUMMARY, "partners")  # a change to any of these rewrites the practice's entry


def _joined(row: str, columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in columns)


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_sources(practice_id: str) -> str:
    return f"(SELECT group_concat(s.text, ' ') FROM practices_practicesource s WHERE s.practice_id = {practice_id})"


def _sqlite_values(row: str) -> str:
    return f"{row}.id, {_joined(row, TITLE)}, {_joined(row, SUMMARY)}, {row}.partners, {_sqlite_sources(f'{row}.id')}"


def _sqlite_set_sources(practice_id: str) -> str:
    return f"UPDATE practices_practice_fts SET sources = {_sqlite_sources(practice_id)} WHERE rowid = {practice_id};"


_SQLITE_COLUMNS = "rowid, title, summary, partners, sources"
_SQLITE_CHANGED = " OR ".join(f"old.{name} IS NOT new.{name}" for name in ("id", *TEXT))

SQLITE_INSTALL = [
    """
    CREATE VIRTUAL TABLE practices_practice_fts USING fts5(
        title, summary, partners, sources,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
    "CREATE VIRTUAL TABLE practices_practice_fts_vocab USING fts5vocab(practices_practice_fts, row)",
    # SQLite has no INCLUDE: the id is a column, so that "status = ? AND merged_into_id IS NULL AND id = ?" seeks.
    "CREATE INDEX practices_practice_public_idx ON practices_practice (status, merged_into_id, id, date_shared)",
    f"""
    CREATE TRIGGER practices_practice_fts_insert AFTER INSERT ON practices_practice BEGIN
        INSERT INTO practices_practice_fts ({_SQLITE_COLUMNS}) VALUES ({_sqlite_values("new")});
    END
    """,
    f"""
    CREATE TRIGGER practices_practice_fts_update AFTER UPDATE ON practices_practice WHEN {_SQLITE_CHANGED} BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = old.id;
        INSERT INTO practices_practice_fts ({_SQLITE_COLUMNS}) VALUES ({_sqlite_values("new")});
    END
    """,
    """
    CREATE TRIGGER practices_practice_fts_delete AFTER DELETE ON practices_practice BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = old.id;
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_insert AFTER INSERT ON practices_practicesource BEGIN
        {_sqlite_set_sources("new.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_update AFTER UPDATE ON practices_practicesource
    WHEN old.practice_id IS NOT new.practice_id OR old.text IS NOT new.text BEGIN
        {_sqlite_set_sources("old.practice_id")}
        {_sqlite_set_sources("new.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_delete AFTER DELETE ON practices_practicesource BEGIN
        {_sqlite_set_sources("old.practice_id")}
    END
    """,
    f"INSERT INTO practices_practice_fts ({_SQLITE_COLUMNS}) SELECT {_sqlite_values('p')} FROM practices_practice p",
    "INSERT INTO practices_practice_fts (practices_practice_fts) VALUES ('optimize')",
]

# Everything this definition and the earlier ones created (their triggers on a practice's countries
# and on a country's region kept marker words of the publication rule in the index).
SQLITE_REMOVE = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "countries_country_fts_region",
            "practices_practice_countries_fts_delete",
            "practices_practice_countries_fts_insert",
            "practices_practicesource_fts_delete",
            "practices_practicesource_fts_update",
            "practices_practicesource_fts_insert",
            "practices_practice_fts_delete",
            "practices_practice_fts_update",
            "practices_practice_fts_insert",
        )
    ),
    "DROP INDEX IF EXISTS practices_practice_public_idx",
    "DROP TABLE IF EXISTS practices_practice_fts_vocab",
    "DROP TABLE IF EXISTS practices_practice_fts",
]

# --- PostgreSQL -----------------------------------------------------------------------------------

_PG_CHANGED = (
    f"({', '.join(f'n.{name}' for name in TEXT)}) IS DISTINCT FROM ({', '.join(f'o.{name}' for name in TEXT)})"
)

POSTGRES_INSTALL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    # document: all the text, for matching; title: the titles alone, for ranking. Without word
    # positions (strip()): nothing needs them, and smaller vectors are faster to test.
    """
    CREATE TABLE practices_practice_search (
        practice_id bigint PRIMARY KEY,
        document tsvector NOT NULL,
        title tsvector NOT NULL
    )
    """,
    "CREATE INDEX practices_practice_search_document ON practices_practice_search USING gin (document)",
    "CREATE INDEX practices_practice_search_title ON practices_practice_search USING gin (title)",
    "CREATE INDEX practices_practice_public_idx ON practices_practice (status, merged_into_id)"
    " INCLUDE (id, date_shared)",
    # Every word ever indexed (never pruned: a suggestion is only offered when it finds practices).
    "CREATE TABLE practices_search_word (word text PRIMARY KEY)",
    "CREATE INDEX practices_search_word_trgm ON practices_search_word USING gin (word gin_trgm_ops)",
    # The text as FTS5's unicode61 tokenizer sees it.
    """
    CREATE FUNCTION practices_search_text(value text) RETURNS text
    LANGUAGE sql STABLE AS $$
        SELECT regexp_replace(lower(unaccent(coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g')
    $$
    """,
    # The ids are joined as a set (unnest), never tested with "= ANY(ids)", a linear search per row.
    f"""
    CREATE FUNCTION practices_search_refresh(ids bigint[]) RETURNS void
    LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM practices_practice_search d
        USING (SELECT DISTINCT unnest(ids) AS id) t
        WHERE d.practice_id = t.id
          AND NOT EXISTS (SELECT 1 FROM practices_practice p WHERE p.id = t.id);
        INSERT INTO practices_practice_search (practice_id, document, title)
        SELECT v.id, strip(v.title || v.summary || v.partners || v.sources), strip(v.title)
        FROM (
            SELECT p.id,
                   to_tsvector('simple', practices_search_text({_joined("p", TITLE)})) AS title,
                   to_tsvector('simple', practices_search_text({_joined("p", SUMMARY)})) AS summary,
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
    # One function for the four statement triggers on practices (plpgsql plans a branch when it
    # first runs it, so a branch may name a transition table that only some triggers declare).
    f"""
    CREATE FUNCTION practices_practice_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM practices_search_refresh(ARRAY(SELECT id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM practices_search_refresh(ARRAY(
                SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
                WHERE o.id IS NULL OR {_PG_CHANGED}
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
    *(
        f"""
        CREATE TRIGGER {table}_search_{event.lower()} AFTER {event} ON {table}
        {transitions} FOR EACH STATEMENT EXECUTE FUNCTION {table}_search_trigger()
        """
        for table, event, transitions in (
            ("practices_practice", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
            ("practices_practice", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("practices_practice", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
            ("practices_practice", "TRUNCATE", ""),
            ("practices_practicesource", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
            ("practices_practicesource", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("practices_practicesource", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
        )
    ),
    # pg_trgm's '%' reads a session setting; the function carries its own, low enough that every
    # word one edit away from a query word of five letters or more is a candidate (search.py then
    # keeps only the words that really are one edit away).
    """
    CREATE FUNCTION practices_search_similar_words(term text) RETURNS SETOF text
    LANGUAGE sql STABLE SET pg_trgm.similarity_threshold = 0.19 AS $$
        SELECT word FROM practices_search_word WHERE word % term
    $$
    """,
    "SELECT practices_search_refresh(ARRAY(SELECT id FROM practices_practice))",
]

# Everything this definition and the earlier ones created (tables take their indexes along; the
# extensions stay, other objects may use them).
POSTGRES_REMOVE = [
    *(
        f"DROP TRIGGER IF EXISTS {name} ON {table}"
        for table, names in (
            ("countries_country", ["practices_country_region_search_update"]),
            (
                "practices_practice_countries",
                [f"practices_practice_countries_search_{event}" for event in ("insert", "update", "delete")],
            ),
            (
                "practices_practicesource",
                [f"practices_practicesource_search_{event}" for event in ("insert", "update", "delete")],
            ),
            (
                "practices_practice",
                [f"practices_practice_search_{event}" for event in ("insert", "update", "delete", "truncate")],
            ),
        )
        for name in names
    ),
    "DROP FUNCTION IF EXISTS practices_search_walk(tsquery, tsquery, text, integer, integer)",
    "DROP FUNCTION IF EXISTS practices_country_region_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_practice_countries_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_search_similar_words(text)",
    "DROP FUNCTION IF EXISTS practices_practicesource_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_practice_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_search_refresh(bigint[])",
    "DROP FUNCTION IF EXISTS practices_search_text(text)",
    "DROP INDEX IF EXISTS practices_practice_public_idx",
    "DROP TABLE IF EXISTS practices_search_word",
    "DROP TABLE IF EXISTS practices_practice_search",
]

STATEMENTS = {
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
    "postgresql": (POSTGRES_INSTALL, POSTGRES_REMOVE),
}


def _statements(schema_editor: BaseDatabaseSchemaEditor) -> tuple[list[str], list[str]]:
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"Practice search supports SQLite and PostgreSQL, not {vendor}.")
    return STATEMENTS[vendor]


def remove(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Drop the index and everything an earlier definition of it created."""
    for sql in _statements(schema_editor)[1]:
        schema_editor.execute(sql, params=None)


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Replace whatever index the database has by the current one, filled from the tables."""
    remove(schema_editor)
    for sql in _statements(schema_editor)[0]:
        schema_editor.execute(sql, params=None)
