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


# --- finding a country by what a person would type ------------------------------------------------

# Names people still use that ISO 3166 no longer gives (or never gave) as a name, common name or
# official name; pycountry supplies the rest. Keys are compared with ``name_key``.
ALIASES = {
    "turkey": "TUR",
    "republic of turkey": "TUR",
    "ivory coast": "CIV",
    "swaziland": "SWZ",
    "kingdom of swaziland": "SWZ",
    "burma": "MMR",
    "czech republic": "CZE",
    "macedonia": "MKD",
    "former yugoslav republic of macedonia": "MKD",
    "cape verde": "CPV",
    "east timor": "TLS",
    "russia": "RUS",
    "north korea": "PRK",
    "the gambia": "GMB",
    "zaire": "COD",
    "democratic republic of the congo": "COD",
    "dr congo": "COD",
    "republic of the congo": "COG",
    "congo brazzaville": "COG",
    "holy see": "VAT",
    "vatican": "VAT",
    "palestine": "PSE",
    "moldova": "MDA",
    "micronesia": "FSM",
    "brunei": "BRN",
    "great britain": "GBR",
    "uk": "GBR",
    "usa": "USA",
    "united states": "USA",
    "netherlands": "NLD",
    "the netherlands": "NLD",
    "holland": "NLD",
}


def name_key(text: str) -> str:
    """A name as compared: accents, case, punctuation and a leading 'the' aside ('Côte d’Ivoire' = 'cote d ivoire')."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    words = "".join(char if char.isalnum() else " " for char in plain).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def iso_names() -> dict[str, str]:
    """Every name ISO 3166 (through pycountry) and the alias table give, by ``name_key``, to an alpha-3 code."""
    names: dict[str, str] = {}
    for entry in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(entry, attribute, None)
            if value:
                names.setdefault(name_key(value), entry.alpha_3)
        # 'Korea, Republic of' is also written 'Republic of Korea'.
        head, comma, tail = entry.name.partition(", ")
        if comma:
            names.setdefault(name_key(f"{tail} {head}"), entry.alpha_3)
    for alias, iso3 in ALIASES.items():
        names.setdefault(name_key(alias), iso3)
    return names


def iso3_for_name(text: str, stored: dict[str, str] | None = None) -> str | None:
    """The alpha-3 code a name designates: ``stored`` (the database's names and codes by ``name_key``) first,
    then ISO's names and the aliases; None when nothing matches."""
    key = name_key(text)
    if not key:
        return None
    if stored and key in stored:
        return stored[key]
    return iso_names().get(key)


def closest_names(text: str, candidates: dict[str, str], n: int = 3) -> list[str]:
    """The alpha-3 codes of the ``n`` names closest to ``text`` (``candidates``: name_key to code), best first."""
    import difflib

    found: list[str] = []
    for key in difflib.get_close_matches(name_key(text), list(candidates), n=n * 3, cutoff=0.5):
        if candidates[key] not in found:
            found.append(candidates[key])
    return found[:n]
