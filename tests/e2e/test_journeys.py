"""The contributor's and the editor's journeys, in the browser, with the real message files."""

import re
import time

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from portal.accounts.models import User
from portal.countries.models import Country
from portal.practices.models import Practice
from tests.e2e.conftest import screenshot
from tests.practices.conftest import mail_to as messages_to

PASSWORD = "a long passphrase 42"


def link_in(message: str) -> str:
    return re.search(r"https?://[^/\s]+(/\S+)", message.split("\n\n", 1)[1])[1]


def test_contributor_signs_up_verifies_submits_and_sees_the_state(page, site_data):
    mail_dir = site_data
    page.goto("/accounts/signup/")
    page.fill("#id_email", "fatou@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_first_name", "Fatou")
    page.fill("#id_last_name", "Sow")
    page.get_by_role("button", name="Sign Up").click()
    [message] = messages_to(mail_dir, "fatou@example.org")
    page.goto(link_in(message))
    page.get_by_role("button", name="Confirm").click()
    page.goto("/accounts/login/")
    page.fill("#id_login", "fatou@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    page.goto("/practices/submit/")
    # By id: other fields' labels contain these words too ("Language of the title and summary").
    page.locator("#id_title").fill("Diaspora bonds for local investment")
    page.locator("#id_summary").fill("The ministry issues bonds to its diaspora and invests in rural roads.")
    page.get_by_label("Senegal", exact=True).check()
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("submitted for review")).to_be_visible()
    page.goto("/practices/mine/")
    entry = page.locator(".entry", has_text="Diaspora bonds for local investment")
    assert "Submitted" in entry.inner_text()
    screenshot(page, "contributor-mine")


def test_editor_requests_changes_then_approves_and_the_submitter_is_told(page, site_data):
    mail_dir = site_data
    submitter = User.objects.create_user("amina", "amina@example.org", PASSWORD, first_name="Amina")
    EmailAddress.objects.create(user=submitter, email=submitter.email, verified=True, primary=True)
    practice = Practice.objects.create(
        title="Remittance corridors", summary="Lower fees.", submitter=submitter, status="submitted"
    )
    practice.countries.add(Country.objects.get(iso3="MLI"))
    editor = User.objects.create_user("eda", "eda@example.org", PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    page.goto("/accounts/login/")
    page.fill("#id_login", "eda@example.org")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.fill("#id_code", format_hotp_value(hotp_value(secret, int(time.time()) // 30)))
    page.get_by_role("button", name="Sign In").click()

    page.goto("/practices/queue/")
    page.get_by_role("link", name="Remittance corridors").first.click()
    page.get_by_label("Request changes").check()
    page.get_by_label("Comment").fill("Please name the partners.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.get_by_text("is now changes requested")).to_be_visible()
    practice.refresh_from_db()
    assert practice.status == "changes_requested"

    Practice.objects.filter(pk=practice.pk).update(status="submitted")  # the submitter answered
    page.goto(f"/practices/{practice.pk}/moderate/")
    page.get_by_label("Approve and publish").check()
    page.get_by_role("button", name="Record the decision").click()
    practice.refresh_from_db()
    assert practice.status == "published"
    told = [m for m in messages_to(mail_dir, "amina@example.org")]
    assert any("is now: Changes requested" in m and "Please name the partners." in m for m in told)
    assert any("is now: Published" in m for m in told)
    screenshot(page, "editor-queue-after")


def test_newcomer_searches_with_a_facet_reads_a_practice_visits_the_country_and_subscribes(page, site_data):
    mail_dir = site_data
    page.goto("/")
    page.get_by_role("link", name="Practices", exact=True).first.click()
    page.fill("#practice-q", "diaspra")  # a typo: the search forgives it
    page.keyboard.press("Enter")
    page.wait_for_url("**/practices/?*q=diaspra*")
    page.locator(".search-facets").get_by_role("link", name="Mali", exact=True).first.click()
    page.get_by_role("link", name="Malian Diaspora Forum").first.click()
    expect(page.locator("h1")).to_have_text("Malian Diaspora Forum")
    page.locator(".practice").get_by_role("link", name="Mali", exact=True).click()
    page.wait_for_url("**/countries/mli/")
    assert page.get_by_role("link", name="Subscribe to Mali").count() == 1
    page.fill("input[type=email][name=email]", "reader@example.org")
    page.get_by_role("button", name=re.compile("E-mail me about")).click()
    confirm = [m for m in messages_to(mail_dir, "reader@example.org")]
    assert confirm, "a confirmation e-mail was sent"
    page.goto(link_in(confirm[-1]))
    page.get_by_role("button", name="Yes, send me these e-mails").click()
    page.wait_for_load_state()
    from portal.subscriptions.models import Subscription

    subscription = Subscription.objects.get(email="reader@example.org")
    assert subscription.confirmed_at is not None
    screenshot(page, "newcomer-subscribed")
