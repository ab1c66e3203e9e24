"""Costly parts of pages, cached for everyone in the page's language.

The anonymous page cache (page_cache.py) answers whole pages to visitors without a session. It
cannot help the people who use the portal most, signed in (editors, focal points), nor the many
addresses of one search (its pages and orders). The costly parts of those pages are the same for
everyone, though: a country's record edition by edition and each page of its practices, a
search's facet counts. They are kept here, per language, under the page cache's generation:
any change to the record refreshes them together with the pages, at once. ``PAGE_CACHE_SECONDS``
is how long both are kept; 0 turns both off (the tests' default, and the "uncached" benchmarks).
Fragments are kept only with a cache that every process shares (``FRAGMENT_CACHE``, on with
``REDIS_URL``): signed-in people must see a change at once, whichever process made it.
"""

import hashlib
import logging
from collections.abc import Callable, Hashable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .cache import CACHE_ERRORS
from .page_cache import generation

logger = logging.getLogger(__name__)
T = TypeVar("T")
_MISSING = object()


def fragment(name: str, parts: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave before for the same ``name``, ``parts`` and language since the
    record last changed. ``parts`` is what the value depends on besides the record and the language;
    the value must pickle (Redis keeps it between processes).

    The generation is read before computing: if the record changes meanwhile, the value is stored
    under the generation it started from, which is never read again."""
    seconds = settings.PAGE_CACHE_SECONDS
    if not seconds or not settings.FRAGMENT_CACHE:
        return compute()
    digest = hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()
    try:
        key = f"fragment:{name}:{generation()}:{get_language()}:{digest}"
        value = cache.get(key, _MISSING)
    except CACHE_ERRORS:
        # The page does not need the cache: computed, as with caching off, rather than failing.
        logger.warning("Fragment cache: the cache did not answer; %s computed uncached", name)
        return compute()
    if value is _MISSING:
        value = compute()
        try:
            cache.set(key, value, seconds)
        except CACHE_ERRORS:
            logger.warning("Fragment cache: the cache did not answer; %s not stored", name)
    return value
