"""``reverse()`` remembered, for the addresses that long lists repeat.

A page of 20 practices and 15 editions asks for 35 addresses, and each ``reverse()`` costs tens of
microseconds of pattern matching. The answer depends only on the name, the arguments, the URLconf,
the script prefix and the active language (the language prefix), so it is kept under all five.
"""

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=8192)
def _reverse(viewname: str, args: tuple, urlconf: str, prefix: str, language: str | None) -> str:
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname: str, *args: str | int) -> str:
    """``reverse(viewname, args=args)``, computed once per URLconf, script prefix and language."""
    return _reverse(viewname, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language())
