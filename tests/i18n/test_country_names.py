"""Country names in the visitor's language, from pycountry's ISO 3166-1 catalogues."""

import re

from django.utils import translation

from portal.countries.models import Country
from portal.countries.names import localized_country_name
from portal.lib.text import sort_key


def test_germany_is_allemagne_in_french_and_alemania_in_spanish():
    assert localized_country_name("DEU", "Germany", "fr") == "Allemagne"
    assert localized_country_name("DEU", "Germany", "es") == "Alemania"


def test_mali_stays_mali_in_french():
    assert localized_country_name("MLI", "Mali", "fr") == "Mali"


def test_english_shows_the_stored_name_even_when_an_editor_changed_it():
    assert localized_country_name("DEU", "Federal Republic of Germany", "en") == "Federal Republic of Germany"


def test_without_a_translation_the_stored_name_is_shown():
    assert localized_country_name("XKX", "Kosovo", "fr") == "Kosovo"  # not an ISO 3166-1 code
    assert localized_country_name("", "Somewhere", "es") == "Somewhere"


def test_the_country_property_follows_the_active_language(reference_data):
    germany = Country.objects.get(iso3="DEU")
    assert germany.localized_name == "Germany"
    with translation.override("fr"):
        assert germany.localized_name == "Allemagne"
    with translation.override("es"):
        assert germany.localized_name == "Alemania"


def test_french_names_sort_as_a_reader_expects_accents_aside():
    names = ["Zambie", "Égypte", "Danemark", "Fidji"]
    with translation.override("fr"):
        assert sorted(names, key=sort_key) == ["Danemark", "Égypte", "Fidji", "Zambie"]


def test_english_names_sort_accents_aside_too(reference_data):
    from portal.core.country_fields import CountriesChoiceField

    with translation.override("en"):
        names = [str(label) for _value, label in CountriesChoiceField(queryset=Country.objects.all()).choices]
    assert names.index("Afghanistan") < names.index("Åland Islands") < names.index("Albania")
    assert names.index("Côte d'Ivoire") < names.index("Croatia")
    assert names.index("Réunion") < names.index("Romania")
    assert names.index("Türkiye") < names.index("Turkmenistan")


def test_the_french_profile_is_headed_with_the_french_name(client, reference_data):
    html = client.get("/fr/countries/deu/").content.decode()
    assert "<h1>Allemagne</h1>" in html
    assert "<title>Allemagne · Portail du FMMD</title>" in html


def test_the_spanish_country_list_shows_and_sorts_spanish_names(client, reference_data):
    html = client.get("/es/countries/").content.decode()
    europe = re.search(r'<h3 id="states-region-europe">.*?</ul>', html, re.S)[0]
    names = re.findall(r'<a href="/es/countries/[a-z]{3}/">([^<]+)</a>', europe)
    assert "Alemania" in names and "Germany" not in names
    with translation.override("es"):
        assert names == sorted(names, key=sort_key)


def test_the_country_search_finds_a_country_by_its_french_name(client, reference_data):
    html = client.get("/fr/countries/?q=allemagne").content.decode()
    assert 'href="/fr/countries/deu/">Allemagne</a>' in html


def test_the_map_names_countries_in_the_page_language(client, reference_data):
    html = client.get("/es/map/").content.decode()
    assert 'aria-label="Alemania: ' in html
