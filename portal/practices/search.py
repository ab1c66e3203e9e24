"""Forgiving full-text search over practices, on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm).

The index itself (tables, triggers) comes from migration 0002_search_index. This module turns what
a person typed into a query on it, in three steps that give the same answers on both databases:

1. Every word typed is a prefix: ``diasp`` finds "diaspora", "diasporas". A one-letter word must
   match exactly (a one-letter prefix would match nearly every practice).
2. If nothing matches all the words, a word that matches nothing is replaced by the indexed word
   one edit away (a letter added, dropped, changed, or two neighbours swapped) that finds the most
   practices: ``diaspra`` becomes "diaspora". Only words of five letters or more are corrected;
   shorter ones have too many neighbours to guess from.
3. If the words still find nothing together, the practices that contain any of them are shown.

The result says which of these happened (``SearchPlan``), so a page can tell the reader.

Relevance is deliberately simple, so that it stays cheap on large result sets and is identical on
both databases: practices whose title contains the words come first, then the others (words in the
summary, partners or sources); within each group, the model's order (newest first, undated last,
then id). BM25 (FTS5) or ts_rank (PostgreSQL) would read every matching document to score it,
which costs hundreds of milliseconds when a common word matches a quarter of 100,000 practices.

Highlighting is done here, in Python, on escaped text: the database never produces HTML.
"""

import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from django.db import connections
from django.db.models import Count, Expression, F, IntegerField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_CORRECTED_LENGTH = 5
MAX_CANDIDATES = 8
HIT_CAP = 1000  # see plan_search

_WORD = re.compile(r"[^\W_]+")

Fallback = Literal["", "corrected", "any"]


