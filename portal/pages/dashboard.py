"""Participation in figures: an edition's dashboard and one country's timeline across all editions.

Both are built from a handful of aggregate queries, whatever the number of countries and
records, and hand their numbers to ``portal.lib.svg`` for the charts and to the templates for the
tables beside them, so that the chart and its table cannot disagree.
"""

import bisect
import datetime
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import CharField, Count, F, IntegerField, Value
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from portal.core.reference_names import objective_label, theme_name
from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, Participation, Roundtable, RoundtableRole
from portal.lib.svg import Bar, BarChart, Cell, Lane, TimelineDrawing, timeline
from portal.lib.text import sort_key
from portal.practices.models import GCMObjective, Practice, Theme

if TYPE_CHECKING:
    from portal.forum.attendance import EditionWithAttendance

# --- the edition dashboard -----------------------------------------------------------------------


@dataclass
class RoleHolder:
    country: Country
    roles: list[RoundtableRole] = field(default_factory=list)


@dataclass
class EditionDashboard:
    on_record: int
    attended_meeting: int
    attended_prep: int
    attended_summit: int
    contributors: list[Participation]
    role_holders: list[RoleHolder]
    meetings_by_kind: list[tuple[StrOrPromise, int]]
    charts: list[BarChart]
    empty_charts: list[BarChart]

    @property
    def meeting_count(self) -> int:
        return sum(count for _kind, count in self.meetings_by_kind)


def edition_dashboard(
    edition: "EditionWithAttendance",
    *,
    editions: Sequence["EditionWithAttendance"],
    participations: Sequence[Participation],
    roundtables: Sequence[Roundtable],
    meetings: Sequence[Meeting],
) -> EditionDashboard:
    """The figures of one edition. ``editions`` come from ``editions_with_attendance()``; ``roundtables``
    have their roles prefetched with each role's country. Costs one query (practices per theme and
    per GCM objective); everything else is counted from what the page has already loaded."""
    holders: dict[int, RoleHolder] = {}
    for roundtable in roundtables:
        for role in roundtable.roles.all():
            country = role.participation.country
            holders.setdefault(country.pk, RoleHolder(country)).roles.append(role)
    kinds = Counter(meeting.kind for meeting in meetings)
    themes, objectives = practice_counts(edition)
    charts = [participation_chart(edition, editions), themes, objectives]
    return EditionDashboard(
        on_record=len(participations),
        attended_meeting=sum(1 for p in participations if p.attended_meeting),
        attended_prep=sum(1 for p in participations if p.attended_prep_meetings),
        attended_summit=sum(1 for p in participations if p.attended_summit),
        contributors=[p for p in participations if p.financial_contribution.strip()],
        role_holders=sorted(holders.values(), key=lambda holder: sort_key(holder.country.localized_name)),
        meetings_by_kind=[(label, kinds[value]) for value, label in Meeting.Kind.choices if kinds[value]],
        charts=[chart for chart in charts if not chart.is_empty],
        empty_charts=[chart for chart in charts if chart.is_empty],
    )


def participation_chart(edition: "EditionWithAttendance", editions: Sequence["EditionWithAttendance"]) -> BarChart:
    bars = [
        Bar(other.label, other.attending, highlight=other.pk == edition.pk, url=other.get_absolute_url())
        for other in editions
    ]
    first, last = (editions[0].label, editions[-1].label) if editions else ("", "")
    busiest = max(editions, key=lambda other: other.attending, default=None)
    description = ngettext(
        "Bar chart: how many countries are on record as attending at least one meeting of each edition, "
        "GFMD {first} to GFMD {last}. This edition, GFMD {label}, is highlighted and marked with a "
        "triangle under its bar: {count} country.",
        "Bar chart: how many countries are on record as attending at least one meeting of each edition, "
        "GFMD {first} to GFMD {last}. This edition, GFMD {label}, is highlighted and marked with a "
        "triangle under its bar: {count} countries.",
        edition.attending,
    ).format(first=first, last=last, label=edition.label, count=edition.attending)
    if busiest is not None and busiest.attending:
        description += " " + gettext("The most: GFMD {label}, {count}.").format(
            label=busiest.label, count=busiest.attending
        )
    return BarChart(
        chart_id="chart-participation",
        title=gettext("Countries attending, edition by edition"),
        description=description,
        label_heading=gettext("Edition"),
        value_heading=gettext("Countries attending"),
        bars=bars,
        vertical=True,
        highlight_note=gettext("this edition"),
    )


