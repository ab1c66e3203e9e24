"""Open-data exports: practices (CSV, JSON), participation (CSV) and countries (GeoJSON).

Each export is a generator of text chunks, so that a web response or a file can stream it: rows
are read with ``.iterator(chunk_size=CHUNK_SIZE)`` and their related records (or codes) are read once
per chunk, so memory stays flat and the number of queries grows with the number of chunks, never
with the number of rows.

The CSV files are what ``manage.py import_csv`` reads back: the same columns, the same cell
encodings (lists of codes separated by "; ", nested records as JSON), and the same protection
against spreadsheet formulas, which the importer undoes exactly (see ``neutralise``/``restore``).
"""

import csv
import datetime
import functools
import io
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from portal.countries.models import Country
from portal.countries.reference import countryinfo_by_iso3
from portal.forum.attendance import ATTENDED
from portal.forum.models import Meeting, MeetingRole, Participation, RoundtableRole
from portal.practices.columns import PRACTICE_COLUMNS, PRIVATE_PRACTICE_COLUMNS, TRANSLATION_COLUMNS
from portal.practices.models import Practice, PracticeSource, attach_related_codes, codes_of

CHUNK_SIZE = 2000
STREAM_BUFFER = 64 * 1024  # characters gathered before a chunk is handed to the response
LIST_SEPARATOR = "; "

# --- cells --------------------------------------------------------------------------------------

# A spreadsheet reads a cell starting with one of these as a formula (or strips the white space).
# Such a cell gets a leading apostrophe; so does one that already starts with apostrophes before
# such a character, so that the importer can remove exactly one apostrophe and get the value back.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def neutralise(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def restore(text: str) -> str:
    """The inverse of ``neutralise``."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text[1:]) else text


def cell(value: Any) -> str:
    """A value as the CSV files write it (before neutralising)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, list) and all(isinstance(item, (str, int)) for item in value):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


# --- shared descriptions --------------------------------------------------------------------------


def meeting_record(meeting: Meeting) -> dict[str, Any]:
    """A meeting described by its facts rather than its id, so that another database can find or
    create it: edition, kind, title, dates, city and host country."""
    return {
        "edition": meeting.edition.label,
        "kind": meeting.kind,
        "title": meeting.title,
        "start_date": meeting.start_date.isoformat() if meeting.start_date else None,
        "end_date": meeting.end_date.isoformat() if meeting.end_date else None,
        "city": meeting.city,
        "country": meeting.country.iso3 if meeting.country else None,
    }


MEETING_RELATED = ("edition", "country")


# --- practices ------------------------------------------------------------------------------------


def practices_for_export(practices: QuerySet) -> QuerySet:
    """The practices with their submitter and sources; their codes come per chunk (``practice_records``)."""
    return practices.select_related("submitter").prefetch_related(
        Prefetch(
            "sources",
            PracticeSource.objects.select_related(
                "edition", *(f"meeting__{name}" for name in MEETING_RELATED), "meeting"
            ).order_by("id"),
        ),
    )


def practice_record(practice: Practice, *, site_url: str, private: bool = False) -> dict[str, Any]:
    """One row of the practice exports (``practice_records`` attaches the codes of a chunk at once)."""
    codes = codes_of(practice)
    record: dict[str, Any] = {
        "id": practice.pk,
        "url": site_url + practice.get_absolute_url(),
        "title": practice.title,
        "summary": practice.summary,
        "language": practice.language,
        **{name: getattr(practice, name) for name in TRANSLATION_COLUMNS},
        "body": practice.body,
        "image": practice.image.name or "",
        "countries": codes["countries"],
        "is_global": practice.is_global,
        "partners": practice.partners,
        "themes": codes["themes"],
        "gcm_objectives": codes["gcm_objectives"],
        "sdg_targets": codes["sdg_targets"],
        "submitter_kind": practice.submitter_kind,
        "submitter": practice.submitter.display_name if practice.submitter else "",
        "date_shared": practice.date_shared,
        "sources": [
            {
                "text": source.text,
                "edition": source.edition.label if source.edition else None,
                "meeting": meeting_record(source.meeting) if source.meeting else None,
            }
            for source in practice.sources.all()
        ],
    }
    if private:
        for name in PRIVATE_PRACTICE_COLUMNS:
            record[name] = getattr(practice, name)
    return record


