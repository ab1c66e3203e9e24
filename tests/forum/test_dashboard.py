"""The dashboard on an edition's page: counts, role holders, contributors, meetings and three charts."""

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Edition, Participation, RoundtableRole
from portal.practices.models import GCMObjective, Practice, PracticeSource, Theme
from tests.countries.test_map import Node, parse_html

ATTENDED = Q(attended_meeting=True) | Q(attended_prep_meetings=True) | Q(attended_summit=True)


def page_of(client, label: str) -> Node:
    response = client.get(f"/editions/{label}/")
    assert response.status_code == 200
    return parse_html(response.content.decode())


def chart(page: Node, chart_id: str) -> tuple[Node, list[tuple[str, int]], list[tuple[str, int]]]:
    """An SVG chart, its bars (label, value) as drawn, and the rows of the table beside it."""
    svg = page.find("svg", **{"aria-labelledby": f"{chart_id}-title"})
    assert svg is not None, chart_id
    bars = []
    for item in svg.iter("g"):
        if item.has_class("chart-item"):
            label = next(text for text in item.iter("text") if text.has_class("chart-label"))
            value = next(text for text in item.iter("text") if text.has_class("chart-value"))
            full = label.find("title")  # a label cut short keeps its full text in a <title>
            bars.append((full.text if full else label.text, int(value.text)))
    figure = next(node for node in page.iter("figure") if node.attrs.get("aria-labelledby") == f"{chart_id}-caption")
    rows = []
    for row in figure.find("tbody").iter("tr"):
        label = row.find("th")
        note = label.find("span")
        text = label.text.removesuffix(" " + note.text) if note else label.text
        rows.append((text, int(row.find("td").text)))
    return svg, bars, rows


def stats(page: Node) -> dict[str, int]:
    listing = page.find("dl", **{"class": "stat-list"})
    return {item.find("dt").text: int(item.find("dd").text) for item in listing.iter("div")}


def test_counts_role_holders_and_contributors_of_an_edition(client, mali):
    senegal = Country.objects.get(iso3="SEN")
    edition = Edition.objects.get(label="2018")
    Participation.objects.create(country=senegal, edition=edition, attended_prep_meetings=True)
    page = page_of(client, "2018")
    records = Participation.objects.filter(edition=edition)
    assert stats(page) == {
        "Countries on record": records.count(),
        "Attended preparatory meetings": records.filter(attended_prep_meetings=True).count(),
        "Attended the summit": records.filter(attended_summit=True).count(),
        "Made a financial contribution": records.exclude(financial_contribution="").count(),
        "Held a roundtable role": 1,
        "Meeting on record": 1,
    }
    assert edition.meetings.count() == 1
    assert stats(page)["Attended preparatory meetings"] == 2
    listing = next(node for node in page.iter("ul") if node.has_class("holder-list"))
    assert [item.text for item in listing.iter("li")] == [
        "Mali: Government Team Member in RT 1.1; Government Team Member in RT 2.1; Government Team Member in RT 2.2"
    ]
    anchors = [link.attrs["href"] for link in listing.iter("a")]
    assert anchors == ["#rt-rt-1-1", "#rt-rt-2-1", "#rt-rt-2-2"]
    for anchor in anchors:
        assert page.find("section", id=anchor[1:]) or page.find("li", id=anchor[1:])
    assert "No financial contribution to this edition is on record." in page.text


