"""The home page: key figures, the current edition, a small map, the latest practices, how to contribute."""

import re

from django.utils import timezone

from portal.countries.models import Country
from portal.forum.models import Participation
from portal.practices.models import Practice
from portal.subscriptions.models import Subscription


def figure(html: str, words: str) -> int:
    return int(re.search(rf"<strong>(\d+)</strong> {words}", html)[1])


def test_home_shows_key_figures_that_agree_with_the_records(client, mali):
    Subscription.objects.create(email="a@example.org", country=mali, confirmed_at=timezone.now())
    Subscription.objects.create(
        email="a@example.org", country=Country.objects.get(iso3="SEN"), confirmed_at=timezone.now()
    )
    Subscription.objects.create(email="unconfirmed@example.org", country=mali)

    html = client.get("/").content.decode()

    assert figure(html, "country with a GFMD record") == 1 == Participation.objects.values("country").distinct().count()
    assert figure(html, "practices shared") == Practice.objects.published().count() > 0
    assert figure(html, "subscriber to the updates") == 1  # one confirmed address, whatever it follows
    assert re.search(r"<strong>\d+</strong> editions of the Forum", html)


def test_home_leaves_out_the_subscriber_figure_while_nobody_has_subscribed(client, mali):
    Subscription.objects.create(email="unconfirmed@example.org", country=mali)  # not confirmed: not counted

    html = client.get("/").content.decode()

    assert "subscriber" not in html.split('class="key-figures"')[1].split("</section>")[0]
    assert figure(html, "country with a GFMD record") == 1  # the other figures stay


def test_home_draws_a_small_map_that_links_to_the_map_page(client, mali):
    html = client.get("/").content.decode()

    link = re.search(r'<a class="home-map-link" href="/map/">(.*?)</a>', html, re.S)[1]
    assert '<svg class="world-map world-map-small"' in link and "<path" in link
    assert "<a " not in link  # no link inside the link: the picture as a whole leads to the map


def test_home_says_how_to_contribute(client, db):
    html = client.get("/").content.decode()

    assert "How to contribute" in html and 'href="/practices/submit/"' in html


def test_home_panels_share_one_grid_edition_then_practices_then_how_to_contribute(client, db):
    """The stylesheet places the three panels of .home-columns (the current edition and how to
    contribute on the left of the practices on a wide screen); on a phone they follow this order."""
    html = client.get("/").content.decode()

    columns = html.split('<div class="home-columns">', 1)[1].split("</div>", 1)[0]  # no div inside
    panels = re.findall(r'<section class="panel (home-[a-z]+)"', columns)
    assert panels == ["home-edition", "home-practices", "home-contribute"]


def test_home_runs_a_bounded_number_of_queries_whatever_the_number_of_practices(
    client, mali, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        client.get("/")


def test_the_french_home_writes_fmmd(client, mali):
    html = client.get("/fr/").content.decode()

    assert "FMMD 20" in html and "GFMD 20" not in html
