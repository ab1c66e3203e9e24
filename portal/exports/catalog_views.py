"""The DCAT catalogue of the exports (``/exports/catalog.jsonld``); the open-data page that shows it
to people is ``pages.site_views.open_data``."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_safe

from . import catalog


def license_link() -> str:
    """The ``Link`` header value naming the data's licence (RFC 8288), for the catalogue and every export."""
    return f'<{settings.DATA_LICENSE_URL}>; rel="license"'


@require_safe
def catalog_jsonld(request: HttpRequest) -> HttpResponse:
    """Machine-facing, like the exports it describes: always in English."""
    with override(settings.LANGUAGE_CODE):
        data = catalog.dcat_catalog(
            catalog.datasets(),
            catalog_url=request.build_absolute_uri(reverse("exports:catalog")),
            page_url=request.build_absolute_uri(reverse("pages:open_data")),
            home_url=request.build_absolute_uri(reverse("pages:home")),
            address=lambda name: request.build_absolute_uri(reverse(name)),
        )
    response = JsonResponse(data, content_type="application/ld+json", json_dumps_params={"indent": 2})
    response["Link"] = license_link()
    return response
