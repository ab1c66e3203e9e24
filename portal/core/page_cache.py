"""Whole-page caching for anonymous visitors, invalidated by any change to the record.

Every cached page is stored under the current *generation*; any saved or deleted record that a
public page shows moves the generation on (after its transaction commits), so the next visitor
gets a fresh page at once. Old generations are simply never read again and expire. Those records
are the ones of the content apps (countries, forum, practices) and, of a user, only the name that
practice bylines show: a sign-in (``last_login``), a new password, a subscription or a digest
delivery changes no public page and keeps the cached ones.

When the cache does not answer (Redis down), pages are served uncached instead of failing.

Only visitors without a session cookie are served from the cache, and a page that set a cookie
or rendered a CSRF token is never stored, so nothing personal is ever served to someone else.

A page is cached once per set of the query parameters it reads, as its view declares them
(``page_params``). Any other parameter (``utm_source``, a random one) would only make copies of the
same page, so such an address is redirected to the clean one, which is cached once: a flood of
random parameters adds no entries. (A redirect rather than a key that ignores them: the pages copy
their parameters into links, so the page must be the one of the clean address.)
"""

import hashlib
import logging
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import ModelSignal, m2m_changed, post_delete, post_save, pre_save
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_response_headers
from django.utils.translation import get_language_from_path
from django_filters import FilterSet

from .cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

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
# The apps whose records public pages show: any change to one of them refreshes the pages.
CONTENT_APPS = ("countries", "forum", "practices")


def generation() -> int:
    value: int | None = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, timeout=None)
        value = cache.get(GENERATION_KEY, 1)
    return value


def bump_generation() -> None:
    """Make every cached page stale. Called when any record changes; safe to call often."""
    try:
        try:
            cache.incr(GENERATION_KEY)
        except ValueError:
            cache.set(GENERATION_KEY, 2, timeout=None)
    except CACHE_ERRORS:
        # It runs after the change is committed: failing here would answer 500 for a change that was
        # made. A Redis that comes back with its data (it was only unreachable, or it reloads a saved
        # copy) may serve pages from before the change until they expire (PAGE_CACHE_SECONDS).
        logger.warning("Page cache: the cache did not answer; cached pages were not refreshed", exc_info=True)


def bump_after_commit(**kwargs: Any) -> None:
    transaction.on_commit(bump_generation)


def note_name_change(
    sender: type[Model], instance: Model, using: str, update_fields: Iterable[str] | None = None, **kwargs: Any
) -> None:
    """Before a user is saved: note whether the name that bylines show changes (User.NAME_FIELDS).

    A save limited to other fields (a sign-in saves only ``last_login``) costs nothing; a full save
    (a new password, the profile form, the admin) reads the stored name once to compare."""
    # Kept in the instance's own attributes, as bump_after_name_change reads it (no model declares it).
    instance.__dict__["_page_cache_name_changed"] = name_changes(sender, instance, using, update_fields)


def name_changes(user_model: type[Model], user: Model, using: str, update_fields: Iterable[str] | None) -> bool:
    names = get_user_model().NAME_FIELDS  # user_model is this model; core does not import accounts to name it
    if update_fields is not None and not set(update_fields) & set(names):
        return False
    if user._state.adding:
        return False  # a new user is in no byline yet; the practice naming them refreshes the pages
    stored = user_model._base_manager.using(using).filter(pk=user.pk).values_list(*names).first()
    return stored != tuple(getattr(user, name) for name in names)


def bump_after_name_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if instance.__dict__.pop("_page_cache_name_changed", False):
        transaction.on_commit(bump_generation)


def content_models() -> list[type[Model]]:
    return [model for label in CONTENT_APPS for model in apps.get_app_config(label).get_models()]


def change_signals(model: type[Model]) -> list[tuple[ModelSignal, type[Model], str]]:
    """(signal, sender, name) of each change to ``model``'s records: saved, deleted, and a link of one
    of its own many-to-many fields (a practice's countries, ...) added or removed. The name, unique
    per signal and sender, makes a receiver's dispatch uid."""
    label = model._meta.label
    signals = [(post_save, model, f"save-{label}"), (post_delete, model, f"delete-{label}")]
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        assert through is not None  # typed optional; set on every many-to-many field of a loaded model
        signals.append((m2m_changed, through, f"m2m-{label}.{field.name}"))
    return signals


def connect_invalidation() -> None:
    # Only the content records' own links: a user's (their groups, the countries they are focal
    # point for) show on no public page.
    for model in content_models():
        for signal, sender, name in change_signals(model):
            signal.connect(bump_after_commit, sender=sender, dispatch_uid=f"page-cache-{name}")
    # A user's name is in the bylines of the practices they submitted; nothing else of theirs is public.
    user_model = get_user_model()
    pre_save.connect(note_name_change, sender=user_model, dispatch_uid="page-cache-user-name")
    post_save.connect(bump_after_name_change, sender=user_model, dispatch_uid="page-cache-user-save")
    # A deleted submitter's practices lose their byline ("an unnamed contributor") without a save of their own.
    post_delete.connect(bump_after_commit, sender=user_model, dispatch_uid="page-cache-user-delete")


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


# The attribute of a view that holds the parameters its page reads (set by name: functions declare no attributes).
PAGE_PARAMS = "page_params"


def page_params(*names: str, filterset: type[FilterSet] | None = None) -> Callable:
    """Declare the query parameters a cached page reads: ``names``, and every filter of ``filterset``.
    An anonymous visit with any other parameter is redirected to the address without it."""
    allowed = frozenset(names) | frozenset(filterset.base_filters if filterset else ())

    def declare(view: Callable) -> Callable:
        setattr(view, PAGE_PARAMS, allowed)
        return view

    return declare


def clean_address(request: HttpRequest) -> str | None:
    """The address without the query parameters its page does not read, or None if it has none.

    The view is found from the path without its language prefix, resolved in the default language
    (this runs before the locale middleware has chosen one)."""
    if not request.GET:
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):
            view = resolve(page_path(request.path_info)).func
    except Resolver404:
        return None  # the view answers 404 itself, and a 404 is never stored
    allowed: frozenset[str] = getattr(view, PAGE_PARAMS, frozenset())
    if all(name in allowed for name in request.GET):
        return None
    kept = QueryDict(mutable=True)
    for name in request.GET:
        if name in allowed:
            kept.setlist(name, request.GET.getlist(name))
    return request.path + (f"?{kept.urlencode()}" if kept else "")


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
        clean = clean_address(request)
        if clean is not None:
            return HttpResponseRedirect(clean)
        key = page_key(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY)
            if current is None:
                current = generation()
        except CACHE_ERRORS:
            # The page itself does not need the cache: serve it uncached rather than fail.
            logger.warning("Page cache: the cache did not answer; %s served uncached", request.path)
            return self.get_response(request)
        entry = found.get(key)
        if entry is not None and entry[0] == current:
            response: HttpResponse = entry[1]
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
            try:
                cache.set(key, (current, response), timeout)
            except CACHE_ERRORS:
                logger.warning("Page cache: the cache did not answer; %s not stored", request.path)
        return response
