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


# The short names the United Nations uses (UN M49 / UNTERM) in English, French and Spanish, where
# they differ from ISO 3166's ("Congo, The Democratic Republic of the") or from pycountry's
# translation of it ("Syrienne, République arabe"). Every other country keeps ISO's name, which
# ISO takes from the same UN terminology.
UN_NAMES: dict[str, tuple[str, str, str]] = {
    "ALA": ("Åland Islands", "Îles d'Åland", "Islas Åland"),
    "BFA": ("Burkina Faso", "Burkina Faso", "Burkina Faso"),
    "BGD": ("Bangladesh", "Bangladesh", "Bangladesh"),
    "BOL": ("Bolivia (Plurinational State of)", "Bolivie (État plurinational de)", "Bolivia (Estado Plurinacional de)"),
    "CCK": ("Cocos (Keeling) Islands", "Îles des Cocos (Keeling)", "Islas Cocos (Keeling)"),
    "CIV": ("Côte d'Ivoire", "Côte d'Ivoire", "Côte d'Ivoire"),
    "COD": (
        "Democratic Republic of the Congo",
        "République démocratique du Congo",
        "República Democrática del Congo",
    ),
    "COM": ("Comoros", "Comores", "Comoras"),
    "CXR": ("Christmas Island", "Île Christmas", "Isla Christmas"),
    "DZA": ("Algeria", "Algérie", "Argelia"),
    "FLK": ("Falkland Islands (Malvinas)", "Îles Falkland (Malvinas)", "Islas Malvinas (Falkland)"),
    "FSM": ("Micronesia (Federated States of)", "Micronésie (États fédérés de)", "Micronesia (Estados Federados de)"),
    "GBR": (
        "United Kingdom of Great Britain and Northern Ireland",
        "Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
        "Reino Unido de Gran Bretaña e Irlanda del Norte",
    ),
    "IRN": ("Iran (Islamic Republic of)", "Iran (République islamique d')", "Irán (República Islámica del)"),
    "KOR": ("Republic of Korea", "République de Corée", "República de Corea"),
    "LAO": (
        "Lao People's Democratic Republic",
        "République démocratique populaire lao",
        "República Democrática Popular Lao",
    ),
    "MDA": ("Republic of Moldova", "République de Moldova", "República de Moldova"),
    "MMR": ("Myanmar", "Myanmar", "Myanmar"),
    "PRK": (
        "Democratic People's Republic of Korea",
        "République populaire démocratique de Corée",
        "República Popular Democrática de Corea",
    ),
    "PSE": ("State of Palestine", "État de Palestine", "Estado de Palestina"),
    "REU": ("Réunion", "Réunion", "Reunión"),
    "RUS": ("Russian Federation", "Fédération de Russie", "Federación de Rusia"),
    "SLB": ("Solomon Islands", "Îles Salomon", "Islas Salomón"),
    "SWZ": ("Eswatini", "Eswatini", "Eswatini"),
    "SYR": ("Syrian Arab Republic", "République arabe syrienne", "República Árabe Siria"),
    "TUR": ("Türkiye", "Türkiye", "Türkiye"),
    "TZA": ("United Republic of Tanzania", "République-Unie de Tanzanie", "República Unida de Tanzanía"),
    "USA": ("United States of America", "États-Unis d'Amérique", "Estados Unidos de América"),
    "VAT": ("Holy See", "Saint-Siège", "Santa Sede"),
    "VEN": (
        "Venezuela (Bolivarian Republic of)",
        "Venezuela (République bolivarienne du)",
        "Venezuela (República Bolivariana de)",
    ),
    "VGB": ("British Virgin Islands", "Îles Vierges britanniques", "Islas Vírgenes Británicas"),
    "VIR": ("United States Virgin Islands", "Îles Vierges américaines", "Islas Vírgenes de los Estados Unidos"),
    "VNM": ("Viet Nam", "Viet Nam", "Viet Nam"),
}
UN_LANGUAGES = ("en", "fr", "es")

# The two non-member states with a standing invitation as observers at the UN General Assembly.
UN_OBSERVER_STATES = frozenset({"VAT", "PSE"})


def un_name(iso3: str, language: str) -> str | None:
    """The UN's short name of the country in ``language`` where it differs from ISO's; else None."""
    names = UN_NAMES.get(iso3.upper()) if iso3 else None
    code = (language or settings.LANGUAGE_CODE).split("-")[0]
    if names is None or code not in UN_LANGUAGES:
        return None
    return names[UN_LANGUAGES.index(code)]


def localized_country_name(iso3: str, stored_name: str, language: str | None = None) -> str:
    """The country's short name in ``language`` (default: the active one), in the UN's form.

    In English the stored name is shown, except that ISO's own spelling, as the reference data
    loaded it, gives way to the UN's ("Democratic Republic of the Congo"); an editor's
    correction is shown as written."""
    language = language or get_language()
    entry = pycountry.countries.get(alpha_3=iso3.upper()) if iso3 else None
    if _is_english(language):
        if entry is not None and stored_name == entry.name:
            return un_name(iso3, "en") or stored_name
        return stored_name
    if entry is None:
        return stored_name
    if text := un_name(iso3, language):
        return text
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


# --- finding a country by what a person would type ------------------------------------------------

# Names people still use that ISO 3166 no longer gives (or never gave) as a name, common name or
# official name; pycountry supplies the rest. Keys are compared with ``name_key``.
ALIASES = {
    "turkey": "TUR",
    "turquie": "TUR",
    "turquia": "TUR",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "cote divoire": "CIV",
    "costa de marfil": "CIV",
    "cote d ivoire": "CIV",
    "swaziland": "SWZ",
    "swazilandia": "SWZ",
    "republic of turkey": "TUR",
    "ivory coast": "CIV",
    "kingdom of swaziland": "SWZ",
    "burma": "MMR",
    "birmanie": "MMR",
    "birmania": "MMR",
    "czech republic": "CZE",
    "republique tcheque": "CZE",
    "republica checa": "CZE",
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
    for iso3, spellings in UN_NAMES.items():
        for value in spellings:
            names.setdefault(name_key(value), iso3)
    for language in UN_LANGUAGES[1:]:
        for entry in pycountry.countries:
            for english in (entry.name, getattr(entry, "common_name", None)):
                if english and (text := _translated(english, language)):
                    names.setdefault(name_key(text), entry.alpha_3)
    return names


def search_keys(iso3: str, stored_names: tuple[str, ...]) -> list[str]:
    """Every ``name_key`` a country answers to in the three languages: its stored names, the UN's and
    pycountry's names in English, French and Spanish, and the common and former names of ``ALIASES``."""
    names = [*stored_names, *UN_NAMES.get(iso3, ())]
    entry = pycountry.countries.get(alpha_3=iso3) if iso3 else None
    if entry is not None:
        english = [entry.name, getattr(entry, "common_name", None), getattr(entry, "official_name", None)]
        names += [value for value in english if value]
        for language in UN_LANGUAGES[1:]:
            names += [text for value in english if value and (text := _translated(value, language))]
    names += [alias for alias, code in ALIASES.items() if code == iso3]
    return [key for key in dict.fromkeys(name_key(value) for value in names) if key]


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