def normalise(text: str) -> str:
    """Lower case without accents, as both indexes store words ('Côte' -> 'cote')."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def query_terms(text: str) -> tuple[str, ...]:
    """The distinct words of a query, normalised, in the order typed (at most MAX_TERMS)."""
    terms: list[str] = []
    for word in _WORD.findall(normalise(text or "")):
        word = word[:MAX_TERM_LENGTH]
        if word not in terms:
            terms.append(word)
    return tuple(terms[:MAX_TERMS])


@dataclass(frozen=True)
class SearchPlan:
    """What was typed, and what the search looked for in the end."""

    text: str
    terms: tuple[str, ...]
    match_terms: tuple[str, ...]
    any_term: bool = False
    exact: bool = True
    fallback: Fallback = ""

    @property
    def suggestion(self) -> str:
        return " ".join(self.match_terms)


# --- the two databases ----------------------------------------------------------------------------


class _Backend:
    ids_sql: str
    rank_sql: str

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        raise NotImplementedError

    def rank_params(self, terms: tuple[str, ...], any_term: bool) -> list[str]:
        """Parameters of rank_sql: the query restricted to the title."""
        raise NotImplementedError

    def similar_words(self, connection, terms: list[str]) -> dict[str, set[str]]:
        """Indexed words that may be one edit away from each term (a superset is fine)."""
        raise NotImplementedError

    def matches(self, terms: tuple[str, ...], any_term: bool = False) -> Q:
        # The SQL is a constant of this module; what the person typed is passed as a parameter.
        return Q(pk__in=RawSQL(self.ids_sql, [self.query(terms, any_term)]))  # noqa: S611

    def rank(self, terms: tuple[str, ...], any_term: bool) -> "SearchRank":
        return SearchRank(self.rank_sql, self.rank_params(terms, any_term))


class _SQLite(_Backend):
    # The index (migration 0005): the rowid is the list's order and encodes the practice's id; the
    # column "facets" holds marker words (zzpublished, zzkind…, zzregion…) that typed words never match.
    # (Written with %% as every statement here goes with parameters: the driver's % formatting.)
    PRACTICE_ID = "999999999 - rowid %% 1000000000"
    ids_sql = "SELECT " + PRACTICE_ID + " FROM practices_practice_fts WHERE practices_practice_fts MATCH %s"  # noqa: S608
    # An uncorrelated subquery: SQLite builds the list once, then tests membership per row.
    rank_sql = "({pk} IN (" + ids_sql + "))"
    TEXT_COLUMNS = "{title summary partners sources}"

    def terms_query(self, terms: tuple[str, ...], any_term: bool) -> str:
        # Each term is quoted (letters and digits only, so no quote inside); '*' makes it a prefix.
        parts = [f'"{term}"*' if len(term) > 1 else f'"{term}"' for term in terms]
        return (" OR " if any_term else " AND ").join(parts)

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        return f"{self.TEXT_COLUMNS} : ({self.terms_query(terms, any_term)})"

    def rank_params(self, terms: tuple[str, ...], any_term: bool) -> list[str]:
        return [f"title : ({self.terms_query(terms, any_term)})"]

    def similar_words(self, connection, terms: list[str]) -> dict[str, set[str]]:
        variants = {term: _one_edit_variants(term) for term in terms}
        wanted = sorted(set().union(*variants.values()))
        if not wanted:
            return {term: set() for term in terms}
        found: set[str] = set()
        with connection.cursor() as cursor:
            # A few hundred look-ups of whole terms in the FTS5 vocabulary: each is an index seek.
            for start in range(0, len(wanted), 5000):
                chunk = wanted[start : start + 5000]
                placeholders = ", ".join(["%s"] * len(chunk))
                cursor.execute(
                    f"SELECT term FROM practices_practice_fts_vocab WHERE term IN ({placeholders}) "  # noqa: S608
                    "AND col <> 'facets'",
                    chunk,
                )
                found.update(row[0] for row in cursor.fetchall())
        return {term: variants[term] & found for term in terms}

    # --- the index alone (migration 0005): matches are FTS5 query strings ---

    count_cap = None  # FTS5 counts a quarter of 100,000 practices in a few milliseconds: counts are exact
    title_cap = None
    counts_by_list = False

    def index_matches(self, terms: tuple[str, ...], any_term: bool, facets: Sequence[str]) -> tuple[str, str, str]:
        """Queries for (every match, the title matches, the other matches) among practices with ``facets``."""
        marked = f"facets : ({' AND '.join(facets)})"
        title = f"title : ({self.terms_query(terms, any_term)})"
        every = f"({self.query(terms, any_term)}) AND ({marked})"
        return every, f"({title}) AND ({marked})", f"({every}) NOT ({title})"

    def index_filter(self, match: str) -> Q:
        """Practices among every match, read from the index (one FTS5 query, however many filters use it)."""
        return Q(pk__in=RawSQL(self.ids_sql, [match]))  # noqa: S611 - a constant; the match is a parameter

    def every_id_sql(self, match: str) -> tuple[str, list]:
        return self.ids_sql, [match]

    def index_has(self, connection, match: str) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM practices_practice_fts WHERE practices_practice_fts MATCH %s LIMIT 1", [match]
            )
            return cursor.fetchone() is not None

    def index_count(self, connection, match: str, cap: int | None = None) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM practices_practice_fts WHERE practices_practice_fts MATCH %s", [match])
            return cursor.fetchone()[0]

    def index_ids(self, connection, match: str, limit: int, offset: int, many: bool) -> list[int]:
        """Practice ids in the list's order (rowid descending: newest first, undated last, then id)."""
        return self.index_pages(connection, [(match, limit, offset)])

    def index_pages(self, connection, slices: list[tuple[str, int, int]]) -> list[int]:
        """The ids of several (match, limit, offset) slices, one after the other, in one statement
        (a page that holds the last title matches and the first others costs one query, as any other)."""
        wanted = [(match, limit, offset) for match, limit, offset in slices if limit > 0]
        if not wanted:
            return []
        part = (
            "SELECT * FROM (SELECT {n} AS part, rowid AS k FROM practices_practice_fts "
            "WHERE practices_practice_fts MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s)"
        )
        sql = " UNION ALL ".join(part.format(n=n) for n in range(len(wanted)))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {self.PRACTICE_ID.replace('rowid', 'k')} FROM ({sql}) ORDER BY part, k DESC",  # noqa: S608
                [value for piece in wanted for value in piece],
            )
            return [row[0] for row in cursor.fetchall()]


