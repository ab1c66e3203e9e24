"""Public pages of the subjects practices are tagged with besides countries: themes and GCM objectives.

Each lists the subject's published practices, offers the subscribe form and announces its feed;
its "Subscribe to …" page gathers the two ways to follow it, as a country's does.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from portal.core.page_cache import page_params
from portal.core.reference_names import theme_name

from .models import GCMObjective, Practice, Theme

PRACTICES_PER_PAGE = 20


def theme_list(request: HttpRequest) -> HttpResponse:
    themes = Theme.objects.filter(parent__isnull=True).prefetch_related("children")
    counts = Practice.objects.published().count_by_theme()
    # Each theme with the number of published practices its page lists, then its sub-themes likewise.
    rows = [
        (theme, counts.get(theme.pk, 0), [(child, counts.get(child.pk, 0)) for child in theme.children.all()])
        for theme in themes
    ]
    return render(request, "practices/theme_list.html", {"rows": rows})


@page_params("page")
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    context = {"theme": theme, "children": theme.children.all(), "name": theme_name(theme)}
    return _topic_page(request, theme, _feed_url(theme), context)


def theme_follow(request: HttpRequest, slug: str) -> HttpResponse:
    """A theme's "Subscribe to …" page: its e-mail digest and its Atom feed, as a country's page offers them."""
    theme = get_object_or_404(Theme.objects.select_related("parent"), slug=slug)
    context = {"theme": theme, "name": theme_name(theme), "target": theme}
    return render(request, "practices/topic_follow.html", context | {"feed_url": _feed_url(theme)})


def objective_list(request: HttpRequest) -> HttpResponse:
    published = Q(practices__in=Practice.objects.published().order_by())
    objectives = GCMObjective.objects.annotate(published=Count("practices", filter=published))
    return render(request, "practices/objective_list.html", {"objectives": objectives})


@page_params("page")
def objective_detail(request: HttpRequest, number: int) -> HttpResponse:
    objective = get_object_or_404(GCMObjective, number=number)
    context = {"objective": objective, "name": objective.display_name()}
    return _topic_page(request, objective, _feed_url(objective), context)


def objective_follow(request: HttpRequest, number: int) -> HttpResponse:
    """An objective's "Subscribe to …" page, as a theme's."""
    objective = get_object_or_404(GCMObjective, number=number)
    context = {"objective": objective, "name": objective.display_name(), "target": objective}
    return render(request, "practices/topic_follow.html", context | {"feed_url": _feed_url(objective)})


def _feed_url(target: Theme | GCMObjective) -> str:
    if isinstance(target, Theme):
        return reverse("subscriptions:theme_feed", args=[target.slug])
    return reverse("subscriptions:objective_feed", args=[target.number])


def _topic_page(request: HttpRequest, target: Theme | GCMObjective, feed_url: str, context: dict) -> HttpResponse:
    practices = Practice.objects.published().tagged_with(target).for_summaries()
    page = Paginator(practices, PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    context |= {"target": target, "feed_url": feed_url, "practices": page}
    return render(request, "practices/topic_detail.html", context)
