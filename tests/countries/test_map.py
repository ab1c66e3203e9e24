"""The world map at /map/: every country drawn where its coordinates say, linked, named, coloured by a measure."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Edition, Participation, RoundtableRole
from portal.lib.text import sort_key
from portal.pages.map import (
    HEIGHT,
    MEASURES,
    SCALE,
    WIDTH,
    colour_classes,
    country_shapes,
    is_state,
    project,
    shape_from_rings,
)
from portal.practices.models import Practice, PracticeSource

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
NUMBER = re.compile(r"-?\d*\.?\d+")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- a small HTML tree, enough to read the map, the charts and the tables ----------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list["Node"] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)

    def iter(self, tag: str | None = None):
        for child in self.children:
            if tag is None or child.tag == tag:
                yield child
            yield from child.iter(tag)

    def find(self, tag: str, **attrs: str) -> "Node | None":
        return next(self.find_all(tag, **attrs), None)

    def find_all(self, tag: str, **attrs: str):
        for node in self.iter(tag):
            if all(node.attrs.get(name.replace("_", "-")) == value for name, value in attrs.items()):
                yield node

    @property
    def raw_text(self) -> str:
        return "".join(self.text_parts + [child.raw_text for child in self.children])

    @property
    def text(self) -> str:
        return " ".join(self.raw_text.split())

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        # Text goes in order with the children: a marker child keeps its place.
        self.stack[-1].children.append(Node("#text", {}, text_parts=[data]))


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    return builder.root


def path_points(d: str) -> list[list[tuple[float, float]]]:
    """The rings of an SVG path as map.py writes it: each an absolute M, relative l steps, then z."""
    rings = []
    for start, steps in re.findall(r"M([^l]+)l([^Mz]+)z", d):
        x, y = (float(value) for value in NUMBER.findall(start))
        ring = [(x, y)]
        numbers = [float(value) for value in NUMBER.findall(steps)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            ring.append((round(x, 1), round(y, 1)))
        rings.append(ring)
    return rings


def bounding_box(d: str) -> tuple[float, float, float, float]:
    points = [point for ring in path_points(d) for point in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def inside(point: tuple[float, float], rings: list[list[tuple[float, float]]]) -> bool:
    """Even-odd rule: a ray to the right crosses the outline an odd number of times."""
    x, y = point
    crossings = 0
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


@dataclass
class DrawnCountry:
    link: Node

    @property
    def iso3(self) -> str:
        return self.link.attrs["data-iso3"]

    @property
    def value(self) -> int:
        return int(self.link.attrs["data-value"])

    @property
    def path(self) -> Node | None:
        return self.link.find("path")

    @property
    def circle(self) -> Node | None:
        return self.link.find("circle")


def map_page(client, url: str = "/map/") -> Node:
    response = client.get(url)
    assert response.status_code == 200
    return parse_html(response.content.decode())


def drawn_countries(page: Node) -> dict[str, DrawnCountry]:
    svg = page.find("svg", id="world-map")
    assert svg is not None
    drawn = {}
    for link in svg.iter("a"):
        country = DrawnCountry(link)
        assert country.iso3 not in drawn, f"{country.iso3} drawn twice"
        drawn[country.iso3] = country
    return drawn


def table_rows(page: Node) -> list[list[str]]:
    table = page.find("section", **{"aria-labelledby": "map-table-heading"}).find("table")
    return [[cell.text for cell in row.children if cell.tag in {"th", "td"}] for row in table.find("tbody").iter("tr")]


# --- the projection ------------------------------------------------------------------------------


def test_projection_is_equirectangular_from_84_north_to_58_south():
    assert project(-180, 84) == (0, 0)
    assert project(180, -58) == pytest.approx((WIDTH, HEIGHT))
    assert project(0, 0) == pytest.approx((180 * SCALE, 84 * SCALE))
    # One degree is SCALE units both ways: x grows eastwards, y southwards.
    x1, y1 = project(10, 20)
    x2, y2 = project(11, 19)
    assert (x2 - x1, y2 - y1) == pytest.approx((SCALE, SCALE))


def test_shape_from_rings_rounds_drops_repeated_points_and_closes_each_ring():
    square = [[0, 0], [1, 0], [1, 0.00001], [1, 1], [0, 1], [0, 0]]
    shape = shape_from_rings([square, [[5, 5], [5, 5]]])
    assert shape.d == "M450 210l2.5 0 0-2.5-2.5 0z"  # the degenerate ring is dropped
    assert shape.bbox == (450, 207.5, 452.5, 210)
    assert path_points(shape.d) == [[(450, 210), (452.5, 210), (452.5, 207.5), (450, 207.5)]]
    small = shape_from_rings([[[0, 0], [0.04, 0], [0.04, -0.12], [0, 0]]])
    assert small.d == "M450 210l.1 0 0 .3z"


def test_shapes_are_read_once_and_kept_in_memory():
    assert country_shapes() is country_shapes()
    assert len(country_shapes()) > 170
    assert "ATA" not in country_shapes(), "Antarctica is left out of the frame"


def test_each_path_read_back_step_by_step_lands_on_its_outlines_box():
    for iso3, shape in country_shapes().items():
        assert bounding_box(shape.d) == pytest.approx(shape.bbox, abs=1e-6), iso3
        left, top, right, bottom = shape.bbox
        assert 0 <= left <= right <= WIDTH and 0 <= top <= bottom <= HEIGHT, iso3


# --- what is drawn -------------------------------------------------------------------------------


def test_every_country_with_coordinates_is_drawn_and_linked_to_its_profile(client, reference_data):
    drawn = drawn_countries(map_page(client))
    with_coordinates = Country.objects.filter(latitude__isnull=False, longitude__isnull=False)
    assert with_coordinates.count() > 230
    outlined = country_shapes()
    for country in with_coordinates:
        if country.iso3 not in outlined and not is_state(country):
            continue  # a territory without an outline nor a figure: listed under the map
        assert country.iso3 in drawn, f"{country.name} is not on the map"
        link = drawn[country.iso3].link
        assert link.attrs["href"] == f"/countries/{country.iso3.lower()}/"
        assert (drawn[country.iso3].path is None) != (drawn[country.iso3].circle is None)


def test_every_un_member_state_is_on_the_map(client, reference_data):
    drawn = drawn_countries(map_page(client))
    members = set(Country.objects.filter(un_member_since__isnull=False).values_list("iso3", flat=True))
    assert len(members) == 193
    assert members - set(drawn) == set()


def test_countries_without_shape_or_coordinates_are_listed_under_the_map(client, reference_data):
    html = client.get("/map/").content.decode()
    drawn = drawn_countries(parse_html(html))
    missing = Country.objects.exclude(iso3__in=list(drawn))
    assert missing.exists()
    for country in missing:
        assert country.latitude is None or not is_state(country)
        assert f'<a href="/countries/{country.iso3.lower()}/">' in html


def test_each_marker_sits_at_its_countrys_coordinates_projected(client, reference_data):
    drawn = drawn_countries(map_page(client))
    markers = {iso3: country for iso3, country in drawn.items() if country.circle is not None}
    assert "SGP" in markers and "HUN" in markers  # no outline in countryinfo
    for iso3, country in markers.items():
        record = Country.objects.get(iso3=iso3)
        x, y = project(record.longitude, record.latitude)
        assert float(country.circle.attrs["cx"]) == pytest.approx(x, abs=0.005), iso3
        assert float(country.circle.attrs["cy"]) == pytest.approx(y, abs=0.005), iso3


def test_malis_outline_holds_malis_coordinates_projected(client, reference_data):
    mali = Country.objects.get(iso3="MLI")
    drawn = drawn_countries(map_page(client))
    d = drawn["MLI"].path.attrs["d"]
    point = project(mali.longitude, mali.latitude)
    left, top, right, bottom = bounding_box(d)
    assert left <= point[0] <= right and top <= point[1] <= bottom
    assert inside(point, path_points(d)), "17 N, 4 W lies inside Mali's outline, not only its box"


def test_each_outline_lies_within_a_degree_of_its_countrys_coordinates(client, reference_data):
    """countryinfo's points are rounded, and a few fall just outside coarse outlines (Kuwait, Malta,
    Trinidad and Tobago, the Bahamas): every one is within a degree of its outline's box."""
    drawn = drawn_countries(map_page(client))
    checked = 0
    for country in Country.objects.filter(iso3__in=list(drawn), latitude__isnull=False):
        path = drawn[country.iso3].path
        if path is None:
            continue
        x, y = project(country.longitude, country.latitude)
        left, top, right, bottom = bounding_box(path.attrs["d"])
        assert left - SCALE <= x <= right + SCALE and top - SCALE <= y <= bottom + SCALE, country.iso3
        checked += 1
    assert checked > 170