def test_role_holders_role_names_are_marked_as_the_old_portals_english_in_french_after_a_spaced_colon(client, mali):
    page = parse_html(client.get("/fr/editions/2018/").content.decode())
    listing = next(node for node in page.iter("ul") if node.has_class("holder-list"))
    names = [(span.attrs.get("lang"), span.text) for span in listing.iter("span") if not span.has_class("holder")]
    assert names == [("en", "Government Team Member")] * 3
    assert [item.text for item in listing.iter("li")] == [
        # French sets a space before a colon (the text here has its spaces made plain).
        "Mali : Government Team Member de la RT 1.1; Government Team Member de la RT 2.1; "
        "Government Team Member de la RT 2.2"
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_reader_of_another_language_is_told_the_role_names_are_the_old_portals_english(client, mali, language):
    html = client.get(f"/{language}/editions/2018/").content.decode()
    note = {
        "fr": "Intitulés des rôles tels que l’ancien portail les a enregistrés, en anglais.",
        "es": "Nombres de los roles tal como los registró el antiguo portal, en inglés.",
    }[language]
    assert html.count(f'<p class="note">{note}</p>') == 2  # the role holders, the roundtables
    assert "Role names as the old portal" not in client.get("/editions/2018/").content.decode()


def test_the_count_of_countries_on_record_takes_the_singular_for_one_and_the_plural_for_two(client, mali):
    edition = Edition.objects.get(label="2018")
    assert edition.participations.count() == 1
    assert stats(page_of(client, "2018"))["Country on record"] == 1
    french = parse_html(client.get("/fr/editions/2018/").content.decode())
    assert stats(french)["Pays enregistré"] == 1
    Participation.objects.create(country=Country.objects.get(iso3="SEN"), edition=edition)
    assert stats(page_of(client, "2018"))["Countries on record"] == 2


def test_2007_dashboard_counts_the_single_meeting_and_names_the_contributor(client, mali):
    page = page_of(client, "2007")
    assert stats(page)["Attended the meeting"] == 1
    contributors = [node for node in page.iter("ul") if node.has_class("holder-list")][-1]
    assert [item.text for item in contributors.iter("li")] == ["Mali"]


def test_participation_chart_and_table_agree_with_the_database_and_mark_this_edition(client, mali):
    Participation.objects.create(
        country=Country.objects.get(iso3="SEN"), edition=Edition.objects.get(label="2009"), attended_summit=True
    )
    Participation.objects.create(  # a record without attendance is not counted
        country=Country.objects.get(iso3="NER"), edition=Edition.objects.get(label="2009")
    )
    page = page_of(client, "2018")
    svg, bars, rows = chart(page, "chart-participation")
    expected = [
        (edition.label, Participation.objects.filter(ATTENDED, edition=edition).count())
        for edition in Edition.objects.order_by("ordinal")
    ]
    assert bars == rows == expected
    assert dict(expected)["2009"] == 2 and dict(expected)["2020"] == 0
    highlighted = [item for item in svg.iter("g") if item.has_class("is-highlight")]
    assert len(highlighted) == 1 and highlighted[0].find("text").text == "1"
    assert highlighted[0].find("path", **{"class": "chart-marker"}) is not None, "not colour alone: a marker"
    row = next(row for row in page.iter("tr") if row.has_class("is-highlight"))
    assert row.find("th").text == "2018 (this edition)"
    assert "This edition, GFMD 2018, is highlighted" in svg.find("desc").text


def _practice(title, *, themes=(), objectives=(), editions=(), status=Practice.Status.PUBLISHED):
    practice = Practice.objects.create(title=title, summary="x", status=status)
    practice.themes.add(*themes)
    practice.gcm_objectives.add(*objectives)
    for edition in editions:
        PracticeSource.objects.create(practice=practice, text=f"GFMD {edition.label}", edition=edition)
    return practice


@pytest.fixture
def practices_2018(mali):
    edition = Edition.objects.get(label="2018")
    other = Edition.objects.get(label="2019")
    parent = Theme.objects.create(name="Labour Mobility", slug="labour-mobility-test")
    child = Theme.objects.create(name="Skills", slug="skills-test", parent=parent)
    data = Theme.objects.get(name="Data")
    first, second, third = GCMObjective.objects.filter(number__in=[1, 2, 3]).order_by("number")
    _practice("Two sources, one edition", themes=[child, data], objectives=[first, third], editions=[edition, edition])
    _practice("Also 2018", themes=[data], objectives=[third], editions=[edition, other])
    _practice("Only 2019", themes=[data, child], objectives=[second], editions=[other])
    _practice("Draft", themes=[data], objectives=[first], editions=[edition], status=Practice.Status.DRAFT)
    merged_into = _practice("Kept", editions=[other])
    merged = _practice("Merged", themes=[data], objectives=[first], editions=[edition])
    merged.merged_into = merged_into
    merged.save()
    return edition


def test_practices_per_theme_and_per_gcm_objective_count_published_practices_of_the_edition(client, practices_2018):
    page = page_of(client, "2018")
    _, theme_bars, theme_rows = chart(page, "chart-themes")
    assert theme_bars == theme_rows == [("Data", 2), ("Labour Mobility › Skills", 1)]
    _, objective_bars, objective_rows = chart(page, "chart-objectives")
    labels = dict(GCMObjective.objects.values_list("number", "short_label"))
    assert objective_bars == objective_rows == [(f"1. {labels[1]}", 1), (f"3. {labels[3]}", 2)]
    for chart_id in ["chart-participation", "chart-themes", "chart-objectives"]:
        svg, _, _ = chart(page, chart_id)
        assert svg.attrs["role"] == "img"
        assert svg.find("title", id=svg.attrs["aria-labelledby"]).text
        assert svg.find("desc", id=svg.attrs["aria-describedby"]).text


def test_without_linked_practices_the_practice_charts_give_way_to_a_sentence(client, practices_2018):
    page = page_of(client, "2016")
    assert page.find("svg", **{"aria-labelledby": "chart-themes-title"}) is None
    assert page.find("svg", **{"aria-labelledby": "chart-objectives-title"}) is None
    assert "No published practice linked to GFMD 2016 has a theme recorded" in page.text
    assert "No published practice linked to GFMD 2016 has a GCM objective recorded" in page.text
    assert page.find("svg", **{"aria-labelledby": "chart-participation-title"}) is not None


def test_the_empty_objective_chart_sentence_keeps_the_acronym_in_capitals(client, practices_2018):
    english = page_of(client, "2016").text
    assert "has a GCM objective recorded" in english and "gcm objective" not in english
    french = parse_html(client.get("/fr/editions/2016/").content.decode()).text
    assert "n’a d’objectif du PMM enregistré" in french and "objectif du pmm" not in french


def test_dashboard_adds_no_inline_style(client, practices_2018):
    html = client.get("/editions/2018/").content.decode()
    assert "style=" not in html


def _queries(client, label: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/editions/{label}/").status_code == 200
    return len(queries)


def test_edition_page_with_dashboard_needs_six_queries_however_much_is_on_record(client, practices_2018):
    before = _queries(client, "2018")
    edition = practices_2018
    roundtable = edition.roundtables.first()
    themes = list(Theme.objects.all())
    for country in Country.objects.filter(un_member_since__isnull=False).exclude(iso3="MLI")[:40]:
        record = Participation.objects.create(
            country=country, edition=edition, attended_summit=True, financial_contribution="EUR 5,000"
        )
        RoundtableRole.objects.create(participation=record, roundtable=roundtable, role="Team Member")
        practice = _practice(f"From {country.name}", themes=themes[:3], editions=[edition])
        practice.countries.add(country)
    after = _queries(client, "2018")
    assert after == before <= 6
