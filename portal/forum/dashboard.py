"""Participation in figures: an edition's dashboard and one country's timeline across all editions.

Both are built from a handful of aggregate queries, whatever the number of countries and
records, and hand their numbers to ``portal.lib.svg`` for the charts and to the templates for the
tables beside them, so that the chart and its table cannot disagree.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import CharField, Count, F, IntegerField, Q, QuerySet, Value
from django.utils.safestring import SafeString

from portal.countries.models import Country
from portal.lib.svg import Bar, BarChart, Cell, Lane, timeline
from portal.practices.models import GCMObjective, Practice, Theme

from .models import Edition, Meeting, Participation, Roundtable, RoundtableRole

ATTENDED = Q(attended_meeting=True) | Q(attended_prep_meetings=True) | Q(attended_summit=True)


def attended_through(prefix: str) -> Q:
    """``ATTENDED`` seen from a model that reaches Participation through ``prefix`` (e.g. "participations")."""
    return (
        Q(**{f"{prefix}__attended_meeting": True})
        | Q(**{f"{prefix}__attended_prep_meetings": True})
        | Q(**{f"{prefix}__attended_summit": True})
    )


def editions_with_attendance() -> QuerySet[Edition]:
    """Every edition with ``attending``: the number of countries on record as attending any of its meetings."""
    # An aggregate query ignores Meta.ordering: the order is spelled out.
    return (
        Edition.objects.select_related("summit_country")
        .annotate(attending=Count("participations", filter=attended_through("participations")))
        .order_by("ordinal")
    )


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
    meetings_by_kind: list[tuple[str, int]]
    charts: list[BarChart]
    empty_charts: list[BarChart]

    @property
    def meeting_count(self) -> int:
        return sum(count for _, count in self.meetings_by_kind)


def edition_dashboard(
    edition: Edition,
    *,
    editions: Sequence[Edition],
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
        role_holders=sorted(holders.values(), key=lambda holder: holder.country.name),
        meetings_by_kind=[(label, kinds[value]) for value, label in Meeting.Kind.choices if kinds[value]],
        charts=[chart for chart in charts if not chart.is_empty],
        empty_charts=[chart for chart in charts if chart.is_empty],
    )


def participation_chart(edition: Edition, editions: Sequence[Edition]) -> BarChart:
    bars = [
        Bar(other.label, other.attending, highlight=other.pk == edition.pk, url=other.get_absolute_url())
        for other in editions
    ]
    first, last = (editions[0].label, editions[-1].label) if editions else ("", "")
    busiest = max(editions, key=lambda other: other.attending, default=None)
    description = (
        f"Bar chart: how many countries are on record as attending at least one meeting of each edition, "
        f"GFMD {first} to GFMD {last}. This edition, GFMD {edition.label}, is highlighted and marked with a "
        f"triangle under its bar: {edition.attending} countr{'y' if edition.attending == 1 else 'ies'}."
    )
    if busiest is not None and busiest.attending:
        description += f" The most: GFMD {busiest.label}, {busiest.attending}."
    return BarChart(
        chart_id="chart-participation",
        title="Countries attending, edition by edition",
        description=description,
        label_heading="Edition",
        value_heading="Countries attending",
        bars=bars,
        vertical=True,
        highlight_note="this edition",
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
        if kind == "theme":
            theme_bars.append((f"{parent} › {label}" if parent else label, count))
        else:
            objective_bars.append((position, f"{position}. {label}", count))
    theme_bars.sort(key=lambda item: (-item[1], item[0]))
    objective_bars.sort()
    name = f"GFMD {edition.label}"
    by_theme = BarChart(
        chart_id="chart-themes",
        title=f"Published practices linked to {name}, by theme",
        description=(
            f"Bar chart: the number of published practices presented at {name} under each theme, most first. "
            "A practice with several themes counts under each of them."
        ),
        label_heading="Theme",
        value_heading="Practices",
        bars=[Bar(label, count) for label, count in theme_bars],
    )
    by_objective = BarChart(
        chart_id="chart-objectives",
        title=f"Published practices linked to {name}, by GCM objective",
        description=(
            f"Bar chart: the number of published practices presented at {name} under each objective of the "
            "Global Compact for Migration, in the Compact's order. A practice may serve several objectives."
        ),
        label_heading="GCM objective",
        value_heading="Practices",
        bars=[Bar(label, count) for _, label, count in objective_bars],
    )
    return by_theme, by_objective


# --- a country's timeline ------------------------------------------------------------------------

NO_RECORD = "No record"
NOT_RECORDED = "Not recorded"


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
        return NOT_RECORDED if self.has_record else NO_RECORD


@dataclass
class Timeline:
    country: Country
    rows: list[TimelineRow]
    undated_practices: int
    practices_outside: int

    chart_id = "engagement-timeline"

    @property
    def title(self) -> str:
        return f"{self.country.name} in the GFMD, edition by edition"

    @property
    def description(self) -> str:
        rows = self.rows
        if not rows:
            return "No edition of the GFMD is on record yet."
        attended = sum(1 for row in rows if row.attendance_short not in {"", "–"})
        roles = sum(row.roles or 0 for row in rows)
        contributed = sum(1 for row in rows if row.contribution == "Yes")
        shared = sum(row.practices for row in rows)
        text = (
            f"Timeline of {self.country.name}'s record across the {len(rows)} editions of the GFMD, "
            f"GFMD {rows[0].edition.label} to GFMD {rows[-1].edition.label}, one column per edition. "
            f"Attendance (M: the single meeting of 2007, P: preparatory meetings, S: summit, a dash: on record "
            f"without attendance, empty: no record): {attended} edition{'s' if attended != 1 else ''} attended. "
            f"Roundtable roles held, as bars: {roles} in all (a question mark where the record says nothing "
            f"about roundtables). Financial contribution (Yes, No, or a question mark when not recorded): "
            f"made in {contributed} edition{'s' if contributed != 1 else ''}. "
            f"Practices shared, as bars, placed by the date they were shared: {shared}."
        )
        return text + " " + self.undated_note

    @property
    def undated_note(self) -> str:
        notes = []
        if self.undated_practices:
            count = self.undated_practices
            notes.append(
                f"{count} published practice{'s' if count != 1 else ''} from {self.country.name} "
                f"ha{'ve' if count != 1 else 's'} no recorded date (practices imported from the old portal "
                "carry none), so they are not placed on the timeline."
            )
        if self.practices_outside:
            count = self.practices_outside
            notes.append(
                f"{count} practice{'s were' if count != 1 else ' was'} shared outside the period of any edition."
            )
        return " ".join(notes)

    def svg(self) -> SafeString:
        columns = [row.edition.label for row in self.rows]
        lanes = [
            Lane(
                "attendance",
                "Attendance",
                [Cell(row.attendance_short, state=_attendance_state(row)) for row in self.rows],
            ),
            Lane(
                "roles",
                "Roundtable roles",
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
                "Financial contribution",
                [Cell(_contribution_short(row.contribution), state=_contribution_state(row)) for row in self.rows],
            ),
            Lane("practices", "Practices shared", [Cell(str(row.practices), row.practices) for row in self.rows], True),
        ]
        return timeline(chart_id=self.chart_id, title=self.title, desc=self.description, columns=columns, lanes=lanes)


def _attendance_state(row: TimelineRow) -> str:
    if not row.has_record:
        return "none"
    return "record" if row.attendance_short == "–" else "yes"


def _contribution_short(text: str) -> str:
    return {"Yes": "Yes", "No": "No", NOT_RECORDED: "?"}.get(text, "")


def _contribution_state(row: TimelineRow) -> str:
    return {"Yes": "yes", "No": "no", NOT_RECORDED: "unknown"}.get(row.contribution, "none")


def attendance_words(record: Participation | None) -> tuple[str, str]:
    """What a record says about attendance: in words, and in the chart's letters."""
    if record is None:
        return NO_RECORD, ""
    words, letters = [], []
    if record.attended_meeting:
        words.append("the meeting")
        letters.append("M")
    if record.attended_prep_meetings:
        words.append("preparatory meetings")
        letters.append("P")
    if record.attended_summit:
        words.append("the summit")
        letters.append("S")
    if not words:
        return "On record, no attendance recorded", "–"
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return "Attended " + text, " ".join(letters)


