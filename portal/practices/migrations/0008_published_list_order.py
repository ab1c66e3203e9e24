"""Indexes for the whole list of published practices, newest first (the API's list, the search page
without words, the feeds) and for its newest change (the API's Last-Modified).

Both filter on the published state (status, merge) and then need the rows in ``Meta.ordering``'s
order, ``date_shared DESC NULLS LAST, id``, or the greatest ``updated_at``. Without an index in
that order the database sorts every published practice to return 20 (120 ms at 100,000 on
SQLite) and reads them all for the maximum (also about 120 ms). With these, both walk an index
from one end: a fraction of a millisecond.

Both are partial indexes of the practices not merged away: with ``merged_into_id IS NULL`` in the
index's WHERE rather than among its columns, PostgreSQL sees the published ones as one run
ordered by date (an IS NULL column in the middle of an index breaks the order it can use).
SQLite cannot write NULLS LAST in an index, and need not: its NULLs sort first, so DESC puts them
last. PostgreSQL puts NULLs first in a DESC index unless told.
"""

from django.db import migrations

ORDER = "practices_practice_published_order_idx"
CHANGED = "practices_practice_published_changed_idx"

NOT_MERGED = "WHERE merged_into_id IS NULL"
NULLS_LAST = {"sqlite": "", "postgresql": " NULLS LAST"}


def forwards(apps, schema_editor):
    nulls_last = NULLS_LAST[schema_editor.connection.vendor]
    schema_editor.execute(
        f"CREATE INDEX {ORDER} ON practices_practice (status, date_shared DESC{nulls_last}, id) {NOT_MERGED}"
    )
    schema_editor.execute(f"CREATE INDEX {CHANGED} ON practices_practice (status, updated_at) {NOT_MERGED}")


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX {ORDER}")
    schema_editor.execute(f"DROP INDEX {CHANGED}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0007_practice_countries_by_country")]

    operations = [migrations.RunPython(forwards, backwards)]
