"""Every list endpoint issues the same number of queries for 10 rows as for 1,000: no query per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country, ExternalResource
from portal.forum.models import Edition, Meeting, Participation, Roundtable
from portal.practices import facets
from portal.practices.models import GCMObjective, SDGTarget, Theme
from tests.api.bulk import make_participation, make_practices


def make_meetings(n, start):
    edition = Edition.objects.order_by("pk").first()
    country = Country.objects.order_by("pk").first()
    Meeting.objects.bulk_create(
        Meeting(edition=edition, kind=Meeting.Kind.THEMATIC_MEETING, title=f"Meeting {i}", country=country)
        for i in range(start, start + n)
    )


def make_roundtables(n, start):
    edition = Edition.objects.order_by("pk").first()
    Roundtable.objects.bulk_create(
        Roundtable(edition=edition, code=f"X {i}", title=f"Roundtable {i}") for i in range(start, start + n)
    )


def make_resources(n, start):
    resources = ExternalResource.objects.bulk_create(
        ExternalResource(title=f"Resource {i}") for i in range(start, start + n)
    )
    countries = list(Country.objects.order_by("pk")[:2])
    ExternalResource.countries.through.objects.bulk_create(
        ExternalResource.countries.through(externalresource_id=r.pk, country_id=c.pk)
        for r in resources
        for c in countries
    )


def make_themes(n, start):
    parent = Theme.objects.order_by("pk").first()
    Theme.objects.bulk_create(
        Theme(name=f"Theme {i}", slug=f"bulk-theme-{i}", parent=parent) for i in range(start, start + n)
    )


def make_targets(n, start):
    SDGTarget.objects.bulk_create(SDGTarget(code=f"99.{i}", title="Bulk") for i in range(start, start + n))


def make_objectives(n, start):
    GCMObjective.objects.bulk_create(GCMObjective(number=100 + i, short_label="Bulk") for i in range(start, start + n))


def make_editions(n, start):
    country = Country.objects.order_by("pk").first()
    Edition.objects.bulk_create(
        Edition(ordinal=1000 + i, label=f"{3000 + i}", summit_country=country) for i in range(start, start + n)
    )


def make_countries(n):
    """Countries with codes that ISO does not use."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    taken = set(Country.objects.values_list("iso2", flat=True))
    free = [a + b for a in letters for b in letters if a + b not in taken][:n]
    Country.objects.bulk_create(Country(iso2=code, iso3=code + "0", name=f"Country {code}") for code in free)


ENDPOINTS = [
    ("/api/v1/practices/", make_practices),
    ("/api/v1/participation/", make_participation),
    ("/api/v1/meetings/", make_meetings),
    ("/api/v1/roundtables/", make_roundtables),
    ("/api/v1/external-resources/", make_resources),
    ("/api/v1/themes/", make_themes),
    ("/api/v1/sdg-targets/", make_targets),
    ("/api/v1/gcm-objectives/", make_objectives),
    ("/api/v1/editions/", make_editions),
]


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, response.content
    return len(captured)


@pytest.fixture
def empty_record(reference_data):
    """The reference data without the lists under test, so that each starts from zero rows."""
    Participation.objects.all().delete()
    ExternalResource.objects.all().delete()


@pytest.mark.parametrize("who", ["api", "editor_api"])
@pytest.mark.parametrize(("path", "make"), ENDPOINTS, ids=[path for path, _ in ENDPOINTS])
def test_same_number_of_queries_for_10_and_1000_rows(request, empty_record, who, path, make):
    client = request.getfixturevalue(who)
    make(10, 0)
    few = queries_for(client, path + "?page_size=500")
    few_default_page = queries_for(client, path)
    make(990, 10)
    assert client.get(path).json()["count"] >= 1000
    assert queries_for(client, path + "?page_size=500") == few
    assert queries_for(client, path) == few_default_page


def test_countries_too(api, reference_data):
    ten = queries_for(api, "/api/v1/countries/?iso3=" + ",".join(Country.objects.values_list("iso3", flat=True)[:10]))
    make_countries(300)
    assert Country.objects.count() > 500
    assert queries_for(api, "/api/v1/countries/?page_size=500") == ten


def test_the_numbers(api, empty_record, capsys, monkeypatch):
    """Reported for the record: queries per list page (count, page, related rows, Last-Modified).
    The practices' list is counted and paged from the facet sets, kept between changes."""
    monkeypatch.setattr(facets, "KEEP", True)
    for _path, make in ENDPOINTS:
        make(20, 0)
    api.get("/api/v1/practices/")  # builds the facet sets of this generation
    numbers = {path: queries_for(api, path) for path, _ in ENDPOINTS}
    with capsys.disabled():
        print("\nqueries per list page:", numbers)
    assert numbers["/api/v1/practices/"] <= 9
