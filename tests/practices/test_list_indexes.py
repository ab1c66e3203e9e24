"""The indexes behind the list of published practices (migration 0008): on PostgreSQL the list is
read in its order from an index, never sorted whole; the newest change is read from an index on
both databases; and on SQLite, which has no statistics to weigh them, no query for a few practices
by id is turned into a walk of every published practice."""

import pytest
from django.db import connection, transaction
from django.db.models import Max
from django.test.utils import CaptureQueriesContext

from portal.practices.models import Practice


def explain(sql: str, params=()) -> str:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            return " | ".join(row[-1] for row in cursor.fetchall())
        # On a nearly empty table PostgreSQL would rather scan and sort: forbid both, so that the
        # plan shows whether an index can give the order at all.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return " | ".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_published_list_is_read_in_order_from_an_index():
    found = explain(*Practice.objects.published()[:20].query.sql_with_params())
    assert "practices_practice_published_order_idx" in found
    assert "Sort" not in found


@pytest.mark.django_db
def test_the_newest_change_of_the_published_list_is_read_from_an_index():
    with CaptureQueriesContext(connection) as queries:
        Practice.objects.published().aggregate(newest=Max("updated_at"))
    found = explain(queries[-1]["sql"])
    # (Whether PostgreSQL reads one end or the whole index depends on its statistics: at 100,000
    # practices of the benchmark database it reads one end: 0.05 ms.)
    assert "practices_practice_published_changed_idx" in found


@pytest.mark.django_db
def test_a_page_of_search_results_is_fetched_by_primary_key(reference_data):
    """PracticePaginator fetches the page's rows by id, not in Meta.ordering's order: SQLite would
    otherwise walk an index of every published practice, should one exist in that order."""
    from django.http import QueryDict

    from portal.practices.filters import PracticeFilter, PracticePaginator

    for n in range(3):
        Practice.objects.create(title=f"Diaspora {n}", summary="s", status=Practice.Status.PUBLISHED)
    filterset = PracticeFilter(QueryDict("q=diaspora"))
    paginator = PracticePaginator(filterset.qs, 20, rows=Practice.objects.published(), index=filterset.ranked())
    with CaptureQueriesContext(connection) as queries:
        assert len(paginator.page(1).object_list) == 3
    assert "ORDER BY" not in queries[-1]["sql"]
