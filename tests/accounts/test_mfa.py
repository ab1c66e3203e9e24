"""Editors and admins must use a second factor (TOTP); the admin signs in through the same login."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
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


def test_the_set_up_page_shows_the_secret_in_the_input_the_stylesheet_widens(client, editor_without_mfa):
    """allauth gives the secret's input an id and no class: the stylesheet's rule for that id shows all
    its characters (an allauth upgrade that renamed it would narrow the box again)."""
    sign_in(client)
    page = open_totp_setup(client)
    secret = page.context["form"].secret
    assert re.search(rf'<input[^>]*id="authenticator_secret"[^>]*value="{secret}"', page.content.decode())
    stylesheet = (settings.BASE_DIR / "portal/static/css/site.css").read_text()
    rule = re.search(r"#authenticator_secret \{([^}]*)\}", stylesheet)
    assert rule and "width: 100%" in rule[1] and "font-family: var(--mono)" in rule[1]


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


# --- the two-factor pages in the portal's templates and wording ---------------------------------------

TITLE_CASE = ("Two-Factor Authentication", "Authenticator App", "Recovery Codes", "Confirm Access", "Sign In")


def headings(page: str) -> list[str]:
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<h[12][^>]*>(.*?)</h[12]>", page, re.S)]


def main_of(page: str) -> str:
    return page.split("<main", 1)[1].split("</main>", 1)[0]


def activate_totp(client) -> str:
    """Turn on TOTP through the set-up page; answer the page it leads to (the recovery codes)."""
    secret = open_totp_setup(client).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    return response.content.decode()


def test_the_two_factor_pages_have_sentence_case_headings_in_the_portal_s_words(client, editor_without_mfa):
    sign_in(client)
    reauthenticate = client.get(reverse("mfa_activate_totp"), follow=True).content.decode()
    assert headings(reauthenticate)[0] == "Confirm access"
    setup = open_totp_setup(client).content.decode()
    assert headings(setup)[0] == "Activate an authenticator app"
    assert "<title>Activate an authenticator app · GFMD Portal</title>" in setup
    codes = activate_totp(client)
    assert headings(codes)[0] == "Recovery codes"
    overview = client.get(reverse("mfa_index")).content.decode()
    assert headings(overview) == ["Two-factor authentication", "Authenticator app", "Recovery codes"]
    for page in (reauthenticate, setup, codes, overview):
        assert not [words for words in TITLE_CASE if words in main_of(page)], headings(page)


def test_the_recovery_codes_are_labelled_above_their_box_and_their_links_are_apart(client, editor_without_mfa):
    sign_in(client)
    codes = main_of(activate_totp(client))
    box = re.search(
        r'<label for="recovery_codes">Unused codes</label>\s*<textarea id="recovery_codes"[^>]*>(.*?)</', codes, re.S
    )
    assert box and len(box[1].split("\n")) == 10, "ten codes, one a line, under their label"
    actions = re.search(r'<p class="actions">(.*?)</p>', codes, re.S)[1]
    links = re.findall(r'<a class="([^"]+)" href="([^"]+)">([^<]+)</a>', actions)
    assert links == [
        ("button", reverse("mfa_download_recovery_codes"), "Download the codes"),
        ("button secondary", reverse("mfa_generate_recovery_codes"), "Generate new codes"),
    ]


def test_confirming_access_lists_the_other_ways_as_separate_links(client, editor_without_mfa):
    sign_in(client)
    page = main_of(client.get(reverse("account_reauthenticate")).content.decode())
    assert "Other ways to confirm" in page
    other_ways = re.search(r'<ul class="account-links">(.*?)</ul>', page, re.S)[1]
    assert re.findall(r"<li><a href=", other_ways), "each way its own list item"


def test_the_sign_in_code_step_is_in_the_portal_s_words_and_can_be_cancelled(client, editor_without_mfa):
    TOTP.activate(editor_without_mfa, generate_totp_secret())
    sign_in(client)
    page = main_of(client.get(reverse("mfa_authenticate")).content.decode())
    assert headings(page) == ["Two-factor authentication"]
    assert not [words for words in TITLE_CASE if words in page]
    assert '<button type="submit" form="logout-from-stage" class="link-button">Cancel</button>' in page
    assert f'<form id="logout-from-stage" method="post" action="{reverse("account_logout")}">' in page
    client.post(reverse("account_logout"), {"next": reverse("account_login")})
    assert client.get(reverse("mfa_authenticate")).status_code == 302, "the half-done sign-in is gone"


def test_the_two_factor_set_up_page_in_french(client, editor_without_mfa):
    sign_in(client)
    setup = open_totp_setup_at(client, "/fr/accounts/2fa/totp/activate/").content.decode()
    assert headings(setup)[0] == "Activer une application d’authentification"
    assert "Clé secrète" in setup and ">Activer</button>" in setup


# --- second-factor codes lock out like passwords ----------------------------------------------------

LOCKED = "Too many wrong codes. For your account&#x27;s safety, signing in is paused for a while"


def wrong_code(secret: str) -> str:
    return "000000" if current_code(secret) != "000000" else "111111"


def staff_with_totp(name: str) -> tuple[User, str]:
    user = User.objects.create_user(name, f"{name}@example.org", "a long passphrase 42", is_staff=True)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def enter_code(client, code: str):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_sixth_code_is_refused_even_the_right_one_and_other_accounts_go_on(client, db, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    ed, secret = staff_with_totp("ed")
    sign_in(client)
    for _ in range(5):
        response = enter_code(client, wrong_code(secret))
        assert response.status_code == 200 and "Incorrect code." in response.content.decode()
    sixth = enter_code(client, wrong_code(secret))
    assert LOCKED in sixth.content.decode()
    right = enter_code(client, current_code(secret))
    assert right.status_code == 200 and LOCKED in right.content.decode()
    assert not signed_in(client)

    # Another account, from the same address, signs in as usual.
    other = Client()
    _, other_secret = staff_with_totp("jo")
    sign_in(other, "jo@example.org")
    assert enter_code(other, current_code(other_secret)).status_code == 302
    assert signed_in(other)


def test_the_lock_holds_from_another_address_and_a_fresh_password_sign_in(db):
    """Counted per account: a new session, from elsewhere, with the right password, is still refused."""
    ed, secret = staff_with_totp("ed")
    first = Client(REMOTE_ADDR="192.0.2.1")
    sign_in(first)
    for _ in range(5):
        enter_code(first, wrong_code(secret))
    second = Client(REMOTE_ADDR="192.0.2.2")
    assert sign_in(second).status_code == 302
    response = enter_code(second, current_code(secret))
    assert LOCKED in response.content.decode() and not signed_in(second)


def test_recovery_codes_count_and_are_refused_while_locked(client, db):
    ed, secret = staff_with_totp("ed")
    recovery = RecoveryCodes.activate(ed).get_unused_codes()
    sign_in(client)
    for attempt in range(5):
        enter_code(client, f"wrongcode{attempt}")
    response = enter_code(client, recovery[0])
    assert LOCKED in response.content.decode() and not signed_in(client)
    assert recovery[0] in RecoveryCodes(Authenticator.objects.get(user=ed, type="recovery_codes")).get_unused_codes()


def test_one_address_trying_codes_for_many_accounts_is_stopped(db, settings):
    """Per address: four times the per-account limit, whichever accounts the codes are for."""
    client = Client(REMOTE_ADDR="198.51.100.9")
    for index in range(4):
        _, secret = staff_with_totp(f"user{index}")
        client.logout()
        sign_in(client, f"user{index}@example.org")
        for _ in range(5):
            assert "Incorrect code." in enter_code(client, wrong_code(secret)).content.decode()
    _, secret = staff_with_totp("last")
    client.logout()
    sign_in(client, "last@example.org")
    assert LOCKED in enter_code(client, current_code(secret)).content.decode()


def test_the_right_code_clears_the_count(client, db):
    ed, secret = staff_with_totp("ed")
    sign_in(client)
    for _ in range(4):
        enter_code(client, wrong_code(secret))
    assert enter_code(client, current_code(secret)).status_code == 302
    client.logout()
    sign_in(client)
    for _ in range(4):
        assert "Incorrect code." in enter_code(client, wrong_code(secret)).content.decode()


@pytest.mark.parametrize("language", ["fr", "es"])
def test_staff_reading_in_french_or_spanish_reach_the_set_up_page_without_a_loop(client, editor_without_mfa, language):
    sign_in(client)
    response = client.get(f"/{language}/countries/")
    setup = f"/{language}/accounts/2fa/totp/activate/"
    assert response.status_code == 302 and response["Location"].startswith(setup)
    followed = client.get(response["Location"])
    assert not followed.get("Location", "").startswith(setup), "sent back to the page it was on"
    assert open_totp_setup_at(client, setup).status_code == 200


def open_totp_setup_at(client, setup: str):
    response = client.get(setup)
    if response.status_code == 302 and "reauthenticate" in response["Location"]:
        client.post(response["Location"], {"password": "a long passphrase 42"})
        response = client.get(setup)
    return response