# --- keyboard and screen readers -----------------------------------------------------------------


def test_each_country_is_a_focusable_link_with_an_accessible_name(client, reference_data):
    page = map_page(client)
    svg = page.find("svg", id="world-map")
    # role="img" or aria-hidden would hide the links inside from assistive technology.
    assert svg.attrs.get("role") != "img" and "aria-hidden" not in svg.attrs
    assert page.find("title", id="map-title") is not None and page.find("desc", id="map-desc") is not None
    for iso3, country in drawn_countries(page).items():
        link = country.link
        name = Country.objects.get(iso3=iso3).localized_name
        assert link.attrs.get("href", "").startswith("/countries/"), "an SVG link needs href to take focus"
        assert link.attrs.get("tabindex", "0") != "-1"
        assert link.attrs["aria-label"].startswith(f"{name}: ")
        title = link.find("title")
        assert title is not None and title.text == link.attrs["aria-label"]


def test_a_skip_link_leads_past_the_map_to_the_table(client, reference_data):
    page = map_page(client)
    skip = next(link for link in page.iter("a") if link.has_class("map-skip"))
    target = skip.attrs["href"].lstrip("#")
    assert page.find("h2", id=target) is not None


def _external(text: str) -> list[str]:
    """Addresses of other sites: the page's own absolute addresses (canonical, alternates) and the
    licence it links to (a link, never loaded) are not."""
    return [
        url
        for url in re.findall(r"https?://[^\s\"'<>)]+", text)
        if url not in (SVG_NAMESPACE, settings.DATA_LICENSE_URL) and not url.startswith("http://testserver/")
    ]


