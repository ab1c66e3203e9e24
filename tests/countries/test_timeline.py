"""The engagement timeline on a country profile: one SVG chart across all editions, and its table."""

import datetime
from collections import Counter

import pytest
from django.db.models import Count

from portal.forum.models import Edition, Participation
from portal.pages.dashboard import country_timeline, practices_per_edition
from portal.practices.models import Practice
from tests.countries.test_map import Node, parse_html


def timeline_parts(client, url: str = "/countries/mli/") -> tuple[Node, dict[str, dict[str, str]], list[list[str]]]:
    """The chart, its cell texts by lane and edition, and the table's rows."""
    page = parse_html(client.get(url).content.decode())
    svg = page.find("svg", **{"aria-labelledby": "engagement-timeline-title"})
    assert svg is not None
    lanes: dict[str, dict[str, str]] = {}
    for cell in svg.iter("g"):
        if "data-lane" in cell.attrs:
            lanes.setdefault(cell.attrs["data-lane"], {})[cell.attrs["data-column"]] = cell.find("text").text
    table = next(table for table in page.iter("table") if table.find("caption", id="timeline-table"))
    rows = [[cell.text for cell in row.children if cell.tag in {"th", "td"}] for row in table.find("tbody").iter("tr")]
    return svg, lanes, rows


def test_timeline_is_an_image_with_a_title_and_a_description(client, mali):
    svg, _, _ = timeline_parts(client)
    assert svg.attrs["role"] == "img"
    title = svg.find("title", id=svg.attrs["aria-labelledby"])
    desc = svg.find("desc", id=svg.attrs["aria-describedby"])
    assert title.text == "Mali in the GFMD, edition by edition"
    assert "across the 15 editions of the GFMD" in desc.text
    assert "8 published practices from Mali have no recorded date" in desc.text
    assert "style" not in svg.attrs


def test_mali_timeline_chart_and_table_agree_with_the_database(client, mali):
    _, lanes, rows = timeline_parts(client)
    editions = list(Edition.objects.order_by("ordinal"))
    records = {
        record.edition_id: record
        for record in Participation.objects.filter(country=mali).annotate(roles=Count("roundtable_roles"))
    }
    assert [row[0] for row in rows] == [edition.label for edition in editions]
    assert set(lanes) == {"attendance", "roles", "contribution", "practices"}
    for edition, (label, attendance, roles, contribution, practices) in zip(editions, rows, strict=True):
        record = records.get(edition.pk)
        chart = {lane: cells[label] for lane, cells in lanes.items()}
        if record is None:
            assert (attendance, roles, contribution) == ("No record", "No record", "No record")
            assert (chart["attendance"], chart["roles"], chart["contribution"]) == ("", "", "")
        else:
            letters = [
                letter
                for flag, letter in [
                    (record.attended_meeting, "M"),
                    (record.attended_prep_meetings, "P"),
                    (record.attended_summit, "S"),
                ]
                if flag
            ]
            assert chart["attendance"] == " ".join(letters)
            assert attendance.startswith("Attended ")
            if record.roundtables_recorded:
                assert roles == chart["roles"] == str(record.roles)
            else:
                assert (roles, chart["roles"]) == ("Not recorded", "?")
            if record.financial_contribution:
                assert contribution == chart["contribution"] == "Yes"
            elif record.financial_recorded:
                assert contribution == chart["contribution"] == "No"
            else:
                assert (contribution, chart["contribution"]) == ("Not recorded", "?")
        # Imported practices carry no date: none is placed on the timeline.
        assert practices == chart["practices"] == "0"


def test_mali_seed_reads_as_expected_on_the_timeline(client, mali):
    _, lanes, rows = timeline_parts(client)
    by_label = {row[0]: row for row in rows}
    assert by_label["2007"] == ["2007", "Attended the meeting", "1", "Yes", "0"]
    assert by_label["2018"] == ["2018", "Attended preparatory meetings and the summit", "3", "No", "0"]
    assert by_label["2019"] == [
        "2019",
        "Attended preparatory meetings and the summit",
        "Not recorded",
        "Not recorded",
        "0",
    ]
    assert by_label["2020"] == ["2020", "No record", "No record", "No record", "0"]
    assert lanes["attendance"]["2009"] == "S" and lanes["roles"]["2018"] == "3"
    assert sum(int(value) for value in lanes["roles"].values() if value.isdigit()) == 5


