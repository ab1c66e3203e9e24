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


def read_mail(folder) -> list[str]:
    """Every message file, oldest first (the file names do not sort by time)."""
    if not folder.exists():
        return []
    paths = sorted(folder.iterdir(), key=lambda path: path.stat().st_mtime_ns)
    return [path.read_text(encoding="utf-8") for path in paths]


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
