"""What is new about a subject: the items that digests and feeds both carry.

For every subject: practices that became published. For a country, also changes to its
participation records (from django-simple-history) and external resources added to it.

When a practice became published: its first moderation step to "published" (a Transition row);
imported practices have none, so their creation time stands in for it.

What an import loads is the old portal's record, not news: participation records created by an
import (their history row has ``imported_at``) and resources that an import brought (``source``
set) are left out. A practice is left out of nothing: the database exists to list them.
Participation changes show public fields only; delegates' names never leave the portal this way.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.core.translations import translated
from portal.countries.models import Country, ExternalResource
from portal.forum.models import Participation
from portal.lib.text import labelled
from portal.practices.models import Practice, Transition

from .models import Target

# Participation fields a digest or feed may show, with the words it shows them with.
PUBLIC_PARTICIPATION_FIELDS = {
    "attended_meeting": _("Attended meeting"),
    "attended_prep_meetings": _("Attended preparatory meetings"),
    "attended_summit": _("Attended summit"),
    "financial_recorded": _("Financial contribution on record"),
    "financial_contribution": _("Financial contribution"),
    "contribution_amount": _("Contribution amount"),
    "contribution_currency": _("Contribution currency"),
    "roundtables_recorded": _("Roundtable participation on record"),
}


@dataclass(frozen=True)
class Item:
    kind: str  # practice, participation or resource
    key: str  # unique among all items: practice-12, participation-change-40, resource-3
    title: str
    url: str  # a path on the portal, or a resource's own address
    when: datetime.datetime  # when it became news: published, changed, added
    lines: tuple[str, ...] = ()  # a short plain-text description
    author: str = ""
    shared_on: datetime.date | None = None  # a practice's own date, when recorded
    updated: datetime.datetime | None = None

    @property
    def heading(self) -> str:
        if self.kind == "practice":
            return gettext("New practice: {title}").format(title=self.title)
        if self.kind == "resource":
            return gettext("New resource: {title}").format(title=self.title)
        return self.title


def items_for(
    target: Target,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int | None = None,
) -> list[Item]:
    """The subject's items in the window (since, until], newest first; at most ``limit`` of them."""
    found = practice_items(practices_of(target), since=since, until=until, limit=limit)
    if isinstance(target, Country):
        found += participation_items(target, since=since, until=until, limit=limit)
        found += resource_items(target, since=since, until=until, limit=limit)
    found.sort(key=lambda item: (item.when, item.key), reverse=True)
    return found[:limit] if limit is not None else found


def practices_of(target: Target) -> QuerySet[Practice]:
    """The published practices tagged with the subject; a theme includes its sub-themes."""
    return Practice.objects.published().tagged_with(target)


def with_published_at(practices: QuerySet[Practice]) -> QuerySet[Practice]:
    first_published = (
        Transition.objects.filter(practice=OuterRef("pk"), to_status=Practice.Status.PUBLISHED)
        .order_by("created_at")
        .values("created_at")[:1]
    )
    return practices.annotate(published_at=Coalesce(Subquery(first_published), F("created_at")))


def _window(
    queryset: QuerySet, name: str, since: datetime.datetime | None, until: datetime.datetime | None
) -> QuerySet:
    if since is not None:
        queryset = queryset.filter(**{f"{name}__gt": since})
    if until is not None:
        queryset = queryset.filter(**{f"{name}__lte": until})
    return queryset


def practice_items(
    practices: QuerySet[Practice],
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int | None = None,
) -> list[Item]:
    rows = _window(with_published_at(practices), "published_at", since, until)
    rows = rows.select_related("submitter").order_by("-published_at", "-id")
    if limit is not None:
        rows = rows[:limit]
    return [
        Item(
            kind="practice",
            key=f"practice-{practice.pk}",
            title=translated(practice, "title").text,
            url=practice.get_absolute_url(),
            when=practice.published_at,
            lines=(_shorten(translated(practice, "summary").text, 400),) if practice.summary else (),
            author=practice.submitter.display_name if practice.submitter else "",
            shared_on=practice.date_shared,
            updated=practice.updated_at,
        )
        for practice in rows
    ]


