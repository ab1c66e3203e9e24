"""Who attended an edition: a country on record as attending any of its meetings. The one rule the
dashboard, the map and the exports count by."""

from django.db.models import Count, Q, QuerySet

from .models import Edition

ATTENDED = Q(attended_meeting=True) | Q(attended_prep_meetings=True) | Q(attended_summit=True)


def attended_through(prefix: str) -> Q:
    """``ATTENDED`` seen from a model that reaches Participation through ``prefix`` (e.g. "participations")."""
    return (
        Q(**{f"{prefix}__attended_meeting": True})
        | Q(**{f"{prefix}__attended_prep_meetings": True})
        | Q(**{f"{prefix}__attended_summit": True})
    )


def editions_with_attendance() -> QuerySet[Edition]:
    """Every edition with ``attending``: the number of countries on record as attending any of its meetings."""
    # An aggregate query ignores Meta.ordering: the order is spelled out.
    return (
        Edition.objects.select_related("summit_country")
        .annotate(attending=Count("participations", filter=attended_through("participations")))
        .order_by("ordinal")
    )
