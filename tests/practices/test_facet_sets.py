"""Facet counts and plain lists from the facet sets (portal/practices/facets.py).

The counts are compared with a plain GROUP BY over the search's own SQL (``PracticeFilter.qs``) for a
mix of searches, on whichever database the tests run; the sets are shown to follow every kind of
change at once (the page cache's generation moves after each commit), and pages to cost the same
number of queries whatever the number of practices.
"""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Edition
from portal.practices import facets
from portal.practices.facets import facet_counts
from portal.practices.filters import PracticeFilter
from portal.practices.merge import merge_practices
from portal.practices.models import Practice, PracticeSource, Theme

User = get_user_model()

MIX = [
    "",
    "q=diaspora",
    "q=remitt",
    "q=diaspra",
    "q=diaspora&region=Africa&kind=government",
    "q=2012",
    "q=xylophone",
    "region=Asia",
    "kind=government&year=2020",
    "q=labour&sort=date",
]


@pytest.fixture
def synthetic(reference_data):
    call_command("generate_synthetic", practices=120, seed=3, stdout=io.StringIO())
    # Every facet has values: a draft and a merged practice that must not count, sub-themes, editions.
    published = list(Practice.objects.published().order_by("pk"))
    published[0].themes.add(*Theme.objects.filter(parent__isnull=False)[:2])
    PracticeSource.objects.create(practice=published[1], edition=Edition.objects.order_by("ordinal").first())
    published[2].status = Practice.Status.DRAFT
    published[2].save()
    published[3].merged_into = published[4]
    published[3].save()


def group_by(params: str) -> dict[str, dict[str, int]]:
    """The facet counts as plain aggregate queries over the search's SQL (as the page once counted)."""
    ids = PracticeFilter(QueryDict(params)).qs.order_by().values("pk")
    countries = Practice.countries.through.objects.filter(practice_id__in=ids)
    themes = Practice.themes.through.objects.filter(practice_id__in=ids)
    practices = Practice.objects.filter(pk__in=ids)

    def rows(queryset, column, distinct=False) -> dict[str, int]:
        found = queryset.values(column).annotate(n=Count("practice_id", distinct=distinct)).order_by()
        return {str(row[column]): row["n"] for row in found if row[column] not in ("", None)}

    theme_counts = {}
    for theme in Theme.objects.all():
        tagged = themes.filter(Q(theme=theme) | Q(theme__parent=theme) if not theme.parent_id else Q(theme=theme))
        if n := tagged.values("practice_id").distinct().count():
            theme_counts[theme.slug] = n
    sources = PracticeSource.objects.filter(practice_id__in=ids).annotate(
        label=Coalesce("edition__label", "meeting__edition__label")
    )
    return {
        "country": rows(countries, "country__iso3"),
        "region": rows(countries, "country__region", distinct=True),
        "theme": theme_counts,
        "gcm": rows(Practice.gcm_objectives.through.objects.filter(practice_id__in=ids), "gcmobjective__number"),
        "sdg": rows(Practice.sdg_targets.through.objects.filter(practice_id__in=ids), "sdgtarget__code"),
        "edition": rows(sources, "label", distinct=True),
        "kind": {
            row["submitter_kind"]: row["n"]
            for row in practices.exclude(submitter_kind="").values("submitter_kind").annotate(n=Count("pk")).order_by()
        },
        "year": {
            str(year): practices.filter(date_shared__year=year).count()
            for year in {day.year for day in practices.exclude(date_shared=None).values_list("date_shared", flat=True)}
        },
    }


def counted(params: str) -> dict[str, dict[str, int]]:
    return {
        name: {value.value: value.count for value in values}
        for name, values in facet_counts(PracticeFilter(QueryDict(params))).items()
    }


@pytest.mark.parametrize("params", MIX)
def test_facet_counts_equal_a_plain_group_by_over_the_searchs_sql(synthetic, params):
    expected = group_by(params)
    assert counted(params) == expected
    if params in ("", "q=diaspora"):
        assert all(expected[name] for name in facets.FACET_NAMES)  # the comparison covers every facet


