"""PostgreSQL: the search table learns the list's order and the facet marker words (as 0005 on SQLite).

practices_practice_search gains:

* ``sort_key``: the list's order as one number, newest first when descending: the day of
  ``date_shared`` counted from 1 January of year 1 (0 when there is none) × 10⁹ + (999,999,999 − id),
  with a b-tree index, so that a page of a common word is read by walking the index;
* ``facets``: a tsvector of marker words, ``zzpublished``, ``zzkind…`` and ``zzregion…``, for
  published practices only (as on SQLite: see 0005), with its own GIN index, so that PostgreSQL combines it with the words' index
  (a BitmapAnd) and never reads the rows of practices a facet leaves out. Typed words are only
  looked for in ``document``.

The refresh function fills them; the practice trigger now also reacts to the date, status, merge
and kind; new triggers follow a practice's countries and a country's region.

SQLite is unchanged by this migration.
"""

import importlib

from django.db import migrations

TITLE = ("title", "title_en", "title_fr", "title_es")
SUMMARY = ("summary", "summary_en", "summary_fr", "summary_es")
WATCHED = (*TITLE, *SUMMARY, "partners", "date_shared", "status", "merged_into_id", "submitter_kind")


def joined(row: str, columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in columns)


REGION_WORD = "'zzregion' || replace(replace(replace(lower(unaccent(c.region)), ' ', ''), '-', ''), '''', '')"

REFRESH = f"""
CREATE OR REPLACE FUNCTION practices_search_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM practices_practice_search d
    USING (SELECT DISTINCT unnest(ids) AS id) t
    WHERE d.practice_id = t.id
      AND NOT EXISTS (SELECT 1 FROM practices_practice p WHERE p.id = t.id);
    INSERT INTO practices_practice_search (practice_id, document, title, sort_key, facets)
    SELECT v.id, strip(v.title || v.summary || v.partners || v.sources), strip(v.title), v.sort_key, v.facets
    FROM (
        SELECT p.id,
               to_tsvector('simple', practices_search_text({joined("p", TITLE)})) AS title,
               to_tsvector('simple', practices_search_text({joined("p", SUMMARY)})) AS summary,
               to_tsvector('simple', practices_search_text(p.partners)) AS partners,
               to_tsvector('simple', practices_search_text(s.text)) AS sources,
               (CASE WHEN p.date_shared IS NULL THEN 0 ELSE p.date_shared - DATE '0001-01-01' + 1 END)::bigint
                   * 1000000000 + (999999999 - p.id) AS sort_key,
               -- Marker words for published practices only (see 0005).
               CASE WHEN p.status = 'published' AND p.merged_into_id IS NULL THEN
                   to_tsvector('simple', concat_ws(' ', 'zzpublished', 'zzkind' || replace(p.submitter_kind, '_', ''),
                       (SELECT string_agg(DISTINCT {REGION_WORD}, ' ')
                        FROM practices_practice_countries l JOIN countries_country c ON c.id = l.country_id
                        WHERE l.practice_id = p.id AND c.region <> '')))
               ELSE ''::tsvector END AS facets
        FROM (SELECT DISTINCT unnest(ids) AS id) t
        JOIN practices_practice p ON p.id = t.id
        LEFT JOIN (
            SELECT src.practice_id, string_agg(src.text, ' ' ORDER BY src.id) AS text
            FROM practices_practicesource src
            JOIN (SELECT DISTINCT unnest(ids) AS id) t2 ON t2.id = src.practice_id
            GROUP BY src.practice_id
        ) s ON s.practice_id = p.id
    ) v
    ON CONFLICT (practice_id) DO UPDATE SET
        document = EXCLUDED.document, title = EXCLUDED.title,
        sort_key = EXCLUDED.sort_key, facets = EXCLUDED.facets;
    INSERT INTO practices_search_word (word)
    SELECT DISTINCT w.lexeme
    FROM (SELECT DISTINCT unnest(ids) AS id) t
    JOIN practices_practice_search d ON d.practice_id = t.id
    CROSS JOIN LATERAL unnest(d.document) AS w
    ON CONFLICT DO NOTHING;
END
$$
"""

