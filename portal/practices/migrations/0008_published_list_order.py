"""Indexes for the list of published practices newest first (the API's list, the search page
without words, the feeds), on PostgreSQL, and for its newest change (the API's Last-Modified), on
both databases.

Without them the database sorts every published practice to return 20 and reads them all for the
greatest ``updated_at``; with them both walk an index from one end (bench/RESULTS.md, "Figures
moved from code comments").

Both are partial indexes of the practices not merged away: with ``merged_into_id IS NULL`` in the
index's WHERE rather than among its columns, PostgreSQL sees the published ones as one run in the
index's order (an IS NULL column in the middle of an index breaks the order it can use).
PostgreSQL puts NULLs first in a DESC index unless told; Meta.ordering wants them last.

Not on SQLite, the list's order: without statistics (Django never runs ANALYZE) its planner then
walks that index for any published query in the default order, even one for twenty ids, testing
every practice, even for the search page's twenty rows or a country's practices on its profile.

The reverse drops them IF EXISTS: SQLite rebuilds a table to alter a column, and the rebuilt table
has only the indexes Django knows of (0004 had to create ``practices_practice_public_idx`` again).
A later migration that alters the practice table on SQLite must create these again too.
"""

from django.db import migrations

ORDER = "practices_practice_published_order_idx"
CHANGED = "practices_practice_published_changed_idx"
NOT_MERGED = "WHERE merged_into_id IS NULL"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {ORDER} ON practices_practice (status, date_shared DESC NULLS LAST, id) {NOT_MERGED}"
        )
    schema_editor.execute(f"CREATE INDEX {CHANGED} ON practices_practice (status, updated_at) {NOT_MERGED}")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {ORDER}")
    schema_editor.execute(f"DROP INDEX IF EXISTS {CHANGED}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0007_practice_countries_by_country")]

    operations = [migrations.RunPython(forwards, backwards)]
