"""Every page of the old portal (the seed and tests/data/pages/) imports, and every line of it is on the profile."""

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.countries.models import Country
from portal.legacy.models import ImportDoubt
from tests.conftest import SEED
from tests.html_text import normalise, visible_lines

PAGES = sorted((Path(__file__).parent.parent / "data" / "pages").glob("*.txt"))
ALL_PAGES = [SEED, *PAGES]
COUNTRY = {
    "mali.txt": "MLI",
    "bangladesh.txt": "BGD",
    "belgium.txt": "BEL",
    "canada.txt": "CAN",
    "georgia.txt": "GEO",
    "ghana.txt": "GHA",
    "mexico.txt": "MEX",
    "mexico--page0.txt": "MEX",
    "nigeria.txt": "NGA",
    "philippines.txt": "PHL",
    "senegal.txt": "SEN",
    "sweden.txt": "SWE",
    "turkey.txt": "TUR",
}


def page_line(raw: str) -> str:
    """A line as compared: bullets, quotes and white space normalised, and a label's closing colon
    (a mirror of the old site writes 'Official Name:') left out."""
    return re.sub(r"\s*:$", "", normalise(raw))


def page_lines(path: Path) -> Counter:
    return Counter(line for line in (page_line(raw) for raw in path.read_text(encoding="utf-8").splitlines()) if line)


def count_in(profile: list[str], wanted: str) -> int:
    """Profile lines that are the page line, or that go on after a 'Submitted by … on' (with the date)."""
    return sum(1 for line in profile if line == wanted or (wanted.endswith(" on") and line.startswith(wanted + " ")))


def profile_lines(html: str) -> list[str]:
    """The profile's lines below its heading (the heading is the page's title, not a line of the old page)."""
    return [page_line(line) for line in visible_lines(html.split("</h1>", 1)[1])]


def test_the_demo_pages_are_the_shared_pages():
    assert len(PAGES) == 12
    assert {path.name for path in ALL_PAGES} == set(COUNTRY)


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda path: path.name)
def test_every_line_of_the_page_is_on_the_profile_as_often_as_on_the_page(client, reference_data, path):
    out = io.StringIO()
    call_command("import_page", str(path), stdout=out)
    iso3 = COUNTRY[path.name]
    assert f"({iso3})" in out.getvalue()
    country = Country.objects.get(iso3=iso3)
    response = client.get(country.get_absolute_url())
    assert response.status_code == 200
    profile = profile_lines(response.content.decode())
    missing = {
        line: (count, count_in(profile, line))
        for line, count in page_lines(path).items()
        if count_in(profile, line) != count
    }
    assert missing == {}, "page line: (times on the page, times on the profile)"


DELEGATE = "'Delegate' has no value"
SWAPPED = "the coordinate labels are swapped"
NOT_A_ROLE = "not a roundtable role"
MOVED = "belongs to {} by its date, but the page shows it in block {}"
# What a person reading each page would point out (line, kind, what), and nothing else.
DOUBTS = {
    "mali.txt": [
        (73, "moved", MOVED.format("2013-2014", "8 (2014-2015)")),
        (114, "moved", MOVED.format("2018", "12 (2019)")),
        (122, "duplicate", "2 practices have the same title 'Strengthening African and Middle Eastern Diaspora"),
    ],
    "bangladesh.txt": [
        (8, "corrected", SWAPPED + " ('24 00 N' is a latitude, '90 00 E' is a longitude"),
        (14, "empty_label", DELEGATE),
        (23, "empty_label", DELEGATE),
        (30, "corrected", "role 'Co- Chair' read as 'Co-Chair'"),
        (33, "empty_label", DELEGATE),
        (40, "corrected", "role 'Co- Chair' read as 'Co-Chair'"),
    ],
    "belgium.txt": [
        (7, "corrected", "'POINT (4 50.5)' writes the minutes of '50 50 N', '4 00 E' as decimals"),
        (14, "verbatim", NOT_A_ROLE),
        (46, "differs", "2011 Cluster II: the page calls it 'Tools for Evidence-based Migration and Development"),
    ],
    "canada.txt": [
        (31, "corrected", "the title's quote is not closed"),
        (33, "empty_label", "'Financial Contribution' has no value"),
        (45, "empty_label", "'Financial Contribution' has no value"),
        (56, "verbatim", NOT_A_ROLE),
    ],
    "georgia.txt": [
        (8, "corrected", SWAPPED + " ('42 00 N' is a latitude, '43 30 E' is a longitude"),
        (12, "corrected", "'POINT (43.3 42)' writes the minutes of '42 00 N', '43 30 E' as decimals"),
        *((line, "empty_label", DELEGATE) for line in (14, 25, 35, 46, 57)),
        (66, "moved", MOVED.format("2011", "6 (2012)")),
        (77, "empty_label", DELEGATE),
        (86, "empty_label", DELEGATE),
        (97, "moved", MOVED.format("2014-2015", "9 (2016)")),
        (98, "empty_label", DELEGATE),
    ],
    "ghana.txt": [],
    "mexico--page0.txt": [],
    "mexico.txt": [
        (8, "corrected", SWAPPED + " ('23 00 N' is a latitude, '102 00 W' is a longitude"),
        *((line, "empty_label", DELEGATE) for line in (14, 23, 34)),
    ],
    "nigeria.txt": [(55, "moved", MOVED.format("2011", "6 (2012)"))],
    "philippines.txt": [],
    "senegal.txt": [(75, "moved", MOVED.format("2013-2014", "8 (2014-2015)"))],
    "sweden.txt": [],
    "turkey.txt": [
        (2, "differs", "the page's official name 'Republic of Turkey' differs from the record's 'Republic of Türkiye'"),
        (8, "corrected", SWAPPED + " ('39 00 N' is a latitude, '35 00 E' is a longitude"),
        *((line, "empty_label", DELEGATE) for line in (14, 23, 32, 42, 59)),
        (65, "verbatim", NOT_A_ROLE),
        (66, "verbatim", NOT_A_ROLE),
        (68, "differs", "the page's closing line names the country 'Turkey', the record 'Türkiye'"),
    ],
}


@pytest.mark.parametrize("path", ALL_PAGES, ids=lambda path: path.name)
def test_the_doubts_of_each_page_are_the_ones_a_person_would_list(reference_data, path):
    call_command("import_page", str(path), stdout=io.StringIO())
    stored = ImportDoubt.objects.filter(country__iso3=COUNTRY[path.name]).order_by("line", "id")
    found = [(doubt.line, doubt.kind, doubt.reason) for doubt in stored]
    expected = sorted(DOUBTS[path.name], key=lambda doubt: doubt[0])
    assert [(line, kind) for line, kind, _ in found] == [(line, kind) for line, kind, _ in expected]
    for (_, _, reason), (line, _, wanted) in zip(found, expected, strict=True):
        assert wanted in reason, f"line {line}"
