"""``{% practice_data practice as data %}``: a practice as schema.org data (a CreativeWork), for the
``<script type="application/ld+json">`` of its page (serialised there by the ``jsonld`` filter)."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext

from portal.core import seo
from portal.core.reference_names import objective_name, theme_name
from portal.core.translations import translated

from ..models import Practice

register = template.Library()


@register.simple_tag(takes_context=True)
def practice_data(context: template.Context, practice: Practice) -> dict[str, object]:
    """Reads only what the page has fetched already: its countries, themes and objectives are prefetched."""
    request = context["request"]
    title = translated(practice, "title")
    summary = translated(practice, "summary")
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": context.get("canonical_url") or seo.absolute(request, practice.get_absolute_url()),
        "url": context.get("canonical_url") or seo.absolute(request, practice.get_absolute_url()),
        "name": title.text,
        "description": summary.text,
        "inLanguage": summary.language,
        "dateModified": practice.updated_at,
        "spatialCoverage": [
            {
                "@type": "Country",
                "name": country.localized_name,
                "identifier": country.iso3,
                "url": seo.absolute(request, country.get_absolute_url()),
            }
            for country in practice.countries.all()
        ],
        "about": [{"@type": "Thing", "name": theme_name(theme)} for theme in practice.themes.all()]
        + [{"@type": "Thing", "name": objective_name(objective)} for objective in practice.gcm_objectives.all()],
        "isPartOf": {
            "@type": "WebSite",
            "name": gettext("GFMD Portal"),
            "url": seo.absolute(request, reverse("pages:home")),
        },
        "license": settings.DATA_LICENSE_URL,
    }
    if practice.date_shared:
        data["datePublished"] = practice.date_shared
    if practice.image:
        data["image"] = seo.absolute(request, practice.image.url)
    return data
