"""Writing a parsed country page into the database, in one transaction.

Policy, the same for every kind of record: what is missing is created; what exists is matched
and left as it is (an editor may have corrected it); where the page and the record disagree,
the report says so under "doubtful". Every doubt is stored as an ``ImportDoubt`` for editors to
settle, once: a re-import finds the doubts and records it wrote before and, when the page says
nothing new, writes nothing at all (history included).
"""

import datetime
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from portal.accounts.models import User
from portal.countries.models import Country, ExternalResource
from portal.countries.names import name_key
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.forum.reference_data import load_translations
from portal.legacy.models import ImportDoubt
from portal.legacy.pagetext import (
    Block,
    Doubt,
    DoubtKind,
    MeetingEntry,
    Note,
    ParsedPage,
    PracticeEntry,
    RoundtableEntry,
    normalise_line,
)
from portal.lib.coordinates import format_factbook, format_wkt_point
from portal.lib.money import find_amount
from portal.practices.models import Practice

COORDINATE_TOLERANCE = Decimal("0.01")
# A page's point this far (in degrees, on either axis) from its country's reference point, and nearer
# another country's, names that other country.
FAR_AWAY = Decimal(10)
SOURCE_PREFIX = "old portal page "


M = TypeVar("M", bound=models.Model)


class PageImportError(ValueError):
    """The page cannot be written: nothing was."""


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    matched: Counter = field(default_factory=Counter)
    doubts: list[Doubt] = field(default_factory=list)
    country: Country | None = None
    editions: list[str] = field(default_factory=list)
    stored_doubts: int = 0

    @property
    def doubtful(self) -> list[str]:
        return [doubt.message for doubt in self.doubts]

    def lines(self) -> list[str]:
        out = [f"Country: {self.country.name} ({self.country.iso3})" if self.country else "Country: none"]
        if self.editions:
            out.append(f"Participation blocks read as editions {self.editions[0]} to {self.editions[-1]}")
        out.append("Created: " + (_counts(self.created) or "nothing"))
        out.append("Matched: " + (_counts(self.matched) or "nothing"))
        if self.doubts:
            out.append(f"Doubtful ({len(self.doubts)}):")
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
    report = ImportReport(doubts=list(page.doubts))
    with transaction.atomic():
        _PageWriter(page, report, source[:300]).write(country_code, first_edition)
        if report.created["roundtables"] or report.created["meetings"]:
            # A roundtable or meeting the page created gets the French and Spanish of its texts from the
            # reference data, as load_reference_data gives the rows it finds (it may have run before).
            load_translations()
        if dry_run:
            transaction.set_rollback(True)
    return report


def _checked(instance: M) -> M:
    """The instance, once its values are within its fields' limits (nothing over a limit is ever written).
    Its foreign keys are not looked up again (a query each): they point to rows this import has just read
    or written, and the database holds them to exist."""
    foreign_keys = [field.name for field in instance._meta.concrete_fields if field.is_relation]
    try:
        instance.full_clean(exclude=foreign_keys, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items())
        raise PageImportError(f"a {instance._meta.verbose_name} would not be valid ({fields})") from None
    return instance


def _create(model: type[M], **values: object) -> M:
    instance = _checked(model(**values))
    instance.save()
    return instance


