import re
from collections import Counter

import pytest

from portal.forum.models import Edition, Participation
from tests.conftest import SEED
from tests.html_text import normalise, visible_lines


def seed_lines() -> Counter:
    return Counter(line for line in (normalise(raw) for raw in SEED.read_text(encoding="utf-8").splitlines()) if line)


def count_in(page_lines: list[str], wanted: str) -> int:
    """Page lines that are the seed line, or that start with it and go on (a date after 'Submitted by … on')."""
    return sum(1 for line in page_lines if line == wanted or line.startswith(wanted + " "))


def test_mali_profile_shows_every_line_of_the_seed_as_often_as_the_seed(client, mali):
    response = client.get("/countries/mli/")
    assert response.status_code == 200
    page = visible_lines(response.content.decode())
    missing = {
        line: (count, count_in(page, line)) for line, count in seed_lines().items() if count_in(page, line) != count
    }
    assert missing == {}, "seed line: (times in seed, times on page)"


def test_mali_profile_shows_iso_codes_and_coordinates_from_the_reference_data(client, mali):
    page = visible_lines(client.get("/countries/mli/").content.decode())
    assert "ML" in page
    assert "MLI" in page
    assert "17 00 N" in page and "4 00 W" in page
    assert "POINT (-4 17)" in page


def test_profile_has_one_block_per_edition_in_chronological_order(client, mali):
    page = visible_lines(client.get("/countries/mli/").content.decode())
    headings = [line for line in page if re.fullmatch(r"GFMD \d{4}(-\d{4})?", line)]
    labels = list(Edition.objects.order_by("ordinal").values_list("label", flat=True))
    assert headings == [f"GFMD {label}" for label in labels]


def test_an_edition_without_a_record_says_so_and_never_no_participation(client, mali):
    page = visible_lines(client.get("/countries/mli/").content.decode())
    editions_without_record = Edition.objects.exclude(participations__country=mali).count()
    assert editions_without_record == 3  # 2020, 2022-2023, 2024-2025
    assert page.count("No record for this edition") == editions_without_record


def test_thematic_meetings_show_under_the_edition_of_their_own_date(client, mali):
    record = Participation.objects.get(country=mali, edition__label="2013-2014")
    assert [role.meeting.start_date.isoformat() for role in record.meeting_roles.all()] == ["2013-09-11"]
    workshop = Participation.objects.get(country=mali, edition__label="2018").meeting_roles.get()
    assert workshop.source_block == 12
    assert not Participation.objects.get(country=mali, edition__label="2019").meeting_roles.exists()


def test_imported_practices_say_in_one_sentence_their_date_was_not_recorded(client, mali):
    page = visible_lines(client.get("/countries/mli/").content.decode())
    assert "Submitted by Ms. Laurence BRON on an unrecorded date" in page
    assert "Submitted by Mr. Dário Muhamudo on an unrecorded date" in page


def assert_each_page_keeps_its_language(client, line_by_url: dict[str, str]) -> None:
    """Pages in turn, twice round: words translated once per language and kept must still come out
    in each page's own language."""
    for _ in range(2):
        for url, line in line_by_url.items():
            assert line in visible_lines(client.get(url).content.decode())


def test_bylines_follow_the_page_language_one_request_after_another(client, mali):
    assert_each_page_keeps_its_language(
        client,
        {
            "/countries/mli/": "Submitted by Ms. Laurence BRON on an unrecorded date",
            "/fr/countries/mli/": "Soumise par Mme Laurence BRON à une date non renseignée",
            "/es/countries/mli/": "Enviada por Sra. Laurence BRON en una fecha no registrada",
        },
    )


def test_edition_blocks_follow_the_page_language_one_request_after_another(client, reference_data):
    assert_each_page_keeps_its_language(
        client,
        {
            "/countries/fra/": "No record for this edition",
            "/fr/countries/fra/": "Aucun enregistrement pour cette édition",
            "/es/countries/fra/": "Sin registro para esta edición",
        },
    )


