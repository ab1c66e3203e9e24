"""What editors still have to translate: ``/translations/`` (editors only).

A table of every translatable field with, per language, how many rows lack a translation; each
count links to the list of those rows, with a link to each row's page in the admin.
"""

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Field
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from portal.core import translations

from .roles import is_editor

PAGE_SIZE = 50


@dataclass(frozen=True)
class Gap:
    label: str  # e.g. "practices.Practice"
    model_name: str  # human, e.g. "practice"
    field: str
    field_name: str  # human, e.g. "title"
    language: str
    count: int

    @property
    def query(self) -> str:
        return f"?model={self.label}&field={self.field}&language={self.language}"


def _require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied("Only editors look after translations.")


def gaps() -> list[Gap]:
    """Every (model, field, language) with the number of rows still untranslated (one count query each)."""
    found = []
    for model, fields in translations.translated_models():
        rows = translations.reviewable(model)
        for field in fields:
            # A translated field is a text column, never a relation: it has a verbose name.
            model_field = model._meta.get_field(field)
            assert isinstance(model_field, Field)
            for language in translations.translation_languages(model):
                count = translations.missing(rows, field, language).count()
                found.append(
                    Gap(
                        label=model._meta.label,
                        model_name=str(model._meta.verbose_name),
                        field=field,
                        field_name=str(model_field.verbose_name),
                        language=language,
                        count=count,
                    )
                )
    return found


@login_required
def missing_translations(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    context: dict = {"gaps": gaps(), "languages": translations.languages()}
    label, field, language = (request.GET.get(name, "") for name in ("model", "field", "language"))
    if label or field or language:
        chosen = next(
            (gap for gap in context["gaps"] if (gap.label, gap.field, gap.language) == (label, field, language)), None
        )
        if chosen is None:
            raise Http404("No such translatable field.")
        model = next(model for model, _ in translations.translated_models() if model._meta.label == label)
        rows = translations.missing(translations.reviewable(model), field, language).order_by("pk")
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        admin_name = f"admin:{model._meta.app_label}_{model._meta.model_name}_change"
        context.update(
            chosen=chosen,
            page=page,
            entries=[(row, reverse(admin_name, args=[row.pk])) for row in page],
        )
    return render(request, "core/missing_translations.html", context)
