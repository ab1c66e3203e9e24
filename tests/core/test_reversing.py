"""cached_reverse: remembered addresses still follow the active language."""

from django.urls import reverse
from django.utils import translation

from portal.core.reversing import cached_reverse


def test_a_remembered_address_is_the_one_of_the_active_language():
    english = cached_reverse("practices:detail", 7)
    with translation.override("fr"):
        french = cached_reverse("practices:detail", 7)
        assert french == reverse("practices:detail", args=[7])
    assert english == reverse("practices:detail", args=[7]) == "/practices/7/"
    assert french == "/fr/practices/7/"
    assert cached_reverse("practices:detail", 7) == english
