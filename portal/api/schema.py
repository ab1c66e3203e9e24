"""OpenAPI additions for every API operation: the error responses in the one error format, the
conditional-request headers, and who may call it."""

from typing import Any

from django import forms
from django.db import DatabaseError
from django.db.models import Model
from django.http import QueryDict
from django_filters import FilterSet
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import Direction, OpenApiParameter, OpenApiResponse
from rest_framework import permissions, serializers
from rest_framework.request import Request

from .errors import ErrorSerializer

ERRORS = {
    "400": "The request is not valid: a filter, a field or the body (see error.fields).",
    "401": "Credentials are missing or wrong (error.code not_authenticated or authentication_failed).",
    "403": "The credentials do not allow this (only editors with a token write).",
    "404": "No such record, or no such page of results.",
    "406": "The Accept header asks for a format the API does not give (it gives JSON).",
    "429": "Too many requests without credentials; see the Retry-After header.",
}
WRITE_ERRORS = {
    "409": "The record is still referred to by other records (error.code protected).",
    "415": "The body is not JSON.",
}
# PUT and PATCH only: the ones that take If-Match.
UPDATE_ERRORS = {
    "412": "If-Match names a version the record no longer has (error.code precondition_failed); nothing was saved.",
}
IF_MATCH_PARAMETER = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag of the record as you read it (GET with the same credentials and the same Accept "
    "header, without indent: the tag is that of the answer's bytes): the change is saved only if the record is "
    'still that version, else 412. A weak tag (W/"…", as a compressing proxy may send it) is compared as if '
    "strong. Optional; without it the change is saved as it comes.",
)

CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An ETag from an earlier answer: 304 Not Modified if the answer would be the same.",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="An HTTP date: 304 Not Modified if nothing listed changed since (ignored with If-None-Match).",
    ),
    OpenApiParameter(
        "ETag",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=["200", "304"],
        description="A tag of this exact answer, for If-None-Match.",
    ),
    OpenApiParameter(
        "Last-Modified",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        response=["200", "304"],
        description="When the newest record listed last changed (records that keep a date only).",
    ),
]


def _constraints(field: forms.Field) -> dict:
    """What a filter's form field accepts, as JSON Schema: the document then promises exactly what
    the filter takes (lengths, ranges, the codes that exist when the document is made)."""
    if isinstance(field, forms.ModelChoiceField):  # and ModelMultipleChoiceField
        key = field.to_field_name or "pk"
        assert field.queryset is not None  # a filter's choice of records always has its queryset
        try:
            values = sorted({getattr(item, key) for item in field.queryset.order_by()})
        except DatabaseError:  # e.g. `manage.py check --deploy` before the first migrate
            return {}
        if not values:
            return {}  # nothing on record yet: any text (and an empty list for it)
        if all(isinstance(value, int) for value in values):
            return {"type": "integer", "enum": values}
        return {"type": "string", "enum": [str(value) for value in values]}
    if isinstance(field, forms.ChoiceField):  # e.g. the regions the countries have
        try:
            # The stubs type the choices' getter as the setter: it gives the normalised choices.
            choices = [str(value) for value, _ in field.choices if value != ""]  # type: ignore[misc, union-attr]
        except DatabaseError:
            return {}
        return {"type": "string", "enum": choices} if choices else {}
    if isinstance(field, forms.IntegerField) and not isinstance(field, (forms.DecimalField, forms.FloatField)):
        schema: dict = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
        return schema
    if isinstance(field, forms.CharField) and field.max_length:
        return {"maxLength": field.max_length}
    return {}


def _takes_empty(filterset_class: type[FilterSet], model: type[Model], name: str) -> bool:
    """Whether ``?name=`` passes the filter's form, as a request would send it."""
    data = QueryDict(mutable=True)
    data[name] = ""
    try:
        return bool(filterset_class(data=data, queryset=model._default_manager.none()).is_valid())
    except DatabaseError:
        return False


def refine_filter_parameters(parameters: list[dict], filterset_class: type[FilterSet], model: type[Model]) -> None:
    fields = filterset_class(queryset=model._default_manager.none()).form.fields
    for parameter in parameters:
        field = fields.get(parameter["name"]) if parameter.get("in") == "query" else None
        if field is None:
            continue
        # As on the portal's pages, most filters sent empty (?edition=) are no filter.
        if _takes_empty(filterset_class, model, parameter["name"]):
            parameter["allowEmptyValue"] = True
        extra = _constraints(field)
        if not extra:
            continue
        schema = parameter["schema"]
        target = schema["items"] if schema.get("type") == "array" else schema
        if "enum" in extra or "type" in extra:
            target.pop("format", None)
            target.pop("nullable", None)
        target.update(extra)
        if "enum" in extra and "enum" in parameter:
            parameter["enum"] = extra["enum"]


# Text the API takes, in an address, a parameter or a body, never holds a NUL character: the address
# is refused with 400 (portal.core.middleware.RejectNulMiddleware), a body field too (REST framework).
NO_NUL = {"pattern": r"^[^\x00]*$"}


