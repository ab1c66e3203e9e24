"""Whole-page caching for anonymous visitors, invalidated by any change to the record.

Every cached page is stored under the current *generation*; any saved or deleted record of the
portal's own apps moves the generation on (after its transaction commits), so the next visitor
gets a fresh page at once. Old generations are simply never read again and expire.

Responses that vary by cookie (a page that used the session or a CSRF token) are keyed by that
cookie, following Django's Vary handling, so nothing personal is ever served to someone else.
"""

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_cache_key, learn_cache_key, patch_response_headers
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
    path = page_path(request.path)
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES  # a flash message waits for this visitor
        and (path == "/" or path.startswith(CACHED_PREFIXES))
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not _cacheable(request):
            return self.get_response(request)
        prefix = f"page:{generation()}"
        key = get_cache_key(request, prefix, "GET", cache=cache)
        if key is not None:
            cached = cache.get(key)
            if cached is not None:
                cached["X-Page-Cache"] = "hit"
                return cached
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            patch_response_headers(response, 0)  # browsers revalidate; the server's copy does the work
            key = learn_cache_key(request, response, timeout, prefix, cache=cache)

            def store(rendered: HttpResponse) -> None:
                # A page that holds a CSRF token is never stored: the token is this visitor's only.
                # (CsrfViewMiddleware sets its cookie after this point: response.cookies is no guide.)
                if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
                    cache.set(key, rendered, timeout)

            if hasattr(response, "render") and callable(response.render):
                response.add_post_render_callback(store)
            else:
                store(response)
        return response
