"""The indexes behind the list of published practices (migration 0008): the list is read in its
order from an index, never sorted whole, and its newest change is read from the index's end."""

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
def test_the_published_list_is_read_in_order_from_an_index():
    found = explain(*Practice.objects.published()[:20].query.sql_with_params())
    assert "practices_practice_published_order_idx" in found
    assert "TEMP B-TREE" not in found and "Sort" not in found


@pytest.mark.django_db
def test_the_newest_change_of_the_published_list_is_read_from_an_index():
    with CaptureQueriesContext(connection) as queries:
        Practice.objects.published().aggregate(newest=Max("updated_at"))
    found = explain(queries[-1]["sql"])
    # (Whether PostgreSQL reads one end or the whole index depends on its statistics: at 100,000
    # practices of the benchmark database it reads one end: 0.05 ms.)
    assert "practices_practice_published_changed_idx" in found
