"""The world map: every country drawn on the server as SVG and coloured by a measure of its GFMD engagement.

Projection
----------
Equirectangular ("plate carrée"): longitude and latitude map to x and y in proportion::

    x = (longitude + 180) × SCALE
    y = (NORTH − latitude) × SCALE

in map units (the SVG's viewBox), SCALE units per degree. It stretches areas towards the poles,
but it needs no library, and where a country lands follows from its coordinates by one line of
arithmetic, which the tests check against each country's recorded latitude and longitude. The
frame runs from 84° N to 58° S and all the way round; Antarctica is left out (no GFMD role, and
in this projection it would fill the bottom of the map).

Shapes and markers
------------------
Shapes are countryinfo's GeoJSON outlines (about 175 countries), projected once per process and
kept in memory (``country_shapes``), never stored in the database. A country without a shape but
with coordinates on record gets a small circle at those coordinates, so that every country with
coordinates, and so every UN member state, is on the map and can be clicked or reached with Tab.

Measures
--------
Each country's value comes from four aggregate queries (one per measure), whatever the number of
countries: editions attended, roundtable roles held, financial contributions made, published
practices. With an edition chosen, each measure counts within that edition only; "editions
attended" and "financial contributions" then read yes or no.
"""

import functools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from portal.core.reference_names import region_name
from portal.countries.models import Country
from portal.countries.names import UN_OBSERVER_STATES
from portal.countries.reference import countryinfo_by_iso3
from portal.forum.attendance import ATTENDED
from portal.forum.models import Edition, Participation, RoundtableRole
from portal.lib.svg import number
from portal.lib.text import labelled, sort_key
from portal.practices.models import Practice

SCALE = 2.5
NORTH, SOUTH = 84.0, -58.0
WIDTH = 360 * SCALE
HEIGHT = (NORTH - SOUTH) * SCALE
MARKER_RADIUS = 3
LEFT_OUT = frozenset({"ATA"})


def project(longitude: float | Decimal, latitude: float | Decimal) -> tuple[float, float]:
    """A point's place on the map, in map units: (x, y) with y growing southwards."""
    return (float(longitude) + 180) * SCALE, (NORTH - float(latitude)) * SCALE


# --- shapes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shape:
    d: str  # the SVG path
    bbox: tuple[float, float, float, float]  # min x, min y, max x, max y, in map units


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    """The outer and inner rings of a GeoJSON Polygon or MultiPolygon."""
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    for polygon in polygons:
        yield from polygon


def _tenths(value: int) -> str:
    """A length in tenths of a map unit, written as short as SVG allows: 12 → "1.2", -3 → "-.3", 20 → "2"."""
    sign = "-" if value < 0 else ""
    whole, tenth = divmod(abs(value), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def _pairs(points: Sequence[tuple[int, int]]) -> str:
    """Coordinates one after the other; a minus sign separates numbers by itself, so no space before it."""
    text = ""
    for x, y in points:
        for value in (x, y):
            written = _tenths(value)
            text += written if not text or written.startswith("-") else " " + written
    return text


def shape_from_rings(rings: Iterable[Sequence[Sequence[float]]]) -> Shape | None:
    """One SVG path for all the rings, to a tenth of a map unit, repeated points dropped.

    Each ring starts with an absolute move (M) and goes on with relative lines (l): small steps
    take fewer characters than absolute positions. Positions are kept in whole tenths, so the
    steps add up exactly to the rounded outline."""
    parts: list[str] = []
    xs: list[int] = []
    ys: list[int] = []
    for ring in rings:
        points: list[tuple[int, int]] = []
        for position in ring:
            x, y = project(position[0], position[1])
            point = (round(x * 10), round(y * 10))
            if not points or points[-1] != point:
                points.append(point)
        if len(points) > 1 and points[0] == points[-1]:
            points.pop()
        if len(points) < 3:
            continue
        steps = [(x2 - x1, y2 - y1) for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False)]
        parts.append(f"M{_pairs(points[:1])}l{_pairs(steps)}z")
        xs.extend(x for x, _ in points)
        ys.extend(y for _, y in points)
    if not parts:
        return None
    return Shape("".join(parts), (min(xs) / 10, min(ys) / 10, max(xs) / 10, max(ys) / 10))


