"""Every page of the old portal (the seed and tests/data/pages/) imports, and every line of it is on the profile."""

import io
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from portal.countries.models import Country
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
