from typing import Any

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from portal.core.country_fields import CountryChoiceField

from .models import User


class ProfileForm(forms.ModelForm):
    """The public name (salutation, first name, LAST NAME), organisation and country."""

    class Meta:
        model = User
        fields = ["salutation", "first_name", "last_name", "organisation", "country", "language"]
        field_classes = {"country": CountryChoiceField}
        labels = {
            "salutation": _("Salutation"),
            "first_name": _("First name"),
            "last_name": _("Last name"),
            "organisation": _("Organisation"),
            "country": _("Country"),
            "language": _("Language of e-mails"),
        }
        help_texts = {
            "salutation": _("Ms., Mr., Dr., H.E., …"),
            "last_name": _("Shown in capitals, as the GFMD writes names: Ms. Laurence BRON."),
            "language": _("Notifications and digests are sent in this language."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False  # left out: the current choice stays
        # Bylines read "Ms. Laurence BRON": a first and a last name are needed.
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language or "en"

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split()).upper()


class SignupForm(forms.Form):
    """The person behind a new account (allauth adds e-mail and password): bylines need the name.

    allauth builds its sign-up form on this one (ACCOUNT_SIGNUP_FORM_CLASS) and calls ``signup``."""

    salutation = forms.CharField(
        label=_("Salutation"), max_length=20, required=False, help_text=_("Ms., Mr., Dr., H.E., …")
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        help_text=_("Shown in capitals, as the GFMD writes names: Ms. Laurence BRON."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    # The user's own country field makes the list, as in ProfileForm.
    country = User._meta.get_field("country").formfield(
        form_class=CountryChoiceField, label=_("Country"), required=False
    )

    def clean_first_name(self) -> str:
        return " ".join(self.cleaned_data["first_name"].split())

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split()).upper()

    def clean_salutation(self) -> str:
        return " ".join(self.cleaned_data["salutation"].split())

    def clean_organisation(self) -> str:
        return " ".join(self.cleaned_data["organisation"].split())

    def signup(self, request: HttpRequest, user: User) -> None:
        for name in ("salutation", "first_name", "last_name", "organisation", "country"):
            setattr(user, name, self.cleaned_data[name])
        user.save()
