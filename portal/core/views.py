"""The health check (the site-wide pages people read are in ``portal.pages``)."""

import logging
import secrets

from django.core.cache import cache
from django.db import DatabaseError, connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from portal.core.cache import CACHE_ERRORS

logger = logging.getLogger(__name__)

# How long the health check's own cache key lives: long enough for its read back, then it goes.
HEALTH_KEY_SECONDS = 10


def database_state(alias: str) -> str:
    """The state of one database: "ok" when it answers a trivial query, else the error's class name
    (the message, which may name hosts or files, stays in the log)."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database %r did not answer", alias, exc_info=True)
        return type(error).__name__
    return "ok"


def cache_state() -> str:
    """The state of the cache: "ok" when a value written to it reads back, else what went wrong.

    Each check writes a key of its own, so that two app servers probed at the same moment cannot
    read each other's value."""
    key = f"portal:healthz:{secrets.token_hex(8)}"
    try:
        cache.set(key, "ok", timeout=HEALTH_KEY_SECONDS)
        found = cache.get(key)
    except CACHE_ERRORS as error:
        logger.warning("Health check: the cache did not answer", exc_info=True)
        # django-redis wraps the error of redis-py ("ConnectionError", "TimeoutError"), which says more.
        return type(error.__cause__ or error).__name__
    return "ok" if found == "ok" else "NotReadBack"


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """Each part's state ("ok" or the name of its error class): the database and the cache. 503
    ("error") when the database does not answer: this server cannot serve pages. A cache that does
    not answer is "degraded", still 200: every server shares the one Redis, so a 503 would take all
    of them out of the load balancer at once for a fault none of them can mend, while pages are
    still served uncached. Load balancers read "status"; monitoring reads "cache"."""
    states = {"database": database_state("default"), "cache": cache_state()}
    if states["database"] != "ok":
        status = "error"
    else:
        status = "ok" if all(state == "ok" for state in states.values()) else "degraded"
    return JsonResponse({"status": status, **states}, status=503 if status == "error" else 200)
