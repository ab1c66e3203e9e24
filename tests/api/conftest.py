import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.accounts.models import User
from portal.practices.models import Practice
from tests import factories
from tests.conftest import with_totp


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    """Each test starts with no request counted against the anonymous rate (it lives in the cache)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mali_on_record(reference_data):
    """Mali with a participation and a published practice, built directly (no page import): enough for
    tests about how the API answers, not about what the importer reads."""
    factories.participation("MLI", "2019", delegates="Mr. A")
    factories.practice("Diaspora bonds", countries=["MLI"])
    return factories.country("MLI")


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True, first_name="Eda")
    user.groups.add(Group.objects.get(name="Editors"))
    with_totp(user)  # staff without a second factor are refused by the API as by the site
    return User.objects.get(pk=user.pk)


@pytest.fixture
def editor_api(editor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def contributor(db):
    return User.objects.create_user("amina", "amina@example.org", "pw", first_name="Amina", last_name="DIALLO")


@pytest.fixture
def contributor_api(contributor):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=contributor).key}")
    return client


@pytest.fixture
def secret_practices(mali, contributor):
    """Beside Mali's published practices: a draft, a rejected entry, and a published one with a contact."""
    draft = Practice.objects.create(
        title="Draft about remittances",
        summary="Not ready.",
        status=Practice.Status.DRAFT,
        submitter=contributor,
        contact_email="draft-contact@example.org",
    )
    rejected = Practice.objects.create(
        title="Rejected entry", summary="No.", status=Practice.Status.REJECTED, submitter=contributor
    )
    public = Practice.objects.create(
        title="Diaspora bonds in Mali",
        summary="A published entry with a contact.",
        status=Practice.Status.PUBLISHED,
        submitter=contributor,
        contact_name="Secret Person",
        contact_email="secret-contact@example.org",
        contact_phone="+223 555",
    )
    public.countries.add(mali)
    return {"draft": draft, "rejected": rejected, "public": public}