def practice_records(practices: QuerySet, *, site_url: str, private: bool = False) -> Iterator[dict[str, Any]]:
    rows = practices_for_export(practices).iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
        attach_related_codes(chunk)
        for practice in chunk:
            yield practice_record(practice, site_url=site_url, private=private)


def practice_columns(private: bool = False) -> list[str]:
    return PRACTICE_COLUMNS + (PRIVATE_PRACTICE_COLUMNS if private else [])


# --- participation --------------------------------------------------------------------------------

PARTICIPATION_COLUMNS = [
    "country",
    "country_name",
    "edition",
    "attended_meeting",
    "attended_prep_meetings",
    "attended_summit",
    "financial_recorded",
    "financial_contribution",
    "contribution_amount",
    "contribution_currency",
    "roundtables_recorded",
    "roundtable_roles",
    "meeting_roles",
    "source",
    "imported_at",
]
PRIVATE_PARTICIPATION_COLUMNS = ["delegates"]


def participation_for_export(records: QuerySet) -> QuerySet:
    return records.select_related("country", "edition").prefetch_related(
        Prefetch("roundtable_roles", RoundtableRole.objects.select_related("roundtable__edition")),
        Prefetch(
            "meeting_roles",
            MeetingRole.objects.select_related("meeting", *(f"meeting__{name}" for name in MEETING_RELATED)),
        ),
    )


def participation_record(record: Participation, *, private: bool = False) -> dict[str, Any]:
    roundtable_roles = []
    for role in record.roundtable_roles.all():
        roundtable = role.roundtable
        item = {
            "roundtable": roundtable.code,
            "title": roundtable.title,
            "session_title": roundtable.session_title,
            "role": role.role,
            "source_text": role.source_text,
        }
        if roundtable.edition_id != record.edition_id:
            item["edition"] = roundtable.edition.label
        roundtable_roles.append(item)
    meeting_roles = [
        {
            "meeting": meeting_record(role.meeting),
            "role": role.role,
            "source_text": role.source_text,
            "source_block": role.source_block,
        }
        for role in record.meeting_roles.all()
    ]
    row: dict[str, Any] = {
        "country": record.country.iso3,
        "country_name": record.country.name,
        "edition": record.edition.label,
        "attended_meeting": record.attended_meeting,
        "attended_prep_meetings": record.attended_prep_meetings,
        "attended_summit": record.attended_summit,
        "financial_recorded": record.financial_recorded,
        "financial_contribution": record.financial_contribution,
        "contribution_amount": record.contribution_amount,
        "contribution_currency": record.contribution_currency,
        "roundtables_recorded": record.roundtables_recorded,
        "roundtable_roles": roundtable_roles,
        "meeting_roles": meeting_roles,
        "source": record.source,
        "imported_at": record.imported_at,
    }
    if private:
        row["delegates"] = record.delegates
    return row


def participation_records(records: QuerySet, *, private: bool = False) -> Iterator[dict[str, Any]]:
    if not private:
        records = records.defer("delegates")
    for record in participation_for_export(records).iterator(chunk_size=CHUNK_SIZE):
        yield participation_record(record, private=private)


def participation_columns(private: bool = False) -> list[str]:
    return PARTICIPATION_COLUMNS + (PRIVATE_PARTICIPATION_COLUMNS if private else [])


# --- writers --------------------------------------------------------------------------------------


def _buffered(pieces: Iterable[str]) -> Iterator[str]:
    buffer: list[str] = []
    size = 0
    for piece in pieces:
        buffer.append(piece)
        size += len(piece)
        if size >= STREAM_BUFFER:
            yield "".join(buffer)
            buffer, size = [], 0
    if buffer:
        yield "".join(buffer)