def test_the_plain_list_is_counted_and_paged_from_the_sets_in_the_lists_order(client, synthetic):
    sql = list(Practice.objects.published().values_list("title", flat=True)[:20])
    page = client.get("/practices/").context["page"]
    assert page.paginator.count == Practice.objects.published().count()
    assert [practice.title for practice in page.object_list] == sql
    second = client.get("/practices/?region=Africa&page=2").context["page"]
    africa = PracticeFilter(QueryDict("region=Africa")).qs
    assert second.paginator.count == africa.count()
    assert [practice.pk for practice in second.object_list] == list(africa.values_list("pk", flat=True)[20:40])


# --- following changes -----------------------------------------------------------------------------


@pytest.fixture
def kept(monkeypatch):
    """The sets kept per generation, as in production (tests/conftest.py builds them for every page)."""
    monkeypatch.setattr(facets, "KEEP", True)
    monkeypatch.setattr(facets, "_kept", None)


def country_counts() -> dict[str, int]:
    return counted("")["country"]


def make(title, *countries, status=Practice.Status.PUBLISHED):
    practice = Practice.objects.create(title=title, summary="A practice.", status=status)
    practice.countries.set(Country.objects.filter(iso3__in=countries))
    return practice


def test_the_kept_sets_are_read_without_a_query_until_something_changes(
    reference_data, kept, django_capture_on_commit_callbacks
):
    make("One", "MLI")
    facets.facet_sets()
    with CaptureQueriesContext(connection) as queries:
        facets.facet_sets()
    assert len(queries) == 0
    facets._kept = None  # another app server: the sets come from the shared cache
    with CaptureQueriesContext(connection) as queries:
        assert country_counts() == {"MLI": 1}
    assert len(queries) == 0
    with django_capture_on_commit_callbacks(execute=True):
        make("Two", "MLI")
    assert country_counts() == {"MLI": 2}


def test_facet_counts_follow_publication_withdrawal_merge_and_edits(
    reference_data, kept, django_capture_on_commit_callbacks
):
    first = make("Diaspora first", "MLI")
    draft = make("Diaspora second", "SEN", status=Practice.Status.SUBMITTED)
    assert country_counts() == {"MLI": 1}

    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Practice.Status.PUBLISHED
        draft.save()
    assert country_counts() == {"MLI": 1, "SEN": 1}

    with django_capture_on_commit_callbacks(execute=True):
        draft.countries.add(Country.objects.get(iso3="NER"))  # an edit of its links
    assert country_counts() == {"MLI": 1, "SEN": 1, "NER": 1}
    with django_capture_on_commit_callbacks(execute=True):
        first.submitter_kind = Practice.SubmitterKind.GOVERNMENT  # an edit of the record
        first.date_shared = datetime.date(2020, 1, 1)
        first.save()
    assert counted("")["kind"] == {"government": 1}
    assert counted("")["year"] == {"2020": 1}

    editor = User.objects.create_user("merger", "merger@example.org", "pw", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        merge_practices(survivor=first, duplicate=draft, editor=editor)
    assert country_counts() == {"MLI": 1, "SEN": 1, "NER": 1}  # the survivor has them all
    assert counted("q=diaspora")["kind"] == {"government": 1}  # one practice left

    with django_capture_on_commit_callbacks(execute=True):
        first.status = Practice.Status.WITHDRAWN
        first.save()
    assert country_counts() == {}


# --- queries per page ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "/practices/",
        "/practices/?q=diaspora",
        "/practices/?q=diaspora&region=Africa&kind=government",
        "/practices/?region=Africa&year=2020",
    ],
)
def test_a_search_page_costs_the_same_queries_at_two_sizes(client, reference_data, kept, address):
    def queries() -> int:
        facets._kept = None
        client.get(address)  # the sets are built once per generation: count the page without them
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    call_command("generate_synthetic", practices=80, seed=1, stdout=io.StringIO())
    small = queries()
    call_command("generate_synthetic", practices=160, seed=2, stdout=io.StringIO())
    facets._kept = None
    from django.core.cache import cache

    cache.clear()
    assert queries() == small


