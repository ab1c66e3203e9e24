"""Each public page describes itself: a description in its language, a canonical address, and its
alternates in the three languages (absolute, with x-default); only filtered searches are noindex."""

import pytest

from portal.forum.models import Edition
from portal.practices.models import Practice, Theme

from .conftest import LANGUAGES, head_of

SERVER = "http://testserver"


def public_pages(practice: Practice) -> list[str]:
    edition = Edition.objects.order_by("ordinal").last()
    return [
        "/",
        "/countries/",
        "/countries/mli/",
        "/editions/",
        edition.get_absolute_url(),
        "/practices/",
        f"/practices/{practice.pk}/",
        "/map/",
        "/participation/",
        "/themes/",
        f"/themes/{Theme.objects.order_by('pk').first().slug}/",
        "/gcm-objectives/",
        "/gcm-objectives/19/",
        "/data/",
    ]


@pytest.mark.parametrize(("language", "prefix"), LANGUAGES)
def test_every_public_page_has_a_description_a_canonical_address_and_absolute_alternates(
    client, practice, language, prefix
):
    for path in public_pages(practice):
        with_prefix = prefix + path
        head = head_of(client.get(with_prefix))
        assert len(head.one("description")) > 40, with_prefix
        assert head.link("canonical") == [SERVER + with_prefix]
        assert head.link("alternate", "en") == [SERVER + path]
        assert head.link("alternate", "fr") == [SERVER + "/fr" + path]
        assert head.link("alternate", "es") == [SERVER + "/es" + path]
        assert head.link("alternate", "x-default") == [SERVER + path]
        assert "robots" not in head.meta, with_prefix


def test_a_country_profile_is_described_by_its_record_in_the_page_language(client, practice):
    english = head_of(client.get("/countries/mli/")).one("description")
    french = head_of(client.get("/fr/countries/mli/")).one("description")
    spanish = head_of(client.get("/es/countries/mli/")).one("description")
    assert english.startswith("Mali took part in ")
    assert "GFMD editions and has" in english
    assert french.startswith("Mali a participé à ")
    assert spanish.startswith("Malí participó en ")


def test_a_practice_is_described_by_its_summary_in_the_page_language(client, practice):
    assert head_of(client.get(f"/practices/{practice.pk}/")).one("description") == practice.summary
    assert head_of(client.get(f"/fr/practices/{practice.pk}/")).one("description") == practice.summary_fr


def test_a_long_summary_is_cut_short_in_the_description(client, practice):
    practice.summary = "word " * 200
    practice.save()
    description = head_of(client.get(f"/practices/{practice.pk}/")).one("description")
    assert description.endswith("…")
    assert len(description.split()) <= 41


def test_a_search_is_described_by_its_query_and_count(client, practice):
    head = head_of(client.get("/practices/", {"q": "diaspora bonds"}))
    assert head.one("description") == (
        "1 policy or practice matches “diaspora bonds” in the GFMD Policy and Practice Database."
    )


def test_the_page_query_string_stays_out_of_the_canonical_address_and_the_alternates(client, practice):
    head = head_of(client.get("/countries/mli/", {"page": "1", "utm_source": "x"}))
    assert head.link("canonical") == [SERVER + "/countries/mli/"]
    assert head.link("alternate", "fr") == [SERVER + "/fr/countries/mli/"]


@pytest.mark.parametrize(
    "address",
    [
        "/practices/?q=diaspora",
        "/practices/?region=Africa",
        "/practices/?sort=date",
        "/fr/practices/?theme=x&page=2",
        "/countries/?q=mal",
    ],
)
def test_searches_with_a_query_or_facets_are_noindex_follow(client, practice, address):
    assert head_of(client.get(address)).meta["robots"] == ["noindex, follow"]


@pytest.mark.parametrize("address", ["/practices/", "/practices/?page=1", "/countries/", "/es/practices/"])
def test_the_unfiltered_lists_and_their_pages_may_be_indexed(client, practice, address):
    assert "robots" not in head_of(client.get(address)).meta


def test_a_practice_its_submitter_sees_before_publication_is_noindex(client, practice, django_user_model):
    owner = django_user_model.objects.create_user("owner", "owner@example.org", "pw")
    practice.status = Practice.Status.SUBMITTED
    practice.submitter = owner
    practice.save()
    client.force_login(owner)
    head = head_of(client.get(f"/practices/{practice.pk}/"))
    assert head.meta["robots"] == ["noindex"]
    assert head.json_ld == []  # not described as published work


def test_the_page_links_its_favicon(client, practice):
    head = head_of(client.get("/"))
    assert [href for href in head.link("icon") if href.endswith(".svg")]
    assert [href for href in head.link("icon") if href.endswith(".ico")]


def test_favicon_ico_answers_with_the_static_icon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("img/favicon.ico")


def test_a_hostile_query_stays_text_in_the_description(client, practice):
    response = client.get("/practices/", {"q": '"><script>alert(1)</script>'})
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert head_of(response).one("description").startswith('0 policies and practices match “"><script>')
