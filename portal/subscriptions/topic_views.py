"""Public pages for the subjects one can follow besides countries: themes and GCM objectives.

Each lists the subject's published practices, offers the subscribe form and announces its feed.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from portal.core.page_cache import page_params
from portal.practices.models import GCMObjective, Practice, Theme

from .items import practices_of
from .models import target_feed_url, target_name

PRACTICES_PER_PAGE = 20

PUBLISHED = Q(practices__status=Practice.Status.PUBLISHED, practices__merged_into__isnull=True)


def theme_list(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.filter(parent__isnull=True).prefetch_related("children")
    return render(request, "subscriptions/theme_list.html", {"themes": themes})


@page_params("page")
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    return _topic_page(request, theme, {"theme": theme, "children": theme.children.all()})


def objective_list(request: HttpRequest) -> HttpResponse:
    objectives = GCMObjective.objects.annotate(published=Count("practices", filter=PUBLISHED))
    return render(request, "subscriptions/objective_list.html", {"objectives": objectives})


@page_params("page")
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = get_object_or_404(GCMObjective, number=number)
    return _topic_page(request, objective, {"objective": objective})


def _topic_page(request: HttpRequest, target, context: dict) -> HttpResponse:
    practices = practices_of(target).for_summaries()
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "subscriptions/topic_detail.html",
        {
            **context,
            "target": target,
            "name": target_name(target),
            "feed_url": target_feed_url(target),
            "practices": page,
        },
    )
