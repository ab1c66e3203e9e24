"""Forgiving full-text search over practices, on SQLite (FTS5) and PostgreSQL (tsvector + pg_trgm).

The index itself (tables, triggers) is defined in search_index.py. This module turns what a person
typed into a query on it, in three steps that give the same answers on both databases:

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
then id). BM25 (FTS5) or ts_rank (PostgreSQL) would read every matching document to score it.

The index holds every practice. A search of some practices either joins the index's matches to
them in SQL (``apply_search``), or reads each word's matching ids (``term_ids``) and narrows them in
Python: the search page and the API keep the published ones as sets of ranks per word (facets.py),
which also give the list's order, and keep a common word's sets for the generation.

The matched words are found here, in Python (the database never produces HTML), and marked by a
template (core/_translated_text.html).
"""

import re
import string
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Count, Expression, F, IntegerField, Q, QuerySet
from django.db.models.expressions import Combinable, RawSQL
from django.db.models.sql.compiler import SQLCompiler

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_CORRECTED_LENGTH = 5
MAX_CANDIDATES = 8

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

    @property
    def found_nothing(self) -> bool:
        """The words find no practice, even corrected or one at a time: the list is empty, whatever
        the other filters (the words are judged against every practice searched, before them)."""
        return bool(self.terms) and not self.exact and not self.fallback


# --- the two databases ----------------------------------------------------------------------------


class _Backend:
    # The ids of the practices (in any state) whose text matches, one parameter: ``query``'s result;
    # and those whose title matches, one parameter: ``title_query``'s result. Both name the column "id".
    ids_sql: str
    title_ids_sql: str
    rank_sql: str  # 1 (or true) when the row's practice is among title_ids_sql's

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        raise NotImplementedError

    def title_query(self, terms: tuple[str, ...], any_term: bool) -> str:
        raise NotImplementedError

    def similar_words(self, connection: BaseDatabaseWrapper, terms: list[str]) -> dict[str, set[str]]:
        """Indexed words that may be one edit away from each term (a superset is fine)."""
        raise NotImplementedError

    def matches(self, terms: tuple[str, ...], any_term: bool = False) -> Q:
        # The SQL is a constant of this module; what the person typed is passed as a parameter.
        return Q(pk__in=RawSQL(self.ids_sql, [self.query(terms, any_term)]))  # noqa: S611

    def rank(self, terms: tuple[str, ...], any_term: bool) -> "SearchRank":
        return SearchRank(self.rank_sql, [self.title_query(terms, any_term)])


class _SQLite(_Backend):
    # The FTS5 table's rowid is the practice's id (search_index.py).
    ids_sql = "SELECT rowid AS id FROM practices_practice_fts WHERE practices_practice_fts MATCH %s"
    title_ids_sql = ids_sql  # the query names the column
    # An uncorrelated subquery: SQLite builds the list once, then tests membership per row.
    rank_sql = "({pk} IN (" + ids_sql + "))"

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        # Each term is quoted (letters and digits only, so no quote inside); '*' makes it a prefix.
        parts = [f'"{term}"*' if len(term) > 1 else f'"{term}"' for term in terms]
        return (" OR " if any_term else " AND ").join(parts)

    def title_query(self, terms: tuple[str, ...], any_term: bool) -> str:
        return f"title : ({self.query(terms, any_term)})"

    def similar_words(self, connection: BaseDatabaseWrapper, terms: list[str]) -> dict[str, set[str]]:
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
                    f"SELECT term FROM practices_practice_fts_vocab WHERE term IN ({placeholders})",  # noqa: S608
                    chunk,
                )
                found.update(row[0] for row in cursor.fetchall())
        return {term: variants[term] & found for term in terms}


class _PostgreSQL(_Backend):
    ids_sql = "SELECT practice_id AS id FROM practices_practice_search WHERE document @@ to_tsquery('simple', %s)"
    title_ids_sql = "SELECT practice_id AS id FROM practices_practice_search WHERE title @@ to_tsquery('simple', %s)"
    # An uncorrelated subquery, answered by the title's GIN index and hashed once.
    rank_sql = "({pk} IN (" + title_ids_sql + "))::integer"

    def query(self, terms: tuple[str, ...], any_term: bool) -> str:
        # Terms hold letters and digits only, so they need no quoting in tsquery syntax.
        parts = [f"{term}:*" if len(term) > 1 else term for term in terms]
        return (" | " if any_term else " & ").join(parts)

    def title_query(self, terms: tuple[str, ...], any_term: bool) -> str:
        return self.query(terms, any_term)

    def similar_words(self, connection: BaseDatabaseWrapper, terms: list[str]) -> dict[str, set[str]]:
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


_BACKENDS: dict[str, _Backend] = {"sqlite": _SQLite(), "postgresql": _PostgreSQL()}


