"""Searches that the search index answers alone (search.IndexSearch; migrations 0005 and 0006).

Every test compares the index's answer with the same search through the database
(``PracticeFilter(...).qs``, which joins the matches to the practice table): the count, and the
ids of every page in order. The triggers are tested by changing what the index carries (status,
date, kind, countries, a country's region, sources) and searching again.
"""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.practices.filters import PracticeFilter, PracticePaginator
from portal.practices.models import Practice, PracticeSource
from portal.practices.search import facet_words

Kind = Practice.SubmitterKind
DAY = datetime.date(2020, 5, 1)


def make(title, summary="A practice.", *, countries=("MLI",), status=Practice.Status.PUBLISHED, **fields):
    practice = Practice.objects.create(title=title, summary=summary, status=status, **fields)
    practice.countries.set(Country.objects.filter(iso3__in=countries))
    return practice


@pytest.fixture
def corpus(reference_data):
    """Title and summary matches, same-day ties, undated practices, every kind of hiding."""
    make("Diaspora bonds", date_shared=DAY, submitter_kind=Kind.GOVERNMENT)
    make("Diaspora mapping", date_shared=DAY, submitter_kind=Kind.CIVIL_SOCIETY, countries=("FRA",))
    make("Diaspora days", date_shared=None, submitter_kind=Kind.GOVERNMENT)
    make("Skills", "Working with the diaspora abroad.", date_shared=DAY, submitter_kind=Kind.GOVERNMENT)
    make("Returns", "Diaspora investment.", date_shared=datetime.date(2021, 1, 2), countries=("MLI", "FRA"))
    make("Remittances", "Cheaper transfers for the diaspora.", date_shared=None, countries=("SEN",))
    make("Old diaspora study", "x", date_shared=datetime.date(2009, 3, 3), submitter_kind=Kind.ACADEMIA)
    make("Diaspora draft", status=Practice.Status.DRAFT, date_shared=DAY)
    survivor = make("Diaspora survivor", date_shared=datetime.date(2019, 1, 1))
    make("Diaspora merged away", date_shared=datetime.date(2022, 1, 1), merged_into=survivor)
    for number in range(25):  # enough for a second page in each order
        make(f"Diaspora note {number}", date_shared=datetime.date(2015, 1, 1) + datetime.timedelta(days=number % 7))
        make(
            f"Note {number}",
            "About the diaspora.",
            date_shared=datetime.date(2016, 1, 1) - datetime.timedelta(days=number),
        )


def both_ways(params: str, per_page: int = 20) -> tuple[list[list[int]], list[list[int]], int, int]:
    """The pages of a search through the index and through the database, and both counts."""
    filterset = PracticeFilter(QueryDict(params))
    index = filterset.index_search()
    assert index is not None, params
    by_index = PracticePaginator(filterset.qs, per_page, rows=Practice.objects.published(), index=index)
    by_sql = PracticePaginator(PracticeFilter(QueryDict(params)).qs, per_page, rows=Practice.objects.published())
    pages = range(1, by_sql.num_pages + 1)
    index_pages = [[p.pk for p in by_index.page(number)] for number in pages]
    sql_pages = [[p.pk for p in by_sql.page(number)] for number in pages]
    return index_pages, sql_pages, by_index.count, by_sql.count


@pytest.mark.parametrize(
    "params",
    [
        "q=diaspora",
        "q=diasp",
        "q=diaspora&sort=date",
        "q=diaspora&kind=government",
        "q=diaspora&region=Africa",
        "q=diaspora&region=Europe&kind=civil_society",
        "q=diaspra",  # corrected
        "q=note+skills",  # no practice has both: any of them
        "q=zanzibar",
    ],
)
def test_the_index_gives_the_same_pages_and_count_as_the_database(corpus, params):
    index_pages, sql_pages, index_count, sql_count = both_ways(params)
    assert index_count == sql_count
    assert index_pages == sql_pages


