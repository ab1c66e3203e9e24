from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.core.backup import BackupError, restore_backup
from portal.core.page_cache import bump_generation


class Command(BaseCommand):
    help = "Restore a backup made by 'manage.py backup' into an empty, migrated database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            manifest = restore_backup(path)
        except (BackupError, OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}. Nothing was restored.") from None
        bump_generation()
        origin = f"a {manifest['engine']} backup of {manifest['created_at']}"
        self.stdout.write(self.style.SUCCESS(f"Restored {manifest['records']:,} records from {origin}"))
