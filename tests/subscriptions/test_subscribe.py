import re

import pytest
from django.test import Client

from portal.practices.models import GCMObjective, Practice, Theme
from portal.subscriptions.models import Frequency, Subscription
from tests.html_text import visible_lines

from .conftest import messages_to, text_of

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def form_token(client: Client, path: str) -> str:
    """Open a page and take the CSRF token from its form, as a browser would."""
    response = client.get(path)
    assert response.status_code == 200
    return CSRF.search(response.content.decode()).group(1)


def confirm_link(message) -> str:
    return re.search(r"http://[^\s]+/subscriptions/confirm/[^\s/]+/", text_of(message)).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


# --- the button on every subject's page ---------------------------------------------------------


def test_country_page_keeps_one_subscribe_link_to_the_follow_page_and_adds_the_email_form(client, mali):
    html = client.get("/countries/mli/").content.decode()
    lines = visible_lines(html)
    assert [line for line in lines if "Subscribe to Mali" in line] == ["Subscribe to Mali"]
    assert '<a href="/countries/mli/subscribe/">Subscribe to Mali</a>' in html
    assert 'action="/subscriptions/new/"' in html
    assert 'name="target" value="country:MLI"' in html
    assert 'type="email" name="email"' in html
    assert "E-mail me about Mali" in lines


@pytest.mark.parametrize(
    ("page", "follow", "feed", "name"),
    [
        ("/themes/data/", "/themes/data/subscribe/", "/feeds/themes/data/", "Data"),
        ("/gcm-objectives/1/", "/gcm-objectives/1/subscribe/", "/feeds/gcm-objectives/1/", "GCM objective 1: Data"),
    ],
)
def test_theme_and_objective_pages_link_as_a_country_page_does(client, reference_data, page, follow, feed, name):
    """ "Subscribe to …" leads to the page of ways to follow the subject, as "Subscribe to Mali" does;
    the feed's own link says "Atom feed". On that page, the feed and the e-mail form."""
    html = client.get(page).content.decode()
    assert f'<a href="{follow}">Subscribe to {name}</a>' in html
    assert f'<a href="{feed}" type="application/atom+xml">Atom feed</a>' in html
    assert [line for line in visible_lines(html) if "Subscribe to" in line] == [f"Subscribe to {name}"]

    response = client.get(follow)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>Subscribe to {name}</h1>" in html
    assert f'<a href="{feed}" type="application/atom+xml">Atom feed</a>' in html
    assert f'<link rel="alternate" type="application/atom+xml" title="Subscribe to {name}" href="{feed}">' in html
    assert f'<a href="{page}">{name}</a>' in html  # the breadcrumb, back to the subject's page
    assert 'class="subscribe-form"' in html and 'name="email"' in html
    assert f'<a href="{follow}">' not in html  # no "Subscribe to …" link to the page itself
    assert '<meta name="robots" content="noindex, follow">' in html


def test_the_follow_pages_of_unknown_subjects_are_not_found_and_speak_the_page_language(client, reference_data):
    assert client.get("/themes/no-such-theme/subscribe/").status_code == 404
    assert client.get("/gcm-objectives/24/subscribe/").status_code == 404
    french = visible_lines(client.get("/fr/themes/data/subscribe/").content.decode())
    assert "S'abonner : Données" in french  # the page's heading
    lead = "Deux façons d'être informé des nouvelles pratiques concernant Données : un résumé par courriel, ou un flux"
    assert f"{lead} pour un lecteur de flux." in french
    assert "Flux Atom" in french