def practice_counts(edition: Edition) -> tuple[BarChart, BarChart]:
    """Published practices linked to ``edition`` (through a source) counted per theme and per GCM objective.

    One query: the two counts are read together as a UNION."""
    linked = Practice.objects.published().filter(sources__edition=edition).values("pk")
    themes = (
        Theme.objects.filter(practices__in=linked)
        .order_by()
        .values("pk")
        .annotate(
            kind=Value("theme"),
            position=Value(0, output_field=IntegerField()),
            label=F("name"),
            parent=F("parent__name"),
            count=Count("practices", distinct=True),
        )
        .values_list("kind", "position", "label", "parent", "count")
    )
    objectives = (
        GCMObjective.objects.filter(practices__in=linked)
        .order_by()
        .values("pk")
        .annotate(
            kind=Value("objective"),
            position=F("number"),
            label=F("short_label"),
            parent=Value(None, output_field=CharField()),
            count=Count("practices", distinct=True),
        )
        .values_list("kind", "position", "label", "parent", "count")
    )
    theme_bars, objective_bars = [], []
    for kind, position, label, parent, count in themes.union(objectives, all=True):
        if kind == "theme":  # names in the reader's language
            label = theme_name(label)
            theme_bars.append((f"{theme_name(parent)} › {label}" if parent else label, count))
        else:
            objective_bars.append((position, f"{position}. {objective_label(label)}", count))
    theme_bars.sort(key=lambda item: (-item[1], item[0]))
    objective_bars.sort()
    name = gettext("GFMD %(label)s") % {"label": edition.label}
    by_theme = BarChart(
        chart_id="chart-themes",
        title=gettext("Published practices linked to {name}, by theme").format(name=name),
        description=gettext(
            "Bar chart: the number of published practices presented at {name} under each theme, most first. "
            "A practice with several themes counts under each of them."
        ).format(name=name),
        label_heading=gettext("Theme"),
        value_heading=gettext("Practices"),
        bars=[Bar(label, count) for label, count in theme_bars],
        empty_text=gettext(
            "No published practice linked to {name} has a theme recorded, so there is nothing to chart."
        ).format(name=name),
    )
    by_objective = BarChart(
        chart_id="chart-objectives",
        title=gettext("Published practices linked to {name}, by GCM objective").format(name=name),
        description=gettext(
            "Bar chart: the number of published practices presented at {name} under each objective of the "
            "Global Compact for Migration, in the Compact's order. A practice may serve several objectives."
        ).format(name=name),
        label_heading=gettext("GCM objective"),
        value_heading=gettext("Practices"),
        bars=[Bar(label, count) for _position, label, count in objective_bars],
        empty_text=gettext(
            "No published practice linked to {name} has a GCM objective recorded, so there is nothing to chart."
        ).format(name=name),
    )
    return by_theme, by_objective


# --- a country's timeline ------------------------------------------------------------------------

# The record's states as the code compares them; shown through CONTRIBUTION_TEXT, in the page's language.
NO_RECORD = "No record"
NOT_RECORDED = "Not recorded"
CONTRIBUTION_TEXT = {"Yes": _("Yes"), "No": _("No"), NOT_RECORDED: _("Not recorded"), NO_RECORD: _("No record")}


@dataclass
class TimelineRow:
    """One edition of a country's record, in words for the table and in short for the chart."""

    edition: Edition
    has_record: bool
    attendance: str
    attendance_short: str
    roles: int | None  # None when nothing is known: no record, or the record says nothing on roundtables
    contribution: str
    practices: int

    @property
    def roles_text(self) -> str:
        if self.roles is not None:
            return str(self.roles)
        return gettext("Not recorded") if self.has_record else gettext("No record")

    @property
    def contribution_text(self) -> str:
        return str(CONTRIBUTION_TEXT.get(self.contribution, self.contribution))


