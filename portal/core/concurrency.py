"""No lost updates: a form remembers which version of a record it was opened on.

When two people edit the same record, the second save is refused with a message saying that the
record changed meanwhile, listing each field as it is now ("theirs") and as typed ("yours"), so
nothing is overwritten silently and nothing typed is lost. The version is the record's
``updated_at`` timestamp, which every save moves on.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile

VERSION_FIELD = "loaded_version"


def version_of(instance) -> str:
    return instance.updated_at.isoformat() if getattr(instance, "updated_at", None) else ""


class ConcurrentEditForm(forms.ModelForm):
    """A ModelForm (of a model with ``updated_at``) that refuses to save over a newer version."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = version_of(self.instance) if self.instance.pk else ""
        self.conflicts: list[tuple[str, str, str]] = []

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError("This record was deleted by someone else while you were editing it.")
        if cleaned.get(VERSION_FIELD, "") != version_of(current):
            self.conflicts = self._differences(current, cleaned)
            listing = "; ".join(
                f"{label}: theirs “{theirs}”, yours “{yours}”" for label, theirs, yours in self.conflicts
            )
            raise ValidationError(
                "Someone else saved this record after you opened it, so your changes were not saved. "
                + (f"Fields that differ: {listing}. " if listing else "")
                + "Reload the page to see their version, then make your changes again.",
                code="stale",
            )
        return cleaned

    def _differences(self, current, cleaned) -> list[tuple[str, str, str]]:
        differences = []
        for name, field in self.fields.items():
            if name == VERSION_FIELD or name not in cleaned or not hasattr(current, name):
                continue
            theirs = getattr(current, name)
            if hasattr(theirs, "all"):  # a many-to-many manager
                theirs = list(theirs.all())
            yours = cleaned[name]
            if _plain(theirs) != _plain(yours):
                differences.append((str(field.label or name), _plain(theirs), _plain(yours)))
        return differences


def _plain(value) -> str:
    if isinstance(value, list | tuple | set) or (hasattr(value, "__iter__") and not isinstance(value, str)):
        return ", ".join(sorted(str(item) for item in value))
    if isinstance(value, FieldFile):
        return value.name or ""
    return "" if value is None else str(value)


class ConcurrentEditAdminMixin(admin.ModelAdmin):
    """Admin pages that refuse a save made on a stale version of the record."""

    form = ConcurrentEditForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = [(name, dict(options)) for name, options in super().get_fieldsets(request, obj)]
        present = {field for _, options in fieldsets for field in admin.utils.flatten(options["fields"])}
        if fieldsets and VERSION_FIELD not in present:
            first_name, first = fieldsets[0]
            first["fields"] = [*first["fields"], VERSION_FIELD]
            fieldsets[0] = (first_name, first)
        return fieldsets
