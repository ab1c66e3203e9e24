"""What a page tells search engines and link previews about itself.

``page_addresses`` (a context processor) gives every page its canonical address and its
alternates in each language, as absolute addresses: crawlers ignore relative ``hreflang``
links. The addresses are the language switcher's (``same_page_in``) without the query string,
made absolute by ``portal.lib.urls``, as every other full address is.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language

from portal.lib.urls import absolute_url, site_root

from .languages import same_page_in

# Open Graph names a locale, not a language.
OG_LOCALES = {"en": "en_GB", "fr": "fr_FR", "es": "es_ES"}


def absolute(request: HttpRequest, url: str) -> str:
    """``url`` as an absolute address (unchanged when it is one already, e.g. media on S3)."""
    return absolute_url(url, request)


def page_addresses(request: HttpRequest) -> dict[str, object]:
    """Template context: ``canonical_url``, ``alternate_links`` ((code, url) per language),
    ``x_default_url``, ``og_locale``, ``og_locale_alternates``, ``site_url`` (no trailing slash) and
    the data licence (``data_license_url``, ``data_license_name``)."""
    current = get_language() or settings.LANGUAGE_CODE
    addresses = {
        code: absolute_url(same_page_in(request, code).split("?", 1)[0], request) for code, _ in settings.LANGUAGES
    }
    return {
        "canonical_url": addresses.get(current) or absolute_url(request.path, request),
        "alternate_links": list(addresses.items()),
        "x_default_url": addresses.get(settings.LANGUAGE_CODE, ""),
        "og_locale": OG_LOCALES.get(current, current),
        "og_locale_alternates": [OG_LOCALES.get(code, code) for code in addresses if code != current],
        "site_url": site_root(request),
        "data_license_url": settings.DATA_LICENSE_URL,
        "data_license_name": settings.DATA_LICENSE_NAME,
    }