class _PostgreSQL(_Backend):
    ids_sql = "SELECT practice_id FROM practices_practice_search WHERE document @@ to_tsquery('simple', %s)"
    # An uncorrelated subquery, answered by the title's GIN index and hashed once.
    rank_sql = (
        "({pk} IN (SELECT practice_id FROM practices_practice_search WHERE title @@ to_tsquery('simple', %s)))::integer"
    )

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        # Terms hold letters and digits only, so they need no quoting in tsquery syntax.
        parts = [f"{term}:*" if len(term) > 1 else term for term in terms]
        return (" | " if any_term else " & ").join(parts)

    def rank_params(self, terms: tuple[str, ...], any_term: bool) -> list[str]:
        return [self.query(terms, any_term)]

    def similar_words(self, connection, terms: list[str]) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {term: set() for term in terms}
        with connection.cursor() as cursor:
            # pg_trgm (GIN index on the word list) finds the words that share enough trigrams.
            cursor.execute(
                "SELECT t, w FROM unnest(%s::text[]) AS t, LATERAL practices_search_similar_words(t) AS w",
                [terms],
            )
            for term, word in cursor.fetchall():
                found[term].add(word)
        return found

    # --- the index alone (migration 0006): a match is (part, words, facets), a WHERE of the search table ---

    # Counting a quarter of 100,000 practices reads that many rows (30 to 80 ms): counts stop at
    # count_cap + 1, and the page says "more than 1,000". Title matches are fewer: they are counted
    # up to title_cap + 1, which also decides how their page is read (see index_ids).
    count_cap = 1000
    title_cap = 5000
    counts_by_list = True  # IndexSearch counts by fetching the capped list (index_list)
    EVERY = "document @@ to_tsquery('simple', %(q)s) AND facets @@ to_tsquery('simple', %(f)s)"
    WHERE = {
        "every": EVERY,
        "title": f"{EVERY} AND title @@ to_tsquery('simple', %(q)s)",
        "other": f"{EVERY} AND NOT title @@ to_tsquery('simple', %(q)s)",
    }

    def index_matches(self, terms: tuple[str, ...], any_term: bool, facets: Sequence[str]) -> tuple:
        """(part, words, facets) for every match, the title matches and the others."""
        query, marked = self.query(terms, any_term), " & ".join(facets)
        return tuple((part, query, marked) for part in ("every", "title", "other"))

    def index_filter(self, match: tuple) -> Q:
        """Practices among every match, read from the GIN indexes (uncapped)."""
        _, query, marked = match
        sql = (
            "SELECT practice_id FROM practices_practice_search "
            "WHERE document @@ to_tsquery('simple', %s) AND facets @@ to_tsquery('simple', %s)"
        )
        return Q(pk__in=RawSQL(sql, [query, marked]))  # noqa: S611 - a constant; the words are parameters

    def every_id_sql(self, match: tuple) -> tuple[str, list]:
        part, query, marked = match
        sql = (
            "SELECT practice_id FROM practices_practice_search "
            "WHERE document @@ to_tsquery('simple', %s) AND facets @@ to_tsquery('simple', %s)"
        )
        if part == "every":
            return sql, [query, marked]
        title = ("" if part == "title" else "NOT ") + "title @@ to_tsquery('simple', %s)"
        return f"{sql} AND {title}", [query, marked, query]

    def index_list(self, connection, match: tuple, cap: int) -> list[int]:
        """Up to ``cap`` + 1 matching ids, in the list's order: when there are no more than ``cap``,
        the count and every page at once (read from the GIN indexes, then sorted)."""
        part, query, marked = match
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT practice_id FROM (SELECT practice_id, sort_key FROM practices_practice_search "  # noqa: S608
                f"WHERE {self.WHERE[part]} LIMIT %(cap)s) found ORDER BY sort_key DESC",
                {"q": query, "f": marked, "cap": cap + 1},
            )
            return [row[0] for row in cursor.fetchall()]

    def index_has(self, connection, match: tuple) -> bool:
        # Not "LIMIT 1": for a word that matches nothing the planner then reads the whole table
        # (120 ms), where the capped count reads the GIN index (1 ms).
        return self.index_count(connection, match) > 0

    def index_count(self, connection, match: tuple, cap: int | None = None) -> int:
        part, query, marked = match
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM practices_practice_search WHERE {self.WHERE[part]} "  # noqa: S608
                "LIMIT %(cap)s) found",
                {"q": query, "f": marked, "cap": (cap or self.count_cap) + 1},
            )
            return cursor.fetchone()[0]

    def index_ids(self, connection, match: tuple, limit: int, offset: int, many: bool) -> list[int]:
        """Practice ids in the list's order (sort_key descending). The plan is chosen from the number
        of matches, not left to the planner, whose guesses for prefixes are poor: up to a few
        thousand matches are read from the GIN indexes and sorted; ``many`` (more than a cap, so at
        least 1% of 100,000) are found by walking sort_key's index newest first
        (practices_search_walk, which turns the other plans off for itself alone)."""
        if limit <= 0:
            return []
        part, query, marked = match
        params = {"q": query, "f": marked, "part": part, "limit": limit, "offset": offset}
        with connection.cursor() as cursor:
            if not many:
                cursor.execute(
                    f"SELECT practice_id FROM practices_practice_search WHERE {self.WHERE[part]} "  # noqa: S608
                    "ORDER BY sort_key + 0 DESC LIMIT %(limit)s OFFSET %(offset)s",  # + 0: sorted, not walked
                    params,
                )
            else:
                cursor.execute(
                    "SELECT * FROM practices_search_walk(to_tsquery('simple', %(q)s), to_tsquery('simple', %(f)s), "
                    "%(part)s, %(limit)s, %(offset)s)",
                    params,
                )
            return [row[0] for row in cursor.fetchall()]


