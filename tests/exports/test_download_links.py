"""Every list page offers its results for download, with the same filters."""

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
