"""``/exports/…``: any list of the portal as a file, filtered by the same parameters as its page.

Published practices only; no contact details, no delegates. The files stream, so their size does
not matter to the server's memory.
"""

from collections.abc import Iterator

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django_filters import FilterSet

from portal.countries.filters import CountryFilter
from portal.countries.models import Country
from portal.forum.filters import ParticipationFilter
from portal.forum.models import Participation
from portal.lib.urls import site_root
from portal.practices.filters import PracticeFilter
from portal.practices.models import Practice

from . import exports
from .catalog_views import license_link


def _site_url(request: HttpRequest) -> str:
    return site_root(request)


def _invalid(filterset: FilterSet) -> HttpResponse:
    lines = [f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()]
    return HttpResponseBadRequest(
        "The filters are not valid; nothing was exported.\n" + "\n".join(lines) + "\n",
        content_type="text/plain; charset=utf-8",
    )


def _file(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # The data's licence, and the catalogue that describes every export (a CSV file has no place for either).
    response["Link"] = f'{license_link()}, <{reverse("exports:catalog")}>; rel="describedby"'
    return response


def _practices(request: HttpRequest) -> FilterSet:
    return PracticeFilter(request.GET, queryset=Practice.objects.published(), request=request)


@require_safe
def practices_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filterset = _practices(request)
    if not filterset.is_valid():
        return _invalid(filterset)
    records = exports.practice_records(filterset.qs, site_url=_site_url(request))
    return _file(exports.csv_stream(exports.practice_columns(), records), "text/csv", "gfmd-practices.csv")


@require_safe
def practices_json(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filterset = _practices(request)
    if not filterset.is_valid():
        return _invalid(filterset)
    records = exports.practice_records(filterset.qs, site_url=_site_url(request))
    return _file(exports.json_stream(records), "application/json", "gfmd-practices.json")


@require_safe
def participation_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    filterset = ParticipationFilter(request.GET, queryset=Participation.objects.all(), request=request)
    if not filterset.is_valid():
        return _invalid(filterset)
    records = exports.participation_records(filterset.qs)
    return _file(exports.csv_stream(exports.participation_columns(), records), "text/csv", "gfmd-participation.csv")


@require_safe
def countries_geojson(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """A point per country (``?geometry=outline``: its outline where countryinfo has one)."""
    geometry = request.GET.get("geometry", "point") or "point"
    if geometry not in exports.GEOMETRIES:
        return HttpResponseBadRequest(
            f"geometry must be one of: {', '.join(exports.GEOMETRIES)}.\n", content_type="text/plain; charset=utf-8"
        )
    filterset = CountryFilter(request.GET, queryset=Country.objects.all(), request=request)
    if not filterset.is_valid():
        return _invalid(filterset)
    features = exports.country_features(filterset.qs, site_url=_site_url(request), geometry=geometry)
    return _file(exports.geojson_stream(features), "application/geo+json", "gfmd-countries.geojson")