_BACKENDS: dict[str, _Backend] = {"sqlite": _SQLite(), "postgresql": _PostgreSQL()}


def _backend(queryset: QuerySet) -> tuple[_Backend, object]:
    connection = connections[queryset.db]
    try:
        return _BACKENDS[connection.vendor], connection
    except KeyError:
        raise NotImplementedError(f"Practice search supports SQLite and PostgreSQL, not {connection.vendor}.") from None


class SearchRank(Expression):
    """Relevance of the row's practice for a query: 1 if its title matches, else 0."""

    output_field = IntegerField()

    def __init__(self, template: str, params: list, pk: Expression | None = None) -> None:
        super().__init__()
        self.template = template
        self.params = list(params)
        self.pk = pk if pk is not None else F("pk")

    def get_source_expressions(self) -> list:
        return [self.pk]

    def set_source_expressions(self, exprs: list) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler, connection) -> tuple[str, list]:
        pk_sql, pk_params = compiler.compile(self.pk)
        if pk_params:  # a plain column never has any; keep the parameter order simple
            raise ValueError("SearchRank needs a column without parameters.")
        return self.template.format(pk=pk_sql), list(self.params)


# --- planning and applying a search ----------------------------------------------------------------


def plan_search(queryset: QuerySet, text: str, *, published: bool = False, memo: dict | None = None) -> SearchPlan:
    """Decide what to look for in ``queryset``: the words as typed, corrected ones, or any of them.

    Costs one query when the words match as typed, and at most four more when they do not.
    ``published=True`` says that ``queryset`` is all the published practices: the index then
    answers on its own (see ``IndexSearch``), and a word's count of practices stops at HIT_CAP + 1.
    ``memo``, shared with the ``IndexSearch`` that follows, keeps what the index returned, so that
    PostgreSQL's list of matches is read once."""
    text = (text or "").strip()
    terms = query_terms(text)
    if not terms:
        return SearchPlan(text=text, terms=(), match_terms=())
    backend, connection = _backend(queryset)

    def found(words: tuple[str, ...]) -> bool:
        if not published:
            return queryset.filter(backend.matches(words)).exists()
        match = backend.index_matches(words, False, ["zzpublished"])[0]
        if backend.counts_by_list and memo is not None:
            memo[match] = backend.index_list(connection, match, backend.count_cap)
            return bool(memo[match])
        return backend.index_has(connection, match)

    def hit_counts(words: list[str]) -> dict[str, int]:
        if published:
            # Counted up to HIT_CAP + 1 on both databases (PostgreSQL stops there), so that both
            # choose the same correction.
            return {
                word: min(
                    backend.index_count(connection, backend.index_matches((word,), False, ["zzpublished"])[0]),
                    HIT_CAP + 1,
                )
                for word in words
            }
        return _hit_counts(queryset, backend, words)

    if found(terms):
        return SearchPlan(text=text, terms=terms, match_terms=terms)

    # One word that did not match finds nothing on its own: no need to count it.
    hits = hit_counts(list(terms)) if len(terms) > 1 else {terms[0]: 0}
    missing = [term for term in terms if not hits[term] and len(term) >= MIN_CORRECTED_LENGTH]
    replacement: dict[str, str] = {}
    if missing:
        candidates = {
            term: sorted(word for word in words if _one_edit_apart(term, word))[:MAX_CANDIDATES]
            for term, words in backend.similar_words(connection, missing).items()
        }
        counts = hit_counts(sorted(set().union(*candidates.values())))
        for term, words in candidates.items():
            # Most practices first; alphabetical among equals, so both databases choose alike.
            ranked = sorted((word for word in words if counts[word]), key=lambda word: (-counts[word], word))
            if ranked:
                replacement[term] = ranked[0]
                hits[ranked[0]] = counts[ranked[0]]
    corrected = tuple(dict.fromkeys(replacement.get(term, term) for term in terms))
    if replacement and found(corrected):
        return SearchPlan(text=text, terms=terms, match_terms=corrected, exact=False, fallback="corrected")

    useful = tuple(term for term in corrected if hits.get(term))
    if useful:
        # Each of these words finds something on its own, but not all of them together.
        return SearchPlan(
            text=text, terms=terms, match_terms=useful, any_term=len(useful) > 1, exact=False, fallback="any"
        )
    return SearchPlan(text=text, terms=terms, match_terms=terms, exact=False)