@functools.cache
def country_shapes() -> dict[str, Shape]:
    """countryinfo's outlines by ISO alpha-3, projected: read once per process, then kept in memory."""
    shapes = {}
    for iso3, record in countryinfo_by_iso3().items():
        if iso3 in LEFT_OUT:
            continue
        collection = record.get("geoJSON")
        features = (collection.get("features") or []) if isinstance(collection, dict) else []
        rings = [ring for feature in features for ring in _rings(feature.get("geometry") or {})]
        shape = shape_from_rings(rings)
        if shape is not None:
            shapes[iso3] = shape
    return shapes


# --- measures ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    name: StrOrPromise  # in the selector and the heading
    heading: StrOrPromise  # table column over all editions
    edition_heading: StrOrPromise  # table column within one edition
    one: StrOrPromise  # "{n} edition attended"
    many: StrOrPromise
    none: StrOrPromise
    # singular and plural: "has at least one published practice"
    summary_verb: tuple[StrOrPromise, StrOrPromise] = ("", "")
    yes_no: bool = False  # within one edition the value is 0 or 1
    yes: StrOrPromise = ""  # within one edition, "{edition}" replaced by "GFMD 2018"
    no: StrOrPromise = ""

    def describe(self, value: int, edition: Edition | None) -> str:
        """The value in words, for a country's accessible name and tooltip."""
        where = edition_name(edition) if edition else ""
        if edition is not None and self.yes_no:
            return (self.yes if value else self.no).format(edition=where)
        text = str(self.none) if value == 0 else (self.one if value == 1 else self.many).format(n=value)
        return f"{text} {self.within.format(edition=where)}" if edition is not None else text

    @property
    def within(self) -> str:
        return gettext("linked to {edition}") if self.key == "practices" else gettext("in {edition}")

    def cell(self, value: int, edition: Edition | None) -> str:
        """The value as the table writes it."""
        if edition is not None and self.yes_no:
            return gettext("Yes") if value else gettext("No")
        return str(value)


MEASURES: dict[str, Measure] = {
    measure.key: measure
    for measure in [
        # The words are translated when shown (lazily); a summary verb agrees with one country or several.
        Measure(
            "editions",
            _("Editions attended"),
            _("Editions attended"),
            _("Attended"),
            one=_("{n} edition attended"),
            many=_("{n} editions attended"),
            none=_("no edition attended"),
            summary_verb=(
                pgettext_lazy("one country", "attended at least one edition"),
                pgettext_lazy("several countries", "attended at least one edition"),
            ),
            yes_no=True,
            yes=_("attended {edition}"),
            no=_("not on record as attending {edition}"),
        ),
        Measure(
            "roundtables",
            _("Roundtable roles"),
            _("Roundtable roles"),
            _("Roundtable roles"),
            one=_("{n} roundtable role"),
            many=_("{n} roundtable roles"),
            none=_("no roundtable role"),
            summary_verb=(
                pgettext_lazy("one country", "held at least one roundtable role"),
                pgettext_lazy("several countries", "held at least one roundtable role"),
            ),
        ),
        Measure(
            "contributions",
            _("Financial contributions"),
            _("Financial contributions"),
            _("Contributed"),
            one=_("{n} financial contribution"),
            many=_("{n} financial contributions"),
            none=_("no financial contribution on record"),
            summary_verb=(
                pgettext_lazy("one country", "made at least one financial contribution"),
                pgettext_lazy("several countries", "made at least one financial contribution"),
            ),
            yes_no=True,
            yes=_("made a financial contribution to {edition}"),
            no=_("no financial contribution to {edition} on record"),
        ),
        Measure(
            "practices",
            _("Published practices"),
            _("Published practices"),
            _("Practices linked"),
            one=_("{n} published practice"),
            many=_("{n} published practices"),
            none=_("no published practice"),
            summary_verb=(
                pgettext_lazy("one country", "has at least one published practice"),
                pgettext_lazy("several countries", "have at least one published practice"),
            ),
        ),
    ]
}
DEFAULT_MEASURE = "editions"


