"""The language switcher: the page the visitor is on, in each of the portal's languages.

Plain links rather than a form, so that every page stays cacheable and the switch works
without JavaScript or a cookie.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, get_language_from_path, override


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's name in that language: "Français"
    url: str  # the same page in that language, query string included
    current: bool


def same_page_in(request: HttpRequest, code: str) -> str:
    """The address of the page the request shows, in language ``code`` (itself when it has no translation).

    The view the request was routed to names the page: reversing it in each language spares
    ``translate_url`` resolving the path again for every language. Not remembered (as
    ``cached_reverse`` would): the arguments come from the visitor's address, tokens included."""
    match = request.resolver_match
    if match is None:
        return under_prefix(request.get_full_path(), code)
    if not match.url_name:
        return translate_url(request.get_full_path(), code)
    with override(code):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return translate_url(request.get_full_path(), code)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{iri_to_uri(query)}" if query else path


def under_prefix(full_path: str, code: str) -> str:
    """An address no view answers (a "page not found"), under language ``code``'s prefix: the English
    link of ``/fr/nope/`` is ``/nope/``, so that the switcher still changes the language of the page."""
    path, mark, query = full_path.partition("?")
    current = get_language_from_path(path)
    if current:
        path = path.removeprefix(f"/{current}")
    # One leading slash: "//host/" or "/\\host/" in a link would lead browsers to another site.
    path = "/" + path.lstrip("/\\")
    return (path if code == settings.LANGUAGE_CODE else f"/{code}{path}") + mark + query


def language_links(request: HttpRequest) -> dict[str, list[LanguageLink]]:
    """Template context: ``language_links``, one per language of settings.LANGUAGES."""
    current = get_language()
    return {
        "language_links": [
            LanguageLink(code, name, same_page_in(request, code), code == current) for code, name in settings.LANGUAGES
        ]
    }
