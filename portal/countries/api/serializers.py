from rest_framework import serializers

from portal.api.serializers import CodeRelatedField, FullCleanMixin, PublicUrlField
from portal.countries.models import Country, ExternalResource


class CountrySerializer(FullCleanMixin, serializers.ModelSerializer):
    url = PublicUrlField()
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, required=False
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, coerce_to_string=False, allow_null=True, required=False
    )
    wkt = serializers.CharField(read_only=True, help_text="The point as WKT: POINT (longitude latitude).")

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "numeric",
            "name",
            "official_name",
            "region",
            "subregion",
            "intermediate_region",
            "latitude",
            "longitude",
            "wkt",
            "un_member_since",
            "gfmd_status",
            "background",
            "url",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]


class ExternalResourceSerializer(FullCleanMixin, serializers.ModelSerializer):
    countries = CodeRelatedField(
        many=True, slug_field="iso3", queryset=Country.objects.all(), required=False, help_text="ISO3 codes."
    )

    class Meta:
        model = ExternalResource
        fields = ["id", "title", "text", "url", "publisher", "countries", "source", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]
