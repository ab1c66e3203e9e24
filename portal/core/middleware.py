import ipaddress
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost, SuspiciousOperation
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.defaults import bad_request

from portal.lib.urls import request_root, using_root

from .api_errors import api_error

logger = logging.getLogger(__name__)

# Features the portal never uses, switched off for every page (and for anything a page might embed).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "interest-cohort",
    )
)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself: Permissions-Policy and a cross-origin opener policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class CurrentSiteRootMiddleware:
    """Links made while a request is answered (e-mails above all) start with its own scheme and host.

    A Host outside ALLOWED_HOSTS is left to the view to refuse (400); links then fall back to SITE_URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            root = request_root(request)
        except DisallowedHost:
            root = ""
        with using_root(root):
            return self.get_response(request)


def declared_length(request: HttpRequest) -> int | None:
    """The body size the client announced (Content-Length), or None when it announced none we can read.

    Django reads a missing or malformed Content-Length as an empty body (WSGIRequest gives the view
    at most that many bytes), so such a request cannot bring in a large upload either."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def page_language(request: HttpRequest) -> str:
    """The language of the page a request is for, for answers given before the locale middleware runs:
    it comes from the address, as it will for the page."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def too_large(request: HttpRequest, length: int, limit: int) -> HttpResponse:
    """The 413 answer, in the language of the page that sent the request (in the API's format under /api/)."""
    megabytes = 1024 * 1024
    if request.path_info.startswith("/api/"):
        size, most = f"{length / megabytes:.1f}", f"{limit / megabytes:.1f}"
        return api_error(413, "too_large", f"This request is too large: {size} MB; the API accepts at most {most} MB.")
    with translation.override(page_language(request)):
        message = gettext(
            "This request is too large: {size} MB, and the portal accepts at most {limit} MB. Please send a "
            "smaller file."
        ).format(size=f"{length / megabytes:.1f}", limit=f"{limit / megabytes:.1f}")
    return HttpResponse(message + "\n", status=413, content_type="text/plain; charset=utf-8")


class RequestSizeLimitMiddleware:
    """413 for a request whose Content-Length is over MAX_REQUEST_BYTES, answered before any of the
    body is read: without it, an upload is only judged once all of it has been written to disk."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request)
        if length is not None and length > settings.MAX_REQUEST_BYTES:
            return too_large(request, length, settings.MAX_REQUEST_BYTES)
        return self.get_response(request)


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def holds_nul(request: HttpRequest) -> bool:
    """Whether the path, a query parameter or a form field (name or value) holds a NUL character."""
    if "\x00" in request.path_info:
        return True
    fields = [request.GET]
    # The API takes JSON only (a form body gets its 415); its serializers refuse NUL in body text.
    if request.method == "POST" and request.content_type in FORM_TYPES and not request.path_info.startswith("/api/"):
        fields.append(request.POST)
    return any(
        "\x00" in name or any("\x00" in value for value in values) for data in fields for name, values in data.lists()
    )


class RejectNulMiddleware:
    """400 for a NUL character (``%00``) anywhere in the address or in a form field, before any view
    sees it. No page, feed or API parameter has a use for one, and PostgreSQL cannot hold one: a
    lookup with it would fail there (500) where SQLite simply finds nothing. Under /api/ the answer
    is in the API's error format."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        api = request.path_info.startswith("/api/")
        try:
            nul = holds_nul(request)
        except SuspiciousOperation as exc:  # too many parameters: Django's 400 page, or the API's own 400
            if not api:
                raise
            return api_error(400, "invalid", str(exc))
        if not nul:
            return self.get_response(request)
        if api:
            return api_error(
                400, "invalid", "The address or a parameter holds a NUL character (%00), which is not allowed."
            )
        with translation.override(page_language(request)):
            message = gettext("The address or the form holds a NUL character (%00), which the portal does not accept.")
        return HttpResponse(message + "\n", status=400, content_type="text/plain; charset=utf-8")


def client_address(request: HttpRequest) -> str | None:
    """The address of the person making the request (AXES_CLIENT_IP_CALLABLE).

    Directly exposed, it is REMOTE_ADDR. Behind our proxy (BEHIND_PROXY), REMOTE_ADDR is the proxy's
    own, and the client is the entry the proxy appended last to X-Forwarded-For: anything to its left
    was written by the client and proves nothing. This is the entry the API's rate limit counts
    (REST_FRAMEWORK's NUM_PROXIES=1). A last entry that is not an address, or no header at all (a
    request that did not come through the proxy), falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    last = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
    return last if is_ip_address(last) else remote


def is_ip_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


class AdminBadLookupMiddleware:
    """400, not 500, when the admin hands the database a value from the address it cannot take.

    Django's admin passes a list's filters (``?id__in=1,99999999999999999999``,
    ``?date_shared__year=…``) and an action's chosen ids (``_selected_action=abc``) to the database
    as they come: a number beyond its range or a word where an id belongs fails there, while the
    page is drawn. On the admin's lists only, those errors answer the portal's 400 page (and are logged)."""

    ERRORS = (OverflowError, ValueError, DataError)

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        match = getattr(request, "resolver_match", None)
        # Lists only (their filters and actions): an error anywhere else in the admin is a bug, a 500.
        on_a_list = match is not None and match.app_name == "admin" and (match.url_name or "").endswith("_changelist")
        if not on_a_list or not isinstance(exception, self.ERRORS):
            return None
        logger.warning("Admin: %s refused with 400", request.get_full_path(), exc_info=exception)
        return bad_request(request, exception)