def test_nothing_on_the_map_page_is_loaded_from_outside(client, mali):
    html = client.get("/map/?measure=practices").content.decode()
    assert _external(html) == []
    page = parse_html(html)
    assets = [node.attrs["src"] for node in page.iter("script")] + [
        node.attrs["href"] for node in page.iter("link") if node.attrs.get("rel") == "stylesheet"
    ]
    assert "/static/js/map.js" in assets and "/static/css/site.css" in assets
    for url in assets:
        assert url.startswith("/static/"), url
        found = finders.find(url.removeprefix("/static/"))
        assert found, url
        text = Path(found).read_text(encoding="utf-8")
        assert _external(text) == [], url
        assert "@import" not in text and "fetch(" not in text and "XMLHttpRequest" not in text, url


def test_the_map_page_has_no_inline_style_or_script(client, mali):
    page = map_page(client, "/map/?measure=roundtables")
    for node in page.iter():
        assert "style" not in node.attrs, node.tag
        assert not any(name.startswith("on") for name in node.attrs), node.tag
    for script in page.iter("script"):
        assert script.attrs.get("src") and not script.text


# --- measures, legend and table -----------------------------------------------------------------


def test_selector_is_a_plain_get_form(client, reference_data):
    page = map_page(client)
    form = page.find("form", **{"class": "map-form"})
    assert form.attrs["method"] == "get" and form.attrs["action"] == "/map/"
    assert {select.attrs["name"] for select in form.iter("select")} == {"measure", "edition"}
    options = [option.attrs["value"] for option in form.find("select", name="edition").iter("option")]
    assert options == [""] + list(Edition.objects.order_by("ordinal").values_list("label", flat=True))


