"""The open-data files: valid, filtered like the lists, public data only, streamed."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.exports import exports
from portal.forum.models import Participation
from portal.practices.models import Practice
from tests import factories
from tests.api.bulk import make_participation, make_practices


def content(response) -> str:
    assert response.status_code == 200, response.content
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(response) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(content(response), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


@pytest.fixture
def hidden(mali):
    """A draft with a contact, a published practice with one, a formula-like title, delegates' names."""
    Practice.objects.create(title="Unpublished draft", summary="Draft.", contact_email="draft@example.org")
    formula = Practice.objects.create(
        title='=HYPERLINK("http://evil.example","Click")',
        summary="+1 for this",
        status=Practice.Status.PUBLISHED,
        contact_email="secret@example.org",
        contact_phone="+223 555 0000",
    )
    formula.countries.add(mali)
    mali.participations.filter(edition__label="2007").update(delegates="H.E. Secret DELEGATE")
    return formula


# --- practices ----------------------------------------------------------------------------------


def test_practices_csv_has_a_header_and_the_published_practices_only(client, hidden):
    response = client.get("/exports/practices.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="gfmd-practices.csv"'
    header, rows = csv_rows(response)
    assert header == exports.PRACTICE_COLUMNS
    assert len(rows) == Practice.objects.published().count() == 9
    text = content(client.get("/exports/practices.csv"))
    for secret in ("Unpublished draft", "draft@example.org", "secret@example.org", "+223 555 0000", "contact"):
        assert secret not in text
    mali_row = next(row for row in rows if row["submitter"] == "Ms. Laurence BRON")
    assert mali_row["countries"] == "MLI"
    assert mali_row["url"].startswith("http://testserver/practices/")


def test_a_formula_cell_comes_out_neutralised(client, hidden):
    _, rows = csv_rows(client.get("/exports/practices.csv"))
    row = next(row for row in rows if "HYPERLINK" in row["title"])
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["summary"] == "'+1 for this"
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tpadded", "'\tpadded"),
        ("\rcr", "'\rcr"),
        ("'=already", "''=already"),
        ("'plain", "'plain"),
        ("plain = fine", "plain = fine"),
        ("", ""),
    ],
)
def test_neutralise_and_restore_are_exact_inverses(text, written):
    assert exports.neutralise(text) == written
    assert exports.restore(written) == text


def test_practices_json_is_one_valid_array(client, hidden):
    response = client.get("/exports/practices.json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(content(response))
    assert isinstance(data, list) and len(data) == 9
    assert set(data[0]) == set(exports.PRACTICE_COLUMNS)
    assert all(isinstance(item["countries"], list) for item in data)
    assert "secret@example.org" not in json.dumps(data)


def test_an_empty_list_is_still_valid(client, reference_data):
    assert json.loads(content(client.get("/exports/practices.json"))) == []
    header, rows = csv_rows(client.get("/exports/practices.csv"))
    assert header == exports.PRACTICE_COLUMNS and rows == []


# --- participation ------------------------------------------------------------------------------


def test_participation_csv_never_holds_delegates(client, hidden):
    header, rows = csv_rows(client.get("/exports/participation.csv"))
    assert header == exports.PARTICIPATION_COLUMNS
    assert "delegates" not in header
    assert len(rows) == 12
    assert "Secret DELEGATE" not in content(client.get("/exports/participation.csv"))
    first = rows[0]
    assert (first["country"], first["edition"], first["attended_meeting"]) == ("MLI", "2007", "true")
    assert json.loads(first["roundtable_roles"])[0]["roundtable"] == "RT 2.4"


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("", 12),
        ("?country=mli", 12),
        ("?country=SEN", 0),
        ("?region=Africa", 12),
        ("?region=europe", 0),
        ("?edition=2007", 1),
        ("?edition=2007,2008&country=MLI", 2),
        ("?edition=1999", 0),
    ],
)
def test_participation_csv_takes_the_lists_filters(client, mali, query, count):
    _, rows = csv_rows(client.get("/exports/participation.csv" + query))
    assert len(rows) == count


def test_an_invalid_filter_value_is_refused_in_words(client, mali):
    response = client.get("/exports/countries.geojson?gfmd_status=emperor")
    assert response.status_code == 400
    assert "gfmd_status: Select a valid choice." in response.content.decode()
    response = client.get("/exports/participation.csv?attended_summit=perhaps")
    assert response.status_code == 400
    assert "attended_summit: Enter true or false." in response.content.decode()


# --- countries as GeoJSON -----------------------------------------------------------------------


