"""``PracticeFilter``: the one FilterSet for lists of published practices (HTML pages, exports, API).

Parameters: ``q`` (forgiving full-text search, see search.py), ``country`` (ISO3, repeatable),
``region`` (UN M49 region), ``theme`` (slug, repeatable; a theme includes its sub-themes), ``gcm``
(objective number), ``sdg`` (target code), ``edition`` (label, through the practice's GFMD
sources), ``kind`` (kind of submitting organisation), ``year`` (year shared), ``sort``
(``relevance``, the default when ``q`` is given, or ``date``: newest first, undated last).

Filters combine with AND, and so do repeated values: ``country=MLI&country=SEN`` means practices
implemented in both. This is what makes facet counts honest: the count next to a value, computed
on the current result set (``facet_counts``), is the number of results after choosing it.

Nothing here knows about HTML; the page (search_views.py) turns the data into links.
"""

from collections.abc import Mapping
from typing import Any

import django_filters
from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import HttpRequest, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from pyroaring import AbstractBitMap, BitMap
from rest_framework.request import Request

from portal.countries.filters import RegionFilter, region_choices
from portal.countries.models import Country
from portal.forum.models import Edition

from .facets import FacetSets, RankedList, WordSets, facet_sets, matches
from .models import GCMObjective, Practice, PracticeQuerySet, PracticeSource, SDGTarget, Theme
from .search import SearchPlan, apply_search, plan_search

SORT_CHOICES = [("relevance", _("Relevance")), ("date", _("Date shared"))]


class _UpperCaseMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    """ISO codes in any case (``country=mli`` is ``country=MLI``); an empty ``country=`` is no filter."""

    def clean(self, value: Any) -> QuerySet[Model] | list[Model]:
        if isinstance(value, list | tuple):
            value = [item.upper() if isinstance(item, str) else item for item in value if item != ""]
        # django-filter (untyped) gives a list of the records, or an empty queryset when none is asked for.
        records: QuerySet[Model] | list[Model] = super().clean(value)
        return records


class CountryFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _UpperCaseMultipleChoiceField


class YearFilter(django_filters.Filter):
    field_class = forms.IntegerField


class PracticeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), max_length=200, method="_unused")
    # field_name names the model path (for the API schema); the methods do the filtering.
    country = CountryFilter(
        label=_("Country"),
        field_name="countries",
        queryset=Country.objects.all(),
        to_field_name="iso3",
        method="filter_country",
    )
    region = RegionFilter(label=_("Region"), choices=region_choices, method="filter_region")
    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"), field_name="themes", queryset=Theme.objects.all(), to_field_name="slug", method="filter_theme"
    )
    gcm = django_filters.ModelChoiceFilter(
        label=_("GCM objective"),
        field_name="gcm_objectives",
        queryset=GCMObjective.objects.all(),
        to_field_name="number",
        method="filter_gcm",
    )
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG target"),
        field_name="sdg_targets",
        queryset=SDGTarget.objects.all(),
        to_field_name="code",
        method="filter_sdg",
    )
    edition = django_filters.ModelChoiceFilter(
        label=_("GFMD edition"),
        field_name="sources__edition",
        queryset=Edition.objects.all(),
        to_field_name="label",
        method="filter_edition",
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of submitting organisation"), choices=Practice.SubmitterKind.choices, field_name="submitter_kind"
    )
    year = YearFilter(label=_("Year shared"), min_value=1900, max_value=2100, method="filter_year")
    sort = django_filters.ChoiceFilter(label=_("Sort by"), choices=SORT_CHOICES, method="_unused")

    class Meta:
        model = Practice
        fields: list[str] = []

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        queryset: QuerySet | None = None,
        *,
        request: HttpRequest | Request | None = None,  # a page's, or the API's
        prefix: str | None = None,
        sets: FacetSets | None = None,
    ) -> None:
        # All the published practices (the default): the facet sets then count and page the results.
        self.all_published = queryset is None
        if queryset is None:
            queryset = Practice.objects.published()
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Set when the queryset is built with a search: what was looked for (typos corrected, …).
        self.search_plan: SearchPlan | None = None
        self._sets = sets

    @cached_property
    def sets(self) -> FacetSets:
        """The published practices in the list's order, and the ranks of each facet value (facets.py)."""
        return self._sets if self._sets is not None else facet_sets()

    @cached_property
    def words(self) -> WordSets | None:
        """The words' matches among the published practices, from each word's sets (kept when common),
        so that "published" is decided by Practice.objects.published() alone; None for another queryset."""
        if not self.all_published:
            return None
        return WordSets(self.sets, self.queryset.db)

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        """The search first (so that a typo is judged against all published practices, not only
        the ones the facets leave), then the facets, then the order."""
        values = dict(self.form.cleaned_data)
        text = (values.pop("q", "") or "").strip()
        sort = values.pop("sort", "") or ""
        if text:
            self.search_plan = plan_search(queryset, text, index=self.words)
            queryset = apply_search(queryset, self.search_plan)
        for name, value in values.items():
            queryset = self.filters[name].filter(queryset, value)
        if sort == "date" or not (self.search_plan and self.search_plan.terms):
            queryset = queryset.order_by(*(Practice._meta.ordering or ()))  # typed optional, never None
        return queryset

    def word_matches(self) -> tuple[AbstractBitMap, AbstractBitMap] | None:
        """The ranks of the published practices that the words find, and of those whose title they
        find (facets.WordSets); None when there are no words."""
        _ = self.qs  # runs filter_queryset: sets search_plan
        if self.words is None:
            raise ValueError("The facet sets hold all the published practices only.")
        plan = self.search_plan
        if plan is None or not plan.terms:
            return None
        return self.words.matches(plan.match_terms, plan.any_term)

    @cached_property
    def found(self) -> BitMap:
        """The facet sets' ranks of the results (facets.matches)."""
        return matches(self, self.sets)

    def ranked(self) -> RankedList | None:
        """The results in the order in effect, counted and paged from the facet sets: by date, the
        ranks as they are; by relevance, the practices whose title matches first, then the others,
        each in the list's order (as apply_search orders them in SQL). None for another queryset."""
        if not self.all_published:
            return None
        found, sets = self.found, self.sets
        words = self.word_matches()
        if words is None or self.sort_in_effect == "date":
            return RankedList(sets, found)
        in_title = found & words[1]
        return RankedList(sets, in_title, found - in_title)

    @property
    def sort_in_effect(self) -> str:
        """The order in effect: 'relevance' or 'date'."""
        chosen = ""
        if self.is_bound:
            self.is_valid()  # validates once; a field with an error is left out of cleaned_data
            chosen = self.form.cleaned_data.get("sort", "")
        if chosen == "date" or not (self.search_plan and self.search_plan.terms):
            return "date"
        return "relevance"

    def applied_params(self) -> QueryDict:
        """The parameters this filter set applies, as given and in the order given: its own, less
        those with an error (filter_queryset leaves them out, so the list ignores them). A link built
        from them (the page's downloads) lists the same practices, and the exports accept it."""
        kept = QueryDict(mutable=True)
        if not self.is_bound:
            return kept
        self.is_valid()  # validates once; a field with an error is left out of cleaned_data
        own = {self.form.add_prefix(name): name for name in self.filters}
        for key in self.data:
            if key in own and own[key] not in self.errors:
                value = self.data.getlist(key) if isinstance(self.data, MultiValueDict) else self.data[key]
                kept.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
        return kept

    def _unused(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset  # q and sort are applied in filter_queryset

    def filter_year(self, queryset: QuerySet, name: str, value: int) -> QuerySet:
        return queryset.filter(date_shared__year=value)

    # A country is matched with "id IN (the country's practices)", not a correlated EXISTS: SQLite,
    # without planner statistics, walks every published practice to test an EXISTS, far slower than
    # the short IN list (bench/RESULTS.md). A region keeps the EXISTS: its IN list would hold a
    # quarter of all practices, which is slower.

    def filter_country(self, queryset: QuerySet, name: str, value: list[Country]) -> QuerySet:
        through = Practice.countries.through.objects
        for country in value:
            queryset = queryset.filter(pk__in=through.filter(country_id=country.pk).values("practice_id"))
        return queryset

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        through = Practice.countries.through.objects
        return queryset.filter(Exists(through.filter(practice_id=OuterRef("pk"), country__region=value)))

    def filter_theme(self, queryset: QuerySet, name: str, value: list[Theme]) -> QuerySet:
        through = Practice.themes.through.objects
        for theme in value:
            tagged = through.filter(Q(theme_id=theme.pk) | Q(theme__parent_id=theme.pk), practice_id=OuterRef("pk"))
            queryset = queryset.filter(Exists(tagged))
        return queryset

    def filter_gcm(self, queryset: QuerySet, name: str, value: GCMObjective) -> QuerySet:
        through = Practice.gcm_objectives.through.objects
        return queryset.filter(Exists(through.filter(practice_id=OuterRef("pk"), gcmobjective_id=value.pk)))

    def filter_sdg(self, queryset: QuerySet, name: str, value: SDGTarget) -> QuerySet:
        through = Practice.sdg_targets.through.objects
        return queryset.filter(Exists(through.filter(practice_id=OuterRef("pk"), sdgtarget_id=value.pk)))

    def filter_edition(self, queryset: QuerySet, name: str, value: Edition) -> QuerySet:
        sources = PracticeSource.objects.filter(
            Q(edition_id=value.pk) | Q(edition__isnull=True, meeting__edition_id=value.pk), practice_id=OuterRef("pk")
        )
        return queryset.filter(Exists(sources))


# --- pages ----------------------------------------------------------------------------------------


class PracticePaginator(Paginator):
    """Pages of a practice list, fetched in two steps: the ids of the page, then those rows.

    Sorting thousands of matches while carrying every column of the wide practice rows is what
    makes a plain ``queryset[0:20]`` slow (SQLite copies each row into its sorter; PostgreSQL reads
    the whole table). The ids alone come from ``index`` (the facet sets' ranks in the page's order,
    ``PracticeFilter.ranked``), or else from the queryset and a narrow index; then ``rows``
    (for instance ``Practice.objects.published().select_related(...)``) loads the twenty rows by
    primary key, checking visibility again."""

    object_list: QuerySet

    def __init__(
        self,
        object_list: QuerySet,
        per_page: int,
        *,
        rows: PracticeQuerySet,
        index: RankedList | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        self.index = index  # when given, the count and the page's ids come from it alone

    @cached_property
    def count(self) -> int:
        return self.index.count() if self.index is not None else super().count

    def page(self, number: int | str) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.index is not None:
            ids = self.index.ids(bottom, top)
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        return Page(self.rows.in_order(ids), number, self)
