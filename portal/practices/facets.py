"""Facet counts and unfiltered lists of published practices from per-value sets kept in memory.

Counting each facet in SQL reads every matching practice, so a page's time grew with its matches.
Here every published practice has a *rank*, its position in the list's order (newest first, undated
last, then id), and each facet value keeps the ranks of its practices as a compressed bitmap
(pyroaring). A page's matches are a bitmap too (the search index's ids, intersected with the chosen
values); a count is the size of an intersection, and a page of a list without words is a slice of
ranks. Both cost the same whatever the number of matches.

The sets are built from the database once per page-cache generation (any change to a practice, its
links or its sources moves it on, on every app server: page_cache.py), shared between processes
through the cache and kept in each process until the generation moves.
"""

import contextlib
import threading
from array import array
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.core.cache import cache
from django.db.models import Q
from django.db.models.functions import Coalesce
from django_stubs_ext import StrOrPromise
from pyroaring import BitMap, FrozenBitMap

from portal.core.cache import CACHE_ERRORS
from portal.core.page_cache import generation
from portal.core.reference_names import objective_label, region_name, theme_path
from portal.countries.models import Country
from portal.countries.names import localized_country_name
from portal.forum.models import Edition

from .models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme

FACET_NAMES = ["country", "region", "theme", "gcm", "sdg", "edition", "kind", "year"]
CACHE_SECONDS = 24 * 3600  # a generation that stays current keeps its sets; old ones are never read


@dataclass(frozen=True)
class FacetValue:
    value: str  # as the filter parameter takes it
    label: StrOrPromise  # in the active language (regions, themes and objectives: portal/core/reference_names.py)
    count: int


@dataclass
class FacetSets:
    """The published practices of one generation: their ids in the list's order, and per facet value
    the ranks (positions in that order) of the practices that have it."""

    order: array  # rank -> practice id
    sets: dict[str, dict[str, FrozenBitMap]]  # facet -> value (as the filter takes it) -> ranks
    countries: dict[str, str]  # iso3 -> name in English (localized when shown)
    themes: dict[str, Theme]  # slug -> theme, with its parent
    objectives: dict[str, str]  # number -> short label
    editions: list[str]  # labels, newest edition first
    every: FrozenBitMap = field(init=False)

    def __post_init__(self) -> None:
        self.every = FrozenBitMap(range(len(self.order)))

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name != "rank_of"}

    @cached_property
    def rank_of(self) -> dict[int, int]:
        return {pk: rank for rank, pk in enumerate(self.order)}

    def ranks(self, ids) -> BitMap:
        """The ranks of these practice ids (ids of unpublished practices are left out)."""
        rank_of = self.rank_of
        return BitMap(rank_of[pk] for pk in ids if pk in rank_of)

    def ids(self, ranks: BitMap) -> list[int]:
        return [self.order[rank] for rank in ranks]

    def value_set(self, facet: str, value: str) -> FrozenBitMap:
        return self.sets[facet].get(value, _EMPTY)

    def counts(self, matches: BitMap) -> dict[str, list[FacetValue]]:
        """For each facet, its values with the number of ``matches`` that have them (none left out)."""
        whole = len(matches) == len(self.every)

        def count(ranks: FrozenBitMap) -> int:
            return len(ranks) if whole else matches.intersection_cardinality(ranks)

        found = {
            name: {value: n for value, ranks in values.items() if (n := count(ranks))}
            for name, values in self.sets.items()
        }
        kinds = dict(Practice.SubmitterKind.choices)
        by_count = lambda facet: (-facet.count, facet.label)  # noqa: E731
        return {
            "country": sorted(
                (
                    FacetValue(iso3, localized_country_name(iso3, self.countries[iso3]), n)
                    for iso3, n in found["country"].items()
                ),
                key=lambda facet: (-facet.count, self.countries[facet.value]),
            ),
            "region": sorted(
                (FacetValue(region, region_name(region), n) for region, n in found["region"].items()),
                key=lambda facet: (-facet.count, facet.value),
            ),
            "theme": sorted(
                (FacetValue(slug, theme_path(self.themes[slug]), n) for slug, n in found["theme"].items()),
                key=by_count,
            ),
            "gcm": sorted(
                (
                    FacetValue(number, f"{number}. {objective_label(self.objectives[number])}", n)
                    for number, n in found["gcm"].items()
                ),
                key=lambda facet: int(facet.value),
            ),
            "sdg": sorted(
                (FacetValue(code, code, n) for code, n in found["sdg"].items()), key=lambda f: _code_key(f.value)
            ),
            "edition": [
                FacetValue(label, label, found["edition"][label])
                for label in self.editions
                if label in found["edition"]
            ],
            "kind": sorted(
                (FacetValue(kind, kinds.get(kind, kind), n) for kind, n in found["kind"].items()),
                key=lambda facet: (-facet.count, facet.value),
            ),
            "year": sorted((FacetValue(year, year, n) for year, n in found["year"].items()), key=lambda f: f.value)[
                ::-1
            ],
        }


