"""Conditional requests for the API's lists and details: ``ETag`` and ``Last-Modified`` on every
successful GET, and 304 Not Modified when ``If-None-Match`` or ``If-Modified-Since`` says the
client's copy is current; and ``If-Match`` on PUT and PATCH, so that an edit made on a copy of a
record that has changed since is refused (412) instead of overwriting the change.

The ETag is a hash of the rendered body, so it changes whenever anything shown changes (related
records included) and differs between an editor's view and the public one. Last-Modified is the
newest ``updated_at`` of the records listed, for models that keep one.

For If-Match the same tag serves as the record's version: the write compares it with the tag of
the record as the same client would GET it now. That works for every model (also those without
``updated_at``) and notices any change, even one made without a save (``QuerySet.update``).
"""

import hashlib
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max, Model, QuerySet
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, parse_etags, quote_etag
from rest_framework import exceptions, status, viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from portal.core.concurrency import row_of


def etag_of(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:40])


def _strong(etag: str) -> str:
    """The tag without a weak marker. A compressing proxy (gzip at the load balancer) sends our
    tags on as W/"…"; the tag still names the same content, so a client may send it back that way."""
    return etag.removeprefix("W/")


def if_match_passes(header: str, current: str) -> bool:
    """Whether an If-Match header names the current version ("*": any version of an existing record)."""
    etags = parse_etags(header)
    return etags == ["*"] or current in {_strong(etag) for etag in etags}


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = (
        "The record changed since you read it: its ETag no longer matches If-Match, so nothing was saved. "
        "GET the record again, apply your change to it and send it with the new ETag."
    )


if TYPE_CHECKING:
    # What the mixins are mixed into, for the type checker; at run time they are plain classes.
    _ViewSet = viewsets.ModelViewSet
else:
    _ViewSet = object


class ConditionalGetMixin(_ViewSet):
    """For REST framework views: mix in before the view class."""

    last_modified_field = "updated_at"
    _last_modified = None

    def _has_last_modified(self, model: type[Model]) -> bool:
        return any(field.name == self.last_modified_field for field in model._meta.concrete_fields)

    def paginate_queryset(self, queryset: QuerySet | Sequence[Any]) -> list[Any] | None:
        # A list hands over its queryset (REST framework's types allow a plain sequence too).
        if (
            isinstance(queryset, QuerySet)
            and self.request.method in ("GET", "HEAD")
            and self._has_last_modified(queryset.model)
        ):
            self._last_modified = queryset.order_by().aggregate(newest=Max(self.last_modified_field))["newest"]
        return super().paginate_queryset(queryset)

    def get_object(self) -> Model:
        instance: Model = super().get_object()
        self._last_modified = getattr(instance, self.last_modified_field, None)
        return instance

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Authorization", "Cookie"])
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        response.render()
        etag = etag_of(response.content)
        response["ETag"] = etag
        last_modified = None
        if self._last_modified is not None:
            last_modified = int(self._last_modified.timestamp())
            response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)


class ConditionalUpdateMixin(_ViewSet):
    """If-Match on PUT and PATCH, for REST framework views: mix in before the view class.

    Without If-Match a write goes ahead as before. With it, the record's row is locked, its current
    ETag is worked out as a GET by the same client would give it, and the write goes ahead only if
    the header names that tag; the lock holds until the write is committed, so two writes sent with
    the same tag cannot both pass."""

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if_match = request.headers.get("If-Match")
        if if_match is None:
            return super().update(request, *args, **kwargs)
        with transaction.atomic():
            record = self.get_object()
            list(row_of(record).values_list("pk", flat=True))  # locked until the write is committed
            if not if_match_passes(if_match, self.current_etag(record)):
                raise PreconditionFailed()
            return super().update(request, *args, **kwargs)

    def current_etag(self, record: Model) -> str:
        """The ETag that a GET of this record would carry now (as rendered without an indent)."""
        data = self.get_serializer(record).data
        return etag_of(JSONRenderer().render(data, "application/json", self.get_renderer_context()))
