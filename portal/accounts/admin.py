from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),  # typed optional; Django's UserAdmin sets it
        ("Public name and organisation", {"fields": ("salutation", "organisation")}),
    )
    list_display = ("username", "salutation", "first_name", "last_name", "email", "organisation", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "organisation")
