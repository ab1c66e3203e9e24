"""``/participation/``: countries × editions, each cell saying in words what the record holds."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.page_cache import page_params
from portal.core.reference_names import region_name
from portal.countries.filters import region_choices, stored_region
from portal.countries.names import localized_country_name
from portal.lib.text import sort_key

from .models import Edition, Participation

EXPORT_URL = "/exports/participation.csv"  # built in the open-data work; linked here with the same parameters

# What a cell can say, with the CSS class that shades it (the words carry the meaning, not the shade).
KEY = [
    ("cell-both", _("Prep + summit"), _("attended preparatory meetings and the summit")),
    ("cell-summit", _("Summit"), _("attended the summit")),
    ("cell-prep", _("Prep"), _("attended preparatory meetings")),
    ("cell-meeting", _("Meeting"), _("attended the single meeting of 2007")),
    ("cell-record", _("Record only"), _("on record, with no attendance recorded")),
    ("cell-none", _("No record"), _("nothing on record for that edition")),
]
# Every combination of (meeting, preparatory meetings, summit) that a cell can show, in words.
CELLS = {
    (False, True, True): ("cell-both", _("Prep + summit")),
    (True, False, False): ("cell-meeting", _("Meeting")),
    (False, True, False): ("cell-prep", _("Prep")),
    (False, False, True): ("cell-summit", _("Summit")),
    (False, False, False): ("cell-record", _("Record only")),
    (True, True, False): ("cell-both", _("Meeting + prep")),
    (True, False, True): ("cell-both", _("Meeting + summit")),
    (True, True, True): ("cell-both", _("Meeting + prep + summit")),
}


@dataclass(frozen=True)
class MatrixCell:
    css: str
    text: str


NO_RECORD = MatrixCell("cell-none", "No record")


def cell_for(meeting: bool, prep: bool, summit: bool) -> MatrixCell:
    css, text = CELLS[(bool(meeting), bool(prep), bool(summit))]
    return MatrixCell(css, str(text))


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
    no_record = MatrixCell(NO_RECORD.css, gettext("No record"))
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
            url = reverse("pages:country", args=[iso3.lower()])
            row = rows[country_id] = MatrixRow(localized_country_name(iso3, name), url, [no_record] * len(editions))
        index = position.get(edition_id)
        if index is not None:
            row.cells[index] = cell_for(meeting, prep, summit)
            row.attended += meeting or prep or summit
    return sorted(rows.values(), key=lambda row: sort_key(row.name))


@page_params("region")
def participation_matrix(request: HttpRequest) -> HttpResponse:
    stored = (name for name, _label in region_choices())
    regions = sorted(stored, key=lambda value: sort_key(region_name(value)))  # in the reader's language
    asked = request.GET.get("region", "")
    region = stored_region(asked, regions) or ""
    unknown_region = bool(asked) and not region
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