PRACTICE_TRIGGER = f"""
CREATE OR REPLACE FUNCTION practices_practice_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM practices_search_refresh(ARRAY(SELECT id FROM new_rows));
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM practices_search_refresh(ARRAY(
            SELECT n.id FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id
            WHERE o.id IS NULL OR ({", ".join(f"n.{name}" for name in WATCHED)})
                IS DISTINCT FROM ({", ".join(f"o.{name}" for name in WATCHED)})
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
"""

FORWARDS = [
    "ALTER TABLE practices_practice_search ADD COLUMN sort_key bigint NOT NULL DEFAULT 0",
    "ALTER TABLE practices_practice_search ADD COLUMN facets tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX practices_practice_search_order ON practices_practice_search (sort_key)",
    "CREATE INDEX practices_practice_search_facets ON practices_practice_search USING gin (facets)",
    REFRESH,
    PRACTICE_TRIGGER,
    """
    CREATE FUNCTION practices_practice_countries_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            PERFORM practices_search_refresh(ARRAY(SELECT DISTINCT practice_id FROM new_rows));
        ELSIF TG_OP = 'UPDATE' THEN
            PERFORM practices_search_refresh(ARRAY(
                SELECT practice_id FROM new_rows UNION SELECT practice_id FROM old_rows
            ));
        ELSE
            PERFORM practices_search_refresh(ARRAY(SELECT DISTINCT practice_id FROM old_rows));
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER practices_practice_countries_search_insert AFTER INSERT ON practices_practice_countries
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_countries_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practice_countries_search_update AFTER UPDATE ON practices_practice_countries
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_countries_search_trigger()
    """,
    """
    CREATE TRIGGER practices_practice_countries_search_delete AFTER DELETE ON practices_practice_countries
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_practice_countries_search_trigger()
    """,
    """
    CREATE FUNCTION practices_country_region_search_trigger() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM practices_search_refresh(ARRAY(
            SELECT l.practice_id FROM practices_practice_countries l
            JOIN new_rows n ON n.id = l.country_id JOIN old_rows o ON o.id = n.id
            WHERE n.region IS DISTINCT FROM o.region
        ));
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER practices_country_region_search_update AFTER UPDATE ON countries_country
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION practices_country_region_search_trigger()
    """,
    # Many matches: the newest are found by walking sort_key's index and testing each row, which
    # the planner would not always choose (its estimates for prefixes are poor). The SET clauses
    # hold inside the function only.
    """
    CREATE FUNCTION practices_search_walk(q tsquery, f tsquery, part text, lim integer, skip integer)
    RETURNS SETOF bigint LANGUAGE sql STABLE
    SET enable_bitmapscan = off SET enable_seqscan = off AS $$
        SELECT practice_id FROM practices_practice_search
        WHERE document @@ q AND facets @@ f
          AND (part <> 'title' OR title @@ q) AND (part <> 'other' OR NOT title @@ q)
        ORDER BY sort_key DESC LIMIT lim OFFSET skip
    $$
    """,
    "SELECT practices_search_refresh(ARRAY(SELECT id FROM practices_practice))",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS practices_country_region_search_update ON countries_country",
    "DROP TRIGGER IF EXISTS practices_practice_countries_search_delete ON practices_practice_countries",
    "DROP TRIGGER IF EXISTS practices_practice_countries_search_update ON practices_practice_countries",
    "DROP TRIGGER IF EXISTS practices_practice_countries_search_insert ON practices_practice_countries",
    "DROP FUNCTION IF EXISTS practices_search_walk(tsquery, tsquery, text, integer, integer)",
    "DROP FUNCTION IF EXISTS practices_country_region_search_trigger()",
    "DROP FUNCTION IF EXISTS practices_practice_countries_search_trigger()",
    "DROP INDEX IF EXISTS practices_practice_search_facets",
    "DROP INDEX IF EXISTS practices_practice_search_order",
    "ALTER TABLE practices_practice_search DROP COLUMN IF EXISTS facets",
    "ALTER TABLE practices_practice_search DROP COLUMN IF EXISTS sort_key",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in FORWARDS:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for sql in BACKWARDS:
        schema_editor.execute(sql, params=None)
    # 0004's functions again (they refill the table without the new columns).
    translations = importlib.import_module("portal.practices.migrations.0004_search_translations")
    for sql in translations.statements("postgresql", translations=True):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_search_order_and_facets"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