def _backend(queryset: QuerySet) -> tuple[_Backend, BaseDatabaseWrapper]:
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
        self.pk: Combinable | Expression = pk if pk is not None else F("pk")

    def get_source_expressions(self) -> list:
        return [self.pk]

    def set_source_expressions(self, exprs: Sequence[Combinable | Expression]) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> tuple[str, tuple]:
        assert isinstance(self.pk, Expression)  # resolved by now: the column, no longer F("pk")
        pk_sql, pk_params = compiler.compile(self.pk)
        if pk_params:  # a plain column never has any; keep the parameter order simple
            raise ValueError("SearchRank needs a column without parameters.")
        return self.template.format(pk=pk_sql), tuple(self.params)


# --- the index read directly ------------------------------------------------------------------------


def term_ids(using: str, terms: Sequence[str]) -> dict[str, tuple[list[int], list[int]]]:
    """For each term on its own (a prefix, as in a search), the ids of the practices it finds, of any
    state, and of those whose title it finds, unordered, in one query.

    A search of several words combines its terms' sets (all of them, or any), which is what the index
    answers for the words together; facets.WordSets keeps each term's published ranks, so that a
    common word is read once per page-cache generation rather than on every page."""
    if not terms:
        return {}
    connection = connections[using]
    backend = _BACKENDS[connection.vendor]
    parts, params = [], []
    for n, term in enumerate(terms):
        # Constants of this module; the words are parameters.
        parts.append(f"SELECT {2 * n}, found.id FROM ({backend.ids_sql}) found")  # noqa: S608
        parts.append(f"SELECT {2 * n + 1}, titled.id FROM ({backend.title_ids_sql}) titled")  # noqa: S608
        params += [backend.query((term,), False), backend.title_query((term,), False)]
    found: dict[str, tuple[list[int], list[int]]] = {term: ([], []) for term in terms}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        for key, pk in cursor.fetchall():
            found[terms[key // 2]][key % 2].append(pk)
    return found


class WordIndex(Protocol):
    """What ``plan_search`` asks of a search read from the index rather than joined in SQL
    (facets.WordSets): how many practices searched the words find together, and each word alone."""

    def count(self, terms: tuple[str, ...], any_term: bool = False) -> int: ...

    def counts(self, words: list[str]) -> dict[str, int]: ...


# --- planning and applying a search ----------------------------------------------------------------

_QuerySetT = TypeVar("_QuerySetT", bound=QuerySet)  # a search keeps its queryset's class


def plan_search(queryset: QuerySet, text: str, *, index: WordIndex | None = None) -> SearchPlan:
    """Decide what to look for in ``queryset``: the words as typed, corrected ones, or any of them.

    Costs one query when the words match as typed, and at most four more when they do not.
    ``index``, when given, counts the matches instead of ``queryset`` (facets.WordSets: the published
    practices, from each word's sets, kept for the pages that follow)."""
    text = (text or "").strip()
    terms = query_terms(text)
    if not terms:
        return SearchPlan(text=text, terms=(), match_terms=())
    backend, connection = _backend(queryset)

    def found(words: tuple[str, ...]) -> bool:
        if index is not None:
            return index.count(words) > 0
        return queryset.filter(backend.matches(words)).exists()

    def hit_counts(words: list[str]) -> dict[str, int]:
        return index.counts(words) if index is not None else _hit_counts(queryset, backend, words)

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


def apply_search(queryset: _QuerySetT, plan: SearchPlan) -> _QuerySetT:
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


def search_practices(queryset: _QuerySetT, text: str) -> _QuerySetT:
    """What ``PracticeQuerySet.search`` returns: the forgiving search, most relevant first."""
    return apply_search(queryset, plan_search(queryset, text))


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


def highlight(text: str, terms: tuple[str, ...]) -> list[tuple[str, bool]]:
    """``text`` in pieces, each with whether it is a word that the search matched (templates mark those:
    core/_translated_text.html)."""
    pieces: list[tuple[str, bool]] = []
    last = 0
    text = text or ""
    for found in _WORD.finditer(text):
        if _matches(found.group(), terms):
            if found.start() > last:
                pieces.append((text[last : found.start()], False))
            pieces.append((found.group(), True))
            last = found.end()
    if last < len(text):
        pieces.append((text[last:], False))
    return pieces


def snippet(text: str, terms: tuple[str, ...], length: int = 40) -> list[tuple[str, bool]]:
    """About ``length`` words of ``text`` around the first match (or from the start), in pieces as
    ``highlight()`` gives them, with "… " where the text is cut."""
    words = (text or "").split()
    first = next((i for i, word in enumerate(words) if terms and _matches(word, terms)), 0)
    start = max(0, min(first - length // 4, len(words) - length))
    end = start + length
    before = [("… ", False)] if start > 0 else []
    after = [(" …", False)] if end < len(words) else []
    return before + highlight(" ".join(words[start:end]), terms) + after
