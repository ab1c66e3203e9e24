"""FilterSets for countries and external resources: the country list page's parameters, shared by
the API (/api/v1/countries/, /api/v1/external-resources/) and the GeoJSON export."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from .models import Country, ExternalResource

MAX_QUERY_LENGTH = 100


def codes(value: str) -> list[str]:
    """``"mli, sen"`` -> ``["MLI", "SEN"]``: one code or several, separated by commas."""
    return [part.strip().upper() for part in value.split(",") if part.strip()]


def region_choices(field: str = "region") -> list[tuple[str, str]]:
    """The UN M49 regions (or, with ``field="subregion"``, sub-regions) that countries have, as stored
    (the API's schema lists them)."""
    names = Country.objects.exclude(**{field: ""}).order_by(field).values_list(field, flat=True).distinct()
    return [(name, name) for name in names]


def subregion_choices() -> list[tuple[str, str]]:
    return region_choices("subregion")


def stored_region(value: str, names: Iterable[str]) -> str | None:
    """The name among ``names`` (as countries store them) that ``value`` means in any case
    (``africa`` is ``Africa``), or None: the one place where a region name is normalised."""
    wanted = value.strip().casefold()
    return next((name for name in names if name.casefold() == wanted), None)


class RegionField(forms.ChoiceField):
    """A region in any case, cleaned to the name the countries store (stored_region): filters then
    compare it as stored. An unknown region is an invalid choice."""

    def to_python(self, value: Any | None) -> str:
        region: str = super().to_python(value)  # ChoiceField's: "" for no value, else the text
        if not region:
            return region  # no region asked for: the regions are not read
        # One query. (The stubs type the getter as the setter: it gives the normalised choices, never a callable.)
        stored = stored_region(region, (name for name, _label in self.choices))  # type: ignore[misc, union-attr]
        if stored is None:
            unknown = self.error_messages["invalid_choice"]
            raise forms.ValidationError(unknown, code="invalid_choice", params={"value": region})
        return stored

    def validate(self, value: Any) -> None:
        forms.Field.validate(self, value)  # the choice is checked above: reading the regions again is a query


class RegionFilter(django_filters.ChoiceFilter):
    field_class = RegionField


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
    region = RegionFilter(choices=region_choices, help_text="UN M49 region, in any case.")
    subregion = RegionFilter(choices=subregion_choices, help_text="UN M49 sub-region, in any case.")
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
