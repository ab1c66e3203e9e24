"""The search index reads every translation of a practice's title and summary.

0003 added the translation columns. On SQLite, adding them rebuilt practices_practice (copy, drop,
rename), which dropped the triggers and the raw index that 0002 put on it: they are installed
again here, reading the translations, and the index is refilled. On PostgreSQL the functions
that fill the index are replaced and the index is refreshed.

The index keeps its columns (title, summary, partners, sources): the "title" column now holds the
original title and its translations, one after the other, so that a title match in any language
ranks first.
"""

from django.db import migrations

TITLE_COLUMNS = ("title", "title_en", "title_fr", "title_es")
SUMMARY_COLUMNS = ("summary", "summary_en", "summary_fr", "summary_es")
WATCHED_COLUMNS = ("title", "summary", "partners", *TITLE_COLUMNS[1:], *SUMMARY_COLUMNS[1:])


def joined(row: str, columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in columns)


# --- SQLite ---------------------------------------------------------------------------------------

SQLITE_SOURCES = "(SELECT group_concat(s.text, ' ') FROM practices_practicesource s WHERE s.practice_id = {id})"


def sqlite_statements(title: tuple[str, ...], summary: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    changed = " OR ".join(f"old.{name} IS NOT new.{name}" for name in ("id", *watched))
    values = (
        f"new.id, {joined('new', title)}, {joined('new', summary)}, new.partners, {SQLITE_SOURCES.format(id='new.id')}"
    )
    return [
        "DROP TRIGGER IF EXISTS practices_practice_fts_insert",
        "DROP TRIGGER IF EXISTS practices_practice_fts_update",
        "DROP TRIGGER IF EXISTS practices_practice_fts_delete",
        "CREATE INDEX IF NOT EXISTS practices_practice_public_idx "
        "ON practices_practice (status, merged_into_id, id, date_shared)",
        f"""
        CREATE TRIGGER practices_practice_fts_insert AFTER INSERT ON practices_practice BEGIN
            INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources) VALUES ({values});
        END
        """,
        f"""
        CREATE TRIGGER practices_practice_fts_update AFTER UPDATE ON practices_practice
        WHEN {changed}
        BEGIN
            DELETE FROM practices_practice_fts WHERE rowid = old.id;
            INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources) VALUES ({values});
        END
        """,
        """
        CREATE TRIGGER practices_practice_fts_delete AFTER DELETE ON practices_practice BEGIN
            DELETE FROM practices_practice_fts WHERE rowid = old.id;
        END
        """,
        "DELETE FROM practices_practice_fts",
        f"""
        INSERT INTO practices_practice_fts (rowid, title, summary, partners, sources)
        SELECT p.id, {joined("p", title)}, {joined("p", summary)}, p.partners, {SQLITE_SOURCES.format(id="p.id")}
        FROM practices_practice p
        """,
        "INSERT INTO practices_practice_fts (practices_practice_fts) VALUES ('optimize')",
    ]


# --- PostgreSQL -----------------------------------------------------------------------------------


def postgres_statements(title: tuple[str, ...], summary: tuple[str, ...], watched: tuple[str, ...]) -> list[str]:
    new = ", ".join(f"n.{name}" for name in watched)
    old = ", ".join(f"o.{name}" for name in watched)
    return [
        f"""
        CREATE OR REPLACE FUNCTION practices_search_refresh(ids bigint[]) RETURNS void
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
                       to_tsvector('simple', practices_search_text({joined("p", title)})) AS title,
                       to_tsvector('simple', practices_search_text({joined("p", summary)})) AS summary,
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
        f"""
        CREATE OR REPLACE FUNCTION practices_practice_search_trigger() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                PERFORM practices_search_refresh(ARRAY(SELECT id FROM new_rows));
            ELSIF TG_OP = 'UPDATE' THEN
                PERFORM practices_search_refresh(ARRAY(
                    SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
                    WHERE o.id IS NULL OR ({new}) IS DISTINCT FROM ({old})
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
        "SELECT practices_search_refresh(ARRAY(SELECT id FROM practices_practice))",
    ]


def statements(vendor: str, translations: bool) -> list[str]:
    if translations:
        columns = (TITLE_COLUMNS, SUMMARY_COLUMNS, WATCHED_COLUMNS)
    else:  # as 0002 left it
        columns = (("title",), ("summary",), ("title", "summary", "partners"))
    if vendor == "sqlite":
        return sqlite_statements(*columns)
    if vendor == "postgresql":
        return postgres_statements(*columns)
    raise RuntimeError(f"Practice search supports SQLite and PostgreSQL, not {vendor}.")


def forwards(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, translations=True):
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    for sql in statements(schema_editor.connection.vendor, translations=False):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_translations"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
