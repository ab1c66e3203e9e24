"""Editors and admins must use a second factor (TOTP); the admin signs in through the same login."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.accounts.models import User


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def editor_without_mfa(db):
    user = User.objects.create_user("ed", "ed@example.org", "a long passphrase 42", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def sign_in(client, email="ed@example.org", password="a long passphrase 42"):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def open_totp_setup(client):
    """Turning on a second factor asks for the password once more (allauth's re-authentication)."""
    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate")):
        client.post(response["Location"], {"password": "a long passphrase 42"})
        response = client.get(reverse("mfa_activate_totp"))
    return response


def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, editor_without_mfa):
    sign_in(client)
    for page in (reverse("practices:queue"), "/admin/", "/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert open_totp_setup(client).status_code == 200


def test_staff_turn_on_totp_and_then_reach_their_pages(client, editor_without_mfa):
    sign_in(client)
    page = open_totp_setup(client)
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("practices:queue")).status_code == 200


def test_signing_in_with_totp_asks_for_the_code(client, editor_without_mfa):
    secret = generate_totp_secret()
    TOTP.activate(editor_without_mfa, secret)
    response = sign_in(client)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("practices:queue")).status_code == 302, "not signed in before the code"
    wrong = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert client.get(reverse("practices:queue")).status_code == 200


def test_the_admin_login_page_goes_through_the_portals_login(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_contributors_need_no_second_factor(client, db):
    user = User.objects.create_user("c", "c@example.org", "pw")
    client.force_login(user)
    assert client.get("/").status_code == 200
