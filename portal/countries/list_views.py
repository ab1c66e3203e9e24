"""The list of countries, grouped by UN M49 region, with a search box."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import get_language, gettext

from portal.core.page_cache import page_params
from portal.core.reference_names import region_name

from .models import Country
from .names import iso3_for_name, sort_key

OTHER_REGION = "Other"
MAX_QUERY_LENGTH = 100


@dataclass
class RegionGroup:
    name: str
    slug: str
    countries: list[Country]


def matching_countries(text: str) -> QuerySet[Country]:
    """Countries whose name or official name contains ``text``, or whose ISO code is ``text`` (any case).

    A common or former name finds the country too, accents and case aside ("Turkey", "Ivory Coast",
    "Swaziland": the rule of ``Country.objects.find``). In another language than English, the name in
    that language counts too ("Allemagne" finds Germany)."""
    countries = Country.objects.only("name", "official_name", "iso2", "iso3", "region")
    if not text:
        return countries
    found = Q(name__icontains=text) | Q(official_name__icontains=text) | Q(iso2__iexact=text) | Q(iso3__iexact=text)
    if iso3 := iso3_for_name(text):
        found |= Q(iso3=iso3)
    if not get_language().startswith("en"):
        wanted = sort_key(text)
        localized = [country.pk for country in countries if wanted in sort_key(country.localized_name)]
        found |= Q(pk__in=localized)
    return countries.filter(found)


def group_by_region(countries: list[Country]) -> list[RegionGroup]:
    """Regions in alphabetical order of the reader's language, countries without a region last under "Other".

    The anchors keep the stored (English) name: /fr/countries/#region-africa like /countries/#region-africa."""
    groups: dict[str, list[Country]] = {}
    for country in countries:
        groups.setdefault(country.region or OTHER_REGION, []).append(country)
    names = sorted(groups, key=lambda name: (name == OTHER_REGION, sort_key(region_name(name))))
    return [
        RegionGroup(
            gettext("Other") if name == OTHER_REGION else region_name(name),
            "region-" + slugify(name),
            sorted(groups[name], key=lambda country: sort_key(country.localized_name)),
        )
        for name in names
    ]


@page_params("q")
def country_list(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    countries = list(matching_countries(query))
    return render(
        request,
        "countries/country_list.html",
        {"query": query, "count": len(countries), "regions": group_by_region(countries)},
    )
