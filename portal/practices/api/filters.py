"""FilterSets for the taxonomies (the practices' own is portal/practices/filters.py)."""

import django_filters
from django.db.models import QuerySet

from portal.forum.filters import WholeNumberFilter
from portal.practices.models import SDGTarget, Theme


class ThemeFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(method="filter_parent", help_text="A parent's slug; 'none' for top-level.")

    class Meta:
        model = Theme
        fields = ["parent"]

    def filter_parent(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value.strip().lower() == "none":
            return queryset.filter(parent__isnull=True)
        return queryset.filter(parent__slug=value.strip())


class SDGTargetFilter(django_filters.FilterSet):
    goal = WholeNumberFilter(
        method="filter_goal", min_value=1, max_value=17, help_text="The goal's number: 10 gives 10.1, 10.2, …"
    )

    class Meta:
        model = SDGTarget
        fields = ["goal"]

    def filter_goal(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(code__startswith=f"{value}.")
