"""A practice page: a breadcrumb, the way back to the search, and a history that does not date imports."""

import re
from urllib.parse import quote

import pytest

from portal.practices.models import Practice


@pytest.fixture
def practice(mali):
    return Practice.objects.published().exclude(source="").first()


def test_search_results_link_to_practices_with_the_search_to_go_back_to(client, practice):
    html = client.get("/practices/", {"q": "diaspora"}).content.decode()

    assert f'href="/practices/{practice.pk}/?from=' in html or "?from=%2Fpractices%2F%3Fq%3Ddiaspora" in html
    assert "?from=%2Fpractices%2F%3Fq%3Ddiaspora" in html


def test_a_practice_opened_from_the_search_links_back_to_the_same_results(client, practice):
    search = "/practices/?q=diaspora&page=1"
    response = client.get(f"/practices/{practice.pk}/?from={quote(search, safe='')}")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<nav class="breadcrumbs"' in html
    assert '<a href="/practices/?q=diaspora&amp;page=1">← Back to results</a>' in html


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/practices/",
        "//evil.example/practices/",
        "/\\evil.example/practices/",
        "/countries/",
        "javascript:alert(1)",
        "/practices/1/",
        "/practices/?q=" + "x" * 3000,
    ],
)
def test_a_from_that_is_not_the_practice_search_gives_no_back_link(client, practice, hostile):
    response = client.get(f"/practices/{practice.pk}/", {"from": hostile})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Back to results" not in html
    assert 'href="https://evil' not in html and 'href="//evil' not in html
    assert '<li><a href="/practices/">Practices</a></li>' in html  # the breadcrumb leads to the plain search


def test_the_french_back_link_accepts_only_the_french_search(client, practice):
    html = client.get(f"/fr/practices/{practice.pk}/", {"from": "/fr/practices/?q=diaspora"}).content.decode()
    assert 'href="/fr/practices/?q=diaspora"' in html
    html = client.get(f"/fr/practices/{practice.pk}/", {"from": "/practices/?q=diaspora"}).content.decode()
    assert 'href="/practices/?q=diaspora"' not in html


def test_the_history_of_an_imported_practice_is_not_dated_by_the_import(client, practice):
    html = client.get(f"/practices/{practice.pk}/").content.decode()

    history = re.search(r'<ol class="history">(.*?)</ol>', html, re.S)[1]
    assert "Imported from the old portal" in history
    assert "Created" not in history and "Changed" not in history
    assert "<time" not in history  # nothing the import did is dated by the import


def test_a_change_by_a_person_after_the_import_is_dated(client, practice, django_user_model):
    editor = django_user_model.objects.create_user(username="ed", email="ed@example.org", password="x")
    practice._history_user = editor
    practice.partners = "IOM"
    practice.save()

    html = client.get(f"/practices/{practice.pk}/").content.decode()

    history = re.search(r'<ol class="history">(.*?)</ol>', html, re.S)[1]
    assert history.index("<time") < history.index("Imported from the old portal")
    assert history.count("<li>") == 2