def contribution_words(record: Participation | None) -> str:
    if record is None:
        return NO_RECORD
    if record.financial_contribution.strip():
        return "Yes"
    return "No" if record.financial_recorded else NOT_RECORDED


def country_timeline(country: Country) -> Timeline:
    """``country``'s engagement in every edition. Three queries: editions, records with their role counts,
    and the dates of the country's published practices."""
    editions = list(Edition.objects.order_by("ordinal"))
    records = {
        record.edition_id: record
        for record in Participation.objects.filter(country=country)
        .annotate(role_count=Count("roundtable_roles"))
        .only(
            "edition_id",
            "attended_meeting",
            "attended_prep_meetings",
            "attended_summit",
            "financial_recorded",
            "financial_contribution",
            "roundtables_recorded",
        )
    }
    dates = list(country.practices.published().order_by().values_list("date_shared", flat=True))
    per_edition: Counter[int] = Counter()
    outside = 0
    periods = [(edition.pk, *edition.period) for edition in editions]
    for day in dates:
        if day is None:
            continue
        # The older edition wins where two periods overlap, as Edition.objects.for_date decides.
        found = next((pk for pk, start, end in periods if start <= day <= end), None)
        if found is None:
            outside += 1
        else:
            per_edition[found] += 1
    rows = []
    for edition in editions:
        record = records.get(edition.pk)
        attendance, short = attendance_words(record)
        roles = None
        if record is not None and (record.role_count or record.roundtables_recorded):
            roles = record.role_count
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
    return Timeline(
        country=country,
        rows=rows,
        undated_practices=sum(1 for day in dates if day is None),
        practices_outside=outside,
    )
