import datetime
import json
from html.parser import HTMLParser

import pytest

from portal.countries.models import Country
from portal.practices.models import GCMObjective, Practice, Theme

LANGUAGES = [("en", ""), ("fr", "/fr"), ("es", "/es")]


class HeadParser(HTMLParser):
    """The <meta>, <link> and JSON-LD elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[object] = []
        self._in_json_ld = False
        self._data: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta" and ("name" in values or "property" in values):
            self.meta.setdefault(values.get("name") or values["property"], []).append(values.get("content", ""))
        elif tag == "link":
            self.links.append(values)
        elif tag == "script" and values.get("type") == "application/ld+json":
            self._in_json_ld, self._data = True, []

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self._data.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_json_ld:
            self.json_ld.append(json.loads("".join(self._data)))
            self._in_json_ld = False

    def one(self, name: str) -> str:
        [value] = self.meta[name]
        return value

    def link(self, rel: str, hreflang: str | None = None) -> list[str]:
        return [
            link["href"]
            for link in self.links
            if link.get("rel") == rel and (hreflang is None or link.get("hreflang") == hreflang)
        ]


def head_of(response) -> HeadParser:
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def practice(mali):
    """A published practice of Mali's, with a theme and a GCM objective."""
    practice = Practice.objects.create(
        title="Diaspora bonds for Malian towns",
        summary="Bonds sold to the Malian diaspora finance water works in their home towns.",
        summary_fr="Des obligations vendues à la diaspora malienne financent l'eau dans les villes d'origine.",
        status=Practice.Status.PUBLISHED,
        date_shared=datetime.date(2019, 3, 4),
    )
    practice.countries.add(Country.objects.get(iso3="MLI"))
    practice.themes.add(Theme.objects.order_by("pk").first())
    practice.gcm_objectives.add(GCMObjective.objects.get(number=19))
    return practice


@pytest.fixture
def unpublished(mali):
    """One practice in each state the public never sees."""
    hidden = [
        Practice.Status.DRAFT,
        Practice.Status.SUBMITTED,
        Practice.Status.CHANGES_REQUESTED,
        Practice.Status.REJECTED,
        Practice.Status.WITHDRAWN,
    ]
    return [Practice.objects.create(title=f"Hidden {state}", summary="s", status=state) for state in hidden]