def _per_country(rows: QuerySet, key: str) -> dict[int, int]:
    return {
        country: count
        for country, count in rows.order_by()
        .values(key)
        .annotate(count=Count("pk", distinct=True))
        .values_list(key, "count")
        if country is not None
    }


def measure_values(edition: Edition | None) -> dict[str, dict[int, int]]:
    """Each measure's value by country id: four aggregate queries."""
    records = Participation.objects.all() if edition is None else Participation.objects.filter(edition=edition)
    roles = (
        RoundtableRole.objects.all()
        if edition is None
        else RoundtableRole.objects.filter(participation__edition=edition)
    )
    practices = Practice.objects.published()
    if edition is not None:
        practices = practices.filter(sources__edition=edition)
    return {
        "editions": _per_country(records.filter(ATTENDED), "country_id"),
        "roundtables": _per_country(roles, "participation__country_id"),
        "contributions": _per_country(records.exclude(financial_contribution=""), "country_id"),
        "practices": _per_country(practices, "countries"),
    }


# --- colour classes ------------------------------------------------------------------------------


@dataclass
class ColourClass:
    css: str  # q0 (none) to q5 (most)
    low: int
    high: int
    label: str
    count: int = 0  # countries in this class

    def holds(self, value: int) -> bool:
        return self.low <= value <= self.high


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def colour_classes(peak: int, measure: Measure, edition: Edition | None) -> list[ColourClass]:
    """The legend's classes: q0 for nothing, then up to five ranges of equal width from 1 to ``peak``.

    Fewer ranges keep their shades spread over q1 to q5, so that neighbours stay distinguishable."""
    if edition is not None and measure.yes_no:
        return [
            ColourClass("q0", 0, 0, _sentence(measure.no.format(edition=edition_name(edition)))),
            ColourClass("q5", 1, 1, _sentence(measure.yes.format(edition=edition_name(edition)))),
        ]
    classes = [ColourClass("q0", 0, 0, gettext("None"))]
    if peak <= 0:
        return classes
    step = math.ceil(peak / min(peak, 5))
    ranges = [(low, min(low + step - 1, peak)) for low in range(1, peak + 1, step)]
    for index, (low, high) in enumerate(ranges):
        shade = 5 if len(ranges) == 1 else 1 + round(index * 4 / (len(ranges) - 1))
        classes.append(ColourClass(f"q{shade}", low, high, str(low) if low == high else f"{low}–{high}"))
    return classes


# --- the map -------------------------------------------------------------------------------------


@dataclass
class MapCountry:
    country: Country
    values: dict[str, int]
    value: int
    label: str  # accessible name: "Mali: 12 editions attended"
    colour: ColourClass
    cells: list[str] = field(default_factory=list)  # every measure's value as the table writes it
    shape: Shape | None = None
    marker: tuple[str, str] | None = None  # centre of the circle, written for the SVG

    @property
    def url(self) -> str:
        return self.country.get_absolute_url()

    @property
    def iso3(self) -> str:
        return self.country.iso3