def refuse_nul(schema: dict) -> None:
    """Say so on a free-text string schema (or a list of them); codes, formats and patterns say more."""
    target = schema.get("items", {}) if schema.get("type") == "array" else schema
    if target.get("type") == "string" and not ({"enum", "format", "pattern"} & set(target)):
        target.update(NO_NUL)


class PortalAutoSchema(AutoSchema):
    def _is_read(self) -> bool:
        return self.method in permissions.SAFE_METHODS

    def _is_update(self) -> bool:
        return self.method in ("PUT", "PATCH")

    def get_override_parameters(self) -> list[OpenApiParameter | serializers.Serializer | type[serializers.Serializer]]:
        parameters = list(super().get_override_parameters())
        if self._is_read():
            parameters.extend(CONDITIONAL_PARAMETERS)
        if self._is_update():
            parameters.append(IF_MATCH_PARAMETER)
        return parameters

    def _get_parameters(self) -> list[dict[str, Any]]:
        parameters = super()._get_parameters()
        filterset_class = getattr(self.view, "filterset_class", None)
        model = getattr(getattr(self.view, "queryset", None), "model", None) or getattr(
            getattr(filterset_class, "_meta", None), "model", None
        )
        if filterset_class is not None and model is not None and self._is_list_view():
            refine_filter_parameters(parameters, filterset_class, model)
        for parameter in parameters:
            if parameter.get("in") in ("path", "query") and "schema" in parameter:
                refuse_nul(parameter["schema"])
        return parameters

    def _map_serializer_field(
        self, field: serializers.Field, direction: Direction, bypass_extensions: bool = False
    ) -> dict[str, Any]:
        schema: dict[str, Any] = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(field, serializers.CharField):
            refuse_nul(schema)
        return schema

    def _map_basic_serializer(self, serializer: serializers.BaseSerializer, direction: Direction) -> dict[str, Any]:
        """Fields only editors receive (``editor_only`` on the serializer) are never required."""
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        editor_only = set(getattr(serializer, "editor_only", ()))
        if editor_only and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in editor_only]
            if not schema["required"]:
                del schema["required"]
        return schema

    def get_auth(self) -> list[dict[str, Any]]:
        auths = super().get_auth()
        if self._is_read():
            # Reads need no credentials; a token or a session shows an editor's view.
            return [auth for auth in auths if auth] + [{}]
        return [auth for auth in auths if auth and "tokenAuth" in auth]

    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERRORS)
        if not self._is_read():
            errors.update(WRITE_ERRORS)
        if self._is_update():
            errors.update(UPDATE_ERRORS)
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(OpenApiResponse(ErrorSerializer, description), code)
        if self._is_read():
            responses["304"] = {
                "description": "Not modified: the copy named by If-None-Match or If-Modified-Since is current.",
                **({"headers": headers} if (headers := self._get_response_headers_for_code("304")) else {}),
            }
        return dict(sorted(responses.items()))


def _item_properties(document: dict, response: dict, *, listed: bool) -> dict:
    """The properties of the record a list (under ``results``) or a create answer holds."""
    schemas = document.get("components", {}).get("schemas", {})

    def resolve(schema: dict) -> dict:
        ref = schema.get("$ref", "")
        return schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else schema

    schema = resolve(response.get("content", {}).get("application/json", {}).get("schema", {}))
    if listed:
        schema = resolve(schema.get("properties", {}).get("results", {}).get("items", {}))
    properties: dict = schema.get("properties", {})
    return properties


LINK_NAMES = {"get": "read", "put": "replace", "patch": "change", "delete": "delete"}


def add_links(result: dict, generator: SchemaGenerator, request: Request | None, public: bool) -> dict:
    """OpenAPI links from a list and from a create to the record's own operations (read, change,
    delete), naming the value that goes into its address: what clients (and schemathesis's stateful
    tests) follow from one answer to the next. A drf-spectacular post-processing hook."""
    paths = result.get("paths", {})
    for path, operations in paths.items():
        for detail_path, detail_operations in paths.items():
            rest = detail_path[len(path) :] if detail_path.startswith(path) else ""
            if not (rest.startswith("{") and rest.endswith("}/") and rest.count("{") == 1):
                continue
            field = rest[1:-2]
            targets = {
                LINK_NAMES[method]: operation["operationId"]
                for method, operation in detail_operations.items()
                if method in LINK_NAMES and "operationId" in operation
            }
            for method, status, listed, pointer in (
                ("get", "200", True, f"$response.body#/results/0/{field}"),
                ("post", "201", False, f"$response.body#/{field}"),
            ):
                response = operations.get(method, {}).get("responses", {}).get(status)
                if response is None or field not in _item_properties(result, response, listed=listed):
                    continue
                response["links"] = {
                    name: {"operationId": operation_id, "parameters": {field: pointer}}
                    for name, operation_id in targets.items()
                }
    return result
