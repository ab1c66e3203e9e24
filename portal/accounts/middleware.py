from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext

# Pages a staff member without a second factor may still open: account pages (to set it up), static files.
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz")


class RequireMFAForStaffMiddleware:
    """Editors and admins (staff) must turn on an authenticator app before they can do anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_staff
            and not request.path.startswith(OPEN_PREFIXES)
            and not is_mfa_enabled(user, types=["totp"])
        ):
            messages.warning(
                request, gettext("Editors and administrators must turn on two-factor authentication before going on.")
            )
            return redirect(reverse("mfa_activate_totp") + f"?next={request.get_full_path()}")
        return self.get_response(request)
