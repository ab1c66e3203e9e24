"""The search index defined once (portal/practices/search_index.py) and the searches answered from
it and the facet sets (``PracticeFilter.ranked``).

The index holds every practice; the results keep the published ones through the facet sets, which
``Practice.objects.published()`` builds. Every search below is compared with the same search
through the database (``PracticeFilter(...).qs``, which joins the matches to the practice table):
the count, and the ids of every page in order. The migrated database's index is compared with
the one ``search_index.install()`` gives, after a fresh migration and after an upgrade.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.practices import search_index
from portal.practices.facets import build
from portal.practices.filters import PracticeFilter, PracticePaginator
from portal.practices.models import Practice, PracticeSource
from portal.practices.search import term_ids

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
            countries=("SEN",),
        )


def both_ways(params: str, per_page: int = 20) -> tuple[list[list[int]], list[list[int]], int, int]:
    """The pages of a search from the facet sets and through the database, and both counts."""
    filterset = PracticeFilter(QueryDict(params))
    ranked = filterset.ranked()
    assert ranked is not None, params
    by_sets = PracticePaginator(filterset.qs, per_page, rows=Practice.objects.published(), index=ranked)
    by_sql = PracticePaginator(PracticeFilter(QueryDict(params)).qs, per_page, rows=Practice.objects.published())
    pages = range(1, by_sql.num_pages + 1)
    set_pages = [[p.pk for p in by_sets.page(number)] for number in pages]
    sql_pages = [[p.pk for p in by_sql.page(number)] for number in pages]
    return set_pages, sql_pages, by_sets.count, by_sql.count


@pytest.mark.parametrize(
    "params",
    [
        "q=diaspora",
        "q=diasp",
        "q=diaspora&sort=date",
        "q=diaspora&kind=government",
        "q=diaspora&region=Africa",
        "q=diaspora&region=Europe&kind=civil_society",
        "q=diaspora&country=SEN",
        "q=diaspora&year=2015",
        "q=diaspra",  # corrected
        "q=note+skills",  # no practice has both: any of them
        "q=zanzibar",
        "region=Africa",
        "",
    ],
)
def test_the_sets_give_the_same_pages_and_count_as_the_database(corpus, params):
    set_pages, sql_pages, set_count, sql_count = both_ways(params)
    assert set_count == sql_count
    assert set_pages == sql_pages


def test_pages_cut_across_the_title_matches_and_the_others_alike(corpus):
    for per_page in (3, 7, 20):
        set_pages, sql_pages, _, _ = both_ways("q=diaspora", per_page)
        assert set_pages == sql_pages, per_page


def test_relevance_puts_title_matches_first_then_newest_then_lowest_id(corpus):
    ids = PracticeFilter(QueryDict("q=diaspora")).ranked().ids(0, 100)
    rows = Practice.objects.in_bulk(ids)
    ordered = [rows[pk] for pk in ids]
    in_title = ["diaspora" in practice.title.lower() for practice in ordered]
    assert in_title == sorted(in_title, reverse=True)
    assert ordered[0].title == "Diaspora bonds"  # newest title match (2020-05-01), lower id than "mapping"
    assert ordered[1].title == "Diaspora mapping"
    assert "Diaspora draft" not in {p.title for p in ordered}
    assert "Diaspora merged away" not in {p.title for p in ordered}


def test_a_search_of_another_queryset_goes_through_the_database(corpus):
    assert PracticeFilter(QueryDict("q=diaspora"), queryset=Practice.objects.all()).ranked() is None
    assert PracticeFilter(QueryDict("q=diaspora"), queryset=Practice.objects.all()).qs.count() == 60


def test_the_index_holds_every_practice_and_the_results_the_published_ones(corpus):
    """What the public sees is decided by published() (through the facet sets), not by the index."""
    filterset = PracticeFilter(QueryDict("q=diaspora"))
    every = set(term_ids(connection.alias, ["diaspora"])["diaspora"][0])
    assert every == set(Practice.objects.all().search("diaspora").values_list("pk", flat=True))
    assert {"Diaspora draft", "Diaspora merged away"} <= set(
        Practice.objects.filter(pk__in=every).values_list("title", flat=True)
    )
    shown = filterset.ranked().ids(0, 1000)
    assert set(shown) == set(Practice.objects.published().search("diaspora").values_list("pk", flat=True))


def ranked_titles(params: str) -> list[str]:
    ids = PracticeFilter(QueryDict(params)).ranked().ids(0, 1000)
    rows = Practice.objects.in_bulk(ids)
    return [rows[pk].title for pk in ids]


def test_results_follow_status_date_kind_countries_and_sources(reference_data):
    practice = make("Ethical recruitment", status=Practice.Status.SUBMITTED, submitter_kind=Kind.GOVERNMENT)
    other = make("Recruitment fairs", date_shared=datetime.date(2018, 1, 1), countries=("FRA",))
    assert ranked_titles("q=recruitment") == ["Recruitment fairs"]

    practice.status = Practice.Status.PUBLISHED
    practice.date_shared = datetime.date(2017, 1, 1)
    practice.save()
    assert ranked_titles("q=recruitment") == ["Recruitment fairs", "Ethical recruitment"]
    practice.date_shared = datetime.date(2019, 1, 1)
    practice.save()
    assert ranked_titles("q=recruitment") == ["Ethical recruitment", "Recruitment fairs"]

    assert ranked_titles("q=recruitment&kind=government") == ["Ethical recruitment"]
    practice.submitter_kind = Kind.ACADEMIA
    practice.save()
    assert ranked_titles("q=recruitment&kind=government") == []

    assert ranked_titles("q=recruitment&region=Europe") == ["Recruitment fairs"]
    practice.countries.add(Country.objects.get(iso3="DEU"))
    assert ranked_titles("q=recruitment&region=Europe") == ["Ethical recruitment", "Recruitment fairs"]
    other.countries.clear()
    assert ranked_titles("q=recruitment&region=Europe") == ["Ethical recruitment"]

    PracticeSource.objects.create(practice=other, text="Presented at the Quito summit")
    assert ranked_titles("q=quito") == ["Recruitment fairs"]

    other.merged_into = practice
    other.save()
    assert ranked_titles("q=recruitment") == ["Ethical recruitment"]
    PracticeSource.objects.create(practice=practice, text="Quito again")
    other.delete()
    assert ranked_titles("q=quito") == ["Ethical recruitment"]
    practice.delete()
    assert ranked_titles("q=recruitment") == ranked_titles("q=quito") == []


def test_translated_titles_and_partners_are_indexed_and_titles_rank_first(reference_data):
    make("No English title", "Nothing.", title_fr="Travail saisonnier", date_shared=datetime.date(2010, 1, 1))
    make("Labour scheme", "Travail saisonnière.", partners="OIM", date_shared=datetime.date(2020, 1, 1))
    assert ranked_titles("q=saisonn") == ["No English title", "Labour scheme"]  # the title match first
    assert ranked_titles("q=oim") == ["Labour scheme"]
    assert both_ways("q=saisonn")[0] == both_ways("q=saisonn")[1]


def test_a_country_moved_to_another_region_moves_its_practices(reference_data):
    make("Seasonal work", countries=("MLI",))
    assert ranked_titles("q=seasonal&region=Africa") == ["Seasonal work"]
    Country.objects.filter(iso3="MLI").update(region="Europe")
    assert ranked_titles("q=seasonal&region=Africa") == []
    assert ranked_titles("q=seasonal&region=Europe") == ["Seasonal work"]


def test_a_region_is_taken_in_any_case_and_an_unknown_one_is_reported(client, corpus):
    for params in ("q=diaspora&region=africa", "region=AFRICA"):
        filterset = PracticeFilter(QueryDict(params))
        assert filterset.is_valid() and filterset.form.cleaned_data["region"] == "Africa"
        assert set(filterset.qs.values_list("pk", flat=True)) == set(filterset.ranked().ids(0, 1000))
        assert filterset.ranked().count() == PracticeFilter(QueryDict(params.replace("africa", "Africa"))).qs.count()
    assert PracticeFilter(QueryDict("region=Atlantis")).errors
    response = client.get("/practices/?region=Atlantis")
    assert response.status_code == 200
    assert "Some filters were not understood and are ignored:" in response.content.decode()


def test_the_page_counts_every_match_and_pages_to_the_last(client, corpus):
    # Counted from the word and facet sets: no cap, no "More than" (the index's count cap is gone).
    expected = PracticeFilter(QueryDict("q=diaspora")).qs.count()
    assert expected > 40
    text = " ".join(client.get("/practices/?q=diaspora").content.decode().split())
    assert f"{expected} practices, showing 1–20." in text and "More than" not in text
    assert "page=3" in text  # every match can be paged to


def test_a_page_across_the_title_matches_and_the_others_costs_the_same_queries(corpus):
    def queries(number: int, per_page: int) -> int:
        filterset = PracticeFilter(QueryDict("q=diaspora"))
        paginator = PracticePaginator(
            filterset.qs, per_page, rows=Practice.objects.published(), index=filterset.ranked()
        )
        with CaptureQueriesContext(connection) as captured:
            paginator.page(number)
        return len(captured)

    # 30 title matches: page 1 of 20 holds titles only, page 2 of 20 the last titles and the first others
    assert queries(1, 20) == queries(2, 20) == 1  # the page's rows; the ids come from the sets


def test_a_search_costs_a_few_queries_whatever_the_facets_and_the_number_of_matches(corpus):
    sets = build()
    filterset = PracticeFilter(QueryDict("q=diaspora&region=Africa&kind=government&year=2020&country=MLI"), sets=sets)
    with CaptureQueriesContext(connection) as captured:
        paginator = PracticePaginator(filterset.qs, 20, rows=Practice.objects.published(), index=filterset.ranked())
        paginator.page(1)
    # the region's stored name, the country, the words' sets (every and title, one query), the page's rows
    assert len(captured) <= 4, [query["sql"][:100] for query in captured]
    index = "practices_practice_fts" if connection.vendor == "sqlite" else "practices_practice_search"
    assert sum(index in query["sql"] for query in captured) == 1


def test_the_search_page_counts_facets_from_the_sets_not_by_aggregates(client, corpus):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/practices/?q=diaspora&kind=government").status_code == 200
    assert not [query["sql"] for query in queries if "GROUP BY" in query["sql"]]


# --- the index's definition ---------------------------------------------------------------------------


def index_objects() -> set[tuple]:
    """The search index's tables, indexes, triggers and functions as the database describes them."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, tbl_name, sql FROM sqlite_master "
                "WHERE name LIKE '%fts%' OR name = 'practices_practice_public_idx'"
            )
            return set(cursor.fetchall())
        cursor.execute(
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE '%search%'"
        )
        found = set(cursor.fetchall())
        cursor.execute("SELECT proname, pg_get_functiondef(oid) FROM pg_proc WHERE proname LIKE 'practices_%search%'")
        found |= set(cursor.fetchall())
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('practices_practice_search', 'practices_search_word') OR indexname = 'practices_practice_public_idx'"
        )
        found |= set(cursor.fetchall())
        cursor.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_name IN ('practices_practice_search', 'practices_search_word')"
        )
        return found | set(cursor.fetchall())


