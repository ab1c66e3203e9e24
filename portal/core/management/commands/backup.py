from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from portal.core.backup import create_backup


class Command(BaseCommand):
    help = "Write the database (as JSON) and the media files into one .tar.gz backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, help="file to write (default: var/backups/portal-<time>.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        from django.conf import settings

        out = options["out"] or Path(settings.VAR_DIR) / "backups" / f"portal-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        manifest = create_backup(out)
        self.stdout.write(self.style.SUCCESS(f"Backed up {manifest['records']:,} records and the media files to {out}"))
