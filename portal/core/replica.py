"""When the read replica may be used, and when it may not.

A replica lags a little behind the primary. Reading from it is harmless only where a few seconds
of lag cannot matter to anyone: pages for anonymous visitors, when nothing has changed lately. So
the replica is off unless a request turns it on, and this module's middleware turns it on only
for a GET or HEAD by a visitor without a session cookie (and without an API token), and only if
no record of the portal was written in the last ``REPLICA_LAG_SECONDS``. Everything else reads the
primary: signed-in people, forms being sent, management commands, the task worker.

"Written lately" is a key in the shared cache, set for ``REPLICA_LAG_SECONDS`` when a portal
record is written and again when the write commits, in whichever process made it. The cache must
be shared between processes for that (Redis, REDIS_URL); with the per-process memory cache another
process's writes go unseen, and only the lag setting protects those pages.
"""

import logging
from collections.abc import Callable
from contextvars import ContextVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections, transaction
from django.db.models import Model
from django.db.models.signals import ModelSignal
from django.http import HttpRequest, HttpResponse

from .cache import CACHE_ERRORS
from .page_cache import GENERATION_KEY, change_signals, content_models, generation

logger = logging.getLogger(__name__)

REPLICA = "replica"
RECENT_WRITE_KEY = "portal:replica-recent-write"
# What anonymous pages show or look up, besides users' names (page_cache.py notes those when it
# refreshes the pages): the content apps' records (page_cache.CONTENT_APPS), and subscriptions
# (confirmed from a link, without signing in). Sign-ins, digest deliveries, sessions and task
# results change all the time and no anonymous page shows them: they are left out, or the replica
# would hardly ever be used.
WATCHED_MODELS = ("subscriptions.Subscription",)

# Off by default: only the middleware turns it on, for the length of one request.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
# The page cache's generation as it was when the request was allowed the replica (see fragment_generation).
_generation_at_start: ContextVar[int | None] = ContextVar("generation_at_start", default=None)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def replica_allowed() -> bool:
    """Whether a read may go to the replica now: the request allowed it, and the primary is not in a
    transaction (whatever a transaction reads must agree with what it writes)."""
    return _replica_allowed.get() and not connections["default"].in_atomic_block


def note_write() -> None:
    """Keep reads on the primary for the next REPLICA_LAG_SECONDS: the replica may not have this write yet."""
    try:
        cache.set(RECENT_WRITE_KEY, True, timeout=settings.REPLICA_LAG_SECONDS)
    except CACHE_ERRORS:
        # This runs as a record is saved and after the commit: failing would undo the save, or
        # answer 500 for a change that was made.
        logger.warning("Replica: the cache did not answer; this write was not noted", exc_info=True)


def written_lately() -> bool:
    """Whether a write was made or committed within REPLICA_LAG_SECONDS (if the cache cannot tell: yes)."""
    try:
        return cache.get(RECENT_WRITE_KEY) is not None
    except CACHE_ERRORS:
        return True


def note_write_now_and_after_commit(**kwargs) -> None:
    """Note a write at once and again when it commits: reads stay on the primary from the moment
    of the write, and the lag counts from the commit, however long the transaction took. (A write
    rolled back costs a few seconds of reads on the primary, nothing more.) The page cache's
    refresh notes the commit too, before it moves the generation on (page_cache.bump_generation)."""
    note_write()
    transaction.on_commit(note_write)


def _watched() -> list[tuple[ModelSignal, type[Model], str]]:
    """(signal, sender, dispatch uid) of every receiver watch_writes connects."""
    models = content_models() + [apps.get_model(label) for label in WATCHED_MODELS]
    return [(signal, sender, f"replica-{name}") for model in models for signal, sender, name in change_signals(model)]


def watch_writes() -> None:
    """Note every change to what anonymous pages show or look up (the content records and
    WATCHED_MODELS), their many-to-many links included."""
    for signal, sender, uid in _watched():
        signal.connect(note_write_now_and_after_commit, sender=sender, dispatch_uid=uid)


def stop_watching_writes() -> None:
    """Undo watch_writes (for tests that install the replica router and then take it away)."""
    for signal, sender, uid in _watched():
        signal.disconnect(sender=sender, dispatch_uid=uid)


def _anonymous_read(request: HttpRequest) -> bool:
    """A GET or HEAD by someone who is not signed in: no session cookie, no API token."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "Authorization" not in request.headers
    )


class ReplicaReadsMiddleware:
    """Lets anonymous reads use the replica, unless something was written lately.

    Without a replica the middleware removes itself at start-up (MiddlewareNotUsed), so it costs
    nothing. The permission lives in a context variable and is always taken back when the
    response is returned, also when the view raised. (A streaming body is produced after that,
    so it reads the primary.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        if not replica_configured():
            raise MiddlewareNotUsed("No read replica is configured.")
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _anonymous_read(request):
            return self.get_response(request)
        # Both in one round trip: whether anything was written lately, and the page cache's
        # generation at this moment, which the request's fragments are stored under.
        try:
            found = cache.get_many([RECENT_WRITE_KEY, GENERATION_KEY])
            started = found.get(GENERATION_KEY) or generation()
        except CACHE_ERRORS:
            return self.get_response(request)  # the cache cannot tell: the primary
        if RECENT_WRITE_KEY in found:
            return self.get_response(request)
        allowed = _replica_allowed.set(True)
        at_start = _generation_at_start.set(started)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(allowed)
            _generation_at_start.reset(at_start)


def fragment_generation() -> int:
    """The page cache generation a fragment computed now is stored under.

    For a request reading the replica: the generation read when it was allowed to, not the current
    one. A change committed meanwhile moves the generation on (after noting the write, see
    page_cache.bump_generation), and a fragment built from a replica that may not have it yet must
    go under the old generation, which is never read again, and not under the new one."""
    started = _generation_at_start.get()
    return started if started is not None else generation()