_EMPTY = FrozenBitMap()
_lock = threading.Lock()
_kept: tuple[int, FacetSets] | None = None
# Off in the tests (tests/conftest.py): each runs in a transaction that is never committed, so the
# generation never moves; they build the sets for every page, and test the keeping on its own.
KEEP = True


def facet_sets() -> FacetSets:
    """The sets of the current generation: kept in this process, else from the cache, else built."""
    global _kept
    if not KEEP:
        return build()
    current = generation()
    kept = _kept
    if kept is not None and kept[0] == current:
        return kept[1]
    key = f"practice-facet-sets:{current}"
    try:
        sets = cache.get(key)
    except CACHE_ERRORS:
        sets = None
    if sets is None:
        sets = build()
        with contextlib.suppress(*CACHE_ERRORS):  # kept in this process all the same
            cache.set(key, sets, CACHE_SECONDS)
    with _lock:
        _kept = (current, sets)
    return sets


def build() -> FacetSets:
    """Read the published practices and their facet values (a query per facet)."""
    # In the list's order: Practice's Meta.ordering, which published() keeps.
    rows = Practice.objects.published().values_list("pk", "submitter_kind", "date_shared")
    order = array("q")
    kinds: dict[str, list[int]] = defaultdict(list)
    years: dict[str, list[int]] = defaultdict(list)
    for rank, (pk, kind, shared) in enumerate(rows.iterator(chunk_size=5000)):
        order.append(pk)
        if kind:
            kinds[kind].append(rank)
        if shared:
            years[str(shared.year)].append(rank)
    rank_of = {pk: rank for rank, pk in enumerate(order)}

    def grouped(pairs) -> dict[int, list[int]]:
        """Ranks of the published practices per value id, from (practice id, value id) pairs."""
        found: dict[int, list[int]] = defaultdict(list)
        for pk, value in pairs:
            rank = rank_of.get(pk)
            if rank is not None and value is not None:
                found[value].append(rank)
        return found

    countries = {row.pk: row for row in Country.objects.only("iso3", "name", "region")}
    by_country = grouped(Practice.countries.through.objects.values_list("practice_id", "country_id").iterator(10000))
    by_region: dict[str, BitMap] = defaultdict(BitMap)
    for country_id, ranks in by_country.items():
        if countries[country_id].region:
            by_region[countries[country_id].region].update(ranks)

    themes = {theme.pk: theme for theme in Theme.objects.select_related("parent")}
    by_theme: dict[str, BitMap] = defaultdict(BitMap)
    for theme_id, ranks in grouped(Practice.themes.through.objects.values_list("practice_id", "theme_id")).items():
        theme = themes[theme_id]
        by_theme[theme.slug].update(ranks)
        if theme.parent_id:  # a top-level theme counts the practices of its sub-themes
            by_theme[themes[theme.parent_id].slug].update(ranks)

    objectives = {row.pk: row for row in GCMObjective.objects.all()}
    by_gcm = grouped(Practice.gcm_objectives.through.objects.values_list("practice_id", "gcmobjective_id"))
    targets = dict(SDGTarget.objects.values_list("pk", "code"))
    by_sdg = grouped(Practice.sdg_targets.through.objects.values_list("practice_id", "sdgtarget_id"))
    editions = dict(Edition.objects.values_list("pk", "label"))
    by_edition = grouped(
        PracticeSource.objects.filter(Q(edition__isnull=False) | Q(meeting__edition__isnull=False))
        .annotate(edition_key=Coalesce("edition_id", "meeting__edition_id"))
        .values_list("practice_id", "edition_key")
    )

    def frozen(groups: dict) -> dict[str, FrozenBitMap]:
        return {str(value): FrozenBitMap(ranks) for value, ranks in groups.items()}

    return FacetSets(
        order=order,
        sets={
            "country": frozen({countries[pk].iso3: ranks for pk, ranks in by_country.items()}),
            "region": frozen(by_region),
            "theme": frozen(by_theme),
            "gcm": frozen({objectives[pk].number: ranks for pk, ranks in by_gcm.items()}),
            "sdg": frozen({targets[pk]: ranks for pk, ranks in by_sdg.items()}),
            "edition": frozen({editions[pk]: ranks for pk, ranks in by_edition.items()}),
            "kind": frozen(kinds),
            "year": frozen(years),
        },
        countries={row.iso3: row.name for row in countries.values()},
        themes={theme.slug: theme for theme in themes.values()},
        objectives={str(row.number): row.short_label for row in objectives.values()},
        editions=list(Edition.objects.order_by("-ordinal").values_list("label", flat=True)),
    )


