"""The profile reads like a country page: its position in words, counts that agree with the list,
edition facts that agree with each other, and a page of ways to follow the country."""

import re
from xml.dom import minidom

from django.conf import settings

from tests.html_text import visible_lines


def section(html: str, heading_id: str) -> str:
    """The HTML of the <section> whose heading has ``heading_id``."""
    start = html.index(f'aria-labelledby="{heading_id}"')
    return html[start : html.index("</section>", start)]


def test_the_profile_says_the_position_in_words_and_keeps_the_point_for_the_technical_details(client, mali):
    html = client.get("/countries/mli/").content.decode()
    facts = section(html, "facts-heading")
    assert "Latitude 17° N, longitude 4° W" in facts
    assert "POINT" not in facts and "17 00 N" not in facts
    technical = section(html, "technical-heading")
    assert "<code>POINT (-4 17)</code>" in technical
    assert "17 00 N" in technical and "4 00 W" in technical


def test_the_position_is_said_in_the_page_language(client, mali):
    html = client.get("/fr/countries/mli/").content.decode()
    assert "Latitude 17° N, longitude 4° O" in html


def test_the_practices_counted_edition_by_edition_add_up_to_the_practices_listed(client, mali):
    from portal.countries.models import Country
    from portal.practices.models import Practice

    listed = Practice.objects.published().of_country(Country.objects.get(iso3="MLI")).count()
    assert listed == 8
    response = client.get("/countries/mli/")
    assert response.context["practices"].paginator.count == listed
    html = response.content.decode()
    table = html[html.index('<caption id="timeline-table">') : html.index("</table>")]
    per_edition = [int(n) for n in re.findall(r'<td class="num">(\d+)</td></tr>', table.split("<tfoot>")[0])]
    footer = table.split("<tfoot>")[1]
    undated = int(re.search(r"Without a date[^<]*</th><td class=\"num\">(\d+)<", footer).group(1))
    total = int(re.search(r"All published practices[^<]*</th><td class=\"num\">(\d+)<", footer).group(1))
    assert sum(per_edition) + undated == total == listed
    assert undated == 8  # the old portal's practices carry no date, and the table says so


def test_an_edition_without_a_summit_names_its_concluding_debate_and_not_no_summit(client, mali):
    html = client.get("/countries/mli/").content.decode()
    block = section(html, "edition-2011")
    lines = visible_lines(block)
    assert "No summit this year" not in block
    assert "Chair: Switzerland · No summit; concluding debate: Geneva, 1–2 December 2011" in lines
    # The old page's line stays as written, with what it meant that year.
    assert "Attended Summit" in lines
    assert any("concluding debate" in line for line in lines[lines.index("Attended Summit") + 1 :])


def test_subscribe_to_mali_leads_to_a_page_offering_the_digest_and_the_feed(client, mali):
    profile = client.get("/countries/mli/").content.decode()
    assert '<a href="/countries/mli/subscribe/">Subscribe to Mali</a>' in profile
    response = client.get("/countries/mli/subscribe/")
    assert response.status_code == 200
    html = response.content.decode()
    # The page's title says "Subscribe to Mali"; the feed's link says what it is.
    assert '<a href="/feeds/countries/mli/" type="application/atom+xml">Atom feed</a>' in html
    assert 'class="subscribe-form"' in html and 'name="email"' in html
    assert client.get("/countries/zzz/subscribe/").status_code == 404


def test_the_feed_names_its_stylesheet_and_the_stylesheet_is_xsl(client, mali):
    body = client.get("/feeds/countries/mli/").content.decode()
    head = body.split("<feed", 1)[0]
    assert '<?xml-stylesheet type="text/xsl" href="/static/feeds/atom.xsl"?>' in head
    minidom.parseString(body.encode())  # still well-formed XML for feed readers
    xsl = minidom.parse(str(settings.BASE_DIR / "portal/static/feeds/atom.xsl"))
    assert xsl.documentElement.tagName == "xsl:stylesheet"
