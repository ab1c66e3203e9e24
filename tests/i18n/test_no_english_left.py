"""French and Spanish pages show no interface or reference text in English.

Each page is rendered in French and in Spanish; its visible text (outside elements marked with a
``lang`` of their own: content kept in its original language, which also carries a visible note)
must contain none of the English interface strings that the catalogue translates differently, none
of the English reference texts the portal owns (editions' chairs, cities, notes and themes, meeting
and roundtable titles, regions, themes, GCM objectives, SDG targets), and never "GFMD" ("FMMD")."""

import re
from html.parser import HTMLParser

import pytest
from django.utils.translation import trans_real

from portal.forum.reference_data import TRANSLATION_LANGUAGES, TRANSLATIONS
from portal.practices.models import Practice

# Message contexts of the reference names translated through the catalogue (core/reference_names.py).
REFERENCE_CONTEXTS = {"UN M49 region", "GFMD theme", "GCM objective label", "GCM objective title", "SDG target"}

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


def reference_strings(language: str) -> set[str]:
    """The reference texts the portal owns whose French or Spanish differs from their English: the
    editions' texts (forum/reference_data.py) and the reference names of the catalogue."""
    index = TRANSLATION_LANGUAGES.index(language)
    strings = {english for english, translations in TRANSLATIONS.items() if translations[index] != english}
    catalogue = trans_real.translation(language)._catalog
    for key, value in catalogue.items():
        msgid = key[0] if isinstance(key, tuple) else key
        if isinstance(msgid, str) and "\x04" in msgid:
            context, _, english = msgid.partition("\x04")
            if context in REFERENCE_CONTEXTS and value != english:
                strings.add(english)
    return strings


def english_reference_texts(text: str, strings: set[str]) -> list[str]:
    """The reference strings that ``text`` contains as whole words."""
    return [found for found in strings if found in text and re.search(rf"(?<!\w){re.escape(found)}(?!\w)", text)]


def public_pages(practice_id: int) -> list[str]:
    return [
        "/",
        "/countries/mli/",  # the profile, with Mali's participation as the old portal recorded it
        "/editions/",
        "/editions/2011/",  # no summit: a note and a concluding debate
        "/editions/2013-2014/",  # a thematic meeting
        "/editions/2018/",  # roundtables and their sessions
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
    reference = reference_strings(language)
    assert {"Geneva", "Belgium", "Held online.", "Regular pathways", "Western Africa"} <= reference
    problems = []
    for path in public_pages(practice.pk):
        response = client.get(f"/{language}{path}")
        assert response.status_code == 200, path
        texts = visible_text(response.content.decode(), language)
        for text in texts:
            if text in english:
                problems.append(f"{language}{path}: “{text}” is in English")
            for found in english_reference_texts(text, reference):
                problems.append(f"{language}{path}: “{text}” has the reference text “{found}” in English")
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


@pytest.mark.django_db
def test_the_reference_check_names_english_reference_text_unless_it_is_marked():
    """The page check above could not pass by mistake: an unmarked English chair is named, a marked one is not."""
    strings = reference_strings("fr")
    shown = visible_text('<p>Présidence : Ecuador · Sommet : Geneva</p><p lang="en">Ecuador</p>', "fr")
    assert [sorted(english_reference_texts(text, strings)) for text in shown] == [["Ecuador", "Geneva"]]
    assert english_reference_texts("Équateur, Genève (Genevan)", strings) == []


def test_text_kept_from_the_old_portal_is_marked_english_on_the_french_profile(client, mali):
    page = client.get("/fr/countries/mli/").content.decode()
    assert '<span lang="en">Team Member in' in page
    assert '<div lang="en"><p dir="auto">Mali offered financial and human resources' in page
    assert "(en anglais)" in page
