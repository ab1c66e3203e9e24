"""Who attended an edition: a country on record as attending any of its meetings. The one rule the
dashboard, the map and the exports count by."""

from typing import TYPE_CHECKING, TypedDict

from django.db.models import Count, Q, QuerySet

from .models import Edition

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

ATTENDED = Q(attended_meeting=True) | Q(attended_prep_meetings=True) | Q(attended_summit=True)


def attended_through(prefix: str) -> Q:
    """``ATTENDED`` seen from a model that reaches Participation through ``prefix`` (e.g. "participations")."""
    return (
        Q(**{f"{prefix}__attended_meeting": True})
        | Q(**{f"{prefix}__attended_prep_meetings": True})
        | Q(**{f"{prefix}__attended_summit": True})
    )


class _Attendance(TypedDict):
    attending: int


if TYPE_CHECKING:
    # An edition as editions_with_attendance() gives it, with ``attending`` (for the type checker only).
    EditionWithAttendance = WithAnnotations[Edition, _Attendance]


def editions_with_attendance() -> "QuerySet[EditionWithAttendance]":
    """Every edition with ``attending``: the number of countries on record as attending any of its meetings."""
    # An aggregate query ignores Meta.ordering: the order is spelled out.
    return (
        Edition.objects.select_related("summit_country")
        .annotate(attending=Count("participations", filter=attended_through("participations")))
        .order_by("ordinal")
    )
