from django.contrib import admin

from .models import GCMObjective, Practice, SDGTarget, Theme


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "parent", "slug")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "parent__name")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


@admin.register(GCMObjective)
class GCMObjectiveAdmin(admin.ModelAdmin):
    list_display = ("number", "short_label", "title")
    list_display_links = ("number", "short_label")
    search_fields = ("short_label", "title", "=number")


@admin.register(SDGTarget)
class SDGTargetAdmin(admin.ModelAdmin):
    list_display = ("code", "title")
    search_fields = ("code", "title")


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "date_shared", "is_global", "submitter", "updated_at")
    list_filter = ("status", "is_global", "themes", "gcm_objectives")
    list_select_related = ("submitter",)
    search_fields = ("title", "summary")
    filter_horizontal = ("countries", "themes", "gcm_objectives", "sdg_targets")
    autocomplete_fields = ("submitter",)
    date_hierarchy = "date_shared"
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("title", "summary", "body", "status")}),
        ("Where", {"fields": ("is_global", "countries")}),
        ("Classification", {"fields": ("themes", "gcm_objectives", "sdg_targets")}),
        ("Provenance", {"fields": ("submitter", "date_shared", "source", "created_at", "updated_at")}),
    )
