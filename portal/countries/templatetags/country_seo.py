"""``{% country_data country as data %}``: a country profile as schema.org data (a ProfilePage about a
Country), for the ``<script type="application/ld+json">`` of the page (serialised by ``jsonld``)."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext

from portal.core import seo

from ..models import Country

register = template.Library()


@register.simple_tag(takes_context=True)
def country_data(context: template.Context, country: Country) -> dict[str, object]:
    request = context["request"]
    place: dict[str, object] = {
        "@type": "Country",
        "name": country.localized_name,
        "identifier": country.iso3,
    }
    if country.latitude is not None and country.longitude is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": country.latitude, "longitude": country.longitude}
    return {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        "url": context.get("canonical_url") or seo.absolute(request, country.get_absolute_url()),
        "name": country.localized_name,
        "inLanguage": context.get("LANGUAGE_CODE"),
        "dateModified": country.updated_at,
        "about": place,
        "isPartOf": {
            "@type": "WebSite",
            "name": gettext("GFMD Portal"),
            "url": seo.absolute(request, reverse("pages:home")),
        },
    }