def test_the_api_list_is_counted_and_paged_from_the_sets_in_the_lists_order(synthetic):
    from rest_framework.test import APIClient

    for params in ("", "region=Africa&"):
        body = APIClient().get(f"/api/v1/practices/?{params}page=2&page_size=7").json()
        expected = PracticeFilter(QueryDict(params.rstrip("&"))).qs
        assert body["count"] == expected.count()
        assert [row["id"] for row in body["results"]] == list(expected.values_list("pk", flat=True)[7:14])


# --- words kept as sets ----------------------------------------------------------------------------

WORDED = [
    "q=diaspora",
    "q=remitt",  # a prefix
    "q=diaspra",  # a typo, corrected
    "q=diaspora+remittances",
    "q=diaspora+xylophone",  # no practice has both: those with either
    "q=diaspora&region=Africa",
    "q=labour&kind=government",
    "q=diaspora&sort=date",
]


@pytest.mark.parametrize("params", WORDED)
def test_a_search_is_counted_and_paged_from_the_word_sets_as_its_sql_orders_it(client, synthetic, params):
    expected = list(PracticeFilter(QueryDict(params)).qs.values_list("pk", flat=True))
    assert expected, params  # the comparison is not of two empty lists
    first = client.get(f"/practices/?{params}").context["page"]
    assert first.paginator.count == len(expected)
    wanted = range(2, min(first.paginator.num_pages, 3) + 1)
    pages = [first] + [client.get(f"/practices/?{params}&page={n}").context["page"] for n in wanted]
    assert [practice.pk for page in pages for practice in page.object_list] == expected[:60]


@pytest.fixture
def common(monkeypatch, kept):
    """Every word is common enough to keep its sets (the synthetic words are, at a larger size)."""
    monkeypatch.setattr(facets, "COMMON_TERM", 0)


def diaspora_counts() -> dict[str, dict[str, int]]:
    return counted("q=diaspora")


def test_a_common_words_sets_are_read_once_per_generation_and_shared(reference_data, common):
    make("Diaspora bonds", "MLI")
    make("Diaspora networks", "SEN")
    assert diaspora_counts()["country"] == {"MLI": 1, "SEN": 1}
    with CaptureQueriesContext(connection) as queries:
        assert diaspora_counts()["country"] == {"MLI": 1, "SEN": 1}
    # the plan and the page both take the word's kept sets: no look at the index at all
    assert not [query for query in queries if "practices_practice_search" in query["sql"] or "_fts" in query["sql"]]
    kept_terms = dict(facets.facet_sets().terms)
    facets._kept = None  # another app server: the sets come from the shared cache
    assert facets.facet_sets().terms == {}
    assert diaspora_counts()["country"] == {"MLI": 1, "SEN": 1}
    assert facets.facet_sets().terms == kept_terms


def test_a_common_words_counts_follow_publication_withdrawal_merge_and_edits(
    reference_data, common, django_capture_on_commit_callbacks
):
    first = make("Diaspora first", "MLI")
    draft = make("Diaspora second", "SEN", status=Practice.Status.SUBMITTED)
    other = make("Remittance corridors", "NER")

    def check(expected: dict[str, int]) -> None:
        assert diaspora_counts()["country"] == expected
        assert diaspora_counts() == group_by("q=diaspora")  # and a plain query agrees

    check({"MLI": 1})
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Practice.Status.PUBLISHED  # publication
        draft.save()
    check({"MLI": 1, "SEN": 1})
    with django_capture_on_commit_callbacks(execute=True):
        other.title = "Diaspora and remittance corridors"  # an edit of the words
        other.save()
    check({"MLI": 1, "SEN": 1, "NER": 1})
    with django_capture_on_commit_callbacks(execute=True):
        first.summary = "Nothing about the word any more."
        first.title = "Savings groups"  # an edit that takes the word away
        first.save()
    check({"SEN": 1, "NER": 1})

    editor = User.objects.create_user("merger", "merger@example.org", "pw", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        merge_practices(survivor=other, duplicate=draft, editor=editor)  # a merge
    check({"SEN": 1, "NER": 1})  # the survivor has both countries
    assert counted("q=diaspora")["kind"] == {} and PracticeFilter(QueryDict("q=diaspora")).qs.count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        other.status = Practice.Status.WITHDRAWN  # withdrawal
        other.save()
    check({})