def participation_items(
    country: Country,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int | None = None,
) -> list[Item]:
    """Changes to the country's participation records, each compared with the version before it."""
    history = Participation.history.model
    rows = history.objects.filter(country=country).select_related("edition").order_by("id", "history_date")
    by_record: dict[int, list] = defaultdict(list)
    for row in rows:
        by_record[row.id].append(row)
    found = []
    for versions in by_record.values():
        previous = None
        for row in versions:
            in_window = (since is None or row.history_date > since) and (until is None or row.history_date <= until)
            item = _participation_item(country, row, previous) if in_window else None
            if item is not None:
                found.append(item)
            previous = row
    found.sort(key=lambda item: item.when, reverse=True)
    return found[:limit] if limit is not None else found


def _participation_item(country: Country, row: Any, previous: Any) -> Item | None:
    # ``row`` and ``previous`` (None for the first): versions of a record, simple-history's own rows.
    # The catalogue's "GFMD %(label)s", as the pages write it: "FMMD 2019" in French and Spanish.
    edition = gettext("GFMD %(label)s") % {"label": row.edition.label} if row.edition else gettext("an edition")
    url = f"{country.get_absolute_url()}#edition-{row.edition.label}" if row.edition else country.get_absolute_url()
    if row.history_type == "+":
        if row.imported_at is not None:
            return None  # loaded from the old portal: the baseline, not news
        what = gettext("participation record added")
        lines = tuple(
            labelled(label, _show(getattr(row, name)))
            for name, label in PUBLIC_PARTICIPATION_FIELDS.items()
            if getattr(row, name) not in (False, "", None)
        )
    elif row.history_type == "-":
        what, lines = gettext("participation record removed"), ()
    else:
        if previous is None:
            return None
        lines = tuple(
            labelled(label, f"{_show(getattr(previous, name))} → {_show(getattr(row, name))}")
            for name, label in PUBLIC_PARTICIPATION_FIELDS.items()
            if getattr(previous, name) != getattr(row, name)
        )
        if not lines:
            return None  # only fields the public does not see changed
        what = gettext("participation record changed")
    return Item(
        kind="participation",
        key=f"participation-change-{row.history_id}",
        title=gettext("{country} in {edition}: {what}").format(
            country=country.localized_name, edition=edition, what=what
        ),
        url=url,
        when=row.history_date,
        lines=lines,
        updated=row.history_date,
    )


def resource_items(
    country: Country,
    *,
    since: datetime.datetime | None = None,
    until: datetime.datetime | None = None,
    limit: int | None = None,
) -> list[Item]:
    rows = _window(country.external_resources.filter(source=""), "created_at", since, until).order_by(
        "-created_at", "-id"
    )
    if limit is not None:
        rows = rows[:limit]
    return [_resource_item(country, resource) for resource in rows]


def _resource_item(country: Country, resource: ExternalResource) -> Item:
    lines = []
    if resource.text and resource.title:
        lines.append(_shorten(resource.text, 400))
    if resource.publisher:
        lines.append(gettext("Published by {publisher}").format(publisher=resource.publisher))
    return Item(
        kind="resource",
        key=f"resource-{resource.pk}",
        title=resource.title or _shorten(resource.text, 100) or gettext("Resource {number}").format(number=resource.pk),
        url=resource.url or f"{country.get_absolute_url()}#resources-heading",
        when=resource.created_at,
        lines=tuple(lines),
        updated=resource.updated_at,
    )


def _show(value: object) -> str:
    if value is True:
        return gettext("yes")
    if value is False:
        return gettext("no")
    if value is None or value == "":
        return gettext("(none)")
    if isinstance(value, Decimal):
        # An amount of money, with the separators of the language in use: 50,000.00 or 50 000,00.
        return number_format(value, 2, force_grouping=True)
    return _shorten(str(value), 200)


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