def test_malis_figures_on_the_map_and_in_the_table_agree_with_the_database(client, mali):
    records = Participation.objects.filter(country=mali)
    expected = {
        "editions": sum(1 for r in records if r.attended_meeting or r.attended_prep_meetings or r.attended_summit),
        "roundtables": RoundtableRole.objects.filter(participation__country=mali).count(),
        "contributions": records.exclude(financial_contribution="").count(),
        "practices": mali.practices.published().count(),
    }
    assert expected == {"editions": 12, "roundtables": 5, "contributions": 1, "practices": 8}
    for key, value in expected.items():
        page = map_page(client, f"/map/?measure={key}")
        link = drawn_countries(page)["MLI"].link
        assert int(link.attrs["data-value"]) == value
        assert link.attrs["aria-label"] == f"Mali: {MEASURES[key].describe(value, None)}"
        row = next(row for row in table_rows(page) if row[0] == "Mali")
        assert row[1] == "Africa"
        assert row[2:] == [str(expected[other]) for other in MEASURES]


def test_a_countrys_label_on_the_french_map_sets_a_no_break_space_before_the_colon(client, mali):
    html = client.get("/fr/map/?measure=editions&edition=2018").content.decode()
    assert 'aria-label="Mali\u00a0: ' in html


def test_one_edition_colours_the_countries_that_attended_it(client, mali):
    page = map_page(client, "/map/?measure=editions&edition=2018")
    drawn = drawn_countries(page)
    attended = set(
        Participation.objects.filter(edition__label="2018", attended_summit=True).values_list(
            "country__iso3", flat=True
        )
    )
    assert attended == {"MLI"}
    assert {iso3 for iso3, country in drawn.items() if country.value} == attended
    assert drawn["MLI"].link.attrs["aria-label"] == "Mali: attended GFMD 2018"
    assert drawn["MLI"].link.has_class("q5") and drawn["SEN"].link.has_class("q0")
    assert drawn["SEN"].link.attrs["aria-label"] == "Senegal: not on record as attending GFMD 2018"
    legend = [item.text for item in page.find("ul", **{"class": "map-legend"}).iter("li")]
    assert legend == [
        f"Not on record as attending GFMD 2018 ({len(drawn) - 1} countries)",
        "Attended GFMD 2018 (1 country)",
    ]
    row = table_rows(page)[0]  # sorted by the measure, highest first
    assert row == ["Mali", "Africa", "Yes", "3", "No", "0"]
    assert "1 country attended GFMD 2018." in page.text


def test_an_edition_counts_practices_linked_to_it_through_their_sources(client, mali):
    practice = mali.practices.published().first()
    PracticeSource.objects.create(practice=practice, text="GFMD 2018", edition=Edition.objects.get(label="2018"))
    PracticeSource.objects.create(practice=practice, text="GFMD 2018 again", edition=Edition.objects.get(label="2018"))
    draft = Practice.objects.create(title="Draft", summary="x", status=Practice.Status.DRAFT)
    draft.countries.add(mali)
    PracticeSource.objects.create(practice=draft, text="GFMD 2018", edition=Edition.objects.get(label="2018"))

    drawn = drawn_countries(map_page(client, "/map/?measure=practices&edition=2018"))
    assert drawn["MLI"].value == 1
    assert drawn["MLI"].link.attrs["aria-label"] == "Mali: 1 published practice linked to GFMD 2018"
    assert drawn_countries(map_page(client, "/map/?measure=practices"))["MLI"].value == 8


def test_colour_classes_cover_one_to_the_largest_value_in_at_most_five_ranges():
    measure = MEASURES["editions"]
    classes = colour_classes(15, measure, None)
    assert [(c.css, c.low, c.high, c.label) for c in classes] == [
        ("q0", 0, 0, "None"),
        ("q1", 1, 3, "1–3"),
        ("q2", 4, 6, "4–6"),
        ("q3", 7, 9, "7–9"),
        ("q4", 10, 12, "10–12"),
        ("q5", 13, 15, "13–15"),
    ]
    assert [c.css for c in colour_classes(3, measure, None)] == ["q0", "q1", "q3", "q5"]
    assert [c.label for c in colour_classes(1, measure, None)] == ["None", "1"]
    assert [c.label for c in colour_classes(0, measure, None)] == ["None"]
    for peak in range(1, 40):
        classes = colour_classes(peak, measure, None)
        for value in range(peak + 1):
            assert sum(1 for c in classes if c.holds(value)) == 1, (peak, value)


