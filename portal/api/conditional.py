"""Conditional requests for the API's lists and details: ``ETag`` and ``Last-Modified`` on every
successful GET, and 304 Not Modified when ``If-None-Match`` or ``If-Modified-Since`` says the
client's copy is current.

The ETag is a hash of the rendered body, so it changes whenever anything shown changes (related
records included) and differs between an editor's view and the public one. Last-Modified is the
newest ``updated_at`` of the records listed, for models that keep one.
"""

import hashlib

from django.db.models import Max, QuerySet
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag


class ConditionalGetMixin:
    """For REST framework views: mix in before the view class."""

    last_modified_field = "updated_at"
    _last_modified = None

    def _has_last_modified(self, model) -> bool:
        return any(field.name == self.last_modified_field for field in model._meta.concrete_fields)

    def paginate_queryset(self, queryset: QuerySet):
        if self.request.method in ("GET", "HEAD") and self._has_last_modified(queryset.model):
            self._last_modified = queryset.order_by().aggregate(newest=Max(self.last_modified_field))["newest"]
        return super().paginate_queryset(queryset)

    def get_object(self):
        instance = super().get_object()
        self._last_modified = getattr(instance, self.last_modified_field, None)
        return instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        response["ETag"] = etag
        last_modified = None
        if self._last_modified is not None:
            last_modified = int(self._last_modified.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
