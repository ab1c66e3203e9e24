from django import forms

from .models import User


class ProfileForm(forms.ModelForm):
    """The public name (salutation, first name, LAST NAME), organisation and country."""

    class Meta:
        model = User
        fields = ["salutation", "first_name", "last_name", "organisation", "country"]
        help_texts = {
            "last_name": "Shown in capitals, as the GFMD writes names: Ms. Laurence BRON.",
        }

    def clean_last_name(self) -> str:
        return " ".join(self.cleaned_data["last_name"].split()).upper()
