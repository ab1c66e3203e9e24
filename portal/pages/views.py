"""The home page: what the portal holds, in figures, on a small map and in its latest practices.

It lives outside ``core`` because it reads every content app, and ``core`` reads none."""

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.forum.models import Edition, Participation
from portal.practices.models import Practice
from portal.subscriptions.models import Subscription

from .edition_views import with_summit_dates
from .map import DEFAULT_MEASURE, MEASURES, build_map

LATEST_PRACTICES = 5


@dataclass
class KeyFigures:
    countries: int  # countries with at least one participation record
    editions: int
    practices: int  # published ones
    subscribers: int  # distinct confirmed addresses or accounts


def key_figures() -> KeyFigures:
    return KeyFigures(
        countries=Participation.objects.values("country").distinct().count(),
        editions=Edition.objects.count(),
        practices=Practice.objects.published().count(),
        subscribers=Subscription.objects.confirmed().values_list("user", "email").distinct().count(),
    )


def current_edition() -> Edition | None:
    """The edition with the highest ordinal: the one under way or the last one held."""
    edition = Edition.objects.select_related("summit_country").order_by("-ordinal").first()
    return with_summit_dates(edition) if edition else None


def home(request: HttpRequest) -> HttpResponse:
    practices = Practice.objects.published().only("title", "summary", "date_shared", "language")[:LATEST_PRACTICES]
    return render(
        request,
        "pages/home.html",
        {
            "figures": key_figures(),
            "edition": current_edition(),
            "practices": practices,
            "world": build_map(MEASURES[DEFAULT_MEASURE], None),
        },
    )
