"""Public pages of the Forum's editions: the list and one edition with its meetings, roundtables and participants."""

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext

from portal.forum.attendance import editions_with_attendance
from portal.forum.display import kept_language
from portal.forum.models import Edition, Participation, Roundtable, RoundtableRole

from .dashboard import edition_dashboard


def date_span(start: datetime.date | None, end: datetime.date | None) -> str:
    """Two dates written the short way: '10–11 July 2007', '30 November – 2 December 2011'."""
    # The formats are translated: "j F Y" reads "j \d\e F \d\e Y" in Spanish (10 de julio de 2007).
    long_date, day_month = gettext("j F Y"), gettext("j F")
    if start is None or end is None or start == end:
        day = start or end
        return date_format(day, long_date) if day else ""
    if end < start:
        start, end = end, start
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{date_format(end, long_date)}"
    if start.year == end.year:
        return f"{date_format(start, day_month)} – {date_format(end, long_date)}"
    return f"{date_format(start, long_date)} – {date_format(end, long_date)}"


def with_summit_dates(edition: Edition) -> Edition:
    """Give the edition a ready-written ``summit_dates`` and ``chair_dates`` for the templates."""
    edition.summit_dates = date_span(edition.summit_start, edition.summit_end)
    edition.chair_dates = date_span(edition.chair_start, edition.chair_end)
    return edition


@dataclass
class RoundtableGroup:
    """A roundtable with the sessions held under it (``RT 2`` with ``RT 2.1``, ``RT 2.4``…)."""

    roundtable: Roundtable
    sessions: list[Roundtable] = field(default_factory=list)


def _code_key(code: str) -> str:
    return " ".join(code.split()).rstrip(".").lower()


def _natural_key(roundtable: Roundtable) -> list[int | str]:
    # 'RT 10' after 'RT 9', not between 'RT 1' and 'RT 2'.
    return [int(part) if part.isdecimal() else part for part in re.split(r"(\d+)", _code_key(roundtable.code))]


def group_roundtables(roundtables: Iterable[Roundtable]) -> list[RoundtableGroup]:
    """Put each session under the outermost roundtable its code belongs to, when that roundtable is on record.

    'RT 2.4' goes under 'RT 2'; a session whose roundtable is missing, or a code without a
    number ('Cluster III'), stands on its own.
    """
    ordered = sorted(roundtables, key=_natural_key)
    by_code = {_code_key(roundtable.code): roundtable for roundtable in ordered}
    groups: dict[int, RoundtableGroup] = {}
    parent_of: dict[int, Roundtable] = {}
    for roundtable in ordered:
        parts = _code_key(roundtable.code).split(".")
        for length in range(1, len(parts)):
            ancestor = by_code.get(".".join(parts[:length]))
            if ancestor is not None:
                parent_of[roundtable.pk] = ancestor
                break
    for roundtable in ordered:
        if roundtable.pk not in parent_of:
            groups[roundtable.pk] = RoundtableGroup(roundtable)
    for roundtable in ordered:
        parent = parent_of.get(roundtable.pk)
        if parent is not None:
            groups[parent.pk].sessions.append(roundtable)
    return list(groups.values())


def attendance_columns(participations: Sequence[Participation]) -> dict[str, bool]:
    """Which attendance columns the participants table needs.

    The 2007 edition had one meeting; later editions had preparatory meetings and a summit.
    The single-meeting column shows only when some country is recorded as attending it.
    """
    single_meeting = any(row.attended_meeting for row in participations)
    prep_or_summit = any(row.attended_prep_meetings or row.attended_summit for row in participations)
    return {"meeting": single_meeting, "prep_and_summit": prep_or_summit or not single_meeting}


def edition_list(request: HttpRequest) -> HttpResponse:
    editions = [with_summit_dates(edition) for edition in Edition.objects.select_related("summit_country")]
    return render(request, "forum/edition_list.html", {"editions": editions})


def edition_detail(request: HttpRequest, label: str) -> HttpResponse:
    # All editions in one query, each with its number of attending countries: the dashboard charts them.
    editions = list(editions_with_attendance())
    edition = next((candidate for candidate in editions if candidate.label == label), None)
    if edition is None:
        raise Http404("No edition with this label.")
    with_summit_dates(edition)
    meetings = list(edition.meetings.select_related("country"))
    for meeting in meetings:
        meeting.dates = date_span(meeting.start_date, meeting.end_date)
    team = RoundtableRole.objects.select_related("participation__country").order_by(
        "role", "participation__country__name"
    )
    roundtables = list(edition.roundtables.prefetch_related(Prefetch("roles", queryset=team)))
    participations = list(edition.participations.select_related("country").order_by("country__name"))
    source_is_link = edition.source_url.lower().startswith(("http://", "https://"))
    dashboard = edition_dashboard(
        edition, editions=editions, participations=participations, roundtables=roundtables, meetings=meetings
    )
    return render(
        request,
        "forum/edition_detail.html",
        {
            "edition": edition,
            "meetings": meetings,
            "roundtable_groups": group_roundtables(roundtables),
            "participations": participations,
            "columns": attendance_columns(participations),
            "source_is_link": source_is_link,
            "dashboard": dashboard,
            "roles_language": kept_language(),  # role names are kept as the old portal wrote them
        },
    )
