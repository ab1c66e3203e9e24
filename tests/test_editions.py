import datetime
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.countries.models import Country
from portal.forum.models import Edition, Meeting, MeetingRole, Participation, Roundtable, RoundtableRole
from portal.pages.edition_views import date_span, group_roundtables


def make_country(iso3: str, name: str, iso2: str | None = None) -> Country:
    return Country.objects.create(iso2=iso2 or iso3[:2], iso3=iso3, name=name)


def make_edition(**fields) -> Edition:
    defaults = {"ordinal": 7, "label": "2013-2014", "chair": "Sweden"}
    return Edition.objects.create(**{**defaults, **fields})


# The list


@pytest.mark.django_db
def test_edition_list_links_each_edition_and_shows_chair_summit_and_theme(client):
    sweden = make_country("SWE", "Sweden", "SE")
    make_edition(
        summit_city="Stockholm",
        summit_country=sweden,
        summit_start=datetime.date(2014, 5, 14),
        summit_end=datetime.date(2014, 5, 16),
        theme="Unlocking the potential of migration for inclusive development",
    )
    make_edition(ordinal=1, label="2007", chair="Belgium", summit_city="Brussels")

    response = client.get("/editions/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<a href="/editions/2013-2014/">2013-2014</a>' in html
    assert '<a href="/editions/2007/">2007</a>' in html
    assert "Stockholm, 14–16 May 2014" in html
    assert "Unlocking the potential of migration for inclusive development" in html
    assert html.index("/editions/2007/") < html.index("/editions/2013-2014/"), "oldest edition first"


@pytest.mark.django_db
def test_edition_list_shows_summit_note_when_no_summit_city_or_dates(client):
    make_edition(ordinal=13, label="2020", chair="United Arab Emirates", summit_note="Summit held online")

    html = client.get("/editions/").content.decode()

    assert "Summit held online" in html


@pytest.mark.django_db
def test_edition_list_without_editions_says_so(client):
    response = client.get("/editions/")

    assert response.status_code == 200
    assert "No edition is on record yet." in response.content.decode()
    assert "<table" not in response.content.decode()


# One edition


@pytest.mark.django_db
def test_unknown_edition_label_is_404(client):
    make_edition()

    assert client.get("/editions/1999/").status_code == 404


@pytest.mark.django_db
def test_edition_page_shows_chair_chairmanship_summit_theme_and_source_link(client):
    sweden = make_country("SWE", "Sweden", "SE")
    make_edition(
        chair_start=datetime.date(2013, 1, 1),
        chair_end=datetime.date(2014, 6, 30),
        summit_city="Stockholm",
        summit_country=sweden,
        summit_start=datetime.date(2014, 5, 14),
        summit_end=datetime.date(2014, 5, 16),
        summit_note="Seventh summit",
        theme="Unlocking the potential",
        source_url="https://www.gfmd.org/meetings/sweden2013-2014",
    )

    response = client.get("/editions/2013-2014/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>GFMD 2013-2014 · GFMD Portal</title>" in html
    assert "Sweden" in html
    assert "1 January 2013 – 30 June 2014" in html
    assert 'Stockholm, <a href="/countries/swe/">Sweden</a>, 14–16 May 2014' in html
    assert "Seventh summit" in html
    assert "Unlocking the potential" in html
    assert '<a href="https://www.gfmd.org/meetings/sweden2013-2014" rel="noopener noreferrer">' in html


@pytest.mark.django_db
def test_edition_source_that_is_not_a_web_address_is_plain_text(client):
    make_edition(source_url="GFMD summit report, p. 4")

    html = client.get("/editions/2013-2014/").content.decode()

    assert "GFMD summit report, p. 4" in html
    assert 'href="GFMD' not in html


@pytest.mark.django_db
def test_edition_page_lists_meetings_with_kind_title_dates_city_and_country(client):
    switzerland = make_country("CHE", "Switzerland", "CH")
    edition = make_edition()
    Meeting.objects.create(
        edition=edition,
        kind=Meeting.Kind.THEMATIC_MEETING,
        title="Recruitment, labour migration and diaspora",
        start_date=datetime.date(2013, 9, 11),
        end_date=datetime.date(2013, 9, 11),
        city="Geneva",
        country=switzerland,
    )

    html = client.get("/editions/2013-2014/").content.decode()

    assert "Thematic meeting" in html
    assert "Recruitment, labour migration and diaspora" in html
    assert "11 September 2013" in html
    assert "Geneva" in html
    assert '<a href="/countries/che/">Switzerland</a>' in html


@pytest.mark.django_db
def test_a_meeting_s_dates_may_wrap_in_a_narrow_table_but_keep_a_span_of_days_together(client):
    """On a phone the meetings table is wider than the screen: a date kept on one line was cut at
    the box's edge ("18–19 de abril de 20"). Its cell may wrap, with a width that holds "18–19"."""
    edition = make_edition(ordinal=11, label="2018")
    Meeting.objects.create(
        edition=edition,
        kind=Meeting.Kind.THEMATIC_MEETING,
        start_date=datetime.date(2018, 4, 18),
        end_date=datetime.date(2018, 4, 19),
    )

    html = client.get("/es/editions/2018/").content.decode()

    assert '<td class="dates">18–19 de abril de 2018</td>' in html
    stylesheet = (settings.BASE_DIR / "portal/static/css/site.css").read_text()
    rule = re.search(r"\.data-table td\.dates \{([^}]*)\}", stylesheet)
    assert rule and "min-width" in rule[1] and "nowrap" not in rule[1]


@pytest.mark.django_db
def test_roundtable_session_sits_under_its_roundtable_with_its_team_and_anchor(client):
    mali = make_country("MLI", "Mali", "ML")
    edition = make_edition(ordinal=1, label="2007")
    Roundtable.objects.create(edition=edition, code="RT 2", title="Remittances and other diaspora resources")
    session = Roundtable.objects.create(
        edition=edition, code="RT 2.4", session_title="Working with the diaspora for development"
    )
    Roundtable.objects.create(edition=edition, code="RT 3", title="Enhancing policy and institutional coherence")
    participation = Participation.objects.create(country=mali, edition=edition, roundtables_recorded=True)
    RoundtableRole.objects.create(participation=participation, roundtable=session, role="Team Member")

    html = client.get("/editions/2007/").content.decode()

    parent_start = html.index('id="rt-rt-2"')
    parent_end = html.index("</section>", parent_start)
    session_at = html.index('id="rt-rt-2-4"')
    assert parent_start < session_at < parent_end, "RT 2.4 is rendered inside RT 2's section"
    assert html.index('id="rt-rt-3"') > parent_end
    team = html[session_at : html.index("</li>", html.index("</ul>", session_at))]
    assert "Working with the diaspora for development" in team
    assert '<span class="role">Team Member:</span> <a href="/countries/mli/">Mali</a>' in team
    # In French the role name is still the old portal's English: the span says so (screen readers).
    french = client.get("/fr/editions/2007/").content.decode()
    assert '<span class="role" lang="en">Team Member:</span> <a href="/fr/countries/mli/">Mali</a>' in french


def test_group_roundtables_orders_codes_naturally_and_keeps_orphan_sessions_and_clusters_on_their_own():
    codes = ["RT 10", "RT 2.10", "RT 2", "RT 2.9", "RT 3.1", "Cluster III", "RT 1.2."]
    roundtables = [Roundtable(pk=number, code=code) for number, code in enumerate(codes, start=1)]

    groups = group_roundtables(roundtables)

    outline = [(group.roundtable.code, [session.code for session in group.sessions]) for group in groups]
    assert outline == [
        ("Cluster III", []),
        ("RT 1.2.", []),
        ("RT 2", ["RT 2.9", "RT 2.10"]),
        ("RT 3.1", []),
        ("RT 10", []),
    ]


def test_date_span_writes_days_months_and_years_once_when_shared():
    assert date_span(datetime.date(2007, 7, 10), datetime.date(2007, 7, 11)) == "10–11 July 2007"
    assert date_span(datetime.date(2011, 11, 30), datetime.date(2011, 12, 2)) == "30 November – 2 December 2011"
    assert date_span(datetime.date(2019, 12, 31), datetime.date(2020, 1, 2)) == "31 December 2019 – 2 January 2020"
    assert date_span(datetime.date(2013, 9, 11), None) == "11 September 2013"
    assert date_span(None, None) == ""


@pytest.mark.django_db
def test_participants_table_shows_attendance_and_the_three_kinds_of_financial_record(client):
    edition = make_edition()
    paid = Participation.objects.create(
        country=make_country("SWE", "Sweden", "SE"),
        edition=edition,
        attended_prep_meetings=True,
        attended_summit=True,
        financial_recorded=True,
        financial_contribution="USD 100,000 to the GFMD budget",
    )
    Participation.objects.create(
        country=make_country("MLI", "Mali", "ML"), edition=edition, attended_summit=True, financial_recorded=True
    )
    Participation.objects.create(country=make_country("MLT", "Malta", "MT"), edition=edition)

    html = client.get("/editions/2013-2014/").content.decode()

    def row(country_name: str) -> str:
        start = html.index(f">{country_name}</a></th>")
        return html[start : html.index("</tr>", start)]

    assert paid.financial_contribution in row("Sweden")
    assert row("Sweden").count("Yes") == 2
    assert "No Financial Contribution" in row("Mali")
    assert ">Yes<" in row("Mali").replace(" ", "") and ">No<" in row("Mali").replace(" ", "")
    assert "No Financial Contribution" not in row("Malta")
    assert "—" in row("Malta") and "Not recorded" in row("Malta")
    assert "Attended meeting (2007)" not in html, "the single-meeting column is for 2007 only"


@pytest.mark.django_db
def test_participants_table_of_2007_shows_the_single_meeting_column(client):
    edition = make_edition(ordinal=1, label="2007")
    Participation.objects.create(country=make_country("MLI", "Mali", "ML"), edition=edition, attended_meeting=True)

    html = client.get("/editions/2007/").content.decode()

    assert "Attended meeting (2007)" in html
    assert "Attended summit" not in html


@pytest.mark.django_db
def test_edition_page_escapes_recorded_text(client):
    make_edition(theme="<script>alert(1)</script>", chair="A & B")

    html = client.get("/editions/2013-2014/").content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "A &amp; B" in html


@pytest.mark.django_db
def test_edition_page_does_not_show_delegates(client):
    edition = make_edition()
    Participation.objects.create(
        country=make_country("MLI", "Mali", "ML"), edition=edition, delegates="Mr. Secret DELEGATE"
    )

    assert "Secret DELEGATE" not in client.get("/editions/2013-2014/").content.decode()


def _edition_with_participants(count: int, ordinal: int) -> Edition:
    """An edition whose every participant holds two roundtable roles and one meeting role."""
    edition = make_edition(ordinal=ordinal, label=f"20{ordinal:02d}")
    roundtable = Roundtable.objects.create(edition=edition, code="RT 1", title="Human capital")
    session = Roundtable.objects.create(edition=edition, code="RT 1.1", session_title="Skills")
    meeting = Meeting.objects.create(edition=edition, kind=Meeting.Kind.PREPARATORY, title="First")
    first = Country.objects.count()
    for number in range(first, first + count):
        country = Country.objects.create(iso2=f"{number:02d}", iso3=f"X{number:02d}", name=f"Country {number:02d}")
        participation = Participation.objects.create(
            country=country, edition=edition, financial_recorded=True, attended_summit=True
        )
        RoundtableRole.objects.create(participation=participation, roundtable=roundtable, role="Co-Chair")
        RoundtableRole.objects.create(participation=participation, roundtable=session, role="Team Member")
        MeetingRole.objects.create(participation=participation, meeting=meeting, role="Attended")
    return edition


def _queries_for_edition_page(client, count: int, ordinal: int) -> int:
    edition = _edition_with_participants(count, ordinal)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(edition.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('href="/countries/x') == 3 * count  # table row and two team entries
    return len(queries)


@pytest.mark.django_db
def test_edition_page_query_count_does_not_grow_with_participants(client):
    with_two = _queries_for_edition_page(client, 2, ordinal=10)
    with_twenty = _queries_for_edition_page(client, 20, ordinal=11)

    assert with_twenty == with_two


@pytest.mark.django_db
def test_edition_page_needs_at_most_six_queries(client, django_assert_max_num_queries):
    edition = _edition_with_participants(5, ordinal=12)

    with django_assert_max_num_queries(6):
        client.get(edition.get_absolute_url())
