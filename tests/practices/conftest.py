import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Permission

from portal.accounts.models import User
from tests.conftest import with_totp


@pytest.fixture
def mail_dir(settings, tmp_path):
    """Real message files, as the portal writes them by default (var/mail/), in a folder of the test's own.
    The e-mails are tasks: here they run as they are queued (a test still needs its transaction to
    commit, through ``django_capture_on_commit_callbacks(execute=True)``)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"


# What Django's file backend writes after each message.
MESSAGE_END = "\n" + "-" * 79 + "\n"


def read_mail(folder) -> list[str]:
    """Every message, oldest first (the file names do not sort by time). A file can hold several:
    the backend names its file after the second and its own id(), and two connections made in the
    same second may get the same id, so the second one appends to the first one's file."""
    if not folder.exists():
        return []
    paths = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns)
    return [message for path in paths for message in path.read_text(encoding="utf-8").split(MESSAGE_END) if message]


def mail_to(folder, address: str) -> list[str]:
    return [message for message in read_mail(folder) if f"\nTo: {address}\n" in message]


@pytest.fixture
def contributor(db):
    return verified(
        User.objects.create_user(
            "amina", "amina@example.org", "pw", first_name="Amina", last_name="DIALLO", salutation="Ms."
        )
    )


@pytest.fixture
def other_contributor(db):
    return verified(User.objects.create_user("other", "other@example.org", "pw"))


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True, first_name="Eda")
    user.user_permissions.add(Permission.objects.get(codename="change_practice"))
    return with_totp(User.objects.get(pk=user.pk))  # fresh, so the permission cache is empty


def verified(user: User) -> User:
    """A contributor: a user whose e-mail address is verified."""
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
