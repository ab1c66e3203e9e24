import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext

from portal.core.fragments import fragment
from portal.core.page_cache import page_params
from portal.core.translations import Text, translated
from portal.countries.models import Country
from portal.forum.attendance import attended_through
from portal.forum.display import RoleLine, meeting_lines, roundtable_lines
from portal.forum.models import Edition, Meeting, Participation
from portal.practices.models import Practice

from .dashboard import country_timeline
from .edition_views import date_span

PRACTICES_PER_PAGE = 20


@dataclass
class ClosingMeeting:
    """What an edition without a summit had instead (its concluding debate): where and when."""

    city: Text  # in the reader's language, or marked as English
    dates: str


@dataclass
class EditionBlock:
    """One edition on a country profile (countries/_edition_block.html): the record, or None when
    nothing is on record, with its lines ready to show."""

    edition: Edition
    participation: Participation | None
    roundtable_lines: list[RoleLine]
    meeting_lines: list[RoleLine]
    closing_meeting: ClosingMeeting | None = None
    meeting_notes: list[str] = field(default_factory=list)
    financial_notes: list[str] = field(default_factory=list)
    roundtable_notes: list[str] = field(default_factory=list)
    other_notes: list[str] = field(default_factory=list)


def engagement_blocks(
    editions: Sequence[Edition], records: Mapping[int, Participation], debates: Mapping[int, Meeting]
) -> list[EditionBlock]:
    """One block per edition, oldest first; ``records`` are the country's, by edition id, with their roles;
    ``debates`` the editions' concluding debates (``concluding_debates()``)."""
    blocks = []
    for edition in editions:
        record = records.get(edition.pk)
        if record is not None:
            record.edition = edition  # fetched already: the role lines link to it
        closing = None
        debate = debates.get(edition.pk)
        if not edition.summit_city and debate is not None and debate.city:
            closing = ClosingMeeting(translated(debate, "city"), date_span(debate.start_date, debate.end_date))
        blocks.append(
            EditionBlock(
                edition=edition,
                participation=record,
                roundtable_lines=roundtable_lines(record) if record else [],
                meeting_lines=meeting_lines(record) if record else [],
                closing_meeting=closing,
                meeting_notes=record.notes_of("meetings") if record else [],
                financial_notes=record.notes_of("financial") if record else [],
                roundtable_notes=record.notes_of("roundtables") if record else [],
                other_notes=record.other_notes if record else [],
            )
        )
    return blocks


def concluding_debates() -> dict[int, Meeting]:
    """Each edition's first concluding debate, by edition id (one query): an edition without a summit
    names it instead."""
    debates: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(kind=Meeting.Kind.CONCLUDING_DEBATE).order_by("start_date"):
        debates.setdefault(meeting.edition_id, meeting)
    return debates


def engagement_html(country: Country, practice_dates: list[datetime.date | None]) -> str:
    """The country's record edition by edition: the timeline (with its table) and a block per edition,
    rendered once, so that the fragment cache can keep it."""
    # The blocks and the timeline share one fetch of the editions and of the country's records.
    editions = list(Edition.objects.order_by("ordinal"))
    # By edition: the order does not matter, and leaving out Meta.ordering leaves out its two joins.
    records = {record.edition_id: record for record in country.participations.order_by().with_roles()}
    context = {
        "timeline": country_timeline(country, editions, records, practice_dates),
        "blocks": engagement_blocks(editions, records, concluding_debates()),
    }
    return render_to_string("countries/_engagement.html", context)


def practices_html(country: Country, page: Page[Any]) -> str:
    """One page of the country's practice list (``page`` holds its ids), rendered once, so that the
    fragment cache can keep it: the same for every visitor."""
    page.object_list = Practice.objects.published().for_summaries().in_order(page.object_list)
    return render_to_string("countries/_practices.html", {"country": country, "practices": page})


def position_in_words(country: Country) -> str:
    """ "Latitude 17° N, longitude 4° W": the country's reference point as a reader says it (degrees
    and minutes, minutes left out when there are none); "" when the coordinates are not recorded."""
    if country.latitude is None or country.longitude is None:
        return ""
    latitude = _degrees(country.latitude, gettext("%(degrees)s N"), gettext("%(degrees)s S"))
    longitude = _degrees(country.longitude, gettext("%(degrees)s E"), gettext("%(degrees)s W"))
    return gettext("Latitude %(latitude)s, longitude %(longitude)s") % {"latitude": latitude, "longitude": longitude}


def _degrees(value: Decimal, positive: str, negative: str) -> str:
    total = int((abs(Decimal(value)) * 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    degrees, minutes = divmod(total, 60)
    amount = f"{degrees}° {minutes:02d}′" if minutes else f"{degrees}°"
    return (positive if value >= 0 else negative) % {"degrees": amount}


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
        return redirect("pages:country", iso3=iso3.lower(), permanent=True)
    country = get_object_or_404(Country, iso3=iso3.upper())
    # The country's published practices as (id, date), newest first, from indexes alone: the
    # timeline counts them per edition and the list takes its page of ids from them, so that only
    # that page's rows are read (ordering whole rows in SQL to keep twenty read all of them).
    shared = Practice.objects.published().of_country(country).ids_and_dates()
    page: Page[Any] = Paginator([pk for pk, _ in shared], PRACTICES_PER_PAGE).get_page(request.GET.get("page"))
    # The record and each page of the list are the same for every visitor: cached (fragments.py) when
    # caching is on (bench/RESULTS.md, "Issue 19's speed budget", says why templates draw them). Keyed
    # by the list read above too, so a practice published or withdrawn meanwhile is never served stale.
    counted = (country.pk, len(shared))
    engagement = fragment("country-engagement", counted, lambda: engagement_html(country, [d for _, d in shared]))
    listed = (country.pk, len(shared), tuple(page.object_list))
    practice_list = fragment("country-practices", listed, lambda: practices_html(country, page))
    return render(
        request,
        "countries/country_detail.html",
        {
            "country": country,
            "engagement": engagement,
            "practices": page,  # its count, for the page's description
            "practice_list": practice_list,
            "resources": country.external_resources.all(),
            "record": record_counts(country),
            "position": position_in_words(country),
        },
    )
