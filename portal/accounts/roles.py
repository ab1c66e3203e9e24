"""Who may do what. Every view, form and admin action asks these functions, nothing else.

Until accounts land (sign-up, focal points), editors are staff users who may change practices.
"""

from django.contrib.auth.models import AnonymousUser

from .models import User


def is_editor(user: User | AnonymousUser) -> bool:
    return bool(
        user.is_authenticated and user.is_active and user.is_staff and user.has_perm("practices.change_practice")
    )


def can_submit_practices(user: User | AnonymousUser) -> bool:
    """Contributors submit practices; for now, staff users (the form needs no change when contributors arrive)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff)
