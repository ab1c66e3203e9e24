from django.contrib import admin

from portal.core.concurrency import ConcurrentEditAdminMixin

from .models import CorrectionProposal, Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole


class MeetingInline(admin.TabularInline):
    model = Meeting
    fields = (
        "kind",
        "title",
        "title_fr",
        "title_es",
        "start_date",
        "end_date",
        "city",
        "city_fr",
        "city_es",
        "country",
    )
    autocomplete_fields = ("country",)
    extra = 0
    show_change_link = True


class RoundtableInline(admin.TabularInline):
    model = Roundtable
    fields = ("code", "title", "title_fr", "title_es", "session_title", "session_title_fr", "session_title_es")
    extra = 0
    show_change_link = True


@admin.register(Edition)
class EditionAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = ("label", "ordinal", "chair", "summit_city", "summit_country", "summit_start", "summit_end")
    list_select_related = ("summit_country",)
    search_fields = ("label", "chair", "theme", "summit_city", "summit_note")
    autocomplete_fields = ("summit_country",)
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("ordinal", "label", "theme")}),
        (
            "Translations",
            {
                "fields": (
                    "theme_fr",
                    "theme_es",
                    "chair_fr",
                    "chair_es",
                    "summit_city_fr",
                    "summit_city_es",
                    "summit_note_fr",
                    "summit_note_es",
                )
            },
        ),
        ("Chairmanship", {"fields": ("chair", "chair_start", "chair_end")}),
        ("Summit", {"fields": ("summit_city", "summit_country", "summit_start", "summit_end", "summit_note")}),
        (None, {"fields": ("source_url", "updated_at")}),
    )
    inlines = (MeetingInline, RoundtableInline)


@admin.register(Meeting)
class MeetingAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "edition", "start_date", "end_date", "city", "country")
    list_filter = ("edition", "kind")
    list_select_related = ("edition", "country")
    search_fields = ("title", "city", "country__name", "edition__label")
    autocomplete_fields = ("edition", "country")
    date_hierarchy = "start_date"
    readonly_fields = ("updated_at",)


@admin.register(Roundtable)
class RoundtableAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = ("code", "title", "session_title", "edition")
    list_filter = ("edition",)
    list_select_related = ("edition",)
    search_fields = ("code", "title", "session_title", "edition__label")
    autocomplete_fields = ("edition",)
    readonly_fields = ("updated_at",)


class RoundtableRoleInline(admin.TabularInline):
    """Roles in roundtables; the pop-up picker lets the editor filter roundtables by edition."""

    model = RoundtableRole
    fields = ("roundtable", "role", "source_text")
    raw_id_fields = ("roundtable",)
    extra = 0


class MeetingRoleInline(admin.TabularInline):
    model = MeetingRole
    fields = ("meeting", "role", "source_text", "source_block")
    raw_id_fields = ("meeting",)
    extra = 0


@admin.register(Participation)
class ParticipationAdmin(ConcurrentEditAdminMixin, admin.ModelAdmin):
    list_display = (
        "country",
        "edition",
        "attended_meeting",
        "attended_prep_meetings",
        "attended_summit",
        "financial_recorded",
        "roundtables_recorded",
    )
    list_filter = (
        "edition",
        "attended_meeting",
        "attended_prep_meetings",
        "attended_summit",
        "financial_recorded",
        "roundtables_recorded",
    )
    list_select_related = ("country", "edition")
    search_fields = ("country__name", "country__official_name", "country__iso3")
    autocomplete_fields = ("country", "edition")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("country", "edition")}),
        ("Attendance", {"fields": ("attended_meeting", "attended_prep_meetings", "attended_summit")}),
        (
            "Financial contribution",
            {
                "fields": (
                    "financial_recorded",
                    "financial_contribution",
                    "contribution_amount",
                    "contribution_currency",
                )
            },
        ),
        ("Roundtables", {"fields": ("roundtables_recorded",)}),
        ("Delegates (not public)", {"fields": ("delegates",)}),
        ("Provenance", {"fields": ("source_notes", "source", "imported_at", "updated_at")}),
    )
    inlines = (RoundtableRoleInline, MeetingRoleInline)


@admin.register(RoundtableRole)
class RoundtableRoleAdmin(admin.ModelAdmin):
    list_display = ("participation", "role", "roundtable")
    list_filter = ("roundtable__edition", "role")
    list_select_related = ("participation__country", "participation__edition", "roundtable")
    search_fields = ("participation__country__name", "roundtable__code", "roundtable__title", "role")
    raw_id_fields = ("participation", "roundtable")


@admin.register(MeetingRole)
class MeetingRoleAdmin(admin.ModelAdmin):
    list_display = ("participation", "role", "meeting")
    list_filter = ("meeting__edition", "meeting__kind", "role")
    list_select_related = ("participation__country", "participation__edition", "meeting")
    search_fields = ("participation__country__name", "meeting__title", "role")
    raw_id_fields = ("participation", "meeting")


@admin.register(CorrectionProposal)
class CorrectionProposalAdmin(admin.ModelAdmin):
    list_display = ("country", "edition", "state", "proposer", "created_at", "reviewer")
    list_filter = ("state", "edition")
    search_fields = ("country__name", "note", "proposer__last_name")
    list_select_related = ("country", "edition", "proposer", "reviewer")
    raw_id_fields = ("proposer", "reviewer")
    autocomplete_fields = ("country",)
