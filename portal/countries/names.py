"""Country names in the visitor's language, from the ISO 3166-1 translations that pycountry ships.

The database holds the English names (editors may correct them); other languages come from
pycountry's gettext catalogues, looked up by the ISO name of the country's alpha-3 code. Where
pycountry has no translation, the stored English name is shown.
"""

import gettext
import unicodedata
from functools import lru_cache

import pycountry
from django.conf import settings
from django.utils.translation import get_language

DOMAIN = "iso3166-1"


@lru_cache(maxsize=16)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, pycountry.LOCALES_DIR, languages=[language], fallback=True)


def _translated(english: str, language: str) -> str | None:
    """pycountry's translation of an ISO English name, or None when it has none."""
    text = _catalogue(language).gettext(english)
    return text if text != english else None


def _is_english(language: str | None) -> bool:
    return not language or language.split("-")[0] == settings.LANGUAGE_CODE


def localized_country_name(iso3: str, stored_name: str, language: str | None = None) -> str:
    """The country's short name in ``language`` (default: the active one); the stored name in English."""
    language = language or get_language()
    if _is_english(language):
        return stored_name
    entry = pycountry.countries.get(alpha_3=iso3.upper()) if iso3 else None
    if entry is None:
        return stored_name
    for english in (entry.name, getattr(entry, "common_name", None)):
        if english and (text := _translated(english, language)):
            return text
    return stored_name


def localized_official_name(iso3: str, stored_name: str, language: str | None = None) -> str:
    """The country's official name in ``language``; the stored one in English or without a translation."""
    language = language or get_language()
    if _is_english(language) or not stored_name:
        return stored_name
    return _translated(stored_name, language) or stored_name


def sort_key(name: str) -> str:
    """A key that sorts names as a reader expects: case aside and, in French and Spanish, accents aside too
    (Égypte between Danemark and Fidji). English keeps the order it always had (case aside only)."""
    if _is_english(get_language()):
        return name.casefold()
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
