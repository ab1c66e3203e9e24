"""Lists of practice summaries read only the fields they show, without a query per practice."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portal.countries.models import Country
from portal.practices.models import Practice, Theme


def add_practices(count: int, country: Country, theme: Theme) -> None:
    for n in range(count):
        submitter = get_user_model().objects.create_user(
            f"focal{n}-{country.iso3}", salutation="Ms.", first_name="Awa", last_name=f"Traoré {n}"
        )
        practice = Practice.objects.create(
            title=f"Practice {n}",
            summary=f"What practice {n} does.",
            title_fr=f"Pratique {n}",
            title_es=f"Práctica {n}",
            summary_es=f"Lo que hace la práctica {n}.",
            status=Practice.Status.PUBLISHED,
            submitter=submitter,
        )
        practice.countries.add(country)
        practice.themes.add(theme)


def queries_for(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["profile", "theme"])
def test_summary_lists_show_names_translations_and_take_no_query_per_practice(client, page):
    one = Country.objects.create(iso2="SN", iso3="SEN", name="Senegal")
    three = Country.objects.create(iso2="ML", iso3="MLI", name="Mali")
    theme_one = Theme.objects.create(name="Diaspora", slug="diaspora")
    theme_three = Theme.objects.create(name="Remittances", slug="remittances")
    add_practices(1, one, theme_one)
    add_practices(3, three, theme_three)

    def url(country: Country, theme: Theme, language: str = "en") -> str:
        with translation.override(language):
            if page == "profile":
                return reverse("pages:country", args=[country.iso3.lower()])
            return reverse("practices:theme", args=[theme.slug])

    count_one, _ = queries_for(client, url(one, theme_one))
    count_three, html = queries_for(client, url(three, theme_three))
    assert count_three == count_one
    assert "Submitted by <bdi>Ms. Awa Traoré 2</bdi> on" in html
    # In French and Spanish the translations are read too, still without a query per practice.
    for language, title in (("fr", "Pratique 2"), ("es", "Práctica 2")):
        translated_one, _ = queries_for(client, url(one, theme_one, language))
        translated_three, html = queries_for(client, url(three, theme_three, language))
        assert translated_three == translated_one
        assert title in html
    assert "Lo que hace la práctica 2." in html
