"""The read replica serves anonymous page views only; everything else, and every read soon after a
write, goes to the primary.

The "replica" here is a second connection to the test database itself (as Django's test MIRROR
would give): both hold the same rows, so a page renders the same on either, and what tells them
apart is which connection ran the queries. The tests commit their data (transactional tests): in
a test wrapped in a transaction the primary is always inside an atomic block, which keeps every
read on the primary by design, and a second connection would not see uncommitted rows anyway.
"""

import pytest
from django.core.cache import cache
from django.db import connections, router, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from portal.core.replica import (
    RECENT_WRITE_KEY,
    ReplicaReadsMiddleware,
    stop_watching_writes,
    written_lately,
)
from portal.core.routers import ReplicaRouter
from portal.countries.models import Country

# The tests use the "replica" alias, which the fixture below adds (Django refuses connections to
# aliases a test has not declared, and the declared ones must exist before the test starts).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """A "replica" database alias: a second connection to the test database, declared as its MIRROR,
    which is what Django's test runner makes of a replica configured in the settings. Module-scoped
    so that it exists before each test's database set-up checks the aliases it declares."""
    primary = connections["default"].settings_dict
    connections.settings["replica"] = {**primary, "TEST": {**primary["TEST"], "MIRROR": "default"}}
    yield
    with django_db_blocker.unblock():
        connections["replica"].close()
    del connections["replica"]
    del connections.settings["replica"]


@pytest.fixture
def with_replica(replica_alias, transactional_db, settings):
    """The replica alias and the replica router, as DATABASE_REPLICA_URL would configure them."""
    settings.DATABASE_ROUTERS = ["portal.core.routers.ReplicaRouter"]
    yield
    stop_watching_writes()


@pytest.fixture
def mali(with_replica) -> Country:
    """A committed country record (not the imported page of tests/conftest.py: less to flush)."""
    country = Country.objects.create(iso2="ML", iso3="MLI", name="Mali", region="Africa")
    lag_passed()
    return country


def lag_passed() -> None:
    """As if REPLICA_LAG_SECONDS had gone by since the last write."""
    cache.delete(RECENT_WRITE_KEY)


def queries_on_each(client_call) -> tuple[int, int, HttpResponse]:
    """Run a request and count the queries that the primary and the replica answered."""
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as secondary,
    ):
        response = client_call()
    return len(primary), len(secondary), response


def test_an_anonymous_page_view_reads_the_replica(client, mali):
    on_primary, on_replica, response = queries_on_each(lambda: client.get("/countries/mli/"))
    assert response.status_code == 200
    assert "Mali" in response.content.decode()
    assert on_replica > 0
    assert on_primary == 0


def test_an_anonymous_page_view_soon_after_a_write_reads_the_primary(client, mali):
    mali.background = "Changed a moment ago."
    mali.save()
    on_primary, on_replica, response = queries_on_each(lambda: client.get("/countries/mli/"))
    assert "Changed a moment ago." in response.content.decode()
    assert on_replica == 0
    assert on_primary > 0


def test_the_page_cached_right_after_a_change_is_built_from_the_primary(client, mali, settings):
    """The page cache refreshes on the change; the page it then stores (for PAGE_CACHE_SECONDS)
    must hold the change, so it is not built from a replica that may not have it yet."""
    settings.PAGE_CACHE_SECONDS = 600
    client.get("/countries/mli/")
    mali.background = "Changed a moment ago."
    mali.save()
    on_primary, on_replica, response = queries_on_each(lambda: client.get("/countries/mli/"))
    assert (on_primary > 0, on_replica) == (True, 0)
    assert "Changed a moment ago." in response.content.decode()
    assert "Changed a moment ago." in client.get("/countries/mli/").content.decode()


def test_a_signed_in_visitor_reads_the_primary(client, mali, django_user_model):
    client.force_login(django_user_model.objects.create_user("reader", "reader@example.org", "pw"))
    lag_passed()  # signing in wrote last_login; the session cookie alone must keep reads on the primary
    on_primary, on_replica, response = queries_on_each(lambda: client.get("/countries/mli/"))
    assert response.status_code == 200
    assert on_replica == 0
    assert on_primary > 0


def test_a_post_reads_the_primary(client, mali, django_user_model):
    django_user_model.objects.create_user("someone", "someone@example.org", "pw")
    lag_passed()
    on_primary, on_replica, _ = queries_on_each(
        lambda: client.post("/accounts/login/", {"login": "someone@example.org", "password": "wrong"})
    )
    assert on_replica == 0
    assert on_primary > 0


