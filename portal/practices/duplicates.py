"""Finding practices that look like the same record entered twice.

How a pair is scored (0-100):

* Texts are normalised first: Unicode compatibility-decomposed, accents dropped, case-folded,
  punctuation turned into spaces. Words are then the runs of letters and digits, minus a short
  list of English and French function words ("the", "of", "de", ...) and one-letter words.
* Title similarity (0-1) is the mean of two measures: the Dice coefficient of the two titles'
  word sets (shared words, order ignored) and difflib's SequenceMatcher ratio of the two
  normalised titles (same characters in the same order, so a typo or a word run together still counts).
* Summary similarity (0-1) is the Jaccard index of the two summaries' word sets.
* score = 100 × (0.7 × title + 0.3 × summary), rounded. When either summary has no words, the title
  carries the whole score. Two records with the same title therefore score at least 70 whatever
  their summaries say; an unrelated title cannot reach the threshold on its summary alone.

Only pairs scoring at least SIMILARITY_THRESHOLD (40) are reported.

Finding the candidates happens in the database, so that nothing loads the whole table: the
query title's three longest distinctive words are looked up in other titles (a case-insensitive
"contains", OR-ed), at most MAX_CANDIDATES rows, those containing most of its six longest words
first (so that a true duplicate is not crowded out when hundreds of titles share a common word). Only
those candidates are scored in Python. To give the same answer on SQLite (whose LIKE folds case
for ASCII letters only) and PostgreSQL, each word is looked up by its longest run of plain ASCII
letters and digits ("Développement" is looked up as "veloppement", which also finds
"developpement"). A consequence to know: a title typed without accents does not find one
whose every long word carries an accent; and words in non-Latin scripts are looked up as typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import reduce
from operator import add, or_

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Practice

SIMILARITY_THRESHOLD = 40
MAX_CANDIDATES = 200
KEY_WORDS = 3  # looked up in other titles
RANK_WORDS = 6  # counted to put the closest candidates first
TITLE_WEIGHT = 0.7
SUMMARY_WEIGHT = 0.3
# Practices that a duplicate overview compares (the queue and the public database).
PAIR_STATUSES = (Practice.Status.SUBMITTED, Practice.Status.PUBLISHED)

# English and French function words; one-letter words are dropped anyway.
STOPWORDS = frozenset(
    {
        *("an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "into", "is", "it", "its"),
        *("of", "on", "or", "that", "the", "their", "this", "through", "to", "was", "were", "which", "with"),
        *("within", "without"),
        *("au", "aux", "avec", "dans", "de", "des", "du", "en", "et", "la", "le", "les", "par", "pour", "sur"),
        *("un", "une"),
    }
)

_NON_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")
_ASCII_RUN = re.compile(r"[A-Za-z0-9]+")


@dataclass(frozen=True)
class SimilarPractice:
    """A practice that resembles the one being looked at, with how much (0-100) and where."""

    practice: Practice
    score: int
    title_score: int
    summary_score: int

    @property
    def matched(self) -> tuple[str, ...]:
        """The parts that resemble each other noticeably: 'title', 'summary', or both."""
        parts = []
        if self.title_score >= 50:
            parts.append("title")
        if self.summary_score >= 25:
            parts.append("summary")
        return tuple(parts)


@dataclass(frozen=True)
class DuplicatePair:
    """Two practices that may be the same record; `first` is the older one (lower id)."""

    first: Practice
    second: Practice
    score: int
    title_score: int
    summary_score: int


def normalise(text: str) -> str:
    """Lower-case, accent-free text with punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(_NON_WORD.sub(" ", bare.casefold()).split())


def words(text: str) -> frozenset[str]:
    """The distinctive words of a text, normalised (function words and single letters left out)."""
    return frozenset(word for word in normalise(text).split() if len(word) > 1 and word not in STOPWORDS)


@dataclass(frozen=True)
class _Fingerprint:
    title: str
    title_words: frozenset[str]
    summary_words: frozenset[str]

    @classmethod
    def of(cls, title: str, summary: str) -> _Fingerprint:
        return cls(normalise(title), words(title), words(summary))


def _scores(a: _Fingerprint, b: _Fingerprint) -> tuple[int, int, int]:
    """(score, title score, summary score), each 0-100; see the module docstring."""
    shared = len(a.title_words & b.title_words)
    sizes = len(a.title_words) + len(b.title_words)
    dice = 2 * shared / sizes if sizes else 0.0
    sequence = SequenceMatcher(None, a.title, b.title, autojunk=False).ratio() if a.title and b.title else 0.0
    title = (dice + sequence) / 2
    if a.summary_words and b.summary_words:
        union = len(a.summary_words | b.summary_words)
        summary = len(a.summary_words & b.summary_words) / union
        combined = TITLE_WEIGHT * title + SUMMARY_WEIGHT * summary
    else:
        summary = 0.0
        combined = title
    return round(100 * combined), round(100 * title), round(100 * summary)


