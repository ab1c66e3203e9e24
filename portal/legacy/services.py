"""Writing a parsed country page into the database, in one transaction.

Policy, the same for every kind of record: what is missing is created; what exists is matched
and left as it is (an editor may have corrected it); where the page and the record disagree,
the report says so under "doubtful".
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import User
from portal.countries.models import Country, ExternalResource
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.legacy.pagetext import Block, MeetingEntry, ParsedPage, PracticeEntry, normalise_line
from portal.lib.coordinates import format_factbook, format_wkt_point
from portal.lib.money import find_amount
from portal.practices.models import Practice

COORDINATE_TOLERANCE = Decimal("0.01")


class PageImportError(ValueError):
    """The page cannot be written: nothing was."""


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    doubtful: list[str] = field(default_factory=list)
    country: Country | None = None
    editions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"Country: {self.country.name} ({self.country.iso3})" if self.country else "Country: none"]
        if self.editions:
            out.append(f"Participation blocks read as editions {self.editions[0]} to {self.editions[-1]}")
        out.append("Created: " + (_counts(self.created) or "nothing"))
        out.append("Matched: " + (_counts(self.matched) or "nothing"))
        if self.doubtful:
            out.append(f"Doubtful ({len(self.doubtful)}):")
            out.extend(f"  - {item}" for item in self.doubtful)
        else:
            out.append("Doubtful: nothing")
        return out


def _counts(counter: Counter) -> str:
    return ", ".join(f"{count} {kind}" for kind, count in sorted(counter.items()) if count)


def import_page(
    page: ParsedPage, *, source: str, country_code: str = "", first_edition: str = "", dry_run: bool = False
) -> ImportReport:
    """Write ``page`` to the database, all or nothing; with ``dry_run`` roll everything back."""
    report = ImportReport()
    with transaction.atomic():
        _PageWriter(page, report, source).write(country_code, first_edition)
        if dry_run:
            transaction.set_rollback(True)
    return report


class _PageWriter:
    def __init__(self, page: ParsedPage, report: ImportReport, source: str):
        self.page = page
        self.report = report
        self.source = source
        self.now = timezone.now()

    def write(self, country_code: str, first_edition: str) -> None:
        country = self._country(country_code)
        self.report.country = country
        self._check_header(country)
        editions = self._editions(first_edition)
        for block, edition in zip(self.page.blocks, editions, strict=False):
            self._block(country, block, edition)
        self._practices(country)
        self._resources(country)
        self._background(country)

    # --- the country --------------------------------------------------------------------------

    def _country(self, code: str) -> Country:
        page = self.page
        if not Country.objects.exists():
            raise PageImportError("the database has no countries yet: run 'manage.py load_reference_data' first")
        if code:
            country = (
                Country.objects.filter(iso3__iexact=code).first() or Country.objects.filter(iso2__iexact=code).first()
            )
            if country is None:
                raise PageImportError(f"--country {code}: no country has that ISO2 or ISO3 code")
            for kind in ("iso2", "iso3"):
                written = getattr(page, kind)
                if written and written != getattr(country, kind):
                    raise PageImportError(
                        f"--country {code} is {country.name}, but the page's {kind.upper()} code is {written}"
                    )
            return country
        for kind in ("iso3", "iso2"):
            written = getattr(page, kind)
            if written:
                country = Country.objects.filter(**{kind: written}).first()
                if country is None:
                    raise PageImportError(f"the page's {kind.upper()} code {written} is not a known country")
                return country
        if not page.official_name:
            raise PageImportError("the page names no country (no 'Official Name' or ISO code): give --country ISO3")
        country = Country.objects.find(page.official_name)
        if country is None:
            raise PageImportError(f"no country is named '{page.official_name}': give its code with --country ISO3")
        return country

    def _check_header(self, country: Country) -> None:
        page, doubts = self.page, self.report.doubtful
        if page.official_name and page.official_name.casefold() not in {
            country.official_name.casefold(),
            country.name.casefold(),
        }:
            doubts.append(
                f"official name: the page says '{page.official_name}', the record '{country.official_name}' (kept)"
            )
        if page.subscribe_to and page.subscribe_to.casefold() not in {
            country.name.casefold(),
            country.official_name.casefold(),
        }:
            doubts.append(f"the page's closing line 'Subscribe to {page.subscribe_to}' names another country")
        lat, lon = page.latitude, page.longitude
        if page.wkt:
            wkt_lon, wkt_lat = page.wkt
            if lat is None or lon is None:
                lat, lon = (lat if lat is not None else wkt_lat), (lon if lon is not None else wkt_lon)
            elif abs(wkt_lon - lon) > COORDINATE_TOLERANCE or abs(wkt_lat - lat) > COORDINATE_TOLERANCE:
                doubts.append(
                    f"the page's point '{page.wkt_text}' disagrees with its own coordinates "
                    f"'{format_factbook(lat, 'lat')}', '{format_factbook(lon, 'lon')}' "
                    f"({format_wkt_point(lon, lat)}); the coordinates were taken"
                )
        if lat is None or lon is None:
            return
        if country.latitude is None or country.longitude is None:
            country.latitude, country.longitude = lat, lon
            country.save(update_fields=["latitude", "longitude", "updated_at"])
            self.report.created["coordinates"] += 1
        elif abs(country.latitude - lat) > COORDINATE_TOLERANCE or abs(country.longitude - lon) > COORDINATE_TOLERANCE:
            doubts.append(
                f"coordinates: the page says {format_wkt_point(lon, lat)}, the reference data {country.wkt} (kept)"
            )
        else:
            self.report.matched["coordinates"] += 1

    # --- participation ------------------------------------------------------------------------

    def _editions(self, first_label: str) -> list[Edition]:
        editions = list(Edition.objects.order_by("ordinal"))
        if self.page.blocks and not editions:
            raise PageImportError("the database has no GFMD editions yet: run 'manage.py load_reference_data' first")
        start = 0
        if first_label:
            labels = [edition.label for edition in editions]
            if first_label not in labels:
                raise PageImportError(f"--first-edition {first_label}: no edition has that label")
            start = labels.index(first_label)
        available = editions[start:]
        if len(self.page.blocks) > len(available):
            raise PageImportError(
                f"the page has {len(self.page.blocks)} participation blocks, but only {len(available)} editions "
                f"are known from {available[0].label if available else '(none)'} on"
            )
        chosen = available[: len(self.page.blocks)]
        self.report.editions = [edition.label for edition in chosen]
        return chosen

    def _participation(self, country: Country, edition: Edition, block: Block | None) -> Participation:
        values = _participation_values(block) if block else {}
        participation, created = Participation.objects.get_or_create(
            country=country,
            edition=edition,
            defaults={**values, "source": self.source, "imported_at": self.now},
        )
        if created:
            self.report.created["participation records"] += 1
        elif block is not None:
            changed = [name for name, value in values.items() if getattr(participation, name) != value]
            if changed:
                self.report.doubtful.append(
                    f"{edition.label}: the record differs from the page in {', '.join(changed)} (the record was kept)"
                )
            else:
                self.report.matched["participation records"] += 1
        return participation

    def _block(self, country: Country, block: Block, edition: Edition) -> None:
        participation = self._participation(country, edition, block)
        for entry in block.roundtables or []:
            roundtable = self._roundtable(edition, entry.code, entry.title)
            _, created = RoundtableRole.objects.get_or_create(
                participation=participation,
                roundtable=roundtable,
                role=entry.role,
                defaults={"source_text": entry.source_text},
            )
            self._count("roundtable roles", created)
        for entry in block.meetings:
            self._meeting_role(country, block, edition, participation, entry)

    def _roundtable(self, edition: Edition, code: str, title: str) -> Roundtable:
        roundtable = Roundtable.objects.filter(edition=edition, code__iexact=code).first()
        if roundtable is None:
            parent_code = code.rsplit(".", 1)[0] if "." in code else ""
            parent = (
                Roundtable.objects.filter(edition=edition, code__iexact=parent_code).first() if parent_code else None
            )
            roundtable = Roundtable.objects.create(
                edition=edition,
                code=code,
                title=parent.title if parent else ("" if parent_code else title),
                session_title=title if parent_code else "",
            )
            self.report.created["roundtables"] += 1
            return roundtable
        self.report.matched["roundtables"] += 1
        if title and _same_text(title) not in {_same_text(roundtable.session_title), _same_text(roundtable.title)}:
            self.report.doubtful.append(
                f"{edition.label} {code}: the page calls it '{title}', the record '{roundtable.display_title}' (kept)"
            )
        return roundtable

    def _meeting_role(
        self, country: Country, block: Block, block_edition: Edition, participation: Participation, entry: MeetingEntry
    ) -> None:
        meeting = _find_meeting(entry.title)
        if meeting is not None:
            self.report.matched["meetings"] += 1
            edition = meeting.edition
        else:
            edition = (Edition.objects.for_date(entry.start) if entry.start else None) or block_edition
            meeting = Meeting.objects.create(
                edition=edition,
                kind=entry.kind,
                title=entry.title,
                start_date=entry.start,
                end_date=entry.end,
                city=entry.city,
                country=Country.objects.find(entry.country_name) if entry.country_name else None,
            )
            self.report.created["meetings"] += 1
        moved = edition.pk != block_edition.pk
        if moved:
            when = f"{meeting.start_date.day} {meeting.start_date:%B %Y}" if meeting.start_date else "undated"
            self.report.doubtful.append(
                f"thematic meeting '{entry.title}' ({when}) belongs to {edition.label} by its date, but the page shows "
                f"it in block {block.position} ({block_edition.label}): recorded under {edition.label}"
            )
            participation = self._participation(country, edition, None)
        _, created = MeetingRole.objects.get_or_create(
            participation=participation,
            meeting=meeting,
            role=entry.role,
            defaults={"source_text": entry.source_text, "source_block": block.position if moved else None},
        )
        self._count("meeting roles", created)

    # --- practices, resources, background -------------------------------------------------------

    def _practices(self, country: Country) -> None:
        by_title: dict[str, list[PracticeEntry]] = {}
        for entry in self.page.practices:
            by_title.setdefault(_same_text(entry.title), []).append(entry)
            submitter = self._person(entry)
            practice = Practice.objects.filter(title=entry.title, submitter=submitter, summary=entry.summary).first()
            if practice is None:
                practice = Practice.objects.create(
                    title=entry.title,
                    summary=entry.summary,
                    submitter=submitter,
                    date_shared=entry.submitted_on,
                    status=Practice.Status.PUBLISHED,
                    source=f"{self.source}, line {entry.line}",
                )
                self.report.created["practices"] += 1
            else:
                self.report.matched["practices"] += 1
            practice.countries.add(country)
        for entries in by_title.values():
            if len(entries) > 1:
                who = "; ".join(f"line {entry.line}, submitted by {entry.submitter_name}" for entry in entries)
                self.report.doubtful.append(
                    f"{len(entries)} practices have the same title '{entries[0].title}' ({who}): possible duplicates"
                )

    def _person(self, entry: PracticeEntry) -> User:
        found = User.objects.filter(
            salutation__iexact=entry.salutation,
            first_name__iexact=entry.first_name,
            last_name__iexact=entry.last_name,
        ).first()
        if found:
            self.report.matched["people"] += 1
            return found
        base = slugify(f"{entry.first_name} {entry.last_name}") or "submitter"
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-{n}"
        user = User(
            username=username, salutation=entry.salutation, first_name=entry.first_name, last_name=entry.last_name
        )
        user.set_unusable_password()
        user.save()
        self.report.created["people"] += 1
        return user

    def _resources(self, country: Country) -> None:
        for text in self.page.resources:
            resource = ExternalResource.objects.filter(text=text).first()
            if resource is None:
                resource = ExternalResource.objects.create(text=text, source=self.source)
                self.report.created["external resources"] += 1
            else:
                self.report.matched["external resources"] += 1
            resource.countries.add(country)

    def _background(self, country: Country) -> None:
        text = self.page.background
        if not text:
            return
        if not country.background:
            country.background = text
            country.save(update_fields=["background", "updated_at"])
            self.report.created["background"] += 1
        elif country.background == text:
            self.report.matched["background"] += 1
        else:
            self.report.doubtful.append("background: the record's text differs from the page's (the record was kept)")

    def _count(self, kind: str, created: bool) -> None:
        (self.report.created if created else self.report.matched)[kind] += 1


def _participation_values(block: Block) -> dict:
    amount = find_amount(block.financial) if block.financial else None
    return {
        "attended_meeting": block.attended_meeting,
        "attended_prep_meetings": block.attended_prep_meetings,
        "attended_summit": block.attended_summit,
        "financial_recorded": block.financial is not None,
        "financial_contribution": block.financial or "",
        "contribution_amount": amount[0] if amount else None,
        "contribution_currency": amount[1] if amount else "",
        "roundtables_recorded": block.roundtables is not None,
        "delegates": block.delegates or "",
    }


def _same_text(text: str) -> str:
    """A form of a title for comparison: case, quotes, white space and end punctuation ignored."""
    return re.sub(r"[\s.]+$", "", normalise_line(text)).casefold()


def _find_meeting(title: str) -> Meeting | None:
    wanted = _same_text(title)
    first_word = title.split()[0] if title.split() else title
    for meeting in Meeting.objects.filter(title__icontains=first_word).select_related("edition"):
        if _same_text(meeting.title) == wanted:
            return meeting
    return None
