"""Site-wide pages: the home page and the health check."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from portal.forum.models import Edition
from portal.forum.views import with_summit_dates
from portal.practices.models import Practice

logger = logging.getLogger(__name__)

LATEST_PRACTICES = 5


def current_edition() -> Edition | None:
    """The edition with the highest ordinal: the one under way or the last one held."""
    edition = Edition.objects.select_related("summit_country").order_by("-ordinal").first()
    return with_summit_dates(edition) if edition else None


def home(request: HttpRequest) -> HttpResponse:
    practices = Practice.objects.published().only("title", "summary", "date_shared")[:LATEST_PRACTICES]
    return render(request, "core/home.html", {"edition": current_edition(), "practices": practices})


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers a trivial query, 503 (naming the error class only) when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: the database did not answer", exc_info=True)
        return JsonResponse({"status": "error", "database": type(error).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: the target, what is checked and how, known limits, how to report a problem."""
    return render(request, "core/accessibility.html")
