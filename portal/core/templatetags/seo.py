"""Template helpers for what pages tell search engines and link previews (see portal.core.seo)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from portal.core import seo

register = template.Library()

# The characters that could end a <script> element or open a comment in it, written as JSON escapes
# (as Django's json_script does): the data stays the same JSON, and cannot break out of the element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value: object) -> SafeString:
    """``value`` as JSON for a ``<script type="application/ld+json">`` element."""
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(text)  # noqa: S308 - JSON with <, > and & escaped


@register.filter
def absolute_url(url: str, request: HttpRequest) -> str:
    return seo.absolute(request, str(url))


@register.filter
def filtered(params: QueryDict) -> bool:
    """Whether a list's address carries a query, a facet or a sort: anything but the page number."""
    return any(name != "page" for name in params)


@register.simple_tag(takes_context=True)
def website_data(context: template.Context) -> dict[str, object]:
    """schema.org: the portal as a WebSite whose practices can be searched by ``?q=``."""
    request = context["request"]
    search = request.build_absolute_uri(reverse("practices:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": gettext("GFMD Portal"),
        "url": request.build_absolute_uri(reverse("pages:home")),
        "inLanguage": [code for code, _ in settings.LANGUAGES],
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }
