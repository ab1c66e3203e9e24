import datetime
import re

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Edition
from portal.practices.models import Practice

# Home


@pytest.mark.django_db
def test_home_has_a_country_search_form_sending_q_to_the_country_list(client):
    html = client.get("/").content.decode()

    assert '<form class="search-form" method="get" action="/countries/" role="search">' in html
    assert 'name="q"' in html
    assert 'href="/editions/"' in html


@pytest.mark.django_db
def test_home_shows_the_highest_ordinal_edition_as_current_with_chair_and_summit(client):
    france = Country.objects.create(iso2="FR", iso3="FRA", name="France")
    Edition.objects.create(ordinal=1, label="2007", chair="Belgium", summit_city="Brussels")
    Edition.objects.create(
        ordinal=15,
        label="2024",
        chair="France",
        summit_city="Geneva",
        summit_country=france,
        summit_start=datetime.date(2025, 1, 22),
        summit_end=datetime.date(2025, 1, 24),
    )
    Edition.objects.create(ordinal=14, label="2023", chair="France")

    html = client.get("/").content.decode()

    assert '<a href="/editions/2024/">GFMD 2024</a>' in html
    assert "Geneva, France, 22–24 January 2025" in html
    assert "GFMD 2007" not in html and "GFMD 2023" not in html


@pytest.mark.django_db
def test_home_lists_at_most_five_published_practices_and_no_others(client):
    for day in range(1, 7):
        Practice.objects.create(
            title=f"Published practice {day}",
            summary="Shared with the Forum.",
            status=Practice.Status.PUBLISHED,
            date_shared=datetime.date(2024, 1, day),
        )
    draft = Practice.objects.create(title="A draft practice", summary="Not yet public.")
    withdrawn = Practice.objects.create(
        title="A withdrawn practice", summary="No longer public.", status=Practice.Status.WITHDRAWN
    )

    html = client.get("/").content.decode()

    shown = [day for day in range(1, 7) if f">Published practice {day}</a>" in html]
    assert shown == [2, 3, 4, 5, 6], "the five most recently shared"
    assert html.index("Published practice 6") < html.index("Published practice 2")
    newest = Practice.objects.get(title="Published practice 6")
    assert f'<a href="/practices/{newest.pk}/" dir="auto">Published practice 6</a>' in html
    assert draft.title not in html
    assert withdrawn.title not in html


@pytest.mark.django_db
def test_home_without_data_shows_empty_states(client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "No edition is on record yet." in html
    assert "No practice has been published yet." in html


@pytest.mark.django_db
def test_home_escapes_practice_titles(client):
    Practice.objects.create(title="<b>Bold</b> claims", summary="x", status=Practice.Status.PUBLISHED)

    html = client.get("/").content.decode()

    assert "<b>Bold</b>" not in html
    assert "&lt;b&gt;Bold&lt;/b&gt; claims" in html


@pytest.mark.django_db
def test_pages_carry_no_inline_style_or_script(client):
    # The Content-Security-Policy forbids 'unsafe-inline': inline code would be blocked.
    Edition.objects.create(ordinal=1, label="2007", chair="Belgium")
    for url in ("/", "/countries/", "/countries/?q=zz", "/editions/", "/editions/2007/"):
        html = client.get(url).content.decode()
        assert "style=" not in html, url
        assert "<style" not in html, url
        # schema.org data blocks (type application/ld+json) are never executed, so the CSP does not apply to them.
        code = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", html)
        assert "<script" not in code, url
        assert not re.search(r"\son[a-z]+\s*=", html), f"{url} has an inline event handler"


# Health check


@pytest.mark.django_db
def test_healthz_reports_ok_as_json_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_asks_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        client.get("/healthz")

    assert [query["sql"] for query in queries] == ["SELECT 1"]


@pytest.mark.django_db
def test_healthz_is_503_naming_the_error_class_when_the_database_query_fails(client):
    # A query wrapper (Django's documented hook around every query) stands in for a database that is down.
    def database_down(execute, sql, params, many, context):
        raise OperationalError("unable to open database file")

    with connection.execute_wrapper(database_down):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "OperationalError", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "unable to open" not in response.content.decode(), "the error message itself stays in the log"
