"""Editors and admins must use a second factor (TOTP); the admin signs in through the same login."""

import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse

from portal.accounts.models import User


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def editor_without_mfa(db):
    user = User.objects.create_user("ed", "ed@example.org", "a long passphrase 42", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_staff_without_a_second_factor_are_sent_to_set_it_up(client, editor_without_mfa):
    client.force_login(editor_without_mfa)
    for page in (reverse("practices:queue"), "/admin/", "/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"].startswith(reverse("mfa_activate_totp"))
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_staff_turn_on_totp_and_then_reach_their_pages(client, editor_without_mfa):
    client.force_login(editor_without_mfa)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("practices:queue")).status_code == 200


def test_signing_in_with_totp_asks_for_the_code(client, editor_without_mfa):
    secret = generate_totp_secret()
    TOTP.activate(editor_without_mfa, secret)
    response = client.post(reverse("account_login"), {"login": "ed@example.org", "password": "a long passphrase 42"})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("practices:queue")).status_code == 302, "not signed in before the code"
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"})
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
