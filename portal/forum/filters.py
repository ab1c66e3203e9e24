"""FilterSets for the Forum's records, shared by the pages, the API and the exports."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from portal.countries.filters import RegionFilter, codes, region_choices

from .models import Edition, Meeting, Participation, Roundtable


class StrictBooleanField(forms.Field):
    """true or false (1 or 0); empty is no filter; anything else is an error, not "no filter"."""

    def to_python(self, value: Any | None) -> bool | None:
        text = "" if value is None else str(value).strip().lower()
        if not text:
            return None
        if text in ("true", "1"):
            return True
        if text in ("false", "0"):
            return False
        raise forms.ValidationError("Enter true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class WholeNumberFilter(django_filters.NumberFilter):
    """A whole number (a year), with the bounds given as min_value and max_value."""

    field_class = forms.IntegerField


YEAR = {"min_value": 1900, "max_value": 2100}


def labels(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


class EditionFilter(django_filters.FilterSet):
    year = WholeNumberFilter(method="filter_year", help_text="Editions whose label covers this year.", **YEAR)
    chair = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Edition
        fields = ["year", "chair"]

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        # Labels name their years: '2007', '2013-2014'.
        return queryset.filter(label__contains=str(value))


class MeetingFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(method="filter_edition", help_text="Edition label(s), comma-separated.")
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices)
    country = django_filters.CharFilter(method="filter_country", help_text="ISO3 code(s) of the host country.")
    year = WholeNumberFilter(field_name="start_date", lookup_expr="year", help_text="Year of the start date.", **YEAR)

    class Meta:
        model = Meeting
        fields = ["edition", "kind", "country", "year"]

    def filter_edition(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(edition__label__in=labels(value))

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(country__iso3__in=codes(value))


class RoundtableFilter(django_filters.FilterSet):
    edition = django_filters.CharFilter(method="filter_edition", help_text="Edition label(s), comma-separated.")
    code = django_filters.CharFilter(lookup_expr="istartswith", help_text="The start of a code: 'RT 2' finds RT 2.1.")
    q = django_filters.CharFilter(method="filter_q", max_length=100, help_text="Words in a title.")

    class Meta:
        model = Roundtable
        fields = ["edition", "code", "q"]

    def filter_edition(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(edition__label__in=labels(value))

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        return queryset.filter(Q(title__icontains=text) | Q(session_title__icontains=text)) if text else queryset


class ParticipationFilter(django_filters.FilterSet):
    """The participation matrix's parameters (region), with country and edition."""

    country = django_filters.CharFilter(method="filter_country", help_text="ISO3 code(s), comma-separated.")
    region = RegionFilter(field_name="country__region", choices=region_choices, help_text="UN M49 region, in any case.")
    edition = django_filters.CharFilter(method="filter_edition", help_text="Edition label(s), comma-separated.")
    attended_summit = StrictBooleanFilter()
    attended_prep_meetings = StrictBooleanFilter()
    attended_meeting = StrictBooleanFilter()

    class Meta:
        model = Participation
        fields = ["country", "region", "edition", "attended_summit", "attended_prep_meetings", "attended_meeting"]

    def filter_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(country__iso3__in=codes(value))

    def filter_edition(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(edition__label__in=labels(value))
