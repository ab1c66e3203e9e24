"""SQLite: a search index that can count and page a search on its own.

Until now a search at 100,000 practices spent its time outside FTS5: every match was looked up
in practices_practice to keep the published ones, to test the facets and to sort by date (40 to
300 ms for a common word; bench/RESULTS.md). The index now carries what those steps need:

* its **rowid is the order of the list**, newest first: ``day × 10⁹ + (999,999,999 − id)``, where
  ``day`` is the Julian day of ``date_shared`` (0 when there is none), so that ``ORDER BY rowid
  DESC`` is the model's order (newest first, undated last, then id). FTS5 reads its matches in
  rowid order, so a page is read straight from the index. (Ids must stay below 10⁹.)
* so the rowid also gives the practice's id, ``999,999,999 − rowid mod 10⁹``, without reading
  anything but the index;
* a column ``facets`` of marker words, for published (and not merged) practices only:
  ``zzpublished``, ``zzkind…`` (the kind of submitting organisation, without underscores) and
  ``zzregion…`` (the UN M49 region of each implementing country, lower case, without spaces,
  hyphens or apostrophes); other practices have none. Searches look for the typed words in the
  other columns only, so nobody finds these words by typing.

The triggers keep all of it in step with practices (text, date, status, merge, kind), their
sources and their countries, and with a country's region. The vocabulary view becomes a
per-column one, so that typo suggestions can leave the marker words out.

PostgreSQL is unchanged by this migration.
"""

import importlib

from django.db import migrations

TITLE = ("title", "title_en", "title_fr", "title_es")
SUMMARY = ("summary", "summary_en", "summary_fr", "summary_es")
WATCHED = (
    "id",
    *TITLE,
    *SUMMARY,
    "partners",
    "date_shared",
    "status",
    "merged_into_id",
    "submitter_kind",
)


def joined(row: str, columns: tuple[str, ...]) -> str:
    return " || ' ' || ".join(f"coalesce({row}.{name}, '')" for name in columns)


def key(row: str) -> str:
    """The index rowid of practice ``row`` (see the module's docstring)."""
    return (
        f"((CASE WHEN {row}.date_shared IS NULL THEN 0 ELSE CAST(julianday({row}.date_shared) AS INTEGER) END)"
        f" * 1000000000 + (999999999 - {row}.id))"
    )


def sources(practice_id: str) -> str:
    return f"(SELECT group_concat(s.text, ' ') FROM practices_practicesource s WHERE s.practice_id = {practice_id})"


def facets(row: str) -> str:
    region = "lower(replace(replace(replace(c.region, ' ', ''), '-', ''), '''', ''))"
    # Only published practices get marker words: a kind or region word then implies "published",
    # and a search with facets need not intersect the (long) list of every published practice.
    return (
        f"(CASE WHEN {row}.status = 'published' AND {row}.merged_into_id IS NULL THEN 'zzpublished '"
        f" || 'zzkind' || replace({row}.submitter_kind, '_', '')"
        f" || coalesce((SELECT ' ' || group_concat(DISTINCT 'zzregion' || {region})"
        f" FROM practices_practice_countries l JOIN countries_country c ON c.id = l.country_id"
        f" WHERE l.practice_id = {row}.id AND c.region <> ''), '') ELSE '' END)"
    )


def row_values(row: str) -> str:
    return (
        f"{key(row)}, {joined(row, TITLE)}, {joined(row, SUMMARY)}, {row}.partners, {sources(f'{row}.id')}, "
        f"{facets(row)}"
    )


COLUMNS = "rowid, title, summary, partners, sources, facets"
PRACTICE_ID = "(999999999 - practices_practice_fts.rowid % 1000000000)"


def refresh_facets(practice_id: str) -> str:
    """Statement: recompute the facet words of one practice."""
    return (
        f"UPDATE practices_practice_fts SET facets = (SELECT {facets('p')} FROM practices_practice p"
        f" WHERE p.id = {practice_id})"
        f" WHERE rowid = (SELECT {key('p')} FROM practices_practice p WHERE p.id = {practice_id});"
    )


def refresh_sources(practice_id: str) -> str:
    return (
        f"UPDATE practices_practice_fts SET sources = {sources(practice_id)}"
        f" WHERE rowid = (SELECT {key('p')} FROM practices_practice p WHERE p.id = {practice_id});"
    )


