"""A small fixed-window counter in the cache, to slow down abuse of the public e-mail forms."""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpRequest

from portal.core.cache import CACHE_ERRORS
from portal.core.middleware import client_address

logger = logging.getLogger(__name__)


def allow(scope: str, value: str, *, limit: int, seconds: int) -> bool:
    """Count one more attempt for (scope, value); False once the window holds more than ``limit``."""
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]  # no addresses in cache keys
    key = f"ratelimit:{scope}:{digest}"
    try:
        if cache.add(key, 1, seconds):
            return True
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, seconds)
            return True
    except CACHE_ERRORS:
        # Without the cache nothing can be counted: the form works rather than failing for everyone.
        logger.warning("Rate limit: the cache did not answer; %s not counted", scope)
        return True
    return count <= limit


def client_ip(request: HttpRequest) -> str:
    """The visitor's address: behind our proxy, the one it saw (not its own, which all share)."""
    return client_address(request) or ""
