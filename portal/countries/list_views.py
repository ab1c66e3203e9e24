"""The list of countries: GFMD participants, other UN states, then territories, each by UN M49 region."""

from dataclasses import dataclass

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.utils.translation import gettext

from portal.core.page_cache import page_params
from portal.core.reference_names import region_name
from portal.lib.text import sort_key

from .models import Country
from .names import UN_OBSERVER_STATES, iso3_for_name, name_key, search_keys

OTHER_REGION = "Other"
MAX_QUERY_LENGTH = 100


@dataclass
class RegionGroup:
    name: str
    slug: str
    countries: list[Country]


def matching_countries(text: str) -> list[Country]:
    """Countries that ``text`` designates, in any of the three languages, accents and case aside.

    A country matches when ``text`` is its ISO code, or is part of one of its names: the stored name
    and official name, the UN's and ISO's names in English, French and Spanish, and the common and
    former names people still use ("Turkey", "Ivory Coast", "Swaziland"; see ``names.ALIASES``).
    One query; each row knows whether the country has a GFMD participation record."""
    countries = Country.objects.only("name", "official_name", "iso2", "iso3", "region", "un_member_since").annotate(
        records=Count("participations")
    )
    if not text:
        return list(countries)
    wanted = name_key(text)
    code = text.strip().upper()
    designated = iso3_for_name(text)
    return [
        country
        for country in countries
        if code in (country.iso2, country.iso3)
        or country.iso3 == designated
        or (
            wanted
            and any(_contains(key, wanted) for key in search_keys(country.iso3, (country.name, country.official_name)))
        )
    ]


def _contains(key: str, wanted: str) -> bool:
    """Whether a name contains the query: anywhere for a query of four letters or more, at the start of
    a word for a shorter one (so that "se" does not find every "République française")."""
    if len(wanted) > 3:
        return wanted in key
    return key.startswith(wanted) or f" {wanted}" in key


@dataclass
class CountryGroup:
    """One of the list's three groups: GFMD participants, other UN states, territories."""

    name: str
    slug: str
    regions: list[RegionGroup]
    count: int


def group_kind(country: Country) -> str:
    """The group a country is listed in: participants (any participation record), states (other UN
    member and observer states) or territories (the rest of ISO 3166: dependencies, Antarctica…)."""
    if getattr(country, "records", 0):
        return "participants"
    if country.un_member_since or country.iso3 in UN_OBSERVER_STATES:
        return "states"
    return "territories"


def group_countries(countries: list[Country]) -> list[CountryGroup]:
    """The non-empty groups in their fixed order, each divided by region."""
    titles = {
        "participants": gettext("GFMD participants"),
        "states": gettext("Other UN member and observer states"),
        "territories": gettext("Territories and other areas"),
    }
    groups = []
    for slug, title in titles.items():
        members = [country for country in countries if group_kind(country) == slug]
        if members:
            groups.append(CountryGroup(title, slug, group_by_region(members, prefix=f"{slug}-"), len(members)))
    return groups


def group_by_region(countries: list[Country], prefix: str = "") -> list[RegionGroup]:
    """Regions in alphabetical order of the reader's language, countries without a region last under "Other".

    The anchors keep the stored (English) name: /fr/countries/#region-africa like /countries/#region-africa."""
    groups: dict[str, list[Country]] = {}
    for country in countries:
        groups.setdefault(country.region or OTHER_REGION, []).append(country)
    names = sorted(groups, key=lambda name: (name == OTHER_REGION, sort_key(region_name(name))))
    return [
        RegionGroup(
            gettext("Other") if name == OTHER_REGION else region_name(name),
            prefix + "region-" + slugify(name),
            sorted(groups[name], key=lambda country: sort_key(country.localized_name)),
        )
        for name in names
    ]


@page_params("q")
def country_list(request: HttpRequest) -> HttpResponse:
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    countries = matching_countries(query)
    return render(
        request,
        "countries/country_list.html",
        {"query": query, "count": len(countries), "groups": group_countries(countries)},
    )