def test_theme_and_objective_pages_list_published_practices_and_announce_their_feeds(client, reference_data):
    theme = Theme.objects.get(slug="policy-coherence-data-and-research")
    child = Theme.objects.create(name="Household surveys", slug="household-surveys", parent=theme)
    objective = GCMObjective.objects.get(number=5)
    shown = Practice.objects.create(title="Shown practice", summary="s", status=Practice.Status.PUBLISHED)
    shown.themes.add(child)
    shown.gcm_objectives.add(objective)
    hidden = Practice.objects.create(title="Hidden draft", summary="s", status=Practice.Status.SUBMITTED)
    hidden.themes.add(theme)
    hidden.gcm_objectives.add(objective)

    page = client.get(f"/themes/{theme.slug}/").content.decode()
    assert "Shown practice" in page  # a sub-theme's practice belongs to its parent too
    assert "Hidden draft" not in page
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Subscribe to {theme.name}" '
        f'href="/feeds/themes/{theme.slug}/">' in page
    )
    assert visible_lines(page).count(f"Subscribe to {theme.name}") == 1
    assert f'name="target" value="theme:{theme.slug}"' in page

    page = client.get("/gcm-objectives/5/").content.decode()
    assert "Shown practice" in page and "Hidden draft" not in page
    assert 'href="/feeds/gcm-objectives/5/"' in page and 'rel="alternate"' in page
    assert 'name="target" value="gcm:5"' in page
    assert "Subscribe to GCM objective 5: Regular pathways" in visible_lines(page)

    assert client.get("/themes/no-such-theme/").status_code == 404
    assert client.get("/gcm-objectives/24/").status_code == 404
    assert theme.name in client.get("/themes/").content.decode()
    assert "Regular pathways" in client.get("/gcm-objectives/").content.decode()


def test_theme_page_is_paginated(client, reference_data):
    theme = Theme.objects.first()
    for n in range(25):
        Practice.objects.create(title=f"Practice {n:02d}", summary="s", status=Practice.Status.PUBLISHED).themes.add(
            theme
        )
    first = client.get(f"/themes/{theme.slug}/").content.decode()
    second = client.get(f"/themes/{theme.slug}/?page=2").content.decode()
    assert first.count('class="practice-summary"') == 20
    assert second.count('class="practice-summary"') == 5
    assert "Page 2 of 2" in second


# --- signed in: one click -------------------------------------------------------------------------


def test_the_box_escapes_the_subjects_name_and_speaks_the_page_language(client, reference_data, amina):
    Theme.objects.create(name='Jobs <b>&</b> "skills"', slug="jobs")
    html = client.get("/themes/jobs/").content.decode()
    assert "Follow Jobs &lt;b&gt;&amp;&lt;/b&gt; &quot;skills&quot;" in html
    assert "E-mail me about Jobs &lt;b&gt;" in html
    assert "<b>&</b>" not in html
    french = client.get("/fr/themes/jobs/").content.decode()
    assert "Suivre\u00a0: Jobs &lt;b&gt;" in french
    assert 'action="/fr/subscriptions/new/"' in french
    client.force_login(amina)
    signed_in = client.get("/themes/jobs/").content.decode()
    assert 'name="email"' not in signed_in
    assert f"E-mails go to {amina.email}; every one of them has a link to stop them." in signed_in


