"""axe-core (shipped inside the axe-playwright-python package) on every page type, in English, French
and Spanish: zero WCAG 2.1 AA violations."""

import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group

from portal.accounts.models import User
from portal.practices.models import Practice

PASSWORD = "a-long-and-unusual-passphrase"

WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PUBLIC_PAGES = [
    "/",
    "/countries/",
    "/countries/?q=zzz",
    "/countries/mli/",
    "/editions/",
    "/editions/2018/",
    "/map/",
    "/participation/",
    "/practices/",
    "/practices/?q=diaspora",
    "/themes/",
    "/gcm-objectives/",
    "/gcm-objectives/5/",
    "/accessibility/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
]
# English at the addresses it always had; French and Spanish under their prefixes.
LANGUAGES = {"en": "", "fr": "/fr", "es": "/es"}


def violations(page) -> str:
    results = Axe().run(page, options=WCAG_AA)
    return "" if results.violations_count == 0 else results.generate_report()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_has_no_accessibility_violations(page, site_data, path, language):
    page.goto(LANGUAGES[language] + path)
    assert page.locator("html").get_attribute("lang") == language
    assert violations(page) == ""


@pytest.mark.parametrize("language", LANGUAGES)
def test_practice_page_has_no_accessibility_violations(page, site_data, language):
    practice = Practice.objects.get(title="Malian Diaspora Forum")
    page.goto(f"{LANGUAGES[language]}/practices/{practice.pk}/")
    assert violations(page) == ""


def sign_in(page, email: str, secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    if secret:
        page.fill("#id_code", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_signed_in_pages_have_no_accessibility_violations(page, site_data, language):
    """The contributor's and the editor's own pages, in each language."""
    editor = User.objects.create_user("eda", "eda@example.org", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    waiting = Practice.objects.create(title="Remittance corridors", summary="Lower fees.", submitter=editor)
    Practice.objects.filter(pk=waiting.pk).update(status="submitted")
    sign_in(page, editor.email, secret)
    prefix = LANGUAGES[language]
    for path in [
        "/practices/submit/",
        "/practices/mine/",
        "/accounts/profile/",
        "/subscriptions/",
        "/practices/queue/",
        f"/practices/{waiting.pk}/moderate/",
        f"/practices/{waiting.pk}/merge/",
        "/corrections/",
        "/translations/",
        "/translations/?model=forum.Edition&field=theme&language=fr",
    ]:
        response = page.goto(prefix + path)
        assert response.status == 200, path
        assert page.locator("html").get_attribute("lang") == language, path
        assert violations(page) == "", path
