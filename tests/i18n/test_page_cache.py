"""The anonymous page cache keeps each language's page apart."""

import pytest


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_french_and_spanish_pages_are_cached_too(client, mali, page_cache, django_assert_num_queries):
    first = client.get("/fr/countries/mli/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get("/fr/countries/mli/")
    assert second["X-Page-Cache"] == "hit"
    assert client.get("/es/").status_code == 200
    assert client.get("/es/")["X-Page-Cache"] == "hit"


def test_a_french_page_is_never_served_for_the_english_address(client, mali, page_cache):
    french = client.get("/fr/countries/mli/").content.decode()
    english = client.get("/countries/mli/")
    assert "X-Page-Cache" not in english  # a page of its own, not the French one
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="fr">' in french
    again = client.get("/countries/mli/")
    assert again["X-Page-Cache"] == "hit"
    assert '<html lang="en">' in again.content.decode()


def test_the_browser_language_does_not_change_what_an_english_address_serves(client, mali, page_cache):
    client.get("/countries/", HTTP_ACCEPT_LANGUAGE="fr")
    html = client.get("/countries/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Countries</h1>" in html