def test_pages_cut_across_the_title_matches_and_the_others_alike(corpus):
    for per_page in (3, 7, 20):
        index_pages, sql_pages, _, _ = both_ways("q=diaspora", per_page)
        assert index_pages == sql_pages, per_page


def test_relevance_puts_title_matches_first_then_newest_then_lowest_id(corpus):
    filterset = PracticeFilter(QueryDict("q=diaspora"))
    ids = filterset.index_search().ids(0, 100)
    titles = list(Practice.objects.in_bulk(ids).values())
    by_id = {practice.pk: practice for practice in titles}
    ordered = [by_id[pk] for pk in ids]
    in_title = ["diaspora" in practice.title.lower() for practice in ordered]
    assert in_title == sorted(in_title, reverse=True)
    assert ordered[0].title == "Diaspora bonds"  # newest title match (2020-05-01), lower id than "mapping"
    assert ordered[1].title == "Diaspora mapping"
    assert "Diaspora draft" not in {p.title for p in ordered}
    assert "Diaspora merged away" not in {p.title for p in ordered}


def test_searches_the_index_cannot_answer_go_through_the_database(corpus):
    assert PracticeFilter(QueryDict("q=diaspora&country=MLI")).index_search() is None
    assert PracticeFilter(QueryDict("q=diaspora&year=2020")).index_search() is None
    assert PracticeFilter(QueryDict("region=Africa")).index_search() is None  # no words
    assert PracticeFilter(QueryDict("q=diaspora"), queryset=Practice.objects.all()).index_search() is None


def test_a_facet_value_that_is_not_one_word_is_left_to_the_database():
    assert facet_words() == ["zzpublished"]
    assert facet_words("government", "Africa") == ["zzkindgovernment", "zzregionafrica"]  # published only
    assert facet_words(region="Latin America & the Caribbean") is None


def index_titles(params: str) -> list[str]:
    filterset = PracticeFilter(QueryDict(params))
    ids = filterset.index_search().ids(0, 1000)
    rows = Practice.objects.in_bulk(ids)
    return [rows[pk].title for pk in ids]


def test_the_index_follows_status_date_kind_countries_and_sources(reference_data):
    practice = make("Ethical recruitment", status=Practice.Status.SUBMITTED, submitter_kind=Kind.GOVERNMENT)
    other = make("Recruitment fairs", date_shared=datetime.date(2018, 1, 1), countries=("FRA",))
    assert index_titles("q=recruitment") == ["Recruitment fairs"]

    practice.status = Practice.Status.PUBLISHED
    practice.date_shared = datetime.date(2017, 1, 1)
    practice.save()
    assert index_titles("q=recruitment") == ["Recruitment fairs", "Ethical recruitment"]
    practice.date_shared = datetime.date(2019, 1, 1)
    practice.save()
    assert index_titles("q=recruitment") == ["Ethical recruitment", "Recruitment fairs"]

    assert index_titles("q=recruitment&kind=government") == ["Ethical recruitment"]
    practice.submitter_kind = Kind.ACADEMIA
    practice.save()
    assert index_titles("q=recruitment&kind=government") == []

    assert index_titles("q=recruitment&region=Europe") == ["Recruitment fairs"]
    practice.countries.add(Country.objects.get(iso3="DEU"))
    assert index_titles("q=recruitment&region=Europe") == ["Ethical recruitment", "Recruitment fairs"]
    other.countries.clear()
    assert index_titles("q=recruitment&region=Europe") == ["Ethical recruitment"]

    PracticeSource.objects.create(practice=other, text="Presented at the Quito summit")
    assert index_titles("q=quito") == ["Recruitment fairs"]

    other.merged_into = practice
    other.save()
    assert index_titles("q=recruitment") == ["Ethical recruitment"]
    PracticeSource.objects.create(practice=practice, text="Quito again")
    other.delete()
    assert index_titles("q=quito") == ["Ethical recruitment"]
    practice.delete()
    assert index_titles("q=recruitment") == index_titles("q=quito") == []