def test_countries_geojson_is_a_feature_collection_with_mali_at_its_profiles_point(client, mali):
    response = client.get("/exports/countries.geojson")
    assert response["Content-Type"] == "application/geo+json; charset=utf-8"
    data = json.loads(content(response))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == Country.objects.count()
    feature = next(f for f in data["features"] if f["properties"]["iso3"] == "MLI")
    assert feature["type"] == "Feature"
    assert feature["geometry"]["type"] == "Point"
    assert mali.wkt == "POINT (-4 17)"
    lon, lat = feature["geometry"]["coordinates"]
    assert f"POINT ({lon:g} {lat:g})" == mali.wkt
    properties = feature["properties"]
    assert properties["iso2"] == "ML" and properties["name"] == "Mali"
    assert properties["official_name"] == "Republic of Mali" and properties["region"] == "Africa"
    assert properties["editions_on_record"] == 12
    assert (
        properties["editions_attended"]
        == mali.participations.exclude(
            attended_meeting=False, attended_prep_meetings=False, attended_summit=False
        ).count()
    )
    assert properties["practices"] == 8
    for feature in data["features"]:
        if feature["geometry"] is not None:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_countries_geojson_takes_the_country_lists_filters_and_can_draw_outlines(client, mali):
    data = json.loads(content(client.get("/exports/countries.geojson?q=mal")))
    assert {f["properties"]["iso3"] for f in data["features"]} >= {"MLI", "MLT"}
    assert "SEN" not in {f["properties"]["iso3"] for f in data["features"]}
    data = json.loads(content(client.get("/exports/countries.geojson?iso3=mli&geometry=outline")))
    (feature,) = data["features"]
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/exports/countries.geojson?geometry=hexagon").status_code == 400


# --- streaming and queries ----------------------------------------------------------------------


def count_queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        content(client.get(path))
    return len(queries)


@pytest.mark.parametrize("path", ["/exports/practices.csv", "/exports/practices.json"])
def test_practice_exports_issue_as_many_queries_for_1000_rows_as_for_10(client, reference_data, path):
    make_practices(10)
    few = count_queries(client, path)
    make_practices(990)
    assert Practice.objects.published().count() == 1000
    assert count_queries(client, path) == few


def test_participation_export_issues_as_many_queries_for_1000_rows_as_for_10(client, reference_data):
    make_participation(10)
    few = count_queries(client, "/exports/participation.csv")
    Participation.objects.all().delete()
    make_participation(1000)
    assert count_queries(client, "/exports/participation.csv") == few


def test_geojson_export_issues_a_fixed_number_of_queries(client, mali):
    assert count_queries(client, "/exports/countries.geojson") <= 5


def test_only_get_and_head(client, mali):
    assert client.head("/exports/practices.csv").status_code == 200
    assert client.post("/exports/practices.csv").status_code == 405


# --- the command --------------------------------------------------------------------------------


def test_export_command_writes_every_file(mali, tmp_path):
    out = io.StringIO()
    call_command("export", "--out", str(tmp_path / "open-data"), stdout=out)
    names = sorted(path.name for path in (tmp_path / "open-data").iterdir())
    assert names == ["countries.geojson", "participation.csv", "practices.csv", "practices.json"]
    assert "Wrote" in out.getvalue()
    assert json.loads((tmp_path / "open-data" / "countries.geojson").read_text())["type"] == "FeatureCollection"
    with (tmp_path / "open-data" / "practices.csv").open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 8


def test_practice_exports_take_the_search_pages_filters(client, hidden, mali):
    _, rows = csv_rows(client.get("/exports/practices.csv?q=hyperlink"))
    assert [row["title"] for row in rows] == ['\'=HYPERLINK("http://evil.example","Click")']
    _, rows = csv_rows(client.get("/exports/practices.csv?country=sen"))
    assert rows == []
    data = json.loads(content(client.get("/exports/practices.json?country=MLI&region=Africa")))
    assert len(data) == 9
    response = client.get("/exports/practices.csv?country=XYZ")
    assert response.status_code == 400
    assert "country" in response.content.decode()


def test_the_country_list_links_to_its_results_as_a_file(client, reference_data):
    page = client.get("/countries/?q=mal").content.decode()
    assert '<a href="/exports/countries.geojson?q=mal">Download these results</a>' in page
    assert (
        '<a href="/exports/countries.geojson">Download these results</a>' in client.get("/countries/").content.decode()
    )


def test_a_practice_record_reads_its_own_codes_when_none_were_attached(reference_data):
    practice = factories.practice("Alone", countries=["SEN", "DNK", "DEU"])
    record = exports.practice_record(Practice.objects.get(pk=practice.pk), site_url="https://example.org")
    assert record["countries"] == ["DEU", "DNK", "SEN"]
    assert record["themes"] == record["gcm_objectives"] == record["sdg_targets"] == []
