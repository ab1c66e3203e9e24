"""The list of countries, grouped by UN M49 region, with a search box."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from .models import Country

OTHER_REGION = "Other"
MAX_QUERY_LENGTH = 100


@dataclass
class RegionGroup:
    name: str
    slug: str
    countries: list[Country]


def matching_countries(text: str) -> QuerySet[Country]:
    """Countries whose name or official name contains ``text``, or whose ISO code is ``text`` (any case)."""
    countries = Country.objects.only("name", "official_name", "iso2", "iso3", "region")
    if not text:
        return countries
    return countries.filter(
        Q(name__icontains=text) | Q(official_name__icontains=text) | Q(iso2__iexact=text) | Q(iso3__iexact=text)
    )


def group_by_region(countries: list[Country]) -> list[RegionGroup]:
    """Regions in alphabetical order, countries without a region last under "Other"."""
    groups: dict[str, list[Country]] = {}
    for country in countries:
        groups.setdefault(country.region or OTHER_REGION, []).append(country)
    names = sorted(groups, key=lambda name: (name == OTHER_REGION, name))
    return [RegionGroup(name, "region-" + slugify(name), groups[name]) for name in names]


def country_list(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    countries = list(matching_countries(query))
    return render(
        request,
        "countries/country_list.html",
        {"query": query, "count": len(countries), "regions": group_by_region(countries)},
    )
