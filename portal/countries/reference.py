"""Countries as reference data: the ISO 3166-1 list from pycountry, placed on the map with countryinfo.

pycountry gives the codes and names; countryinfo's JSON files give the UN M49 regions and a
representative point (latitude, longitude). Loading only adds the countries that are missing
(matched by ISO alpha-3): a row that exists is never touched, so editors' corrections survive.
"""

import csv
import importlib.util
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import countryinfo
import pycountry

from portal.countries.models import Country

SIX_PLACES = Decimal("0.000001")


def countryinfo_data_dir() -> Path:
    return Path(countryinfo.__file__).resolve().parent / "data"


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def countryinfo_by_iso3() -> dict[str, dict[str, Any]]:
    """countryinfo's records indexed by ISO alpha-3.

    A few countries have two files (e.g. ``palestine.json`` and ``palestine_state_of.json``), each
    missing something the other has. They are merged key by key: files are read in name order and
    a key keeps the first value that is not empty.
    """
    index: dict[str, dict[str, Any]] = {}
    for path in sorted(countryinfo_data_dir().glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso3 = ((record.get("ISO") or {}).get("alpha3") or "").upper()
        if not iso3:
            continue
        merged = index.setdefault(iso3, {})
        for key, value in record.items():
            if _is_empty(merged.get(key)) and not _is_empty(value):
                merged[key] = value
    return index


def to_coordinate(value: float | int | str | None) -> Decimal | None:
    """A coordinate as the model stores it: six decimal places, read from the number's text so
    that 43.5 stays 43.5 rather than a binary approximation of it."""
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(SIX_PLACES)


def un_membership_by_iso3() -> dict[str, int]:
    """Year of UN admission by ISO alpha-3, from the country_converter package's data table.

    The table is read as a file: importing the package would load pandas for nothing."""
    spec = importlib.util.find_spec("country_converter")
    if spec is None or not spec.submodule_search_locations:
        return {}
    table = Path(next(iter(spec.submodule_search_locations))) / "country_data.tsv"
    with table.open(encoding="utf-8", newline="") as handle:
        return {
            row["ISO3"]: int(row["UNmember"])
            for row in csv.DictReader(handle, delimiter="\t")
            if row.get("UNmember", "").strip().isdigit()
        }


def country_rows() -> list[Country]:
    """One unsaved Country per ISO 3166-1 entry (249 of them)."""
    info = countryinfo_by_iso3()
    un_members = un_membership_by_iso3()
    rows = []
    for entry in pycountry.countries:
        extra = info.get(entry.alpha_3, {})
        latlng = extra.get("latlng") or []
        has_point = isinstance(latlng, list) and len(latlng) == 2
        rows.append(
            Country(
                iso2=entry.alpha_2,
                iso3=entry.alpha_3,
                numeric=entry.numeric,
                name=entry.name,
                # ISO records an official name only where it differs from the short one.
                official_name=getattr(entry, "official_name", None) or entry.name,
                region=extra.get("region") or "",
                subregion=extra.get("subregion") or "",
                intermediate_region=extra.get("intermediateregion") or "",
                latitude=to_coordinate(latlng[0]) if has_point else None,
                longitude=to_coordinate(latlng[1]) if has_point else None,
                un_member_since=un_members.get(entry.alpha_3),
            )
        )
    return rows


def load_countries() -> tuple[int, int]:
    """Create the countries that are missing; return (created, already present)."""
    present = set(Country.objects.values_list("iso3", flat=True))
    rows = country_rows()
    missing = [row for row in rows if row.iso3 not in present]
    Country.objects.bulk_create(missing)
    return len(missing), len(rows) - len(missing)
