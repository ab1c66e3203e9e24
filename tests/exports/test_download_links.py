"""Every list page offers its results for download, with the same filters."""

import csv
import io
import json
import re


def download_links(html: str) -> list[str]:
    section = re.search(r'<p class="downloads">(.*?)</p>', html, re.S)
    assert section, "the page has no download links"
    return [link.replace("&amp;", "&") for link in re.findall(r'href="([^"]+)"', section[1])]


def test_search_results_download_with_the_same_query(client, mali):
    links = download_links(client.get("/practices/?q=diaspora&country=MLI").content.decode())
    assert links == ["/exports/practices.csv?q=diaspora&country=MLI", "/exports/practices.json?q=diaspora&country=MLI"]
    response = client.get(links[0])
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")


def test_country_edition_and_map_pages_link_their_exports(client, mali):
    assert download_links(client.get("/countries/mli/").content.decode()) == [
        "/exports/practices.csv?country=MLI",
        "/exports/participation.csv?country=MLI",
    ]
    assert download_links(client.get("/editions/2018/").content.decode()) == ["/exports/participation.csv?edition=2018"]
    assert download_links(client.get("/map/?edition=2018").content.decode()) == [
        "/exports/countries.geojson",
        "/exports/participation.csv?edition=2018",
    ]
    for link in ["/exports/participation.csv?country=MLI", "/exports/participation.csv?edition=2018"]:
        assert client.get(link).status_code == 200


def test_a_filter_the_search_page_ignored_is_left_out_of_its_download_links(client, mali):
    """The page ignores an unknown region and lists every practice: its downloads give the same list."""
    html = client.get("/practices/?region=Narnia").content.decode()
    assert "Some filters were not understood and are ignored:" in html
    shown = len(re.findall(r'<article class="search-result">', html))
    assert shown == 8
    csv_link, json_link = download_links(html)
    assert csv_link == "/exports/practices.csv" and json_link == "/exports/practices.json"
    response = client.get(csv_link)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode(), newline="")))
    assert len(rows) == shown
    response = client.get(json_link)
    assert response.status_code == 200
    assert len(json.loads(b"".join(response.streaming_content))) == shown


def test_the_valid_filters_stay_in_the_download_links_and_only_the_ignored_one_goes(client, mali):
    html = client.get("/practices/?q=diaspora&region=Narnia&country=MLI&year=abc&sort=date&page=1").content.decode()
    assert download_links(html) == [
        "/exports/practices.csv?q=diaspora&country=MLI&sort=date",
        "/exports/practices.json?q=diaspora&country=MLI&sort=date",
    ]
    assert download_links(client.get("/practices/?region=africa").content.decode()) == [
        "/exports/practices.csv?region=africa",
        "/exports/practices.json?region=africa",
    ]


def test_the_export_itself_still_refuses_an_unknown_region(client, mali):
    """An export client that sends a bad filter learns it, rather than getting every practice."""
    for path in ("/exports/practices.csv?region=Narnia", "/exports/practices.json?region=Narnia"):
        response = client.get(path)
        assert response.status_code == 400
        text = response.content.decode()
        assert text.startswith("The filters are not valid; nothing was exported.")
        assert "region: Select a valid choice. Narnia is not one of the available choices." in text


def test_the_participation_and_country_exports_refuse_an_unknown_region_too(client, mali):
    for path in ("/exports/participation.csv?region=Narnia", "/exports/countries.geojson?region=Narnia"):
        response = client.get(path)
        assert response.status_code == 400, path
        text = response.content.decode()
        assert text.startswith("The filters are not valid; nothing was exported.")
        assert "region: Select a valid choice. Narnia is not one of the available choices." in text