def test_dated_practices_go_under_the_edition_of_their_date(client, mali):
    def practice(day, status=Practice.Status.PUBLISHED):
        created = Practice.objects.create(title=f"On {day}", summary="x", status=status, date_shared=day)
        created.countries.add(mali)

    practice(datetime.date(2018, 6, 1))
    practice(datetime.date(2018, 11, 30))
    practice(datetime.date(2018, 6, 2), status=Practice.Status.DRAFT)  # not public: not counted
    practice(datetime.date(2031, 1, 1))  # after every edition

    _, lanes, rows = timeline_parts(client)
    assert lanes["practices"]["2018"] == "2"
    assert {row[0]: row[4] for row in rows}["2018"] == "2"
    timeline = country_timeline(mali)
    assert timeline.undated_practices == 8 and timeline.practices_outside == 1
    assert "1 practice was shared outside the period of any edition." in timeline.undated_note


def test_a_country_without_records_has_an_empty_timeline_that_says_so(client, reference_data):
    _, lanes, rows = timeline_parts(client, "/countries/fra/")
    assert all(row[1:4] == ["No record"] * 3 for row in rows)
    assert set(lanes["attendance"].values()) == {""}


@pytest.mark.django_db
def test_timeline_takes_five_queries(mali, django_assert_num_queries):
    with django_assert_num_queries(5):
        timeline = country_timeline(mali)
        assert timeline.drawing.lanes


@pytest.mark.django_db
def test_timeline_given_the_editions_records_and_dates_takes_no_query(mali, django_assert_num_queries):
    editions = list(Edition.objects.order_by("ordinal"))
    records = {record.edition_id: record for record in Participation.objects.filter(country=mali).with_roles()}
    dates = [day for _, day in Practice.objects.published().of_country(mali).ids_and_dates()]
    with django_assert_num_queries(0):
        shared = country_timeline(mali, editions, records, dates)
        assert shared.drawing.lanes
    assert shared.rows == country_timeline(mali).rows


@pytest.mark.django_db
def test_practices_per_edition_gives_an_overlap_to_the_older_edition(reference_data):
    editions = list(Edition.objects.order_by("ordinal"))
    by_label = {edition.label: edition for edition in editions}
    older, newer = by_label["2013-2014"], by_label["2014-2015"]
    day = datetime.date(2014, 3, 1)
    assert older.period[0] <= day <= older.period[1] and newer.period[0] <= day <= newer.period[1]
    assert Edition.objects.for_date(day) == older

    counts, undated, outside = practices_per_edition([day, day, None, datetime.date(1990, 1, 1)], editions)
    assert counts == {older.pk: 2}
    assert (undated, outside) == (1, 1)


@pytest.mark.django_db
def test_practices_per_edition_agrees_with_for_date_on_every_day(reference_data):
    """The pieces the periods cut the calendar into give each day the edition ``for_date`` gives it."""
    editions = list(Edition.objects.order_by("ordinal"))
    first = min(edition.period[0] for edition in editions) - datetime.timedelta(days=3)
    last = max(edition.period[1] for edition in editions) + datetime.timedelta(days=3)
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]

    # for_date asks the database for each day: every fifth day is enough to cross every boundary
    # twice over (the periods start and end on many different days), and the gaps between them.
    days = days[::5] + [edition.period[0] for edition in editions] + [edition.period[1] for edition in editions]
    counts, undated, outside = practices_per_edition(days, editions)
    expected = Counter(getattr(Edition.objects.for_date(day), "pk", None) for day in days)
    assert outside == expected.pop(None) > 6  # the days around the whole span, and the gaps between chairmanships
    assert counts == expected and undated == 0


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_lane_names_are_not_cut_in_any_language(client, mali, language):
    """ "Rôles dans les tables rondes" and "Funciones en mesas redondas" are the longest."""
    prefix = "" if language == "en" else f"/{language}"
    svg, _, _ = timeline_parts(client, f"{prefix}/countries/mli/")
    labels = [text.text for text in svg.iter("text") if text.attrs.get("class") == "chart-label"]
    lane_names = [label for label in labels if not label[:4].isdigit()]  # the columns are editions
    assert len(lane_names) == 4 and not any("…" in name for name in lane_names), lane_names


def test_the_chart_box_is_a_region_a_keyboard_can_scroll(client, mali):
    """On a phone the chart keeps its width and its box scrolls: the box takes the focus and is named."""
    page = parse_html(client.get("/countries/mli/").content.decode())
    box = next(div for div in page.iter("div") if "chart-box" in div.attrs.get("class", "").split())
    assert box.attrs["tabindex"] == "0" and box.attrs["role"] == "region"
    assert page.find("figcaption", id=box.attrs["aria-labelledby"]) is not None
