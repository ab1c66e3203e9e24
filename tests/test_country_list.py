import pytest

from portal.countries.list_views import group_by_region
from portal.countries.models import Country


def make_country(iso2: str, iso3: str, name: str, region: str = "", official_name: str = "") -> Country:
    return Country.objects.create(iso2=iso2, iso3=iso3, name=name, region=region, official_name=official_name)


@pytest.fixture
def countries(db):
    make_country("ML", "MLI", "Mali", "Africa", "Republic of Mali")
    make_country("MT", "MLT", "Malta", "Europe", "Republic of Malta")
    make_country("FR", "FRA", "France", "Europe", "French Republic")
    make_country("SE", "SWE", "Sweden", "Europe", "Kingdom of Sweden")
    make_country("XK", "XKX", "Kosovo")


def region_of(html: str, country_name: str) -> str:
    """The heading of the region section that lists ``country_name``."""
    at = html.index(f">{country_name}</a>")
    heading = html.rindex("<h3", 0, at)
    return html[html.index(">", heading) + 1 : html.index("</h3>", heading)]


def test_country_list_groups_countries_by_region_with_other_last(client, countries):
    response = client.get("/countries/")

    html = response.content.decode()
    assert response.status_code == 200
    assert region_of(html, "Mali") == "Africa"
    assert region_of(html, "France") == "Europe"
    assert region_of(html, "Kosovo") == "Other"
    assert html.index(">Africa</h3>") < html.index(">Europe</h3>") < html.index(">Other</h3>")
    assert html.index(">France</a>") < html.index(">Malta</a>") < html.index(">Sweden</a>")
    assert "5 countries and territories." in html


def test_country_list_links_each_country_to_its_profile(client, countries):
    html = client.get("/countries/").content.decode()

    assert '<a href="/countries/mli/">Mali</a>' in html
    assert '<a href="/countries/xkx/">Kosovo</a>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mal", {"Mali", "Malta"}),  # part of the name, any case
        ("MALTA", {"Malta"}),
        ("french republic", {"France"}),  # official name
        ("kingdom", {"Sweden"}),
        ("se", {"Sweden"}),  # ISO2, exact
        ("mLi", {"Mali"}),  # ISO3, exact
    ],
)
def test_country_search_matches_name_official_name_and_iso_codes_ignoring_case(client, countries, query, expected):
    html = client.get("/countries/", {"q": query}).content.decode()

    shown = {country.name for country in Country.objects.all() if f">{country.name}</a>" in html}
    assert shown == expected
    verb = "matches" if len(expected) == 1 else "match"
    noun = "country" if len(expected) == 1 else "countries"
    assert f"{len(expected)} {noun} {verb} “{query}”" in html


def test_country_search_keeps_the_query_in_the_search_box(client, countries):
    html = client.get("/countries/", {"q": "  mal  "}).content.decode()

    assert 'name="q" value="mal"' in html


def test_country_search_without_results_says_no_country_matches(client, countries):
    response = client.get("/countries/", {"q": "Atlantis"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "No country matches “Atlantis”" in html
    assert "<h2" not in html


def test_country_search_escapes_the_query(client, countries):
    html = client.get("/countries/", {"q": '<img src=x onerror="alert(1)">'}).content.decode()

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


@pytest.mark.django_db
def test_country_list_without_countries_says_so(client):
    html = client.get("/countries/").content.decode()

    assert "No country is on record yet." in html


def test_country_list_runs_one_query(client, countries, django_assert_num_queries):
    with django_assert_num_queries(1):
        client.get("/countries/", {"q": "mal"})
    with django_assert_num_queries(1):
        client.get("/countries/")


def test_group_by_region_sorts_regions_and_puts_countries_without_region_under_other():
    countries = [
        Country(name="Kosovo", region=""),
        Country(name="Sweden", region="Europe"),
        Country(name="Mali", region="Africa"),
        Country(name="Chile", region="Americas"),
    ]

    groups = group_by_region(countries)

    assert [(group.name, group.slug) for group in groups] == [
        ("Africa", "region-africa"),
        ("Americas", "region-americas"),
        ("Europe", "region-europe"),
        ("Other", "region-other"),
    ]
    assert [country.name for country in groups[-1].countries] == ["Kosovo"]


@pytest.mark.parametrize(
    ("query", "expected"), [("Turkey", "Türkiye"), ("turkiye", "Türkiye"), ("Ivory Coast", "Côte")]
)
def test_country_search_finds_common_and_former_names_as_the_importer_does(client, db, query, expected):
    make_country("TR", "TUR", "Türkiye", "Asia", "Republic of Türkiye")
    make_country("CI", "CIV", "Côte d'Ivoire", "Africa", "Republic of Côte d'Ivoire")
    make_country("ML", "MLI", "Mali", "Africa", "Republic of Mali")
    html = client.get("/countries/", {"q": query}).content.decode()
    assert expected in html and ">Mali</a>" not in html
