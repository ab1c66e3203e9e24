"""Absolute links, from one place: every e-mail and page that needs a full address asks here.

The root is the request's own scheme and host when there is a request (``request.get_host()``
refuses hosts outside ALLOWED_HOSTS), else the root of the request being answered in this thread
or task (set by ``CurrentSiteRootMiddleware`` and by ``using_root``), else ``SITE_URL``: digests
and other messages sent by the worker without a request use SITE_URL.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest

_current_root: ContextVar[str] = ContextVar("site_root", default="")


def request_root(request: HttpRequest) -> str:
    """``http://host:port`` of the request (its Host header checked against ALLOWED_HOSTS)."""
    return f"{request.scheme}://{request.get_host()}"


def site_root(request: HttpRequest | None = None) -> str:
    """Scheme and host, without a trailing slash, that links should start with. A request whose host
    is not allowed (only its 400 page is drawn) gets SITE_URL."""
    if request is not None:
        try:
            return request_root(request)
        except DisallowedHost:
            return settings.SITE_URL
    return _current_root.get() or settings.SITE_URL


def absolute_url(path: str, request: HttpRequest | None = None) -> str:
    """``path`` as a full address; an address that is absolute already is returned as it is."""
    if path.startswith(("http://", "https://")):
        return path
    return site_root(request) + path


@contextmanager
def using_root(root: str) -> Iterator[None]:
    """Links made inside the block start with ``root`` (when given): a task sent on behalf of a request."""
    token = _current_root.set(root.rstrip("/") if root else "")
    try:
        yield
    finally:
        _current_root.reset(token)
