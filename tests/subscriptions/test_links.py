"""The signed links of the e-mails: unsubscribe (page + button, and one-click), confirm, manage."""

import time

import pytest
from django.core import signing as django_signing
from django.test import Client

from portal.countries.models import Country
from portal.subscriptions import signing
from portal.subscriptions.models import Frequency, Subscription


@pytest.fixture
def subscription(reference_data):
    return Subscription.objects.create(
        email="fatou@example.org",
        country=Country.objects.get(iso3="MLI"),
        frequency=Frequency.DAILY,
        confirmed_at="2026-01-01T00:00Z",
    )


@pytest.fixture
def pending(reference_data):
    return Subscription.objects.create(email="new@example.org", country=Country.objects.get(iso3="MLI"))


def token(purpose: str, subscription: Subscription) -> str:
    return signing.subscription_token(purpose, subscription.pk)


def expired(purpose: str, subscription: Subscription, monkeypatch) -> str:
    """A link made long enough ago to have expired."""
    made_at = time.time() - signing.MAX_AGE[purpose].total_seconds() - 60
    monkeypatch.setattr(django_signing.time, "time", lambda: made_at)
    value = token(purpose, subscription)
    monkeypatch.undo()
    return value


def tampered(value: str) -> str:
    payload, rest = value.split(":", 1)
    return payload[:-1] + ("A" if payload[-1] != "A" else "B") + ":" + rest


def snapshot() -> list[tuple]:
    return list(Subscription.objects.order_by("pk").values_list("pk", "email", "frequency", "confirmed_at"))


# --- unsubscribe --------------------------------------------------------------------------------------


def test_unsubscribe_link_opens_a_page_and_only_the_button_unsubscribes(subscription):
    client = Client(enforce_csrf_checks=True)
    url = f"/subscriptions/unsubscribe/{token(signing.UNSUBSCRIBE, subscription)}/"

    page = client.get(url)  # a mail scanner following the link
    assert page.status_code == 200
    html = page.content.decode()
    assert "Stop sending e-mails about" in html and "fatou@example.org" in html
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    assert client.post(url).status_code == 403  # the page's own form carries a CSRF token
    assert Subscription.objects.filter(pk=subscription.pk).exists()

    csrf = page.cookies["csrftoken"].value
    done = client.post(url, {"csrfmiddlewaretoken": csrf})
    assert done.status_code == 200
    assert "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.filter(pk=subscription.pk).exists()

    again = client.get(url)  # the same link later: harmless, and says so
    assert again.status_code == 200
    assert "already ended" in again.content.decode()


def test_one_click_post_unsubscribes_without_csrf_token_or_cookie(subscription):
    client = Client(enforce_csrf_checks=True)
    url = f"/subscriptions/unsubscribe/{token(signing.UNSUBSCRIBE, subscription)}/one-click/"
    response = client.post(url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 200  # twice is fine


def test_one_click_address_opened_in_a_browser_shows_the_confirmation_page(client, subscription):
    value = token(signing.UNSUBSCRIBE, subscription)
    response = client.get(f"/subscriptions/unsubscribe/{value}/one-click/")
    assert response.status_code == 302
    assert response["Location"] == f"/subscriptions/unsubscribe/{value}/"
    assert Subscription.objects.exists()


# --- links refused ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("purpose", "path", "method"),
    [
        (signing.UNSUBSCRIBE, "/subscriptions/unsubscribe/{}/", "get"),
        (signing.UNSUBSCRIBE, "/subscriptions/unsubscribe/{}/", "post"),
        (signing.UNSUBSCRIBE, "/subscriptions/unsubscribe/{}/one-click/", "post"),
        (signing.CONFIRM, "/subscriptions/confirm/{}/", "get"),
        (signing.CONFIRM, "/subscriptions/confirm/{}/", "post"),
    ],
)
def test_tampered_and_expired_links_are_refused_and_change_nothing(
    client, subscription, pending, monkeypatch, purpose, path, method
):
    target = pending if purpose == signing.CONFIRM else subscription
    before = snapshot()
    send = getattr(client, method)

    bad = send(path.format(tampered(token(purpose, target))))
    assert bad.status_code == 400
    assert "This link is not valid" in bad.content.decode()
    assert "Nothing has been changed." in bad.content.decode()

    old = send(path.format(expired(purpose, target, monkeypatch)))
    assert old.status_code == 410
    assert "This link has expired" in old.content.decode()

    assert snapshot() == before


def test_a_link_made_for_one_purpose_does_nothing_for_another(client, subscription, pending):
    before = snapshot()
    confirm_token = token(signing.CONFIRM, subscription)
    assert client.post(f"/subscriptions/unsubscribe/{confirm_token}/one-click/").status_code == 400
    unsubscribe_token = token(signing.UNSUBSCRIBE, pending)
    assert client.post(f"/subscriptions/confirm/{unsubscribe_token}/").status_code == 400
    assert client.get(f"/subscriptions/manage/{unsubscribe_token}/").status_code == 400
    assert snapshot() == before


def test_tampered_and_expired_manage_links_are_refused(client, subscription, monkeypatch):
    scope = signing.ManageScope(email=subscription.email)
    good = signing.manage_token(scope)
    assert client.get(f"/subscriptions/manage/{good}/").status_code == 200
    assert client.get(f"/subscriptions/manage/{tampered(good)}/").status_code == 400
    made_at = time.time() - signing.MAX_AGE[signing.MANAGE].total_seconds() - 60
    monkeypatch.setattr(django_signing.time, "time", lambda: made_at)
    old = signing.manage_token(scope)
    monkeypatch.undo()
    before = snapshot()
    response = client.post(f"/subscriptions/manage/{old}/", {"subscription": subscription.pk, "action": "unsubscribe"})
    assert response.status_code == 410
    assert snapshot() == before


def test_a_manage_link_reaches_only_its_own_addresses_subscriptions(client, subscription, pending):
    link = f"/subscriptions/manage/{signing.manage_token(signing.ManageScope(email=pending.email))}/"
    assert client.post(link, {"subscription": subscription.pk, "action": "unsubscribe"}).status_code == 404
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_confirmation_link_of_a_subscription_that_is_gone_says_so(client, pending):
    value = token(signing.CONFIRM, pending)
    pending.delete()
    response = client.get(f"/subscriptions/confirm/{value}/")
    assert response.status_code == 410
    assert "no longer exists" in response.content.decode()