def index_rows() -> set[tuple]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, title, summary, partners, sources FROM practices_practice_fts")
        else:
            cursor.execute("SELECT practice_id, document::text, title::text FROM practices_practice_search")
        return set(cursor.fetchall())


def migrate(target: str) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("practices", target)])


def latest() -> str:
    """The app's newest migration: the test goes back to 0009 and forward to where the code is."""
    (leaf,) = MigrationExecutor(connection).loader.graph.leaf_nodes("practices")
    return leaf[1]


@pytest.mark.django_db(transaction=True)
def test_a_migrated_database_has_the_index_that_installing_it_once_gives(reference_data):
    make("Diaspora bonds")
    migrated = index_objects()
    assert len(migrated) > 10
    rows = index_rows()
    with connection.schema_editor() as editor:
        search_index.install(editor)
    assert index_objects() == migrated
    assert index_rows() == rows


# What an earlier definition left behind (0005 and 0006 kept marker words of the publication rule).
STALE = {
    "sqlite": [
        "CREATE VIRTUAL TABLE practices_practice_fts USING fts5(title, summary, partners, sources, facets)",
        "INSERT INTO practices_practice_fts (rowid, title, facets) VALUES (999, 'stale', 'zzpublished')",
        "CREATE TRIGGER countries_country_fts_region AFTER UPDATE OF region ON countries_country BEGIN "
        "DELETE FROM practices_practice_fts; END",
    ],
    "postgresql": [
        "CREATE TABLE practices_practice_search (practice_id bigint PRIMARY KEY, document tsvector NOT NULL, "
        "title tsvector NOT NULL, sort_key bigint NOT NULL DEFAULT 0, facets tsvector NOT NULL DEFAULT '')",
        "INSERT INTO practices_practice_search VALUES (999, 'stale', 'stale', 0, 'zzpublished')",
        "CREATE FUNCTION practices_country_region_search_trigger() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN DELETE FROM practices_practice_search; RETURN NULL; END $$",
        "CREATE TRIGGER practices_country_region_search_update AFTER UPDATE ON countries_country "
        "FOR EACH STATEMENT EXECUTE FUNCTION practices_country_region_search_trigger()",
    ],
}


@pytest.mark.django_db(transaction=True)
def test_upgrading_a_database_replaces_an_older_index_and_fills_it_again(reference_data):
    make("Diaspora bonds")
    expected_objects, expected_rows = index_objects(), index_rows()
    try:
        migrate("0009_clean_text_validators")  # backwards: the index is dropped
        assert not index_objects()
        # Practices written while an older index was in place, and that index's leftovers.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE practices_practice SET summary = 'Remittance corridors.'")
            for sql in STALE[connection.vendor]:
                cursor.execute(sql)
    finally:
        migrate(latest())
    assert index_objects() == expected_objects
    assert index_rows() != expected_rows  # the new summary is indexed, the stale row gone
    assert ranked_titles("q=remittance") == ranked_titles("q=diaspora") == ["Diaspora bonds"]
    assert ranked_titles("q=stale") == []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM practices_practice_fts"
            if connection.vendor == "sqlite"
            else "SELECT count(*) FROM practices_practice_search"
        )
        assert cursor.fetchone()[0] == Practice.objects.count()