def matches(filterset, sets: FacetSets) -> BitMap:
    """The ranks of the practices that a ``PracticeFilter`` of all published practices finds: the
    search index's matches for its words (one query), intersected with the set of each chosen value."""
    words = filterset.word_ids()  # runs the filters: fields with errors are left out, and so ignored
    values = filterset.form.cleaned_data
    found = BitMap(sets.every)
    if words is not None:
        found &= sets.ranks(words)
    chosen: list[tuple[str, str]] = [("country", country.iso3) for country in values.get("country") or []]
    chosen += [("theme", theme.slug) for theme in values.get("theme") or []]
    if values.get("gcm"):
        chosen.append(("gcm", str(values["gcm"].number)))
    if values.get("sdg"):
        chosen.append(("sdg", values["sdg"].code))
    if values.get("edition"):
        chosen.append(("edition", values["edition"].label))
    chosen += [(name, str(values[name])) for name in ("region", "kind", "year") if values.get(name)]
    for facet, value in chosen:
        found &= sets.value_set(facet, value)
    return found


class RankedList:
    """A list of published practices, counted and paged from their ranks: what ``PracticePaginator``
    takes as ``index``. ``parts`` follow one another, each in the list's order (a search by relevance:
    the title matches, then the others)."""

    def __init__(self, sets: FacetSets, *parts: BitMap) -> None:
        self.sets, self.parts = sets, parts

    def count(self) -> int:
        return sum(len(part) for part in self.parts)

    def ids(self, bottom: int, top: int) -> list[int]:
        found: list[int] = []
        for part in self.parts:
            if top > bottom and bottom < len(part):
                found += self.sets.ids(part[bottom:top])
            bottom, top = max(bottom - len(part), 0), max(top - len(part), 0)
        return found


def facet_counts(filterset) -> dict[str, list[FacetValue]]:
    """Facet counts of what a ``PracticeFilter`` of all published practices finds."""
    sets = facet_sets()
    return sets.counts(matches(filterset, sets))


def _code_key(code: str) -> tuple:
    """'8.7' before '10.7' before '10.c'."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in code.split("."))