def test_signed_in_user_follows_mali_in_one_click(mali, amina):
    client = csrf_client()
    client.force_login(amina)
    token = form_token(client, "/countries/mli/")
    response = client.post(
        "/subscriptions/new/",
        {"csrfmiddlewaretoken": token, "target": "country:MLI", "frequency": "daily"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/countries/mli/"
    subscription = Subscription.objects.get()
    assert (subscription.user, subscription.country, subscription.frequency) == (amina, mali, Frequency.DAILY)
    assert subscription.is_active and subscription.email == ""

    page = visible_lines(client.get("/countries/mli/").content.decode())
    assert any(line.startswith("You get daily e-mails about Mali.") for line in page)
    assert "E-mail me about Mali" not in page


def test_subscribe_without_csrf_token_is_refused(mali, amina):
    client = csrf_client()
    client.force_login(amina)
    response = client.post("/subscriptions/new/", {"target": "country:MLI", "frequency": "daily"})
    assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_subscribing_to_an_unknown_subject_is_not_found(client, amina, reference_data):
    client.force_login(amina)
    response = client.post("/subscriptions/new/", {"target": "country:ZZZ", "frequency": "daily"})
    assert response.status_code == 404
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("target", ["gcm:\u00b2", "gcm:", "gcm:99999999999999999999", "theme:", ":"])
def test_a_malformed_subject_is_not_found_signed_in_or_not(client, amina, reference_data, target):
    data = {"target": target, "email": "visitor@example.org", "frequency": "daily"}
    assert client.post("/subscriptions/new/", data).status_code == 404
    client.force_login(amina)
    assert client.post("/subscriptions/new/", data).status_code == 404
    assert not Subscription.objects.exists()


@pytest.mark.parametrize("key", ["abc", "", "1.5", "\u00b2", "99999999999999999999"])
def test_changing_a_subscription_that_is_not_a_number_is_not_found_and_changes_nothing(client, mali, amina, key):
    mine = Subscription.objects.create(user=amina, country=mali, confirmed_at="2026-01-01T00:00Z")
    client.force_login(amina)
    response = client.post("/subscriptions/", {"subscription": key, "action": "unsubscribe"})
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=mine.pk).exists()


# --- anyone else: double opt-in -------------------------------------------------------------------


def test_anonymous_visitor_confirms_by_the_link_in_the_real_message(mali, mail_dir, immediate_tasks):
    client = csrf_client()
    # The form for visitors carries no CSRF token, so that the page can be cached (views.subscribe).
    assert "csrfmiddlewaretoken" not in client.get("/countries/mli/").content.decode()
    response = client.post(
        "/subscriptions/new/",
        {"target": "country:MLI", "frequency": "weekly", "email": "Fatou@Example.org"},
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    subscription = Subscription.objects.get()
    assert subscription.email == "fatou@example.org"
    assert not subscription.is_active  # nothing is sent before the address confirms

    [message] = messages_to(mail_dir, "fatou@example.org")
    assert message["Subject"] == "GFMD Portal: confirm your e-mails about Mali"
    link = path_of(confirm_link(message))

    page = client.get(link)  # what a mail scanner does: it must change nothing
    assert page.status_code == 200
    assert "Yes, send me these e-mails" in page.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active

    token = CSRF.search(page.content.decode()).group(1)
    done = client.post(link, {"csrfmiddlewaretoken": token})
    assert done.status_code == 200
    assert "Subscription confirmed" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active and subscription.frequency == Frequency.WEEKLY


def test_asking_with_any_address_gets_the_same_answer_and_only_the_mailbox_learns_more(
    client, mali, mail_dir, immediate_tasks
):
    Subscription.objects.create(email="known@example.org", country=mali, confirmed_at="2026-01-01T00:00Z")
    answers = []
    for address in ["known@example.org", "new@example.org"]:
        response = client.post("/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": address})
        answers.append(response.content.decode().replace(address, "ADDRESS"))
    assert answers[0] == answers[1]
    [reminder] = messages_to(mail_dir, "known@example.org")
    assert reminder["Subject"] == "GFMD Portal: you already follow Mali"
    assert "/subscriptions/manage/" in text_of(reminder)
    [confirmation] = messages_to(mail_dir, "new@example.org")
    assert "/subscriptions/confirm/" in text_of(confirmation)
    assert Subscription.objects.get(email="known@example.org").frequency == Frequency.WEEKLY  # unchanged


def test_an_address_gets_few_messages_and_a_busy_client_is_slowed_down(client, mali, mail_dir, immediate_tasks):
    for _ in range(5):
        response = client.post(
            "/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": "x@y.org"}
        )
        assert response.status_code == 200
    assert len(messages_to(mail_dir, "x@y.org")) == 3

    statuses = [
        client.post("/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": f"p{n}@y.org"})
        for n in range(20)
    ]
    assert statuses[-1].status_code == 429


