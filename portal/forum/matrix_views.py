"""``/participation/``: countries × editions, each cell saying in words what the record holds."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal.countries.models import Country

from .models import Edition, Participation

EXPORT_URL = "/exports/participation.csv"  # built in the open-data work; linked here with the same parameters

# What a cell can say, with the CSS class that shades it (the words carry the meaning, not the shade).
KEY = [
    ("cell-both", "Prep + summit", "attended preparatory meetings and the summit"),
    ("cell-summit", "Summit", "attended the summit"),
    ("cell-prep", "Prep", "attended preparatory meetings"),
    ("cell-meeting", "Meeting", "attended the single meeting of 2007"),
    ("cell-record", "Record only", "on record, with no attendance recorded"),
    ("cell-none", "No record", "nothing on record for that edition"),
]


@dataclass(frozen=True)
class MatrixCell:
    css: str
    text: str


NO_RECORD = MatrixCell("cell-none", "No record")


def cell_for(meeting: bool, prep: bool, summit: bool) -> MatrixCell:
    if prep and summit and not meeting:
        return MatrixCell("cell-both", "Prep + summit")
    words = [word for flag, word in ((meeting, "Meeting"), (prep, "Prep"), (summit, "Summit")) if flag]
    if not words:
        return MatrixCell("cell-record", "Record only")
    if len(words) == 1:
        return MatrixCell(f"cell-{words[0].lower()}", words[0])
    return MatrixCell("cell-both", " + ".join([words[0]] + [word.lower() for word in words[1:]]))


@dataclass
class MatrixRow:
    name: str
    url: str
    cells: list[MatrixCell] = field(default_factory=list)
    attended: int = 0


def matrix_rows(editions: list[Edition], region: str) -> list[MatrixRow]:
    """One row per country with at least one record, in name order: a single query."""
    records = Participation.objects.order_by("country__name", "country_id")
    if region:
        records = records.filter(country__region=region)
    position = {edition.pk: index for index, edition in enumerate(editions)}
    rows: dict[int, MatrixRow] = {}
    for country_id, name, iso3, edition_id, meeting, prep, summit in records.values_list(
        "country_id",
        "country__name",
        "country__iso3",
        "edition_id",
        "attended_meeting",
        "attended_prep_meetings",
        "attended_summit",
    ):
        row = rows.get(country_id)
        if row is None:
            url = reverse("countries:detail", args=[iso3.lower()])
            row = rows[country_id] = MatrixRow(name, url, [NO_RECORD] * len(editions))
        index = position.get(edition_id)
        if index is not None:
            row.cells[index] = cell_for(meeting, prep, summit)
            row.attended += meeting or prep or summit
    return list(rows.values())


def participation_matrix(request: HttpRequest) -> HttpResponse:
    regions = list(Country.objects.exclude(region="").order_by("region").values_list("region", flat=True).distinct())
    region = request.GET.get("region", "")
    unknown_region = bool(region) and region not in regions
    if unknown_region:
        region = ""
    editions = list(Edition.objects.order_by("ordinal").only("ordinal", "label"))
    rows = matrix_rows(editions, region)
    query = urlencode({"region": region}) if region else ""
    return render(
        request,
        "forum/participation_matrix.html",
        {
            "editions": editions,
            "rows": rows,
            "regions": regions,
            "region": region,
            "unknown_region": unknown_region,
            "key": KEY,
            "export_url": EXPORT_URL + (f"?{query}" if query else ""),
        },
    )
