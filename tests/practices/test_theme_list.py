"""The themes' list says how many published practices each theme's page lists, as the objectives' list does."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.practices.models import Practice, Theme
from tests import factories


@pytest.fixture
def tagged(reference_data):
    parent = Theme.objects.create(name="Labour mobility", slug="labour-mobility")
    child = Theme.objects.create(name="Skills recognition", slug="skills-recognition", parent=parent)
    factories.practice("Tagged with both", themes=[parent, child])  # counted once for the parent
    factories.practice("Tagged with the sub-theme", themes=[child])
    factories.practice("A draft", themes=[parent], status=Practice.Status.DRAFT)  # not counted
    return parent, child


def count_after(html: str, name: str) -> str:
    return re.search(rf">{re.escape(name)}</a> <span class=\"count\">\(([^)]*)\)", html)[1]


def test_each_theme_shows_the_number_of_published_practices_its_page_lists(client, tagged):
    parent, child = tagged
    html = client.get("/themes/").content.decode()
    assert count_after(html, parent.name) == "2 practices"
    assert count_after(html, child.name) == "2 practices"
    untouched = Theme.objects.exclude(pk__in=[parent.pk, child.pk]).filter(parent__isnull=True).first()
    assert count_after(html, untouched.name) == "0 practices"
    listed = client.get(f"/themes/{parent.slug}/").content.decode()
    assert listed.count('<article class="practice-summary">') == 2


def test_the_counts_take_the_same_queries_however_many_themes_and_practices(client, tagged):
    with CaptureQueriesContext(connection) as few:
        client.get("/themes/")
    for number in range(20):
        factories.practice(f"More {number}", themes=[tagged[1]])
    with CaptureQueriesContext(connection) as more:
        client.get("/themes/")
    assert len(more) == len(few)


def test_the_themes_and_the_objectives_lead_to_each_other(client, reference_data):
    assert 'href="/gcm-objectives/"' in client.get("/themes/").content.decode()
    assert 'href="/themes/"' in client.get("/gcm-objectives/").content.decode()
