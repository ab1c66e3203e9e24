"""/robots.txt and /sitemap.xml: crawlers are kept out of private and filtered addresses, and walk
every public page in its three languages."""

import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import pytest

from portal.practices.models import Practice

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


class Rules:
    """The rules for every crawler (``User-agent: *``) read as Google and Bing read them (RFC 9309):
    ``*`` matches any characters, ``$`` ends the address, the longest matching rule wins and Allow
    wins a tie. (Python's robotparser knows neither wildcards nor the longest match.)"""

    def __init__(self, text: str) -> None:
        self.rules: list[tuple[int, bool, re.Pattern]] = []
        for line in text.splitlines():
            field, _, value = line.partition(":")
            if field.strip().lower() in ("allow", "disallow") and value.strip():
                pattern = re.escape(value.strip()).replace(r"\*", ".*")
                pattern = pattern[:-2] + "$" if pattern.endswith(r"\$") else pattern
                self.rules.append((len(value.strip()), field.strip().lower() == "allow", re.compile(pattern)))

    def can_fetch(self, path: str) -> bool:
        matching = [(length, allow) for length, allow, pattern in self.rules if pattern.match(path)]
        return max(matching, default=(0, True))[1]


def robots(client) -> tuple[str, Rules]:
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    return text, Rules(text)


def test_robots_txt_names_the_sitemap_by_its_absolute_address(client, db):
    text, _ = robots(client)
    parser = RobotFileParser()
    parser.parse(text.splitlines())
    assert parser.site_maps() == ["http://testserver/sitemap.xml"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/accounts/login/",
        "/fr/accounts/signup/",
        "/api/v1/practices/",
        "/practices/submit/",
        "/es/practices/submit/",
        "/subscriptions/new/",
        "/practices/?q=diaspora",
        "/fr/practices/?region=Africa",
        "/countries/?q=mal",
    ],
)
def test_robots_txt_keeps_crawlers_out_of_accounts_admin_api_forms_and_searches(client, db, path):
    _, parser = robots(client)
    assert not parser.can_fetch(path)


@pytest.mark.parametrize(
    "path", ["/", "/countries/mli/", "/fr/practices/12/", "/es/editions/2019/", "/exports/practices.csv", "/data/"]
)
def test_robots_txt_lets_crawlers_read_the_public_pages(client, db, path):
    _, parser = robots(client)
    assert parser.can_fetch(path)


def test_robots_txt_keeps_crawlers_out_of_exports_with_a_query_string(client, db):
    _, parser = robots(client)
    assert not parser.can_fetch("/exports/practices.csv?country=MLI")
    assert parser.can_fetch("/exports/practices.csv")


def test_robots_txt_lets_crawlers_page_through_the_practices(client, db):
    _, parser = robots(client)
    assert parser.can_fetch("/practices/?page=2")
    assert parser.can_fetch("/es/practices/?page=3")
    assert parser.can_fetch("/api/v1/docs/")


def sitemap_sections(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)
    return [element.text for element in index.findall("sm:sitemap/sm:loc", NS)]


def entries(client, section_url: str) -> list[ET.Element]:
    response = client.get(urlsplit(section_url).path)
    assert response.status_code == 200
    return ET.fromstring(response.content).findall("sm:url", NS)


def practice_section(client) -> list[ET.Element]:
    [section] = [url for url in sitemap_sections(client) if "practices" in url]
    return entries(client, section)


def test_the_sitemap_index_lists_a_section_per_kind_of_page(client, practice):
    sections = sitemap_sections(client)
    for name in ("pages", "countries", "editions", "practices", "themes", "gcm-objectives"):
        assert f"http://testserver/sitemap-{name}.xml" in sections


def test_the_sitemap_lists_a_published_practice_in_three_languages_with_alternates(client, practice):
    urls = {entry.find("sm:loc", NS).text: entry for entry in practice_section(client)}
    path = f"/practices/{practice.pk}/"
    assert {f"http://testserver{prefix}{path}" for prefix in ("", "/fr", "/es")} <= set(urls)
    entry = urls[f"http://testserver/fr{path}"]
    alternates = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
    assert alternates == {
        "en": f"http://testserver{path}",
        "fr": f"http://testserver/fr{path}",
        "es": f"http://testserver/es{path}",
        "x-default": f"http://testserver{path}",
    }
    assert entry.find("sm:lastmod", NS).text.startswith(str(practice.updated_at.date()))


def test_the_sitemap_never_lists_a_practice_the_public_cannot_see(client, practice, unpublished):
    merged = Practice.objects.create(title="Merged", summary="s", status=Practice.Status.PUBLISHED)
    merged.merged_into = practice
    merged.save()
    listed = {urlsplit(entry.find("sm:loc", NS).text).path for entry in practice_section(client)}
    for hidden in [*unpublished, merged]:
        assert f"/practices/{hidden.pk}/" not in listed


def test_the_sitemap_lists_country_edition_theme_and_objective_pages(client, practice):
    listed = set()
    for section in sitemap_sections(client):
        listed |= {urlsplit(entry.find("sm:loc", NS).text).path for entry in entries(client, section)}
    assert {"/countries/mli/", "/fr/countries/mli/", "/es/countries/mli/"} <= listed
    assert {"/editions/2019/", "/gcm-objectives/19/", "/es/gcm-objectives/19/", "/fr/data/", "/"} <= listed
    assert f"/themes/{practice.themes.get().slug}/" in listed
