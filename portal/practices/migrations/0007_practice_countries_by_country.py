"""Indexes for the practices of one country (a country profile, the CSV export of one country).

- On both databases, the practice–country links by country, holding the practice id as well:
  Django's own index on ``country_id`` leaves each practice id to be read from the table.
- On PostgreSQL, the practices by id, holding what the published filter and the list's order
  need: each of a country's practices is then checked from the index alone (when the visibility
  map is current, which autovacuum sees to). SQLite has such an index already
  (``practices_practice_public_idx`` ends with the id and the date).

bench/RESULTS.md ("Figures moved from code comments") has what each saved when it was measured.
"""

from django.db import migrations

LINKS = "practices_practice_countries_country_practice_idx"
PRACTICES = "practices_practice_id_public_idx"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {PRACTICES} ON practices_practice (id) INCLUDE (status, merged_into_id, date_shared)"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {PRACTICES}")


class Migration(migrations.Migration):
    dependencies = [("practices", "0006_search_order_and_facets_postgresql")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {LINKS} ON practices_practice_countries (country_id, practice_id)",
            f"DROP INDEX IF EXISTS {LINKS}",
        ),
        migrations.RunPython(forwards, backwards),
    ]
