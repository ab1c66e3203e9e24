from django.contrib import admin
from django.http import HttpRequest

from .models import Delivery, Subscription


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    can_delete = False
    fields = readonly_fields = ("sequence", "period", "state", "item_count", "attempts", "finished_at", "last_error")
    ordering = ["-sequence"]

    def has_add_permission(self, request: HttpRequest, obj: Subscription | None = None) -> bool:
        return False


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "frequency", "confirmed_at", "created_at"]
    list_filter = ["frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "user__email", "country__name", "theme__name", "gcm_objective__short_label"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """The log of digests; read-only: senders write it."""

    list_display = ["subscription", "sequence", "period", "state", "item_count", "attempts", "finished_at"]
    list_filter = ["state"]
    readonly_fields = [field.name for field in Delivery._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Delivery | None = None) -> bool:
        return False
