from collections.abc import Sequence

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from portal.core.concurrency import ConcurrentEditAdminMixin

from .models import Country, ExternalResource


@admin.register(Country)
class CountryAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = ("name", "iso2", "iso3", "region", "subregion", "gfmd_status")
    list_filter = ("region", "gfmd_status", "subregion")
    search_fields = ("name", "official_name", "iso2", "iso3")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("name", "official_name", "gfmd_status")}),
        ("ISO 3166 codes", {"fields": ("iso2", "iso3", "numeric")}),
        ("UN M49 region", {"fields": ("region", "subregion", "intermediate_region")}),
        ("Location", {"fields": ("latitude", "longitude")}),
        (None, {"fields": ("background", "source_notes", "updated_at")}),
        ("Translations", {"fields": ("background_fr", "background_es")}),
    )

    def get_deleted_objects(
        self, objs: Sequence[Country] | QuerySet[Country], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        """Practices that name a country hold on to it (Country.delete refuses): listed as protected, so
        that the admin deletes nothing and says why, for one country or a selection."""
        to_delete, counts, permissions, protected = super().get_deleted_objects(objs, request)
        for country in objs:
            protected += [f"Practice: {practice} (names {country})" for practice in country.practices.all()]
        return to_delete, counts, permissions, protected


@admin.register(ExternalResource)
class ExternalResourceAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "publisher", "url", "updated_at")
    list_filter = ("publisher",)
    search_fields = ("title", "text", "publisher", "url", "countries__name")
    autocomplete_fields = ("countries",)
    readonly_fields = ("created_at", "updated_at")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a bare 'example.org' becomes https://
