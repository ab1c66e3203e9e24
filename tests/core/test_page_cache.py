"""Anonymous pages come from the cache, and any change to the record shows at once."""

import io
import uuid

import pytest
from django.urls import reverse

from portal.countries.models import Country
from portal.forum.models import Participation
from portal.practices.models import Practice


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600


def test_an_anonymous_page_is_served_from_the_cache_the_second_time(
    client, mali, page_cache, django_assert_num_queries
):
    first = client.get("/countries/mli/")
    assert "X-Page-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get("/countries/mli/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_a_newly_published_practice_shows_at_once(client, page_cache):
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    mali = Country.objects.get(iso3="MLI")
    assert "Remittance bonds" not in client.get("/countries/mli/").content.decode()
    practice = Practice.objects.create(title="Remittance bonds", summary="S", status="published")
    practice.countries.add(mali)
    assert "Remittance bonds" in client.get("/countries/mli/").content.decode()


def assert_a_corrected_participation_shows_at_once(client) -> None:
    """Mali's profile, then a correction of its 2009 record: the next visit shows it."""
    from django.core.management import call_command

    call_command("load_reference_data", verbosity=0)
    call_command("import_page", "tests/data/mali.txt", stdout=io.StringIO())
    before = client.get("/countries/mli/").content.decode()
    record = Participation.objects.get(country__iso3="MLI", edition__label="2009")
    record.financial_contribution = "USD 1,000 to the 2009 budget"
    record.save()
    after = client.get("/countries/mli/").content.decode()
    assert "USD 1,000 to the 2009 budget" not in before
    assert "USD 1,000 to the 2009 budget" in after


@pytest.mark.django_db(transaction=True)
def test_a_corrected_participation_shows_at_once(client, page_cache):
    assert_a_corrected_participation_shows_at_once(client)


def test_signed_in_users_never_get_cached_pages(client, mali, page_cache, django_user_model):
    client.get("/countries/mli/")
    client.force_login(django_user_model.objects.create_user("u", "u@example.org", "pw"))
    response = client.get("/countries/mli/")
    assert "X-Page-Cache" not in response
    assert reverse("accounts:profile") in response.content.decode()


def test_a_visitor_served_a_cached_profile_can_subscribe_by_e_mail(mali, page_cache, settings):
    """The subscribe form on cached pages carries no CSRF token (it would be the first visitor's)."""
    from django.test import Client

    from portal.subscriptions.models import Subscription

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    Client(enforce_csrf_checks=True).get("/countries/mli/")  # fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/countries/mli/")
    assert page["X-Page-Cache"] == "hit"
    assert "csrfmiddlewaretoken" not in page.content.decode()
    response = visitor.post(
        "/subscriptions/new/", {"target": "country:MLI", "frequency": "weekly", "email": "reader@example.org"}
    )
    assert response.status_code == 200
    assert Subscription.objects.filter(email="reader@example.org").exists()


def test_a_page_holding_a_csrf_token_is_not_stored(mali, page_cache):
    """Safety net: should a public page ever render a token, it is served fresh, never from the cache.
    (The signed-in case, which needs the token, is tests/subscriptions/test_subscribe.py's.)"""
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse
    from django.middleware.csrf import get_token
    from django.test import RequestFactory

    from portal.core.page_cache import AnonymousPageCacheMiddleware

    middleware = AnonymousPageCacheMiddleware(lambda request: HttpResponse(get_token(request)))
    responses = []
    for _ in range(2):
        request = RequestFactory().get("/countries/")
        request.user = AnonymousUser()
        responses.append(middleware(request))
    assert "X-Page-Cache" not in responses[1]
    assert responses[0].content != responses[1].content


def test_a_hit_reads_the_cache_once_and_keeps_the_security_headers(client, mali, page_cache):
    from unittest import mock

    from django.core.cache import cache

    first = client.get("/countries/mli/")
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(cache, "get", wraps=cache.get) as get,
    ):
        hit = client.get("/countries/mli/")
    assert hit["X-Page-Cache"] == "hit"
    # One read of the generation and the page together (local memory's get_many gets each of the two).
    assert get_many.call_count == 1 and get.call_count == 2
    for header in ("Content-Security-Policy", "X-Frame-Options", "Referrer-Policy", "Content-Language"):
        assert hit[header] == first[header]


