"""Serializer pieces shared by the apps' API packages."""

import copy
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal.lib.urls import absolute_url

from .errors import django_validation_detail

if TYPE_CHECKING:
    # What the mixin is mixed into, for the type checker; at run time it is a plain class.
    _ModelSerializer = serializers.ModelSerializer[Any]
else:
    _ModelSerializer = object


class FullCleanMixin(_ModelSerializer):
    """Validate every write as the model itself would (``full_clean``): field validators, choices,
    ``clean()`` and unique constraints, on the record as it would be saved.

    Many-to-many values are not part of ``full_clean``; REST framework checks that each exists."""

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        model: type[Model] = self.Meta.model
        candidate = copy.copy(self.instance) if self.instance is not None else model()
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(candidate, name, value)
        try:
            candidate.full_clean()
        except DjangoValidationError as error:
            raise serializers.ValidationError(django_validation_detail(error)) from None
        return attrs


class CodeRelatedField(serializers.SlugRelatedField):
    """A related record named by a code (ISO3, slug, label), matched without regard to case."""

    def to_internal_value(self, data: Any) -> Model:
        if not isinstance(data, (str, int)) or isinstance(data, bool):
            self.fail("invalid")
        queryset: QuerySet[Model] | None = self.get_queryset()
        assert queryset is not None  # a writable related field has one (REST framework checks it)
        try:
            return queryset.get(**{f"{self.slug_field}__iexact": str(data).strip()})
        except (ObjectDoesNotExist, MultipleObjectsReturned):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        except (TypeError, ValueError):
            self.fail("invalid")


class NumberRelatedField(serializers.SlugRelatedField):
    """A related record named by a whole number (a GCM objective's): 5 or "5", not 5.5 or true, which
    the database would read as 5 and 1."""

    def to_internal_value(self, data: Any) -> Model:
        if isinstance(data, bool) or not (isinstance(data, int) or (isinstance(data, str) and data.isdecimal())):
            self.fail("invalid")
        record: Model = super().to_internal_value(int(data))
        return record


class _HasPage(Protocol):
    def get_absolute_url(self) -> str: ...


@extend_schema_field(OpenApiTypes.URI)
class PublicUrlField(serializers.Field):
    """The record's public web page, as an absolute URL (read only)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "The record's page on the portal.")
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance: _HasPage) -> str:
        path = instance.get_absolute_url()
        request = self.context.get("request")
        return absolute_url(path, request) if request is not None else path
