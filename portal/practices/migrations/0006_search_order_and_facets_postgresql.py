"""Once: PostgreSQL's search index learnt the list's order and facet marker words.

The search index is defined once, in portal/practices/search_index.py, and installed by migration
0010, which replaces whatever this migration once created. This one now does nothing: it ran
against older tables, which the current definition no longer fits.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0005_search_order_and_facets"),
    ]

    operations: list = []