class _PageWriter:
    def __init__(self, page: ParsedPage, report: ImportReport, source: str):
        self.page = page
        self.report = report
        self.source = source
        self.now = timezone.now()
        self.known: set[tuple] = set()  # the doubts stored before for this country
        # Roundtables by edition and code (case aside), and meetings by title (_same_text), read once
        # per page and kept up to date as the page creates them: a lookup per line in the database
        # would cost more with every roundtable or meeting the page has created before it.
        self.roundtables: dict[int, dict[str, Roundtable]] = {}
        self.meetings: dict[str, Meeting] | None = None
        self.practices_of: dict[int, _Practices] = {}  # the country's practices, by submitter

    def write(self, country_code: str, first_edition: str) -> None:
        country = self._country(country_code)
        self.report.country = country
        self.known = {
            _key(values)
            for values in ImportDoubt.objects.filter(country=country).values(
                "participation_id", "line", "kind", "text", "reason"
            )
        }
        editions = self._editions(first_edition)
        self._check_header(country)
        by_position = {}
        for block, edition in zip(self.page.blocks, editions, strict=False):
            by_position[block.position] = self._block(country, block, edition)
        for doubt in self.report.doubts:
            if doubt.block in by_position and doubt.participation_id is None:
                doubt.participation_id = by_position[doubt.block].pk
                doubt.edition_id = by_position[doubt.block].edition_id
        self._practices(country)
        self._resources(country)
        self._background(country)
        self._store_doubts(country)

    def doubt(self, line: int | None, text: str, kind: str, reason: str, action: str, **links: int | None) -> Doubt:
        found = Doubt(line, text, kind, reason, action)
        for name, value in links.items():
            setattr(found, name, value)
        self.report.doubts.append(found)
        return found

    def is_new(self, doubt: Doubt) -> bool:
        return _key(_doubt_values(doubt)) not in self.known

    # --- the country --------------------------------------------------------------------------

    def _named(self) -> list[tuple[str, str, Country | None]]:
        """What the page says its country is: (which fact, as written, the country it designates)."""
        page = self.page
        facts = []
        for kind in ("iso3", "iso2"):
            written = getattr(page, kind)
            if written:
                facts.append((f"{kind.upper()} code", written, Country.objects.filter(**{kind: written}).first()))
        if page.official_name:
            facts.append(("official name", page.official_name, Country.objects.find(page.official_name)))
        if page.subscribe_to:
            facts.append(("closing line", f"Subscribe to {page.subscribe_to}", Country.objects.find(page.subscribe_to)))
        return facts

    def _country(self, code: str) -> Country:
        page = self.page
        if not Country.objects.exists():
            raise PageImportError("the database has no countries yet: run 'manage.py load_reference_data' first")
        facts = self._named()
        if code:
            country = Country.objects.find(code) if len(code) in (2, 3) else None
            if country is None:
                raise PageImportError(f"--country {code}: no country has that ISO2 or ISO3 code")
            for kind in ("iso2", "iso3"):
                written = getattr(page, kind)
                if written and written != getattr(country, kind):
                    raise PageImportError(
                        f"--country {code} is {country.name}, but the page's {kind.upper()} code is {written}"
                    )
            for what, text, named in facts:
                if named is not None and named.pk != country.pk:
                    self.doubt(
                        None,
                        text,
                        DoubtKind.DIFFERS,
                        f"the page's {what} '{text}' names {named.name}",
                        f"imported into {country.name}, as --country {code} says",
                    )
            far = self._far_from(country)
            if far:
                self.doubt(None, "", DoubtKind.DIFFERS, far, f"imported into {country.name}, as --country {code} says")
            return country
        for kind in ("iso3", "iso2"):
            written = getattr(page, kind)
            if written and not Country.objects.filter(**{kind: written}).exists():
                raise PageImportError(f"the page's {kind.upper()} code {written} is not a known country")
        found = [(what, text, named) for what, text, named in facts if named is not None]
        if not found:
            if not page.official_name and not page.subscribe_to:
                raise PageImportError(
                    "the page names no country (no 'Official Name', ISO code or 'Subscribe to' line): "
                    "give --country ISO3"
                )
            name = page.official_name or page.subscribe_to
            closest = Country.objects.closest(name)
            hint = ""
            if closest:
                hint = "; the closest are " + ", ".join(f"{c.name} ({c.iso3})" for c in closest)
            raise PageImportError(f"no country is named '{name}': give its code with --country ISO3{hint}")
        country = found[0][2]
        for what, text, named in found[1:]:
            if named.pk != country.pk:
                first_what, first_text = found[0][0], found[0][1]
                raise PageImportError(
                    f"the page contradicts itself about its country: its {first_what} '{first_text}' is "
                    f"{country.name} ({country.iso3}), its {what} '{text}' is {named.name} ({named.iso3}); "
                    "give --country ISO3 to say which"
                )
        far = self._far_from(country)
        if far:
            raise PageImportError(
                f"the page contradicts itself about its country: it names {country.name} ({country.iso3}), but {far}; "
                "give --country ISO3 to say which"
            )
        return country

    def _point(self) -> tuple[Decimal, Decimal] | None:
        page = self.page
        if page.latitude is not None and page.longitude is not None:
            return page.latitude, page.longitude
        if page.wkt:
            return page.wkt[1], page.wkt[0]
        return None

    def _far_from(self, country: Country) -> str:
        """Why the page's coordinates name another country than ``country``, or ''."""
        point = self._point()
        if point is None or country.latitude is None or country.longitude is None:
            return ""
        lat, lon = point
        if abs(country.latitude - lat) <= FAR_AWAY and abs(country.longitude - lon) <= FAR_AWAY:
            return ""
        nearest = (
            Country.objects.exclude(latitude=None)
            .annotate(
                distance=models.Func(models.F("latitude") - lat, function="ABS")
                + models.Func(models.F("longitude") - lon, function="ABS")
            )
            .order_by("distance")
            .first()
        )
        if nearest is None or nearest.pk == country.pk:
            return ""
        return (
            f"its coordinates ({format_wkt_point(lon, lat)}) are those of {nearest.name} ({nearest.iso3}), "
            f"not of {country.name} ({country.wkt})"
        )

    def _check_header(self, country: Country) -> None:
        page = self.page
        notes: list[tuple[str, Doubt | None]] = [(note.text, None) for note in page.country_notes]
        record_names = {name_key(country.official_name), name_key(country.name)}
        if page.official_name and name_key(page.official_name) not in record_names:
            doubt = self.doubt(
                page.official_name_line,
                page.official_name,
                DoubtKind.DIFFERS,
                f"the page's official name '{page.official_name}' differs from the record's "
                f"'{country.official_name or country.name}'",
                "the record kept; the page's line kept as written on the country's profile",
            )
            notes.append((page.official_name, doubt))
        if page.subscribe_to and name_key(page.subscribe_to) != name_key(country.name):
            text = f"Subscribe to {page.subscribe_to}"
            doubt = self.doubt(
                page.subscribe_line,
                text,
                DoubtKind.DIFFERS,
                f"the page's closing line names the country '{page.subscribe_to}', the record '{country.name}'",
                "the record kept; the page's line kept as written on the country's profile",
            )
            notes.append((text, doubt))
        notes.extend(self._coordinates(country))
        self._country_notes(country, notes)

    def _coordinates(self, country: Country) -> list[tuple[str, Doubt]]:
        """Check the page's coordinates against themselves and the record; return the lines the profile
        will not show as written, with their doubts."""
        page = self.page
        notes = []
        lat, lon = page.latitude, page.longitude
        if page.wkt:
            wkt_lon, wkt_lat = page.wkt
            if lat is None or lon is None:
                lat, lon = (lat if lat is not None else wkt_lat), (lon if lon is not None else wkt_lon)
            elif abs(wkt_lon - lon) > COORDINATE_TOLERANCE or abs(wkt_lat - lat) > COORDINATE_TOLERANCE:
                right = format_wkt_point(lon, lat)
                decimal_minutes = all(
                    abs(wkt - _minutes_as_decimals(page.coordinate_text[axis])) <= COORDINATE_TOLERANCE
                    for axis, wkt in (("lon", wkt_lon), ("lat", wkt_lat))
                )
                if decimal_minutes:
                    reason = (
                        f"the page's point '{page.wkt_text}' writes the minutes of '{page.coordinate_text['lat']}', "
                        f"'{page.coordinate_text['lon']}' as decimals (a bug of the old site): the point is {right}"
                    )
                    kind = DoubtKind.CORRECTED
                else:
                    reason = (
                        f"the page's point '{page.wkt_text}' disagrees with its own coordinates "
                        f"'{format_factbook(lat, 'lat')}', '{format_factbook(lon, 'lon')}' ({right})"
                    )
                    kind = DoubtKind.DIFFERS
                doubt = self.doubt(
                    page.wkt_line,
                    page.wkt_text,
                    kind,
                    reason,
                    "the coordinates were taken; the page's point kept as written on the country's profile",
                )
                notes.append((page.wkt_text, doubt))
        if lat is None or lon is None:
            return notes
        if country.latitude is None or country.longitude is None:
            country.latitude, country.longitude = lat, lon
            _checked(country).save(update_fields=["latitude", "longitude", "updated_at"])
            self.report.created["coordinates"] += 1
        elif abs(country.latitude - lat) > COORDINATE_TOLERANCE or abs(country.longitude - lon) > COORDINATE_TOLERANCE:
            line = page.coordinate_lines.get("lat") or page.wkt_line
            written = [page.coordinate_text[axis] for axis in ("lat", "lon") if axis in page.coordinate_text]
            doubt = self.doubt(
                line,
                ", ".join(written) or page.wkt_text,
                DoubtKind.DIFFERS,
                f"coordinates: the page says {format_wkt_point(lon, lat)}, the record {country.wkt}",
                "the record kept; the page's lines kept as written on the country's profile",
            )
            notes.extend((text, doubt) for text in written)
            if page.wkt_text and not any(text == page.wkt_text for text, _ in notes):
                notes.append((page.wkt_text, doubt))
        else:
            self.report.matched["coordinates"] += 1
        return notes

    def _country_notes(self, country: Country, notes: list[tuple[str, Doubt | None]]) -> None:
        """Add to the country's notes the lines of new doubts (a line an editor dealt with stays dealt with)."""
        parser_doubts = {(doubt.text, doubt.line): doubt for doubt in self.page.doubts}
        by_note = {note.text: note for note in self.page.country_notes}
        lines = country.source_note_lines
        have = Counter(lines)
        added = []
        for text, doubt in notes:
            if doubt is None:
                note = by_note[text]
                doubt = parser_doubts.get((note.text, note.line))
            if doubt is not None and not self.is_new(doubt):
                continue
            if have[text] > 0:
                have[text] -= 1
                continue
            added.append(text)
        if added:
            country.source_notes = "\n".join([*lines, *added])
            _checked(country).save(update_fields=["source_notes", "updated_at"])
            self.report.created["notes kept as written"] += len(added)

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
        participation = Participation.objects.filter(country=country, edition=edition).first()
        if participation is None:
            participation = _create(
                Participation,
                country=country,
                edition=edition,
                **values,
                source=self.source,
                imported_at=self.now,
            )
            self.report.created["participation records"] += 1
        elif block is not None:
            changed = [name for name, value in values.items() if getattr(participation, name) != value]
            if changed:
                self.doubt(
                    block.line,
                    "",
                    DoubtKind.DIFFERS,
                    f"{edition.label}: the record differs from the page in {', '.join(changed)}",
                    "the record was kept",
                    participation_id=participation.pk,
                    edition_id=edition.pk,
                )
            else:
                self.report.matched["participation records"] += 1
        return participation

    def _block(self, country: Country, block: Block, edition: Edition) -> Participation:
        participation = self._participation(country, edition, block)
        seen: dict[tuple, str] = {}  # this page's roles, to the line that gave them
        for entry in block.roundtables or []:
            roundtable = self._roundtable(edition, entry)
            key = ("rt", roundtable.pk, entry.role)
            if key in seen and seen[key] != entry.source_text:
                self._keep_line(block, participation, "roundtables", entry, f"the role '{entry.role}' in {entry.code}")
                continue
            seen[key] = entry.source_text
            role = RoundtableRole.objects.filter(participation=participation, roundtable=roundtable, role=entry.role)
            if role.exists():
                self.report.matched["roundtable roles"] += 1
                continue
            _create(
                RoundtableRole,
                participation=participation,
                roundtable=roundtable,
                role=entry.role,
                source_text=entry.source_text,
            )
            self.report.created["roundtable roles"] += 1
        for meeting in block.meetings:
            self._meeting_role(country, block, edition, participation, meeting, seen)
        self._block_notes(block, participation)
        return participation

    def _keep_line(
        self, block: Block, participation: Participation, part: str, entry: RoundtableEntry | MeetingEntry, what: str
    ) -> None:
        """A second line of the page giving a role the record holds once: kept as written, not merged."""
        doubt = self.doubt(
            entry.line,
            entry.source_text,
            DoubtKind.DUPLICATE,
            f"{what} is given by two lines of the block",
            "kept as written in the edition's block",
            participation_id=participation.pk,
            edition_id=participation.edition_id,
        )
        doubt.block = block.position
        block.notes.append(Note(part, entry.source_text, entry.line))

    def _block_of(self, line: int) -> int | None:
        """The position of the block that holds ``line``."""
        found = None
        for block in self.page.blocks:
            if block.line <= line:
                found = block.position
        return found

    def _block_notes(self, block: Block, participation: Participation) -> None:
        """Write the block's lines kept as written whose doubts are new to this record."""
        doubts = {(doubt.line, doubt.text): doubt for doubt in self.report.doubts if doubt.block == block.position}
        notes = []
        for note in block.notes:
            doubt = doubts.get((note.line, note.text))
            if doubt is not None:
                doubt.participation_id, doubt.edition_id = participation.pk, participation.edition_id
                if not self.is_new(doubt):
                    continue
            notes.append({"part": note.part, "text": note.text})
        # The record's notes counted by their JSON (an editor may have written anything there).
        have = Counter(json.dumps(values, sort_keys=True) for values in participation.source_notes or [])
        missing = []
        for values in notes:
            written = json.dumps(values, sort_keys=True)
            if have[written] > 0:
                have[written] -= 1
            else:
                missing.append(values)
        if missing:
            participation.source_notes = [*(participation.source_notes or []), *missing]
            _checked(participation).save(update_fields=["source_notes", "updated_at"])
            self.report.created["notes kept as written"] += len(missing)

    def _edition_roundtables(self, edition: Edition) -> dict[str, Roundtable]:
        """The edition's roundtables by code, case aside (the first by code where two differ only by case)."""
        if edition.pk not in self.roundtables:
            found: dict[str, Roundtable] = {}
            for roundtable in Roundtable.objects.filter(edition=edition).order_by("code"):
                found.setdefault(roundtable.code.casefold(), roundtable)
            self.roundtables[edition.pk] = found
        return self.roundtables[edition.pk]

    def _roundtable(self, edition: Edition, entry: RoundtableEntry) -> Roundtable:
        code, title = entry.code, entry.title
        known = self._edition_roundtables(edition)
        roundtable = known.get(code.casefold())
        dotted = re.fullmatch(r"RT (\d)(\d)", code)
        if roundtable is None and dotted:
            # 'RT 21' where the edition has an RT 2.1 and no RT 21: a missing dot.
            roundtable = known.get(f"RT {dotted[1]}.{dotted[2]}".casefold())
            if roundtable is not None:
                self.doubt(
                    entry.line,
                    entry.source_text,
                    DoubtKind.CORRECTED,
                    f"{edition.label} has no {code}: read as {roundtable.code} (a missing dot)",
                    "recorded under " + roundtable.code,
                    edition_id=edition.pk,
                ).block = self._block_of(entry.line)
                code = roundtable.code
        if roundtable is None:
            parent_code = code.rsplit(".", 1)[0] if "." in code else ""
            parent = known.get(parent_code.casefold()) if parent_code else None
            roundtable = _create(
                Roundtable,
                edition=edition,
                code=code,
                title=parent.title if parent else ("" if parent_code else title),
                session_title=title if parent_code else "",
            )
            self.report.created["roundtables"] += 1
            known[code.casefold()] = roundtable
            return roundtable
        self.report.matched["roundtables"] += 1
        if title and _same_text(title) not in {_same_text(roundtable.session_title), _same_text(roundtable.title)}:
            self.doubt(
                entry.line,
                entry.source_text,
                DoubtKind.DIFFERS,
                f"{edition.label} {code}: the page calls it '{title}', the record '{roundtable.display_title}'",
                "the record kept (the page's line is shown as written)",
                edition_id=edition.pk,
            )
        return roundtable

    def _meeting_role(
        self,
        country: Country,
        block: Block,
        block_edition: Edition,
        participation: Participation,
        entry: MeetingEntry,
        seen: dict[tuple, str],
    ) -> None:
        meeting = self._find_meeting(entry.title)
        if meeting is not None:
            self.report.matched["meetings"] += 1
            edition = meeting.edition
            self._check_meeting_date(meeting, entry, participation)
        else:
            edition = (Edition.objects.for_date(entry.start) if entry.start else None) or block_edition
            meeting = _create(
                Meeting,
                edition=edition,
                kind=entry.kind,
                title=entry.title,
                start_date=entry.start,
                end_date=entry.end,
                city=entry.city,
                country=Country.objects.find(entry.country_name) if entry.country_name else None,
            )
            self.report.created["meetings"] += 1
            self._known_meetings().setdefault(_same_text(meeting.title), meeting)
        moved = edition.pk != block_edition.pk
        target = participation
        if moved:
            when = _days(meeting.start_date, meeting.start_date) if meeting.start_date else "undated"
            self.doubt(
                entry.line,
                entry.source_text,
                DoubtKind.MOVED,
                f"thematic meeting '{entry.title}' ({when}) belongs to {edition.label} by its date, but the page shows "
                f"it in block {block.position} ({block_edition.label})",
                f"recorded under {edition.label}",
                edition_id=edition.pk,
            )
            target = self._participation(country, edition, None)
        key = ("meeting", target.pk, meeting.pk, entry.role)
        if key in seen and seen[key] != entry.source_text:
            self._keep_line(block, participation, "meetings", entry, f"the role '{entry.role}' in '{entry.title}'")
            return
        seen[key] = entry.source_text
        if MeetingRole.objects.filter(participation=target, meeting=meeting, role=entry.role).exists():
            self.report.matched["meeting roles"] += 1
            return
        _create(
            MeetingRole,
            participation=target,
            meeting=meeting,
            role=entry.role,
            source_text=entry.source_text,
            source_block=block.position if moved else None,
        )
        self.report.created["meeting roles"] += 1

    def _check_meeting_date(self, meeting: Meeting, entry: MeetingEntry, participation: Participation) -> None:
        """A dated line naming a meeting on record with other dates: the record kept, a doubt. A meeting on
        record without a date is left undated (the line is kept as the role's text)."""
        if entry.start is None or meeting.start_date is None:
            return
        page = (entry.start, entry.end or entry.start)
        record = (meeting.start_date, meeting.end_date or meeting.start_date)
        if page == record:
            return
        self.doubt(
            entry.line,
            entry.source_text,
            DoubtKind.DIFFERS,
            f"thematic meeting '{meeting.title}': the page dates it {_days(*page)}, the record {_days(*record)}",
            "the record's dates kept",
            participation_id=participation.pk,
            edition_id=meeting.edition_id,
        )

    def _known_meetings(self) -> dict[str, Meeting]:
        """Every meeting by its title as compared (_same_text), the first in the meetings' order."""
        if self.meetings is None:
            self.meetings = {}
            for meeting in Meeting.objects.select_related("edition"):
                self.meetings.setdefault(_same_text(meeting.title), meeting)
        return self.meetings

    def _find_meeting(self, title: str) -> Meeting | None:
        return self._known_meetings().get(_same_text(title))

    # --- practices, resources, background -------------------------------------------------------

    def _practices(self, country: Country) -> None:
        by_title: dict[str, list[PracticeEntry]] = {}
        taken: set[int] = set()
        doubts_of: dict[int, list[Doubt]] = {}
        for doubt in self.report.doubts:
            if doubt.practice is not None:
                doubts_of.setdefault(doubt.practice, []).append(doubt)
        for place, entry in enumerate(self.page.practices, 1):
            by_title.setdefault(_same_text(entry.title), []).append(entry)
            submitter = self._person(entry)
            practice = self._find_practice(country, entry, submitter, place, taken)
            if practice is None:
                practice = _create(
                    Practice,
                    title=entry.title,
                    summary=entry.summary,
                    submitter=submitter,
                    date_shared=entry.submitted_on,
                    status=Practice.Status.PUBLISHED,
                    source=f"{self.source}, line {entry.line}, practice {place}"[:300],
                )
                self.report.created["practices"] += 1
            else:
                self.report.matched["practices"] += 1
            taken.add(practice.pk)
            for doubt in doubts_of.get(entry.line, []):
                doubt.practice_id = practice.pk
            if not practice.countries.filter(pk=country.pk).exists():
                practice.countries.add(country)  # an add that adds nothing still writes a history row
        for entries in by_title.values():
            if len(entries) > 1:
                who = "; ".join(f"line {entry.line}, submitted by {entry.submitter_name}" for entry in entries)
                self.doubt(
                    entries[0].line,
                    entries[0].title,
                    DoubtKind.DUPLICATE,
                    f"{len(entries)} practices have the same title '{entries[0].title}' ({who})",
                    "both kept: possible duplicates",
                )

    def _find_practice(
        self, country: Country, entry: PracticeEntry, submitter: User, place: int, taken: set[int]
    ) -> Practice | None:
        """The practice this entry wrote before, among the country's practices by the same submitter: the
        same title and summary; or the same title and one of the two summaries cut short (completed, with
        a doubt); or the same place on the page, its title or summary since changed (kept, with a doubt)."""
        if submitter.pk not in self.practices_of:
            # Read once per submitter, before this page writes any of theirs: what the page creates is
            # taken at once, so only what was there before can be matched.
            self.practices_of[submitter.pk] = _Practices(
                Practice.objects.filter(countries=country, submitter=submitter).order_by("pk")
            )
        known = self.practices_of[submitter.pk]
        same_title = known.by_title.get(_same_text(entry.title), [])
        candidates = [practice for practice in same_title if practice.pk not in taken]
        wanted = _same_text(entry.summary)
        for practice in candidates:
            if practice.summary == entry.summary or _same_text(practice.summary) == wanted:
                return practice
        for practice in candidates:
            stored = _same_text(practice.summary)
            if wanted.startswith(stored):
                practice.summary = entry.summary
                _checked(practice).save(update_fields=["summary"])
                self.report.created["practice summaries completed"] += 1
                self.doubt(
                    entry.line,
                    entry.title,
                    DoubtKind.CORRECTED,
                    f"the practice '{entry.title}' was imported before with its summary cut short",
                    "its summary was completed from this page",
                    practice_id=practice.pk,
                )
                return practice
            if stored.startswith(wanted):
                self.doubt(
                    entry.line,
                    entry.title,
                    DoubtKind.DIFFERS,
                    f"the page's summary of '{entry.title}' is the start of the record's: the page seems cut short",
                    "the record's whole summary kept",
                    practice_id=practice.pk,
                )
                return practice
        for practice in known.by_place.get(str(place), []):
            if practice.pk not in taken and practice.source.startswith(SOURCE_PREFIX):
                what = "summary" if practice in candidates else "title and summary"
                self.doubt(
                    entry.line,
                    entry.title,
                    DoubtKind.DIFFERS,
                    f"the {what} of '{entry.title}' (practice {place} of the page, by the same submitter) "
                    "differs from the record's",
                    "the record kept",
                    practice_id=practice.pk,
                )
                return practice
        return None

    def _person(self, entry: PracticeEntry) -> User:
        names = {"salutation": entry.salutation, "first_name": entry.first_name, "last_name": entry.last_name}
        for name, value in names.items():
            limit = _max_length(User, name)
            if limit is not None and len(value) > limit:
                self.doubt(
                    entry.line,
                    entry.submitter_name,
                    DoubtKind.TOO_LONG,
                    f"the submitter's {name.replace('_', ' ')} is longer than {limit} characters",
                    "shortened to its first characters",
                )
                names[name] = value[:limit]
        found = User.objects.filter(**{f"{name}__iexact": value for name, value in names.items()}).first()
        if found:
            self.report.matched["people"] += 1
            return found
        base = slugify(f"{names['first_name']} {names['last_name']}")[:140] or "submitter"
        username, n = base, 1
        while User.objects.filter(username=username).exists():
            n += 1
            username = f"{base}-{n}"
        user = User(username=username, **names)
        user.set_unusable_password()
        _checked(user).save()
        self.report.created["people"] += 1
        return user

    def _resources(self, country: Country) -> None:
        for text in self.page.resources:
            resource = ExternalResource.objects.filter(text=text).first()
            if resource is None:
                resource = _create(ExternalResource, text=text, source=self.source)
                self.report.created["external resources"] += 1
            else:
                self.report.matched["external resources"] += 1
            if not resource.countries.filter(pk=country.pk).exists():
                resource.countries.add(country)

    def _background(self, country: Country) -> None:
        text = self.page.background
        if not text:
            return
        if not country.background:
            country.background = text
            _checked(country).save(update_fields=["background", "updated_at"])
            self.report.created["background"] += 1
        elif country.background == text:
            self.report.matched["background"] += 1
        else:
            self.doubt(
                None,
                "",
                DoubtKind.DIFFERS,
                "background: the record's text differs from the page's",
                "the record was kept",
            )

    # --- the doubts -----------------------------------------------------------------------------

    def _store_doubts(self, country: Country) -> None:
        """Store the doubts not stored before (settled ones included: a settled doubt stays settled)."""
        new = []
        for doubt in self.report.doubts:
            values = _doubt_values(doubt)
            if _key(values) in self.known:
                continue
            self.known.add(_key(values))
            new.append(ImportDoubt(country=country, source=self.source, action=doubt.action, **values))
        for stored in new:
            _checked(stored)
        ImportDoubt.objects.bulk_create(new)
        self.report.stored_doubts = len(new)


