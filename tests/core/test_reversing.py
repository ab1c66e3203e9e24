"""cached_reverse: remembered addresses still follow the active language."""

from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from portal.core.reversing import cached_reverse, reverser


def test_a_remembered_address_is_the_one_of_the_active_language():
    english = cached_reverse("practices:detail", 7)
    with translation.override("fr"):
        french = cached_reverse("practices:detail", 7)
        assert french == reverse("practices:detail", args=[7])
    assert english == reverse("practices:detail", args=[7]) == "/practices/7/"
    assert french == "/fr/practices/7/"
    assert cached_reverse("practices:detail", 7) == english


def test_the_cached_url_tag_writes_the_address_of_the_page_language():
    template = Template("{% load links %}{% cached_url 'countries:list' %} {% cached_url 'countries:detail' 'mli' %}")
    assert template.render(Context()) == "/countries/ /countries/mli/"
    with translation.override("fr"):
        assert template.render(Context()) == "/fr/countries/ /fr/countries/mli/"


def test_a_reverser_writes_the_addresses_of_the_language_active_when_it_was_made():
    english = reverser()
    with translation.override("fr"):
        french = reverser()
    assert english("practices:detail", 7) == "/practices/7/"
    assert french("practices:detail", 7) == "/fr/practices/7/"
    with translation.override("es"):
        # Made before: it keeps its language, as the list it was made for does.
        assert english("forum:edition", "2018") == "/editions/2018/"
        assert reverser()("forum:edition", "2018") == "/es/editions/2018/"
