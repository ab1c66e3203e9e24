import datetime
import xml.etree.ElementTree as ET

import pytest

from portal.countries.models import Country, ExternalResource
from portal.forum.models import Participation
from portal.practices.models import GCMObjective, Practice, Theme

from .conftest import ago, new_practice, publish

ATOM = "{http://www.w3.org/2005/Atom}"


def atom(response) -> ET.Element:
    """Parse a feed and check what RFC 4287 requires of it and of each entry."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert feed.findtext(f"{ATOM}{required}"), required
    assert feed.find(f"{ATOM}link[@rel='alternate']") is not None
    feed_has_author = feed.find(f"{ATOM}author/{ATOM}name") is not None
    ids = []
    for entry in feed.iter(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}"), required
        assert entry.find(f"{ATOM}link").get("href").startswith(("http://", "https://"))
        assert feed_has_author or entry.find(f"{ATOM}author/{ATOM}name") is not None
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids)), "entry ids must be unique"
    return feed


def titles(feed: ET.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.fixture
def tagged(reference_data):
    """One practice in each state that a public feed must not show, and one it must."""
    theme = Theme.objects.get(slug="research")
    child = Theme.objects.create(name="Household surveys", slug="household-surveys", parent=theme)
    objective = GCMObjective.objects.get(number=1)
    made = {}
    for status in Practice.Status.values:
        made[status] = new_practice(f"A {status} practice", status=status, themes=[child], gcm_objectives=[objective])
    return theme, objective, made


def test_theme_feed_is_atom_listing_only_published_practices_sub_themes_included(client, tagged):
    theme, _, made = tagged
    feed = atom(client.get(f"/feeds/themes/{theme.slug}/"))
    assert titles(feed) == ["A published practice"]
    assert feed.findtext(f"{ATOM}title") == "GFMD Portal: Research"
    [link] = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert link == f"http://testserver/practices/{made['published'].pk}/"


def test_objective_feed_is_atom_listing_only_published_practices(client, tagged):
    feed = atom(client.get("/feeds/gcm-objectives/1/"))
    assert titles(feed) == ["A published practice"]
    assert "Data" in feed.findtext(f"{ATOM}title")


def test_feeds_of_unknown_subjects_are_not_found(client, reference_data):
    assert client.get("/feeds/themes/no-such-theme/").status_code == 404
    assert client.get("/feeds/gcm-objectives/99/").status_code == 404


def test_country_feed_carries_the_digest_items_but_not_what_the_import_loaded(client, mali):
    record = Participation.objects.get(country=mali, edition__label="2019")
    record.attended_summit = not record.attended_summit
    record.save()
    resource = ExternalResource.objects.create(title="Migration profile of Mali", url="https://example.org/mali")
    resource.countries.add(mali)
    publish(new_practice("Newest Malian practice", country=mali), at=ago(minutes=1))
    new_practice("Malian draft", country=mali)

    feed = atom(client.get("/feeds/countries/mli/"))
    found = titles(feed)
    assert len(found) == 8 + 3
    assert "Newest Malian practice" in found and "Malian Diaspora Forum" in found
    assert "Mali in GFMD 2019: participation record changed" in found
    assert "New resource: Migration profile of Mali" in found
    assert "Malian draft" not in found
    # The import's own participation records and resources are the baseline, not entries.
    assert sum("participation" in title for title in found) == 1


def test_feed_announced_on_the_pages(client, tagged):
    theme, _, _ = tagged
    page = client.get(f"/themes/{theme.slug}/").content.decode()
    link = '<link rel="alternate" type="application/atom+xml" title="Subscribe to Research" href="/feeds/themes/{}/">'
    assert link.format(theme.slug) in page
    page = client.get("/gcm-objectives/1/").content.decode()
    assert 'type="application/atom+xml"' in page and 'href="/feeds/gcm-objectives/1/"' in page


def test_a_control_character_stored_before_the_validator_does_not_break_the_feed(client, mali):
    """Rows older than the text validator may hold characters XML cannot: the feed drops them."""
    practice = publish(new_practice("Stored before", country=mali), at=ago(minutes=1))
    Practice.objects.filter(pk=practice.pk).update(title="ctrl\x01\x02 title", summary="a\x0bc")
    Country.objects.filter(pk=mali.pk).update(name="Ma\x1bli")

    feed = atom(client.get("/feeds/countries/mli/"))
    assert "ctrl title" in titles(feed)
    assert feed.findtext(f"{ATOM}title") == "GFMD Portal: Mali"


@pytest.mark.parametrize("language", ["fr", "es"])
def test_participation_items_name_the_edition_fmmd_in_french_and_spanish(mali, language):
    from django.utils import translation

    from portal.subscriptions.items import participation_items

    record = Participation.objects.get(country=mali, edition__label="2019")
    record.attended_summit = not record.attended_summit
    record.save()
    with translation.override(language):
        (item,) = participation_items(mali)
    assert "FMMD 2019" in item.title and "GFMD" not in item.title
    # Each line names what changed before a colon, as the language writes it (French: a no-break space).
    separator = "\u00a0: " if language == "fr" else ": "
    assert [line.count(separator) for line in item.lines] == [1], item.lines
    (item,) = participation_items(mali)
    assert item.title == "Mali in GFMD 2019: participation record changed"


def entry_titled(feed: ET.Element, ending: str) -> ET.Element:
    return next(entry for entry in feed.iter(f"{ATOM}entry") if entry.findtext(f"{ATOM}title").endswith(ending))


def test_an_entrys_summary_is_its_lines_as_plain_text_kept_apart(client, mali):
    resource = ExternalResource.objects.create(
        title="Guide", url="https://example.org/guide", text="<b>Steps</b> & notes", publisher="IOM"
    )
    resource.countries.add(mali)
    summary = entry_titled(atom(client.get("/feeds/countries/mli/")), "Guide").find(f"{ATOM}summary")
    assert summary.get("type") == "text"
    assert summary.text == "<b>Steps</b> & notes\nPublished by IOM"


def test_a_practices_title_and_summary_are_escaped_once_and_never_become_markup(client, mali):
    """The stylesheet shows an element's text as it is: text escaped twice showed "&#x27;" and
    "&quot;" on the page. Once is what XML needs; a parser gets the practice's own words back."""
    title = "<script>alert('t')</script> Diaspora & \"bonds\""
    summary = 'Mali\'s "diaspora" bonds & <b>remittances</b> <script>alert(1)</script>'
    practice = publish(new_practice(title, country=mali), at=ago(minutes=1))
    Practice.objects.filter(pk=practice.pk).update(summary=summary)

    response = client.get("/feeds/countries/mli/")
    feed = atom(response)
    entry = entry_titled(feed, '"bonds"')
    assert entry.findtext(f"{ATOM}title") == title
    assert entry.find(f"{ATOM}summary").get("type") == "text"
    assert entry.findtext(f"{ATOM}summary") == summary
    # No element came out of the words: the title and summary hold text only.
    assert len(entry.find(f"{ATOM}title")) == 0 and len(entry.find(f"{ATOM}summary")) == 0
    assert not [element for element in feed.iter() if element.tag.endswith("script")]
    body = response.content.decode()
    assert "&lt;script&gt;" in body and "&amp;#x27;" not in body and "&amp;quot;" not in body