def test_roundtable_codes_link_to_the_edition_page(client, mali):
    html = client.get("/countries/mli/").content.decode()
    assert 'href="/editions/2018/#rt-rt-1-1">RT 1.1</a>' in html
    assert 'href="/editions/2012/#rt-rt-1-2">RT 1.2</a>' in html


def test_subscribe_link_leads_to_the_follow_page_and_the_page_names_the_feed(client, mali):
    html = client.get("/countries/mli/").content.decode()
    assert '<a href="/countries/mli/subscribe/">Subscribe to Mali</a>' in html
    assert '<link rel="alternate" type="application/atom+xml" title="Subscribe to Mali"' in html


@pytest.mark.parametrize("path", ["/countries/mli/", "/countries/mli/subscribe/"])
def test_the_profile_and_the_follow_page_link_the_atom_feed_in_their_body(client, mali, path):
    body = client.get(path).content.decode().split("<body", 1)[1]
    assert '<a href="/feeds/countries/mli/" type="application/atom+xml">' in body


def test_the_follow_page_box_does_not_link_the_follow_page_itself(client, mali):
    box = client.get("/countries/mli/subscribe/").content.decode().split('class="subscribe"', 1)[1]
    assert 'href="/countries/mli/subscribe/"' not in box


def test_upper_case_code_redirects_to_the_lower_case_url(client, reference_data):
    response = client.get("/countries/MLI/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/mli/"


def test_unknown_country_is_not_found(client, reference_data):
    assert client.get("/countries/xyz/").status_code == 404


def test_markup_in_imported_text_is_shown_as_text(client, reference_data):
    from portal.countries.models import Country

    country = Country.objects.get(iso3="FRA")
    country.background = "<script>alert(1)</script> & more"
    country.save()
    html = client.get("/countries/fra/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


@pytest.mark.parametrize("practices", [1, 30])
def test_profile_query_count_does_not_grow_with_practices(
    client, reference_data, django_assert_max_num_queries, practices
):
    from portal.countries.models import Country
    from portal.practices.models import Practice

    country = Country.objects.get(iso3="SEN")
    for n in range(practices):
        Practice.objects.create(title=f"P{n}", summary="s", status=Practice.Status.PUBLISHED).countries.add(country)
    with django_assert_max_num_queries(8):
        assert client.get("/countries/sen/").status_code == 200


def test_profile_pages_count_every_published_practice_dated_or_not(client, reference_data):
    """The paginator's count comes from the timeline: dated, undated and out-of-period practices all count."""
    import datetime

    from portal.countries.models import Country
    from portal.practices.models import Practice

    country = Country.objects.get(iso3="SEN")
    days = [None, datetime.date(1990, 1, 1), datetime.date(2019, 6, 1)]
    for n in range(41):
        practice = Practice.objects.create(
            title=f"P{n}", summary="s", status=Practice.Status.PUBLISHED, date_shared=days[n % 3]
        )
        practice.countries.add(country)
    Practice.objects.create(title="Draft", summary="s").countries.add(country)  # not published: not counted
    html = client.get("/countries/sen/?page=3").content.decode()
    assert "Page 3 of 3" in html
    assert html.count('class="practice-summary"') == 1


def test_profile_lists_practices_newest_first_then_undated_across_pages(client, reference_data):
    """The page's practices are chosen in Python from (id, date) pairs: the order must be Meta.ordering's."""
    import datetime

    from portal.countries.models import Country
    from portal.practices.models import Practice

    country = Country.objects.get(iso3="SEN")
    days = [datetime.date(2019, 6, 1), None, datetime.date(2021, 1, 5), datetime.date(2019, 6, 1), None]
    for n in range(45):
        practice = Practice.objects.create(
            title=f"Practice number {n}", summary="s", status=Practice.Status.PUBLISHED, date_shared=days[n % 5]
        )
        practice.countries.add(country)
    # Newest first; the same day by id; undated last, by id.
    by_day = {day: [f"Practice number {n}" for n in range(45) if days[n % 5] == day] for day in set(days)}
    expected = by_day[datetime.date(2021, 1, 5)] + by_day[datetime.date(2019, 6, 1)] + by_day[None]
    assert expected == list(Practice.objects.published().of_country(country).values_list("title", flat=True))
    shown = []
    for page in (1, 2, 3):
        html = client.get(f"/countries/sen/?page={page}").content.decode()
        shown += re.findall(r'<h3 dir="auto"><a href="/practices/\d+/">(Practice number \d+)</a></h3>', html)
    assert shown == expected
    assert Practice.objects.published().of_country(country).ids_and_dates()[0][1] == datetime.date(2021, 1, 5)


def test_edition_blocks_escape_what_editors_typed(client, mali):
    """The blocks are written out in Python (country_profile tags): every value must still be escaped."""
    from portal.forum.models import RoundtableRole

    edition = Edition.objects.get(label="2007")
    edition.chair = "Belgium <b>&</b>"
    edition.summit_city = '"Brussels"'
    edition.save()
    record = Participation.objects.get(country__iso3="MLI", edition=edition)
    record.financial_contribution = "<script>alert(1)</script>"
    record.save()
    role = RoundtableRole.objects.filter(participation=record).first()
    role.source_text = f"<i>Chair</i> in {role.roundtable.code}"
    role.save()
    html = client.get("/countries/mli/").content.decode()
    assert "Chair: Belgium &lt;b&gt;&amp;&lt;/b&gt; · Summit: &quot;Brussels&quot;" in html
    assert '<p dir="auto">&lt;script&gt;alert(1)&lt;/script&gt;</p>' in html
    assert f'&lt;i&gt;Chair&lt;/i&gt; in <a href="/editions/2007/#{role.roundtable.anchor}">' in html
    assert "<script>alert(1)" not in html and "<i>Chair" not in html


def test_practice_summaries_escape_titles_and_show_the_empty_message(client, reference_data):
    from portal.countries.models import Country
    from portal.practices.models import Practice

    html = client.get("/countries/sen/").content.decode()
    assert "No practice from Senegal has been published yet." in html
    practice = Practice.objects.create(title="<b>Bold</b> & co", summary="<i>x</i>", status=Practice.Status.PUBLISHED)
    practice.countries.add(Country.objects.get(iso3="SEN"))
    html = client.get("/countries/sen/").content.decode()
    assert f'<h3 dir="auto"><a href="/practices/{practice.pk}/">&lt;b&gt;Bold&lt;/b&gt; &amp; co</a></h3>' in html
    assert '<p dir="auto">&lt;i&gt;x&lt;/i&gt;</p>' in html


def test_bylines_write_the_date_in_the_page_language(client, reference_data):
    import datetime

    from portal.countries.models import Country
    from portal.practices.models import Practice

    practice = Practice.objects.create(
        title="Dated", summary="s", status=Practice.Status.PUBLISHED, date_shared=datetime.date(2021, 5, 3)
    )
    practice.countries.add(Country.objects.get(iso3="SEN"))
    assert '<time datetime="2021-05-03">3 May 2021</time>' in client.get("/countries/sen/").content.decode()
    assert '<time datetime="2021-05-03">3 mai 2021</time>' in client.get("/fr/countries/sen/").content.decode()
    assert "3 de mayo de 2021</time>" in client.get("/es/countries/sen/").content.decode()


@pytest.mark.django_db
def test_a_countrys_practices_are_read_from_indexes(reference_data):
    """The profile's (id, date) fetch reads the link table by the country and the practices by id
    from indexes (migration 0007), not the index of every published practice in date order (0008)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.countries.models import Country
    from portal.practices.models import Practice

    with CaptureQueriesContext(connection) as queries:
        Practice.objects.published().of_country(Country.objects.get(iso3="SEN")).ids_and_dates()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("EXPLAIN QUERY PLAN " + queries[-1]["sql"])
            plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "COVERING INDEX practices_practice_countries_country_practice_idx" in plan, plan
            assert "COVERING INDEX practices_practice_public_idx" in plan, plan
            assert "published_order_idx" not in plan, plan
        else:
            cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename LIKE 'practices_practice%%'")
            names = {row[0] for row in cursor.fetchall()}
            assert {"practices_practice_countries_country_practice_idx", "practices_practice_id_public_idx"} <= names
