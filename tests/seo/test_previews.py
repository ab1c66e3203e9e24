"""Link previews (Open Graph, Twitter card) and schema.org data on profiles, editions and practices."""

import json

from django.core.files.uploadedfile import SimpleUploadedFile

from portal.forum.models import Edition

from .conftest import head_of


def test_a_practice_has_a_card_with_its_title_summary_and_the_default_image(client, practice):
    head = head_of(client.get(f"/fr/practices/{practice.pk}/"))
    assert head.one("og:type") == "article"
    assert head.one("og:title") == practice.title
    assert head.one("og:description") == practice.summary_fr
    assert head.one("og:url") == f"http://testserver/fr/practices/{practice.pk}/"
    assert head.one("og:locale") == "fr_FR"
    assert sorted(head.meta["og:locale:alternate"]) == ["en_GB", "es_ES"]
    assert head.one("og:image") == "http://testserver/static/img/card.png"
    assert head.one("twitter:card") == "summary_large_image"
    assert head.one("twitter:title") == practice.title


def test_a_practice_with_an_image_shows_it_in_its_card(client, practice, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    practice.image = SimpleUploadedFile("logo.png", b"not read", content_type="image/png")
    practice.save()
    image = head_of(client.get(f"/practices/{practice.pk}/")).one("og:image")
    assert image.startswith("http://testserver/media/practices/")
    assert image.endswith(".png")


def test_a_country_profile_has_a_card_and_describes_the_country(client, practice):
    head = head_of(client.get("/es/countries/mli/"))
    assert head.one("og:title") == "Malí"
    assert head.one("og:locale") == "es_ES"
    assert head.one("og:image").startswith("http://")
    [profile] = head.json_ld
    assert profile["@type"] == "ProfilePage"
    assert profile["url"] == "http://testserver/es/countries/mli/"
    assert profile["about"]["@type"] == "Country"
    assert profile["about"]["identifier"] == "MLI"
    assert profile["about"]["geo"]["latitude"] == "17.000000"


def test_an_edition_has_a_card(client, practice):
    edition = Edition.objects.order_by("ordinal").last()
    head = head_of(client.get(edition.get_absolute_url()))
    assert head.one("og:title") == f"GFMD {edition.label}"
    assert head.one("og:description").startswith(f"GFMD {edition.label}: ")


def test_a_practice_is_a_creative_work_with_its_countries_themes_and_date(client, practice):
    [work] = head_of(client.get(f"/practices/{practice.pk}/")).json_ld
    assert work["@context"] == "https://schema.org"
    assert work["@type"] == "CreativeWork"
    assert work["url"] == f"http://testserver/practices/{practice.pk}/"
    assert work["name"] == practice.title
    assert work["datePublished"] == "2019-03-04"
    assert [place["identifier"] for place in work["spatialCoverage"]] == ["MLI"]
    assert work["spatialCoverage"][0]["url"] == "http://testserver/countries/mli/"
    assert practice.themes.get().name in [topic["name"] for topic in work["about"]]
    assert work["license"] == "https://creativecommons.org/licenses/by/4.0/"


def test_structured_data_cannot_close_its_script_element(client, practice):
    practice.title = "</script><script>alert(1)</script> & more"
    practice.save()
    html = client.get(f"/practices/{practice.pk}/").content.decode()
    data = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data
    assert json.loads(data)["name"] == practice.title


def test_the_home_page_describes_the_portal_as_a_website_searchable_by_q(client, practice):
    [site] = head_of(client.get("/fr/")).json_ld
    assert site["@type"] == "WebSite"
    assert site["url"] == "http://testserver/fr/"
    action = site["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == "http://testserver/fr/practices/?q={search_term_string}"
    assert action["query-input"] == "required name=search_term_string"


def test_the_structured_data_reads_no_more_rows_for_more_countries_and_themes(
    client, practice, django_assert_max_num_queries
):
    from portal.countries.models import Country
    from portal.practices.models import Theme

    with django_assert_max_num_queries(50) as one:
        client.get(f"/practices/{practice.pk}/")
    practice.countries.add(*Country.objects.order_by("pk")[:6])
    practice.themes.add(*Theme.objects.order_by("pk")[:4])
    with django_assert_max_num_queries(50) as many:
        html = client.get(f"/practices/{practice.pk}/").content.decode()
    assert len(many) == len(one)
    assert html.count('"@type": "Country"') == practice.countries.count()