def test_invalid_address_shows_the_form_again(client, mali):
    response = client.post("/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": "nope"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not Subscription.objects.exists()


# --- managing -------------------------------------------------------------------------------------


def test_signed_in_page_lists_and_changes_only_ones_own_subscriptions(client, mali, amina):
    other = type(amina).objects.create_user("other", "other@example.org", "pw")
    mine = Subscription.objects.create(user=amina, country=mali, confirmed_at="2026-01-01T00:00Z")
    theirs = Subscription.objects.create(user=other, country=mali, confirmed_at="2026-01-01T00:00Z")
    client.force_login(amina)

    page = client.get("/subscriptions/").content.decode()
    assert "Mali" in page and f'value="{mine.pk}"' in page and f'value="{theirs.pk}"' not in page

    response = client.post("/subscriptions/", {"subscription": mine.pk, "action": "frequency", "frequency": "instant"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.frequency == Frequency.INSTANT

    response = client.post("/subscriptions/", {"subscription": theirs.pk, "action": "unsubscribe"})
    assert response.status_code == 404
    assert Subscription.objects.filter(pk=theirs.pk).exists()

    client.post("/subscriptions/", {"subscription": mine.pk, "action": "unsubscribe"})
    assert not Subscription.objects.filter(pk=mine.pk).exists()


def test_anonymous_manage_page_sends_a_link_without_saying_whether_the_address_is_known(
    client, mali, mail_dir, immediate_tasks
):
    Subscription.objects.create(email="known@example.org", country=mali, confirmed_at="2026-01-01T00:00Z")
    page = client.get("/subscriptions/").content.decode()
    assert "Send me a link" in page
    known = client.post("/subscriptions/link/", {"email": "known@example.org"}).content.decode()
    unknown = client.post("/subscriptions/link/", {"email": "unknown@example.org"}).content.decode()
    assert known.replace("known@", "X@") == unknown.replace("unknown@", "X@")
    assert messages_to(mail_dir, "unknown@example.org") == []
    [message] = messages_to(mail_dir, "known@example.org")
    link = path_of(re.search(r"http://\S+/subscriptions/manage/\S+/", text_of(message)).group(0))

    page = client.get(link)
    assert page.status_code == 200
    subscription = Subscription.objects.get()
    client.post(link, {"subscription": subscription.pk, "action": "frequency", "frequency": "daily"})
    subscription.refresh_from_db()
    assert subscription.frequency == Frequency.DAILY


@pytest.mark.parametrize("kind", ["country", "theme"])
def test_one_user_cannot_follow_one_subject_twice(client, reference_data, amina, kind):
    client.force_login(amina)
    key = "country:MLI" if kind == "country" else f"theme:{Theme.objects.first().slug}"
    for frequency in ["daily", "weekly"]:
        client.post("/subscriptions/new/", {"target": key, "frequency": frequency})
    subscription = Subscription.objects.get()
    assert subscription.frequency == Frequency.WEEKLY


def test_an_address_that_follows_with_its_account_gets_a_reminder_not_a_second_subscription(
    client, mali, amina, mail_dir, immediate_tasks
):
    Subscription.objects.create(user=amina, country=mali, confirmed_at="2026-01-01T00:00Z")
    client.post("/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": "AMINA@example.org"})
    assert Subscription.objects.count() == 1
    [message] = messages_to(mail_dir, "amina@example.org")
    assert message["Subject"] == "GFMD Portal: you already follow Mali"


def test_behind_the_proxy_each_visitor_has_a_rate_limit_of_their_own(client, mali, settings):
    settings.BEHIND_PROXY = True

    def subscribe(n: int, visitor: str):
        return client.post(
            "/subscriptions/new/",
            {"target": "country:MLI", "frequency": "daily", "email": f"p{n}@y.org"},
            REMOTE_ADDR="10.0.0.2",  # the load balancer, the same for everyone
            HTTP_X_FORWARDED_FOR=visitor,
        )

    busy = [subscribe(n, "203.0.113.7") for n in range(21)]
    assert busy[-1].status_code == 429
    # Another visitor through the same proxy; and the busy one cannot pass as someone else by
    # writing an address of its own before the one the proxy appended.
    assert subscribe(99, "198.51.100.4").status_code == 200
    assert subscribe(98, "198.51.100.4, 203.0.113.7").status_code == 429


def test_with_the_cache_unreachable_the_form_still_works(client, mali, mail_dir, immediate_tasks):
    from django.test.utils import override_settings

    from tests.core.test_healthz import closed_port, redis_cache

    with override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0")):
        response = client.post(
            "/subscriptions/new/", {"target": "country:MLI", "frequency": "daily", "email": "x@y.org"}
        )
    assert response.status_code == 200
    assert len(messages_to(mail_dir, "x@y.org")) == 1
