import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from portal.countries.models import Country, ExternalResource
from portal.forum.models import Participation
from portal.practices import services as moderation
from portal.practices.models import Practice, Theme
from portal.subscriptions import digests
from portal.subscriptions.models import Delivery, Frequency, Subscription

from .conftest import ago, html_of, messages_to, new_practice, publish, read_messages, text_of


def send_digests(*args: str) -> str:
    out = io.StringIO()
    call_command("send_digests", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def follower(address: str, target, *, frequency=Frequency.DAILY, since=None) -> Subscription:
    field = {Country: "country", Theme: "theme"}[type(target)]
    return Subscription.objects.create(
        email=address, frequency=frequency, confirmed_at=since or ago(days=3), **{field: target}
    )


def earlier_digest(subscription: Subscription, *, until: datetime.datetime) -> Delivery:
    return Delivery.objects.create(
        subscription=subscription,
        sequence=1,
        period=until.date().isoformat(),
        since=subscription.confirmed_at,
        until=until,
        state=Delivery.State.SENT,
        finished_at=until,
    )


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Permission

    from portal.accounts.models import User

    user = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_practice"))
    return User.objects.get(pk=user.pk)


# --- what a digest says ---------------------------------------------------------------------------


def test_digest_lists_what_was_published_since_the_last_one_and_never_a_draft(
    mali_last_month, mail_dir, immediate_tasks, editor
):
    mali = mali_last_month
    subscription = follower("fatou@example.org", mali)
    earlier_digest(subscription, until=ago(days=2))
    publish(new_practice("Published before the last digest", country=mali), at=ago(days=2, hours=1))
    new_practice("A draft nobody may see", country=mali)
    fresh = new_practice("Diaspora bonds for Mali", country=mali, status=Practice.Status.SUBMITTED)
    moderation.approve(practice=fresh, editor=editor)  # the real moderation step

    output = send_digests("--frequency", "daily")
    assert "1 digest(s) planned" in output

    [message] = messages_to(mail_dir, "fatou@example.org")
    assert message["Subject"] == "GFMD Portal: 1 update about Mali"
    text, html = text_of(message), html_of(message)
    assert "New practice: Diaspora bonds for Mali" in text
    assert f"http://127.0.0.1:8000/practices/{fresh.pk}/" in text
    assert "You follow Mali." in text
    assert "Published before the last digest" not in text
    assert "A draft nobody may see" not in text
    assert "Diaspora bonds for Mali" in html and "You follow Mali." in html and "A draft nobody" not in html
    assert Delivery.objects.get(sequence=2).state == Delivery.State.SENT


def test_country_digest_tells_participation_changes_without_delegates_and_new_resources(
    mali_last_month, mail_dir, immediate_tasks
):
    mali = mali_last_month
    follower("fatou@example.org", mali)
    record = Participation.objects.get(country=mali, edition__label="2019")
    record.attended_summit = not record.attended_summit
    record.delegates = "Secret Delegate Name"
    record.save()
    quiet = Participation.objects.get(country=mali, edition__label="2018")
    quiet.delegates = "Only a delegate changed"
    quiet.save()
    resource = ExternalResource.objects.create(title="Migration profile of Mali", url="https://example.org/mali")
    resource.countries.add(mali)

    send_digests("--in-process")

    [message] = messages_to(mail_dir, "fatou@example.org")
    text = text_of(message)
    assert "Mali in GFMD 2019: participation record changed" in text
    before, after = ("no", "yes") if record.attended_summit else ("yes", "no")
    assert f"Attended summit: {before} → {after}" in text
    assert "http://127.0.0.1:8000/countries/mli/#edition-2019" in text
    assert "New resource: Migration profile of Mali" in text
    assert "https://example.org/mali" in text
    assert text.count("You follow Mali.") == 2
    assert "Secret Delegate Name" not in text and "GFMD 2018" not in text
    assert "Malian Diaspora Forum" not in text  # imported a month ago: old news


def test_theme_digest_says_the_theme_is_why(reference_data, mail_dir, immediate_tasks):
    theme = Theme.objects.get(slug="research")
    follower("ana@example.org", theme, frequency=Frequency.WEEKLY, since=ago(days=8))
    publish(new_practice("Remittance research", themes=[theme]), at=ago(hours=1))

    send_digests()

    [message] = messages_to(mail_dir, "ana@example.org")
    assert "New practice: Remittance research" in text_of(message)
    assert "You follow the theme Research." in text_of(message)
    assert message["Subject"] == "GFMD Portal: 1 update about Research"


def test_nothing_is_sent_before_confirmation_nor_when_nothing_is_new(reference_data, mail_dir, immediate_tasks):
    country = Country.objects.get(iso3="SEN")
    Subscription.objects.create(email="unconfirmed@example.org", country=country, frequency=Frequency.INSTANT)
    follower("quiet@example.org", Country.objects.get(iso3="GHA"))
    publish(new_practice("Senegal news", country=country), at=ago(hours=1))

    send_digests()

    assert read_messages(mail_dir) == []
    assert not Delivery.objects.exists()


def test_daily_and_weekly_digests_wait_for_the_next_day_or_week():
    now = datetime.datetime(2026, 11, 25, 6, 0, tzinfo=datetime.UTC)  # a Wednesday
    assert not digests.is_due(Frequency.DAILY, now - datetime.timedelta(hours=5), now)  # earlier today
    assert digests.is_due(Frequency.DAILY, now - datetime.timedelta(hours=23, minutes=59, seconds=58), now)
    assert not digests.is_due(Frequency.WEEKLY, now - datetime.timedelta(days=2), now)
    assert digests.is_due(Frequency.WEEKLY, now - datetime.timedelta(days=3), now)
    assert digests.is_due(Frequency.INSTANT, now - datetime.timedelta(seconds=1), now)


# --- headers and unsubscribing from the message ---------------------------------------------------


def test_digest_has_one_click_unsubscribe_headers_that_work(client, reference_data, mail_dir, immediate_tasks):
    country = Country.objects.get(iso3="SEN")
    subscription = follower("awa@example.org", country)
    publish(new_practice("Senegal news", country=country), at=ago(hours=1))
    send_digests()

    [message] = messages_to(mail_dir, "awa@example.org")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message["List-Unsubscribe"].strip().strip("<>")
    assert url.startswith("http://127.0.0.1:8000/subscriptions/unsubscribe/") and url.endswith("/one-click/")
    assert message["Message-ID"] == f"<digest-{subscription.pk}-1@127.0.0.1>"
    assert "/subscriptions/unsubscribe/" in text_of(message)

    response = client.post(url.removeprefix("http://127.0.0.1:8000"), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()


# --- sending once ---------------------------------------------------------------------------------


def several_followers(count: int, *, frequency=Frequency.DAILY) -> list[str]:
    country = Country.objects.create(iso2="XA", iso3="XAA", name="Atlantis")
    addresses = [f"reader{n}@example.org" for n in range(count)]
    for address in addresses:
        follower(address, country, frequency=frequency)
    publish(new_practice("Atlantis news", country=country), at=ago(hours=1))
    return addresses


def each_got_exactly_one(mail_dir, addresses) -> bool:
    received = sorted(message["To"] for message in read_messages(mail_dir))
    return received == sorted(addresses)


@pytest.mark.parametrize("mode", [["--in-process"], []], ids=["in-process", "through-tasks"])
def test_running_send_digests_twice_sends_each_digest_once(db, mail_dir, immediate_tasks, mode):
    addresses = several_followers(4)
    first = send_digests(*mode)
    second = send_digests(*mode)
    assert "Done: 4 sent" in first
    assert "0 digest(s) planned" in second and "Done: 0 sent" in second
    assert each_got_exactly_one(mail_dir, addresses)
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 4


def test_instant_subscribers_get_each_item_once_across_runs(db, mail_dir, immediate_tasks):
    [address] = several_followers(1, frequency=Frequency.INSTANT)
    send_digests("--frequency", "instant")
    send_digests("--frequency", "instant")
    country = Country.objects.get(iso3="XAA")
    publish(new_practice("Second Atlantis news", country=country), at=timezone.now())
    send_digests("--frequency", "instant")

    first, second = messages_to(mail_dir, address)
    assert "Atlantis news" in text_of(first)
    assert "Second Atlantis news" in text_of(second) and "New practice: Atlantis news" not in text_of(second)


@pytest.mark.parametrize("mode", [["--in-process"], []], ids=["in-process", "through-tasks"])
def test_a_run_that_fails_half_way_is_finished_by_the_next_without_repeats(db, settings, tmp_path, mode):
    from .mailbackends import FailingFileBackend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "tests.subscriptions.mailbackends.FailingFileBackend"
    settings.EMAIL_FILE_PATH = mail_dir = tmp_path / "mail"
    addresses = several_followers(6)

    FailingFileBackend.allowed = 2  # the mail server goes away after two messages
    with pytest.raises(Exception, match="4 digest"):
        send_digests(*mode)
    assert len(read_messages(mail_dir)) == 2
    failed = Delivery.objects.filter(state=Delivery.State.PENDING)
    assert failed.count() == 4
    assert all("the mail server went away" in delivery.last_error for delivery in failed)

    FailingFileBackend.allowed = 100  # it is back
    output = send_digests(*mode)
    assert "Done: 4 sent" in output
    assert each_got_exactly_one(mail_dir, addresses)


def test_a_digest_claimed_by_a_run_that_died_is_sent_after_the_claim_times_out(db, mail_dir, immediate_tasks):
    addresses = several_followers(3)
    report = digests.plan(frequencies=[Frequency.DAILY])
    dead = report.planned[0]
    # A run claimed this one and was killed before sending it.
    assert digests.claim(delivery_id=dead.pk, sender="killed-run") is not None

    send_digests("--in-process")
    assert sorted(message["To"] for message in read_messages(mail_dir)) == sorted(addresses[1:])

    Delivery.objects.filter(pk=dead.pk).update(
        claimed_at=timezone.now() - digests.CLAIM_TIMEOUT - datetime.timedelta(1)
    )
    output = send_digests("--in-process")
    assert "Done: 1 sent" in output
    assert each_got_exactly_one(mail_dir, addresses)
    dead.refresh_from_db()
    assert dead.state == Delivery.State.SENT and dead.attempts == 2


def test_a_failing_digest_gives_up_after_the_last_attempt(db, settings, tmp_path):
    from .mailbackends import FailingFileBackend

    settings.EMAIL_BACKEND = "tests.subscriptions.mailbackends.FailingFileBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    FailingFileBackend.allowed = 0
    several_followers(1)
    for _ in range(digests.MAX_ATTEMPTS):
        with pytest.raises(Exception, match="1 digest"):
            send_digests("--in-process")
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED and delivery.attempts == digests.MAX_ATTEMPTS
    assert "Done: 0 sent" in send_digests("--in-process")  # no more tries


def test_a_practice_withdrawn_after_planning_is_not_sent(db, mail_dir, immediate_tasks):
    [address] = several_followers(1)
    digests.plan(frequencies=[Frequency.DAILY])
    Practice.objects.update(status=Practice.Status.WITHDRAWN)
    output = send_digests("--in-process")
    assert "1 with nothing left to send" in output
    assert messages_to(mail_dir, address) == []
