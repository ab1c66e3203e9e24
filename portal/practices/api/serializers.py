from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from portal.accounts.models import User
from portal.api.serializers import CodeRelatedField, FullCleanMixin, NumberRelatedField, PublicUrlField
from portal.countries.models import Country
from portal.forum.models import Edition, Meeting
from portal.practices import services
from portal.practices.columns import PRACTICE_COLUMNS
from portal.practices.models import GCMObjective, Practice, PracticeSource, SDGTarget, Theme, codes_of


class ThemeSerializer(FullCleanMixin, serializers.ModelSerializer):
    # A declared field: the serializer's metaclass takes it off the class, so it is not Field.parent
    # (the serializer a field belongs to), which the stubs see it replacing.
    parent = CodeRelatedField(  # type: ignore[assignment]
        slug_field="slug", queryset=Theme.objects.all(), allow_null=True, required=False, help_text="Parent's slug."
    )

    class Meta:
        model = Theme
        fields = ["id", "slug", "name", "parent"]


class GCMObjectiveSerializer(FullCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = GCMObjective
        fields = ["number", "short_label", "title"]


class SDGTargetSerializer(FullCleanMixin, serializers.ModelSerializer):
    class Meta:
        model = SDGTarget
        fields = ["code", "title"]


class PracticeSourceSerializer(serializers.ModelSerializer):
    """A source as given: its text. The edition it names is found from the text, as the form does."""

    text = serializers.CharField(
        allow_blank=True, help_text="E.g. 'GFMD 2021-2022 – Mayors Mechanism's Call to Local Action'."
    )
    edition: serializers.SlugRelatedField[Edition] = serializers.SlugRelatedField(
        slug_field="label", read_only=True, help_text="Edition label, if known."
    )
    meeting: serializers.PrimaryKeyRelatedField[Meeting] = serializers.PrimaryKeyRelatedField(
        read_only=True, help_text="The meeting's id, if known."
    )

    class Meta:
        model = PracticeSource
        fields = ["text", "edition", "meeting"]


@extend_schema_field({"type": "string", "nullable": True, "description": "Who shared it, as the portal shows it."})
class SubmitterNameField(serializers.Field):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance: Practice) -> User | None:
        return instance.submitter

    def to_representation(self, user: User | None) -> str | None:
        return user.display_name if user is not None else None


class RelatedCodes(serializers.ManyRelatedField):
    """A relation of a practice, written and shown as a list of codes. A list of practices reads the
    codes of its whole page beforehand (``attach_related_codes`` in practices/models.py), without building
    the related records; a single practice reads its own (``codes_of``), relation by relation."""

    def get_attribute(self, instance: Practice) -> list[Any]:
        name = str(self.field_name)
        return codes_of(instance, [name])[name]

    def to_representation(self, codes: Iterable[Any]) -> list[Any]:
        return list(codes)


@extend_schema_serializer(component_name="PublicPractice")
class PracticeSerializer(FullCleanMixin, serializers.ModelSerializer):
    """A published entry of the Policy & Practice Database, as its public page shows it."""

    url = PublicUrlField()
    image = serializers.ImageField(read_only=True, use_url=True)
    countries = RelatedCodes(
        child_relation=CodeRelatedField(slug_field="iso3", queryset=Country.objects.all()),
        required=False,
        help_text="ISO3 codes: at least one, unless is_global is true (as the contribution form asks).",
    )
    themes = RelatedCodes(
        child_relation=CodeRelatedField(slug_field="slug", queryset=Theme.objects.all()),
        required=False,
        help_text="Theme slugs.",
    )
    gcm_objectives = RelatedCodes(
        child_relation=NumberRelatedField(slug_field="number", queryset=GCMObjective.objects.all()),
        required=False,
        help_text="GCM objective numbers (1 to 23).",
    )
    sdg_targets = RelatedCodes(
        child_relation=CodeRelatedField(slug_field="code", queryset=SDGTarget.objects.all()),
        required=False,
        help_text="SDG target codes.",
    )
    submitter = SubmitterNameField()
    sources = PracticeSourceSerializer(many=True, required=False, help_text="Replaces the sources when given.")

    class Meta:
        model = Practice
        # The public fields of a practice are the export's columns: one list for both.
        fields = [*PRACTICE_COLUMNS, "updated_at"]
        read_only_fields = ["updated_at"]

    M2M = ("countries", "themes", "gcm_objectives", "sdg_targets")

    def _save(self, instance: Practice, validated_data: dict) -> Practice:
        # The same path as the contribution form: checks, saves and logs a new entry as a draft.
        links = {name: validated_data.pop(name) for name in self.M2M if name in validated_data}
        sources = validated_data.pop("sources", None)
        return services.save_practice(
            practice=instance,
            actor=self.context["request"].user,
            fields=validated_data,
            sources=None if sources is None else [source["text"] for source in sources],
            **links,
        )

    def create(self, validated_data: dict) -> Practice:
        return self._save(Practice(), validated_data)

    def update(self, instance: Practice, validated_data: dict) -> Practice:
        return self._save(instance, validated_data)


PRIVATE_FIELDS = ("status", "contact_name", "contact_organisation", "contact_email", "contact_phone", "source")


# The OpenAPI document describes this one (as "Practice"), with the editors' fields marked as such.
@extend_schema_serializer(component_name="Practice")
class EditorPracticeSerializer(PracticeSerializer):
    """What editors see: every state, the contact (never public) and the provenance.
    The state changes through moderation on the portal, not here."""

    editor_only = (*PRIVATE_FIELDS, "created_at")

    class Meta(PracticeSerializer.Meta):
        fields = [*PracticeSerializer.Meta.fields, *PRIVATE_FIELDS, "created_at"]
        read_only_fields = ["updated_at", "status", "created_at"]
        extra_kwargs = {name: {"help_text": "Editors only."} for name in PRIVATE_FIELDS}
