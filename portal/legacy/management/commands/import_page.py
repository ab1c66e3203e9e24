from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.legacy.pagetext import PageFormatError, ParsedPage, parse_page, read_page
from portal.legacy.services import SOURCE_PREFIX, PageImportError, import_page


class Command(BaseCommand):
    help = "Import the text of a country page of the old GFMD portal (all or nothing; idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the page's text, UTF-8")
        parser.add_argument("--country", default="", help="ISO2 or ISO3 code; by default the page's codes or name")
        parser.add_argument(
            "--first-edition", default="", help="label of the edition of the first participation block (default: 2007)"
        )
        parser.add_argument("--dry-run", action="store_true", help="print what the page holds and write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            page = parse_page(read_page(path, settings.IMPORT_PAGE_MAX_BYTES))
            if options["dry_run"]:
                self.stdout.write("\n".join(describe(page)))
            report = import_page(
                page,
                source=f"{SOURCE_PREFIX}{path.name}",
                country_code=options["country"],
                first_edition=options["first_edition"],
                dry_run=options["dry_run"],
            )
        except (PageFormatError, PageImportError) as error:
            raise CommandError(f"{path}: {error}. Nothing was written.") from None
        self.stdout.write("\n".join(report.lines()))
        if options["dry_run"]:
            self.stdout.write(self.style.WARNING("Dry run: nothing was written."))
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}."))


def describe(page: ParsedPage) -> list[str]:
    """The parsed structure of a page, for --dry-run."""
    out = [
        f"Official name: {page.official_name or '(none)'}",
        f"ISO2: {page.iso2 or '(none)'}  ISO3: {page.iso3 or '(none)'}",
        f"Coordinates: {page.latitude} {page.longitude}  point: {page.wkt_text or '(none)'}",
        f"Participation blocks: {len(page.blocks)}",
    ]
    for block in page.blocks:
        attended = [
            name
            for name, flag in (
                ("meeting", block.attended_meeting),
                ("prep meetings", block.attended_prep_meetings),
                ("summit", block.attended_summit),
            )
            if flag
        ]
        financial = "not recorded" if block.financial is None else (block.financial or "none")
        out.append(
            f"  block {block.position} (line {block.line}): attended {', '.join(attended) or 'nothing recorded'}"
        )
        out.append(f"    financial contribution: {financial}")
        if block.roundtables is None:
            out.append("    roundtables: not recorded")
        else:
            out.append(
                "    roundtables: "
                + ("; ".join(f'{r.role} in {r.code} "{r.title}"' for r in block.roundtables) or "none")
            )
        for meeting in block.meetings:
            when = f"{meeting.start}" if meeting.start else "undated"
            out.append(f'    meeting: {meeting.role} in {meeting.kind} "{meeting.title}" ({when})')
    out.append(f"Practices: {len(page.practices)}")
    for practice in page.practices:
        out.append(f"  line {practice.line}: {practice.title} (submitted by {practice.submitter_name})")
    out.append(f"External resources: {len(page.resources)}")
    out.append(f"Background: {len(page.background)} characters")
    out.append(f"Subscribe to: {page.subscribe_to or '(none)'}")
    for block in page.blocks:
        out.extend(f"Kept as written in block {block.position}: {note.text}" for note in block.notes)
    out.extend(f"Kept as written for the country: {note.text}" for note in page.country_notes)
    return out