def test_a_visitor_with_a_session_cookie_is_not_served_from_the_cache(client, mali, page_cache, settings):
    client.get("/countries/mli/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    response = client.get("/countries/mli/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response


def test_each_query_string_is_a_page_of_its_own(client, mali, page_cache):
    client.get("/countries/mli/")
    response = client.get("/countries/mli/?page=2")
    assert "X-Page-Cache" not in response
    assert client.get("/countries/mli/?page=2")["X-Page-Cache"] == "hit"


# What refreshes the cached pages, and what does not: only what a public page shows.


@pytest.fixture
def amina(db):
    """A contributor whose name is in the byline of a published practice on the Mali profile."""
    from portal.accounts.models import User
    from tests.practices.conftest import verified

    return verified(
        User.objects.create_user("amina", "amina@example.org", "pw", first_name="Amina", last_name="DIALLO")
    )


@pytest.fixture
def bylined(mali, amina):
    practice = Practice.objects.create(title="Remittance bonds", summary="S", status="published", submitter=amina)
    practice.countries.add(mali)
    return practice


def cached_profile(client) -> str:
    """The Mali profile, fetched until it comes from the cache; its text."""
    client.get("/countries/mli/")
    response = client.get("/countries/mli/")
    assert response["X-Page-Cache"] == "hit"
    return response.content.decode()


def test_signing_in_does_not_refresh_the_cached_pages(
    client, bylined, amina, page_cache, django_capture_on_commit_callbacks
):
    from django.test import Client

    from portal.core.page_cache import generation

    cached_profile(client)
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(reverse("account_login"), {"login": "amina@example.org", "password": "pw"})
    assert response.status_code == 302
    assert generation() == before
    assert client.get("/countries/mli/")["X-Page-Cache"] == "hit"


def test_a_new_password_does_not_refresh_the_cached_pages(
    client, bylined, amina, page_cache, django_capture_on_commit_callbacks
):
    cached_profile(client)
    with django_capture_on_commit_callbacks(execute=True):
        amina.set_password("a new long passphrase")
        amina.save()
    assert client.get("/countries/mli/")["X-Page-Cache"] == "hit"


def test_changing_a_display_name_shows_at_once(client, bylined, amina, page_cache, django_capture_on_commit_callbacks):
    from django.test import Client

    assert "Submitted by <bdi>Amina DIALLO</bdi>" in cached_profile(client)
    own = Client()
    own.force_login(amina)
    with django_capture_on_commit_callbacks(execute=True):
        own.post(
            reverse("accounts:profile"),
            {"salutation": "Dr.", "first_name": "Amina", "last_name": "DIALLO", "language": "en"},
        )
    response = client.get("/countries/mli/")
    assert "X-Page-Cache" not in response
    assert "Submitted by <bdi>Dr. Amina DIALLO</bdi>" in response.content.decode()


def test_a_profile_saved_without_a_name_change_keeps_the_cached_pages(
    client, bylined, amina, page_cache, django_capture_on_commit_callbacks
):
    from django.test import Client

    cached_profile(client)
    own = Client()
    own.force_login(amina)
    with django_capture_on_commit_callbacks(execute=True):
        response = own.post(
            reverse("accounts:profile"),
            {"first_name": "Amina", "last_name": "DIALLO", "organisation": "Ministry of Finance", "language": "fr"},
        )
    assert response.status_code == 302
    assert client.get("/countries/mli/")["X-Page-Cache"] == "hit"


def test_deleting_a_submitter_shows_at_once(client, bylined, amina, page_cache, django_capture_on_commit_callbacks):
    assert "Submitted by <bdi>Amina DIALLO</bdi>" in cached_profile(client)
    with django_capture_on_commit_callbacks(execute=True):
        amina.delete()
    page = client.get("/countries/mli/").content.decode()
    assert "Amina DIALLO" not in page and "Submitted by <bdi>an unnamed contributor</bdi>" in page


def test_linking_a_practice_to_a_country_shows_at_once(
    client, mali, amina, page_cache, django_capture_on_commit_callbacks
):
    practice = Practice.objects.create(title="Remittance bonds", summary="S", status="published", submitter=amina)
    assert "Remittance bonds" not in cached_profile(client)
    with django_capture_on_commit_callbacks(execute=True):
        practice.countries.add(mali)  # a many-to-many link alone, no save of the practice
    assert "Remittance bonds" in client.get("/countries/mli/").content.decode()


def test_making_someone_a_focal_point_keeps_the_cached_pages(
    client, mali, amina, page_cache, django_capture_on_commit_callbacks
):
    cached_profile(client)
    with django_capture_on_commit_callbacks(execute=True):
        amina.focal_point_for.add(mali)
    assert client.get("/countries/mli/")["X-Page-Cache"] == "hit"


def test_a_subscription_and_a_digest_delivery_do_not_refresh_the_cached_pages(
    client, mali, page_cache, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from portal.subscriptions.models import Delivery, Subscription

    cached_profile(client)
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        subscription = Subscription.objects.create(email="reader@example.org", country=mali, confirmed_at=now)
        Delivery.objects.create(subscription=subscription, sequence=1, period="2026-W48", since=now, until=now)
    assert client.get("/countries/mli/")["X-Page-Cache"] == "hit"


def test_a_practice_approved_by_an_editor_shows_at_once(
    client, mali, amina, page_cache, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Permission

    from portal.accounts.models import User
    from portal.practices import services

    practice = Practice.objects.create(title="Remittance bonds", summary="S", status="submitted", submitter=amina)
    practice.countries.add(mali)
    editor = User.objects.create_user("editor", "editor@example.org", "pw", is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="change_practice"))
    assert "Remittance bonds" not in cached_profile(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(practice=practice, editor=User.objects.get(pk=editor.pk))
    assert "Remittance bonds" in client.get("/countries/mli/").content.decode()


# With the cache out of reach (Redis down), pages are served without it instead of failing.


def unreachable_cache():
    from django.test import override_settings

    from tests.core.test_healthz import closed_port, redis_cache

    return override_settings(CACHES=redis_cache(f"redis://127.0.0.1:{closed_port()}/0"))


def test_pages_are_served_uncached_when_the_cache_cannot_be_reached(client, mali, page_cache):
    # The editions page needs nothing else from the cache (a country profile also caches fragments,
    # portal/core/fragments.py, which have tests of their own).
    with unreachable_cache():
        responses = [client.get("/editions/") for _ in range(2)]
    assert [response.status_code for response in responses] == [200, 200]
    assert "X-Page-Cache" not in responses[1]


def test_a_change_made_while_the_cache_cannot_be_reached_is_kept(mali, page_cache, django_capture_on_commit_callbacks):
    record = Participation.objects.get(country__iso3="MLI", edition__label="2009")
    record.financial_contribution = "USD 1,000 to the 2009 budget"
    with unreachable_cache(), django_capture_on_commit_callbacks(execute=True):
        record.save()  # the refresh after the commit fails quietly (logged) instead of raising
    assert Participation.objects.get(pk=record.pk).financial_contribution == "USD 1,000 to the 2009 budget"


# Only the query parameters a page reads make pages of their own (issue 21: a flood of ?utm=<random>).


def cache_entries() -> int:
    from django.core.cache import cache

    return len(cache._cache)  # the tests' local-memory cache


def test_random_parameters_add_at_most_one_cache_entry(client, mali, page_cache):
    client.get("/countries/")  # the generation exists from here on
    before = cache_entries()
    for number in range(50):
        response = client.get(f"/countries/mli/?utm={number}-{uuid.uuid4().hex}")
        assert response.status_code == 302 and response["Location"] == "/countries/mli/"
        assert client.get(response["Location"]).status_code == 200
    assert cache_entries() - before <= 1


def test_unknown_parameters_are_dropped_and_known_ones_kept(client, mali, page_cache):
    response = client.get("/practices/?q=diaspora&utm_source=mail&theme=x&theme=y&page=2&fbclid=1")
    assert response.status_code == 302
    assert response["Location"] == "/practices/?q=diaspora&theme=x&theme=y&page=2"
    french = client.get("/fr/countries/mli/?page=2&utm_campaign=summit")
    assert french["Location"] == "/fr/countries/mli/?page=2"
    assert client.get("/map/?measure=x&edition=y&sort=z&w=1")["Location"] == "/map/?measure=x&edition=y&sort=z"


@pytest.mark.parametrize(
    "address",
    [
        "/practices/?q=diaspora",
        "/practices/?q=diaspora&region=Africa",
        "/practices/?q=diaspora&region=Africa&kind=government&sort=date",
        "/countries/?q=mal",
        "/participation/?region=Africa",
        "/map/?measure=meetings",
    ],
)
def test_a_page_with_its_own_parameters_is_cached_per_parameter_set(client, mali, page_cache, address):
    client.get("/countries/")
    before = cache_entries()
    first = client.get(address)
    assert first.status_code == 200 and "X-Page-Cache" not in first
    assert client.get(address)["X-Page-Cache"] == "hit"
    assert cache_entries() - before == 1


def test_signed_in_visitors_keep_their_parameters(client, mali, page_cache, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw"))
    assert client.get("/countries/mli/?utm=1").status_code == 200


def test_an_unknown_address_with_parameters_answers_404(client, page_cache, db):
    assert client.get("/countries/nowhere/at/all/?utm=1").status_code == 404


def test_every_cached_view_that_reads_query_parameters_declares_them():
    """Tests run with the page cache off: a view that read a parameter it did not declare would work
    here and lose that parameter in production (redirected away). Its body must not read them unseen."""
    import inspect

    from django.urls import URLResolver, get_resolver
    from django.utils import translation

    from portal.core.page_cache import CACHED_PREFIXES

    def views(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from views(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield "/" + prefix + str(pattern.pattern), pattern.callback

    undeclared = []
    with translation.override("en"):
        cached = [
            (route, view)
            for route, view in views(get_resolver().url_patterns)
            if route == "/" or route.startswith(CACHED_PREFIXES)
        ]
    for route, view in cached:
        body = inspect.getsource(inspect.unwrap(view)) if inspect.isfunction(inspect.unwrap(view)) else ""
        if "request.GET" in body and not hasattr(view, "page_params"):
            undeclared.append(route)
    assert len(cached) > 20
    assert undeclared == []
