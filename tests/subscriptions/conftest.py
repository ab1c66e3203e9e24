import datetime
import email
import email.policy
from email.message import EmailMessage

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.accounts.models import User
from portal.countries.models import Country
from portal.practices.models import Practice, Transition

SEPARATOR = b"\n" + b"-" * 79 + b"\n"  # what Django's file backend writes after each message


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mail_dir(settings, tmp_path):
    """Real message files, as the portal writes them by default (var/mail/), in the test's own folder."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


@pytest.fixture
def immediate_tasks(settings):
    """Tasks run as they are enqueued, in this process (the flows; the worker has a test of its own)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def read_messages(folder) -> list[EmailMessage]:
    """Every message in the folder's files (one file may hold several: the backend appends)."""
    if not folder.exists():
        return []
    messages = []
    for path in sorted(folder.iterdir(), key=lambda path: (path.stat().st_mtime_ns, path.name)):
        for chunk in path.read_bytes().split(SEPARATOR):
            if chunk.strip():
                messages.append(email.message_from_bytes(chunk, policy=email.policy.default))
    return messages


def messages_to(folder, address: str) -> list[EmailMessage]:
    return [message for message in read_messages(folder) if message["To"] == address]


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def publish(practice: Practice, *, at: datetime.datetime) -> Practice:
    """Publish as moderation does: the state, and the step that records when."""
    Transition.objects.create(
        practice=practice, from_status=practice.status, to_status=Practice.Status.PUBLISHED, created_at=at
    )
    practice.status = Practice.Status.PUBLISHED
    practice.save()
    return practice


def new_practice(title: str, *, country: Country | None = None, status=Practice.Status.DRAFT, **tags) -> Practice:
    practice = Practice.objects.create(title=title, summary=f"Summary of {title}.", status=status)
    if country is not None:
        practice.countries.add(country)
    for name, values in tags.items():
        getattr(practice, name).add(*values)
    return practice


@pytest.fixture
def mali_last_month(mali):
    """Mali's page as imported a month ago: its practices are old news for today's subscribers."""
    Practice.objects.update(created_at=ago(days=30))
    return mali


@pytest.fixture
def amina(db):
    return User.objects.create_user("amina", "amina@example.org", "pw", first_name="Amina", last_name="DIALLO")
