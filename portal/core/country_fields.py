"""Choosing countries in a form: each named in the reader's language (a country's ``localized_name``),
in the order of those names. Here rather than in ``countries``, which the accounts app cannot import
without a cycle (countries → api → accounts).

In French and Spanish the stored English names sort differently (American Samoa, "Samoa
Estadounidense", would come right after Algeria), and read as English in a translated form."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from portal.lib.text import sort_key


class ByShownName(ModelChoiceIterator):
    """The choices sorted by the names the reader sees."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for country in sorted(self.queryset, key=lambda country: sort_key(country.localized_name)):
            yield self.choice(country)


class ShownNames:
    """Countries labelled and ordered by the names the reader sees (for a model choice field)."""

    iterator: type[ModelChoiceIterator] = ByShownName

    def label_from_instance(self, obj: Any) -> str:
        name: str = obj.localized_name  # a Country
        return name


class CountryChoiceField(ShownNames, forms.ModelChoiceField):
    """One country (a profile's, a sign-up's); its empty choice says what to do, not "---------"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("Choose a country"))
        super().__init__(*args, **kwargs)


class CountriesChoiceField(ShownNames, forms.ModelMultipleChoiceField):
    """Several countries (where a practice is implemented)."""
