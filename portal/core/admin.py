"""The audit log: every change made through the admin, by whom and when, on one page.

Django writes a log entry for each addition, change and deletion made in the admin (with the names
of the fields changed); the records' own history (django-simple-history) keeps the values before and
after. This page lists the entries of every record together, newest first, to be searched and
filtered. Entries can be read, never added, edited or deleted: a log that its readers could
change would prove nothing.
"""

from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# The admin's own name for itself, in the reader's language, instead of "Django administration".
admin.site.site_header = _("GFMD Portal administration")
admin.site.site_title = _("GFMD Portal administration")
admin.site.index_title = _("Records, reference data and users")


@admin.register(LogEntry)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ("action_time", "user", "action", "record", "content_type", "what_changed")
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "change_message", "user__username", "user__email")
    date_hierarchy = "action_time"
    list_select_related = ("user", "content_type")
    ordering = ("-action_time",)

    @admin.display(description=_("Action"), ordering="action_flag")
    def action(self, entry: LogEntry) -> str:
        return entry.get_action_flag_display()

    @admin.display(description=_("Record"), ordering="object_repr")
    def record(self, entry: LogEntry) -> str:
        address = entry.get_admin_url() if not entry.is_deletion() else ""
        return format_html('<a href="{}">{}</a>', address, entry.object_repr) if address else entry.object_repr

    @admin.display(description=_("What changed"))
    def what_changed(self, entry: LogEntry) -> str:
        return entry.get_change_message()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: LogEntry | None = None) -> bool:
        return False