@dataclass
class Timeline:
    country: Country
    rows: list[TimelineRow]
    undated_practices: int
    practices_outside: int

    chart_id = "engagement-timeline"

    @property
    def title(self) -> str:
        return gettext("{name} in the GFMD, edition by edition").format(name=self.country.localized_name)

    @property
    def description(self) -> str:
        rows = self.rows
        if not rows:
            return gettext("No edition of the GFMD is on record yet.")
        attended = sum(1 for row in rows if row.attendance_short not in {"", "–"})
        roles = sum(row.roles or 0 for row in rows)
        contributed = sum(1 for row in rows if row.contribution == "Yes")
        shared = sum(row.practices for row in rows)
        parts = [
            gettext(
                "Timeline of {name}'s record across the {count} editions of the GFMD, "
                "GFMD {first} to GFMD {last}, one column per edition."
            ).format(
                name=self.country.localized_name,
                count=len(rows),
                first=rows[0].edition.label,
                last=rows[-1].edition.label,
            ),
            ngettext(
                "Attendance (M: the single meeting of 2007, P: preparatory meetings, S: summit, a dash: on record "
                "without attendance, empty: no record): {count} edition attended.",
                "Attendance (M: the single meeting of 2007, P: preparatory meetings, S: summit, a dash: on record "
                "without attendance, empty: no record): {count} editions attended.",
                attended,
            ).format(count=attended),
            gettext(
                "Roundtable roles held, as bars: {count} in all (a question mark where the record says nothing "
                "about roundtables)."
            ).format(count=roles),
            ngettext(
                "Financial contribution (Yes, No, or a question mark when not recorded): made in {count} edition.",
                "Financial contribution (Yes, No, or a question mark when not recorded): made in {count} editions.",
                contributed,
            ).format(count=contributed),
            gettext("Practices shared, as bars, placed by the date they were shared: {count}.").format(count=shared),
        ]
        return " ".join(parts) + " " + self.undated_note

    @property
    def practices_total(self) -> int:
        """Every published practice of the country: in an edition, undated, or outside every edition."""
        return sum(row.practices for row in self.rows) + self.undated_practices + self.practices_outside

    @property
    def undated_note(self) -> str:
        notes = []
        if self.undated_practices:
            count = self.undated_practices
            notes.append(
                ngettext(
                    "{count} published practice from {name} has no recorded date (practices imported from the old "
                    "portal carry none), so it is not placed on the timeline.",
                    "{count} published practices from {name} have no recorded date (practices imported from the old "
                    "portal carry none), so they are not placed on the timeline.",
                    count,
                ).format(count=count, name=self.country.localized_name)
            )
        if self.practices_outside:
            count = self.practices_outside
            notes.append(
                ngettext(
                    "{count} practice was shared outside the period of any edition.",
                    "{count} practices were shared outside the period of any edition.",
                    count,
                ).format(count=count)
            )
        return " ".join(notes)

    @property
    def drawing(self) -> TimelineDrawing:
        """The chart, placed for templates/charts/_timeline.svg."""
        columns = [row.edition.label for row in self.rows]
        short = {"Yes": gettext("Yes"), "No": gettext("No"), NOT_RECORDED: "?"}  # the contribution lane's cells
        lanes = [
            Lane(
                "attendance",
                gettext("Attendance"),
                [Cell(row.attendance_short, state=_attendance_state(row)) for row in self.rows],
            ),
            Lane(
                "roles",
                gettext("Roundtable roles"),
                [
                    Cell(
                        "" if not row.has_record else ("?" if row.roles is None else str(row.roles)),
                        row.roles or 0,
                        "none" if not row.has_record else "",
                    )
                    for row in self.rows
                ],
                bars=True,
            ),
            Lane(
                "contribution",
                gettext("Financial contribution"),
                [Cell(short.get(row.contribution, ""), state=_contribution_state(row)) for row in self.rows],
            ),
            Lane(
                "practices",
                gettext("Practices shared"),
                [Cell(str(row.practices), row.practices) for row in self.rows],
                True,
            ),
        ]
        return timeline(chart_id=self.chart_id, title=self.title, desc=self.description, columns=columns, lanes=lanes)


def _attendance_state(row: TimelineRow) -> str:
    if not row.has_record:
        return "none"
    return "record" if row.attendance_short == "–" else "yes"


def _contribution_state(row: TimelineRow) -> str:
    return {"Yes": "yes", "No": "no", NOT_RECORDED: "unknown"}.get(row.contribution, "none")