def _lookup_fragments(title: str, count: int = KEY_WORDS) -> list[str]:
    """What to look for in other titles: a fragment of each of the title's `count` longest distinctive words."""
    fragments: list[str] = []
    for word in _WORD.findall(title or ""):
        key = normalise(word)
        if len(key) < 4 or key in STOPWORDS or key.isdigit():
            continue
        runs = _ASCII_RUN.findall(word)
        fragment = max(runs, key=len).lower() if runs else word.lower()
        if len(fragment) >= 4 and fragment not in fragments:
            fragments.append(fragment)
    # Longest first; sorted() is stable, so equal lengths keep the order of the title.
    return sorted(fragments, key=len, reverse=True)[:count]


def _candidates(title: str, *, exclude_pk: int | None, among: QuerySet | None, limit: int = MAX_CANDIDATES) -> QuerySet:
    """Practices of `among` (pk, title, summary) whose titles share a key word with `title`, narrowed in
    the database; never a record merged into another."""
    fragments = _lookup_fragments(title, RANK_WORDS)
    if not fragments:
        return Practice.objects.none().values("pk", "title", "summary")
    queryset = (Practice.objects.all() if among is None else among).filter(
        reduce(or_, (Q(title__icontains=fragment) for fragment in fragments[:KEY_WORDS])), merged_into__isnull=True
    )
    if exclude_pk is not None:
        queryset = queryset.exclude(pk=exclude_pk)
    hits = reduce(
        add,
        (
            Case(When(title__icontains=fragment, then=Value(1)), default=Value(0), output_field=IntegerField())
            for fragment in fragments
        ),
    )
    return queryset.annotate(key_hits=hits).order_by("-key_hits", "-pk").values("pk", "title", "summary")[:limit]


def similar_practices(
    *,
    title: str,
    summary: str,
    exclude_pk: int | None = None,
    limit: int = 5,
    among: QuerySet | None = None,
    threshold: int = SIMILARITY_THRESHOLD,
) -> list[SimilarPractice]:
    """Practices resembling a title and summary, best first, each scoring at least `threshold`.

    Every state counts unless `among` narrows it (an editor wants to see a draft duplicate too; a
    page shown to a contributor passes what they may see, ``Practice.objects.visible_to(user)``).
    Records already merged into another are never returned. Two queries whatever the size of the table.
    """
    query = _Fingerprint.of(title, summary)
    scored: list[tuple[int, int, int, int]] = []
    for row in _candidates(title, exclude_pk=exclude_pk, among=among):
        score, title_score, summary_score = _scores(query, _Fingerprint.of(row["title"], row["summary"]))
        if score >= threshold:
            scored.append((score, title_score, summary_score, row["pk"]))
    scored.sort(key=lambda item: (-item[0], -item[1], item[3]))
    best = scored[:limit]
    if not best:
        return []
    practices = Practice.objects.select_related("submitter").in_bulk([pk for *_, pk in best])
    return [
        SimilarPractice(practices[pk], score, title_score, summary_score)
        for score, title_score, summary_score, pk in best
        if pk in practices
    ]


def duplicate_pairs(limit: int = 20, *, scan: int = 100, threshold: int = SIMILARITY_THRESHOLD) -> list[DuplicatePair]:
    """Likely duplicates among submitted and published practices, best first, for an editor overview.

    To stay cheap on a large database, it starts from at most `scan` practices (those awaiting
    moderation first, then the most recently created) and looks for each one's partners with the
    same narrowing as similar_practices(): 1 + `scan` + 1 queries at most. A pair whose two
    records both fall outside that window is found once one of them is looked at
    (similar_practices) or enters the window.
    """
    pool = Practice.objects.filter(status__in=PAIR_STATUSES)
    live = pool.filter(merged_into__isnull=True)
    anchors = live.order_by(
        Case(When(status=Practice.Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()),
        "-created_at",
        "-pk",
    ).values("pk", "title", "summary")[:scan]
    found: dict[tuple[int, int], tuple[int, int, int]] = {}
    for anchor in anchors:
        fingerprint = _Fingerprint.of(anchor["title"], anchor["summary"])
        for row in _candidates(anchor["title"], exclude_pk=anchor["pk"], among=pool):
            key = (min(anchor["pk"], row["pk"]), max(anchor["pk"], row["pk"]))
            if key in found:
                continue
            scores = _scores(fingerprint, _Fingerprint.of(row["title"], row["summary"]))
            if scores[0] >= threshold:
                found[key] = scores
    best = sorted(found.items(), key=lambda item: (-item[1][0], -item[1][1], item[0]))[:limit]
    if not best:
        return []
    practices = Practice.objects.select_related("submitter").in_bulk({pk for key, _ in best for pk in key})
    return [
        DuplicatePair(practices[low], practices[high], *scores)
        for (low, high), scores in best
        if low in practices and high in practices
    ]
