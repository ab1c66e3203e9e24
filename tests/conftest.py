import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from portal.countries.models import Country


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """Each test starts with an empty cache, and pages are not cached unless a test turns it on
    (tests/core/test_page_cache.py): query counts are the views' own."""
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def facet_sets_built_per_page(monkeypatch):
    """The facet sets follow the page cache's generation, which moves after a commit: tests, in a
    transaction never committed, build them for every page (tests/practices/test_facet_sets.py
    turns the keeping on)."""
    from portal.practices import facets

    monkeypatch.setattr(facets, "KEEP", False)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create and sign in many users; the default hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def back_to_english():
    """A request under /fr/ or /es/ leaves its language active in this thread: every test starts in English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


SEED = Path(__file__).parent / "data" / "mali.txt"


@pytest.fixture
def reference_data(db):
    call_command("load_reference_data", stdout=io.StringIO())


@pytest.fixture
def mali(reference_data):
    """The acceptance fixture: the old portal's Mali page, imported."""
    call_command("import_page", str(SEED), stdout=io.StringIO())
    return Country.objects.get(iso3="MLI")


def with_totp(user):
    """Turn on an authenticator app for a user: staff cannot use the portal without one."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def editor_api(db):
    """An API client holding an editor's token (the editor has the second factor staff must have).
    tests/api has its own, built on its ``editor`` fixture."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests import factories

    editor = with_totp(factories.user("editor", editor=True))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=editor).key}")
    return client


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's superuser, with the second factor that staff must have."""
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "password")
    return with_totp(user)
