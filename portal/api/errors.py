"""One error format for every API response that is not a success.

Every error body has the same shape::

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"title": ["…"]}}}

``status`` repeats the HTTP status, ``code`` is a stable machine-readable word (``invalid``,
``not_authenticated``, ``permission_denied``, ``not_found``, ``throttled``, ``protected``,
``precondition_failed``, …),
``message`` is a sentence for people, and ``fields`` (validation errors only) maps each field,
dotted for nested ones (``sources.0.text``), to its messages.

Installed as REST framework's ``EXCEPTION_HANDLER``; the API's views also name it themselves,
so the format holds even where the setting is missing.
"""

import logging
from collections import Counter
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import set_rollback

from portal.core.api_errors import api_error, error_body

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY
logger = logging.getLogger("django.request")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The record is still referred to by other records and cannot be deleted."
    default_code = "protected"

    @classmethod
    def naming(cls, error: ProtectedError | RestrictedError) -> "Conflict":
        """The conflict, naming how many records of which kind hold on to the one to delete."""
        held = error.protected_objects if isinstance(error, ProtectedError) else error.restricted_objects
        kinds = Counter(str(record._meta.verbose_name_plural) for record in held)
        if not kinds:
            return cls()
        listed = "; ".join(f"{kind}: {count}" for kind, count in sorted(kinds.items()))
        return cls(f"The record cannot be deleted: other records refer to it ({listed}). Delete those first.")


def django_validation_detail(error: DjangoValidationError) -> dict | list:
    """A Django ValidationError as REST framework's detail: field names to messages, or a list."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if name == "__all__" else name): [str(message) for message in messages]
            for name, messages in error.message_dict.items()
        }
    return [str(message) for message in error.messages]


def _flatten(detail: Any, prefix: str, out: dict[str, list[str]]) -> None:
    if isinstance(detail, dict):
        for key, value in detail.items():
            _flatten(value, f"{prefix}.{key}" if prefix else str(key), out)
    elif isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            if detail:
                out.setdefault(prefix, []).extend(str(item) for item in detail)
            return
        for index, item in enumerate(detail):
            _flatten(item, f"{prefix}.{index}" if prefix else str(index), out)
    elif detail is not None:
        out.setdefault(prefix, []).append(str(detail))


def _first_code(detail: Any, default: str) -> str:
    if isinstance(detail, dict):
        for value in detail.values():
            return _first_code(value, default)
    if isinstance(detail, list):
        for item in detail:
            return _first_code(item, default)
    return getattr(detail, "code", None) or default


def _validation_body(exc: exceptions.ValidationError) -> dict:
    detail = exc.detail
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        _flatten(detail, "", fields)
    else:
        _flatten(detail, NON_FIELD, fields)
    general = fields.get(NON_FIELD, [])
    named = sorted(name for name in fields if name != NON_FIELD)
    if general:
        message = " ".join(general)
    elif named:
        message = f"Some values are not valid: {', '.join(named)}."
    else:
        message = "The request is not valid."
    return error_body(exc.status_code, "invalid", message, fields)


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    """REST framework's handler, answering in the portal's one error format."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*(exc.args or ("Not found.",)))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(django_validation_detail(exc))
    elif isinstance(exc, (ProtectedError, RestrictedError)):
        exc = Conflict.naming(exc)
    if not isinstance(exc, exceptions.APIException):
        if settings.DEBUG:
            return None  # a bug: Django's debug page shows it
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s", getattr(request, "path", "?"), exc_info=exc, extra={"status_code": 500}
        )
        set_rollback()
        return Response(
            error_body(500, "server_error", "Something went wrong on the server; it has been logged."), status=500
        )

    headers = {}
    # Only some exceptions carry these (NotAuthenticated, Throttled).
    if auth_header := getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = auth_header
    if wait := getattr(exc, "wait", None):
        headers["Retry-After"] = f"{int(wait)}"

    if isinstance(exc, exceptions.ValidationError):
        body = _validation_body(exc)
    else:
        detail = exc.detail
        if isinstance(detail, (list, dict)):
            fields: dict[str, list[str]] = {}
            _flatten(detail, "", fields)
            message = " ".join(" ".join(messages) for messages in fields.values()) or str(exc.default_detail)
        else:
            message = str(detail)
        body = error_body(exc.status_code, _first_code(detail, exc.default_code), message)
    set_rollback()
    return Response(body, status=exc.status_code, headers=headers)


@csrf_exempt  # it changes nothing: a POST or DELETE gets the same JSON 404 as a GET, not the CSRF page
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """The answer for any path under /api/v1/ that names no endpoint, whatever the method."""
    return api_error(404, "not_found", f"There is no API endpoint at {request.path}. The list is at /api/v1/.")


class ErrorDetailSerializer(serializers.Serializer):
    """For the OpenAPI document: what ``error`` holds. (Its fields are listed in ``get_fields``
    because ``fields`` is also the name of a serializer attribute.)"""

    def get_fields(self) -> dict[str, serializers.Field]:
        return {
            "status": serializers.IntegerField(help_text="The HTTP status, repeated."),
            "code": serializers.CharField(
                help_text="A stable word for programs: invalid, parse_error, not_authenticated, "
                "authentication_failed, permission_denied, second_factor_required, not_found, method_not_allowed, "
                "not_acceptable, unsupported_media_type, too_large, throttled, protected, precondition_failed, "
                "server_error."
            ),
            "message": serializers.CharField(help_text="What went wrong, for people."),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                required=False,
                help_text="Validation errors only: each field (dotted for nested values) with its messages; "
                "errors about the request as a whole are under 'non_field_errors'.",
            ),
        }


class ErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    error = ErrorDetailSerializer()
