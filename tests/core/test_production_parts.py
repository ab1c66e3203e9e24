"""The production parts that this machine can run: Redis as the cache, the replica router."""

import socket

import pytest
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpResponse

from portal.core.cache import RedisCache
from portal.core.replica import ReplicaReadsMiddleware, replica_configured
from portal.core.routers import ReplicaRouter
from portal.countries.models import Country
from tests.core.test_replica import stop_watching_writes


def redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379 (a laptop needs none)")
def test_redis_cache_keeps_and_counts_the_page_generation():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set("portal:page-generation", 1)
    assert cache.incr("portal:page-generation") == 2
    cache.delete("portal:page-generation")


@pytest.mark.skipif(not redis_is_running(), reason="no Redis server on 127.0.0.1:6379 (a laptop needs none)")
def test_redis_cache_reuses_one_client_and_reads_many_keys_at_once():
    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set_many({"portal:test-a": ("page", 1), "portal:test-b": 2})
    assert cache.get_many(["portal:test-a", "portal:test-b", "portal:test-none"]) == {
        "portal:test-a": ("page", 1),
        "portal:test-b": 2,
    }
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete_many(["portal:test-a", "portal:test-b"])


def test_replica_router_reads_and_writes_the_primary_unless_a_request_allows_the_replica():
    """Outside a request that allowed it (tests/core/test_replica.py), the router reads the primary."""
    router = ReplicaRouter()
    stop_watching_writes()
    assert router.db_for_read(Country) == "default"
    assert router.db_for_write(Country) == "default"
    assert router.allow_migrate("replica", "countries") is False
    assert router.allow_migrate("default", "countries") is True


def test_without_a_replica_the_replica_middleware_steps_aside():
    """MiddlewareNotUsed: Django leaves it out of the chain, so it costs nothing per request."""
    assert not replica_configured()
    with pytest.raises(MiddlewareNotUsed):
        ReplicaReadsMiddleware(lambda request: HttpResponse())