class _Practices:
    """Practices (in the order given), by their title as compared and by their place on the page they
    were imported from (their source ends with ', practice <place>')."""

    def __init__(self, practices: Iterable[Practice]):
        self.by_title: dict[str, list[Practice]] = {}
        self.by_place: dict[str, list[Practice]] = {}
        for practice in practices:
            self.by_title.setdefault(_same_text(practice.title), []).append(practice)
            place = re.search(r", practice (\S+)$", practice.source)
            if place:
                self.by_place.setdefault(place[1], []).append(practice)


def _max_length(model: type[models.Model], name: str) -> int | None:
    field = model._meta.get_field(name)
    return field.max_length if isinstance(field, models.Field) else None


def _doubt_values(doubt: Doubt) -> dict:
    return {
        "participation_id": doubt.participation_id,
        "edition_id": doubt.edition_id,
        "practice_id": doubt.practice_id,
        "line": doubt.line,
        "kind": doubt.kind,
        "text": doubt.text,
        "reason": doubt.reason,
    }


def _key(values: Mapping[str, object]) -> tuple:
    return (values["participation_id"], values["line"], values["kind"], values["text"], values["reason"])


def _days(start: datetime.date, end: datetime.date) -> str:
    """'11 September 2013', '12-13 July 2011', '30 June - 1 July 2011', '30 December 2011 - 2 January 2012'."""
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if start.year != end.year:
        return f"{start.day} {start:%B %Y} - {end.day} {end:%B %Y}"
    if start.month != end.month:
        return f"{start.day} {start:%B} - {end.day} {end:%B %Y}"
    return f"{start.day}-{end.day} {end:%B %Y}"


def _minutes_as_decimals(text: str) -> Decimal:
    """'43 30 E' read the old site's way, minutes as hundredths: 43.3."""
    numbers = re.findall(r"\d+(?:\.\d+)?", text)
    degrees = Decimal(numbers[0]) + (Decimal(numbers[1]) / 100 if len(numbers) > 1 else 0)
    return -degrees if text.strip()[-1:].upper() in {"S", "W"} else degrees


def _participation_values(block: Block) -> dict:
    amount = find_amount(block.financial) if block.financial else None
    if amount and not _fits(amount[0]):
        # The amount is read from the text, which is kept as written: one that the column cannot
        # hold (USD 1,000,000,000,000; EUR 1.005) is left out rather than refusing the page.
        amount = None
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


def _fits(amount: Decimal) -> bool:
    try:
        Participation._meta.get_field("contribution_amount").run_validators(amount)
    except ValidationError:
        return False
    return True


def _same_text(text: str) -> str:
    """A form of a text for comparison: case, quotes, white space and end punctuation ignored."""
    text = re.sub(r"\s*[–—-]\s*", " - ", normalise_line(text))  # hyphens and dashes, spaced or not
    return re.sub(r"[\s.…]+$", "", " ".join(text.split())).casefold()