OLD_TRIGGERS = [
    "practices_practice_fts_insert",
    "practices_practice_fts_update",
    "practices_practice_fts_delete",
    "practices_practicesource_fts_insert",
    "practices_practicesource_fts_update",
    "practices_practicesource_fts_delete",
]
NEW_TRIGGERS = [
    "practices_practice_countries_fts_insert",
    "practices_practice_countries_fts_delete",
    "countries_country_fts_region",
]

changed = " OR ".join(f"old.{name} IS NOT new.{name}" for name in WATCHED)

SQLITE_FORWARDS = [
    *(f"DROP TRIGGER IF EXISTS {name}" for name in OLD_TRIGGERS),
    "DROP TABLE IF EXISTS practices_practice_fts_vocab",
    "DROP TABLE IF EXISTS practices_practice_fts",
    """
    CREATE VIRTUAL TABLE practices_practice_fts USING fts5(
        title, summary, partners, sources, facets,
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '2 3'
    )
    """,
    "CREATE VIRTUAL TABLE practices_practice_fts_vocab USING fts5vocab(practices_practice_fts, col)",
    f"""
    CREATE TRIGGER practices_practice_fts_insert AFTER INSERT ON practices_practice BEGIN
        INSERT INTO practices_practice_fts ({COLUMNS}) VALUES ({row_values("new")});
    END
    """,
    # Moderation steps change the status, and so the facet words: those rewrite the row too.
    f"""
    CREATE TRIGGER practices_practice_fts_update AFTER UPDATE ON practices_practice
    WHEN {changed}
    BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = {key("old")};
        INSERT INTO practices_practice_fts ({COLUMNS}) VALUES ({row_values("new")});
    END
    """,
    f"""
    CREATE TRIGGER practices_practice_fts_delete AFTER DELETE ON practices_practice BEGIN
        DELETE FROM practices_practice_fts WHERE rowid = {key("old")};
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_insert AFTER INSERT ON practices_practicesource BEGIN
        {refresh_sources("new.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_update AFTER UPDATE ON practices_practicesource
    WHEN old.practice_id IS NOT new.practice_id OR old.text IS NOT new.text
    BEGIN
        {refresh_sources("old.practice_id")}
        {refresh_sources("new.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practicesource_fts_delete AFTER DELETE ON practices_practicesource BEGIN
        {refresh_sources("old.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practice_countries_fts_insert AFTER INSERT ON practices_practice_countries BEGIN
        {refresh_facets("new.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER practices_practice_countries_fts_delete AFTER DELETE ON practices_practice_countries BEGIN
        {refresh_facets("old.practice_id")}
    END
    """,
    f"""
    CREATE TRIGGER countries_country_fts_region AFTER UPDATE OF region ON countries_country
    WHEN old.region IS NOT new.region
    BEGIN
        UPDATE practices_practice_fts
        SET facets = (SELECT {facets("p")} FROM practices_practice p WHERE p.id = {PRACTICE_ID})
        WHERE rowid IN (
            SELECT {key("p")} FROM practices_practice p
            WHERE p.id IN (SELECT practice_id FROM practices_practice_countries WHERE country_id = new.id)
        );
    END
    """,
    f"INSERT INTO practices_practice_fts ({COLUMNS}) SELECT {row_values('p')} FROM practices_practice p",
    "INSERT INTO practices_practice_fts (practices_practice_fts) VALUES ('optimize')",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_FORWARDS:
        schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    """Back to 0004's index: 0002's table and 0004's triggers, filled again."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in OLD_TRIGGERS + NEW_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}", params=None)
    schema_editor.execute("DROP TABLE IF EXISTS practices_practice_fts_vocab", params=None)
    schema_editor.execute("DROP TABLE IF EXISTS practices_practice_fts", params=None)
    # The earlier migrations' own statements, so that their shape is written down once.
    initial = importlib.import_module("portal.practices.migrations.0002_search_index")
    translations = importlib.import_module("portal.practices.migrations.0004_search_translations")
    for sql in initial.SQLITE_INSTALL[:2]:  # the FTS5 table and its vocabulary view
        schema_editor.execute(sql, params=None)
    for sql in initial.SQLITE_INSTALL[6:9]:  # the triggers on sources
        schema_editor.execute(sql, params=None)
    for sql in translations.statements("sqlite", translations=True):
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0004_search_translations"),
        ("countries", "0004_background_translations"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
