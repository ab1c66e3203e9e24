import csv
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.legacy.pagetext import PageFormatError, parse_page, read_page
from portal.legacy.services import SOURCE_PREFIX, ImportReport, PageImportError, import_page

logger = logging.getLogger(__name__)


@dataclass
class PageResult:
    path: Path
    report: ImportReport | None = None
    refused: str = ""

    @property
    def row(self) -> list[str]:
        report = self.report
        if report is None:
            return [self.path.name, "", "", "", "", "", f"refused: {self.refused}"]
        country = report.country
        return [
            self.path.name,
            f"{country.name} ({country.iso3})" if country else "",
            str(len(report.editions)),
            str(sum(report.created.values())),
            str(sum(report.matched.values())),
            str(len(report.doubts)),
            "",
        ]


HEADINGS = ["page", "country", "blocks", "created", "matched", "doubtful", "refused"]


class Command(BaseCommand):
    help = (
        "Import pages of the old GFMD portal (folders of .txt files, or files), one transaction per page: "
        "a refused page does not stop the others. Exit status 1 when a page was refused."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="folders (their *.txt files) or page files")
        parser.add_argument("--dry-run", action="store_true", help="read and check every page, write nothing")
        parser.add_argument("--report", type=Path, help="write every doubt (and refusal) to this CSV file")
        parser.add_argument("--country", default="", help="ISO2 or ISO3 code of the country (one page only)")
        parser.add_argument(
            "--first-edition", default="", help="label of the edition of the first participation block (default: 2007)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        pages = _pages(options["paths"])
        if options["country"] and len(pages) != 1:
            raise CommandError("--country names the country of one page: give one file with it")
        results = []
        for number, path in enumerate(pages, 1):
            result = self._import(path, options)
            results.append(result)
            prefix = f"[{number}/{len(pages)}] {path.name}: "
            if result.report is None:
                self.stdout.write(self.style.ERROR(prefix + f"refused: {result.refused}"))
            else:
                row = result.row
                self.stdout.write(
                    prefix + f"{row[1]}, {row[2]} blocks, {row[3]} created, {row[4]} matched, {row[5]} doubtful"
                )
        self.stdout.write("")
        self.stdout.write(_table([HEADINGS, *(result.row for result in results)]))
        if options["report"]:
            _write_report(options["report"], results)
            self.stdout.write(f"Doubts written to {options['report']}")
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        refused = [result for result in results if result.report is None]
        if refused:
            raise CommandError(f"{len(refused)} of {len(results)} pages were refused; the others were imported")

    def _import(self, path: Path, options: dict) -> PageResult:
        try:
            page = parse_page(read_page(path, settings.IMPORT_PAGE_MAX_BYTES))
            report = import_page(
                page,
                source=f"{SOURCE_PREFIX}{path.name}",
                country_code=options["country"],
                first_edition=options["first_edition"],
                dry_run=options["dry_run"],
            )
        except (PageFormatError, PageImportError) as error:
            return PageResult(path, refused=str(error))
        except Exception as error:  # a defect of the importer: this page only (its transaction is undone)
            logger.exception("import_pages: %s failed", path)
            return PageResult(path, refused=f"the importer failed on this page ({type(error).__name__}: {error})")
        return PageResult(path, report)


def _pages(paths: list[Path]) -> list[Path]:
    pages = []
    for path in paths:
        if path.is_dir():
            pages.extend(sorted(path.glob("*.txt")))
        elif path.exists():
            pages.append(path)
        else:
            raise CommandError(f"{path}: no such file or folder")
    if not pages:
        raise CommandError("no page to import: a folder must hold .txt files")
    return pages


def _table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    numeric = {2, 3, 4, 5}
    lines = []
    for row in rows:
        cells = [
            cell.rjust(widths[i]) if i in numeric and row is not rows[0] else cell.ljust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def _write_report(path: Path, results: list[PageResult]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["page", "country", "line", "text", "kind", "reason", "what was done"])
        for result in results:
            if result.report is None:
                writer.writerow([result.path.name, "", "", "", "refused", result.refused, "nothing was written"])
                continue
            country = result.report.country.iso3 if result.report.country else ""
            for doubt in result.report.doubts:
                writer.writerow(
                    [result.path.name, country, doubt.line or "", doubt.text, doubt.kind, doubt.reason, doubt.action]
                )
