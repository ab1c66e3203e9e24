"""Serving uploaded files (MEDIA_ROOT) from the portal itself, for the embedded set-up and tests.

Django's ``static()`` helper serves media only with DEBUG on, and the embedded default runs with
DEBUG off; so the portal serves /media/ itself when SERVE_MEDIA is on (the default outside
production, SECURE=0). In production the web server in front serves MEDIA_ROOT, or the files live
on S3 (docs/deploy.md).
"""

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import re_path
from django.views.static import serve


def serve_media(request: HttpRequest, path: str) -> HttpResponseBase:
    """One uploaded file (404 when absent; paths cannot leave MEDIA_ROOT), with its content type."""
    return serve(request, path, document_root=str(settings.MEDIA_ROOT))


def media_urlpatterns() -> list:
    if not settings.SERVE_MEDIA or settings.STORAGES["default"]["BACKEND"] != (
        "django.core.files.storage.FileSystemStorage"
    ):
        return []
    prefix = settings.MEDIA_URL.strip("/")
    return [re_path(rf"^{prefix}/(?P<path>.+)$", serve_media, name="media")]
