"""The import review: the doubts of the old portal's pages, for editors to check and settle."""

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_stubs_ext import StrOrPromise

from portal.countries.admin import CountryAdmin
from portal.countries.models import Country

from .models import ImportDoubt
from .services import SOURCE_PREFIX

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec  # the stubs' name for what get_fieldsets returns


class SettledFilter(admin.SimpleListFilter):
    title = _("settled")
    parameter_name = "settled"

    def lookups(
        self, request: HttpRequest, model_admin: "admin.ModelAdmin[ImportDoubt]"
    ) -> tuple[tuple[str, StrOrPromise], ...]:
        return (("no", _("Not settled")), ("yes", _("Settled")))

    def queryset(self, request: HttpRequest, queryset: QuerySet[ImportDoubt]) -> QuerySet[ImportDoubt]:
        if self.value() == "no":
            return queryset.filter(settled_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(settled_at__isnull=False)
        return queryset


def record_address(doubt: ImportDoubt) -> str:
    """The admin page of the record the doubt concerns: the practice, the participation, the edition (its
    roundtables and meetings), or the country."""
    for name, record_id in (
        ("practices_practice", doubt.practice_id),
        ("forum_participation", doubt.participation_id),
        ("forum_edition", doubt.edition_id),
        ("countries_country", doubt.country_id),
    ):
        if record_id:
            return reverse(f"admin:{name}_change", args=[record_id])
    return ""


@admin.register(ImportDoubt)
class ImportDoubtAdmin(admin.ModelAdmin):
    list_display = ("page", "line", "country", "kind", "text", "reason", "record", "settled_label")
    list_display_links = ("page",)
    list_filter = (("country", admin.RelatedOnlyFieldListFilter), "kind", SettledFilter)
    list_select_related = ("country", "edition", "settled_by")
    search_fields = ("text", "reason", "source", "country__name", "country__iso3")
    actions = ("mark_settled",)
    readonly_fields = (
        "country",
        "edition",
        "participation",
        "practice",
        "source",
        "line",
        "text",
        "kind",
        "reason",
        "action",
        "record",
        "settled_by",
        "settled_at",
        "created_at",
    )
    fields = readonly_fields

    @admin.display(description=_("page"), ordering="source")
    def page(self, doubt: ImportDoubt) -> str:
        return doubt.source.removeprefix(SOURCE_PREFIX)

    @admin.display(description=_("record to correct"))
    def record(self, doubt: ImportDoubt) -> str:
        from django.template.loader import render_to_string

        return render_to_string("admin/legacy/record_link.html", {"address": record_address(doubt), "doubt": doubt})

    @admin.display(description=_("settled"), boolean=True, ordering="settled_at")
    def settled_label(self, doubt: ImportDoubt) -> bool:
        return doubt.is_settled

    @admin.action(description=_("Mark settled"), permissions=["change"])
    def mark_settled(self, request: HttpRequest, queryset: QuerySet[ImportDoubt]) -> None:
        count = queryset.filter(settled_at__isnull=True).update(settled_by=request.user, settled_at=timezone.now())
        self.message_user(
            request,
            ngettext("%(count)d doubt marked settled.", "%(count)d doubts marked settled.", count) % {"count": count},
            messages.SUCCESS,
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


# The country's page lists its doubts: the legacy app extends the countries app's admin (the countries
# app knows nothing of the importer). A read-only field rather than an inline, so that the country's
# form posts exactly what it did before.
admin.site.unregister(Country)


@admin.register(Country)
class CountryWithDoubtsAdmin(CountryAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Country | None = None) -> tuple[str, ...]:
        return (*super().get_readonly_fields(request, obj), "import_doubts")

    # Any record, as ConcurrentEditAdminMixin's get_fieldsets takes (a Country here).
    def get_fieldsets(self, request: HttpRequest, obj: Model | None = None) -> "_FieldsetSpec":
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not request.user.has_perm("legacy.view_importdoubt"):
            return fieldsets
        return (*fieldsets, (_("Import review"), {"fields": ("import_doubts",)}))

    @admin.display(description=_("import doubts"))
    def import_doubts(self, country: Country) -> str:
        from django.template.loader import render_to_string

        doubts = ImportDoubt.objects.filter(country=country).select_related("settled_by").order_by("source", "line")
        review = reverse("admin:legacy_importdoubt_changelist") + f"?country__id__exact={country.pk}"
        return render_to_string("admin/legacy/country_doubts.html", {"doubts": doubts, "review": review})
