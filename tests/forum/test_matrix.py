"""/participation/: countries × editions, filtered by region, each cell in words."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.matrix_views import cell_for
from portal.forum.models import Edition, Participation
from tests.countries.test_map import Node, parse_html


def matrix(client, query: str = "") -> tuple[Node, list[str], dict[str, list[str]]]:
    response = client.get("/participation/" + query)
    assert response.status_code == 200
    page = parse_html(response.content.decode())
    table = next((table for table in page.iter("table") if table.has_class("matrix")), None)
    if table is None:
        return page, [], {}
    headings = [cell.text for cell in table.find("thead").iter("th")]
    rows = {}
    for row in table.find("tbody").iter("tr"):
        cells = [cell.text for cell in row.children if cell.tag in {"th", "td"}]
        rows[cells[0]] = cells[1:]
    return page, headings, rows


def test_rows_are_the_countries_with_a_record_and_cells_say_what_it_holds(client, mali):
    page, headings, rows = matrix(client)
    labels = list(Edition.objects.order_by("ordinal").values_list("label", flat=True))
    assert headings == ["Country", *labels, "Editions attended"]
    assert list(rows) == ["Mali"]
    by_edition = dict(zip(labels, rows["Mali"], strict=False))
    assert by_edition["2007"] == "Meeting"
    assert by_edition["2009"] == "Summit"
    assert by_edition["2018"] == "Prep + summit"
    assert [by_edition[label] for label in ["2020", "2022-2023", "2024-2025"]] == ["No record"] * 3
    assert rows["Mali"][-1] == "12"
    link = next(link for link in page.iter("a") if link.text == "Mali")
    assert link.attrs["href"] == "/countries/mli/"


def test_every_cell_is_words_never_colour_alone(client, mali):
    Participation.objects.create(country=Country.objects.get(iso3="SEN"), edition=Edition.objects.get(label="2010"))
    _, _, rows = matrix(client)
    allowed = {"Prep + summit", "Summit", "Prep", "Meeting", "Record only", "No record"}
    for cells in rows.values():
        assert set(cells[:-1]) <= allowed
    assert (
        dict(zip(Edition.objects.order_by("ordinal").values_list("label", flat=True), rows["Senegal"], strict=False))[
            "2010"
        ]
        == "Record only"
    )


def test_cell_for_names_each_combination():
    assert cell_for(False, True, True).text == "Prep + summit"
    assert cell_for(False, False, True).text == "Summit"
    assert cell_for(False, True, False).text == "Prep"
    assert cell_for(True, False, False).text == "Meeting"
    assert cell_for(True, False, True).text == "Meeting + summit"
    assert cell_for(False, False, False).text == "Record only"


def test_region_filter_keeps_that_regions_countries_and_the_export_link_follows(client, mali):
    Participation.objects.create(
        country=Country.objects.get(iso3="FRA"), edition=Edition.objects.get(label="2012"), attended_summit=True
    )
    page, _, rows = matrix(client, "?region=Africa")
    assert list(rows) == ["Mali"]
    download = next(link for link in page.iter("a") if link.text == "Download these results")
    assert download.attrs["href"] == "/exports/participation.csv?region=Africa"
    assert page.find("option", value="Africa", selected="") is not None

    _, _, rows = matrix(client, "?region=Europe")
    assert list(rows) == ["France"]

    page, _, rows = matrix(client)
    assert list(rows) == ["France", "Mali"]
    download = next(link for link in page.iter("a") if link.text == "Download these results")
    assert download.attrs["href"] == "/exports/participation.csv"


def test_a_region_in_any_case_is_the_region_and_the_export_link_names_it_as_stored(client, mali):
    page, _, rows = matrix(client, "?region=aFRICA")
    assert list(rows) == ["Mali"]
    assert "There is no region by that name" not in page.text
    download = next(link for link in page.iter("a") if link.text == "Download these results")
    assert download.attrs["href"] == "/exports/participation.csv?region=Africa"
    assert page.find("option", value="Africa", selected="") is not None


def test_unknown_region_shows_every_region_and_says_so(client, mali):
    page, _, rows = matrix(client, "?region=Atlantis")
    assert list(rows) == ["Mali"]
    assert "There is no region by that name" in page.text


def test_empty_region_says_so(client, mali):
    page, _, rows = matrix(client, "?region=Oceania")
    assert rows == {}
    assert "No country in Oceania has a participation record yet." in page.text


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/participation/?region=Africa").status_code == 200
    return len(queries)


def test_matrix_needs_the_same_few_queries_however_many_records(client, mali):
    before = _queries(client)
    editions = list(Edition.objects.all())
    for country in Country.objects.filter(region="Africa").exclude(iso3="MLI")[:30]:
        for edition in editions[:6]:
            Participation.objects.create(country=country, edition=edition, attended_summit=True)
    after = _queries(client)
    assert after == before <= 3