def test_an_entry_is_published_only_on_a_known_date_and_updated_when_its_record_last_changed(client, tagged):
    """A practice imported from the old portal without a date is "submitted on an unrecorded date" on
    its page; in the feed it has no <published> (the import's time is not when it was shared), and
    its <updated>, which Atom requires, is when its record last changed."""
    theme, _, _ = tagged
    undated = new_practice("Imported without a date", status=Practice.Status.PUBLISHED, themes=[theme])
    dated = new_practice("Imported with a date", status=Practice.Status.PUBLISHED, themes=[theme])
    imported, edited = ago(days=400), ago(days=3)
    Practice.objects.filter(pk=undated.pk).update(created_at=imported, updated_at=edited)
    Practice.objects.filter(pk=dated.pk).update(created_at=imported, updated_at=imported, date_shared="2014-05-03")

    feed = atom(client.get(f"/feeds/themes/{theme.slug}/"))
    entry = entry_titled(feed, "Imported without a date")
    assert entry.find(f"{ATOM}published") is None
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == edited
    assert "on an unrecorded date" in client.get(f"/practices/{undated.pk}/").content.decode()

    entry = entry_titled(feed, "Imported with a date")
    assert entry.findtext(f"{ATOM}published").startswith("2014-05-03T00:00:00")
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == imported


def test_a_participation_change_is_published_when_it_was_made(client, mali):
    record = Participation.objects.get(country=mali, edition__label="2019")
    record.attended_summit = not record.attended_summit
    record.save()
    change = record.history.latest().history_date
    entry = entry_titled(atom(client.get("/feeds/countries/mli/")), "participation record changed")
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == change
    assert datetime.datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == change
