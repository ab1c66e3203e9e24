from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from portal.api.views import PortalViewSet
from portal.countries.filters import CountryFilter, ExternalResourceFilter
from portal.countries.models import Country, ExternalResource

from .serializers import CountrySerializer, ExternalResourceSerializer


class CountryViewSet(PortalViewSet):
    """Countries (ISO 3166-1), with UN M49 regions, a representative point and the GFMD status.
    A country is addressed by its ISO3 code, in either case: /api/v1/countries/mli/."""

    queryset = Country.objects.all()
    serializer_class = CountrySerializer
    filterset_class = CountryFilter
    lookup_field = "iso3"
    lookup_value_regex = "[A-Za-z]{3}"
    ordering_fields = ["name", "iso3", "iso2", "region", "subregion", "updated_at"]
    ordering = ["name"]

    def get_object(self) -> Country:
        queryset = self.filter_queryset(self.get_queryset())
        instance: Country = get_object_or_404(queryset, iso3=self.kwargs["iso3"].upper())
        self.check_object_permissions(self.request, instance)
        self._last_modified = instance.updated_at
        return instance


class ExternalResourceViewSet(PortalViewSet):
    """Sources outside the portal about countries (e.g. ICMPD's i-Map country profiles)."""

    queryset = ExternalResource.objects.prefetch_related(
        Prefetch("countries", Country.objects.only("iso3").order_by("iso3"))
    )
    serializer_class = ExternalResourceSerializer
    filterset_class = ExternalResourceFilter
    ordering_fields = ["title", "publisher", "updated_at", "id"]
    ordering = ["title", "id"]