def test_each_country_is_coloured_by_the_legend_range_its_value_falls_in(client, mali):
    country = Country.objects.get(iso3="SEN")
    for label in ["2007", "2008", "2009"]:
        Participation.objects.create(country=country, edition=Edition.objects.get(label=label), attended_summit=True)
    page = map_page(client, "/map/?measure=editions")
    legend = [item.text for item in page.find("ul", **{"class": "map-legend"}).iter("li")]
    assert legend[0].startswith("None (")
    classes = colour_classes(12, MEASURES["editions"], None)
    for country in drawn_countries(page).values():
        expected = next(c.css for c in classes if c.holds(country.value))
        assert country.link.has_class(expected), country.iso3
    assert drawn_countries(page)["SEN"].value == 3


def test_table_sorts_on_the_server_by_the_column_asked_for(client, mali):
    page = map_page(client, "/map/?sort=name")
    names = [row[0] for row in table_rows(page)]
    assert names == sorted(names, key=sort_key)  # case and accents aside: Côte d'Ivoire before Croatia
    assert names.index("Côte d'Ivoire") < names.index("Croatia")
    header = page.find("th", **{"aria-sort": "ascending"})
    assert header.text.startswith("Country")
    assert header.find("a").attrs["href"].startswith("?measure=editions&sort=-name")

    page = map_page(client, "/map/?measure=roundtables&sort=-name")
    assert [row[0] for row in table_rows(page)] == names[::-1]

    page = map_page(client, "/map/?measure=practices&edition=2018")
    assert page.find("th", **{"aria-sort": "descending"}).text.startswith("Practices linked")
    links = [th.find("a").attrs["href"] for th in page.find("thead").iter("th")]
    assert all("measure=practices&edition=2018&sort=" in link for link in links)

    rows = table_rows(map_page(client, "/map/?sort=-roundtables"))
    assert rows[0][0] == "Mali"


def test_unknown_measure_edition_or_sort_fall_back_to_the_defaults(client, mali):
    response = client.get("/map/?measure=nonsense&edition=1999&sort=--x")
    assert response.status_code == 200
    page = parse_html(response.content.decode())
    assert "There is no edition with that label" in page.text
    assert drawn_countries(page)["MLI"].value == 12
    assert page.find("th", **{"aria-sort": "descending"}).text.startswith("Editions attended")


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_map_needs_the_same_few_queries_however_many_records(client, mali):
    urls = ["/map/", "/map/?measure=practices&edition=2018&sort=region"]
    before = [_queries(client, url) for url in urls]
    editions = list(Edition.objects.all())
    for country in Country.objects.filter(un_member_since__isnull=False).exclude(iso3="MLI")[:60]:
        for edition in editions[:5]:
            record = Participation.objects.create(
                country=country, edition=edition, attended_summit=True, financial_contribution="USD 1"
            )
            RoundtableRole.objects.create(
                participation=record, roundtable=edition.roundtables.first() or mali_roundtable(), role="Co-Chair"
            )
    after = [_queries(client, url) for url in urls]
    assert after == before
    assert max(after) <= 6


def mali_roundtable():
    return RoundtableRole.objects.filter(participation__country__iso3="MLI").first().roundtable


def test_nav_links_to_the_map_and_the_participation_matrix(client, reference_data):
    html = client.get("/map/").content.decode()
    assert '<a href="/map/">Map</a>' in html
    assert '<a href="/participation/">Participation</a>' in html


def test_territories_without_an_outline_or_a_figure_are_listed_not_drawn_as_circles(client, reference_data):
    html = client.get("/map/").content.decode()
    drawn = drawn_countries(parse_html(html))
    assert "CXR" not in drawn and "PCN" not in drawn  # Christmas Island, Pitcairn: no circle over the sea
    listed = html[html.index("listed rather than drawn:") :]
    assert '<a href="/countries/cxr/">Christmas Island</a>' in listed
    assert drawn["SGP"].circle is not None  # a state without an outline keeps its circle


def test_a_territory_with_a_figure_keeps_its_circle(client, mali):
    hong_kong = Country.objects.get(iso3="HKG")
    Participation.objects.create(country=hong_kong, edition=Edition.objects.first(), attended_summit=True)
    drawn = drawn_countries(map_page(client))
    assert drawn["HKG"].circle is not None
