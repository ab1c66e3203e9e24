"""``/sitemap.xml``: an index of one sitemap per kind of public page (django.contrib.sitemaps).

Every address in its three languages, each entry naming the others (``hreflang`` alternates and
``x-default``). Practices come through ``Practice.objects.published()``, the one visibility rule.
Each section is split into pages of ``limit`` entries by the framework when it grows.
"""

import datetime
from typing import Protocol

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from portal.countries.models import Country
from portal.forum.models import Edition
from portal.practices.models import GCMObjective, Practice, Theme


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = 5000  # addresses per page (each item is three: one per language)


class PagesSitemap(PortalSitemap):
    """The pages that list or search the records."""

    def items(self) -> list[str]:
        return [
            "pages:home",
            "countries:list",
            "pages:editions",
            "practices:search",
            "pages:map",
            "forum:participation",
            "practices:themes",
            "practices:objectives",
            "pages:open_data",
            "pages:accessibility",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class CountrySitemap(PortalSitemap):
    def items(self) -> QuerySet[Country]:
        return Country.objects.only("iso3", "updated_at").order_by("iso3")

    def lastmod(self, country: Country) -> datetime.datetime:
        return country.updated_at


class EditionSitemap(PortalSitemap):
    def items(self) -> QuerySet[Edition]:
        return Edition.objects.only("label", "updated_at").order_by("ordinal")

    def lastmod(self, edition: Edition) -> datetime.datetime:
        return edition.updated_at


class _PracticeRow(Protocol):
    """A named row of PracticeSitemap.items()."""

    pk: int
    updated_at: datetime.datetime


class PracticeSitemap(PortalSitemap):
    """The largest section: rows of (pk, updated_at) rather than model instances."""

    def items(self) -> QuerySet[Practice, _PracticeRow]:
        return Practice.objects.published().order_by("pk").values_list("pk", "updated_at", named=True)

    def location(self, row: _PracticeRow) -> str:
        return reverse("practices:detail", args=[row.pk])

    def lastmod(self, row: _PracticeRow) -> datetime.datetime:
        return row.updated_at


class ThemeSitemap(PortalSitemap):
    def items(self) -> QuerySet[Theme]:
        return Theme.objects.only("slug").order_by("slug")

    def location(self, theme: Theme) -> str:
        return reverse("practices:theme", args=[theme.slug])


class ObjectiveSitemap(PortalSitemap):
    def items(self) -> QuerySet[GCMObjective]:
        return GCMObjective.objects.only("number").order_by("number")

    def location(self, objective: GCMObjective) -> str:
        return reverse("practices:objective", args=[objective.number])


SITEMAPS = {
    "pages": PagesSitemap,
    "countries": CountrySitemap,
    "editions": EditionSitemap,
    "practices": PracticeSitemap,
    "themes": ThemeSitemap,
    "gcm-objectives": ObjectiveSitemap,
}
