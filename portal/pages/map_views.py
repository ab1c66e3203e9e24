"""``/map/``: the world map, its legend and the table of the same figures."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django_stubs_ext import StrOrPromise

from portal.core.page_cache import page_params
from portal.forum.models import Edition

from .map import DEFAULT_MEASURE, MEASURES, TEXT_COLUMNS, Measure, build_map, sort_rows, valid_sort


@dataclass
class Column:
    key: str
    heading: StrOrPromise
    numeric: bool
    url: str
    sorted: str  # "ascending", "descending" or ""
    is_measure: bool


def table_columns(measure: Measure, edition: Edition | None, sort: str) -> list[Column]:
    """The table's columns, each heading a link that sorts by it (again: the other way round)."""
    base = {"measure": measure.key}
    if edition is not None:
        base["edition"] = edition.label
    current, descending = sort.lstrip("-"), sort.startswith("-")
    headings = [("name", gettext("Country")), ("region", gettext("Region"))] + [
        (key, other.edition_heading if edition is not None else other.heading) for key, other in MEASURES.items()
    ]
    columns = []
    for key, heading in headings:
        numeric = key not in TEXT_COLUMNS
        if key == current:
            direction = "descending" if descending else "ascending"
            next_sort = key if descending else f"-{key}"
        else:
            direction = ""
            next_sort = f"-{key}" if numeric else key
        columns.append(
            Column(key, heading, numeric, "?" + urlencode({**base, "sort": next_sort}), direction, key == measure.key)
        )
    return columns


@page_params("measure", "edition", "sort")
def world_map(request: HttpRequest) -> HttpResponse:
    measure = MEASURES.get(request.GET.get("measure", ""), MEASURES[DEFAULT_MEASURE])
    editions = list(Edition.objects.order_by("ordinal").only("ordinal", "label"))
    label = request.GET.get("edition", "")
    edition = next((candidate for candidate in editions if candidate.label == label), None)
    sort = valid_sort(request.GET.get("sort", ""), measure)
    world = build_map(measure, edition)
    columns = table_columns(measure, edition, sort)
    return render(
        request,
        "countries/map.html",
        {
            "world": world,
            "measures": MEASURES.values(),
            "measure": measure,
            "editions": editions,
            "edition": edition,
            "unknown_edition": bool(label) and edition is None,
            "rows": sort_rows(world.drawn, sort),
            "columns": columns,
            "measure_keys": list(MEASURES),
        },
    )
