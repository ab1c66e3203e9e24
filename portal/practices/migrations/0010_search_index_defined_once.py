"""The search index as portal/practices/search_index.py defines it, in place of the one that
migrations 0002 and 0004 to 0006 built: the text of every practice, without the marker words
that restated the publication rule, the kind and the region (facets.py knows those).

On a database migrated before, the old tables, functions and triggers are dropped and the index
is filled again from the practices; on a new one it is simply created. Backwards, the index is
dropped (the earlier migrations no longer create one).
"""

from django.db import migrations

from portal.practices import search_index


def forwards(apps, schema_editor):
    search_index.install(schema_editor)


def backwards(apps, schema_editor):
    search_index.remove(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("practices", "0009_clean_text_validators")]

    operations = [migrations.RunPython(forwards, backwards)]
