from django.db.models import Prefetch, QuerySet

from portal.accounts.roles import is_editor
from portal.api.views import PortalViewSet
from portal.forum.filters import EditionFilter, MeetingFilter, ParticipationFilter, RoundtableFilter
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole

from .serializers import (
    EditionSerializer,
    EditorParticipationSerializer,
    MeetingSerializer,
    ParticipationSerializer,
    RoundtableSerializer,
)


class EditionViewSet(PortalViewSet):
    """The Forum's editions, one per chairmanship; addressed by label (/api/v1/editions/2013-2014/)."""

    queryset = Edition.objects.select_related("summit_country")
    serializer_class = EditionSerializer
    filterset_class = EditionFilter
    lookup_field = "label"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["ordinal", "label", "summit_start", "updated_at"]
    ordering = ["ordinal"]


class MeetingViewSet(PortalViewSet):
    """Summits, preparatory and thematic meetings of each edition."""

    queryset = Meeting.objects.select_related("edition", "country")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["start_date", "title", "kind", "id", "updated_at"]
    ordering = ["edition__ordinal", "start_date", "title", "id"]


class RoundtableViewSet(PortalViewSet):
    """Roundtables, their sessions and clusters, by edition."""

    queryset = Roundtable.objects.select_related("edition")
    serializer_class = RoundtableSerializer
    filterset_class = RoundtableFilter
    ordering_fields = ["code", "id", "updated_at"]
    ordering = ["edition__ordinal", "code", "id"]


class ParticipationViewSet(PortalViewSet):
    """What is on record for a country in an edition: attendance, financial contribution, roles.
    Delegates' names are shown to editors only."""

    queryset = Participation.objects.select_related("edition", "country").prefetch_related(
        Prefetch("roundtable_roles", RoundtableRole.objects.select_related("roundtable")),
        Prefetch("meeting_roles", MeetingRole.objects.select_related("meeting")),
    )
    filterset_class = ParticipationFilter
    ordering_fields = ["id", "updated_at", "edition__ordinal", "country__name"]
    ordering = ["edition__ordinal", "country__name", "id"]

    def get_serializer_class(self) -> type[ParticipationSerializer]:
        # The OpenAPI document shows every field, marking the editors' ones as such.
        if getattr(self, "swagger_fake_view", False) or is_editor(self.request.user):
            return EditorParticipationSerializer
        return ParticipationSerializer

    def get_queryset(self) -> QuerySet[Participation]:
        queryset = super().get_queryset()
        if not is_editor(self.request.user):
            queryset = queryset.defer("delegates")
        return queryset
