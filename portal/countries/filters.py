"""FilterSets for countries and external resources: the country list page's parameters, shared by
the API (/api/v1/countries/, /api/v1/external-resources/) and the GeoJSON export."""

import django_filters
from django.db.models import Q, QuerySet

from .models import Country, ExternalResource

MAX_QUERY_LENGTH = 100


def codes(value: str) -> list[str]:
    """``"mli, sen"`` -> ``["MLI", "SEN"]``: one code or several, separated by commas."""
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def country_text_query(text: str, prefix: str = "") -> Q:
    """Name or official name containing ``text``, or an ISO code equal to it (any case)."""
    return (
        Q(**{f"{prefix}name__icontains": text})
        | Q(**{f"{prefix}official_name__icontains": text})
        | Q(**{f"{prefix}iso2__iexact": text})
        | Q(**{f"{prefix}iso3__iexact": text})
    )


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_q", max_length=MAX_QUERY_LENGTH, help_text="Part of the name or official name, or an ISO code."
    )
    region = django_filters.CharFilter(field_name="region", lookup_expr="iexact", help_text="UN M49 region.")
    subregion = django_filters.CharFilter(field_name="subregion", lookup_expr="iexact", help_text="UN M49 sub-region.")
    gfmd_status = django_filters.ChoiceFilter(choices=Country.GfmdStatus.choices)
    iso3 = django_filters.CharFilter(method="filter_iso3", help_text="One ISO3 code or several, comma-separated.")

    class Meta:
        model = Country
        fields = ["q", "region", "subregion", "gfmd_status", "iso3"]

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        return queryset.filter(country_text_query(text)) if text else queryset

    def filter_iso3(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(iso3__in=codes(value))


class ExternalResourceFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(method="filter_country", help_text="ISO3 code(s), comma-separated.")
    publisher = django_filters.CharFilter(lookup_expr="icontains")
    q = django_filters.CharFilter(method="filter_q", max_length=MAX_QUERY_LENGTH, help_text="Words in title or text.")

    class Meta:
        model = ExternalResource
        fields = ["country", "publisher", "q"]

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(countries__iso3__in=codes(value)).distinct()

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        return queryset.filter(Q(title__icontains=text) | Q(text__icontains=text)) if text else queryset
