"""Once: the search index learnt the translations of titles and summaries.

The search index is defined once, in portal/practices/search_index.py, and installed by migration
0010, which replaces whatever this migration once created. This one now does nothing: it ran
against older tables, which the current definition no longer fits.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0003_translations"),
    ]

    operations: list = []