def attendance_words(record: Participation | None) -> tuple[str, str]:
    """What a record says about attendance: in words, and in the chart's letters."""
    if record is None:
        return gettext("No record"), ""
    flags = (record.attended_meeting, record.attended_prep_meetings, record.attended_summit)
    letters = [letter for letter, flag in zip("MPS", flags, strict=True) if flag]
    if not letters:
        return gettext("On record, no attendance recorded"), "–"
    return str(ATTENDANCE_TEXT[flags]), " ".join(letters)


# Whole sentences, one per combination, so that each language can word them its own way.
ATTENDANCE_TEXT = {
    (True, False, False): _("Attended the meeting"),
    (False, True, False): _("Attended preparatory meetings"),
    (False, False, True): _("Attended the summit"),
    (True, True, False): _("Attended the meeting and preparatory meetings"),
    (True, False, True): _("Attended the meeting and the summit"),
    (False, True, True): _("Attended preparatory meetings and the summit"),
    (True, True, True): _("Attended the meeting, preparatory meetings and the summit"),
}


def contribution_words(record: Participation | None) -> str:
    if record is None:
        return NO_RECORD
    if record.financial_contribution.strip():
        return "Yes"
    return "No" if record.financial_recorded else NOT_RECORDED


def country_timeline(
    country: Country,
    editions: Sequence[Edition] | None = None,
    records: Mapping[int, Participation] | None = None,
    practice_dates: Iterable[datetime.date | None] | None = None,
) -> Timeline:
    """``country``'s engagement in every edition. Five queries: editions, records, their roles (two),
    and the dates of the country's published practices. A page that has already fetched the
    editions (by ordinal), the country's records by edition id with their roles (``with_roles()``)
    and the dates passes them in, and the timeline needs no query."""
    if editions is None:
        editions = list(Edition.objects.order_by("ordinal"))
    if records is None:
        queryset = Participation.objects.filter(country=country).order_by()
        records = {record.edition_id: record for record in queryset.with_roles()}
    if practice_dates is None:
        practices = Practice.objects.published().of_country(country).order_by()
        practice_dates = practices.values_list("date_shared", flat=True)
    per_edition, undated, outside = practices_per_edition(practice_dates, editions)
    rows = []
    for edition in editions:
        record = records.get(edition.pk)
        attendance, short = attendance_words(record)
        roles = None
        if record is not None:
            count = len(record.roundtable_role_list)
            roles = count if count or record.roundtables_recorded else None
        rows.append(
            TimelineRow(
                edition=edition,
                has_record=record is not None,
                attendance=attendance,
                attendance_short=short,
                roles=roles,
                contribution=contribution_words(record),
                practices=per_edition[edition.pk],
            )
        )
    return Timeline(country=country, rows=rows, undated_practices=undated, practices_outside=outside)


def practices_per_edition(
    dates: Iterable[datetime.date | None], editions: Sequence[Edition]
) -> tuple[Counter[int], int, int]:
    """Practices counted by the edition (id) whose period holds their date; also those without a
    date and those outside every period. Where two periods overlap the older edition wins, as
    ``Edition.objects.for_date`` decides: ``editions`` come oldest first and the first match counts.

    Counted here rather than in SQL: the page fetches the dates anyway to choose its practices, and
    a country has hundreds of practices at most, where grouping them in the database cost more."""
    # The periods cut the calendar into pieces, each starting at a period's first day or the day
    # after a period's last; a piece belongs to the oldest edition covering its first day (or to none).
    periods = [(*edition.period, edition.pk) for edition in editions]
    starts = sorted({start for start, _, _ in periods} | {_day_after(end) for _, end, _ in periods})
    owners = [next((pk for start, end, pk in periods if start <= first <= end), None) for first in starts]
    counts: Counter[int] = Counter()
    undated = outside = 0
    for day in dates:
        if day is None:
            undated += 1
            continue
        piece = bisect.bisect_right(starts, day) - 1
        owner = owners[piece] if piece >= 0 else None
        if owner is None:
            outside += 1
        else:
            counts[owner] += 1
    return counts, undated, outside


def _day_after(day: datetime.date) -> datetime.date:
    return day if day == datetime.date.max else day + datetime.timedelta(days=1)
