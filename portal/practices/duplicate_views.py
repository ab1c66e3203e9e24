"""The merge page: an editor folds one record of a practice into another."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.accounts.http import AuthenticatedHttpRequest
from portal.accounts.roles import is_editor

from .duplicates import SimilarPractice, similar_practices
from .merge import merge_practices
from .models import Practice

KEEP_THIS = "this"
KEEP_OTHER = "other"


class MergeForm(forms.Form):
    """Which record to merge with (a suggested one, or any by its number), which survives, and why."""

    other = forms.IntegerField(label=_("Merge with a similar record"), required=False, widget=forms.RadioSelect)
    other_number = forms.IntegerField(
        label=_("Or the number of another record"),
        required=False,
        min_value=1,
        help_text=_("The number shown as #… on each record; it takes precedence over the choice above."),
    )
    keep = forms.ChoiceField(label=_("Which record survives"), widget=forms.RadioSelect, initial=KEEP_THIS)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded on both records' moderation history."),
    )

    def __init__(self, *args: Any, practice: Practice, similar: list[SimilarPractice], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["other"].widget.choices = [
            (item.practice.pk, f"#{item.practice.pk} {item.practice.title} ({_similar(item.score)})")
            for item in similar
        ]
        keep = self.fields["keep"]
        assert isinstance(keep, forms.ChoiceField)  # as declared above
        keep.choices = [
            (
                KEEP_THIS,
                gettext("Keep this record (#{number}); the other one is merged into it").format(number=practice.pk),
            ),
            (KEEP_OTHER, gettext("Keep the other record; this one is merged into it")),
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data  # what Form.clean() returns
        chosen = data.get("other_number") or data.get("other")
        if chosen is None and not self.has_error("other_number") and not self.has_error("other"):
            self.add_error("other", gettext("Choose the record to merge with, or give its number."))
        data["other_pk"] = chosen
        return data


def _similar(score: int) -> str:
    return gettext("%(score)s%% similar") % {"score": score}


@login_required
def merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors merge records.")
    practice = get_object_or_404(Practice.objects.select_related("submitter", "merged_into"), pk=pk)
    similar = similar_practices(title=practice.title, summary=practice.summary, exclude_pk=practice.pk)
    form = MergeForm(request.POST or None, practice=practice, similar=similar)
    if request.method == "POST" and form.is_valid():
        other = Practice.objects.filter(pk=form.cleaned_data["other_pk"]).first()
        if other is None:
            form.add_error(
                "other_number", gettext("There is no record #{number}.").format(number=form.cleaned_data["other_pk"])
            )
        else:
            if form.cleaned_data["keep"] == KEEP_THIS:
                survivor, duplicate = practice, other
            else:
                survivor, duplicate = other, practice
            try:
                merge_practices(
                    survivor=survivor, duplicate=duplicate, editor=request.user, comment=form.cleaned_data["comment"]
                )
            except ValueError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(
                    request,
                    gettext(
                        "Record #{merged} “{title}” was merged into this one (#{survivor}); its page now leads here."
                    ).format(merged=duplicate.pk, title=duplicate.title, survivor=survivor.pk),
                )
                return redirect(survivor.get_absolute_url())
    return render(request, "practices/merge.html", {"practice": practice, "similar": similar, "form": form})
