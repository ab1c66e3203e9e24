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
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

REPLICA = "replica"
RECENT_WRITE_KEY = "portal:replica-recent-write"
# The apps whose records anonymous pages show or look up (a subscription is confirmed from a link,
# without signing in); a write to any of them keeps reads on the primary for a while.
WATCHED_APPS = ("accounts", "countries", "forum", "practices", "subscriptions")

# Off by default: only the middleware turns it on, for the length of one request.
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)


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
    except RedisError:
        # This runs as a record is saved and after the commit: failing would undo the save, or
        # answer 500 for a change that was made.
        logger.warning("Replica: the cache did not answer; this write was not noted", exc_info=True)


def written_lately() -> bool:
    """Whether a write was made or committed within REPLICA_LAG_SECONDS (if the cache cannot tell: yes)."""
    try:
        return cache.get(RECENT_WRITE_KEY) is not None
    except RedisError:
        return True


def note_write_now_and_after_commit(**kwargs) -> None:
    """Note a write at once and again when it commits.

    At once: the page cache refreshes its pages when the write commits (an on_commit callback
    registered before this one), and the first page built after that must not come from a replica
    that lacks the write. After the commit: the lag counts from then, however long the transaction
    took. (A write rolled back costs a few seconds of reads on the primary, nothing more.)"""
    note_write()
    transaction.on_commit(note_write)


def watch_writes() -> None:
    """Note every change to the portal's records (the ones anonymous pages show or look up).

    Sessions, sign-in attempts and task results are left out on purpose: they change all the time,
    and anonymous pages do not show them."""
    for app_label in WATCHED_APPS:
        for model in apps.get_app_config(app_label).get_models():
            label = model._meta.label
            post_save.connect(note_write_now_and_after_commit, sender=model, dispatch_uid=f"replica-save-{label}")
            post_delete.connect(note_write_now_and_after_commit, sender=model, dispatch_uid=f"replica-delete-{label}")
    m2m_changed.connect(note_write_now_and_after_commit, dispatch_uid="replica-m2m")


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
        if not _anonymous_read(request) or written_lately():
            return self.get_response(request)
        token = _replica_allowed.set(True)
        try:
            return self.get_response(request)
        finally:
            _replica_allowed.reset(token)
