from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class ProfileForm(forms.ModelForm):
    """The public name (salutation, first name, LAST NAME), organisation and country."""

    class Meta:
        model = User
        fields = ["salutation", "first_name", "last_name", "organisation", "country", "language"]
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].required = False  # left out: the current choice stays

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language or "en"

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split()).upper()
