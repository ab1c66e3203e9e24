from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.legacy.csv_import import KINDS, CsvImportError, import_csv

MAX_PROBLEMS_SHOWN = 500


class Command(BaseCommand):
    help = (
        "Import practices or participation records from a CSV file in the format of the exports. Every row is "
        "checked first; each problem is reported as 'row N, column C: message' and then nothing is written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kind", required=True, choices=KINDS, help="what the file holds")
        parser.add_argument("file", type=Path, help="the CSV file, UTF-8, with a header row")
        parser.add_argument("--dry-run", action="store_true", help="check and rehearse the import, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        kind: str = options["kind"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"{path}: cannot read the file ({error.strerror}). Nothing was written.") from None

        def progress(stage: str, done: int, total: int) -> None:
            self.stderr.write(f"{path.name}: {stage} {done:,} of {total:,} rows")
            self.stderr.flush()

        try:
            result = import_csv(
                data, kind=kind, source=f"CSV import {path.name}", dry_run=options["dry_run"], progress=progress
            )
        except CsvImportError as error:
            lines = [str(problem) for problem in error.problems[:MAX_PROBLEMS_SHOWN]]
            if len(error.problems) > MAX_PROBLEMS_SHOWN:
                lines.append(f"… and {len(error.problems) - MAX_PROBLEMS_SHOWN:,} more")
            count = len(error.problems)
            raise CommandError(
                f"{path}: {count} problem{'s' if count != 1 else ''}; nothing was written.\n  " + "\n  ".join(lines)
            ) from None
        created = ", ".join(f"{n:,} {what}" for what, n in result.created.items() if n) or "nothing"
        # Rows without an id naming a practice the database holds (same title, countries, submitter).
        matched = f"; matched {result.matched:,} existing practices (left as they are)" if result.matched else ""
        if result.dry_run:
            self.stdout.write(
                f"{path.name}: {result.rows:,} rows are valid; the import would create {created}{matched}."
            )
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: created {created}{matched}."))
