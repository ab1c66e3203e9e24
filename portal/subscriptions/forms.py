from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lib.text import validate_clean_text

from .models import Frequency


class FrequencyField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("How often"))
        kwargs.setdefault("initial", Frequency.WEEKLY)
        super().__init__(choices=Frequency.choices, **kwargs)


class SubscribeForm(forms.Form):
    """The form beside every subject; ``email`` is asked only of people who are not signed in."""

    target = forms.CharField(widget=forms.HiddenInput)
    frequency = FrequencyField()
    email = forms.EmailField(label=_("Your e-mail address"), required=False, validators=[validate_clean_text])

    def __init__(self, *args: Any, needs_email: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if needs_email:
            self.fields["email"].required = True
        else:
            del self.fields["email"]


class ChangeForm(forms.Form):
    """One subscription on a manage page: a new frequency, or the end of it."""

    action = forms.ChoiceField(choices=[("frequency", _("Save")), ("unsubscribe", _("Unsubscribe"))])
    frequency = FrequencyField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("action") == "frequency" and not data.get("frequency"):
            self.add_error("frequency", _("Choose how often."))
        return data


class LinkRequestForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"))
