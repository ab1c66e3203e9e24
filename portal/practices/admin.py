from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from portal.core.concurrency import ConcurrentEditAdminMixin

from .forms import PracticeImageField
from .models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme, Transition


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


class PracticeSourceInline(admin.TabularInline):
    model = PracticeSource
    extra = 0
    autocomplete_fields = ("edition",)
    raw_id_fields = ("meeting",)


class TransitionInline(admin.TabularInline):
    """The moderation log, read only: states change through the moderation page, which e-mails the submitter."""

    model = Transition
    extra = 0
    can_delete = False
    fields = ("created_at", "from_status", "to_status", "actor", "comment")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Practice | None = None) -> bool:
        return False


@admin.register(Practice)
class PracticeAdmin(ConcurrentEditAdminMixin, SimpleHistoryAdmin):
    list_display = ("title", "status", "date_shared", "is_global", "submitter", "updated_at")
    list_filter = ("status", "is_global", "submitter_kind", "themes", "gcm_objectives")
    list_select_related = ("submitter",)
    search_fields = ("title", "summary", "partners")
    filter_horizontal = ("countries", "themes", "gcm_objectives", "sdg_targets")
    autocomplete_fields = ("submitter",)
    raw_id_fields = ("merged_into",)
    date_hierarchy = "date_shared"
    readonly_fields = ("status", "moderation_link", "created_at", "updated_at")
    inlines = (PracticeSourceInline, TransitionInline)
    # The image is judged as on the contribution form (images.clean_image): formats, size, pixels.
    formfield_overrides = {models.ImageField: {"form_class": PracticeImageField}}
    fieldsets = (
        (None, {"fields": ("title", "image", "summary", "body", "language", ("status", "moderation_link"))}),
        (
            "Translations",
            {
                "fields": ("title_en", "summary_en", "title_fr", "summary_fr", "title_es", "summary_es"),
                "description": "Leave the language of the text itself empty; readers of another language "
                "see the original, marked as not translated, until its translation is here.",
            },
        ),
        ("Where and with whom", {"fields": ("is_global", "countries", "partners")}),
        ("Classification", {"fields": ("themes", "gcm_objectives", "sdg_targets", "submitter_kind")}),
        (
            "Contact (never public)",
            {"fields": ("contact_name", "contact_organisation", "contact_email", "contact_phone")},
        ),
        ("Provenance", {"fields": ("submitter", "date_shared", "source", "merged_into", "created_at", "updated_at")}),
    )

    @admin.display(description="Moderation")
    def moderation_link(self, practice: Practice) -> str:
        if not practice.pk:
            return "—"
        return format_html(
            '<a href="{}">Review and change the state</a>', reverse("practices:moderate", args=[practice.pk])
        )
