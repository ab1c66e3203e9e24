"""Atom feeds of countries, themes and GCM objectives: the same items as the e-mail digests.

A country's feed lists its published practices (what the old "Subscribe to <country>" gave),
plus changes to its participation records and external resources added to it; a theme's or an
objective's feed lists its practices, newest news first. Each entry's <updated> is when its record
last changed; its <published> is given only when known (``SubjectFeed.item_pubdate``).

Entry ids are built from SITE_URL, not from the host a reader used, so that they never change.
"""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from portal.countries.models import Country
from portal.lib.text import strip_control_characters
from portal.practices.models import GCMObjective, Theme

from .feed_style import StyledAtom1Feed
from .items import Item, items_for
from .models import Target, target_name, target_url

FEED_ITEMS = 20


def _without_control_characters(values: dict) -> dict:
    return {key: strip_control_characters(value) if isinstance(value, str) else value for key, value in values.items()}


class PlainAtom1Feed(StyledAtom1Feed):
    """Atom without the control characters XML 1.0 cannot hold: rows stored before the text validator
    may hold one, and the feed must still be served (Django refuses to write such a character)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feed = _without_control_characters(self.feed)

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*args, **kwargs)
        self.items[-1] = _without_control_characters(self.items[-1])


class SubjectFeed(Feed):
    feed_type = PlainAtom1Feed  # with the stylesheet that browsers show it with
    author_name = "GFMD Portal"  # entries without an author of their own (Atom wants one per entry)

    def title(self, target: Target) -> str:
        return gettext("GFMD Portal: {name}").format(name=target_name(target))

    def subtitle(self, target: Target) -> str:
        if isinstance(target, Country):
            return gettext("New practices, participation changes and resources for {name}").format(
                name=target_name(target)
            )
        return gettext("New practices for {name} in the GFMD Policy & Practice Database").format(
            name=target_name(target)
        )

    def link(self, target: Target) -> str:
        return target_url(target)

    def items(self, target: Target) -> list[Item]:
        return items_for(target, limit=FEED_ITEMS)

    def item_title(self, item: Item) -> str:
        return item.title if item.kind == "practice" else item.heading

    def item_link(self, item: Item) -> str:
        return item.url

    def item_guid(self, item: Item) -> str:
        if item.kind == "practice":
            return f"{settings.SITE_URL}{item.url}"
        return f"{settings.SITE_URL}/feeds/items/{item.key}"

    def item_description(self, item: Item) -> str:
        # The item's lines as plain text, one to a line (StyledAtom1Feed writes it as type="text").
        return "\n".join(item.lines)

    def item_author_name(self, item: Item) -> str | None:
        return item.author or None

    def item_pubdate(self, item: Item) -> datetime.datetime | None:
        # Atom's <published> is optional, so an entry has one only when the date is known: a
        # practice's date shared, as its page shows it; when a participation change or a resource
        # happened. A practice imported without a date has none: its page says "on an unrecorded
        # date", and its row's creation time is only when the import ran.
        if item.shared_on:
            return datetime.datetime.combine(item.shared_on, datetime.time(), tzinfo=datetime.UTC)
        return item.when if item.kind != "practice" else None

    def item_updateddate(self, item: Item) -> datetime.datetime:
        # Atom requires <updated> on every entry: the record's last change on the portal, true of
        # every item (for an imported practice, the import or an edit since); not a publication date.
        return item.updated or item.when


class CountryFeed(SubjectFeed):
    def get_object(self, request: HttpRequest, iso3: str) -> Country:
        return get_object_or_404(Country, iso3=iso3.upper())


class ThemeFeed(SubjectFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Theme:
        return get_object_or_404(Theme, slug=slug)


class ObjectiveFeed(SubjectFeed):
    def get_object(self, request: HttpRequest, number: int) -> GCMObjective:
        return get_object_or_404(GCMObjective, number=number)
