import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from portal.core.fragments import fragment
from portal.core.page_cache import page_params
from portal.forum.dashboard import attended_through, country_timeline
from portal.forum.display import RoleLine, meeting_lines, roundtable_lines
from portal.forum.models import Edition, Participation
from portal.practices.models import Practice

from .models import Country

PRACTICES_PER_PAGE = 20


@dataclass
class EditionBlock:
    """One edition on a country profile: the record, or None when nothing is on record."""

    edition: Edition
    participation: Participation | None
    roundtable_lines: list[RoleLine]
    meeting_lines: list[RoleLine]


def engagement_blocks(editions: Sequence[Edition], records: Mapping[int, Participation]) -> list[EditionBlock]:
    """One block per edition, oldest first; ``records`` are the country's, by edition id, with their roles."""
    blocks = []
    for edition in editions:
        record = records.get(edition.pk)
        if record is not None:
            record.edition = edition  # fetched already: the role lines link to it
        blocks.append(
            EditionBlock(
                edition=edition,
                participation=record,
                roundtable_lines=roundtable_lines(record) if record else [],
                meeting_lines=meeting_lines(record) if record else [],
            )
        )
    return blocks


def engagement_html(country: Country, practice_dates: list[datetime.date | None]) -> SafeString:
    """The country's record edition by edition: the timeline (with its table) and a block per edition."""
    # The blocks and the timeline share one fetch of the editions and of the country's records.
    editions = list(Edition.objects.order_by("ordinal"))
    # By edition: the order does not matter, and leaving out Meta.ordering leaves out its two joins.
    records = {record.edition_id: record for record in country.participations.order_by().with_roles()}
    context = {
        "timeline": country_timeline(country, editions, records, practice_dates),
        "blocks": engagement_blocks(editions, records),
    }
    return mark_safe(render_to_string("countries/_engagement.html", context))  # noqa: S308 - a rendered template


def record_counts(country: Country) -> dict[str, int]:
    """The editions on record and those the country attended (one query): the page's description."""
    return Edition.objects.aggregate(
        editions=Count("pk", distinct=True),
        attended=Count(
            "participations",
            filter=Q(participations__country=country) & attended_through("participations"),
            distinct=True,
        ),
    )


@page_params("page")
def country_detail(request: HttpRequest, iso3: str) -> HttpResponse:
    if iso3 != iso3.lower():
        return redirect("countries:detail", iso3=iso3.lower(), permanent=True)
    country = get_object_or_404(Country, iso3=iso3.upper())
    # The country's published practices as (id, date), newest first, from indexes alone: the
    # timeline counts them per edition and the list takes its page of ids from them, so that only
    # that page's rows are read (ordering whole rows in SQL to keep twenty read all of them).
    shared = Practice.objects.published().of_country(country).ids_and_dates()
    page = Paginator([pk for pk, _ in shared], PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = Practice.objects.for_summaries().in_order(page.object_list)
    # The same for every visitor and every page of the list: cached (fragments.py) when caching is on.
    engagement = fragment("country-engagement", country.pk, lambda: engagement_html(country, [d for _, d in shared]))
    return render(
        request,
        "countries/country_detail.html",
        {
            "country": country,
            "engagement": engagement,
            "practices": page,
            "resources": country.external_resources.all(),
            "record": record_counts(country),
        },
    )