def apply_search(queryset: QuerySet, plan: SearchPlan) -> QuerySet:
    """``queryset`` narrowed to the plan's matches, best first (alias ``search_rank``)."""
    if not plan.terms:
        return queryset
    backend, _ = _backend(queryset)
    ordering = [F("search_rank").desc(), *queryset.model._meta.ordering]
    return (
        queryset.filter(backend.matches(plan.match_terms, plan.any_term))
        .alias(search_rank=backend.rank(plan.match_terms, plan.any_term))
        .order_by(*ordering)
    )


def search_practices(queryset: QuerySet, text: str) -> QuerySet:
    """What ``PracticeQuerySet.search`` returns: the forgiving search, most relevant first."""
    return apply_search(queryset, plan_search(queryset, text))


# --- searches answered by the index alone ---------------------------------------------------------------

_FACET_WORD = re.compile(r"[a-z0-9]+")


def facet_words(kind: str = "", region: str = "") -> list[str] | None:
    """The index's marker words for published practices of this kind and region (migration 0005),
    or None when a value cannot be written as one (the search then goes through the database).
    Only published practices carry marker words, so a kind or a region word stands for "published"
    too, and spares the index the list of every published practice."""
    words = []
    if kind:
        words.append("zzkind" + kind.replace("_", ""))
    if region:
        words.append("zzregion" + normalise(region).replace(" ", "").replace("-", "").replace("'", ""))
    if not all(_FACET_WORD.fullmatch(word) for word in words):
        return None
    return words or ["zzpublished"]