def test_an_api_request_with_a_token_reads_the_primary(client, mali):
    on_primary, on_replica, _ = queries_on_each(
        lambda: client.get("/api/v1/countries/mli/", HTTP_AUTHORIZATION="Token not-a-real-one")
    )
    assert on_replica == 0
    assert on_primary > 0


def test_an_anonymous_api_read_uses_the_replica(client, mali):
    on_primary, on_replica, response = queries_on_each(lambda: client.get("/api/v1/countries/mli/"))
    assert response.json()["iso3"] == "MLI"
    assert (on_primary, on_replica > 0) == (0, True)


def anonymous_get() -> HttpRequest:
    return RequestFactory().get("/countries/")


def test_reads_inside_a_transaction_stay_on_the_primary_even_in_an_anonymous_view(with_replica):
    seen = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen["outside"] = router.db_for_read(Country)
        with transaction.atomic():
            seen["inside"] = router.db_for_read(Country)
        return HttpResponse()

    ReplicaReadsMiddleware(view)(anonymous_get())
    assert seen == {"outside": "replica", "inside": "default"}


def test_reads_outside_any_request_go_to_the_primary(with_replica):
    """Management commands and the task worker: no request ever allowed the replica."""
    assert router.db_for_read(Country) == "default"
    assert router.db_for_write(Country) == "default"


def test_the_permission_ends_with_the_request_even_when_the_view_fails(with_replica):
    def failing_view(request: HttpRequest) -> HttpResponse:
        assert router.db_for_read(Country) == "replica"
        raise RuntimeError("the view broke")

    with pytest.raises(RuntimeError):
        ReplicaReadsMiddleware(failing_view)(anonymous_get())
    assert router.db_for_read(Country) == "default"


def test_a_write_keeps_reads_on_the_primary_from_the_moment_it_is_made(with_replica):
    """Before its commit already: the page cache refreshes on commit, and the page built right
    after must not come from the replica."""
    with transaction.atomic():
        Country.objects.create(iso2="SN", iso3="SEN", name="Senegal")
        assert written_lately()


def test_the_lag_is_counted_from_the_commit(with_replica):
    """A transaction that took longer than the lag: the replica receives its writes only at the commit."""
    with transaction.atomic():
        Country.objects.create(iso2="SN", iso3="SEN", name="Senegal")
        lag_passed()
        assert not written_lately()
    assert written_lately()


def test_a_lag_of_zero_seconds_lets_anonymous_reads_use_the_replica_at_once(with_replica, settings):
    settings.REPLICA_LAG_SECONDS = 0
    Country.objects.create(iso2="SN", iso3="SEN", name="Senegal")
    assert not written_lately()


def test_writes_are_noted_as_they_are_made_only_where_the_replica_router_is_installed(with_replica):
    """The router connects the receivers that note a write at once; without a replica there is no
    router, and a save costs no cache write. (The commit is noted by the page cache's refresh.)"""
    stop_watching_writes()
    with transaction.atomic():
        Country.objects.create(iso2="SN", iso3="SEN", name="Senegal")
        assert not written_lately()
    assert written_lately()  # noted with the page cache's refresh, after the commit
    lag_passed()
    ReplicaRouter()
    with transaction.atomic():
        Country.objects.create(iso2="GM", iso3="GMB", name="Gambia")
        assert written_lately()


def test_the_page_cache_notes_the_write_before_it_moves_the_generation_on(with_replica):
    """From the moment the new generation exists, no request may build its pages from the replica."""
    from portal.core.page_cache import GENERATION_KEY, bump_generation

    seen = []
    original_incr = cache.incr

    def incr(key, *args, **kwargs):
        if key == GENERATION_KEY:
            seen.append(written_lately())
        return original_incr(key, *args, **kwargs)

    cache.set(GENERATION_KEY, 1, timeout=None)
    cache.incr = incr
    try:
        bump_generation()
    finally:
        cache.incr = original_incr
    assert seen == [True]


def test_a_request_allowed_the_replica_stores_its_fragments_under_the_generation_it_started_with(
    with_replica, mali, settings
):
    """A change committed while the page is being built moves the generation on: what was built
    from the replica, which may not have the change yet, must not be stored for the new one."""
    from portal.core.page_cache import bump_generation, generation
    from portal.core.replica import fragment_generation

    started = generation()
    seen = []

    def view(request: HttpRequest) -> HttpResponse:
        bump_generation()  # an editor's change, committed in another process meanwhile
        lag_passed()
        seen.append(fragment_generation())
        return HttpResponse("ok")

    ReplicaReadsMiddleware(view)(RequestFactory().get("/countries/mli/"))
    assert seen == [started]
    assert generation() == started + 1
    assert fragment_generation() == started + 1  # outside that request: the current one