def _csv_lines(columns: list[str], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    out = io.StringIO()
    writer = csv.writer(out)

    def line(values: list[str]) -> str:
        out.seek(0)
        out.truncate()
        writer.writerow(values)
        return out.getvalue()

    yield line(columns)
    for record in records:
        yield line([neutralise(cell(record.get(name))) for name in columns])


def csv_stream(columns: list[str], records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """UTF-8 CSV text with a header row, in chunks."""
    return _buffered(_csv_lines(columns, records))


def _json_items(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    yield "["
    for index, record in enumerate(records):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False, default=_json_default)
    yield "\n]\n"


def json_stream(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A JSON array of objects, valid however the stream is cut into chunks."""
    return _buffered(_json_items(records))


# --- countries as GeoJSON -------------------------------------------------------------------------

GEOMETRIES = ("point", "outline")


@functools.cache
def country_outlines() -> dict[str, dict[str, Any]]:
    """Country outlines (Polygon or MultiPolygon) from the countryinfo package, by ISO3."""
    outlines = {}
    for iso3, record in countryinfo_by_iso3().items():
        features = (record.get("geoJSON") or {}).get("features") or []
        geometry = features[0].get("geometry") if features else None
        if geometry and geometry.get("type") in ("Polygon", "MultiPolygon"):
            outlines[iso3] = geometry
    return outlines


def _point(country: Country) -> dict[str, Any] | None:
    if country.latitude is None or country.longitude is None:
        return None
    return {"type": "Point", "coordinates": [float(country.longitude), float(country.latitude)]}


@dataclass
class CountryFigures:
    editions_on_record: dict[int, int]
    editions_attended: dict[int, int]
    practices: dict[int, int]


def country_figures() -> CountryFigures:
    """Per country id: editions on record, editions attended, published practices (three queries)."""

    def per_country(rows: QuerySet, key: str) -> dict[int, int]:
        counted = rows.order_by().values(key).annotate(n=Count("pk", distinct=True)).values_list(key, "n")
        return {country_id: n for country_id, n in counted if country_id is not None}

    return CountryFigures(
        editions_on_record=per_country(Participation.objects.all(), "country_id"),
        editions_attended=per_country(Participation.objects.filter(ATTENDED), "country_id"),
        practices=per_country(Practice.objects.published(), "countries"),
    )


def country_features(
    countries: QuerySet, *, site_url: str, geometry: str = "point", figures: CountryFigures | None = None
) -> Iterator[dict[str, Any]]:
    figures = figures or country_figures()
    outlines = country_outlines() if geometry == "outline" else {}
    for country in countries.iterator(chunk_size=CHUNK_SIZE):
        shape = outlines.get(country.iso3) or _point(country)
        yield {
            "type": "Feature",
            "id": country.iso3,
            "geometry": shape,
            "properties": {
                "iso2": country.iso2,
                "iso3": country.iso3,
                "name": country.name,
                "official_name": country.official_name,
                "region": country.region,
                "subregion": country.subregion,
                "gfmd_status": country.gfmd_status,
                "editions_on_record": figures.editions_on_record.get(country.pk, 0),
                "editions_attended": figures.editions_attended.get(country.pk, 0),
                "practices": figures.practices.get(country.pk, 0),
                "url": site_url + country.get_absolute_url(),
            },
        }


def geojson_stream(features: Iterable[dict[str, Any]]) -> Iterator[str]:
    """A GeoJSON FeatureCollection (RFC 7946: WGS 84, longitude before latitude)."""

    def pieces() -> Iterator[str]:
        yield '{"type": "FeatureCollection", "features": ['
        for index, feature in enumerate(features):
            yield ("," if index else "") + "\n" + json.dumps(feature, ensure_ascii=False)
        yield "\n]}\n"

    return _buffered(pieces())


# --- the whole set, for ``manage.py export`` ------------------------------------------------------


@dataclass
class ExportFile:
    name: str
    content_type: str
    chunks: Callable[[], Iterator[str]]


def all_exports(*, site_url: str, private: bool = False) -> list[ExportFile]:
    """Every export over the whole record (published practices only unless ``private``)."""
    practices = Practice.objects.filter(merged_into__isnull=True) if private else Practice.objects.published()
    return [
        ExportFile(
            "practices.csv",
            "text/csv",
            lambda: csv_stream(
                practice_columns(private), practice_records(practices, site_url=site_url, private=private)
            ),
        ),
        ExportFile(
            "practices.json",
            "application/json",
            lambda: json_stream(practice_records(practices, site_url=site_url, private=private)),
        ),
        ExportFile(
            "participation.csv",
            "text/csv",
            lambda: csv_stream(
                participation_columns(private), participation_records(Participation.objects.all(), private=private)
            ),
        ),
        ExportFile(
            "countries.geojson",
            "application/geo+json",
            lambda: geojson_stream(country_features(Country.objects.all(), site_url=site_url)),
        ),
    ]