class IndexSearch:
    """A search of published practices, with the kind and region facets at most, that the search
    index answers on its own: the count and any page, in the page's order.

    By relevance, the practices whose title matches come first, then the others, each group newest
    first, as ``apply_search`` orders them in SQL; by date, newest first. The index holds that order
    (FTS5's rowid, migration 0005; PostgreSQL's sort_key, 0006) and the facets as marker words, so
    a page costs a few milliseconds whatever the number of matches, where joining them to the
    practice table cost hundreds.

    On PostgreSQL the count stops at ``count_cap`` + 1 (``more`` is then True)."""

    def __init__(
        self, plan: SearchPlan, facets: list[str], *, by_date: bool, using: str, memo: dict | None = None
    ) -> None:
        self.connection = connections[using]
        self.backend = _BACKENDS[self.connection.vendor]
        self.match, self.title_match, self.other_match = self.backend.index_matches(
            plan.match_terms, plan.any_term, facets
        )
        self.by_date = by_date
        self._counts: dict = {}
        self._lists: dict = memo if memo is not None else {}  # match -> capped ordered ids (PostgreSQL)

    def _count(self, match, cap: int | None = None) -> int:
        if match not in self._counts:
            if self.backend.counts_by_list:
                # PostgreSQL: the capped list of matches, in order, costs what counting them does.
                if match not in self._lists:
                    self._lists[match] = self.backend.index_list(self.connection, match, cap or self.backend.count_cap)
                self._counts[match] = len(self._lists[match])
            else:
                self._counts[match] = self.backend.index_count(self.connection, match, cap)
        return self._counts[match]

    def _page(self, match, limit: int, offset: int, many: bool) -> list[int]:
        listed = self._lists.get(match)
        if listed is not None and not many:
            return listed[offset : offset + max(limit, 0)]
        if match == self.other_match and not many and self.match in self._lists:
            title = set(self._lists.get(self.title_match, ()))
            others = [pk for pk in self._lists[self.match] if pk not in title]
            return others[offset : offset + max(limit, 0)]
        return self.backend.index_ids(self.connection, match, limit, offset, many)

    @staticmethod
    def _over(count: int, cap: int | None) -> bool:
        return cap is not None and count > cap

    def practices(self) -> QuerySet:
        """Every match, as a queryset of practices: what ``facet_counts`` counts, without running the
        search's SQL again for each facet."""
        from .models import Practice  # models.py imports this module

        return Practice.objects.filter(self.backend.index_filter(self.match))

    def every_id(self) -> list[int]:
        """The ids of every match, unordered and uncounted (facets.py turns them into a set)."""
        with self.connection.cursor() as cursor:
            cursor.execute(*self.backend.every_id_sql(self.match))
            return [row[0] for row in cursor.fetchall()]

    @property
    def more(self) -> bool:
        """True when there are more matches than the count says (PostgreSQL stops counting)."""
        return self._over(self._count(self.match), self.backend.count_cap)

    def count(self) -> int:
        cap = self.backend.count_cap
        found = self._count(self.match)
        return found if cap is None else min(found, cap)

    def ids(self, bottom: int, top: int) -> list[int]:
        """The practice ids at positions ``bottom`` to ``top`` (excluded) of the result list
        (``top`` at most ``count()``: past a capped count, positions are not known)."""
        every, cap = self._count(self.match), self.backend.count_cap
        if self.by_date:
            return self._page(self.match, top - bottom, bottom, self._over(every, cap))
        title_cap = self.backend.title_cap
        in_title = self._count(self.title_match, title_cap)
        if not self.backend.counts_by_list:  # SQLite: both slices in one statement
            titles = max(min(top, in_title) - bottom, 0)
            return self.backend.index_pages(
                self.connection,
                [
                    (self.title_match, titles, bottom),
                    (self.other_match, top - bottom - titles, max(bottom - in_title, 0)),
                ],
            )
        found = self._page(self.title_match, min(top, in_title) - bottom, bottom, self._over(in_title, title_cap))
        # The others number every - in_title; past a capped count they are many (no query to count them).
        many = self._over(every, cap) or self._over(every - in_title, cap)
        return found + self._page(self.other_match, top - bottom - len(found), max(bottom - in_title, 0), many)


def index_search(
    queryset: QuerySet,
    plan: SearchPlan | None,
    *,
    kind: str = "",
    region: str = "",
    by_date: bool = False,
    memo: dict | None = None,
) -> IndexSearch | None:
    """An ``IndexSearch`` for this search of *all published practices*, or None where the index
    cannot answer it alone (no words, a facet value it does not carry)."""
    _backend(queryset)  # a database the search supports
    if plan is None or not plan.terms:
        return None
    words = facet_words(kind, region)
    if words is None:
        return None
    return IndexSearch(plan, words, by_date=by_date, using=queryset.db, memo=memo)


