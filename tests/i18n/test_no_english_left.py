"""French and Spanish pages show no interface text in English.

Each page is rendered in French and in Spanish; its visible text (outside elements marked with a
``lang`` of their own: content kept in its original language) must contain none of the English
interface strings that the catalogue translates differently, and never "GFMD" (written "FMMD")."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.translation import trans_real

from portal.practices.models import Practice

SKIPPED = {"script", "style", "title", "desc"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The page's text nodes, leaving out scripts and anything inside an element with its own lang."""

    def __init__(self, page_language: str) -> None:
        super().__init__()
        self.page_language = page_language
        self.stack: list[tuple[str, bool]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attributes = dict(attrs)
        other = tag != "html" and bool(attributes.get("lang")) and attributes["lang"] != self.page_language
        self.stack.append((tag, other or tag in SKIPPED))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not any(hidden for _, hidden in self.stack):
            self.texts.append(text)


def visible_text(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


def english_strings(language: str) -> set[str]:
    """Interface strings the catalogue translates into ``language`` differently, long enough to be
    unambiguous (a short word like "Mali" or "Europe" is the same in both)."""
    catalogue = trans_real.translation(language)._catalog
    strings = set()
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if not isinstance(msgid, str) or "\x04" in msgid or "%" in msgid or "<" in msgid or "{" in msgid:
            continue
        if len(msgid) >= 8 and " " in msgid and value != msgid:
            strings.add(msgid)
    return strings


def public_pages(practice_id: int) -> list[str]:
    return [
        "/",
        "/editions/",
        "/editions/2019/",
        "/practices/",
        "/practices/?q=diaspora",
        f"/practices/{practice_id}/",
        "/map/",
        "/countries/",
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_french_and_spanish_pages_show_no_english_interface_text(client, mali, language):
    practice = Practice.objects.published().first()
    english = english_strings(language)
    assert len(english) > 100
    problems = []
    for path in public_pages(practice.pk):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        texts = visible_text(response.content.decode(), language)
        for text in texts:
            if text in english:
                problems.append(f"{language}{path}: “{text}” is in English")
            if re.search(r"\bGFMD\b", text):
                problems.append(f"{language}{path}: “{text}” writes GFMD, not FMMD")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("language", "recorded", "expected"),
    [("fr", "Ms.", "Mme Laurence BRON"), ("es", "Ms.", "Sra. Laurence BRON"), ("fr", "Mr", "M. Laurence BRON")],
)
def test_salutations_are_written_in_the_readers_language(language, recorded, expected):
    from django.utils import translation

    from portal.accounts.models import User

    person = User(salutation=recorded, first_name="Laurence", last_name="BRON")
    with translation.override(language):
        assert person.display_name == expected
    assert person.display_name == f"{recorded} Laurence BRON"  # English: as recorded
