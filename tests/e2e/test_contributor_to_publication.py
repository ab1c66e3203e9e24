"""From sign-up to a published practice with its image, on the live server's own (non-default) port,
with every e-mailed link followed; and the contributor's and editor's pages at two widths."""

import io
import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.practices.models import Practice
from tests.e2e.conftest import screenshot
from tests.e2e.test_journeys import messages_to

PASSWORD = "a long passphrase 42"
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 80), (11, 79, 124)).save(buffer, "PNG")
    return buffer.getvalue()


def full_link(message: str, path_part: str) -> str:
    """The first link in the message's body whose path contains path_part, as written (host included)."""
    body = message.split("\n\n", 1)[1]
    return next(url for url in re.findall(r"https?://\S+", body) if path_part in url)


def make_editor() -> str:
    editor = User.objects.create_user(
        "eda", "eda@example.org", PASSWORD, is_staff=True, first_name="Eda", last_name="KAYA"
    )
    editor.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    return secret


def sign_in(page, email: str, secret: str | None = None) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if secret:
        page.fill("#id_code", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
        page.get_by_role("button", name="Sign In").click()
    page.wait_for_load_state()


def image_loaded(locator) -> bool:
    """Whether the image loads, waiting for it if it is still on its way (a page just drawn may not have
    it yet: checking at once failed once on CI)."""
    return locator.evaluate(
        """img => img.complete ? img.naturalWidth > 0 : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth > 0));
            img.addEventListener("error", () => done(false));
        })"""
    )


def test_sign_up_submit_with_an_image_publish_and_follow_every_e_mailed_link(page, browser, live_server, site_data):
    mail_dir = site_data
    origin = live_server.url  # http://localhost:<random port>: not SITE_URL's 127.0.0.1:8000
    assert not origin.endswith(":8000")

    # 1. Sign up with a name, confirm by the link in the message file.
    page.goto("/accounts/signup/")
    page.fill("#id_email", "fatou@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_salutation", "Ms.")
    page.fill("#id_first_name", "Fatou")
    page.fill("#id_last_name", "Sow")
    page.fill("#id_organisation", "Ministry of Malians Abroad")
    page.select_option("#id_country", label="Mali")
    page.get_by_role("button", name="Sign Up").click()
    [message] = messages_to(mail_dir, "fatou@example.org")
    assert "Dear Ms. Fatou SOW," in message and "Hello from" not in message
    confirm = full_link(message, "/accounts/confirm-email/")
    assert confirm.startswith(origin + "/")
    page.goto(confirm)
    page.get_by_role("button", name="Confirm").click()
    sign_in(page, "fatou@example.org")
    assert page.get_by_role("link", name="Ms. Fatou SOW").is_visible()

    # 2. Submit a practice with an image, using the filter, the counter and the preview.
    page.get_by_role("link", name="My practices").click()
    page.get_by_role("link", name="Share a new practice").click()
    page.locator("#id_title").fill("Diaspora bonds for local investment")
    page.locator("#id_summary").fill("The ministry issues bonds to its diaspora.")
    assert page.locator("[data-count-for=id_summary]").inner_text() == "42 characters"
    page.get_by_label("Filter: Implementing countries").fill("senegal")
    assert page.get_by_label("Senegal", exact=True).is_visible()
    assert not page.get_by_label("Mali", exact=True).is_visible()
    page.get_by_label("Senegal", exact=True).check()
    page.locator("#id_image").set_input_files({"name": "logo.png", "mimeType": "image/png", "buffer": png_bytes()})
    preview = page.locator("img.image-preview")
    preview.wait_for(state="visible")
    assert image_loaded(preview)
    page.get_by_role("button", name="Review and submit").click()
    # The review step: the practice as it will be published, its image included, before it is sent.
    assert page.get_by_role("heading", name="Check, then submit for review").is_visible()
    assert image_loaded(page.locator("img.practice-image"))
    screenshot(page, "journey-review-step")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("submitted for review")).to_be_visible()
    practice = Practice.objects.get(title="Diaspora bonds for local investment")
    shown = page.locator("img.practice-image")
    assert shown.get_attribute("src") == practice.image.url and image_loaded(shown)
    page.goto("/practices/mine/")
    assert image_loaded(page.locator("img.entry-thumb"))
    assert page.locator(".entry .status-submitted").inner_text().endswith("Submitted")
    screenshot(page, "journey-mine")

    # 3. An editor signs in with TOTP, finds the queue from the header, publishes.
    secret = make_editor()
    editor_context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=origin)
    editor_page = editor_context.new_page()
    sign_in(editor_page, "eda@example.org", secret)
    editor_page.goto("/")
    review = editor_page.get_by_role("navigation", name="Review")
    assert review.get_by_role("link", name="Practices waiting 1").is_visible()
    review.get_by_role("link", name=re.compile("Practices waiting")).click()
    editor_page.get_by_role("link", name="Diaspora bonds for local investment").first.click()
    editor_page.get_by_label("Approve and publish").check()
    editor_page.get_by_role("button", name="Record the decision").click()
    expect(editor_page.get_by_text("“Diaspora bonds for local investment” is now published.")).to_be_visible()
    expect(editor_page.get_by_role("link", name="Practices waiting 0")).to_be_visible()
    editor_context.close()

    # 4. The submitter's e-mail link opens the published page, on the same host and port.
    told = [m for m in messages_to(mail_dir, "fatou@example.org") if "is now: Published" in m]
    assert told
    link = full_link(told[-1], f"/practices/{practice.pk}/")
    assert link.startswith(origin + "/")
    page.context.clear_cookies()  # as anyone who gets the link
    response = page.goto(link)
    assert response.status == 200
    assert page.locator("h1").inner_text() == "Diaspora bonds for local investment"
    assert page.get_by_text("Ms. Fatou SOW").first.is_visible()
    assert "fatou@example.org" not in page.content()
    assert image_loaded(page.locator("img.practice-image"))