@dataclass
class WorldMap:
    measure: Measure
    edition: Edition | None
    drawn: list[MapCountry]  # drawing order: shapes, then markers on top, each alphabetical
    classes: list[ColourClass]
    not_drawn: list[Country] = field(default_factory=list)
    # Territories without an outline and without a figure: listed under the map rather than drawn as
    # circles scattered over the oceans. States keep their circle (small island states among them).
    listed: list[MapCountry] = field(default_factory=list)

    @property
    def width(self) -> str:
        return number(WIDTH)

    @property
    def height(self) -> str:
        return number(HEIGHT)

    @property
    def marker_radius(self) -> int:
        return MARKER_RADIUS

    @property
    def counted(self) -> int:
        """Countries with a value above zero."""
        return sum(1 for item in self.drawn if item.value)

    @property
    def summary(self) -> str:
        """One sentence: how many countries the chosen measure counts."""
        count = self.counted
        who = ngettext("{count} country", "{count} countries", count).format(count=count)
        verb = self.measure.summary_verb[count != 1]
        where = f" {self.measure.within.format(edition=edition_name(self.edition))}" if self.edition else ""
        if self.edition is not None and self.measure.yes_no:
            return f"{who} {self.measure.yes.format(edition=edition_name(self.edition))}."
        return f"{who} {verb}{where}."


def edition_name(edition: Edition) -> str:
    """The edition's name: "GFMD 2019" in English, "FMMD 2019" in French and Spanish."""
    return gettext("GFMD %(label)s") % {"label": edition.label}


def is_state(country: Country) -> bool:
    """A UN member or observer state (the others are territories and areas)."""
    return bool(country.un_member_since) or country.iso3 in UN_OBSERVER_STATES


def build_map(measure: Measure, edition: Edition | None) -> WorldMap:
    """The map's countries with their values and colour classes: five queries."""
    values = measure_values(edition)
    shapes = country_shapes()
    countries = sorted(
        Country.objects.only("iso3", "name", "region", "latitude", "longitude", "un_member_since"),
        key=lambda country: sort_key(country.localized_name),
    )
    with_shape, with_marker, not_drawn, listed = [], [], [], []
    for country in countries:
        own = {key: per_country.get(country.pk, 0) for key, per_country in values.items()}
        value = own[measure.key]
        item = MapCountry(
            country=country,
            values=own,
            value=value,
            label=labelled(country.localized_name, measure.describe(value, edition)),
            colour=ColourClass("q0", 0, 0, ""),
            cells=[other.cell(own[key], edition) for key, other in MEASURES.items()],
        )
        shape = shapes.get(country.iso3)
        if shape is not None:
            item.shape = shape
            with_shape.append(item)
        elif not is_state(country) and not any(own.values()):
            listed.append(item)  # a territory too small for an outline, with nothing on record
        elif country.latitude is not None and country.longitude is not None:
            x, y = project(country.longitude, country.latitude)
            item.marker = (number(x, 2), number(y, 2))
            with_marker.append(item)
        else:
            not_drawn.append(country)
    drawn = with_shape + with_marker
    classes = colour_classes(max((item.value for item in drawn), default=0), measure, edition)
    for item in drawn:
        item.colour = next(colour for colour in classes if colour.holds(item.value))
        item.colour.count += 1
    return WorldMap(measure=measure, edition=edition, drawn=drawn, classes=classes, not_drawn=not_drawn, listed=listed)


# --- the table -----------------------------------------------------------------------------------

TEXT_COLUMNS = ("name", "region")


def sort_rows(rows: Sequence[MapCountry], sort: str) -> list[MapCountry]:
    """Rows sorted by ``sort``: a column key, "-" in front for descending. Ties go by name."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    by_name = sorted(rows, key=lambda item: sort_key(item.country.localized_name))
    if key == "name":
        return by_name[::-1] if descending else by_name
    if key == "region":
        # Countries without a region go last either way; regions sort by the name the reader sees.
        placed = [item for item in by_name if item.country.region]
        placed.sort(key=lambda item: sort_key(region_name(item.country.region)), reverse=descending)
        return placed + [item for item in by_name if not item.country.region]
    return sorted(by_name, key=lambda item: item.values[key], reverse=descending)


def valid_sort(sort: str, measure: Measure) -> str:
    key = sort.lstrip("-")
    if key in TEXT_COLUMNS or key in MEASURES:
        return sort if sort.count("-") <= 1 else key
    return "-" + measure.key
