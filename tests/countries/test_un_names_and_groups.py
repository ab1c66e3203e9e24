"""Countries as people name them: the UN's short names, a search in three languages, the list's groups."""

import re

import pytest
from django.utils import translation

from portal.countries.models import Country
from portal.countries.names import localized_country_name


@pytest.mark.parametrize(
    ("iso3", "iso_name", "language", "expected"),
    [
        ("COD", "Congo, The Democratic Republic of the", "en", "Democratic Republic of the Congo"),
        ("BOL", "Bolivia, Plurinational State of", "en", "Bolivia (Plurinational State of)"),
        ("TUR", "Türkiye", "en", "Türkiye"),
        ("VNM", "Viet Nam", "en", "Viet Nam"),
        ("COD", "Congo, The Democratic Republic of the", "es", "República Democrática del Congo"),
        ("SYR", "Syrian Arab Republic", "fr", "République arabe syrienne"),
        ("TUR", "Türkiye", "fr", "Türkiye"),
        # pycountry's Spanish keeps "Algeria" and writes "Burquina Faso", "Bangladés", "Birmania".
        ("DZA", "Algeria", "es", "Argelia"),
        ("BFA", "Burkina Faso", "es", "Burkina Faso"),
        ("BGD", "Bangladesh", "es", "Bangladesh"),
        ("MMR", "Myanmar", "es", "Myanmar"),
        ("MMR", "Myanmar", "fr", "Myanmar"),
    ],
)
def test_countries_are_named_as_the_un_names_them(iso3, iso_name, language, expected):
    assert localized_country_name(iso3, iso_name, language) == expected


def test_an_editors_english_name_is_kept_as_written():
    assert localized_country_name("COD", "DR Congo", "en") == "DR Congo"


def test_the_profile_keeps_the_iso_formal_name(reference_data):
    bolivia = Country.objects.get(iso3="BOL")
    assert bolivia.localized_name == "Bolivia (Plurinational State of)"
    assert bolivia.official_name == "Plurinational State of Bolivia"


def shown_names(html: str, prefix: str = "") -> list[str]:
    return re.findall(rf'<a href="{prefix}/countries/[a-z]{{3}}/">([^<]+)</a>', html)


SEARCHES = [
    ("Turkey", "TUR"),
    ("Vietnam", "VNM"),
    ("Ivory Coast", "CIV"),
    ("cote divoire", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("Swaziland", "SWZ"),
    ("Burma", "MMR"),
    ("Czech Republic", "CZE"),
    ("Malí", "MLI"),
    ("Allemagne", "DEU"),
    ("Alemania", "DEU"),
    ("Turquía", "TUR"),
    ("Costa de Marfil", "CIV"),
    ("Birmanie", "MMR"),
]


@pytest.mark.parametrize("prefix", ["", "/fr", "/es"])
@pytest.mark.parametrize(("query", "iso3"), SEARCHES)
def test_the_country_search_finds_common_and_former_names_in_every_language(
    client, reference_data, prefix, query, iso3
):
    html = client.get(f"{prefix}/countries/", {"q": query}).content.decode()
    assert f'href="{prefix}/countries/{iso3.lower()}/"' in html, (prefix, query)


def test_the_country_search_ignores_case_and_accents(client, reference_data):
    html = client.get("/countries/", {"q": "TURKIYE"}).content.decode()
    assert shown_names(html) == ["Türkiye"]


def test_the_list_shows_participants_then_un_states_then_territories_folded(client, mali):
    html = client.get("/countries/").content.decode()

    participants = html.index('id="participants"')
    states = html.index('id="states"')
    territories = html.index('id="territories"')
    assert participants < html.index(">Mali</a>") < states < html.index(">Germany</a>") < territories
    assert territories < html.index(">Antarctica</a>") and territories < html.index(">Bouvet Island</a>")
    assert states < html.index(">Holy See</a>") < territories  # a UN observer state
    assert states < html.index(">State of Palestine</a>") < territories
    folded = html[html.rindex("<details", 0, territories) :]
    assert ">Antarctica</a>" in folded and "</details>" in folded


def test_a_search_unfolds_the_territories(client, reference_data):
    html = client.get("/countries/", {"q": "antarctica"}).content.decode()
    assert "country-group-more" not in html and ">Antarctica</a>" in html


def test_the_list_stays_one_query_with_its_groups(client, mali, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/countries/")
    with translation.override("fr"), django_assert_num_queries(1):
        client.get("/fr/countries/", {"q": "turquie"})