@pytest.mark.parametrize("width", [1280, 375])
def test_the_contributor_s_and_editor_s_pages_fit_the_window_and_pass_axe(page, browser, live_server, site_data, width):
    contributor = User.objects.create_user(
        "fatou", "fatou@example.org", PASSWORD, first_name="Fatou", last_name="SOW", salutation="Ms."
    )
    EmailAddress.objects.create(user=contributor, email=contributor.email, verified=True, primary=True)
    waiting = Practice.objects.create(
        title="A practice with a long title about remittances and diaspora investment in rural regions",
        summary="Lower fees.",
        submitter=contributor,
        status="submitted",
    )
    secret = make_editor()
    page.set_viewport_size({"width": width, "height": 900})

    def check(path: str, name: str, status: int = 200) -> None:
        response = page.goto(path)
        assert response.status == status, path
        fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, f"{path} is wider than the window at {width} px"
        results = Axe().run(page, options=WCAG_AA)
        assert results.violations_count == 0, results.generate_report()
        screenshot(page, f"{name}-{width}")

    sign_in(page, "fatou@example.org")
    check("/practices/submit/", "submit-form")
    page.get_by_role("button", name="Review and submit").click()  # empty: the errors at the top and beside
    expect(page.locator(".form-errors")).to_be_visible()  # waits for the answer to the click
    page.wait_for_load_state("networkidle")  # measured once the page (its script and styles) has settled
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth)"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 60))"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), wide
    assert Axe().run(page, options=WCAG_AA).violations_count == 0
    check("/practices/mine/", "my-practices")
    check("/practices/queue/", "error-403", status=403)
    check("/no-such-page/", "error-404", status=404)
    page.context.clear_cookies()

    sign_in(page, "eda@example.org", secret)
    check("/practices/queue/", "queue")
    check(f"/practices/{waiting.pk}/moderate/", "moderate")
    check(f"/practices/{waiting.pk}/merge/", "merge")
    check("/fr/practices/queue/", "queue-fr")