def test_a_country_moved_to_another_region_moves_its_practices(reference_data):
    make("Seasonal work", countries=("MLI",))
    assert index_titles("q=seasonal&region=Africa") == ["Seasonal work"]
    Country.objects.filter(iso3="MLI").update(region="Europe")
    assert index_titles("q=seasonal&region=Africa") == []
    assert index_titles("q=seasonal&region=Europe") == ["Seasonal work"]


def test_the_marker_words_are_never_found_by_typing_them(reference_data):
    make("Seasonal work", submitter_kind=Kind.GOVERNMENT)
    for text in ("zzpublished", "zzkindgovernment", "zzregionafrica", "zzk"):
        assert PracticeFilter(QueryDict(f"q={text}")).qs.count() == 0, text
        assert PracticeFilter(QueryDict(f"q={text}")).index_search().count() == 0, text


def test_an_index_search_costs_a_few_queries_whatever_the_number_of_matches(corpus):
    filterset = PracticeFilter(QueryDict("q=diaspora&region=Africa&kind=government"))
    with CaptureQueriesContext(connection) as captured:
        paginator = PracticePaginator(
            filterset.qs, 20, rows=Practice.objects.published(), index=filterset.index_search()
        )
        paginator.page(1)
    # existence, count, title count, the page's ids (titles, then others), its rows
    assert len(captured) <= 6
    index = "practices_practice_fts" if connection.vendor == "sqlite" else "practices_practice_search"
    assert all(index in query["sql"] for query in captured.captured_queries[:-1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL stops counting; SQLite counts all")
def test_past_the_count_cap_pages_are_found_by_walking_the_order_and_are_the_same(corpus, monkeypatch):
    from portal.practices.search import _BACKENDS

    # 58 matches, 30 of them in titles: a cap of 40 makes the others' page a walk, across the boundary.
    monkeypatch.setattr(_BACKENDS["postgresql"], "count_cap", 40)
    for params in ("q=diaspora", "q=diaspora&sort=date", "q=diaspora&region=Africa"):
        filterset = PracticeFilter(QueryDict(params))
        index = filterset.index_search()
        assert index.count() == 40 and index.more
        sql_ids = list(PracticeFilter(QueryDict(params)).qs.values_list("pk", flat=True))
        assert index.ids(0, 40) == sql_ids[:40], params
        assert index.ids(25, 35) == sql_ids[25:35], params


def test_the_page_counts_every_match_past_the_index_count_cap(client, corpus, monkeypatch):
    # The page is counted from the word sets (facets.py), not by the index, whose count stops at its cap.
    from portal.practices.search import _BACKENDS

    monkeypatch.setattr(_BACKENDS["postgresql"], "count_cap", 40)
    expected = PracticeFilter(QueryDict("q=diaspora")).qs.count()
    assert expected > 40
    text = " ".join(client.get("/practices/?q=diaspora").content.decode().split())
    assert f"{expected} practices, showing 1–20." in text and "More than" not in text
    assert "page=3" in text  # every match can be paged to


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite reads both slices of a page in one statement")
def test_a_page_across_the_title_matches_and_the_others_costs_the_same_queries(corpus):
    def queries(number: int, per_page: int) -> int:
        filterset = PracticeFilter(QueryDict("q=diaspora"))
        paginator = PracticePaginator(
            filterset.qs, per_page, rows=Practice.objects.published(), index=filterset.index_search()
        )
        with CaptureQueriesContext(connection) as captured:
            paginator.page(number)
        return len(captured)

    # 30 title matches: page 1 of 20 holds titles only, page 2 of 20 the last titles and the first others
    assert queries(1, 20) == queries(2, 20)


def test_the_search_page_counts_facets_from_the_sets_not_by_aggregates(client, corpus):
    """The facet counts come from the facet sets (tests/practices/test_facet_sets.py): the page runs
    no GROUP BY over the matches."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/practices/?q=diaspora&kind=government").status_code == 200
    assert not [query["sql"] for query in queries if "GROUP BY" in query["sql"]]
