"""Text written right to left (Arabic, Persian, Hebrew, Urdu) in a practice: the elements that hold what a
contributor wrote take their direction from that text (``dir="auto"``), and a name inside one of the portal's
sentences is isolated (``<bdi>``), so that punctuation and numbers stay where the writer put them."""

from html.parser import HTMLParser

import pytest

from tests import factories

TITLE = "منتدى المغتربين (2019): الشتات!"
FIRST = "تنظم الوزارة منتدى سنويا (GFMD 2019) لإشراك الكفاءات."
SECOND = "دعم المشاريع الصغيرة للمهاجرين العائدين."
BODY = "يهدف البرنامج إلى تعزيز الروابط مع الجالية."
PARTNERS = "المنظمة الدولية للهجرة (IOM)"
NAME = "فاطمة الزهراء"


class _Directed(HTMLParser):
    """The text of every element by tag and dir: [(tag, dir or None, text)], the text of nested elements
    included."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list] = []
        self.found: list[tuple[str, str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.open.append([tag, dict(attrs).get("dir"), ""])

    def handle_endtag(self, tag):
        while self.open:
            name, direction, text = self.open.pop()
            if self.open:
                self.open[-1][2] += text
            self.found.append((name, direction, " ".join(text.split())))
            if name == tag:
                break

    def handle_data(self, data):
        if self.open:
            self.open[-1][2] += data


def elements(html: str) -> list[tuple[str, str | None, str]]:
    parser = _Directed()
    parser.feed(html)
    return parser.found


@pytest.fixture
def arabic(reference_data):
    submitter = factories.user(first_name="فاطمة", last_name="الزهراء")
    return factories.practice(
        TITLE,
        summary=f"{FIRST}\n\n{SECOND}",
        body=BODY,
        partners=PARTNERS,
        submitter=submitter,
        countries=["MAR"],
    )


def test_the_practice_page_lets_the_text_set_its_direction(client, arabic):
    html = client.get(arabic.get_absolute_url()).content.decode()
    found = elements(html)
    assert ("h1", "auto", TITLE) in found
    assert ("p", "auto", FIRST) in found
    assert ("p", "auto", SECOND) in found
    assert ("p", "auto", BODY) in found
    assert ("dd", "auto", PARTNERS) in found
    assert ("bdi", None, TITLE) in found  # the breadcrumb
    assert ("bdi", None, NAME) in found  # the byline
    assert f"Submitted by <bdi>{NAME}</bdi> on" in html


def test_the_portal_own_words_keep_the_page_direction(client, arabic):
    found = elements(client.get(arabic.get_absolute_url()).content.decode())
    assert ("h2", None, "Summary") in found
    assert ("dt", None, "Partners") in found


@pytest.mark.parametrize("address", ["/practices/", "/practices/?q=المغتربين"])
def test_search_results_let_the_title_and_summary_set_their_direction(client, arabic, address):
    found = elements(client.get(address).content.decode())
    assert ("h3", "auto", TITLE) in found
    assert ("p", "auto", f"{FIRST} {SECOND}") in found  # the snippet
    assert ("bdi", None, NAME) in found


def test_the_country_profile_lists_the_practice_with_its_direction(client, arabic):
    found = elements(client.get("/countries/mar/").content.decode())
    assert ("h3", "auto", TITLE) in found
    assert ("p", "auto", FIRST) in found


def test_the_home_page_lists_the_practice_with_its_direction(client, arabic):
    found = elements(client.get("/").content.decode())
    assert ("a", "auto", TITLE) in found
    assert ("p", "auto", f"{FIRST} {SECOND}") in found


def test_the_boxes_a_contributor_writes_in_follow_the_text(reference_data):
    from portal.practices.forms import PracticeForm

    form = PracticeForm()
    for name in ("title", "summary", "body", "partners", "sources_text"):
        assert form.fields[name].widget.attrs["dir"] == "auto", name
    assert "dir" not in form.fields["contact_email"].widget.attrs
