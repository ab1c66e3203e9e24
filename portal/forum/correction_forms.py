from django import forms
from django.utils.translation import gettext_lazy as _

from portal.lib.text import validate_clean_text

from .corrections import COUNTRY_FIELDS, PARTICIPATION_FIELDS
from .models import Edition


class ProposalForm(forms.Form):
    """One edition's record (or the background) with the values the focal point believes are right."""

    edition = forms.ModelChoiceField(
        queryset=Edition.objects.all(),
        required=False,
        label=_("Edition"),
        empty_label=_("The country's background (no edition)"),
        help_text=_("Choose the edition whose record you correct."),
    )
    attended_meeting = forms.BooleanField(required=False, label=PARTICIPATION_FIELDS["attended_meeting"])
    attended_prep_meetings = forms.BooleanField(required=False, label=PARTICIPATION_FIELDS["attended_prep_meetings"])
    attended_summit = forms.BooleanField(required=False, label=PARTICIPATION_FIELDS["attended_summit"])
    financial_contribution = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=PARTICIPATION_FIELDS["financial_contribution"],
        help_text=_("Leave empty for “No Financial Contribution”."),
        validators=[validate_clean_text],
    )
    background = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        label=COUNTRY_FIELDS["background"],
        validators=[validate_clean_text],
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Why"),
        help_text=_("A source or a document the editors can check."),
        error_messages={"required": _("Please tell the editors why: a source they can check.")},
        validators=[validate_clean_text],
    )

    def values(self) -> dict:
        data = self.cleaned_data
        names = COUNTRY_FIELDS if data["edition"] is None else PARTICIPATION_FIELDS
        return {name: data[name].strip() if isinstance(data[name], str) else data[name] for name in names}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept and apply")), ("decline", _("Decline"))], widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}), validators=[validate_clean_text]
    )
