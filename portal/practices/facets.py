"""Facet counts and unfiltered lists of published practices from per-value sets kept in memory.

Counting each facet in SQL reads every matching practice, so a page's time grew with its matches.
Here every published practice has a *rank*, its position in the list's order (newest first, undated
last, then id), and each facet value keeps the ranks of its practices as a compressed bitmap
(pyroaring). A page's matches are a bitmap too (its words' sets, intersected with the chosen
values); a count is the size of an intersection, and a page of a list without words is a slice of
ranks. Both cost the same whatever the number of matches.

Words are kept the same way: each search term (a prefix, as typed) that finds many practices keeps
the ranks of the published practices it finds, and of those whose title it finds, for the generation.
The search index holds every practice; only ranks, which ``Practice.objects.published()`` gives, are
kept, so what the public sees is decided there alone. A common word is then read from the index once
per generation, not on every page; a search's matches, its count and its order (title matches first,
then the others, each in the list's order) come from those sets.

The sets are built from the database once per page-cache generation (any change to a practice, its
links or its sources moves it on, on every app server: page_cache.py), shared between processes
through the cache and kept in each process until the generation moves.
"""

import contextlib
import threading
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import Q
from django.db.models.functions import Coalesce
from django_stubs_ext import StrOrPromise
from pyroaring import AbstractBitMap, BitMap, FrozenBitMap

from portal.core.cache import CACHE_ERRORS
from portal.core.page_cache import generation
from portal.core.reference_names import objective_label, region_name, theme_path
from portal.countries.models import Country
from portal.countries.names import localized_country_name
from portal.forum.models import Edition

from . import search
from .models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme

if TYPE_CHECKING:
    from .filters import PracticeFilter  # which imports this module

FACET_NAMES = ["country", "region", "theme", "gcm", "sdg", "edition", "kind", "year"]
CACHE_SECONDS = 24 * 3600  # a generation that stays current keeps its sets; old ones are never read
# A term that finds more practices than this keeps its sets for the generation (in this process and
# in the shared cache); fewer are read from the index for each page, which costs as little.
COMMON_TERM = 500
KEPT_TERMS = 512  # per process and generation; the oldest go first


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
    generation: int | None = None  # set when kept: the terms' sets are then kept too (term_sets)

    def __post_init__(self) -> None:
        self.every = FrozenBitMap(range(len(self.order)))

    def __getstate__(self) -> dict:
        return {name: value for name, value in self.__dict__.items() if name not in ("rank_of", "terms")}

    @cached_property
    def terms(self) -> dict[str, "TermSets"]:
        """The common terms' sets read so far in this process (term_sets)."""
        return {}

    @cached_property
    def rank_of(self) -> dict[int, int]:
        return {pk: rank for rank, pk in enumerate(self.order)}

    def ranks(self, ids: Iterable[int]) -> BitMap:
        """The ranks of these practice ids (ids of unpublished practices are left out)."""
        rank_of = self.rank_of
        return BitMap(rank_of[pk] for pk in ids if pk in rank_of)

    def ids(self, ranks: AbstractBitMap) -> list[int]:
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
        sets.generation = current
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

    def grouped(pairs: Iterable[tuple[int, int | None]]) -> dict[int, list[int]]:
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


@dataclass(frozen=True)
class TermSets:
    """The ranks of the published practices that one search term finds, anywhere and in the title."""

    every: FrozenBitMap
    title: FrozenBitMap


def term_sets(sets: FacetSets, terms: tuple[str, ...], using: str) -> dict[str, TermSets]:
    """Each term's sets: kept in this process, else from the shared cache, else read from the search
    index (one query for all the missing terms); a common term's are kept for the generation."""
    found = {term: sets.terms[term] for term in terms if term in sets.terms}
    keep = sets.generation is not None  # not kept: built for this page only (KEEP off in the tests)
    keys = {term: f"practice-term-sets:{sets.generation}:{term}" for term in terms if term not in found}
    if keep and keys:
        try:
            cached = cache.get_many(list(keys.values()))
        except CACHE_ERRORS:
            cached = {}
        found |= {term: cached[key] for term, key in keys.items() if key in cached}
    missing = [term for term in terms if term not in found]
    read: dict[str, TermSets] = {}
    for term, (every, title) in search.term_ids(using, missing).items():
        read[term] = TermSets(FrozenBitMap(sets.ranks(every)), FrozenBitMap(sets.ranks(title)))
    common = {term: term_set for term, term_set in read.items() if len(term_set.every) > COMMON_TERM}
    if keep and common:
        with contextlib.suppress(*CACHE_ERRORS):  # kept in this process all the same
            cache.set_many({keys[term]: term_set for term, term_set in common.items()}, CACHE_SECONDS)
    found |= read
    if keep:
        with _lock:
            for term in terms:
                if term in common or (term in found and term not in read):
                    sets.terms[term] = found[term]
            while len(sets.terms) > KEPT_TERMS:
                del sets.terms[next(iter(sets.terms))]
    return found


class WordSets:
    """The published practices that search words find, as ranks, combined from each term's sets
    (term_sets): what ``plan_search`` counts (search.WordIndex) and what a search of all the published
    practices is narrowed and ordered by. One query reads the terms not kept yet; their sets then
    serve the rest of the request."""

    def __init__(self, sets: FacetSets, using: str) -> None:
        self.sets, self.using = sets, using
        self._terms: dict[str, TermSets] = {}

    def _of(self, terms: Sequence[str]) -> list[TermSets]:
        missing = tuple(term for term in dict.fromkeys(terms) if term not in self._terms)
        if missing:
            self._terms |= term_sets(self.sets, missing, self.using)
        return [self._terms[term] for term in terms]

    def matches(self, terms: tuple[str, ...], any_term: bool = False) -> tuple[AbstractBitMap, AbstractBitMap]:
        """The ranks that the words find (all of them, or any), and those whose title they find."""
        found = self._of(terms)
        combine = BitMap.union if any_term else BitMap.intersection  # of any number of sets
        return combine(*(term.every for term in found)), combine(*(term.title for term in found))

    def count(self, terms: tuple[str, ...], any_term: bool = False) -> int:
        return len(self.matches(terms, any_term)[0])

    def counts(self, words: list[str]) -> dict[str, int]:
        return {word: len(term.every) for word, term in zip(words, self._of(words), strict=True)}


def matches(filterset: "PracticeFilter", sets: FacetSets) -> BitMap:
    """The ranks of the practices that a ``PracticeFilter`` of all published practices finds: those its
    words find (WordSets), intersected with the set of each chosen value."""
    words = filterset.word_matches()  # runs the filters: fields with errors are left out, and so ignored
    values = filterset.form.cleaned_data
    found = BitMap(sets.every)
    if words is not None:
        found &= words[0]
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

    def __init__(self, sets: FacetSets, *parts: AbstractBitMap) -> None:
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


def facet_counts(filterset: "PracticeFilter") -> dict[str, list[FacetValue]]:
    """Facet counts of what a ``PracticeFilter`` of all published practices finds."""
    return filterset.sets.counts(filterset.found)


def _code_key(code: str) -> tuple:
    """'8.7' before '10.7' before '10.c'."""
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part) for part in code.split("."))
