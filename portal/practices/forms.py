from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from portal.core.concurrency import ConcurrentEditForm
from portal.core.country_fields import CountriesChoiceField
from portal.core.reference_names import objective_name, sdg_target_name, theme_path
from portal.countries.models import Country
from portal.lib.text import validate_clean_text

from .images import clean_image as checked_image
from .models import GCMObjective, Practice, SDGTarget, Theme
from .services import check_place, source_lines


class PracticeImageField(forms.FileField):
    """A practice image, judged and re-encoded by images.clean_image: the contribution form and the admin."""

    # The stubs' Any: a checked new upload, the stored file, False (cleared) or None.
    def clean(self, data: Any, initial: Any | None = None) -> Any:
        image = super().clean(data, initial)
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            return checked_image(image)
        return image


class NamedChoicesField(forms.ModelMultipleChoiceField):
    """A choice of several rows, each labelled by ``name_of(row)`` (e.g. in the reader's language)."""

    def __init__(self, *args: Any, name_of: Callable[[Any], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.name_of = name_of

    def label_from_instance(self, obj: Any) -> str:
        return self.name_of(obj)

    def clean(self, value: Any) -> Any:
        # An id beyond the database's whole numbers is no row: refused as an unknown choice, where
        # Django would send the list to the database and fail there (it checks the range of one id only).
        if isinstance(value, list | tuple) and self.queryset is not None:
            low, high = connection.ops.integer_field_range(self.queryset.model._meta.pk.get_internal_type())
            for text in map(str, value):
                try:
                    number = int(text)  # as the database lookup would read it: "+5", " 5", "5_0" too
                except ValueError:
                    continue  # not a number: Django refuses it itself
                if not low <= number <= high:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text}
                    )
        return super().clean(value)