def term_ids(using: str, terms: Sequence[str]) -> dict[str, tuple[list[int], list[int]]]:
    """For each term on its own (a prefix, as in a search), the ids of the published practices it
    finds anywhere and those it finds in the title, unordered, in one query: what the facet sets keep
    per term (facets.py), so that a common word is read once per generation, not per page."""
    if not terms:
        return {}
    connection = connections[using]
    backend = _BACKENDS[connection.vendor]
    parts, params = [], []
    for n, term in enumerate(terms):
        every, title, _ = backend.index_matches((term,), False, facet_words() or [])
        for is_title, match in ((0, every), (1, title)):
            sql, values = backend.every_id_sql(match)
            parts.append(f"SELECT {n * 2 + is_title}, found.* FROM ({sql}) found")  # noqa: S608 - constants
            params += values
    found: dict[str, tuple[list[int], list[int]]] = {term: ([], []) for term in terms}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for key, pk in cursor.fetchall():
            found[terms[key // 2]][key % 2].append(pk)
    return found


def _hit_counts(queryset: QuerySet, backend: _Backend, terms: list[str]) -> dict[str, int]:
    """How many rows of ``queryset`` each term finds on its own, in one aggregate query."""
    if not terms:
        return {}
    aggregates = {f"n{i}": Count("pk", filter=backend.matches((term,))) for i, term in enumerate(terms)}
    counts = queryset.order_by().aggregate(**aggregates)
    return {term: counts[f"n{i}"] for i, term in enumerate(terms)}


# --- edit distance ---------------------------------------------------------------------------------


def _one_edit_variants(term: str) -> set[str]:
    """Every string one insertion, deletion, substitution or adjacent swap away from ``term``."""
    alphabet = set(string.ascii_lowercase + string.digits) | set(term)
    splits = [(term[:i], term[i:]) for i in range(len(term) + 1)]
    variants = {left + right[1:] for left, right in splits if right}
    variants |= {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    variants |= {left + char + right[1:] for left, right in splits if right for char in alphabet}
    variants |= {left + char + right for left, right in splits for char in alphabet}
    variants.discard(term)
    return variants


def _one_edit_apart(a: str, b: str) -> bool:
    """True when ``b`` is one insertion, deletion, substitution or adjacent swap away from ``a``."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    start = 0
    while start < len(a) and a[start] == b[start]:
        start += 1
    if len(a) < len(b):
        return a[start:] == b[start + 1 :]
    return a[start + 1 :] == b[start + 1 :] or (
        start + 1 < len(a)
        and a[start] == b[start + 1]
        and a[start + 1] == b[start]
        and a[start + 2 :] == b[start + 2 :]
    )


# --- highlighting ---------------------------------------------------------------------------------


def _matches(word: str, terms: tuple[str, ...]) -> bool:
    for part in _WORD.findall(normalise(word)):
        for term in terms:
            if part == term or (len(term) > 1 and part.startswith(term)):
                return True
    return False


def highlight(text: str, terms: tuple[str, ...]) -> SafeString:
    """``text`` escaped, with each word that the search matched wrapped in <mark>."""
    pieces: list[str] = []
    last = 0
    for found in _WORD.finditer(text or ""):
        if _matches(found.group(), terms):
            pieces.append(escape(text[last : found.start()]))
            pieces.append(f"<mark>{escape(found.group())}</mark>")
            last = found.end()
    pieces.append(escape((text or "")[last:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text above is escaped


def snippet(text: str, terms: tuple[str, ...], length: int = 40) -> SafeString:
    """About ``length`` words of ``text`` around the first match (or from the start), highlighted."""
    words = (text or "").split()
    first = next((i for i, word in enumerate(words) if terms and _matches(word, terms)), 0)
    start = max(0, min(first - length // 4, len(words) - length))
    end = start + length
    excerpt = highlight(" ".join(words[start:end]), terms)
    before = "… " if start > 0 else ""
    after = " …" if end < len(words) else ""
    return mark_safe(f"{before}{excerpt}{after}")  # noqa: S308 - excerpt is escaped by highlight()
