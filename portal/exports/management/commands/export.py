from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.exports.exports import all_exports
from portal.lib.private_files import make_private_folder, open_private


class Command(BaseCommand):
    help = (
        "Write every open-data export to files in a folder: practices.csv, practices.json, participation.csv, "
        "countries.geojson (the same content as /exports/…, unfiltered)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="the folder to write to (created if missing)")
        parser.add_argument(
            "--private",
            action="store_true",
            help="also write what is never public: practices in every state with their contact details, and "
            "delegates' names; for moving the record between databases (keep these files safe)",
        )
        parser.add_argument(
            "--site-url", default=settings.SITE_URL, help="the start of the records' URLs (default: SITE_URL)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["out"]
        private = options["private"]
        try:
            if private:  # readable by their owner alone: 0600 files in a folder made 0700
                make_private_folder(folder)
            else:
                folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise CommandError(f"{folder}: cannot create the folder ({error.strerror}).") from None
        for export in all_exports(site_url=options["site_url"].rstrip("/"), private=private):
            path = folder / export.name
            partial = path.with_name(path.name + ".partial")
            if private:
                handle = open_private(partial, "w", encoding="utf-8", newline="")
            else:
                handle = partial.open("w", encoding="utf-8", newline="")
            with handle:
                for chunk in export.chunks():
                    handle.write(chunk)
            partial.replace(path)  # a reader never sees half a file
            self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
        if options["private"]:
            self.stdout.write(self.style.WARNING("These files hold contact details and delegates: keep them private."))
