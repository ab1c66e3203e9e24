"""The open-data catalogue: the portal's exports described as datasets.

One description, two vocabularies: DCAT in JSON-LD for data portals and their harvesters (CKAN's
ckanext-dcat, data.europa.eu) at ``/exports/catalog.jsonld``, and schema.org ``Dataset`` for the
open-data page (search engines). Each dataset's last change is the newest change of its records.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from portal.countries.models import Country
from portal.forum.models import Participation
from portal.practices.models import Practice

IANA = "https://www.iana.org/assignments/media-types/"
EU_FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
PUBLISHER = "Global Forum on Migration and Development"


@dataclass(frozen=True)
class Distribution:
    url_name: str  # the export's URL name
    media_type: str
    format: str  # the EU file-type authority's code
    label: str  # the format as people write it


@dataclass
class Dataset:
    key: str
    title: Promise
    description: Promise
    keywords: list[str]
    distributions: list[Distribution]
    modified: datetime.datetime | None = field(default=None)


def datasets() -> list[Dataset]:
    """The three datasets with their last change (three queries)."""

    def newest(rows: QuerySet) -> datetime.datetime | None:
        when: datetime.datetime | None = rows.aggregate(newest=Max("updated_at"))["newest"]
        return when

    return [
        Dataset(
            "practices",
            _("Policies and practices"),
            _(
                "The published policies and practices of the GFMD Policy and Practice Database: titles, summaries in"
                " English, French and Spanish, implementing countries, partners, themes, GCM objectives, SDG targets"
                " and GFMD sources. Contact details are never included."
            ),
            ["migration", "development", "GFMD", "GCM", "policies", "practices"],
            [
                Distribution("exports:practices_csv", "text/csv", "CSV", "CSV"),
                Distribution("exports:practices_json", "application/json", "JSON", "JSON"),
            ],
            newest(Practice.objects.published()),
        ),
        Dataset(
            "participation",
            _("Participation in the GFMD"),
            _(
                "Each country's record edition by edition: meetings and summits attended, roles in roundtables and"
                " meetings, financial contributions. Delegates' names are never included."
            ),
            ["migration", "GFMD", "participation", "countries"],
            [Distribution("exports:participation_csv", "text/csv", "CSV", "CSV")],
            newest(Participation.objects.all()),
        ),
        Dataset(
            "countries",
            _("Countries"),
            _(
                "Every country with its ISO codes, UN M49 region, GFMD status, location, and its number of editions"
                " on record and attended and of published practices."
            ),
            ["countries", "GFMD", "geography"],
            [Distribution("exports:countries_geojson", "application/geo+json", "GEOJSON", "GeoJSON")],
            newest(Country.objects.all()),
        ),
    ]


def _when(value: datetime.datetime | None) -> dict[str, str] | None:
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"} if value else None


def dcat_catalog(
    items: list[Dataset], *, catalog_url: str, page_url: str, home_url: str, address: Callable[[str], str]
) -> dict[str, object]:
    """The catalogue as DCAT in JSON-LD. ``address(url_name)`` makes an export's absolute address."""
    license_ = {"@id": settings.DATA_LICENSE_URL}
    publisher = {"@type": "foaf:Agent", "foaf:name": PUBLISHER}
    modified = max((item.modified for item in items if item.modified), default=None)
    datasets: list[dict[str, object]] = []
    catalog: dict[str, object] = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#",
        },
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": "GFMD Portal open data",
        "dct:description": (
            "The datasets of the knowledge portal of the Global Forum on Migration and Development: its"
            " policies and practices, each country's participation, and the countries."
        ),
        "dct:publisher": publisher,
        "dct:license": license_,
        "foaf:homepage": {"@id": home_url},
        "dcat:landingPage": {"@id": page_url},
        "dcat:dataset": datasets,
    }
    if modified:
        catalog["dct:modified"] = _when(modified)
    for item in items:
        distributions: list[dict[str, object]] = []
        dataset: dict[str, object] = {
            "@id": f"{page_url}#{item.key}",
            "@type": "dcat:Dataset",
            "dct:identifier": f"gfmd-portal-{item.key}",
            "dct:title": str(item.title),
            "dct:description": str(item.description),
            "dcat:keyword": item.keywords,
            "dct:publisher": publisher,
            "dct:license": license_,
            "dcat:landingPage": {"@id": f"{page_url}#{item.key}"},
            "dcat:distribution": distributions,
        }
        if item.modified:
            dataset["dct:modified"] = _when(item.modified)
        for distribution in item.distributions:
            url = address(distribution.url_name)
            entry: dict[str, object] = {
                "@id": url,
                "@type": "dcat:Distribution",
                "dct:title": f"{item.title} ({distribution.label})",
                "dcat:downloadURL": {"@id": url},
                "dcat:accessURL": {"@id": url},
                "dcat:mediaType": {"@id": IANA + distribution.media_type},
                "dct:format": {"@id": EU_FILE_TYPE + distribution.format},
                "dct:license": license_,
            }
            if item.modified:
                entry["dct:modified"] = _when(item.modified)
            distributions.append(entry)
        datasets.append(dataset)
    return catalog


def schema_org_datasets(
    items: list[Dataset], *, page_url: str, address: Callable[[str], str]
) -> list[dict[str, object]]:
    """The same datasets as schema.org ``Dataset``s, for the open-data page."""
    return [
        {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "@id": f"{page_url}#{item.key}",
            "url": f"{page_url}#{item.key}",
            "name": str(item.title),
            "description": str(item.description),
            "keywords": item.keywords,
            "license": settings.DATA_LICENSE_URL,
            "isAccessibleForFree": True,
            "creator": {"@type": "Organization", "name": PUBLISHER},
            **({"dateModified": item.modified} if item.modified else {}),
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": distribution.media_type,
                    "contentUrl": address(distribution.url_name),
                }
                for distribution in item.distributions
            ],
        }
        for item in items
    ]
