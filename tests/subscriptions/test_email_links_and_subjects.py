"""Subscription e-mails link to the address the request came to (the worker is told it), digests to
SITE_URL, and subjects are plain text."""

import re

import pytest
from django.test import Client

from portal.countries.models import Country
from portal.subscriptions import tasks
from portal.subscriptions.models import Subscription

from .conftest import messages_to, text_of

HOST = "portal.example.org:8217"


@pytest.fixture
def other_host(settings):
    settings.ALLOWED_HOSTS = ["portal.example.org", "testserver"]


def test_the_confirmation_link_points_to_the_host_and_port_of_the_request(
    reference_data, mail_dir, immediate_tasks, other_host
):
    client = Client()
    client.post(
        "/es/subscriptions/new/",
        {"target": "country:MLI", "frequency": "weekly", "email": "fatou@example.org"},
        HTTP_HOST=HOST,
    )
    [message] = messages_to(mail_dir, "fatou@example.org")
    text = text_of(message)
    links = set(re.findall(r"https?://[^/\s]+", text))
    assert links == {f"http://{HOST}"}
    assert f"http://{HOST}/es/subscriptions/confirm/" in text
    assert "Hola" in text  # in the language of the page the visitor used


def test_a_task_run_by_the_worker_uses_the_address_it_was_given(reference_data, mail_dir, settings):
    settings.SITE_URL = "https://portal.example.org"
    subscription = Subscription.objects.create(email="omar@example.org", country=Country.objects.get(iso3="MLI"))
    tasks.send_confirmation.call(subscription.pk, "http://127.0.0.1:8217")
    assert "http://127.0.0.1:8217/subscriptions/confirm/" in text_of(messages_to(mail_dir, "omar@example.org")[-1])
    tasks.send_confirmation.call(subscription.pk)  # enqueued before this change: SITE_URL
    assert "https://portal.example.org/subscriptions/confirm/" in text_of(messages_to(mail_dir, "omar@example.org")[-1])


def test_a_manage_link_request_gets_a_link_on_the_request_s_host(reference_data, mail_dir, immediate_tasks, other_host):
    Subscription.objects.create(email="omar@example.org", country=Country.objects.get(iso3="MLI"))
    Client().post("/subscriptions/link/", {"email": "omar@example.org"}, HTTP_HOST=HOST)
    [message] = messages_to(mail_dir, "omar@example.org")
    assert f"http://{HOST}/subscriptions/manage/" in text_of(message)


def test_a_subject_naming_cote_d_ivoire_is_plain_text(reference_data, mail_dir, immediate_tasks):
    Client().post("/subscriptions/new/", {"target": "country:CIV", "frequency": "weekly", "email": "awa@example.org"})
    [message] = messages_to(mail_dir, "awa@example.org")
    assert message["Subject"].strip() == "GFMD Portal: confirm your e-mails about Côte d'Ivoire"  # unfolded
    assert "&#x27;" not in message["Subject"] and "&#39;" not in message["Subject"]


def test_a_french_subject_keeps_its_no_break_space_before_the_colon_on_one_line(
    reference_data, mail_dir, immediate_tasks
):
    form = {"target": "country:MLI", "frequency": "weekly", "email": "awa@example.org"}
    Client().post("/fr/subscriptions/new/", form)
    [message] = messages_to(mail_dir, "awa@example.org")
    subject = " ".join(message["Subject"].split("\n"))  # unfolded
    assert subject.startswith("Portail du FMMD\u00a0: "), subject


def test_a_digest_sent_by_the_worker_links_to_site_url(mali_last_month, mail_dir, immediate_tasks, settings):
    from portal.practices.models import Practice

    from .conftest import ago, publish
    from .test_digests import follower, send_digests

    settings.SITE_URL = "https://portal.example.org"
    follower("fatou@example.org", mali_last_month)
    practice = Practice.objects.create(title="Diaspora bonds", summary="s")
    practice.countries.add(mali_last_month)
    publish(practice, at=ago(hours=2))
    send_digests("--frequency", "daily")
    [message] = messages_to(mail_dir, "fatou@example.org")
    assert f"https://portal.example.org/practices/{practice.pk}/" in text_of(message)


def test_the_already_following_reminder_links_to_the_request_s_host_in_its_language(
    reference_data, mail_dir, immediate_tasks, other_host
):
    from django.utils import timezone

    Subscription.objects.create(
        email="omar@example.org", country=Country.objects.get(iso3="MLI"), language="fr", confirmed_at=timezone.now()
    )
    Client().post(
        "/fr/subscriptions/new/",
        {"target": "country:MLI", "frequency": "weekly", "email": "omar@example.org"},
        HTTP_HOST=HOST,
    )
    [message] = messages_to(mail_dir, "omar@example.org")
    text = text_of(message)
    assert set(re.findall(r"https?://[^/\s]+", text)) == {f"http://{HOST}"}
    assert "Bonjour" in text
