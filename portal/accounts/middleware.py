from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from .roles import needs_second_factor

# Pages a staff member without a second factor may still open: account pages (to set it up), static files.
# The API applies the same rule itself and answers in its own format (portal.api.permissions).
OPEN_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/")


def without_language(path: str) -> str:
    """The path without its language prefix: /fr/accounts/… is an account page as /accounts/… is."""
    language = translation.get_language_from_path(path)
    return path[len(language) + 1 :] if language and path.startswith(f"/{language}/") else path


class RequireMFAForStaffMiddleware:
    """Editors and admins (staff) must turn on an authenticator app before they can do anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not without_language(request.path_info).startswith(OPEN_PREFIXES) and needs_second_factor(request.user):
            messages.warning(
                request, gettext("Editors and administrators must turn on two-factor authentication before going on.")
            )
            return redirect(reverse("mfa_activate_totp") + f"?next={request.get_full_path()}")
        return self.get_response(request)
