"""``/robots.txt`` and ``/favicon.ico``: the two addresses that crawlers and browsers ask for unprompted."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    # The pages people read are at /… in the default language and /<code>/… in the others.
    prefixes = [""] + [f"/{code}" for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    return render(request, "robots.txt", {"prefixes": prefixes}, content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(max_age=86400, public=True)
def favicon_ico(request: HttpRequest) -> HttpResponse:
    """Browsers and feed readers that do not read the page's <link rel="icon"> ask for /favicon.ico."""
    return redirect(static("img/favicon.ico"))