class PracticeForm(ConcurrentEditForm):
    """The contribution form: every field of the old portal's form, plus the body and sources."""

    countries = CountriesChoiceField(
        queryset=Country.objects.all(),
        to_field_name="iso3",
        required=False,
        label=_("Implementing countries"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick every country where it is implemented, or “Global” below for a practice implemented worldwide."
        ),
        error_messages={"invalid_choice": _("“%(value)s” is not a country we know: please choose from the list.")},
    )
    # Themes, objectives and targets are listed in the reader's language (their stored names are English).
    themes = NamedChoicesField(
        queryset=Theme.objects.select_related("parent"),
        name_of=theme_path,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Themes"),
        help_text=_("Highly recommended: themes make the practice easier to find."),
    )
    gcm_objectives = NamedChoicesField(
        queryset=GCMObjective.objects.all(),
        name_of=objective_name,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("GCM objectives"),
        help_text=_("The objectives of the Global Compact for Migration that it serves."),
    )
    sdg_targets = NamedChoicesField(
        queryset=SDGTarget.objects.all(),
        name_of=sdg_target_name,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("SDG targets"),
        help_text=_("The targets of the Sustainable Development Goals that it serves."),
    )
    image = PracticeImageField(
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/gif,image/jpeg,image/png"}),
        label=_("Image"),
        help_text=_("One GIF, JPEG or PNG file of at most 2 MB: a logo, flag or illustration."),
    )
    sources_text = forms.CharField(
        label=_("Source in the GFMD context"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line, e.g. “GFMD 2021-2022 – Mayors Mechanism's Call to Local Action”."),
        validators=[validate_clean_text],
    )

    FREE_TEXT = ("title", "summary", "body", "partners", "sources_text", "contact_name", "contact_organisation")

    # The form's parts, in order: a heading, a sentence under it, the fields (rendered by practice_form.html).
    SECTIONS = [
        (
            _("What"),
            _("The practice in a few words, as readers will first see it."),
            [
                "title",
                "summary",
                "language",
                "body",
                "image",
                "themes",
                "gcm_objectives",
                "sdg_targets",
            ],
        ),
        (_("Where"), _("The countries where it is implemented."), ["countries", "is_global"]),
        (_("Who"), _("Who carries it out, and with whom."), ["submitter_kind", "partners"]),
        (_("Sources"), _("Where it was presented in the GFMD, if it was."), ["sources_text"]),
        (
            _("Contact"),
            _("Someone the GFMD Support Unit may ask about it. Never shown in public."),
            ["contact_name", "contact_organisation", "contact_email", "contact_phone"],
        ),
    ]

    class Meta:
        model = Practice
        fields = [
            "title",
            "image",
            "summary",
            "language",
            "body",
            "countries",
            "is_global",
            "partners",
            "themes",
            "gcm_objectives",
            "sdg_targets",
            "submitter_kind",
            "contact_name",
            "contact_organisation",
            "contact_email",
            "contact_phone",
        ]
        labels = {
            "title": _("Title"),
            "summary": _("Summary"),
            "language": _("Language of the title and summary"),
            "body": _("Description"),
            "is_global": _("Global (implemented worldwide)"),
            "partners": _("Partners"),
            "submitter_kind": _("Your organisation is"),
            "contact_name": _("Contact name"),
            "contact_organisation": _("Contact organisation"),
            "contact_email": _("Contact e-mail"),
            "contact_phone": _("Contact phone"),
        }
        help_texts = {
            "summary": _("Who promotes it, what it is, where it is implemented."),
            "language": _("Editors add translations into the portal's other languages."),
            "partners": _("UN bodies, civil society, private sector, … one per line."),
            "contact_email": _("Never shown in public: the Support Unit may use it to ask about the practice."),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "body": forms.Textarea(attrs={"rows": 10}),
            "partners": forms.Textarea(attrs={"rows": 3}),
            "submitter_kind": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": _("Please give the practice a title.")},
            "summary": {"required": _("Please write a summary: who promotes it, what it is, where it is implemented.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")  # labels stand above their fields: no colon
        super().__init__(*args, **kwargs)
        submitter_kind, language_field = self.fields["submitter_kind"], self.fields["language"]
        assert isinstance(submitter_kind, forms.ChoiceField) and isinstance(language_field, forms.ChoiceField)
        submitter_kind.choices = Practice.SubmitterKind.choices  # without the model form's blank choice
        submitter_kind.required = False
        # The language defaults to the page's (or the record's own); a form sent without it keeps that.
        language_field.required = False
        if not self.instance.pk and "language" not in self.initial:
            language = (translation.get_language() or "en").split("-")[0]
            self.initial["language"] = language if language_field.valid_value(language) else "en"
        # What the contributor writes may run right to left (Arabic, Persian…): the box follows the text.
        for name in self.FREE_TEXT:
            self.fields[name].widget.attrs["dir"] = "auto"
        if self.instance.pk:
            self.fields["sources_text"].initial = "\n".join(source.text for source in self.instance.sources.all())

    def sections(self) -> list[tuple[StrOrPromise, StrOrPromise, list]]:
        """The bound fields grouped as SECTIONS says (every visible field is in one)."""
        return [(title, help_text, [self[name] for name in names]) for title, help_text, names in self.SECTIONS]

    def clean_language(self) -> str:
        return self.cleaned_data.get("language") or self.instance.language or self.initial.get("language") or "en"

    def clean_sources_text(self) -> list[str]:
        return source_lines(self.cleaned_data.get("sources_text", "").splitlines())

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if not self.has_error("countries"):
            try:
                check_place(cleaned.get("countries") or [], is_global=bool(cleaned.get("is_global")))
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ModerationForm(forms.Form):
    action = forms.ChoiceField(choices=[])
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Comment"),
        help_text=_("Required when you request changes or reject: the submitter reads it."),
        validators=[validate_clean_text],
    )

    def __init__(self, *args: Any, moves: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels: dict[str, StrOrPromise] = {
            Practice.Status.PUBLISHED: _("Approve and publish"),
            Practice.Status.CHANGES_REQUESTED: _("Request changes"),
            Practice.Status.REJECTED: _("Reject"),
            Practice.Status.WITHDRAWN: _("Withdraw from publication"),
        }
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)  # as declared above
        action.choices = [(move, labels.get(move, move)) for move in moves]
        action.widget = forms.RadioSelect(choices=action.choices)
