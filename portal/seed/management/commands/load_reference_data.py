"""``manage.py load_reference_data``: countries, GFMD editions and the practice taxonomies.

Safe to run again, and on a database that editors have changed: it only creates what is missing
and never alters an existing row, except to fill an empty French or Spanish translation of an
edition's, meeting's or roundtable's text that is still as loaded (an editor's text is kept).
Everything happens in one transaction.
"""

from collections.abc import Callable

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.accounts.roles import ensure_editors_group
from portal.core.page_cache import bump_generation
from portal.countries.reference import load_countries
from portal.forum.reference_data import load_editions, load_meetings, load_roundtables, load_translations
from portal.practices.reference_data import load_gcm_objectives, load_sdg_targets, load_themes

# In dependency order: editions need countries; meetings and roundtables need editions.
LOADERS: list[tuple[str, Callable[[], tuple[int, int]]]] = [
    ("countries", load_countries),
    ("editions", load_editions),
    ("meetings", load_meetings),
    ("roundtables", load_roundtables),
    ("French and Spanish texts of editions, meetings and roundtables", load_translations),
    ("GCM objectives", load_gcm_objectives),
    ("SDG targets", load_sdg_targets),
    ("themes", load_themes),
]


class Command(BaseCommand):
    help = (
        "Create the reference data that is missing (countries, editions, taxonomies) and fill empty translations "
        "of texts still as loaded; never change anything else."
    )

    def handle(self, *args: object, **options: object) -> None:
        lines = []
        with transaction.atomic():
            for kind, load in LOADERS:
                created, present = load()
                lines.append(f"{kind}: {created} created, {present} already present")
            lines.append(f"editors group: {'created' if ensure_editors_group() else 'already present'}")
        bump_generation()  # bulk creation sends no signals: refresh cached pages here
        # Reported once the transaction has committed, so the numbers are what the database holds.
        for line in lines:
            self.stdout.write(line)
