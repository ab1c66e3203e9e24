"""No lost updates: a form remembers which version of a record it was opened on.

When two people edit the same record, the second save is refused with a message saying that the
record changed meanwhile, listing each field as it is now ("theirs") and as typed ("yours"), so
nothing is overwritten silently and nothing typed is lost. The version is the record's
``updated_at`` timestamp, which every save moves on.

Comparing versions and then saving is only safe if nobody can save in between. Inside a
transaction the comparison therefore locks the record's row (SELECT ... FOR UPDATE) until the
transaction ends: a second editor's comparison waits for the first save, then sees its version
and is refused. The form compares twice: when it is validated, and again when it is saved, so that
a view which validates outside its transaction (portal/practices/submit_views.py) still compares
and saves under one lock. The Django admin validates and saves in one transaction of its own.
(SQLite has no row locks, but it lets only one transaction write at a time: a save that raced
another fails with "database is locked" rather than overwriting it.)
"""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, router, transaction
from django.http import HttpRequest
from django.utils.translation import gettext

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec  # the stubs' name for what get_fieldsets returns

VERSION_FIELD = "loaded_version"


def version_of(instance: models.Model) -> str:
    updated_at = getattr(instance, "updated_at", None)
    return updated_at.isoformat() if updated_at else ""


class ConcurrentEditForm(forms.ModelForm):
    """A ModelForm (of a model with ``updated_at``) that refuses to save over a newer version."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[VERSION_FIELD].initial = version_of(self.instance) if self.instance.pk else ""
        self.conflicts: list[tuple[str, str, str]] = []

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if self.instance.pk:
            self._refuse_a_stale_version(cleaned)
        return cleaned

    def save(self, commit: bool = True) -> Any:  # the record, of the subclass's model
        """Compare the versions once more, under the row's lock, and save.

        With ``commit=False`` the caller saves the record itself: it must do so inside its own
        transaction.atomic() block, which keeps the lock until that save is committed."""
        if not self.instance.pk:
            return super().save(commit=commit)
        with transaction.atomic(using=self._database()):
            self._refuse_a_stale_version(self.cleaned_data)
            return super().save(commit=commit)

    def _database(self) -> str:
        """Where the record is saved."""
        return router.db_for_write(type(self.instance), instance=self.instance)

    def _current_row(self) -> models.Model | None:
        """The record as stored now; inside a transaction, locked until the transaction ends."""
        using = self._database()
        return row_of(self.instance, using, lock=transaction.get_connection(using).in_atomic_block).first()

    def _refuse_a_stale_version(self, cleaned: dict) -> None:
        current = self._current_row()
        if current is None:
            deleted = gettext("This record was deleted by someone else while you were editing it.")
            raise ValidationError(deleted, code="deleted")
        if cleaned.get(VERSION_FIELD, "") != version_of(current):
            self.conflicts = self._differences(current, cleaned)
            listing = "; ".join(
                gettext("{field}: theirs “{theirs}”, yours “{yours}”").format(field=label, theirs=theirs, yours=yours)
                for label, theirs, yours in self.conflicts
            )
            parts = [gettext("Someone else saved this record after you opened it, so your changes were not saved.")]
            if listing:
                parts.append(gettext("Fields that differ: {fields}.").format(fields=listing))
            parts.append(gettext("Reload the page to see their version, then make your changes again."))
            raise ValidationError(
                " ".join(parts),
                code="stale",
            )

    def _differences(self, current: models.Model, cleaned: dict[str, Any]) -> list[tuple[str, str, str]]:
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


def row_of(instance: models.Model, using: str | None = None, *, lock: bool = True) -> models.QuerySet:
    """The record's row as stored, locked (SELECT ... FOR UPDATE) until the transaction ends unless
    ``lock`` is false; a no-op lock on SQLite, which has one writer at a time.

    Ordered by the key alone: a default ordering through a relation would join (and lock) other
    rows, and PostgreSQL refuses FOR UPDATE on the nullable side of such a join."""
    rows = type(instance)._base_manager.using(using).filter(pk=instance.pk).order_by("pk")
    return rows.select_for_update() if lock else rows


def _plain(value: Any) -> str:
    # A file (stored or just uploaded) first: it is iterable too, over its lines, which would read it
    # (or fail, for an empty image field).
    if isinstance(value, File):
        return value.name or ""
    if isinstance(value, list | tuple | set) or (hasattr(value, "__iter__") and not isinstance(value, str)):
        return ", ".join(sorted(str(item) for item in value))
    return "" if value is None else str(value)


class ConcurrentEditAdminMixin(admin.ModelAdmin):
    """Admin pages that refuse a save made on a stale version of the record."""

    form = ConcurrentEditForm

    def get_fieldsets(self, request: HttpRequest, obj: models.Model | None = None) -> "_FieldsetSpec":
        fieldsets = [(name, options.copy()) for name, options in super().get_fieldsets(request, obj)]
        present = {field for _, options in fieldsets for field in flatten(options["fields"])}
        if fieldsets and VERSION_FIELD not in present:
            first_name, first = fieldsets[0]
            first["fields"] = [*first["fields"], VERSION_FIELD]
            fieldsets[0] = (first_name, first)
        return fieldsets
