from collections.abc import Sequence
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet

from portal.accounts.roles import is_editor
from portal.api.pagination import PortalPagination
from portal.api.views import PortalViewSet
from portal.practices.filters import PracticeFilter, PracticePaginator
from portal.practices.models import (
    GCMObjective,
    Practice,
    PracticeQuerySet,
    PracticeSource,
    SDGTarget,
    Theme,
    attach_related_codes,
)

from .filters import SDGTargetFilter, ThemeFilter
from .serializers import (
    EditorPracticeSerializer,
    GCMObjectiveSerializer,
    PracticeSerializer,
    SDGTargetSerializer,
    ThemeSerializer,
)


def with_related(practices: PracticeQuerySet) -> PracticeQuerySet:
    """The submitter and sources a practice is shown with, in a fixed number of queries whatever the
    number of rows. Its other relations are codes (``attach_related_codes``)."""
    return practices.select_related("submitter").prefetch_related(
        Prefetch("sources", PracticeSource.objects.select_related("edition").order_by("id")),
    )


class PracticeViewSet(PortalViewSet):
    """The Policy & Practice Database. Everyone sees the published entries, a contributor their own
    too (``visible_to``); editors see every state and the contact details. Filters are those of the
    search page (/practices/)."""

    serializer_class = PracticeSerializer
    ordering_fields = ["date_shared", "title", "id", "updated_at"]
    ordering = None  # the filter's own ``sort`` (or the model's order) unless ?ordering= is given

    filterset_class = PracticeFilter

    def get_queryset(self) -> PracticeQuerySet:
        return with_related(Practice.objects.visible_to(self.request.user))

    def get_serializer_class(self) -> type[PracticeSerializer]:
        if getattr(self, "swagger_fake_view", False) or is_editor(self.request.user):
            return EditorPracticeSerializer
        return PracticeSerializer

    # ConditionalGetMixin's types: REST framework's stubs make the method generic, so no override can narrow it.
    def paginate_queryset(self, queryset: QuerySet | Sequence[Any]) -> list[Any] | None:
        """An anonymous list (published practices only) in the filter's own order is counted and paged
        from the facet sets (facets.py), instead of counting and sorting the table for each page."""
        params = self.request.query_params
        # Anonymous readers only: a signed-in contributor's list holds their own entries too (visible_to),
        # which the sets, made of published practices, do not.
        if self.action == "list" and not self.request.user.is_authenticated and not params.get("ordering"):
            filterset = PracticeFilter(params)
            if filterset.is_valid():
                assert isinstance(self.paginator, PortalPagination)  # pagination_class, as PortalViewSet sets it
                # REST framework only calls it to make the paginator; the stubs ask for a class.
                self.paginator.django_paginator_class = partial(  # type: ignore[assignment]
                    PracticePaginator, rows=self.get_queryset(), index=filterset.ranked()
                )
        page = super().paginate_queryset(queryset)
        if page is not None:
            attach_related_codes(page)
        return page


class ThemeViewSet(PortalViewSet):
    """GFMD thematic areas, a two-level tree; addressed by slug."""

    queryset = Theme.objects.select_related("parent")
    serializer_class = ThemeSerializer
    filterset_class = ThemeFilter
    lookup_field = "slug"
    ordering_fields = ["name", "slug", "id"]
    ordering = ["parent__name", "name", "id"]


class GCMObjectiveViewSet(PortalViewSet):
    """The 23 objectives of the Global Compact for Migration; addressed by number."""

    queryset = GCMObjective.objects.all()
    serializer_class = GCMObjectiveSerializer
    filterset_class = None
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["number"]
    ordering = ["number"]


class SDGTargetViewSet(PortalViewSet):
    """Targets of the Sustainable Development Goals; addressed by code (/api/v1/sdg-targets/10.7/)."""

    queryset = SDGTarget.objects.all()
    serializer_class = SDGTargetSerializer
    filterset_class = SDGTargetFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    ordering_fields = ["code"]
    ordering = ["position", "code"]  # as the UN lists them (SDGTarget.position); ?ordering=code is text order
