"""Whole-page caching for anonymous visitors, invalidated by any change to the record.

Every cached page is stored under the current *generation*; any saved or deleted record of the
portal's own apps moves the generation on (after its transaction commits), so the next visitor
gets a fresh page at once. Old generations are simply never read again and expire.

Only visitors without a session cookie are served from the cache, and a page that set a cookie
or rendered a CSRF token is never stored, so nothing personal is ever served to someone else.
"""

import hashlib
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language_from_path

GENERATION_KEY = "portal:page-generation"
CACHED_PREFIXES = (
    "/countries/",
    "/editions/",
    "/practices/",
    "/map/",
    "/participation/",
    "/themes/",
    "/gcm-objectives/",
    "/accessibility/",
)
PORTAL_APPS = ("accounts", "countries", "forum", "practices", "subscriptions")


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation() -> None:
    """Make every cached page stale. Called when any record changes; safe to call often."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, timeout=None)


def bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_generation)


def connect_invalidation() -> None:
    for app_label in PORTAL_APPS:
        for model in apps.get_app_config(app_label).get_models():
            post_save.connect(bump_after_commit, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(bump_after_commit, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
    m2m_changed.connect(bump_after_commit, dispatch_uid="page-cache-m2m")


def page_path(path: str) -> str:
    """The path without its language prefix (/fr/countries/ is cached like /countries/).

    Only the choice of what to cache ignores the prefix: the cache key holds the whole path and
    the active language, so a French page is never served for an English address."""
    language = get_language_from_path(path)
    return path[len(language) + 1 :] if language and path.startswith(f"/{language}/") else path


def _cacheable(request: HttpRequest) -> bool:
    """A GET of a public page by a visitor without a session: nobody is signed in, and no flash
    message waits. (The middleware runs before sessions are loaded, so it goes by the cookies.)"""
    path = page_path(request.path)
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and (path == "/" or path.startswith(CACHED_PREFIXES))
    )


def page_key(request: HttpRequest) -> str:
    """One key per address (scheme, host, path with its language prefix, query string).

    Nothing else can change an anonymous page: the language comes from the path (an address
    without a prefix is always English), and a visitor with a session is never served from here."""
    return "page:" + hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()


class AnonymousPageCacheMiddleware:
    """Whole pages for anonymous visitors. Placed right after WhiteNoise, so that a hit costs one
    round trip to the cache (the generation and the page, read together) and none of the
    middleware below: no session, no locale, no CSRF, no user.

    An entry is ``(generation, response)``: it is served only while the generation it was stored
    under is still the current one. The stored response carries every header that the middleware
    below added (content security policy, frame protection, Vary, Content-Language)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not _cacheable(request):
            return self.get_response(request)
        key = page_key(request)
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY)
        if current is None:
            current = generation()
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            response = entry[1]
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if (
            request.method == "GET"
            and response.status_code == 200
            and not response.streaming
            and not response.cookies  # the session, CSRF and messages middleware set theirs below this one
            # A page that holds a CSRF token is never stored: the token is this visitor's only.
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        ):
            patch_response_headers(response, 0)  # browsers revalidate; the server's copy does the work
            cache.set(key, (current, response), timeout)
        return response
