"""``reverse()`` remembered, for the addresses that every page or long list repeats.

A page of 20 practices and 15 editions asks for 35 addresses, and every page has a dozen more in
its header and footer; each ``reverse()`` costs tens of microseconds of pattern matching. The
answer depends only on the name, the arguments, the URLconf, the script prefix and the active
language (the language prefix), so it is kept under all of them.
"""

from collections.abc import Callable
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _reverse(viewname: str, args: tuple, urlconf: str, prefix: str, language: str | None) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname: str, *args: str | int) -> str:
    """``reverse(viewname, args=args)``, computed once per URLconf, script prefix and language.
    For addresses the portal makes itself (its own records, its pages), not ones taken from a
    request: the cache is bounded, but a visitor should not fill it. Raises ``NoReverseMatch``
    as ``reverse`` does (a failure is not remembered)."""
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())


def reverser() -> Callable[..., str]:
    """``cached_reverse`` for a loop: the URLconf, script prefix and language are read once, here.
    Reading them costs a few microseconds each, more than the remembered answer, and a list of
    twenty practices or fifteen editions would read them for every address."""
    urlconf, prefix, language = get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()

    def address(viewname: str, *args: str | int) -> str:
        return _reverse(viewname, args, urlconf, prefix, language)

    return address
