"""The DCAT catalogue of the exports, the open-data page and the licence in every export."""

import json
from urllib.parse import urlsplit

from portal.practices.models import Practice

from .conftest import head_of

LICENCE = "https://creativecommons.org/licenses/by/4.0/"


def catalogue(client) -> dict:
    response = client.get("/exports/catalog.jsonld")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    return json.loads(response.content)


def test_the_catalogue_is_a_dcat_catalog_of_the_three_datasets(client, practice):
    data = catalogue(client)
    assert data["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert data["@type"] == "dcat:Catalog"
    assert data["@id"] == "http://testserver/exports/catalog.jsonld"
    assert data["dct:license"] == {"@id": LICENCE}
    assert [dataset["dct:identifier"] for dataset in data["dcat:dataset"]] == [
        "gfmd-portal-practices",
        "gfmd-portal-participation",
        "gfmd-portal-countries",
    ]


def test_every_distribution_has_its_format_licence_and_a_download_address_that_answers(client, practice):
    distributions = [d for dataset in catalogue(client)["dcat:dataset"] for d in dataset["dcat:distribution"]]
    assert len(distributions) == 4
    for distribution in distributions:
        assert distribution["@type"] == "dcat:Distribution"
        assert distribution["dct:license"] == {"@id": LICENCE}
        assert distribution["dcat:mediaType"]["@id"].startswith("https://www.iana.org/assignments/media-types/")
        assert distribution["dct:format"]["@id"].startswith("http://publications.europa.eu/resource/authority/")
        address = distribution["dcat:downloadURL"]["@id"]
        assert address.startswith("http://testserver/exports/")
        response = client.get(urlsplit(address).path)
        assert response.status_code == 200
        b"".join(response.streaming_content)


def test_a_dataset_was_last_changed_when_its_newest_published_record_was(client, practice):
    draft = Practice.objects.create(title="Later draft", summary="s")  # changed later, but not public
    assert draft.updated_at > practice.updated_at
    [practices] = [d for d in catalogue(client)["dcat:dataset"] if d["dct:identifier"] == "gfmd-portal-practices"]
    assert practices["dct:modified"]["@value"] == practice.updated_at.isoformat()
    assert practices["dcat:distribution"][0]["dct:modified"] == practices["dct:modified"]


def test_the_catalogue_is_in_english_whatever_the_reader_prefers(client, practice):
    data = json.loads(client.get("/exports/catalog.jsonld", HTTP_ACCEPT_LANGUAGE="fr").content)
    assert data["dcat:dataset"][0]["dct:title"] == "Policies and practices"


def test_the_licence_setting_names_the_licence_everywhere(client, practice, settings):
    settings.DATA_LICENSE_URL = "https://example.org/licence"
    settings.DATA_LICENSE_NAME = "Example licence"
    assert catalogue(client)["dct:license"] == {"@id": "https://example.org/licence"}
    html = client.get("/data/").content.decode()
    assert '<a href="https://example.org/licence" rel="license">Example licence</a>' in html
    assert '<link rel="license"' not in html  # stated in the page, not hidden in the head
    assert client.get("/exports/practices.csv")["Link"].startswith('<https://example.org/licence>; rel="license"')


def test_every_export_names_its_licence_and_its_catalogue_in_a_link_header(client, practice):
    for address in [
        "/exports/practices.csv?country=MLI",
        "/exports/practices.json",
        "/exports/participation.csv",
        "/exports/countries.geojson",
    ]:
        link = client.get(address)["Link"]
        assert f'<{LICENCE}>; rel="license"' in link
        assert '</exports/catalog.jsonld>; rel="describedby"' in link


def test_the_footer_of_every_page_states_the_licence_and_links_the_open_data_page(client, practice):
    html = client.get("/fr/countries/mli/").content.decode()
    footer = html.split('<footer class="site-footer">', 1)[1]
    assert 'href="/fr/data/"' in footer
    assert f'<a href="{LICENCE}" rel="license">CC BY 4.0</a>' in footer


def test_the_open_data_page_links_the_catalogue_the_api_docs_and_each_download(client, practice):
    response = client.get("/es/data/")
    html = response.content.decode()
    for address in (
        "/exports/catalog.jsonld",
        "/api/v1/docs/",
        "/exports/practices.csv",
        "/exports/practices.json",
        "/exports/participation.csv",
        "/exports/countries.geojson",
    ):
        assert f'href="{address}"' in html
    [datasets] = head_of(response).json_ld
    assert [dataset["@type"] for dataset in datasets] == ["Dataset"] * 3
    assert datasets[0]["distribution"][0]["contentUrl"] == "http://testserver/exports/practices.csv"
    assert datasets[0]["license"] == LICENCE


def test_the_api_docs_link_the_catalogue(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/exports/catalog.jsonld" in schema
