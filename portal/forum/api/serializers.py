from typing import Any

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from portal.api.serializers import CodeRelatedField, FullCleanMixin, PublicUrlField
from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole


def country_field(**kwargs: Any) -> CodeRelatedField:
    return CodeRelatedField(slug_field="iso3", queryset=Country.objects.all(), help_text="ISO3 code.", **kwargs)


def edition_field(**kwargs: Any) -> CodeRelatedField:
    return CodeRelatedField(slug_field="label", queryset=Edition.objects.all(), help_text="Edition label.", **kwargs)


class EditionSerializer(FullCleanMixin, serializers.ModelSerializer):
    url = PublicUrlField()
    summit_country = country_field(allow_null=True, required=False)

    class Meta:
        model = Edition
        fields = [
            "label",
            "ordinal",
            "chair",
            "chair_start",
            "chair_end",
            "theme",
            "summit_city",
            "summit_country",
            "summit_start",
            "summit_end",
            "summit_note",
            "source_url",
            "url",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class MeetingSerializer(FullCleanMixin, serializers.ModelSerializer):
    edition = edition_field()
    country = country_field(allow_null=True, required=False)

    class Meta:
        model = Meeting
        fields = ["id", "edition", "kind", "title", "start_date", "end_date", "city", "country", "updated_at"]
        read_only_fields = ["updated_at"]


class RoundtableSerializer(FullCleanMixin, serializers.ModelSerializer):
    edition = edition_field()

    class Meta:
        model = Roundtable
        fields = ["id", "edition", "code", "title", "session_title", "updated_at"]
        read_only_fields = ["updated_at"]


class RoundtableRoleSerializer(serializers.ModelSerializer):
    roundtable = serializers.IntegerField(source="roundtable_id", help_text="The roundtable's id.")
    code = serializers.CharField(source="roundtable.code")
    title = serializers.CharField(source="roundtable.display_title")

    class Meta:
        model = RoundtableRole
        fields = ["roundtable", "code", "title", "role", "source_text"]
        read_only_fields = fields


class MeetingRoleSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="meeting_id", help_text="The meeting's id.")
    title = serializers.CharField(source="meeting.title")
    kind = serializers.CharField(source="meeting.kind")
    start_date = serializers.DateField(source="meeting.start_date", allow_null=True)

    class Meta:
        model = MeetingRole
        fields = ["meeting", "title", "kind", "start_date", "role", "source_text"]
        read_only_fields = fields


@extend_schema_serializer(component_name="PublicParticipation")
class ParticipationSerializer(FullCleanMixin, serializers.ModelSerializer):
    """A country's record in one edition. Roles are read here; the admin changes them."""

    country = country_field()
    edition = edition_field()
    roundtable_roles = RoundtableRoleSerializer(many=True, read_only=True)
    meeting_roles = MeetingRoleSerializer(many=True, read_only=True)

    class Meta:
        model = Participation
        fields = [
            "id",
            "country",
            "edition",
            "attended_meeting",
            "attended_prep_meetings",
            "attended_summit",
            "financial_recorded",
            "financial_contribution",
            "contribution_amount",
            "contribution_currency",
            "roundtables_recorded",
            "roundtable_roles",
            "meeting_roles",
            "source",
            "imported_at",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


@extend_schema_serializer(component_name="Participation")
class EditorParticipationSerializer(ParticipationSerializer):
    """What editors see and change: the public record and the delegates' names."""

    editor_only = ("delegates",)

    class Meta(ParticipationSerializer.Meta):
        fields = [*ParticipationSerializer.Meta.fields, "delegates"]
        extra_kwargs = {"delegates": {"help_text": "Editors only: the delegates' names."}}
