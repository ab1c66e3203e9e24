import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from portal.countries.models import Country
from portal.practices.models import Practice

FEED_ITEMS = 20


class CountryPracticesFeed(Feed):
    """The newest published practices tagged with a country: what the old 'Subscribe to <country>' gave."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, iso3: str) -> Country:
        return get_object_or_404(Country, iso3=iso3.upper())

    def title(self, country: Country) -> str:
        return f"GFMD Portal: practices of {country.name}"

    def subtitle(self, country: Country) -> str:
        return f"Policies and practices from {country.name} in the GFMD Policy & Practice Database"

    def link(self, country: Country) -> str:
        return country.get_absolute_url()

    def items(self, country: Country) -> QuerySet[Practice]:
        return country.practices.published().select_related("submitter")[:FEED_ITEMS]

    def item_title(self, practice: Practice) -> str:
        return practice.title

    def item_description(self, practice: Practice) -> str:
        return practice.summary

    def item_author_name(self, practice: Practice) -> str:
        return practice.submitter.display_name if practice.submitter else ""

    def item_pubdate(self, practice: Practice) -> datetime.datetime:
        if practice.date_shared:
            return datetime.datetime.combine(practice.date_shared, datetime.time(), tzinfo=datetime.UTC)
        return practice.created_at

    def item_updateddate(self, practice: Practice) -> datetime.datetime:
        return practice.updated_at
