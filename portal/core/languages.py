"""The language switcher: the page the visitor is on, in each of the portal's languages.

Plain links rather than a form, so that every page stays cacheable and the switch works
without JavaScript or a cookie.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's name in that language: "Français"
    url: str  # the same page in that language, query string included
    current: bool


def same_page_in(request: HttpRequest, code: str) -> str:
    """The address of the page the request shows, in language ``code`` (itself when it has no translation)."""
    return translate_url(request.get_full_path(), code)


def language_links(request: HttpRequest) -> dict[str, list[LanguageLink]]:
    """Template context: ``language_links``, one per language of settings.LANGUAGES."""
    current = get_language()
    return {
        "language_links": [
            LanguageLink(code, name, same_page_in(request, code), code == current) for code, name in settings.LANGUAGES
        ]
    }
